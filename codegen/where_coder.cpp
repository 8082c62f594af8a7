// WhereLoop: term analysis, loop order, access paths and loop emission (see where_coder.h).
#include "codegen/where_coder.h"

#include <algorithm>

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
constexpr int kCostUniqueLookup = 28;  // a UNIQUE index's every column, not all by `=`
constexpr int kCostIndexRange = 110;  // an index range with no equality before it
constexpr int kCostAutoIndex = 40;
constexpr int kCostRowidRange = 150;
constexpr int kCostScan = 200;

// Joins of more tables than this break ties by FROM order alone (the look-ahead costs the
// cube of the table count).
constexpr int kMaxLookahead = 10;

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
  const int parent = static_cast<int>(terms_.size()) - 1;
  // Virtual terms: never tested themselves (coded from the start), the term above is.
  auto add_virtual = [&](BinaryOp op, Expr* left, Expr* right, bool null_key) {
    auto* comparison = ctx_->arena().New<parser::BinaryExpr>();
    comparison->span = expr->span;
    comparison->op = op;
    comparison->left = left;
    comparison->right = right;
    Term virtual_term;
    virtual_term.expr = comparison;
    virtual_term.on_item = on_item;
    virtual_term.coded = true;
    virtual_term.null_key = null_key;
    virtual_term.parent = parent;
    terms_[static_cast<size_t>(parent)].virtual_children++;
    terms_.push_back(virtual_term);
  };
  auto null_literal = [&] { return ctx_->arena().New<parser::LiteralExpr>(); };
  // "x BETWEEN a AND b" gives the planner "x >= a" and "x <= b" (equivalent by
  // lang_expr.html), for an index range.
  if (expr->kind == ExprKind::kBetween && !expr->As<parser::BetweenExpr>()->negated) {
    const auto* between = expr->As<parser::BetweenExpr>();
    add_virtual(BinaryOp::kGe, between->operand, between->low, false);
    add_virtual(BinaryOp::kLe, between->operand, between->high, false);
  }
  // "x IS y" / "x ISNULL" look up an index as an equality that matches NULL too; "x NOT NULL"
  // / "x IS NOT NULL" as the range past the NULLs (as SQLite plans them).
  if (expr->kind == ExprKind::kUnary) {
    const auto* unary = expr->As<parser::UnaryExpr>();
    if (unary->op == parser::UnaryOp::kIsNull) {
      add_virtual(BinaryOp::kEq, unary->operand, null_literal(), true);
    } else if (unary->op == parser::UnaryOp::kNotNull &&
               unary->operand->kind != ExprKind::kCollate) {
      // (SQLite ranges past the NULLs only for a bare column: no COLLATE around it.)
      add_virtual(BinaryOp::kGt, unary->operand, null_literal(), true);
    }
  } else if (expr->kind == ExprKind::kBinary) {
    const auto* binary = expr->As<parser::BinaryExpr>();
    const bool right_null =
        binary->right->kind == ExprKind::kLiteral &&
        binary->right->As<parser::LiteralExpr>()->literal == parser::LiteralKind::kNull;
    if (binary->op == BinaryOp::kIs || binary->op == BinaryOp::kIsNotDistinctFrom) {
      add_virtual(BinaryOp::kEq, binary->left, binary->right, true);
    } else if ((binary->op == BinaryOp::kIsNot || binary->op == BinaryOp::kIsDistinctFrom) &&
               right_null && binary->left->kind != ExprKind::kCollate) {
      add_virtual(BinaryOp::kGt, binary->left, binary->right, true);
    }
  }
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
  // A table-valued pragma's arguments may name items before it: its loop comes after theirs.
  prerequisites_.assign(items_->size(), 0);
  for (size_t item_idx = 0; item_idx < items_->size(); item_idx++) {
    for (const Expr* arg : (*items_)[item_idx].pragma_args) {
      SIMLITE_TRY(TermMask(arg, &prerequisites_[item_idx]));
    }
    prerequisites_[item_idx] &= ~(uint64_t{1} << item_idx);
  }
  return Rc::kOk;
}

// The column side of a comparison or IN: its item and column, when it is one.
Rc WhereLoop::FindSideColumn(Side* side) {
  for (size_t item_idx = 0; item_idx < items_->size() && side->column == -3; item_idx++) {
    if (!(side->mask & (uint64_t{1} << item_idx))) continue;
    SIMLITE_TRY(ItemColumn(side->expr, static_cast<int>(item_idx), &side->column));
    if (side->column != -3) side->item = static_cast<int>(item_idx);
  }
  return Rc::kOk;
}

