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

namespace simlite::codegen {

namespace {

bool SameText(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t char_idx = 0; char_idx < a.size(); char_idx++) {
    char x = a[char_idx];
    char y = b[char_idx];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

bool SameName(const parser::Name& a, const parser::Name& b) {
  return a.IsSet() == b.IsSet() && SameText(a.text, b.text);
}

bool SameList(const parser::ArenaList<Expr*>& a, const parser::ArenaList<Expr*>& b) {
  if (a.size() != b.size()) return false;
  for (uint32_t item_idx = 0; item_idx < a.size(); item_idx++) {
    if (!ExprEqual(a[item_idx], b[item_idx])) return false;
  }
  return true;
}

bool SameOptional(const Expr* a, const Expr* b) {
  return (a == nullptr && b == nullptr) || (a != nullptr && b != nullptr && ExprEqual(a, b));
}

}  // namespace

bool ExprEqual(const Expr* a, const Expr* b) {
  if (a == b) return true;
  if (a->kind != b->kind) return false;
  switch (a->kind) {
    case ExprKind::kLiteral: {
      const auto* x = a->As<parser::LiteralExpr>();
      const auto* y = b->As<parser::LiteralExpr>();
      return x->literal == y->literal && x->text == y->text;
    }
    case ExprKind::kVariable:
      return a->As<parser::VariableExpr>()->index == b->As<parser::VariableExpr>()->index;
    case ExprKind::kColumn: {
      const auto* x = a->As<parser::ColumnExpr>();
      const auto* y = b->As<parser::ColumnExpr>();
      return SameName(x->schema, y->schema) && SameName(x->table, y->table) &&
             SameName(x->column, y->column);
    }
    case ExprKind::kUnary: {
      const auto* x = a->As<parser::UnaryExpr>();
      const auto* y = b->As<parser::UnaryExpr>();
      return x->op == y->op && ExprEqual(x->operand, y->operand);
    }
    case ExprKind::kBinary: {
      const auto* x = a->As<parser::BinaryExpr>();
      const auto* y = b->As<parser::BinaryExpr>();
      return x->op == y->op && ExprEqual(x->left, y->left) && ExprEqual(x->right, y->right);
    }
    case ExprKind::kCollate: {
      const auto* x = a->As<parser::CollateExpr>();
      const auto* y = b->As<parser::CollateExpr>();
      return SameName(x->collation, y->collation) && ExprEqual(x->operand, y->operand);
    }
    case ExprKind::kCast: {
      const auto* x = a->As<parser::CastExpr>();
      const auto* y = b->As<parser::CastExpr>();
      return SameText(x->type.text, y->type.text) && ExprEqual(x->operand, y->operand);
    }
    case ExprKind::kBetween: {
      const auto* x = a->As<parser::BetweenExpr>();
      const auto* y = b->As<parser::BetweenExpr>();
      return x->negated == y->negated && ExprEqual(x->operand, y->operand) &&
             ExprEqual(x->low, y->low) && ExprEqual(x->high, y->high);
    }
    case ExprKind::kLike: {
      const auto* x = a->As<parser::LikeExpr>();
      const auto* y = b->As<parser::LikeExpr>();
      return x->op == y->op && x->negated == y->negated && ExprEqual(x->operand, y->operand) &&
             ExprEqual(x->pattern, y->pattern) && SameOptional(x->escape, y->escape);
    }
    case ExprKind::kIn: {
      const auto* x = a->As<parser::InExpr>();
      const auto* y = b->As<parser::InExpr>();
      return x->form == parser::InForm::kList && y->form == parser::InForm::kList &&
             x->negated == y->negated && ExprEqual(x->operand, y->operand) &&
             SameList(x->list, y->list);
    }
    case ExprKind::kCase: {
      const auto* x = a->As<parser::CaseExpr>();
      const auto* y = b->As<parser::CaseExpr>();
      if (x->whens.size() != y->whens.size() || !SameOptional(x->base, y->base) ||
          !SameOptional(x->otherwise, y->otherwise)) {
        return false;
      }
      for (uint32_t when_idx = 0; when_idx < x->whens.size(); when_idx++) {
        if (!ExprEqual(x->whens[when_idx].when, y->whens[when_idx].when) ||
            !ExprEqual(x->whens[when_idx].then, y->whens[when_idx].then)) {
          return false;
        }
      }
      return true;
    }
    case ExprKind::kFunction: {
      const auto* x = a->As<parser::FunctionExpr>();
      const auto* y = b->As<parser::FunctionExpr>();
      return SameText(x->name.text, y->name.text) && x->distinct == y->distinct &&
             x->star == y->star && x->over == nullptr && y->over == nullptr &&
             !x->over_name.IsSet() && !y->over_name.IsSet() && SameList(x->args, y->args) &&
             SameOptional(x->filter, y->filter);
    }
    case ExprKind::kRowValue:
      return SameList(a->As<parser::RowValueExpr>()->items, b->As<parser::RowValueExpr>()->items);
    default:
      return false;  // subqueries and RAISE are never equal
  }
}

}  // namespace simlite::codegen
