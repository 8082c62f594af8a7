// WhereLoop: rows in ORDER BY order and covering indexes, chosen once the loop order is fixed
// (see where_coder.h).
#include <algorithm>
#include <cctype>

#include "codegen/where_coder.h"

namespace simlite::codegen {

int LogEst(uint64_t x) {
  static constexpr int kFraction[] = {0, 2, 3, 5, 6, 7, 8, 9};
  if (x < 2) return 0;
  int y = 40;
  if (x < 8) {
    while (x < 8) {
      y -= 10;
      x <<= 1;
    }
  } else {
    while (x > 255) {
      y += 40;
      x >>= 4;
    }
    while (x > 15) {
      y += 10;
      x >>= 1;
    }
  }
  return kFraction[x & 7] + y - 10;
}

namespace {

size_t FindNoCase(std::string_view text, std::string_view word) {
  for (size_t start = 0; start + word.size() <= text.size(); start++) {
    bool same = true;
    for (size_t i = 0; i < word.size() && same; i++) {
      same = std::tolower(static_cast<unsigned char>(text[start + i])) == word[i];
    }
    if (same) return start;
  }
  return std::string_view::npos;
}

// The estimated size of a column's values, an integer being 1 (SQLite's szEst): 1 for numeric
// and untyped columns; for text and blob types, a quarter of a size written in the type plus
// one (VARCHAR(100) is 26), else 5.
int ColumnWidth(const Column& column) {
  if (column.type.empty() ||
      (column.affinity != Affinity::kText && column.affinity != Affinity::kBlob)) {
    return 1;
  }
  const std::string_view type = column.type;
  size_t digits_from = std::string_view::npos;
  const size_t char_at = FindNoCase(type, "char");
  if (column.affinity == Affinity::kText && char_at != std::string_view::npos) {
    digits_from = char_at + 4;
  } else if (column.affinity == Affinity::kBlob) {
    const size_t blob_at = FindNoCase(type, "blob");
    if (blob_at != std::string_view::npos && blob_at + 4 < type.size() &&
        type[blob_at + 4] == '(') {
      digits_from = blob_at + 4;
    }
  }
  int64_t size = 16;
  if (digits_from != std::string_view::npos) {
    size = 0;
    size_t at = digits_from;
    while (at < type.size() && !std::isdigit(static_cast<unsigned char>(type[at]))) at++;
    while (at < type.size() && std::isdigit(static_cast<unsigned char>(type[at])) &&
           size < 100000) {
      size = size * 10 + (type[at++] - '0');
    }
  }
  return static_cast<int>(std::min<int64_t>(size / 4 + 1, 255));
}

int TableWidth(const Table& table) {
  uint64_t width = table.rowid_alias < 0 ? 1 : 0;
  for (const Column& column : table.columns) width += static_cast<uint64_t>(ColumnWidth(column));
  return LogEst(width * 4);
}

// The table columns of an index's fields (the rowid alias as kRowidColumn), then the rowid.
std::vector<int> IndexFields(const Table& table, const Index& index) {
  std::vector<int> fields;
  for (const IndexColumn& index_column : index.columns) {
    fields.push_back(index_column.column == table.rowid_alias ? kRowidColumn
                                                              : index_column.column);
  }
  fields.push_back(kRowidColumn);
  return fields;
}

}  // namespace

int IndexWidth(const Table& table, const Index& index) {
  uint64_t width = 1;  // the rowid
  for (const IndexColumn& index_column : index.columns) {
    width += index_column.column >= 0
                 ? static_cast<uint64_t>(ColumnWidth(table.columns[static_cast<size_t>(
                       index_column.column)]))
                 : 1;
  }
  return LogEst(width * 4);
}

int IndexReadCost(const Table& table, const Index& index) {
  return 15 * IndexWidth(table, index) / std::max(1, TableWidth(table));
}

// True when every column the query may read of `item` is in `index`.
bool Covers(const FromItem& item, const Index& index) {
  if (!item.usage_known || index.where != nullptr) return false;
  for (size_t column_idx = 0; column_idx < item.used_columns.size(); column_idx++) {
    if (!item.used_columns[column_idx]) continue;
    const int column = static_cast<int>(column_idx);
    if (column == item.table->rowid_alias) continue;
    bool found = false;
    for (const IndexColumn& index_column : index.columns) found |= index_column.column == column;
    if (!found) return false;
  }
  return true;
}


Rc WhereLoop::FindOrderItem() {
  order_item_ = -1;
  if (order_.empty()) return Rc::kOk;
  for (size_t item_idx = 0; item_idx < items_->size() && order_item_ < 0; item_idx++) {
    int column = -3;
    SIMLITE_TRY(ItemColumn(order_[0].expr, static_cast<int>(item_idx), &column));
    if (column != -3) order_item_ = static_cast<int>(item_idx);
  }
  return Rc::kOk;
}

// How many leading `terms` the rows of `level` come out sorted by (as the outermost loop),
// whether the loop must run backwards for that, and whether it helps a sort (rows that tie on
// the sort key come out in the order SQLite's plan gives them). The loop delivers rows sorted by a sequence of
// columns (the rowid; an index's columns after its equalities, then the rowid); each column in
// turn must match a term not matched yet (for ORDER BY, the first one); a term on a column an
// equality pins matches wherever it is.
Rc WhereLoop::OrderDelivered(const Level& level, const std::vector<OrderTerm>& terms,
                             OrderKind kind, bool* reverse, int* count, bool* helps) {
  *reverse = false;
  *count = 0;
  *helps = false;
  const FromItem& item = (*items_)[static_cast<size_t>(level.item)];
  if (item.table == nullptr || terms.empty()) return Rc::kOk;
  const int all = static_cast<int>(terms.size());
  std::vector<int> fixed;     // columns an equality pins
  std::vector<int> sequence;  // the columns rows are sorted by, in order
  // Per sequence column: its index column (null for the rowid), and whether it may be NULL.
  std::vector<const IndexColumn*> index_columns;
  std::vector<bool> may_be_null;
  // An IN list's column comes in the order of the list's transient index: ascending.
  std::vector<IndexColumn> in_columns;
  switch (level.access) {
    case Access::kScan:
    case Access::kRowidRange:
      sequence.push_back(kRowidColumn);
      index_columns.push_back(nullptr);
      may_be_null.push_back(false);
      break;
    case Access::kRowidEq:
      if (!level.eq_terms[0]->in_list) {
        if (levels_.size() == 1) *count = all;  // at most one row
        return Rc::kOk;
      }
      sequence.push_back(kRowidColumn);
      index_columns.push_back(nullptr);
      may_be_null.push_back(false);
      break;
    case Access::kIndex: {
      const std::vector<int> fields = IndexFields(*item.table, *level.index);
      const size_t eq_count = level.eq_terms.size();
      in_columns.reserve(eq_count);
      for (size_t field = 0; field < fields.size(); field++) {
        const IndexColumn* index_column =
            field < level.index->columns.size() ? &level.index->columns[field] : nullptr;
        if (index_column != nullptr && index_column->column == kExpressionColumn) break;
        const bool in_list = field < eq_count && level.eq_terms[field]->in_list;
        if (field < eq_count && !in_list) {
          fixed.push_back(fields[field]);
          continue;
        }
        if (in_list) {
          in_columns.push_back(*index_column);
          in_columns.back().descending = false;
          index_column = &in_columns.back();
        }
        sequence.push_back(fields[field]);
        index_columns.push_back(index_column);
        may_be_null.push_back(!in_list && index_column != nullptr);
      }
      break;
    }
    case Access::kAutoIndex:
      return Rc::kOk;
  }
  std::vector<int> term_columns(terms.size(), -3);
  std::vector<bool> matched(terms.size(), false);
  for (size_t term_idx = 0; term_idx < terms.size(); term_idx++) {
    SIMLITE_TRY(ItemColumn(terms[term_idx].expr, level.item, &term_columns[term_idx]));
    matched[term_idx] = term_columns[term_idx] != -3 &&
                        std::find(fixed.begin(), fixed.end(), term_columns[term_idx]) !=
                            fixed.end();
  }
  bool direction_known = false;
  for (size_t position = 0; position < sequence.size(); position++) {
    const int column = sequence[position];
    const IndexColumn* index_column = index_columns[position];
    int found = -1;
    for (size_t term_idx = 0; term_idx < terms.size() && found < 0; term_idx++) {
      if (matched[term_idx]) continue;
      const OrderTerm& term = terms[term_idx];
      const bool same = term_columns[term_idx] == column &&
                        (index_column == nullptr || index_column->collation == term.collation);
      if (same) found = static_cast<int>(term_idx);
      if (kind == OrderKind::kOrderBy) break;  // only the first term not matched
    }
    if (found < 0) break;
    const OrderTerm& term = terms[static_cast<size_t>(found)];
    if (kind == OrderKind::kOrderBy) {
      const bool backwards =
          term.descending != (index_column != nullptr && index_column->descending);
      if (direction_known && backwards != *reverse) break;
      *reverse = backwards;
      direction_known = true;
      // NULLS FIRST / LAST against the index's placement: the scan still orders the other
      // values (a stable sort then moves the NULLs), but the term is not satisfied.
      if (may_be_null[position] && term.nulls_first == term.descending) {
        *helps = true;
        break;
      }
    }
    matched[static_cast<size_t>(found)] = true;
    // The rowid is unique: with one loop, no two rows tie on what follows.
    if (column == kRowidColumn && levels_.size() == 1) matched.assign(terms.size(), true);
    if (column == kRowidColumn) break;
  }
  while (*count < all && matched[static_cast<size_t>(*count)]) ++*count;
  *helps = *helps || *count > 0;
  return Rc::kOk;
}

// When the outermost loop is a scan or a range, and the order is not what it delivers, a full
// scan of an index that delivers the leading order terms (SQLite prefers skipping the sort to
// a range without statistics): a covering one first, then the one sorting more terms, then
// the narrowest, then the newest.
Rc WhereLoop::ChooseOrderIndex(Level* level) {
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  if (item.table == nullptr || item.table->without_rowid || NotIndexed(item) ||
      forced_[static_cast<size_t>(level->item)] != nullptr) {
    return Rc::kOk;
  }
  if (level->access == Access::kRowidEq || level->access == Access::kAutoIndex ||
      (level->access == Access::kIndex && !level->eq_terms.empty())) {
    return Rc::kOk;
  }
  Level best;
  int best_count = 0;
  bool best_covering = false;
  int best_width = 0;
  for (const Index* index : item.table->indexes) {
    if (index->where != nullptr || !IndexCollationsDefined(ctx_->schema(), *index)) continue;
    Level candidate;
    candidate.item = level->item;
    candidate.placed = level->placed;
    candidate.cost = level->cost;
    candidate.access = Access::kIndex;
    candidate.index = index;
    int count = 0;
    bool helps = false;
    SIMLITE_TRY(
        OrderDelivered(candidate, order_, order_kind_, &candidate.reverse, &count, &helps));
    if (!helps) continue;
    const bool covering = Covers(item, *index);
    const int width = IndexWidth(*item.table, *index);
    const bool better = best.index == nullptr || (covering && !best_covering) ||
                        (covering == best_covering &&
                         (count > best_count || (count == best_count && width <= best_width)));
    if (!better) continue;
    best = std::move(candidate);
    best_count = count;
    best_covering = covering;
    best_width = width;
  }
  if (best.index == nullptr) return Rc::kOk;
  *level = std::move(best);
  level->ordered = true;
  order_satisfied_ = best_count;
  return Rc::kOk;
}

Rc WhereLoop::PlanOrder() {
  order_satisfied_ = 0;
  if (order_kind_ == OrderKind::kDistinct) {
    // A DISTINCT that cannot find duplicates does not ask for an order (SQLite's
    // isDistinctRedundant comes before planning).
    bool redundant = false;
    SIMLITE_TRY(DistinctRedundant(order_, &redundant));
    if (redundant) order_.clear();
  }
  if (order_.empty() || levels_.empty()) return Rc::kOk;
  Level& level = levels_[0];
  int count = 0;
  bool helps = false;
  SIMLITE_TRY(OrderDelivered(level, order_, order_kind_, &level.reverse, &count, &helps));
  order_satisfied_ = count;
  level.ordered = helps;
  if (!helps) {
    level.reverse = false;
    SIMLITE_TRY(ChooseOrderIndex(&level));
  }
  return Rc::kOk;
}

Rc WhereLoop::DistinctOrdered(const std::vector<OrderTerm>& terms, bool* ordered) {
  *ordered = false;
  if (levels_.size() != 1 || terms.empty()) return Rc::kOk;
  bool reverse = false;
  int count = 0;
  bool helps = false;
  SIMLITE_TRY(
      OrderDelivered(levels_[0], terms, OrderKind::kDistinct, &reverse, &count, &helps));
  *ordered = count == static_cast<int>(terms.size());
  return Rc::kOk;
}

// One table, and among the terms its rowid, or every column of a unique index (each NOT NULL
// or pinned by an equality): SQLite's isDistinctRedundant.
Rc WhereLoop::DistinctRedundant(const std::vector<OrderTerm>& terms, bool* redundant) {
  *redundant = false;
  if (items_->size() != 1 || (*items_)[0].table == nullptr) return Rc::kOk;
  const Table& table = *(*items_)[0].table;
  std::vector<int> columns;
  for (const OrderTerm& term : terms) {
    int column = -3;
    SIMLITE_TRY(ItemColumn(term.expr, 0, &column));
    if (column == kRowidColumn) {
      *redundant = true;
      return Rc::kOk;
    }
    columns.push_back(column);
  }
  for (const Index* index : table.indexes) {
    if (!index->unique || index->where != nullptr) continue;
    bool all = true;
    for (const IndexColumn& index_column : index->columns) {
      const int column = index_column.column;
      bool pinned = false;
      for (const Term& term : terms_) {
        pinned = pinned || (column >= 0 && UsableEquality(term, 0, column, 0) != nullptr);
      }
      if (pinned) continue;
      bool listed = false;
      for (size_t term_idx = 0; term_idx < terms.size(); term_idx++) {
        listed = listed || (columns[term_idx] == column &&
                            terms[term_idx].collation == index_column.collation);
      }
      const bool not_null =
          column == kRowidColumn ||
          (column >= 0 && table.columns[static_cast<size_t>(column)].not_null);
      all = all && listed && not_null;
    }
    if (all) {
      *redundant = true;
      return Rc::kOk;
    }
  }
  return Rc::kOk;
}

// Index-only reads: an index lookup or scan whose index holds every column read; a full table
// scan turned into a scan of the narrowest covering index narrower than the table; an
// automatic index made to hold every column read (SQLite's automatic covering index).
void WhereLoop::PlanCovering(Level* level) {
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  if (item.table == nullptr) return;
  const Table& table = *item.table;
  switch (level->access) {
    case Access::kIndex:
      level->covering = !item.usage_costs_only && Covers(item, *level->index);
      break;
    case Access::kScan: {
      if (level->ordered || table.without_rowid || !item.usage_known || item.usage_costs_only ||
          NotIndexed(item)) {
        return;
      }
      // SQLite's full scan of a covering index narrower than the table costs rSize + 1 +
      // IndexReadCost against the table's rSize + 16; of equal costs the first in its list
      // (the newest index) wins.
      const int table_width = TableWidth(table);
      const Index* best = nullptr;
      int best_cost = 0;
      for (auto index_it = table.indexes.rbegin(); index_it != table.indexes.rend(); ++index_it) {
        const Index* index = *index_it;
        if (!Covers(item, *index) || !IndexCollationsDefined(ctx_->schema(), *index)) continue;
        if (IndexWidth(table, *index) >= table_width) continue;
        const int cost = IndexReadCost(table, *index);
        if (best == nullptr || cost < best_cost) {
          best = index;
          best_cost = cost;
        }
      }
      if (best == nullptr) return;
      level->access = Access::kIndex;
      level->index = best;
      level->covering = true;
      break;
    }
    case Access::kAutoIndex: {
      level->index_columns = {level->auto_column};
      for (size_t column_idx = 0; column_idx < table.columns.size(); column_idx++) {
        const int column = static_cast<int>(column_idx);
        if (column == level->auto_column) continue;
        if (item.usage_known && !item.usage_costs_only && !item.used_columns[column_idx]) {
          continue;
        }
        level->index_columns.push_back(column == table.rowid_alias ? kRowidColumn : column);
      }
      level->index_columns.push_back(kRowidColumn);
      level->covering = true;
      return;
    }
    default:
      return;
  }
  if (level->covering) level->index_columns = IndexFields(table, *level->index);
}

}  // namespace simlite::codegen
