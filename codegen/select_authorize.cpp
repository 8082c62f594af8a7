// The authorizer's calls for the names a SELECT reads, in SQLite's order. SQLite resolves
// every name of a statement before it codes anything: the subqueries and views of a FROM
// clause first (a view's reads name the view as their context), then the result columns,
// HAVING, WHERE (with the ON clauses), GROUP BY and ORDER BY, each expression's subqueries
// where they stand. Codegen here resolves as it codes, so with an authorizer a SELECT is first
// walked in that order (AuthorizeNames) and the answers kept per reference
// (CodegenContext::AuthorizeRead): the coding that follows asks nothing twice. (Preparing a
// query for the walk takes cursor numbers the program then leaves unused: with an authorizer,
// EXPLAIN shows other cursor numbers.)
#include "codegen/expr_coder.h"
#include "codegen/expr_walk.h"
#include "codegen/select_coder.h"

namespace simlite::codegen {

using parser::Expr;
using parser::ExprKind;

namespace {

// The SELECT of a subquery expression (scalar, EXISTS, IN (SELECT ...)), or null.
const parser::Select* SubqueryOf(const Expr* expr) {
  switch (expr->kind) {
    case ExprKind::kSubquery:
      return expr->As<parser::SubqueryExpr>()->select;
    case ExprKind::kExists:
      return expr->As<parser::ExistsExpr>()->select;
    case ExprKind::kIn:
      return expr->As<parser::InExpr>()->select;
    default:
      return nullptr;
  }
}

}  // namespace

Rc AuthorizeSubqueryNames(CodegenContext* ctx, NameContext* outer, const Expr* expr) {
  const parser::Select* select = SubqueryOf(expr);
  if (select == nullptr || !ctx->has_authorizer()) return Rc::kOk;
  SelectCoder sub(ctx, outer);
  return sub.AuthorizeNames(select);
}

Rc AuthorizeUnreadTables(CodegenContext* ctx, const std::vector<FromItem>& items) {
  if (!ctx->has_authorizer()) return Rc::kOk;
  for (const FromItem& item : items) {
    // Tables and CTEs, not subqueries or table-valued pragmas; nor views, which SQLite mostly
    // flattens into the query (it then asks about the view's tables instead).
    if (item.ref == nullptr || item.ref->kind != parser::TableRefKind::kTable ||
        !item.pragma.empty() || !item.view_source.empty() || ctx->ReadsOf(item.ref)) {
      continue;
    }
    const std::string_view name =
        item.table != nullptr ? std::string_view(item.table->name) : item.ref->name.name.text;
    const parser::Name& schema = item.ref->name.schema;
    SIMLITE_TRY(ctx->Authorize(AuthAction::kRead, name, "",
                               schema.IsSet() ? AuthArg(schema.text) : AuthArg()));
  }
  return Rc::kOk;
}

// The reads and calls of a result column, asked before the query is known to be an aggregate
// (a call the authorizer ignores is a NULL, which makes "SELECT count(*) ..." no aggregate).
Rc SelectCoder::AuthorizeResult(CoreState* state, const Expr* result) {
  if (!ctx_->has_authorizer()) return Rc::kOk;
  return WalkExpr(result, [&](const Expr* node, bool* descend) -> Rc {
    SIMLITE_TRY(AuthorizeSubqueryNames(ctx_, &state->nc, node));
    if (node->kind == ExprKind::kColumn) {
      *descend = false;
      const auto& column = *node->As<parser::ColumnExpr>();
      ColumnRef ref;
      SIMLITE_TRY(ResolveColumn(ctx_, &state->nc, column, &ref));
      bool ignore = false;
      return AuthorizeColumnRead(ctx_, column, ref, &ignore);
    }
    if (node->kind != ExprKind::kFunction) return Rc::kOk;
    const auto* function = node->As<parser::FunctionExpr>();
    const vdbe::FunctionDef* def = ctx_->FindFunction(
        function->name.text, function->star ? 0 : static_cast<int>(function->args.size()));
    if (def == nullptr) return Rc::kOk;  // CheckCoreNames reports it
    bool ignore = false;
    SIMLITE_TRY(ctx_->AuthorizeFunction(node, def->name, &ignore));
    *descend = !ignore;
    return Rc::kOk;
  });
}

// The subqueries, views and CTEs of the FROM clause, each as MaterializeSubqueries will code
// it (the same query around it and CTEs), named by its view or CTE name, if any.
Rc SelectCoder::AuthorizeFromSubqueries(CoreState* state) {
  if (!ctx_->has_authorizer()) return Rc::kOk;
  for (size_t item_idx = 0; item_idx < state->items.size(); item_idx++) {
    const CoreState::Source& source = state->subqueries[item_idx];
    if (source.select == nullptr || (source.cte != nullptr && source.cte->recursive)) continue;
    const FromItem& item = state->items[item_idx];
    const bool is_subquery = item.ref->kind == parser::TableRefKind::kSubquery;
    SelectCoder sub(ctx_, is_subquery ? outer_ : nullptr,
                    source.cte != nullptr ? source.cte->scope : (is_subquery ? ctes_ : nullptr));
    ItemSourceScope scope(ctx_, item);
    AuthContextScope auth(ctx_, is_subquery ? ctx_->auth_context() : item.ref->name.name.text);
    SIMLITE_TRY(sub.AuthorizeNames(source.select));
  }
  return Rc::kOk;
}

Rc SelectCoder::AuthorizeNames(const parser::Select* select) {
  if (!ctx_->has_authorizer()) return Rc::kOk;
  SIMLITE_TRY(EnterWith(select));
  for (const parser::SelectCore* core : select->cores) {
    if (core->is_values) continue;
    std::unique_ptr<CoreState> state;
    SIMLITE_TRY(PrepareCore(core, false, &state));
    SIMLITE_TRY(AuthorizeFromSubqueries(state.get()));
    for (const Expr* result : state->results) SIMLITE_TRY(AuthorizeResult(state.get(), result));
    SIMLITE_TRY(CheckCoreNames(state.get()));
    if (select->cores.size() > 1) continue;  // a compound's ORDER BY names result columns
    ExprCoder coder(ctx_, &state->nc);
    coder.set_aggregates_allowed(state->aggregate);
    for (const parser::OrderingTerm& term : select->order_limit.order_by) {
      const Expr* expr = term.expr;
      while (expr->kind == ExprKind::kCollate) expr = expr->As<parser::CollateExpr>()->operand;
      if (expr->kind == ExprKind::kLiteral) continue;  // a result column number
      if (expr->kind == ExprKind::kColumn && !expr->As<parser::ColumnExpr>()->table.IsSet()) {
        bool alias = false;
        for (const ResultAlias& result : state->aliases) {
          alias = alias || (!result.alias.empty() &&
                            SameName(result.alias, expr->As<parser::ColumnExpr>()->column.text));
        }
        if (alias) continue;
      }
      SIMLITE_TRY(coder.CheckNames(term.expr));
    }
  }
  return Rc::kOk;
}

}  // namespace simlite::codegen
