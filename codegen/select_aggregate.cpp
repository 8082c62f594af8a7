// SelectCoder: aggregate queries. The scan phase evaluates each aggregate's arguments (and,
// with GROUP BY, the group keys) row by row; the output phase evaluates the result columns,
// HAVING and ORDER BY once per group, with every aggregate call replaced by its accumulator
// (substitutions) and every FROM item's cursor put back on the group's last row — so a bare
// column, even one named inside a correlated subquery, reads that row (SQLite's rule; with
// min() or max(), the row of the last one's extremum).
//
// Without GROUP BY the scan steps the aggregates directly and one row comes out. With GROUP
// BY, rows go through a sorter as [group keys, sequence, arguments, rowids of the items];
// reading it back sorted, a change of key flushes the finished group through an output
// subroutine. HAVING terms that name no aggregate and nothing but GROUP BY terms are tested in
// the WHERE loop instead, as SQLite's havingToWhere does.
#include <unordered_map>

#include "codegen/expr_walk.h"
#include "codegen/output_stage.h"
#include "codegen/select_coder.h"
#include "codegen/where_coder.h"
#include "vdbe/function.h"

namespace simlite::codegen {

using parser::Expr;
using parser::ExprKind;

namespace {

struct AggregateCall {
  const parser::FunctionExpr* expr = nullptr;
  const vdbe::FunctionDef* def = nullptr;
  int accumulator = 0;
  int distinct_cursor = -1;
  Collation collation = Collation::kBinary;
  // min() / max(): the best value so far (NULL: none yet), so that bare columns can follow
  // the row that holds it; 0 for other aggregates.
  int best = 0;
  bool is_max = false;
};

struct AggregatePlan {
  std::vector<AggregateCall> calls;
  std::vector<const Expr*> group_by;
  std::vector<const Expr*> having;  // the HAVING terms tested per group
  std::unordered_map<const Expr*, int> substitutions;
  int rowids = 0;  // the rowid of each FROM item's bare-column row (NULL: a null row)
  // Whether anything reads a FROM item's row after the aggregation (a bare column, a
  // correlated subquery, GROUP BY, window functions): else no row is remembered or restored.
  bool bare_rows = true;
  // With min() or max(): set when a row is not the new minimum / maximum of the last one, and
  // then the bare-column rows stay (SQLite's rule for bare columns).
  int not_best = 0;
  const GroupSink* sink = nullptr;  // window functions: where the groups go instead
};

// The aggregate function `node` calls (built-in or the connection's), or null. A window call
// (OVER) is not an aggregate of the query, though its arguments may hold some.
const vdbe::FunctionDef* AggregateDef(const CodegenContext* ctx, const Expr* node) {
  // A call the authorizer ignored is NULL (SQLite turns it into one), not an aggregate.
  if (node->kind != ExprKind::kFunction || ctx->AuthIgnored(node)) return nullptr;
  const auto* function = node->As<parser::FunctionExpr>();
  if (IsWindowCall(*function)) return nullptr;
  const vdbe::FunctionDef* def = ctx->FindFunction(
      function->name.text, function->star ? 0 : static_cast<int>(function->args.size()));
  return def != nullptr && def->aggregate != nullptr ? def : nullptr;
}

bool HasAggregate(const CodegenContext* ctx, const Expr* expr) {
  bool found = false;
  (void)WalkExpr(expr, [&](const Expr* node, bool*) {
    found = found || AggregateDef(ctx, node) != nullptr;
    return Rc::kOk;
  });
  return found;
}

// Finds the aggregate calls of an output expression (through result aliases).
Rc Collect(CodegenContext* ctx, NameContext* nc, const Expr* expr, AggregatePlan* plan) {
  return WalkExpr(expr, [&](const Expr* node, bool* descend) -> Rc {
    if (const vdbe::FunctionDef* def = AggregateDef(ctx, node)) {
      *descend = false;
      if (plan->substitutions.count(node) == 0) {
        AggregateCall call;
        call.expr = node->As<parser::FunctionExpr>();
        call.def = def;
        call.accumulator = ctx->builder().AllocRegister();
        plan->substitutions[node] = call.accumulator;
        plan->calls.push_back(call);
      }
      return Rc::kOk;
    }
    if (node->kind != ExprKind::kColumn) return Rc::kOk;
    *descend = false;
    ColumnRef ref;
    SIMLITE_TRY(ResolveColumn(ctx, nc, *node->As<parser::ColumnExpr>(), &ref));
    if (ref.kind == ColumnRef::Kind::kAlias && ref.depth == 0) {
      return Collect(ctx, nc, ref.alias, plan);
    }
    return Rc::kOk;
  });
}

Rc ResolveGroupBy(CodegenContext* ctx, CoreState* state, AggregatePlan* plan) {
  const int result_count = static_cast<int>(state->results.size());
  for (uint32_t term_idx = 0; term_idx < state->core->group_by.size(); term_idx++) {
    const Expr* expr = state->core->group_by[term_idx];
    const Expr* bare = expr;
    while (bare->kind == ExprKind::kCollate) bare = bare->As<parser::CollateExpr>()->operand;
    if (bare->kind == ExprKind::kLiteral &&
        bare->As<parser::LiteralExpr>()->literal == parser::LiteralKind::kInteger) {
      NameContext no_names;
      ExprCoder coder(ctx, &no_names);
      vdbe::Mem value;
      SIMLITE_TRY(coder.LiteralValue(*bare->As<parser::LiteralExpr>(), false, &value));
      if (value.type() != btree::ValueType::kInteger || value.i() < 1 ||
          value.i() > result_count) {
        return ctx->Error(Ordinal(static_cast<int>(term_idx) + 1) +
                          " GROUP BY term out of range - should be between 1 and " +
                          std::to_string(result_count));
      }
      expr = state->results[static_cast<size_t>(value.i() - 1)];
    }
    if (HasAggregate(ctx, expr)) {
      return ctx->Error("aggregate functions are not allowed in the GROUP BY clause");
    }
    plan->group_by.push_back(expr);
  }
  return Rc::kOk;
}

// True when a HAVING term can be tested per row instead: no aggregate, no subquery, and every
// column it names inside a GROUP BY term (structurally), and not the constant 0.
bool MovableToWhere(const CodegenContext* ctx, const Expr* term,
                    const std::vector<const Expr*>& group_by) {
  if (term->kind == ExprKind::kLiteral &&
      term->As<parser::LiteralExpr>()->literal == parser::LiteralKind::kInteger &&
      term->As<parser::LiteralExpr>()->text == "0") {
    return false;
  }
  // SQLite folds "literal IS NULL" to 0 before this test, which then keeps it.
  if (term->kind == ExprKind::kUnary &&
      term->As<parser::UnaryExpr>()->op == parser::UnaryOp::kIsNull) {
    const Expr* operand = term->As<parser::UnaryExpr>()->operand;
    if (operand->kind == ExprKind::kLiteral &&
        operand->As<parser::LiteralExpr>()->literal != parser::LiteralKind::kNull) {
      return false;
    }
  }
  bool movable = true;
  (void)WalkExpr(term, [&](const Expr* node, bool* descend) {
    for (const Expr* group : group_by) {
      if (ExprEqual(node, group)) {
        *descend = false;
        return Rc::kOk;
      }
    }
    if (node->kind == ExprKind::kColumn || node->kind == ExprKind::kExists ||
        node->kind == ExprKind::kSubquery || node->kind == ExprKind::kIn ||
        node->kind == ExprKind::kVariable || AggregateDef(ctx, node) != nullptr) {
      if (node->kind != ExprKind::kIn || node->As<parser::InExpr>()->form != parser::InForm::kList) {
        movable = false;
      }
    }
    return Rc::kOk;
  });
  return movable;
}

void SplitHaving(const Expr* expr, std::vector<const Expr*>* terms) {
  if (expr->kind == ExprKind::kBinary &&
      expr->As<parser::BinaryExpr>()->op == parser::BinaryOp::kAnd) {
    SplitHaving(expr->As<parser::BinaryExpr>()->left, terms);
    SplitHaving(expr->As<parser::BinaryExpr>()->right, terms);
    return;
  }
  terms->push_back(expr);
}

// Whether `expr`, outside its aggregate calls, may read a FROM item's row: a column, or a
// subquery (which may be correlated).
bool ReadsRowOutsideAggregates(const CodegenContext* ctx, const Expr* expr) {
  bool reads = false;
  (void)WalkExpr(expr, [&](const Expr* node, bool* descend) {
    if (AggregateDef(ctx, node) != nullptr) {
      *descend = false;
    } else if (node->kind == ExprKind::kColumn || node->kind == ExprKind::kSubquery ||
               node->kind == ExprKind::kExists || node->kind == ExprKind::kIn) {
      reads = true;
    }
    return Rc::kOk;
  });
  return reads;
}

// Sets plan->bare_rows (see AggregatePlan).
void DecideBareRows(const CodegenContext* ctx, const CoreState& state, const OutputStage& out,
                    AggregatePlan* plan) {
  bool reads = !plan->group_by.empty() || !state.window_inputs.empty();
  for (const Expr* result : state.results) reads = reads || ReadsRowOutsideAggregates(ctx, result);
  for (const Expr* term : plan->having) reads = reads || ReadsRowOutsideAggregates(ctx, term);
  for (const SortKey& key : out.keys()) {
    if (key.expr != nullptr) reads = reads || ReadsRowOutsideAggregates(ctx, key.expr);
  }
  plan->bare_rows = reads;
}

Rc PlanAggregates(CodegenContext* ctx, CoreState* state, const OutputStage& out,
                  AggregatePlan* plan, WhereLoop* loop) {
  SIMLITE_TRY(ResolveGroupBy(ctx, state, plan));
  for (const Expr* result : state->results) SIMLITE_TRY(Collect(ctx, &state->nc, result, plan));
  if (state->core->having != nullptr) {
    std::vector<const Expr*> terms;
    SplitHaving(state->core->having, &terms);
    for (const Expr* term : terms) {
      if (!plan->group_by.empty() && MovableToWhere(ctx, term, plan->group_by)) {
        loop->AddFilter(term);
        continue;
      }
      plan->having.push_back(term);
      SIMLITE_TRY(Collect(ctx, &state->nc, term, plan));
    }
  }
  for (const SortKey& key : out.keys()) {
    if (key.expr != nullptr) SIMLITE_TRY(Collect(ctx, &state->nc, key.expr, plan));
  }
  for (const Expr* input : state->window_inputs) SIMLITE_TRY(Collect(ctx, &state->nc, input, plan));
  ExprCoder coder(ctx, &state->nc);
  for (AggregateCall& call : plan->calls) {
    if (call.expr->distinct && call.expr->args.size() != 1) {
      return ctx->Error("DISTINCT aggregates must have exactly one argument");
    }
    for (const Expr* arg : call.expr->args) {
      if (HasAggregate(ctx, arg)) {
        const Expr* inner = nullptr;
        (void)WalkExpr(arg, [&](const Expr* node, bool*) {
          if (inner == nullptr && AggregateDef(ctx, node) != nullptr) inner = node;
          return Rc::kOk;
        });
        return ctx->Error("misuse of aggregate function " +
                          std::string(inner->As<parser::FunctionExpr>()->name.text) + "()");
      }
    }
    if (call.expr->args.size() == 1 &&
        (SameName(call.def->name, "min") || SameName(call.def->name, "max"))) {
      call.best = ctx->builder().AllocRegister();
      call.is_max = SameName(call.def->name, "max");
      if (plan->not_best == 0) plan->not_best = ctx->builder().AllocRegister();
    }
    bool found = false;
    bool is_explicit = false;
    for (const Expr* arg : call.expr->args) {
      SIMLITE_TRY(coder.CollationOf(arg, &call.collation, &found, &is_explicit));
      if (found) break;
      call.collation = Collation::kBinary;
    }
  }
  plan->rowids = ctx->builder().AllocRegisters(static_cast<int>(state->items.size()));
  DecideBareRows(ctx, *state, out, plan);
  return Rc::kOk;
}

// For min() / max(): tracks whether the argument in r[arg] is a new best (as the aggregate
// decides: a NULL never is once there is a best; ties keep the first), setting not_best if not.
// As in SQLite, each min() / max() resets the flag: the last one decides.
void EmitBestTracking(ProgramBuilder& b, const AggregateCall& call, int arg, int not_best) {
  b.Add(Opcode::kInteger, 0, not_best);
  const int done = b.NewLabel();
  const int is_null = b.NewLabel();
  const int take = b.NewLabel();
  b.Add(Opcode::kIsNull, arg, is_null);
  b.Add(Opcode::kIsNull, call.best, take);
  b.Add(call.is_max ? Opcode::kGt : Opcode::kLt, call.best, take, arg);
  b.SetP4Collation(call.collation);
  b.SetP5(static_cast<uint16_t>(Affinity::kNone));
  b.Add(Opcode::kInteger, 1, not_best);
  b.Add(Opcode::kGoto, 0, done);
  b.ResolveLabel(is_null);
  b.Add(Opcode::kIsNull, call.best, done);
  b.Add(Opcode::kInteger, 1, not_best);
  b.Add(Opcode::kGoto, 0, done);
  b.ResolveLabel(take);
  b.Add(Opcode::kCopy, arg, call.best);
  b.ResolveLabel(done);
}

// Steps one aggregate with its arguments in r[args..]; `filter` (or 0) holds its FILTER value.
void EmitStep(ProgramBuilder& b, const AggregateCall& call, int args, int filter, int not_best) {
  const int arg_count = static_cast<int>(call.expr->args.size());
  const int skip = b.NewLabel();
  if (filter != 0) b.Add(Opcode::kIfNot, filter, skip, 1);
  if (call.distinct_cursor >= 0) {
    b.Add(Opcode::kFound, call.distinct_cursor, skip, args);
    b.SetP4Int(1);
    const int record = b.AllocRegister();
    b.Add(Opcode::kMakeRecord, args, 1, record);
    b.Add(Opcode::kIdxInsert, call.distinct_cursor, record);
  }
  if (call.best != 0) EmitBestTracking(b, call, args, not_best);
  if (call.def->flags & vdbe::kFunctionNeedsCollation) {
    b.Add(Opcode::kCollSeq);
    b.SetP4Collation(call.collation);
  }
  b.Add(Opcode::kAggStep, 0, arg_count == 0 ? 0 : args, call.accumulator);
  b.SetP4Function(call.def);
  b.SetP5(static_cast<uint16_t>(arg_count));
  b.ResolveLabel(skip);
}

// A new group: no best value yet for min() / max().
void ResetBest(ProgramBuilder& b, const AggregatePlan& plan) {
  for (const AggregateCall& call : plan.calls) {
    if (call.best != 0) b.Add(Opcode::kNull, 0, call.best);
  }
}

// A new row: so far it is the best of every min() / max().
void ResetNotBest(ProgramBuilder& b, const AggregatePlan& plan) {
  if (plan.not_best != 0) b.Add(Opcode::kInteger, 0, plan.not_best);
}

void OpenDistinctTables(ProgramBuilder& b, AggregatePlan* plan, bool allocate) {
  for (AggregateCall& call : plan->calls) {
    if (!call.expr->distinct) continue;
    if (allocate) call.distinct_cursor = b.AllocCursor();
    b.Add(Opcode::kOpenEphemeral, call.distinct_cursor, 1);
    btree::KeyInfo key_info;
    key_info.collations = {call.collation};
    key_info.descending = {false};
    b.SetP4KeyInfo(std::move(key_info));
  }
}

// Remembers the current row of every item as the group's bare-column row: with min() or max(),
// when the row holds the last one's new extremum; else, with GROUP BY, the group's first row
// (`first_taken` set once it is taken, cleared per group), without it every row (the last
// one stays). `load(item, reg)` puts an item's rowid in reg.
void EmitRememberRows(ProgramBuilder& b, const AggregatePlan& plan, size_t item_count,
                      int first_taken, const std::function<void(size_t, int)>& load) {
  if (!plan.bare_rows) return;
  const int keep = b.NewLabel();
  if (plan.not_best != 0) {
    b.Add(Opcode::kIf, plan.not_best, keep);
  } else if (first_taken != 0) {
    b.Add(Opcode::kIf, first_taken, keep);
    b.Add(Opcode::kInteger, 1, first_taken);
  }
  for (size_t item_idx = 0; item_idx < item_count; item_idx++) {
    load(item_idx, plan.rowids + static_cast<int>(item_idx));
  }
  b.ResolveLabel(keep);
}

// Puts every item's cursor back on the group's bare-column row (a null row when none).
void EmitRestoreRows(ProgramBuilder& b, const AggregatePlan& plan,
                     const std::vector<FromItem>& items) {
  if (!plan.bare_rows) return;
  for (size_t item_idx = 0; item_idx < items.size(); item_idx++) {
    const int rowid = plan.rowids + static_cast<int>(item_idx);
    const int null_row = b.NewLabel();
    const int done = b.NewLabel();
    b.Add(Opcode::kIsNull, rowid, null_row);
    b.Add(Opcode::kSeekRowid, items[item_idx].cursor, null_row, rowid);
    b.Add(Opcode::kGoto, 0, done);
    b.ResolveLabel(null_row);
    b.Add(Opcode::kNullRow, items[item_idx].cursor);
    b.ResolveLabel(done);
  }
}

// The output phase for one group: final values, HAVING, result columns.
Rc EmitGroupOutput(CodegenContext* ctx, CoreState* state, AggregatePlan* plan, OutputStage* out,
                   int done) {
  ProgramBuilder& b = ctx->builder();
  for (const AggregateCall& call : plan->calls) {
    b.Add(Opcode::kAggFinal, call.accumulator, static_cast<int>(call.expr->args.size()));
    b.SetP4Function(call.def);
  }
  EmitRestoreRows(b, *plan, state->items);
  ExprCoder coder(ctx, &state->nc);
  coder.set_substitutions(&plan->substitutions);
  coder.set_aggregates_allowed(true);
  for (const Expr* term : plan->having) SIMLITE_TRY(coder.CodeIfFalse(term, done, true));
  if (plan->sink != nullptr) return plan->sink->row(&coder);
  const int count = static_cast<int>(state->results.size());
  const int first = b.AllocRegisters(count);
  for (int result_idx = 0; result_idx < count; result_idx++) {
    SIMLITE_TRY(coder.Code(state->results[static_cast<size_t>(result_idx)], first + result_idx));
  }
  return out->EmitRow(&coder, first, done);
}

int CallFieldCount(const AggregateCall& call) {
  return static_cast<int>(call.expr->args.size()) + (call.expr->filter != nullptr ? 1 : 0);
}

// The registers and labels of the group-by logic.
struct GroupState {
  btree::KeyInfo keys;  // the GROUP BY terms' collations
  int key_count = 0;
  int has_row = 0;      // a row was seen (a group is open)
  int first_taken = 0;  // the group's bare-column row is set
  int previous = 0;     // the open group's keys
  int current = 0;      // the row's keys
  int return_reg = 0;   // the output subroutine's return address
  int output = 0;       // the output subroutine
  int done = 0;
};

// One row of the grouped input, its fields (keys, a sequence number, aggregate arguments and
// FILTERs, item rowids) read by `fetch`: closes the open group when the keys change, then
// steps the aggregates.
void EmitGroupRow(ProgramBuilder& b, AggregatePlan* plan, size_t item_count,
                  const GroupState& g, const std::function<void(int, int)>& fetch) {
  const int flush = b.NewLabel();
  const int first_of_group = b.NewLabel();
  const int same_group = b.NewLabel();
  for (int key_idx = 0; key_idx < g.key_count; key_idx++) fetch(key_idx, g.current + key_idx);
  b.Add(Opcode::kIfNot, g.has_row, first_of_group);
  b.Add(Opcode::kCompare, g.previous, g.current, g.key_count);
  b.SetP4KeyInfo(g.keys);
  b.Add(Opcode::kJump, flush, same_group, flush);
  b.ResolveLabel(flush);
  b.Add(Opcode::kGosub, g.return_reg, g.output);
  OpenDistinctTables(b, plan, false);
  b.ResolveLabel(first_of_group);
  b.Add(Opcode::kCopy, g.current, g.previous, g.key_count - 1);
  b.Add(Opcode::kInteger, 0, g.first_taken);
  ResetBest(b, *plan);
  b.ResolveLabel(same_group);
  ResetNotBest(b, *plan);
  int field = g.key_count + 1;
  for (const AggregateCall& call : plan->calls) {
    const int arg_count = static_cast<int>(call.expr->args.size());
    const int args = b.AllocRegisters(arg_count);
    for (int arg_idx = 0; arg_idx < arg_count; arg_idx++) fetch(field++, args + arg_idx);
    int filter = 0;
    if (call.expr->filter != nullptr) {
      filter = b.AllocRegister();
      fetch(field++, filter);
    }
    EmitStep(b, call, args, filter, plan->not_best);
  }
  EmitRememberRows(b, *plan, item_count, g.first_taken, [&](size_t item_idx, int reg) {
    fetch(field + static_cast<int>(item_idx), reg);
  });
  b.Add(Opcode::kInteger, 1, g.has_row);
}

// The fields of one input row into r[base..] (the sequence number from `sorter` when sorting).
Rc EmitGroupFields(ProgramBuilder& b, CoreState* state, const AggregatePlan& plan,
                   ExprCoder* scan, int sorter, int base) {
  int field = 0;
  for (const Expr* group : plan.group_by) SIMLITE_TRY(scan->Code(group, base + field++));
  if (sorter >= 0) b.Add(Opcode::kSequence, sorter, base + field);
  field++;
  for (const AggregateCall& call : plan.calls) {
    for (const Expr* arg : call.expr->args) SIMLITE_TRY(scan->Code(arg, base + field++));
    if (call.expr->filter != nullptr) SIMLITE_TRY(scan->Code(call.expr->filter, base + field++));
  }
  for (const FromItem& item : state->items) EmitItemRowid(b, item, base + field++);
  return Rc::kOk;
}

// GROUP BY (see the top of the file). When the WHERE loop reads one index that delivers rows
// in GROUP BY order, they go to the group logic directly (no sorter; the bare-column row's
// restore moves only the table cursor, which the index loop does not step).
Rc EmitGrouped(CodegenContext* ctx, CoreState* state, AggregatePlan* plan, ExprCoder* scan,
               WhereLoop* loop, OutputStage* out) {
  ProgramBuilder& b = ctx->builder();
  GroupState g;
  g.key_count = static_cast<int>(plan->group_by.size());
  int field_count = g.key_count + 1 + static_cast<int>(state->items.size());
  for (const AggregateCall& call : plan->calls) field_count += CallFieldCount(call);
  std::vector<WhereLoop::OrderTerm> order;
  const std::vector<bool>& descending = state->group_descending;
  for (size_t key_idx = 0; key_idx < plan->group_by.size(); key_idx++) {
    WhereLoop::OrderTerm term;
    term.expr = plan->group_by[key_idx];
    bool found = false;
    bool is_explicit = false;
    SIMLITE_TRY(scan->CollationOf(term.expr, &term.collation, &found, &is_explicit));
    term.descending = !descending.empty() && descending[key_idx];
    term.nulls_first = !term.descending;
    g.keys.collations.push_back(term.collation);
    g.keys.descending.push_back(term.descending);
    order.push_back(term);
  }
  // Grouping in ORDER BY directions needs ORDER BY matching (order and direction).
  loop->SetOrder(std::move(order), descending.empty() ? WhereLoop::OrderKind::kGroupBy
                                                      : WhereLoop::OrderKind::kOrderBy);
  SIMLITE_TRY(loop->Plan(state->core->where));
  const bool sorted = loop->order_satisfied() == g.key_count && loop->SingleIndexLoop();
  g.has_row = b.AllocRegister();
  g.first_taken = b.AllocRegister();
  g.previous = b.AllocRegisters(g.key_count);
  g.current = b.AllocRegisters(g.key_count);
  g.return_reg = b.AllocRegister();
  g.output = b.NewLabel();
  g.done = b.NewLabel();
  b.Add(Opcode::kInteger, 0, g.has_row);
  OpenDistinctTables(b, plan, true);
  const int base = b.AllocRegisters(field_count);
  if (sorted) {
    SIMLITE_TRY(loop->Begin(state->core->where));
    SIMLITE_TRY(EmitGroupFields(b, state, *plan, scan, -1, base));
    EmitGroupRow(b, plan, state->items.size(), g,
                 [&](int field, int reg) { b.Add(Opcode::kSCopy, base + field, reg); });
    SIMLITE_TRY(loop->End());
  } else {
    btree::KeyInfo sorter_keys = g.keys;
    sorter_keys.collations.push_back(Collation::kBinary);
    sorter_keys.descending.push_back(false);
    const int sorter = b.AllocCursor();
    b.Add(Opcode::kSorterOpen, sorter, field_count);
    b.SetP4KeyInfo(sorter_keys);
    SIMLITE_TRY(loop->Begin(state->core->where));
    ctx->AddPlan("USE TEMP B-TREE FOR GROUP BY");
    SIMLITE_TRY(EmitGroupFields(b, state, *plan, scan, sorter, base));
    const int record = b.AllocRegister();
    b.Add(Opcode::kMakeRecord, base, field_count, record);
    b.Add(Opcode::kSorterInsert, sorter, record);
    SIMLITE_TRY(loop->End());
    b.Add(Opcode::kSorterSort, sorter, g.done);
    const int top = b.current_address();
    EmitGroupRow(b, plan, state->items.size(), g,
                 [&](int field, int reg) { b.Add(Opcode::kColumn, sorter, field, reg); });
    b.Add(Opcode::kSorterNext, sorter, top);
  }
  b.Add(Opcode::kIfNot, g.has_row, g.done);
  b.Add(Opcode::kGosub, g.return_reg, g.output);
  b.Add(Opcode::kGoto, 0, g.done);
  // The output subroutine.
  b.ResolveLabel(g.output);
  const int output_done = b.NewLabel();
  SIMLITE_TRY(EmitGroupOutput(ctx, state, plan, out, output_done));
  b.ResolveLabel(output_done);
  b.Add(Opcode::kReturn, g.return_reg);
  b.ResolveLabel(g.done);
  return Rc::kOk;
}

}  // namespace

Rc SelectCoder::EmitAggregateCore(CoreState* state, OutputStage* out, const GroupSink* sink) {
  ProgramBuilder& b = ctx_->builder();
  ExprCoder scan(ctx_, &state->nc);
  scan.set_aggregates_allowed(true);
  WhereLoop loop(ctx_, &scan, &state->items);
  AggregatePlan plan;
  SIMLITE_TRY(PlanAggregates(ctx_, state, *out, &plan, &loop));
  plan.sink = sink;
  if (sink != nullptr) {
    std::vector<int> values;
    for (const AggregateCall& call : plan.calls) values.push_back(call.accumulator);
    SIMLITE_TRY(sink->prepare(plan.substitutions, values, plan.rowids));
  }
  for (size_t item_idx = 0; item_idx < state->items.size(); item_idx++) {
    b.Add(Opcode::kNull, 0, plan.rowids + static_cast<int>(item_idx));
  }
  if (!plan.group_by.empty()) return EmitGrouped(ctx_, state, &plan, &scan, &loop, out);
  OpenDistinctTables(b, &plan, true);
  ResetBest(b, plan);
  SIMLITE_TRY(loop.Begin(state->core->where));
  ResetNotBest(b, plan);
  for (const AggregateCall& call : plan.calls) {
    const int args = b.AllocRegisters(static_cast<int>(call.expr->args.size()));
    for (uint32_t arg_idx = 0; arg_idx < call.expr->args.size(); arg_idx++) {
      SIMLITE_TRY(scan.Code(call.expr->args[arg_idx], args + static_cast<int>(arg_idx)));
    }
    int filter = 0;
    if (call.expr->filter != nullptr) SIMLITE_TRY(scan.CodeTemp(call.expr->filter, &filter));
    EmitStep(b, call, args, filter, plan.not_best);
  }
  EmitRememberRows(b, plan, state->items.size(), 0, [&](size_t item_idx, int reg) {
    EmitItemRowid(b, state->items[item_idx], reg);
  });
  SIMLITE_TRY(loop.End());
  const int done = b.NewLabel();
  SIMLITE_TRY(EmitGroupOutput(ctx_, state, &plan, out, done));
  b.ResolveLabel(done);
  return Rc::kOk;
}

}  // namespace simlite::codegen
