// SelectCoder: aggregate queries. The scan phase evaluates each aggregate's arguments (and,
// with GROUP BY, the group keys) row by row; the output phase evaluates the result columns,
// HAVING and ORDER BY once per group with every aggregate call replaced by its accumulator
// and every bare column by the value it had in the group's last row (substitutions).
//
// Without GROUP BY the scan steps the aggregates directly and one row comes out. With GROUP
// BY, rows go through a sorter as [group keys, sequence, arguments, bare columns]; reading it
// back sorted, a change of key flushes the finished group through an output subroutine.
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
};

struct AggregatePlan {
  std::vector<AggregateCall> calls;
  std::vector<const Expr*> captured;  // bare column references of the output expressions
  std::vector<int> capture_regs;
  std::vector<const Expr*> group_by;
  std::unordered_map<const Expr*, int> substitutions;
};

// Finds the aggregate calls and bare columns of an output expression.
Rc Collect(CodegenContext* ctx, NameContext* nc, const Expr* expr, AggregatePlan* plan) {
  return WalkExpr(expr, [&](const Expr* node, bool* descend) -> Rc {
    if (node->kind == ExprKind::kFunction) {
      const auto* function = node->As<parser::FunctionExpr>();
      const vdbe::FunctionDef* def = ctx->FindFunction(
          function->name.text, function->star ? 0 : static_cast<int>(function->args.size()));
      if (def == nullptr || def->aggregate == nullptr) return Rc::kOk;
      *descend = false;
      if (plan->substitutions.count(node) == 0) {
        AggregateCall call;
        call.expr = function;
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
    if (ref.depth != 0 || ref.kind == ColumnRef::Kind::kAlias ||
        ref.kind == ColumnRef::Kind::kString || plan->substitutions.count(node) != 0) {
      return Rc::kOk;
    }
    const int reg = ctx->builder().AllocRegister();
    plan->captured.push_back(node);
    plan->capture_regs.push_back(reg);
    plan->substitutions[node] = reg;
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
    bool has_aggregate = false;
    SIMLITE_TRY(WalkExpr(expr, [&](const Expr* node, bool*) {
      if (node->kind == ExprKind::kFunction) {
        const auto* function = node->As<parser::FunctionExpr>();
        const vdbe::FunctionDef* def = ctx->FindFunction(
            function->name.text, function->star ? 0 : static_cast<int>(function->args.size()));
        if (def != nullptr && def->aggregate != nullptr) has_aggregate = true;
      }
      return Rc::kOk;
    }));
    if (has_aggregate) {
      return ctx->Error("aggregate functions are not allowed in the GROUP BY clause");
    }
    plan->group_by.push_back(expr);
  }
  return Rc::kOk;
}

Rc PlanAggregates(CodegenContext* ctx, CoreState* state, const OutputStage& out,
                  AggregatePlan* plan) {
  SIMLITE_TRY(ResolveGroupBy(ctx, state, plan));
  for (const Expr* result : state->results) SIMLITE_TRY(Collect(ctx, &state->nc, result, plan));
  if (state->core->having != nullptr) {
    SIMLITE_TRY(Collect(ctx, &state->nc, state->core->having, plan));
  }
  for (const SortKey& key : out.keys()) {
    if (key.expr != nullptr) SIMLITE_TRY(Collect(ctx, &state->nc, key.expr, plan));
  }
  ExprCoder coder(ctx, &state->nc);
  for (AggregateCall& call : plan->calls) {
    if (call.expr->distinct && call.expr->args.size() != 1) {
      return ctx->Error("DISTINCT aggregates must have exactly one argument");
    }
    for (const Expr* arg : call.expr->args) {
      bool nested = false;
      SIMLITE_TRY(WalkExpr(arg, [&](const Expr* node, bool*) {
        if (node->kind == ExprKind::kFunction && nested == false) {
          const auto* function = node->As<parser::FunctionExpr>();
          const vdbe::FunctionDef* def = ctx->FindFunction(
              function->name.text,
              function->star ? 0 : static_cast<int>(function->args.size()));
          if (def != nullptr && def->aggregate != nullptr) {
            nested = true;
            return ctx->Error("misuse of aggregate function " + std::string(function->name.text) +
                              "()");
          }
        }
        return Rc::kOk;
      }));
    }
    if (!call.expr->args.empty()) {
      bool found = false;
      bool is_explicit = false;
      for (const Expr* arg : call.expr->args) {
        SIMLITE_TRY(coder.CollationOf(arg, &call.collation, &found, &is_explicit));
        if (found) break;
        call.collation = Collation::kBinary;
      }
    }
  }
  return Rc::kOk;
}

// Steps one aggregate with its arguments in r[args..]; `filter` (or 0) holds its FILTER value.
void EmitStep(ProgramBuilder& b, const AggregateCall& call, int args, int filter) {
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
  if (call.def->flags & vdbe::kFunctionNeedsCollation) {
    b.Add(Opcode::kCollSeq);
    b.SetP4Collation(call.collation);
  }
  b.Add(Opcode::kAggStep, 0, arg_count == 0 ? 0 : args, call.accumulator);
  b.SetP4Function(call.def);
  b.SetP5(static_cast<uint16_t>(arg_count));
  b.ResolveLabel(skip);
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

// The output phase for one group: final values, HAVING, result columns.
Rc EmitGroupOutput(CodegenContext* ctx, CoreState* state, AggregatePlan* plan, OutputStage* out,
                   int done) {
  ProgramBuilder& b = ctx->builder();
  for (const AggregateCall& call : plan->calls) {
    b.Add(Opcode::kAggFinal, call.accumulator, static_cast<int>(call.expr->args.size()));
    b.SetP4Function(call.def);
  }
  ExprCoder coder(ctx, &state->nc);
  coder.set_substitutions(&plan->substitutions);
  coder.set_aggregates_allowed(true);
  if (state->core->having != nullptr) SIMLITE_TRY(coder.CodeIfFalse(state->core->having, done, true));
  const int count = static_cast<int>(state->results.size());
  const int first = b.AllocRegisters(count);
  for (int result_idx = 0; result_idx < count; result_idx++) {
    SIMLITE_TRY(coder.Code(state->results[static_cast<size_t>(result_idx)], first + result_idx));
  }
  return out->EmitRow(&coder, first, done);
}

// GROUP BY: rows into a sorter, then groups out of it (see the top of the file).
Rc EmitGrouped(CodegenContext* ctx, CoreState* state, AggregatePlan* plan, ExprCoder* scan,
               WhereLoop* loop, OutputStage* out) {
  ProgramBuilder& b = ctx->builder();
  const int key_count = static_cast<int>(plan->group_by.size());
  int field_count = key_count + 1;
  for (const AggregateCall& call : plan->calls) {
    field_count += static_cast<int>(call.expr->args.size()) + (call.expr->filter ? 1 : 0);
  }
  field_count += static_cast<int>(plan->captured.size());
  btree::KeyInfo group_keys;
  for (const Expr* group : plan->group_by) {
    Collation collation = Collation::kBinary;
    bool found = false;
    bool is_explicit = false;
    SIMLITE_TRY(scan->CollationOf(group, &collation, &found, &is_explicit));
    group_keys.collations.push_back(collation);
    group_keys.descending.push_back(false);
  }
  btree::KeyInfo sorter_keys = group_keys;
  sorter_keys.collations.push_back(Collation::kBinary);
  sorter_keys.descending.push_back(false);
  const int sorter = b.AllocCursor();
  b.Add(Opcode::kSorterOpen, sorter, field_count);
  b.SetP4KeyInfo(sorter_keys);
  // Scan: one sorter record per row.
  SIMLITE_TRY(loop->Begin(state->core->where));
  const int base = b.AllocRegisters(field_count);
  int field = 0;
  for (const Expr* group : plan->group_by) SIMLITE_TRY(scan->Code(group, base + field++));
  b.Add(Opcode::kSequence, sorter, base + field++);
  for (const AggregateCall& call : plan->calls) {
    for (const Expr* arg : call.expr->args) SIMLITE_TRY(scan->Code(arg, base + field++));
    if (call.expr->filter != nullptr) SIMLITE_TRY(scan->Code(call.expr->filter, base + field++));
  }
  for (const Expr* captured : plan->captured) SIMLITE_TRY(scan->Code(captured, base + field++));
  const int record = b.AllocRegister();
  b.Add(Opcode::kMakeRecord, base, field_count, record);
  b.Add(Opcode::kSorterInsert, sorter, record);
  SIMLITE_TRY(loop->End());
  // Groups.
  const int has_row = b.AllocRegister();
  const int previous = b.AllocRegisters(key_count);
  const int current = b.AllocRegisters(key_count);
  const int return_reg = b.AllocRegister();
  const int output = b.NewLabel();
  const int done = b.NewLabel();
  const int flush = b.NewLabel();
  const int first_of_group = b.NewLabel();
  const int same_group = b.NewLabel();
  b.Add(Opcode::kInteger, 0, has_row);
  OpenDistinctTables(b, plan, true);
  b.Add(Opcode::kSorterSort, sorter, done);
  const int top = b.current_address();
  for (int key_idx = 0; key_idx < key_count; key_idx++) {
    b.Add(Opcode::kColumn, sorter, key_idx, current + key_idx);
  }
  b.Add(Opcode::kIfNot, has_row, first_of_group);
  b.Add(Opcode::kCompare, previous, current, key_count);
  b.SetP4KeyInfo(group_keys);
  b.Add(Opcode::kJump, flush, same_group, flush);
  b.ResolveLabel(flush);
  b.Add(Opcode::kGosub, return_reg, output);
  OpenDistinctTables(b, plan, false);
  b.ResolveLabel(first_of_group);
  b.Add(Opcode::kCopy, current, previous, key_count - 1);
  b.ResolveLabel(same_group);
  field = key_count + 1;
  for (const AggregateCall& call : plan->calls) {
    const int arg_count = static_cast<int>(call.expr->args.size());
    const int args = b.AllocRegisters(arg_count);
    for (int arg_idx = 0; arg_idx < arg_count; arg_idx++) {
      b.Add(Opcode::kColumn, sorter, field++, args + arg_idx);
    }
    int filter = 0;
    if (call.expr->filter != nullptr) {
      filter = b.AllocRegister();
      b.Add(Opcode::kColumn, sorter, field++, filter);
    }
    EmitStep(b, call, args, filter);
  }
  for (int reg : plan->capture_regs) b.Add(Opcode::kColumn, sorter, field++, reg);
  b.Add(Opcode::kInteger, 1, has_row);
  b.Add(Opcode::kSorterNext, sorter, top);
  b.Add(Opcode::kGosub, return_reg, output);
  b.Add(Opcode::kGoto, 0, done);
  // The output subroutine.
  b.ResolveLabel(output);
  const int output_done = b.NewLabel();
  SIMLITE_TRY(EmitGroupOutput(ctx, state, plan, out, output_done));
  b.ResolveLabel(output_done);
  b.Add(Opcode::kReturn, return_reg);
  b.ResolveLabel(done);
  return Rc::kOk;
}

}  // namespace

Rc SelectCoder::EmitAggregateCore(CoreState* state, OutputStage* out) {
  ProgramBuilder& b = ctx_->builder();
  AggregatePlan plan;
  SIMLITE_TRY(PlanAggregates(ctx_, state, *out, &plan));
  ExprCoder scan(ctx_, &state->nc);
  scan.set_aggregates_allowed(true);
  for (int reg : plan.capture_regs) b.Add(Opcode::kNull, 0, reg);
  WhereLoop loop(ctx_, &scan, &state->items);
  if (plan.group_by.empty()) {
    OpenDistinctTables(b, &plan, true);
    SIMLITE_TRY(loop.Begin(state->core->where));
    for (const AggregateCall& call : plan.calls) {
      const int args = b.AllocRegisters(static_cast<int>(call.expr->args.size()));
      for (uint32_t arg_idx = 0; arg_idx < call.expr->args.size(); arg_idx++) {
        SIMLITE_TRY(scan.Code(call.expr->args[arg_idx], args + static_cast<int>(arg_idx)));
      }
      int filter = 0;
      if (call.expr->filter != nullptr) SIMLITE_TRY(scan.CodeTemp(call.expr->filter, &filter));
      EmitStep(b, call, args, filter);
    }
    for (size_t capture_idx = 0; capture_idx < plan.captured.size(); capture_idx++) {
      SIMLITE_TRY(scan.Code(plan.captured[capture_idx], plan.capture_regs[capture_idx]));
    }
    SIMLITE_TRY(loop.End());
    const int done = b.NewLabel();
    SIMLITE_TRY(EmitGroupOutput(ctx_, state, &plan, out, done));
    b.ResolveLabel(done);
    return Rc::kOk;
  }
  return EmitGrouped(ctx_, state, &plan, &scan, &loop, out);
}

}  // namespace simlite::codegen
