// Expression properties that comparisons depend on: affinity (datatype3.html 3.2) and
// collation (datatype3.html 7.1), with SQLite's precedence rules.
#include "codegen/expr_coder.h"

namespace simlite::codegen {

using parser::Expr;
using parser::ExprKind;

namespace {

// The column a resolved reference names, for its affinity and collation.
const SourceColumn* RefColumn(const ColumnRef& ref) {
  if (ref.kind != ColumnRef::Kind::kColumn) return nullptr;
  const FromItem& item = (*ref.context->items)[static_cast<size_t>(ref.item)];
  return &item.columns[static_cast<size_t>(ref.column)];
}

}  // namespace

Rc ExprCoder::AffinityOf(const Expr* expr, Affinity* affinity) {
  *affinity = Affinity::kNone;
  for (;;) {
    switch (expr->kind) {
      case ExprKind::kCollate:
        expr = expr->As<parser::CollateExpr>()->operand;
        continue;
      case ExprKind::kColumn: {
        ColumnRef ref;
        SIMLITE_TRY(ResolveColumn(ctx_, nc_, *expr->As<parser::ColumnExpr>(), &ref));
        if (ref.kind == ColumnRef::Kind::kAlias) {
          expr = ref.alias;
          continue;
        }
        if (ref.kind == ColumnRef::Kind::kRowid) *affinity = Affinity::kInteger;
        if (ref.kind == ColumnRef::Kind::kRegister) {
          *affinity = ref.excluded                ? Affinity::kNone
                      : ref.table_column == nullptr ? Affinity::kInteger
                      : ref.no_affinity           ? Affinity::kNone
                                                  : ref.table_column->affinity;
        }
        if (const SourceColumn* column = RefColumn(ref)) *affinity = column->affinity;
        return Rc::kOk;
      }
      case ExprKind::kCast:
        *affinity = vdbe::AffinityFromTypeName(expr->As<parser::CastExpr>()->type.text);
        return Rc::kOk;
      case ExprKind::kSubquery: {
        const parser::Select* select = expr->As<parser::SubqueryExpr>()->select;
        const parser::SelectCore* core = select->cores[0];
        if (core->is_values || core->columns.empty() || core->columns[0].expr == nullptr) {
          return Rc::kOk;
        }
        // The subquery's first column, resolved in the subquery's own FROM clause.
        return SubqueryColumnAffinity(this, select, affinity);
      }
      case ExprKind::kRowValue:
        expr = expr->As<parser::RowValueExpr>()->items[0];
        continue;
      default:
        return Rc::kOk;
    }
  }
}

Rc ExprCoder::CollationOf(const Expr* expr, Collation* collation, bool* found,
                          bool* is_explicit) {
  *found = false;
  *is_explicit = false;
  *collation = Collation::kBinary;
  for (;;) {
    switch (expr->kind) {
      case ExprKind::kCollate: {
        const auto* collate = expr->As<parser::CollateExpr>();
        if (!ExpressionCollation(ctx_->schema(), collate->collation.text, collation)) {
          return ctx_->Error("no such collation sequence: " +
                             std::string(collate->collation.text));
        }
        *found = true;
        *is_explicit = true;
        return Rc::kOk;
      }
      case ExprKind::kCast:
        expr = expr->As<parser::CastExpr>()->operand;
        continue;
      case ExprKind::kUnary: {
        const auto* unary = expr->As<parser::UnaryExpr>();
        if (unary->op != parser::UnaryOp::kPlus) return CollationOfOperands(expr, collation,
                                                                            found, is_explicit);
        expr = unary->operand;
        continue;
      }
      case ExprKind::kColumn: {
        ColumnRef ref;
        SIMLITE_TRY(ResolveColumn(ctx_, nc_, *expr->As<parser::ColumnExpr>(), &ref));
        if (ref.kind == ColumnRef::Kind::kAlias) {
          expr = ref.alias;
          continue;
        }
        if (const SourceColumn* column = RefColumn(ref)) {
          *collation = column->collation;
          *found = true;
        } else if (ref.kind == ColumnRef::Kind::kRowid) {
          *found = true;
        } else if (ref.kind == ColumnRef::Kind::kRegister && !ref.excluded) {
          if (ref.table_column != nullptr) *collation = ref.table_column->collation;
          *found = true;
        }
        return Rc::kOk;
      }
      case ExprKind::kSubquery:
        return SubqueryColumnCollation(this, expr->As<parser::SubqueryExpr>()->select,
                                       collation, found);
      default:
        return CollationOfOperands(expr, collation, found, is_explicit);
    }
  }
}

// An operator's collation comes from an explicit COLLATE inside its operands (left first),
// as SQLite's EP_Collate search does.
// A function's arguments and a CASE's parts (base, each WHEN and THEN, ELSE) count as
// operands too, in that order: SQLite's EP_Collate reaches them through their lists, so
// "CASE WHEN a THEN b ELSE c COLLATE NOCASE END" compares with NOCASE.
Rc ExprCoder::CollationOfOperands(const Expr* expr, Collation* collation, bool* found,
                                  bool* is_explicit) {
  std::vector<const Expr*> operands;
  switch (expr->kind) {
    case ExprKind::kBinary:
      operands = {expr->As<parser::BinaryExpr>()->left, expr->As<parser::BinaryExpr>()->right};
      break;
    case ExprKind::kUnary:
      operands = {expr->As<parser::UnaryExpr>()->operand};
      break;
    case ExprKind::kFunction:
      for (const Expr* arg : expr->As<parser::FunctionExpr>()->args) operands.push_back(arg);
      break;
    case ExprKind::kCase: {
      const auto* case_expr = expr->As<parser::CaseExpr>();
      operands.push_back(case_expr->base);
      for (const parser::WhenThen& when : case_expr->whens) {
        operands.push_back(when.when);
        operands.push_back(when.then);
      }
      operands.push_back(case_expr->otherwise);
      break;
    }
    default:
      return Rc::kOk;
  }
  for (const Expr* operand : operands) {
    if (operand == nullptr || !HasExplicitCollation(operand)) continue;
    return CollationOf(operand, collation, found, is_explicit);
  }
  return Rc::kOk;
}

bool HasExplicitCollation(const Expr* expr) {
  switch (expr->kind) {
    case ExprKind::kCollate:
      return true;
    case ExprKind::kCast:
      return HasExplicitCollation(expr->As<parser::CastExpr>()->operand);
    case ExprKind::kUnary:
      return HasExplicitCollation(expr->As<parser::UnaryExpr>()->operand);
    case ExprKind::kBinary: {
      const auto* binary = expr->As<parser::BinaryExpr>();
      return HasExplicitCollation(binary->left) || HasExplicitCollation(binary->right);
    }
    case ExprKind::kFunction:
      for (const Expr* arg : expr->As<parser::FunctionExpr>()->args) {
        if (HasExplicitCollation(arg)) return true;
      }
      return false;
    case ExprKind::kCase: {
      const auto* case_expr = expr->As<parser::CaseExpr>();
      if (case_expr->base != nullptr && HasExplicitCollation(case_expr->base)) return true;
      for (const parser::WhenThen& when : case_expr->whens) {
        if (HasExplicitCollation(when.when) || HasExplicitCollation(when.then)) return true;
      }
      return case_expr->otherwise != nullptr && HasExplicitCollation(case_expr->otherwise);
    }
    default:
      return false;
  }
}

Rc ExprCoder::ComparisonCollation(const Expr* left, const Expr* right, Collation* collation) {
  bool found = false;
  bool is_explicit = false;
  if (HasExplicitCollation(left)) return CollationOf(left, collation, &found, &is_explicit);
  if (right != nullptr && HasExplicitCollation(right)) {
    return CollationOf(right, collation, &found, &is_explicit);
  }
  SIMLITE_TRY(CollationOf(left, collation, &found, &is_explicit));
  if (!found && right != nullptr) SIMLITE_TRY(CollationOf(right, collation, &found, &is_explicit));
  if (!found) *collation = Collation::kBinary;
  return Rc::kOk;
}

Rc ExprCoder::ComparisonAffinity(const Expr* left, const Expr* right, Affinity* affinity) {
  Affinity left_affinity;
  Affinity right_affinity;
  SIMLITE_TRY(AffinityOf(left, &left_affinity));
  SIMLITE_TRY(AffinityOf(right, &right_affinity));
  *affinity = vdbe::ComparisonAffinity(left_affinity, right_affinity);
  return Rc::kOk;
}

}  // namespace simlite::codegen
