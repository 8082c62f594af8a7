// WhereLoop: term analysis, loop order, access paths and loop emission (see where_coder.h).
#include "codegen/where_coder.h"

#include "codegen/expr_walk.h"

namespace simlite::codegen {

using parser::Expr;
using parser::ExprKind;

namespace {

// Estimated rows an access path visits per outer row, on a log scale like SQLite's LogEst
// (10 * log2(rows)); without statistics a table is taken to hold a million rows.
constexpr int kCostRowidEq = 0;
constexpr int kCostUniqueEq = 1;
constexpr int kCostIndexEq = 33;
constexpr int kCostIndexRange = 110;  // an index range with no equality before it
constexpr int kCostAutoIndex = 40;
constexpr int kCostRowidRange = 150;
constexpr int kCostScan = 200;

}  // namespace

void WhereLoop::SplitAnd(const Expr* expr, int on_item) {
  if (expr->kind == ExprKind::kBinary && expr->As<parser::BinaryExpr>()->op == BinaryOp::kAnd) {
    SplitAnd(expr->As<parser::BinaryExpr>()->left, on_item);
    SplitAnd(expr->As<parser::BinaryExpr>()->right, on_item);
    return;
  }
  Term term;
  term.expr = expr;
  term.on_item = on_item;
  terms_.push_back(term);
}

Rc WhereLoop::TermMask(const Expr* expr, uint64_t* mask) {
  const size_t item_count = items_->size();
  return WalkExpr(expr, [&](const Expr* node, bool* descend) -> Rc {
    if (node->kind == ExprKind::kExists || node->kind == ExprKind::kSubquery ||
        (node->kind == ExprKind::kIn &&
         node->As<parser::InExpr>()->form != parser::InForm::kList)) {
      // A subquery may name any table of this query: test it once all are positioned.
      *mask |= item_count >= 64 ? ~uint64_t{0} : (uint64_t{1} << item_count) - 1;
    }
    if (node->kind != ExprKind::kColumn) return Rc::kOk;
    *descend = false;
    ColumnRef ref;
    SIMLITE_TRY(ResolveColumn(ctx_, coder_->names(), *node->As<parser::ColumnExpr>(), &ref));
    if (ref.kind == ColumnRef::Kind::kAlias && ref.depth == 0) return TermMask(ref.alias, mask);
    if (ref.depth == 0 &&
        (ref.kind == ColumnRef::Kind::kColumn || ref.kind == ColumnRef::Kind::kRowid)) {
      *mask |= uint64_t{1} << ref.item;
    }
    return Rc::kOk;
  });
}

Rc WhereLoop::CollectTerms(const Expr* where) {
  if (items_->size() > 64) return ctx_->Error("at most 64 tables in a join");
  if (where != nullptr) SplitAnd(where, -1);
  for (size_t item_idx = 0; item_idx < items_->size(); item_idx++) {
    const FromItem& item = (*items_)[item_idx];
    const int on_item = item.left_join ? static_cast<int>(item_idx) : -1;
    for (const Expr* join_term : item.join_terms) SplitAnd(join_term, on_item);
    if (item.ref != nullptr && item.ref->on != nullptr) SplitAnd(item.ref->on, on_item);
  }
  for (Term& term : terms_) {
    SIMLITE_TRY(TermMask(term.expr, &term.mask));
    SIMLITE_TRY(AnalyzeSides(&term));
  }
  return Rc::kOk;
}

Rc WhereLoop::AnalyzeSides(Term* term) {
  if (term->expr->kind != ExprKind::kBinary) return Rc::kOk;
  const auto* binary = term->expr->As<parser::BinaryExpr>();
  if (!IsComparison(binary->op)) return Rc::kOk;
  term->comparison = true;
  term->op = binary->op;
  term->sides[0].expr = binary->left;
  term->sides[1].expr = binary->right;
  for (Side& side : term->sides) {
    SIMLITE_TRY(TermMask(side.expr, &side.mask));
    side.subquery = HasSubquery(side.expr);
    for (size_t item_idx = 0; item_idx < items_->size() && side.column == -3; item_idx++) {
      if (!(side.mask & (uint64_t{1} << item_idx))) continue;
      SIMLITE_TRY(ItemColumn(side.expr, static_cast<int>(item_idx), &side.column));
      if (side.column != -3) side.item = static_cast<int>(item_idx);
    }
  }
  return Rc::kOk;
}

Rc WhereLoop::ItemColumn(const Expr* expr, int item, int* column) {
  *column = -3;
  while (expr->kind == ExprKind::kCollate) expr = expr->As<parser::CollateExpr>()->operand;
  if (expr->kind != ExprKind::kColumn) return Rc::kOk;
  ColumnRef ref;
  SIMLITE_TRY(ResolveColumn(ctx_, coder_->names(), *expr->As<parser::ColumnExpr>(), &ref));
  if (ref.depth != 0 || ref.item != item) return Rc::kOk;
  const FromItem& from = (*items_)[static_cast<size_t>(item)];
  if (ref.kind == ColumnRef::Kind::kRowid) {
    *column = kRowidColumn;
  } else if (ref.kind == ColumnRef::Kind::kColumn) {
    *column = from.table != nullptr && ref.column == from.table->rowid_alias ? kRowidColumn
                                                                             : ref.column;
  }
  return Rc::kOk;
}

namespace {

BinaryOp Flip(BinaryOp op) {
  switch (op) {
    case BinaryOp::kLt:
      return BinaryOp::kGt;
    case BinaryOp::kLe:
      return BinaryOp::kGe;
    case BinaryOp::kGt:
      return BinaryOp::kLt;
    case BinaryOp::kGe:
      return BinaryOp::kLe;
    default:
      return op;
  }
}

}  // namespace

const Expr* WhereLoop::UsableEquality(const Term& term, int item, int column, uint64_t placed) {
  if (term.on_item >= 0 && term.on_item != item) return nullptr;
  if (!term.comparison || term.op != BinaryOp::kEq) return nullptr;
  for (int side = 0; side < 2; side++) {
    if (term.sides[side].item != item || term.sides[side].column != column) continue;
    const Side& other = term.sides[1 - side];
    if ((other.mask & ~placed) != 0 || other.subquery) continue;
    return other.expr;
  }
  return nullptr;
}

Rc WhereLoop::IndexUsable(Term* term, Affinity column_affinity, Collation collation,
                          bool* usable) {
  if (!term->comparison_known) {
    const Expr* left = term->sides[0].expr;
    const Expr* right = term->sides[1].expr;
    SIMLITE_TRY(coder_->ComparisonAffinity(left, right, &term->affinity));
    SIMLITE_TRY(coder_->ComparisonCollation(left, right, &term->collation));
    term->comparison_known = true;
  }
  const Affinity affinity = term->affinity;
  *usable = term->collation == collation &&
            (affinity <= Affinity::kBlob ||
             (affinity == Affinity::kText ? column_affinity == Affinity::kText
                                          : vdbe::IsNumericAffinity(column_affinity)));
  return Rc::kOk;
}

Rc WhereLoop::ChooseIndex(Level* level) {
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  for (const Index* index : item.table->indexes) {
    if (index->where != nullptr) continue;
    std::vector<Term*> found;
    for (const IndexColumn& index_column : index->columns) {
      if (index_column.column == kExpressionColumn) break;
      const Affinity column_affinity =
          index_column.column == kRowidColumn
              ? Affinity::kInteger
              : item.table->columns[static_cast<size_t>(index_column.column)].affinity;
      Term* match = nullptr;
      for (Term& term : terms_) {
        if (UsableEquality(term, level->item, index_column.column, level->placed) == nullptr) {
          continue;
        }
        bool usable = false;
        SIMLITE_TRY(IndexUsable(&term, column_affinity, index_column.collation, &usable));
        if (!usable) continue;
        match = &term;
        break;
      }
      if (match == nullptr) break;
      found.push_back(match);
    }
    Term* lower = nullptr;
    Term* upper = nullptr;
    if (found.size() < index->columns.size()) {
      SIMLITE_TRY(FindIndexRange(*level, *index, found.size(), &lower, &upper));
    }
    if (found.empty() && lower == nullptr && upper == nullptr) continue;
    int cost = kCostIndexEq;
    if (index->unique && found.size() == index->columns.size()) {
      cost = kCostUniqueEq;
    } else if (found.empty()) {
      cost = lower != nullptr && upper != nullptr ? kCostIndexRange - 10 : kCostIndexRange;
    } else if (lower != nullptr || upper != nullptr) {
      cost = kCostIndexEq - 3;
    }
    const size_t used = found.size() + (lower != nullptr || upper != nullptr ? 1 : 0);
    const size_t best_used =
        level->eq_terms.size() + (level->lower != nullptr || level->upper != nullptr ? 1 : 0);
    if (level->access != Access::kIndexEq || cost < level->cost ||
        (cost == level->cost && used > best_used)) {
      level->access = Access::kIndexEq;
      level->index = index;
      level->eq_terms = std::move(found);
      level->lower = lower;
      level->upper = upper;
      level->cost = cost;
    }
  }
  return Rc::kOk;
}

// Range terms (>, >=, <, <=) on the index column after the equality prefix, usable for a
// seek and an end test (ascending columns only).
Rc WhereLoop::FindIndexRange(const Level& level, const Index& index, size_t prefix,
                             Term** lower, Term** upper) {
  const IndexColumn& index_column = index.columns[prefix];
  if (index_column.column == kExpressionColumn || index_column.descending) return Rc::kOk;
  const FromItem& item = (*items_)[static_cast<size_t>(level.item)];
  const int column = index_column.column;
  const Affinity column_affinity =
      column == kRowidColumn ? Affinity::kInteger
                             : item.table->columns[static_cast<size_t>(column)].affinity;
  for (Term& term : terms_) {
    if (term.on_item >= 0 && term.on_item != level.item) continue;
    if (!term.comparison || (term.op != BinaryOp::kLt && term.op != BinaryOp::kLe &&
                             term.op != BinaryOp::kGt && term.op != BinaryOp::kGe)) {
      continue;
    }
    for (int side = 0; side < 2; side++) {
      if (term.sides[side].item != level.item || term.sides[side].column != column) continue;
      const Side& other = term.sides[1 - side];
      if ((other.mask & ~level.placed) != 0 || other.subquery) continue;
      bool usable = false;
      SIMLITE_TRY(IndexUsable(&term, column_affinity, index_column.collation, &usable));
      if (!usable) continue;
      const BinaryOp op = side == 0 ? term.op : Flip(term.op);
      const bool is_lower = op == BinaryOp::kGt || op == BinaryOp::kGe;
      if (is_lower && *lower == nullptr) *lower = &term;
      if (!is_lower && *upper == nullptr) *upper = &term;
      break;
    }
  }
  return Rc::kOk;
}

Rc WhereLoop::ChooseAutoIndex(Level* level) {
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  if (!ctx_->read_only_statement() || level->placed == 0) return Rc::kOk;
  for (size_t column_idx = 0; column_idx < item.table->columns.size(); column_idx++) {
    const int column = static_cast<int>(column_idx);
    if (column == item.table->rowid_alias) continue;
    const Column& source = item.table->columns[column_idx];
    for (Term& term : terms_) {
      if (UsableEquality(term, level->item, column, level->placed) == nullptr) continue;
      bool usable = false;
      SIMLITE_TRY(IndexUsable(&term, source.affinity, source.collation, &usable));
      if (!usable) continue;
      level->access = Access::kAutoIndex;
      level->auto_column = column;
      level->eq_terms = {&term};
      level->cost = kCostAutoIndex;
      return Rc::kOk;
    }
  }
  return Rc::kOk;
}

Rc WhereLoop::ChooseRowidRange(Level* level) {
  for (Term& term : terms_) {
    if (term.on_item >= 0 && term.on_item != level->item) continue;
    if (!term.comparison || (term.op != BinaryOp::kLt && term.op != BinaryOp::kLe &&
                             term.op != BinaryOp::kGt && term.op != BinaryOp::kGe)) {
      continue;
    }
    for (int side = 0; side < 2; side++) {
      if (term.sides[side].item != level->item || term.sides[side].column != kRowidColumn) {
        continue;
      }
      const Side& other = term.sides[1 - side];
      if ((other.mask & ~level->placed) != 0 || other.subquery) continue;
      const BinaryOp op = side == 0 ? term.op : Flip(term.op);
      const bool is_lower = op == BinaryOp::kGt || op == BinaryOp::kGe;
      if (is_lower && level->lower == nullptr) level->lower = &term;
      if (!is_lower && level->upper == nullptr) level->upper = &term;
      break;
    }
  }
  if (level->lower != nullptr || level->upper != nullptr) {
    level->access = Access::kRowidRange;
    level->cost = kCostRowidRange;
  }
  return Rc::kOk;
}

// The cheapest access path for level->item given the items in level->placed.
Rc WhereLoop::ChooseAccess(Level* level) {
  level->access = Access::kScan;
  level->cost = kCostScan;
  level->eq_terms.clear();
  level->index = nullptr;
  level->lower = nullptr;
  level->upper = nullptr;
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  if (item.table == nullptr || item.table->without_rowid) return Rc::kOk;
  for (Term& term : terms_) {
    if (UsableEquality(term, level->item, kRowidColumn, level->placed) == nullptr) continue;
    level->access = Access::kRowidEq;
    level->eq_terms = {&term};
    level->cost = kCostRowidEq;
    return Rc::kOk;
  }
  SIMLITE_TRY(ChooseIndex(level));
  if (level->access == Access::kIndexEq) return Rc::kOk;
  SIMLITE_TRY(ChooseRowidRange(level));
  if (level->access == Access::kRowidRange) return Rc::kOk;
  return ChooseAutoIndex(level);
}

// Greedy join order: at each step the item whose access path is cheapest given the loops
// already chosen (FROM order breaks ties). LEFT JOINs keep FROM order.
Rc WhereLoop::OrderLevels() {
  const int item_count = static_cast<int>(items_->size());
  bool keep_order = false;
  for (const FromItem& item : *items_) keep_order = keep_order || item.left_join;
  uint64_t placed = 0;
  for (int position = 0; position < item_count; position++) {
    Level best;
    best.item = -1;
    for (int item_idx = 0; item_idx < item_count; item_idx++) {
      if (placed & (uint64_t{1} << item_idx)) continue;
      if (keep_order && item_idx != position) continue;
      Level candidate;
      candidate.item = item_idx;
      candidate.placed = placed;
      SIMLITE_TRY(ChooseAccess(&candidate));
      if (best.item < 0 || candidate.cost < best.cost) best = std::move(candidate);
    }
    placed |= uint64_t{1} << best.item;
    levels_.push_back(std::move(best));
  }
  return Rc::kOk;
}

Rc WhereLoop::OpenCursors() {
  ProgramBuilder& b = ctx_->builder();
  for (Level& level : levels_) {
    const FromItem& item = (*items_)[static_cast<size_t>(level.item)];
    if (item.table == nullptr) continue;  // a materialized subquery: already open
    ctx_->UseTransaction(false);
    b.Add(Opcode::kOpenRead, item.cursor, static_cast<int>(item.table->root));
    b.SetP4Int(static_cast<int32_t>(item.table->columns.size()));
    if (level.access == Access::kIndexEq) {
      level.index_cursor = b.AllocCursor();
      b.Add(Opcode::kOpenRead, level.index_cursor, static_cast<int>(level.index->root));
      b.SetP4KeyInfo(level.index->key_info);
    } else if (level.access == Access::kAutoIndex) {
      level.index_cursor = b.AllocCursor();
    }
  }
  return Rc::kOk;
}

Rc WhereLoop::Begin(const Expr* where) {
  ProgramBuilder& b = ctx_->builder();
  break_label_ = b.NewLabel();
  SIMLITE_TRY(CollectTerms(where));
  SIMLITE_TRY(OrderLevels());
  for (Level& level : levels_) {
    level.next_label = b.NewLabel();
    level.end_label = b.NewLabel();
    level.body_label = b.NewLabel();
  }
  SIMLITE_TRY(OpenCursors());
  // Terms that name no table of this query: once, before the loops.
  for (Term& term : terms_) {
    if (term.mask != 0 || term.on_item >= 0) continue;
    SIMLITE_TRY(coder_->CodeIfFalse(term.expr, break_label_, true));
    term.coded = true;
  }
  for (Level& level : levels_) SIMLITE_TRY(BeginLevel(&level));
  continue_label_ = levels_.empty() ? b.NewLabel() : levels_.back().next_label;
  return Rc::kOk;
}

Rc WhereLoop::CodeTermsAt(const Level& level, bool on_terms, int fail_label) {
  const uint64_t available = level.placed | (uint64_t{1} << level.item);
  for (Term& term : terms_) {
    if (term.coded) continue;
    if (on_terms ? term.on_item != level.item
                 : term.on_item >= 0 || (term.mask & ~available) != 0) {
      continue;
    }
    SIMLITE_TRY(coder_->CodeIfFalse(term.expr, fail_label, true));
    term.coded = true;
  }
  return Rc::kOk;
}

// Builds the transient index on (column, rowid) of an automatic-index level, once per run.
void WhereLoop::EmitAutoIndex(Level* level) {
  ProgramBuilder& b = ctx_->builder();
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  const Column& column = item.table->columns[static_cast<size_t>(level->auto_column)];
  const int once = b.Add(Opcode::kOnce, b.AllocOnce());
  b.Add(Opcode::kOpenEphemeral, level->index_cursor, 2);
  btree::KeyInfo key_info;
  key_info.collations = {column.collation, Collation::kBinary};
  key_info.descending = {false, false};
  b.SetP4KeyInfo(std::move(key_info));
  const int done = b.NewLabel();
  b.Add(Opcode::kRewind, item.cursor, done);
  const int top = b.current_address();
  const int key = b.AllocRegisters(2);
  b.Add(Opcode::kColumn, item.cursor, level->auto_column, key);
  if (column.has_constant_default && !column.constant_default.IsNull()) {
    b.SetP4Constant(column.constant_default);
  }
  b.Add(Opcode::kRowid, item.cursor, key + 1);
  const int record = b.AllocRegister();
  b.Add(Opcode::kMakeRecord, key, 2, record);
  b.Add(Opcode::kIdxInsert, level->index_cursor, record);
  b.Add(Opcode::kNext, item.cursor, top);
  b.ResolveLabel(done);
  b.JumpHere(once);
}

// The value side of a term on column `column` of the level's item, and the affinity the index
// key gets for it (the column's, unless the comparison converts nothing).
Rc WhereLoop::KeyValue(const Level& level, const Term& term, int column, const Expr** value,
                       char* affinity) {
  const FromItem& item = (*items_)[static_cast<size_t>(level.item)];
  const int side = term.sides[0].item == level.item && term.sides[0].column == column ? 0 : 1;
  *value = term.sides[1 - side].expr;
  Affinity comparison;
  SIMLITE_TRY(coder_->ComparisonAffinity(term.sides[0].expr, term.sides[1].expr, &comparison));
  const Affinity column_affinity =
      column == kRowidColumn ? Affinity::kInteger
                             : item.table->columns[static_cast<size_t>(column)].affinity;
  *affinity = static_cast<char>(comparison <= Affinity::kBlob ? Affinity::kBlob : column_affinity);
  return Rc::kOk;
}

// The direction a range term bounds its column in: its operator with the column on the left.
BinaryOp WhereLoop::RangeOp(const Level& level, const Term& term, int column) const {
  const bool column_left = term.sides[0].item == level.item && term.sides[0].column == column;
  return column_left ? term.op : Flip(term.op);
}

// The index lookup of kIndexEq and kAutoIndex: the key (one value per equality term, with the
// affinity the comparison calls for, then a range's lower bound) seeks the index; each entry up
// to the end of the equal prefix (or the upper bound) moves the table cursor.
Rc WhereLoop::SeekIndexKey(Level* level, const std::vector<int>& columns) {
  ProgramBuilder& b = ctx_->builder();
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  const int count = static_cast<int>(level->eq_terms.size());
  const int key = b.AllocRegisters(count + 1);
  std::string affinities;
  for (int term_idx = 0; term_idx < count; term_idx++) {
    const Expr* value = nullptr;
    char affinity = 0;
    SIMLITE_TRY(KeyValue(*level, *level->eq_terms[static_cast<size_t>(term_idx)],
                         columns[static_cast<size_t>(term_idx)], &value, &affinity));
    SIMLITE_TRY(coder_->Code(value, key + term_idx));
    b.Add(Opcode::kIsNull, key + term_idx, level->end_label);
    affinities += affinity;
  }
  const int range_column =
      level->index != nullptr && count < static_cast<int>(level->index->columns.size())
          ? level->index->columns[static_cast<size_t>(count)].column
          : -3;
  if (count > 0) {
    b.Add(Opcode::kAffinity, key, count);
    b.SetP4Affinity(affinities);
  }
  // Bounds: r[key + count] (lower), r[upper_key..] (the prefix again, then the upper bound).
  auto code_bound = [&](const Term* term, int reg) -> Rc {
    const Expr* value = nullptr;
    char affinity = 0;
    SIMLITE_TRY(KeyValue(*level, *term, range_column, &value, &affinity));
    SIMLITE_TRY(coder_->Code(value, reg));
    b.Add(Opcode::kIsNull, reg, level->end_label);
    b.Add(Opcode::kAffinity, reg, 1);
    b.SetP4Affinity(std::string(1, affinity));
    return Rc::kOk;
  };
  int upper_key = 0;
  if (level->upper != nullptr) {
    upper_key = b.AllocRegisters(count + 1);
    if (count > 0) b.Add(Opcode::kCopy, key, upper_key, count - 1);
    SIMLITE_TRY(code_bound(level->upper, upper_key + count));
  }
  if (level->lower != nullptr) {
    SIMLITE_TRY(code_bound(level->lower, key + count));
    const bool strict = RangeOp(*level, *level->lower, range_column) == BinaryOp::kGt;
    b.Add(strict ? Opcode::kSeekGT : Opcode::kSeekGE, level->index_cursor, level->end_label,
          key);
    b.SetP4Int(count + 1);
  } else if (count > 0) {
    b.Add(Opcode::kSeekGE, level->index_cursor, level->end_label, key);
    b.SetP4Int(count);
  } else {
    b.Add(Opcode::kRewind, level->index_cursor, level->end_label);
  }
  level->top = b.current_address();
  if (level->upper != nullptr) {
    const bool strict = RangeOp(*level, *level->upper, range_column) == BinaryOp::kLt;
    b.Add(strict ? Opcode::kIdxGE : Opcode::kIdxGT, level->index_cursor, level->end_label,
          upper_key);
    b.SetP4Int(count + 1);
  } else if (count > 0) {
    b.Add(Opcode::kIdxGT, level->index_cursor, level->end_label, key);
    b.SetP4Int(count);
  }
  b.Add(Opcode::kDeferredSeek, level->index_cursor, 0, item.cursor);
  return Rc::kOk;
}

// The EXPLAIN QUERY PLAN line of a level, worded as SQLite's.
std::string WhereLoop::PlanText(const Level& level) const {
  const FromItem& item = (*items_)[static_cast<size_t>(level.item)];
  std::string name = item.name;
  if (item.table != nullptr && item.ref != nullptr && item.ref->alias.IsSet()) {
    name = item.table->name + " AS " + item.name;
  }
  std::string text;
  switch (level.access) {
    case Access::kScan:
      text = "SCAN " + name;
      break;
    case Access::kRowidEq:
      text = "SEARCH " + name + " USING INTEGER PRIMARY KEY (rowid=?)";
      break;
    case Access::kRowidRange:
      text = "SEARCH " + name + " USING INTEGER PRIMARY KEY (" +
             std::string(level.lower != nullptr ? "rowid>?" : "") +
             (level.lower != nullptr && level.upper != nullptr ? " AND " : "") +
             (level.upper != nullptr ? "rowid<?" : "") + ")";
      break;
    case Access::kIndexEq: {
      auto column_name = [&](size_t position) {
        const int column = level.index->columns[position].column;
        return column >= 0 ? item.table->columns[static_cast<size_t>(column)].name
                           : std::string("rowid");
      };
      text = "SEARCH " + name + " USING INDEX " + level.index->name + " (";
      for (size_t term_idx = 0; term_idx < level.eq_terms.size(); term_idx++) {
        if (term_idx > 0) text += " AND ";
        text += column_name(term_idx) + "=?";
      }
      const size_t range = level.eq_terms.size();
      if (level.lower != nullptr) {
        text += (range > 0 ? " AND " : "") + column_name(range) + ">?";
      }
      if (level.upper != nullptr) {
        text += (range > 0 || level.lower != nullptr ? " AND " : "") + column_name(range) + "<?";
      }
      text += ")";
      break;
    }
    case Access::kAutoIndex:
      text = "SEARCH " + name + " USING AUTOMATIC INDEX (" +
             item.table->columns[static_cast<size_t>(level.auto_column)].name + "=?)";
      break;
  }
  if (item.left_join) text += " LEFT-JOIN";
  return text;
}

Rc WhereLoop::BeginLevel(Level* level) {
  ProgramBuilder& b = ctx_->builder();
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  ctx_->AddPlan(PlanText(*level));
  if (item.left_join) {
    level->match_reg = b.AllocRegister();
    b.Add(Opcode::kInteger, 0, level->match_reg);
  }
  switch (level->access) {
    case Access::kScan:
      b.Add(Opcode::kRewind, item.cursor, level->end_label);
      level->top = b.current_address();
      break;
    case Access::kRowidEq: {
      const auto* binary = level->eq_terms[0]->expr->As<parser::BinaryExpr>();
      int column = 0;
      SIMLITE_TRY(ItemColumn(binary->left, level->item, &column));
      const Expr* value = column == kRowidColumn ? binary->right : binary->left;
      int reg = 0;
      SIMLITE_TRY(coder_->CodeTemp(value, &reg));
      b.Add(Opcode::kSeekRowid, item.cursor, level->end_label, reg);
      level->top = b.current_address();
      break;
    }
    case Access::kIndexEq: {
      std::vector<int> columns;
      for (size_t term_idx = 0; term_idx < level->eq_terms.size(); term_idx++) {
        columns.push_back(level->index->columns[term_idx].column);
      }
      SIMLITE_TRY(SeekIndexKey(level, columns));
      break;
    }
    case Access::kAutoIndex:
      EmitAutoIndex(level);
      SIMLITE_TRY(SeekIndexKey(level, {level->auto_column}));
      break;
    case Access::kRowidRange:
      SIMLITE_TRY(BeginRowidRange(level));
      break;
  }
  SIMLITE_TRY(CodeTermsAt(*level, true, level->next_label));
  if (item.left_join) b.Add(Opcode::kInteger, 1, level->match_reg);
  b.ResolveLabel(level->body_label);
  return CodeTermsAt(*level, false, level->next_label);
}

Rc WhereLoop::BeginRowidRange(Level* level) {
  ProgramBuilder& b = ctx_->builder();
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  if (level->lower != nullptr) {
    const auto* binary = level->lower->expr->As<parser::BinaryExpr>();
    int column = 0;
    SIMLITE_TRY(ItemColumn(binary->left, level->item, &column));
    const bool rowid_left = column == kRowidColumn;
    BinaryOp op = rowid_left ? binary->op : Flip(binary->op);
    int reg = 0;
    SIMLITE_TRY(coder_->CodeTemp(rowid_left ? binary->right : binary->left, &reg));
    b.Add(op == BinaryOp::kGt ? Opcode::kSeekGT : Opcode::kSeekGE, item.cursor, level->end_label,
          reg);
  } else {
    b.Add(Opcode::kRewind, item.cursor, level->end_label);
  }
  level->top = b.current_address();
  if (level->upper != nullptr) {
    const auto* binary = level->upper->expr->As<parser::BinaryExpr>();
    int column = 0;
    SIMLITE_TRY(ItemColumn(binary->left, level->item, &column));
    const bool rowid_left = column == kRowidColumn;
    const Expr* rowid_expr = rowid_left ? binary->left : binary->right;
    const Expr* value = rowid_left ? binary->right : binary->left;
    BinaryOp op = rowid_left ? binary->op : Flip(binary->op);
    int bound = 0;
    SIMLITE_TRY(coder_->CodeTemp(value, &bound));
    const int rowid = b.AllocRegister();
    b.Add(Opcode::kRowid, item.cursor, rowid);
    // Leave the loop once the rowid is past the bound (or the bound is NULL).
    SIMLITE_TRY(coder_->EmitCompareJump(op == BinaryOp::kLt ? BinaryOp::kGe : BinaryOp::kGt,
                                        rowid_expr, rowid, value, bound, level->end_label,
                                        true));
  }
  return Rc::kOk;
}

Rc WhereLoop::End() {
  ProgramBuilder& b = ctx_->builder();
  for (size_t level_idx = levels_.size(); level_idx-- > 0;) {
    Level& level = levels_[level_idx];
    const FromItem& item = (*items_)[static_cast<size_t>(level.item)];
    b.ResolveLabel(level.next_label);
    switch (level.access) {
      case Access::kScan:
      case Access::kRowidRange:
        b.Add(Opcode::kNext, item.cursor, level.top);
        break;
      case Access::kIndexEq:
      case Access::kAutoIndex:
        b.Add(Opcode::kNext, level.index_cursor, level.top);
        break;
      case Access::kRowidEq:
        break;
    }
    b.ResolveLabel(level.end_label);
    if (item.left_join) {
      const int matched = b.Add(Opcode::kIfPos, level.match_reg, 0, 0);
      b.Add(Opcode::kNullRow, item.cursor);
      b.Add(Opcode::kInteger, 1, level.match_reg);
      b.Add(Opcode::kGoto, 0, level.body_label);
      b.JumpHere(matched);
    }
  }
  if (levels_.empty()) b.ResolveLabel(continue_label_);
  b.ResolveLabel(break_label_);
  return Rc::kOk;
}

}  // namespace simlite::codegen
