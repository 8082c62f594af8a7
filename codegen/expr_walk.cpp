// Expression tree walks.
#include "codegen/expr_walk.h"

namespace simlite::codegen {

using parser::Expr;
using parser::ExprKind;

void ForEachChild(const Expr* expr, const std::function<void(const Expr*)>& visit) {
  auto maybe = [&](const Expr* child) {
    if (child != nullptr) visit(child);
  };
  switch (expr->kind) {
    case ExprKind::kUnary:
      maybe(expr->As<parser::UnaryExpr>()->operand);
      break;
    case ExprKind::kBinary:
      maybe(expr->As<parser::BinaryExpr>()->left);
      maybe(expr->As<parser::BinaryExpr>()->right);
      break;
    case ExprKind::kCollate:
      maybe(expr->As<parser::CollateExpr>()->operand);
      break;
    case ExprKind::kCast:
      maybe(expr->As<parser::CastExpr>()->operand);
      break;
    case ExprKind::kBetween: {
      const auto* between = expr->As<parser::BetweenExpr>();
      maybe(between->operand);
      maybe(between->low);
      maybe(between->high);
      break;
    }
    case ExprKind::kLike: {
      const auto* like = expr->As<parser::LikeExpr>();
      maybe(like->operand);
      maybe(like->pattern);
      maybe(like->escape);
      break;
    }
    case ExprKind::kIn: {
      const auto* in = expr->As<parser::InExpr>();
      maybe(in->operand);
      for (const Expr* item : in->list) maybe(item);
      break;
    }
    case ExprKind::kCase: {
      const auto* case_expr = expr->As<parser::CaseExpr>();
      maybe(case_expr->base);
      for (const parser::WhenThen& when : case_expr->whens) {
        maybe(when.when);
        maybe(when.then);
      }
      maybe(case_expr->otherwise);
      break;
    }
    case ExprKind::kFunction: {
      const auto* function = expr->As<parser::FunctionExpr>();
      for (const Expr* arg : function->args) maybe(arg);
      maybe(function->filter);
      break;
    }
    case ExprKind::kRowValue:
      for (const Expr* item : expr->As<parser::RowValueExpr>()->items) maybe(item);
      break;
    default:
      break;
  }
}

Rc WalkExpr(const Expr* expr, const std::function<Rc(const Expr*, bool* descend)>& visit) {
  bool descend = true;
  SIMLITE_TRY(visit(expr, &descend));
  if (!descend) return Rc::kOk;
  Rc rc = Rc::kOk;
  ForEachChild(expr, [&](const Expr* child) {
    if (rc == Rc::kOk) rc = WalkExpr(child, visit);
  });
  return rc;
}

bool HasSubquery(const Expr* expr) {
  bool found = false;
  (void)WalkExpr(expr, [&](const Expr* node, bool*) {
    if (node->kind == ExprKind::kExists || node->kind == ExprKind::kSubquery ||
        (node->kind == ExprKind::kIn &&
         node->As<parser::InExpr>()->form != parser::InForm::kList)) {
      found = true;
    }
    return Rc::kOk;
  });
  return found;
}

}  // namespace simlite::codegen
