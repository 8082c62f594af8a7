// WhereLoop: term analysis, access-path choice and loop emission (see where_coder.h).
#include "codegen/where_coder.h"

#include "codegen/expr_walk.h"

namespace simlite::codegen {

using parser::BinaryOp;
using parser::Expr;
using parser::ExprKind;

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
  for (Term& term : terms_) SIMLITE_TRY(TermMask(term.expr, &term.mask));
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

// When `term` is "column = value" (either way round) for the given column of item `item`, with
// a value computable before that item's loop, *value receives the value's expression.
Rc WhereLoop::UsableEquality(const Term& term, int item, int column, const Expr** value) {
  *value = nullptr;
  if (term.on_item >= 0 && term.on_item != item) return Rc::kOk;
  if (term.expr->kind != ExprKind::kBinary) return Rc::kOk;
  const auto* binary = term.expr->As<parser::BinaryExpr>();
  if (binary->op != BinaryOp::kEq) return Rc::kOk;
  const uint64_t earlier = (uint64_t{1} << item) - 1;
  const Expr* sides[2] = {binary->left, binary->right};
  for (int side = 0; side < 2; side++) {
    int side_column = 0;
    SIMLITE_TRY(ItemColumn(sides[side], item, &side_column));
    if (side_column != column) continue;
    uint64_t other_mask = 0;
    SIMLITE_TRY(TermMask(sides[1 - side], &other_mask));
    if ((other_mask & ~earlier) != 0 || HasSubquery(sides[1 - side])) continue;
    *value = sides[1 - side];
    return Rc::kOk;
  }
  return Rc::kOk;
}

Rc WhereLoop::ChooseAccess(Level* level) {
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  if (item.table == nullptr || item.table->without_rowid) return Rc::kOk;
  for (const Term& term : terms_) {
    const Expr* value = nullptr;
    SIMLITE_TRY(UsableEquality(term, level->item, kRowidColumn, &value));
    if (value == nullptr) continue;
    level->access = Access::kRowidEq;
    level->eq_terms = {&term};
    return Rc::kOk;
  }
  // The index with the longest prefix of usable equalities.
  for (const Index* index : item.table->indexes) {
    if (index->where != nullptr) continue;
    std::vector<const Term*> found;
    for (const IndexColumn& index_column : index->columns) {
      if (index_column.column == kExpressionColumn) break;
      const Term* match = nullptr;
      for (const Term& term : terms_) {
        const Expr* value = nullptr;
        SIMLITE_TRY(UsableEquality(term, level->item, index_column.column, &value));
        if (value == nullptr) continue;
        const auto* binary = term.expr->As<parser::BinaryExpr>();
        Affinity affinity;
        Collation collation;
        SIMLITE_TRY(coder_->ComparisonAffinity(binary->left, binary->right, &affinity));
        SIMLITE_TRY(coder_->ComparisonCollation(binary->left, binary->right, &collation));
        if (collation != index_column.collation) continue;
        Affinity column_affinity =
            index_column.column == kRowidColumn
                ? Affinity::kInteger
                : item.table->columns[static_cast<size_t>(index_column.column)].affinity;
        bool affinity_ok = affinity <= Affinity::kBlob ||
                           (affinity == Affinity::kText ? column_affinity == Affinity::kText
                                                        : vdbe::IsNumericAffinity(column_affinity));
        if (!affinity_ok) continue;
        match = &term;
        break;
      }
      if (match == nullptr) break;
      found.push_back(match);
    }
    if (found.size() > level->eq_terms.size()) {
      level->access = Access::kIndexEq;
      level->index = index;
      level->eq_terms = std::move(found);
    }
  }
  if (level->access == Access::kIndexEq) return Rc::kOk;
  // A rowid range.
  const uint64_t earlier = (uint64_t{1} << level->item) - 1;
  for (const Term& term : terms_) {
    if (term.on_item >= 0 && term.on_item != level->item) continue;
    if (term.expr->kind != ExprKind::kBinary) continue;
    const auto* binary = term.expr->As<parser::BinaryExpr>();
    if (binary->op != BinaryOp::kLt && binary->op != BinaryOp::kLe &&
        binary->op != BinaryOp::kGt && binary->op != BinaryOp::kGe) {
      continue;
    }
    int column = 0;
    SIMLITE_TRY(ItemColumn(binary->left, level->item, &column));
    BinaryOp op = binary->op;
    const Expr* value = binary->right;
    if (column != kRowidColumn) {
      SIMLITE_TRY(ItemColumn(binary->right, level->item, &column));
      if (column != kRowidColumn) continue;
      op = Flip(op);
      value = binary->left;
    }
    uint64_t mask = 0;
    SIMLITE_TRY(TermMask(value, &mask));
    if ((mask & ~earlier) != 0 || HasSubquery(value)) continue;
    const bool is_lower = op == BinaryOp::kGt || op == BinaryOp::kGe;
    if (is_lower && level->lower == nullptr) level->lower = &term;
    if (!is_lower && level->upper == nullptr) level->upper = &term;
  }
  if (level->lower != nullptr || level->upper != nullptr) level->access = Access::kRowidRange;
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
    }
  }
  return Rc::kOk;
}

