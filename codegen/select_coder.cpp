// SelectCoder: FROM items, result columns and their names, and simple (non-compound) selects.
// Aggregates are in select_aggregate.cpp, compounds in select_compound.cpp, subqueries in
// select_subquery.cpp.
#include "codegen/select_coder.h"

#include "codegen/column_usage.h"
#include "codegen/expr_walk.h"
#include "codegen/output_stage.h"
#include "codegen/where_coder.h"
#include "vdbe/function.h"

namespace simlite::codegen {

using parser::Expr;
using parser::ExprKind;

std::string Ordinal(int n) {
  static constexpr const char* kSuffixes[] = {"th", "st", "nd", "rd"};
  int last_two = n % 100;
  int last = n % 10;
  const char* suffix = (last_two >= 11 && last_two <= 13) || last > 3 ? "th" : kSuffixes[last];
  return std::to_string(n) + suffix;
}

Rc SelectCoder::Code(const parser::Select* select, const SelectDest& dest) {
  // SQLITE_SELECT for every SELECT coded (set_statement_select for what IGNORE does).
  bool ignore = false;
  SIMLITE_TRY(ctx_->Authorize(AuthAction::kSelect, {}, {}, {}, &ignore));
  if (ignore) {
    // No code: the statement's own SELECT returns nothing (not even columns); a subquery
    // returns no row (its result columns are still described for the query around it).
    if (statement_select_) return Rc::kOk;
    return Describe(select);
  }
  SIMLITE_TRY(EnterWith(select));
  if (select->cores.size() > 1) {
    // SQLite resolves every arm before it codes the first.
    SIMLITE_TRY(CheckCompoundTables(select));
    SIMLITE_TRY(AuthorizeNames(select));
    return CodeCompound(select, dest);
  }
  return CodeSimple(select, dest);
}

Rc SelectCoder::Describe(const parser::Select* select) {
  SIMLITE_TRY(EnterWith(select));
  SIMLITE_TRY(CheckCompoundTables(select));
  std::unique_ptr<CoreState> state;
  SIMLITE_TRY(PrepareCore(select->cores[0], false, &state));
  return DescribeColumns(state.get());
}

namespace {

// Synthesizes "[main.]item.column" for * expansion.
const Expr* ColumnReference(CodegenContext* ctx, const FromItem& item, const SourceColumn& column) {
  parser::Arena& arena = ctx->arena();
  auto* expr = arena.New<parser::ColumnExpr>();
  const parser::SourceSpan dummy{0, 1};  // a non-empty span marks a name as present
  if (!item.name.empty()) {
    expr->table.text = arena.CopyString(item.name);
    expr->table.span = dummy;
    if (item.table != nullptr && (item.ref == nullptr || !item.ref->alias.IsSet())) {
      expr->schema.text = item.schema_name;
      expr->schema.span = dummy;
    }
  }
  expr->column.text = arena.CopyString(column.name);
  expr->column.span = dummy;
  return expr;
}

}  // namespace

Rc SelectCoder::ExpandResults(CoreState* state) {
  for (const parser::ResultColumn& column : state->core->columns) {
    if (column.expr != nullptr) {
      state->results.push_back(column.expr);
      state->names.push_back(column.alias.IsSet() ? std::string(column.alias.text) : "");
      state->aliases.push_back(
          {column.alias.IsSet() ? std::string(column.alias.text) : "", column.expr});
      continue;
    }
    if (state->items.empty()) return ctx_->Error("no tables specified");
    bool found = false;
    for (size_t item_idx = 0; item_idx < state->items.size(); item_idx++) {
      const FromItem& item = state->items[item_idx];
      if (column.table.IsSet() && !SameName(item.name, column.table.text)) continue;
      found = true;
      for (size_t column_idx = 0; column_idx < item.columns.size(); column_idx++) {
        const SourceColumn& source = item.columns[column_idx];
        if ((!column.table.IsSet() && source.hidden_by_using) || source.hidden) continue;
        const Expr* expr = nullptr;
        if (ctx_->has_authorizer()) {
          const Expr*& kept = ctx_->StarColumn(&column, item_idx, column_idx);
          if (kept == nullptr) kept = ColumnReference(ctx_, item, source);
          expr = kept;
        } else {
          expr = ColumnReference(ctx_, item, source);
        }
        state->results.push_back(expr);
        state->names.push_back(source.name);
        state->aliases.push_back({"", expr});
      }
    }
    if (!found) return ctx_->Error("no such table: " + std::string(column.table.text));
  }
  return Rc::kOk;
}

Rc SelectCoder::PrepareCore(const parser::SelectCore* core, bool emit,
                            std::unique_ptr<CoreState>* out) {
  auto state = std::make_unique<CoreState>();
  state->core = core;
  state->nc.items = &state->items;
  state->nc.outer = outer_;
  state->nc.ctes = ctes_;
  if (core->is_values) {
    *out = std::move(state);
    return Rc::kOk;
  }
  SIMLITE_TRY(AddFromItems(state.get(), core->from, emit));
  if (emit) SIMLITE_TRY(AuthorizeFromSubqueries(state.get()));
  SIMLITE_TRY(ExpandResults(state.get()));
  state->aggregate = !core->group_by.empty();
  // An aggregate anywhere in the results (a window's arguments and PARTITION BY / ORDER BY
  // included) makes the query an aggregate one; a window call itself does not.
  std::function<Rc(const Expr*, bool*)> visit = [&](const Expr* node, bool* descend) -> Rc {
    if (node->kind != ExprKind::kFunction) return Rc::kOk;
    if (ctx_->AuthIgnored(node)) {
      *descend = false;  // the authorizer said SQLITE_IGNORE: NULL, not a call
      return Rc::kOk;
    }
    const auto* function = node->As<parser::FunctionExpr>();
    if (IsWindowCall(*function)) {
      state->windowed = true;
      for (const parser::WindowDef& def : core->windows) {
        for (const Expr* term : def.spec->partition_by) SIMLITE_TRY(WalkExpr(term, visit));
        for (const parser::OrderingTerm& term : def.spec->order_by) {
          SIMLITE_TRY(WalkExpr(term.expr, visit));
        }
      }
      if (function->over != nullptr) {
        for (const Expr* term : function->over->partition_by) SIMLITE_TRY(WalkExpr(term, visit));
        for (const parser::OrderingTerm& term : function->over->order_by) {
          SIMLITE_TRY(WalkExpr(term.expr, visit));
        }
      }
      return Rc::kOk;
    }
    const vdbe::FunctionDef* def = ctx_->FindFunction(
        function->name.text, function->star ? 0 : static_cast<int>(function->args.size()));
    if (def != nullptr && def->aggregate != nullptr) state->aggregate = true;
    return Rc::kOk;
  };
  for (const Expr* result : state->results) {
    if (emit) SIMLITE_TRY(AuthorizeResult(state.get(), result));
    SIMLITE_TRY(WalkExpr(result, visit));
  }
  *out = std::move(state);
  return Rc::kOk;
}

Rc SelectCoder::DescribeColumns(CoreState* state) {
  columns_.clear();
  if (state->core->is_values) {
    const auto& row = state->core->rows[0];
    for (uint32_t column_idx = 0; column_idx < row.size(); column_idx++) {
      ResultColumnInfo info;
      info.name = "column" + std::to_string(column_idx + 1);
      info.subquery_name = info.name;
      columns_.push_back(std::move(info));
    }
    return Rc::kOk;
  }
  ExprCoder coder(ctx_, &state->nc);
  for (size_t result_idx = 0; result_idx < state->results.size(); result_idx++) {
    const Expr* expr = state->results[result_idx];
    ResultColumnInfo info;
    info.name = state->names[result_idx];
    if (expr->kind == ExprKind::kColumn) {
      ColumnRef ref;
      SIMLITE_TRY(ResolveColumn(ctx_, &state->nc, *expr->As<parser::ColumnExpr>(), &ref));
      if (ref.kind == ColumnRef::Kind::kColumn || ref.kind == ColumnRef::Kind::kRowid) {
        const FromItem& item = (*ref.context->items)[static_cast<size_t>(ref.item)];
        if (ref.kind == ColumnRef::Kind::kColumn) {
          const SourceColumn& column = item.columns[static_cast<size_t>(ref.column)];
          if (info.name.empty()) info.name = column.name;
          info.decltype_name = column.decltype_name;
        } else if (info.name.empty()) {
          info.name = item.table != nullptr && item.table->rowid_alias >= 0
                          ? item.table->columns[static_cast<size_t>(item.table->rowid_alias)].name
                          : "rowid";
        }
      }
    }
    if (info.name.empty()) {
      info.name = std::string(ctx_->Text(state->core->columns[0].span));
      for (const parser::ResultColumn& column : state->core->columns) {
        if (column.expr == expr) info.name = std::string(ctx_->Text(column.span));
      }
    }
    SIMLITE_TRY(coder.AffinityOf(expr, &info.affinity));
    bool found = false;
    bool is_explicit = false;
    SIMLITE_TRY(coder.CollationOf(expr, &info.collation, &found, &is_explicit));
    // Subquery columns must have distinct names: "a", "a:1", "a:2", ...
    info.subquery_name = info.name;
    for (int suffix = 1;; suffix++) {
      bool clash = false;
      for (const ResultColumnInfo& earlier : columns_) {
        clash = clash || SameName(earlier.subquery_name, info.subquery_name);
      }
      if (!clash) break;
      info.subquery_name = info.name + ":" + std::to_string(suffix);
    }
    columns_.push_back(std::move(info));
  }
  return Rc::kOk;
}

// Name checks in SQLite's order (result columns, HAVING, WHERE, GROUP BY), so that the first
// error reported is SQLite's.
Rc SelectCoder::CheckCoreNames(CoreState* state) {
  const parser::SelectCore* core = state->core;
  SIMLITE_TRY(CheckWindowClause(ctx_, core));
  ExprCoder coder(ctx_, &state->nc);
  coder.set_aggregates_allowed(true);
  coder.set_windows_allowed(true);
  for (const Expr* result : state->results) SIMLITE_TRY(coder.CheckNames(result));
  coder.set_windows_allowed(false);
  state->nc.aliases = &state->aliases;
  if (core->having != nullptr) {
    if (!state->aggregate) return ctx_->Error("HAVING clause on a non-aggregate query");
    SIMLITE_TRY(coder.CheckNames(core->having));
  }
  if (core->where != nullptr) {
    coder.set_aggregates_allowed(false);
    SIMLITE_TRY(coder.CheckNames(core->where));
  }
  if (ctx_->has_authorizer()) {
    // SQLite resolves the ON clauses as part of the WHERE (after its own terms): the
    // authorizer sees their column reads there. (Elsewhere they are checked when coded.)
    coder.set_aggregates_allowed(false);
    for (const FromItem& item : state->items) {
      if (item.ref != nullptr && item.ref->on != nullptr) {
        SIMLITE_TRY(coder.CheckNames(item.ref->on));
      }
    }
  }
  coder.set_aggregates_allowed(true);
  for (const Expr* group : core->group_by) {
    SIMLITE_TRY(coder.CheckNames(group));
    bool has_aggregate = false;
    SIMLITE_TRY(WalkExpr(group, [&](const Expr* node, bool*) {
      if (node->kind != ExprKind::kFunction) return Rc::kOk;
      const auto* function = node->As<parser::FunctionExpr>();
      const vdbe::FunctionDef* def = ctx_->FindFunction(
          function->name.text, function->star ? 0 : static_cast<int>(function->args.size()));
      if (def != nullptr && def->aggregate != nullptr) has_aggregate = true;
      return Rc::kOk;
    }));
    if (has_aggregate) {
      return ctx_->Error("aggregate functions are not allowed in the GROUP BY clause");
    }
  }
  return Rc::kOk;
}

namespace {

// ORDER BY terms of a simple select: a result column number, a result alias, or an
// expression of the query.
Rc ResolveSortKeys(CodegenContext* ctx, CoreState* state, const parser::Select* select,
                   std::vector<SortKey>* keys) {
  ExprCoder coder(ctx, &state->nc);
  coder.set_aggregates_allowed(state->aggregate);
  coder.set_windows_allowed(true);
  const int result_count = static_cast<int>(state->results.size());
  for (uint32_t term_idx = 0; term_idx < select->order_limit.order_by.size(); term_idx++) {
    const parser::OrderingTerm& term = select->order_limit.order_by[term_idx];
    SortKey key;
    key.descending = term.order == parser::SortOrder::kDesc;
    key.nulls_first = term.nulls == parser::NullsOrder::kDefault
                          ? !key.descending
                          : term.nulls == parser::NullsOrder::kFirst;
    const Expr* expr = term.expr;
    while (expr->kind == ExprKind::kCollate) expr = expr->As<parser::CollateExpr>()->operand;
    if (expr->kind == ExprKind::kLiteral &&
        expr->As<parser::LiteralExpr>()->literal == parser::LiteralKind::kInteger) {
      vdbe::Mem value;
      SIMLITE_TRY(coder.LiteralValue(*expr->As<parser::LiteralExpr>(), false, &value));
      if (value.type() != btree::ValueType::kInteger || value.i() < 1 ||
          value.i() > result_count) {
        return ctx->Error(Ordinal(static_cast<int>(term_idx) + 1) +
                          " ORDER BY term out of range - should be between 1 and " +
                          std::to_string(result_count));
      }
      key.result = static_cast<int>(value.i()) - 1;
    } else if (expr->kind == ExprKind::kColumn && !expr->As<parser::ColumnExpr>()->table.IsSet()) {
      std::string_view name = expr->As<parser::ColumnExpr>()->column.text;
      for (int result_idx = 0; result_idx < result_count; result_idx++) {
        const ResultAlias& alias = state->aliases[static_cast<size_t>(result_idx)];
        if (!alias.alias.empty() && SameName(alias.alias, name)) {
          key.result = result_idx;
          break;
        }
      }
    }
    const Expr* collation_source = term.expr;
    if (key.result >= 0 && term.expr->kind != ExprKind::kCollate) {
      collation_source = state->results[static_cast<size_t>(key.result)];
    }
    if (key.result < 0) {
      key.expr = term.expr;
      SIMLITE_TRY(coder.CheckNames(term.expr));
    }
    bool found = false;
    bool is_explicit = false;
    SIMLITE_TRY(coder.CollationOf(collation_source, &key.collation, &found, &is_explicit));
    keys->push_back(key);
  }
  return Rc::kOk;
}

}  // namespace

Rc SelectCoder::CodeSimple(const parser::Select* select, const SelectDest& dest) {
  const parser::SelectCore* core = select->cores[0];
  std::unique_ptr<CoreState> state;
  SIMLITE_TRY(PrepareCore(core, true, &state));
  if (!core->is_values) SIMLITE_TRY(CheckCoreNames(state.get()));
  SIMLITE_TRY(DescribeColumns(state.get()));
  const int column_count = static_cast<int>(columns_.size());
  OutputStage out(ctx_, dest, column_count);
  std::vector<SortKey> keys;
  if (core->distinct == parser::Distinctness::kDistinct) {
    std::vector<Collation> collations;
    for (const ResultColumnInfo& column : columns_) collations.push_back(column.collation);
    out.SetDistinct(std::move(collations));
  }
  if (!core->is_values) {
    SIMLITE_TRY(ResolveSortKeys(ctx_, state.get(), select, &keys));
    SIMLITE_TRY(AuthorizeUnreadTables(ctx_, state->items));
    MarkColumnUsage(*core, &select->order_limit, &state->items);
    for (const SortKey& key : keys) {
      if (key.expr != nullptr && HasWindowCall(key.expr)) state->windowed = true;
    }
    // Window passes decide the rows' order: the loop's own order is no use to the sort.
    if (!state->windowed) SIMLITE_TRY(PlanLoop(state.get(), &keys, &out));
  }
  SIMLITE_TRY(out.SetLimit(select->order_limit.limit, select->order_limit.offset));
  out.SetSortKeys(std::move(keys));
  SIMLITE_TRY(out.Open());
  SIMLITE_TRY(EmitCore(state.get(), &out));
  SIMLITE_TRY(out.Finish());
  return FinishCorrelation(state.get());
}

// When the ORDER BY lists the GROUP BY terms (in their order, with default NULLS placement),
// groups come out in ORDER BY order: the grouping sorts (or scans) in the ORDER BY's
// directions and there is no sort of its own (as in SQLite).
void SelectCoder::GroupByIsOrderBy(CoreState* state, std::vector<SortKey>* keys) {
  const auto& group_by = state->core->group_by;
  if (keys->empty() || keys->size() != group_by.size()) return;
  std::vector<bool> descending;
  for (size_t key_idx = 0; key_idx < keys->size(); key_idx++) {
    const SortKey& key = (*keys)[key_idx];
    if (key.nulls_first == key.descending) return;
    const Expr* order_expr =
        key.result >= 0 ? state->results[static_cast<size_t>(key.result)] : key.expr;
    const Expr* group_expr = group_by[static_cast<uint32_t>(key_idx)];
    if (group_expr->kind == ExprKind::kLiteral &&
        group_expr->As<parser::LiteralExpr>()->literal == parser::LiteralKind::kInteger) {
      NameContext no_names;
      ExprCoder coder(ctx_, &no_names);
      vdbe::Mem value;
      // A bad term number is reported when the GROUP BY is compiled.
      if (coder.LiteralValue(*group_expr->As<parser::LiteralExpr>(), false, &value) != Rc::kOk ||
          value.type() != btree::ValueType::kInteger || value.i() < 1 ||
          value.i() > static_cast<int64_t>(state->results.size())) {
        return;
      }
      group_expr = state->results[static_cast<size_t>(value.i() - 1)];
    }
    if (!ExprEqual(order_expr, group_expr)) return;
    descending.push_back(key.descending);
  }
  state->group_descending = std::move(descending);
  keys->clear();
}

// A plain core plans its WHERE loop before the sorter opens: when the loop delivers rows in
// ORDER BY order there is no sort (a partial order still sorts, stably, as SQLite's "RIGHT
// PART" sort would).
Rc SelectCoder::PlanLoop(CoreState* state, std::vector<SortKey>* keys, OutputStage* out) {
  if (state->aggregate) {
    GroupByIsOrderBy(state, keys);
    return Rc::kOk;
  }
  state->nc.aliases = &state->aliases;
  state->coder = std::make_unique<ExprCoder>(ctx_, &state->nc);
  state->loop = std::make_unique<WhereLoop>(ctx_, state->coder.get(), &state->items);
  std::vector<WhereLoop::OrderTerm> terms;
  for (const SortKey& key : *keys) {
    WhereLoop::OrderTerm term;
    term.expr = key.result >= 0 ? state->results[static_cast<size_t>(key.result)] : key.expr;
    term.descending = key.descending;
    term.nulls_first = key.nulls_first;
    term.collation = key.collation;
    terms.push_back(term);
  }
  // DISTINCT without ORDER BY plans for the result columns' order (SQLite's WHERE_DISTINCTBY).
  std::vector<WhereLoop::OrderTerm> distinct_terms;
  for (size_t result_idx = 0; out->distinct() && result_idx < state->results.size();
       result_idx++) {
    WhereLoop::OrderTerm term;
    term.expr = state->results[result_idx];
    term.collation = columns_[result_idx].collation;
    distinct_terms.push_back(term);
  }
  if (!terms.empty()) {
    state->loop->SetOrder(std::move(terms));
  } else if (!distinct_terms.empty()) {
    state->loop->SetOrder(distinct_terms, WhereLoop::OrderKind::kDistinct);
  }
  SIMLITE_TRY(state->loop->Plan(state->core->where));
  const int satisfied = keys->empty() ? 0 : state->loop->order_satisfied();
  if (!keys->empty() && satisfied == static_cast<int>(keys->size())) {
    keys->clear();
  } else if (satisfied > 0) {
    out->set_partial_sort();
  }
  if (out->distinct()) {
    bool redundant = false;
    bool ordered = false;
    SIMLITE_TRY(state->loop->DistinctRedundant(distinct_terms, &redundant));
    if (!redundant) SIMLITE_TRY(state->loop->DistinctOrdered(distinct_terms, &ordered));
    if (redundant) out->DropDistinct();
    if (ordered) out->set_distinct_ordered();
  }
  return Rc::kOk;
}

Rc SelectCoder::FinishCorrelation(CoreState* state) {
  if (state->nc.used_outer) correlated_ = true;
  return Rc::kOk;
}

Rc SelectCoder::EmitCore(CoreState* state, OutputStage* out) {
  if (state->core->is_values) return EmitValues(state->core, out);
  SIMLITE_TRY(MaterializeSubqueries(state));
  if (state->windowed) return EmitWindowCore(state, out);
  if (state->aggregate) return EmitAggregateCore(state, out);
  state->nc.aliases = &state->aliases;
  if (state->loop == nullptr) {
    state->coder = std::make_unique<ExprCoder>(ctx_, &state->nc);
    state->loop = std::make_unique<WhereLoop>(ctx_, state->coder.get(), &state->items);
  }
  return EmitPlainCore(state, state->coder.get(), out);
}

Rc SelectCoder::EmitPlainCore(CoreState* state, ExprCoder* coder, OutputStage* out) {
  ProgramBuilder& b = ctx_->builder();
  WhereLoop& loop = *state->loop;
  SIMLITE_TRY(loop.Begin(state->core->where));
  const int count = static_cast<int>(state->results.size());
  const int first = b.AllocRegisters(count);
  for (int result_idx = 0; result_idx < count; result_idx++) {
    SIMLITE_TRY(coder->Code(state->results[static_cast<size_t>(result_idx)], first + result_idx));
  }
  SIMLITE_TRY(out->EmitRow(coder, first, loop.continue_label()));
  return loop.End();
}

Rc SelectCoder::EmitValues(const parser::SelectCore* core, OutputStage* out) {
  ProgramBuilder& b = ctx_->builder();
  const uint32_t column_count = core->rows[0].size();
  NameContext no_names;
  no_names.outer = outer_;
  ExprCoder coder(ctx_, &no_names);
  for (const auto& row : core->rows) {
    if (row.size() != column_count) {
      return ctx_->Error("all VALUES must have the same number of terms");
    }
    bool windowed = false;
    for (const Expr* value : row) windowed = windowed || HasWindowCall(value);
    if (windowed) {
      SIMLITE_TRY(EmitWindowedValues(core, row, out));
      continue;
    }
    const int first = b.AllocRegisters(static_cast<int>(column_count));
    for (uint32_t column_idx = 0; column_idx < column_count; column_idx++) {
      SIMLITE_TRY(coder.Code(row[column_idx], first + static_cast<int>(column_idx)));
    }
    const int next = b.NewLabel();
    SIMLITE_TRY(out->EmitRow(&coder, first, next));
    b.ResolveLabel(next);
  }
  if (no_names.used_outer) correlated_ = true;
  return Rc::kOk;
}

}  // namespace simlite::codegen