Rc WhereLoop::AnalyzeIn(Term* term) {
  const auto* in = term->expr->As<parser::InExpr>();
  if (in->negated || in->form != parser::InForm::kList || in->list.empty() ||
      in->operand->kind == ExprKind::kRowValue) {
    return Rc::kOk;
  }
  term->in_list = true;
  Side& operand = term->sides[0];
  operand.expr = in->operand;
  SIMLITE_TRY(TermMask(operand.expr, &operand.mask));
  operand.subquery = HasSubquery(operand.expr);
  SIMLITE_TRY(FindSideColumn(&operand));
  Side& values = term->sides[1];
  for (const Expr* value : in->list) {
    SIMLITE_TRY(TermMask(value, &values.mask));
    values.subquery = values.subquery || HasSubquery(value);
  }
  return Rc::kOk;
}

Rc WhereLoop::AnalyzeSides(Term* term) {
  if (term->expr->kind == ExprKind::kIn) return AnalyzeIn(term);
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
    SIMLITE_TRY(FindSideColumn(&side));
  }
  return Rc::kOk;
}

Rc WhereLoop::ItemColumn(const Expr* expr, int item, int* column) {
  *column = -3;
  while (expr->kind == ExprKind::kCollate) expr = expr->As<parser::CollateExpr>()->operand;
  // A column the authorizer ignored reads NULL: no index serves it.
  if (expr->kind != ExprKind::kColumn || ctx_->AuthIgnored(expr)) return Rc::kOk;
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

// What looping over IN lists adds to a lookup's cost: the log of their lengths.
int WhereLoop::InCost(const std::vector<Term*>& terms) {
  int cost = 0;
  for (const Term* term : terms) {
    if (!term->in_list) continue;
    const uint32_t count = term->expr->As<parser::InExpr>()->list.size();
    cost += count < 2 ? 0 : LogEst(count);
  }
  return cost;
}

BinaryOp FlipComparison(BinaryOp op) {
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

const Expr* WhereLoop::UsableEquality(const Term& term, int item, int column, uint64_t placed,
                                      bool allow_null_key) {
  if (term.on_item >= 0 && term.on_item != item) return nullptr;
  if (term.null_key && !allow_null_key) return nullptr;
  // A WHERE "x IS NULL" on a LEFT JOIN's right table holds for its null row: it cannot
  // choose the rows the join matches.
  if (term.null_key && term.on_item < 0 && (*items_)[static_cast<size_t>(item)].left_join) {
    return nullptr;
  }
  if (!term.comparison || term.op != BinaryOp::kEq) return nullptr;
  for (int side = 0; side < 2; side++) {
    if (term.sides[side].item != item || term.sides[side].column != column) continue;
    const Side& other = term.sides[1 - side];
    if ((other.mask & ~placed) != 0 || other.subquery) continue;
    return other.expr;
  }
  return nullptr;
}

bool WhereLoop::UsableIn(const Term& term, int item, int column, uint64_t placed) const {
  if (!term.in_list || (term.on_item >= 0 && term.on_item != item)) return false;
  const Side& operand = term.sides[0];
  const Side& values = term.sides[1];
  return operand.item == item && operand.column == column && (values.mask & ~placed) == 0 &&
         !values.subquery;
}

Rc WhereLoop::IndexUsable(Term* term, Affinity column_affinity, Collation collation,
                          bool* usable) {
  if (!term->comparison_known && term->in_list) {
    // IN (list) compares with the left side's affinity and collation.
    SIMLITE_TRY(coder_->AffinityOf(term->sides[0].expr, &term->affinity));
    bool found = false;
    bool is_explicit = false;
    SIMLITE_TRY(coder_->CollationOf(term->sides[0].expr, &term->collation, &found, &is_explicit));
    if (!found) term->collation = Collation::kBinary;
    term->comparison_known = true;
  }
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

// "x IS NULL" (false) or "x NOT NULL" (true) on a NOT NULL column, which SQLite folds to a
// constant; not "x IS 2", an equality lookup there as anywhere.
bool WhereLoop::FoldedNullTest(const Term& term, const FromItem& item, int column) {
  if (!term.null_key || column < 0 ||
      !item.table->columns[static_cast<size_t>(column)].not_null) {
    return false;
  }
  const auto* comparison = term.expr->As<parser::BinaryExpr>();
  auto is_null = [](const Expr* side) {
    return side->kind == ExprKind::kLiteral &&
           side->As<parser::LiteralExpr>()->literal == parser::LiteralKind::kNull;
  };
  return is_null(comparison->left) || is_null(comparison->right);
}

// The terms a lookup uses: its equalities and its range's bounds.
std::vector<WhereLoop::Term*> WhereLoop::LookupTerms(const std::vector<Term*>& eq_terms,
                                                     Term* lower, Term* upper) {
  std::vector<Term*> terms = eq_terms;
  if (lower != nullptr) terms.push_back(lower);
  if (upper != nullptr && upper != lower) terms.push_back(upper);
  return terms;
}

// Whether every term of `subset` is in `superset`, which has more.
bool WhereLoop::ProperSubset(const std::vector<Term*>& subset,
                             const std::vector<Term*>& superset) {
  if (subset.size() >= superset.size()) return false;
  for (const Term* term : subset) {
    if (std::find(superset.begin(), superset.end(), term) == superset.end()) return false;
  }
  return true;
}

// Whether lookup terms on every column of a UNIQUE index make SQLite take it at once
// (whereShortCut): `=` terms, or IS ones too when every key column is NOT NULL; never IN.
bool WhereLoop::FixesOneRow(const Table& table, const Index& index,
                            const std::vector<Term*>& found) {
  bool not_null = true;
  for (const IndexColumn& column : index.columns) {
    not_null = not_null && (column.column == kRowidColumn ||
                            (column.column >= 0 &&
                             table.columns[static_cast<size_t>(column.column)].not_null));
  }
  for (const Term* term : found) {
    if (term->in_list || (term->null_key && !not_null)) return false;
  }
  return true;
}

Rc WhereLoop::ChooseIndex(Level* level) {
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  const Index* forced = forced_[static_cast<size_t>(level->item)];
  // Newest first, so that of two equal choices the newer index wins, as in SQLite (whose
  // table keeps its indexes newest first).
  for (auto index_it = item.table->indexes.rbegin(); index_it != item.table->indexes.rend();
       ++index_it) {
    const Index* index = *index_it;
    if (index->where != nullptr || (forced != nullptr && index != forced)) continue;
    if (!IndexCollationsDefined(ctx_->schema(), *index)) continue;
    std::vector<Term*> found;
    for (const IndexColumn& index_column : index->columns) {
      if (index_column.column == kExpressionColumn) break;
      const Affinity column_affinity =
          index_column.column == kRowidColumn
              ? Affinity::kInteger
              : item.table->columns[static_cast<size_t>(index_column.column)].affinity;
      Term* match = nullptr;
      for (Term& term : terms_) {
        if (UsableEquality(term, level->item, index_column.column, level->placed,
                           /*allow_null_key=*/true) == nullptr) {
          continue;
        }
        if (FoldedNullTest(term, item, index_column.column)) continue;
        bool usable = false;
        SIMLITE_TRY(IndexUsable(&term, column_affinity, index_column.collation, &usable));
        if (!usable) continue;
        match = &term;
        break;
      }
      for (Term& term : terms_) {
        if (match != nullptr) break;
        if (!UsableIn(term, level->item, index_column.column, level->placed)) continue;
        bool usable = false;
        SIMLITE_TRY(IndexUsable(&term, column_affinity, index_column.collation, &usable));
        if (usable) match = &term;
      }
      if (match == nullptr) break;
      found.push_back(match);
    }
    const int in_cost = InCost(found);
    Term* lower = nullptr;
    Term* upper = nullptr;
    if (found.size() < index->columns.size()) {
      SIMLITE_TRY(FindIndexRange(*level, *index, found.size(), &lower, &upper));
    }
    if (found.empty() && lower == nullptr && upper == nullptr) continue;
    // A NOT NULL range alone barely narrows the rows: SQLite takes it only when the index
    // serves the loop without the table.
    if (found.empty() && (lower == nullptr || lower->null_key) &&
        (upper == nullptr || upper->null_key)) {
      bool serves = false;
      SIMLITE_TRY(IndexServesLoop(*level, *index, &serves));
      if (!serves) continue;
    }
    int cost = kCostIndexEq;
    if (index->unique && found.size() == index->columns.size()) {
      // (Through IS or IN no shortcut, but still one row a key: cheaper than other lookups.)
      cost = FixesOneRow(*item.table, *index, found) ? kCostUniqueEq : kCostUniqueLookup;
    } else if (found.empty()) {
      cost = lower != nullptr && upper != nullptr ? kCostIndexRange - 10 : kCostIndexRange;
    } else if (lower != nullptr || upper != nullptr) {
      cost = kCostIndexEq - 3;
    }
    cost += in_cost;
    const size_t used = found.size() + (lower != nullptr || upper != nullptr ? 1 : 0);
    const size_t best_used =
        level->eq_terms.size() + (level->lower != nullptr || level->upper != nullptr ? 1 : 0);
    // Of two equally selective indexes SQLite's cost model takes one that covers the loop
    // (no table lookup per row), then the one cheaper to read (IndexReadCost; of equal
    // costs the newer); the order of the rows they give decides the order in which
    // aggregates like sum() add floating-point values.
    const int read_cost = IndexReadCost(*item.table, *index);
    const bool covering = Covers(item, *index);
    if (level->access == Access::kIndex) {
      // SQLite's whereLoopCheaperProperSubset: a lookup that uses a proper superset of
      // another's terms wins whatever their costs (unless the other covers the loop and it
      // does not), but for the UNIQUE lookup a single-table query takes at once.
      const std::vector<Term*> terms = LookupTerms(found, lower, upper);
      const std::vector<Term*> best_terms =
          LookupTerms(level->eq_terms, level->lower, level->upper);
      const bool single = items_->size() == 1;
      const bool best_covering = Covers(item, *level->index);
      if (ProperSubset(best_terms, terms) && !(single && level->cost == kCostUniqueEq) &&
          !(best_covering && !covering)) {
        level->index = index;
        level->eq_terms = std::move(found);
        level->lower = lower;
        level->upper = upper;
        level->cost = cost;
        continue;
      }
      if (ProperSubset(terms, best_terms) && !(single && cost == kCostUniqueEq) &&
          !(covering && !best_covering)) {
        continue;
      }
    }
    const bool tie = level->access == Access::kIndex && cost == level->cost && used == best_used;
    const bool best_covering = tie && Covers(item, *level->index);
    if (level->access != Access::kIndex || cost < level->cost ||
        (cost == level->cost && used > best_used) || (tie && covering && !best_covering) ||
        (tie && covering == best_covering &&
         read_cost < IndexReadCost(*item.table, *level->index))) {
      level->access = Access::kIndex;
      level->index = index;
      level->eq_terms = std::move(found);
      level->lower = lower;
      level->upper = upper;
      level->cost = cost;
    }
  }
  return Rc::kOk;
}

Rc WhereLoop::IndexServesLoop(const Level& level, const Index& index, bool* serves) {
  const FromItem& item = (*items_)[static_cast<size_t>(level.item)];
  if (item.usage_known) {
    *serves = Covers(item, index);
    return Rc::kOk;
  }
  *serves = index.where == nullptr;
  for (const Term& term : terms_) {
    if (term.coded || !*serves || !(term.mask & (uint64_t{1} << level.item))) continue;
    SIMLITE_TRY(WalkExpr(term.expr, [&](const Expr* node, bool* descend) -> Rc {
      if (node->kind != ExprKind::kColumn) return Rc::kOk;
      *descend = false;
      int column = -3;
      SIMLITE_TRY(ItemColumn(node, level.item, &column));
      if (column == -3 || column == kRowidColumn) return Rc::kOk;
      bool found = false;
      for (const IndexColumn& index_column : index.columns) found |= index_column.column == column;
      *serves = *serves && found;
      return Rc::kOk;
    }));
  }
  return Rc::kOk;
}

// Range terms (>, >=, <, <=) on the index column after the equality prefix, usable for a
// seek and an end test (ascending columns only).
Rc WhereLoop::FindIndexRange(const Level& level, const Index& index, size_t prefix,
                             Term** lower, Term** upper) {
  const IndexColumn& index_column = index.columns[prefix];
  if (index_column.column == kExpressionColumn) return Rc::kOk;
  const FromItem& item = (*items_)[static_cast<size_t>(level.item)];
  const int column = index_column.column;
  const Affinity column_affinity =
      column == kRowidColumn ? Affinity::kInteger
                             : item.table->columns[static_cast<size_t>(column)].affinity;
  for (Term& term : terms_) {
    if (term.on_item >= 0 && term.on_item != level.item) continue;
    if (FoldedNullTest(term, item, column)) continue;
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
      const BinaryOp op = side == 0 ? term.op : FlipComparison(term.op);
      // Bounds in index order: a DESC column holds larger values first.
      const bool is_lower = (op == BinaryOp::kGt || op == BinaryOp::kGe) != index_column.descending;
      if (is_lower && *lower == nullptr) *lower = &term;
      if (!is_lower && *upper == nullptr) *upper = &term;
      break;
    }
  }
  return Rc::kOk;
}

// An automatic index on the first column (in table order) that an equality with the outer
// loops can look up (the first such term in WHERE order).
Rc WhereLoop::ChooseAutoIndex(Level* level) {
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  if (!ctx_->read_only_statement() || level->placed == 0) return Rc::kOk;
  struct Candidate {
    int column;
    size_t term;
  };
  std::vector<Candidate> candidates;
  for (size_t term_idx = 0; term_idx < terms_.size(); term_idx++) {
    const Term& term = terms_[term_idx];
    if (!term.comparison || term.op != BinaryOp::kEq) continue;
    for (const Side& side : term.sides) {
      if (side.item != level->item || side.column < 0 || side.column == item.table->rowid_alias) {
        continue;
      }
      if (UsableEquality(term, level->item, side.column, level->placed) != nullptr) {
        candidates.push_back({side.column, term_idx});
      }
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.column < b.column; });
  for (const Candidate& candidate : candidates) {
    const Column& source = item.table->columns[static_cast<size_t>(candidate.column)];
    Term& term = terms_[candidate.term];
    bool usable = false;
    SIMLITE_TRY(IndexUsable(&term, source.affinity, source.collation, &usable));
    if (!usable) continue;
    level->access = Access::kAutoIndex;
    level->auto_column = candidate.column;
    level->eq_terms = {&term};
    level->cost = kCostAutoIndex;
    return Rc::kOk;
  }
  return Rc::kOk;
}

Rc WhereLoop::ChooseRowidRange(Level* level) {
  for (Term& term : terms_) {
    if ((term.on_item >= 0 && term.on_item != level->item) || term.null_key) continue;
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
      const BinaryOp op = side == 0 ? term.op : FlipComparison(term.op);
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
  const Index* forced = forced_[static_cast<size_t>(level->item)];
  if (forced != nullptr) {
    // INDEXED BY: that index, for a lookup or else a full scan.
    SIMLITE_TRY(ChooseIndex(level));
    if (level->access == Access::kIndex) return Rc::kOk;
    level->access = Access::kIndex;
    level->index = forced;
    return Rc::kOk;
  }
  for (Term& term : terms_) {
    // (IS too: the rowid is never NULL, so a NULL key finds nothing either way.)
    if (UsableEquality(term, level->item, kRowidColumn, level->placed,
                       /*allow_null_key=*/true) == nullptr) {
      continue;
    }
    level->access = Access::kRowidEq;
    level->eq_terms = {&term};
    level->cost = kCostRowidEq;
    return Rc::kOk;
  }
  Term* rowid_in = nullptr;
  for (Term& term : terms_) {
    if (rowid_in != nullptr || !UsableIn(term, level->item, kRowidColumn, level->placed)) {
      continue;
    }
    bool usable = false;
    SIMLITE_TRY(IndexUsable(&term, Affinity::kInteger, Collation::kBinary, &usable));
    if (usable) rowid_in = &term;
  }
  const bool not_indexed = NotIndexed(item);
  if (!not_indexed) SIMLITE_TRY(ChooseIndex(level));
  if (rowid_in != nullptr &&
      (level->access != Access::kIndex || kCostRowidEq + InCost({rowid_in}) <= level->cost)) {
    level->access = Access::kRowidEq;
    level->index = nullptr;
    level->eq_terms = {rowid_in};
    level->lower = nullptr;
    level->upper = nullptr;
    level->cost = kCostRowidEq + InCost({rowid_in});
    return Rc::kOk;
  }
  if (level->access == Access::kIndex) return Rc::kOk;
  SIMLITE_TRY(ChooseRowidRange(level));
  if (level->access == Access::kRowidRange || not_indexed) return Rc::kOk;
  return ChooseAutoIndex(level);
}

// INDEXED BY names an index of the item's table ("no such index: x" otherwise).
Rc WhereLoop::FindForcedIndexes() {
  forced_.assign(items_->size(), nullptr);
  for (size_t item_idx = 0; item_idx < items_->size(); item_idx++) {
    const FromItem& item = (*items_)[item_idx];
    if (item.table == nullptr || item.ref == nullptr ||
        item.ref->index_hint != parser::IndexHint::kIndexedBy) {
      continue;
    }
    for (const Index* index : item.table->indexes) {
      if (SameName(index->name, item.ref->index.text)) forced_[item_idx] = index;
    }
    if (forced_[item_idx] == nullptr) {
      return ctx_->Error("no such index: " + std::string(item.ref->index.text));
    }
  }
  return Rc::kOk;
}

Rc WhereLoop::Plan(const Expr* where) {
  planned_ = true;
  SIMLITE_TRY(FindForcedIndexes());
  SIMLITE_TRY(CollectTerms(where));
  SIMLITE_TRY(FindOrderItem());
  SIMLITE_TRY(OrderLevels());
  SIMLITE_TRY(PlanOrder());
  for (Level& level : levels_) PlanCovering(&level);
  return Rc::kOk;
}

// Greedy join order: at each step the item whose access path is cheapest given the loops
// already chosen. Ties go to the item after which the next loop is cheapest (scan t, look up u
// beats scan u, auto-index t; up to kMaxLookahead tables), then to the ORDER BY's item (first
// loop only), then to FROM order. LEFT JOINs keep FROM order.
Rc WhereLoop::OrderLevels() {
  const int item_count = static_cast<int>(items_->size());
  bool keep_order = false;
  for (const FromItem& item : *items_) keep_order = keep_order || item.left_join;
  uint64_t placed = 0;
  for (int position = 0; position < item_count; position++) {
    Level best;
    best.item = -1;
    int best_next = -1;
    for (int item_idx = 0; item_idx < item_count; item_idx++) {
      if (placed & (uint64_t{1} << item_idx)) continue;
      if (keep_order && item_idx != position) continue;
      if (!keep_order && (prerequisites_[static_cast<size_t>(item_idx)] & ~placed) != 0) continue;
      Level candidate;
      candidate.item = item_idx;
      candidate.placed = placed;
      SIMLITE_TRY(ChooseAccess(&candidate));
      if (best.item >= 0 && candidate.cost > best.cost) continue;
      int next = -1;  // not worked out
      if (best.item >= 0 && candidate.cost == best.cost && item_count <= kMaxLookahead) {
        if (best_next < 0) SIMLITE_TRY(NextCost(placed | (uint64_t{1} << best.item), &best_next));
        SIMLITE_TRY(NextCost(placed | (uint64_t{1} << item_idx), &next));
        const bool preferred = position == 0 && item_idx == order_item_;
        if (next > best_next || (next == best_next && !preferred)) continue;
      }
      best = std::move(candidate);
      best_next = next;
    }
    placed |= uint64_t{1} << best.item;
    levels_.push_back(std::move(best));
  }
  return Rc::kOk;
}

// The cost of the cheapest loop that could come next once the items in `placed` are (0 when
// none is left).
Rc WhereLoop::NextCost(uint64_t placed, int* cost) {
  auto cached = next_costs_.find(placed);
  if (cached != next_costs_.end()) {
    *cost = cached->second;
    return Rc::kOk;
  }
  *cost = 0;
  bool any = false;
  for (int item_idx = 0; item_idx < static_cast<int>(items_->size()); item_idx++) {
    if (placed & (uint64_t{1} << item_idx)) continue;
    if ((prerequisites_[static_cast<size_t>(item_idx)] & ~placed) != 0) continue;
    Level candidate;
    candidate.item = item_idx;
    candidate.placed = placed;
    SIMLITE_TRY(ChooseAccess(&candidate));
    if (!any || candidate.cost < *cost) *cost = candidate.cost;
    any = true;
  }
  next_costs_[placed] = *cost;
  return Rc::kOk;
}

}  // namespace simlite::codegen