Rc WhereLoop::Begin(const Expr* where) {
  ProgramBuilder& b = ctx_->builder();
  break_label_ = b.NewLabel();
  SIMLITE_TRY(CollectTerms(where));
  for (size_t item_idx = 0; item_idx < items_->size(); item_idx++) {
    Level level;
    level.item = static_cast<int>(item_idx);
    level.next_label = b.NewLabel();
    level.end_label = b.NewLabel();
    level.body_label = b.NewLabel();
    SIMLITE_TRY(ChooseAccess(&level));
    levels_.push_back(std::move(level));
  }
  SIMLITE_TRY(OpenCursors());
  // Terms that name no table of this query: once, before the loops.
  for (Term& term : terms_) {
    if (term.mask != 0 || term.on_item >= 0) continue;
    SIMLITE_TRY(coder_->CodeIfFalse(term.expr, break_label_, true));
    term.coded = true;
  }
  for (size_t level_idx = 0; level_idx < levels_.size(); level_idx++) {
    SIMLITE_TRY(BeginLevel(&levels_[level_idx]));
  }
  continue_label_ = levels_.empty() ? b.NewLabel() : levels_.back().next_label;
  return Rc::kOk;
}

Rc WhereLoop::CodeTermsAt(int level_idx, bool on_terms, int fail_label) {
  for (Term& term : terms_) {
    if (term.coded) continue;
    if (on_terms != (term.on_item == level_idx)) continue;
    int highest = -1;
    for (int item_idx = 0; item_idx < 64; item_idx++) {
      if (term.mask & (uint64_t{1} << item_idx)) highest = item_idx;
    }
    if (!on_terms && highest > level_idx) continue;
    SIMLITE_TRY(coder_->CodeIfFalse(term.expr, fail_label, true));
    term.coded = true;
  }
  return Rc::kOk;
}

Rc WhereLoop::BeginLevel(Level* level) {
  ProgramBuilder& b = ctx_->builder();
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
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
      const int count = static_cast<int>(level->eq_terms.size());
      const int key = b.AllocRegisters(count);
      std::string affinities;
      for (int term_idx = 0; term_idx < count; term_idx++) {
        const auto* binary = level->eq_terms[static_cast<size_t>(term_idx)]->expr
                                 ->As<parser::BinaryExpr>();
        const IndexColumn& index_column = level->index->columns[static_cast<size_t>(term_idx)];
        int column = 0;
        SIMLITE_TRY(ItemColumn(binary->left, level->item, &column));
        const Expr* value = column == index_column.column ? binary->right : binary->left;
        SIMLITE_TRY(coder_->Code(value, key + term_idx));
        b.Add(Opcode::kIsNull, key + term_idx, level->end_label);
        Affinity comparison;
        SIMLITE_TRY(coder_->ComparisonAffinity(binary->left, binary->right, &comparison));
        Affinity column_affinity =
            index_column.column == kRowidColumn
                ? Affinity::kInteger
                : item.table->columns[static_cast<size_t>(index_column.column)].affinity;
        affinities += static_cast<char>(comparison <= Affinity::kBlob ? Affinity::kBlob
                                                                      : column_affinity);
      }
      b.Add(Opcode::kAffinity, key, count);
      b.SetP4Affinity(affinities);
      b.Add(Opcode::kSeekGE, level->index_cursor, level->end_label, key);
      b.SetP4Int(count);
      level->top = b.current_address();
      b.Add(Opcode::kIdxGT, level->index_cursor, level->end_label, key);
      b.SetP4Int(count);
      b.Add(Opcode::kDeferredSeek, level->index_cursor, 0, item.cursor);
      break;
    }
    case Access::kRowidRange:
      SIMLITE_TRY(BeginRowidRange(level));
      break;
  }
  SIMLITE_TRY(CodeTermsAt(level->item, true, level->next_label));
  if (item.left_join) b.Add(Opcode::kInteger, 1, level->match_reg);
  b.ResolveLabel(level->body_label);
  return CodeTermsAt(level->item, false, level->next_label);
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
