// SelectCoder: window functions (lang_windowfunc.html, windowfunctions.html).
//
// A core with window calls (in its result columns or ORDER BY) runs in passes, one per
// distinct window (PARTITION BY, ORDER BY and frame, as SQLite tells them apart). The core's
// rows (one per WHERE-loop row, or per group of an aggregate query) go into the first pass's
// sorter as records
//   [PARTITION BY keys, ORDER BY keys, sequence, the pass's arguments and FILTERs,
//    the row's context, the rowids of the FROM items' rows, the values of earlier passes]
// where the context is what the output needs to see the row again: the columns it reads, or,
// when a subquery there might read any, the rowids (the cursors are put back on each row);
// in an aggregate query, the aggregates' values and the bare columns' rowids. Read back
// sorted, each partition goes to the VM's WindowPartition (WindowAppend), which then walks it
// (WindowNext) computing the pass's calls; each row is then fed to the next pass, or, after
// the last, to the output.
//
// Passes run in the reverse order of their windows' first appearance, so the rows come out in
// the first window's order and ties in the order the pass before left them, as SQLite's do.
#include <optional>
#include <string>
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

// A window with its base window folded in.
struct ResolvedWindow {
  const parser::ArenaList<Expr*>* partition = nullptr;
  const parser::ArenaList<parser::OrderingTerm>* order = nullptr;
  const parser::FrameSpec* frame = nullptr;  // null: the default frame
  uint32_t partition_count() const { return partition == nullptr ? 0 : partition->size(); }
  uint32_t order_count() const { return order == nullptr ? 0 : order->size(); }
};

// A call's frame as SQLite computes it: the window's, or the one a built-in window function
// imposes whatever the window says (row_number() counts ROWS from the partition's start, ...).
struct Frame {
  parser::FrameUnit unit = parser::FrameUnit::kRange;
  parser::FrameBound start{parser::FrameBoundKind::kUnboundedPreceding, nullptr};
  parser::FrameBound end{parser::FrameBoundKind::kCurrentRow, nullptr};
  parser::FrameExclude exclude = parser::FrameExclude::kNone;
};

struct CallPlan {
  const parser::FunctionExpr* expr = nullptr;
  const vdbe::FunctionDef* def = nullptr;
  ResolvedWindow window;
  Frame frame;
  int result_reg = 0;
  Collation collation = Collation::kBinary;
  int start_reg = 0;  // frame offsets, evaluated once
  int end_reg = 0;
};

struct PassPlan {
  ResolvedWindow window;      // its PARTITION BY and ORDER BY
  std::vector<size_t> calls;  // indexes into WindowPlan::calls
  std::vector<int> carried;   // result registers of the passes run before it
  int sorter = -1;
  int window_index = 0;
  int field_count = 0;
  int order_fields = 0;  // ORDER BY fields, NULLS flags included
  btree::KeyInfo partition_keys;
};

}  // namespace

struct WindowPlan {
  std::vector<CallPlan> calls;
  std::vector<PassPlan> passes;                        // in the order they run
  std::unordered_map<const Expr*, int> substitutions;  // aggregates, then window results
  // Registers saved with each row: the aggregate values, or the columns the output reads.
  std::vector<int> context;
  int rowids = 0;  // the FROM items' rowids (consecutive registers), when rowid_count > 0
  int rowid_count = 0;
};

namespace {

bool Descending(const parser::OrderingTerm& term) {
  return term.order == parser::SortOrder::kDesc;
}

bool NullsFirst(const parser::OrderingTerm& term) {
  return term.nulls == parser::NullsOrder::kDefault ? !Descending(term)
                                                    : term.nulls == parser::NullsOrder::kFirst;
}

// A NULLS placement other than the default needs a "value IS NULL" field before the value.
bool NeedsNullFlag(const parser::OrderingTerm& term) {
  return NullsFirst(term) == Descending(term);
}

// The WINDOW clause's definition `name` among its first `limit` ones: the last of them, as
// SQLite, which keeps its window list newest first, finds.
int FindWindow(const parser::SelectCore* core, std::string_view name, uint32_t limit) {
  for (uint32_t def_idx = limit; def_idx-- > 0;) {
    if (SameName(core->windows[def_idx].name.text, name)) return static_cast<int>(def_idx);
  }
  return -1;
}

Rc ResolveDef(CodegenContext* ctx, const parser::SelectCore* core, uint32_t def_idx,
              ResolvedWindow* out);

// `spec` on top of its base window, the WINDOW clause's definition number base_idx.
Rc MergeBase(CodegenContext* ctx, const parser::SelectCore* core, const parser::WindowSpec* spec,
             uint32_t base_idx, ResolvedWindow* out) {
  const std::string base_name(spec->base.text);
  ResolvedWindow base;
  SIMLITE_TRY(ResolveDef(ctx, core, base_idx, &base));
  if (!spec->partition_by.empty()) {
    return ctx->Error("cannot override PARTITION clause of window: " + base_name);
  }
  if (!spec->order_by.empty() && base.order_count() > 0) {
    return ctx->Error("cannot override ORDER BY clause of window: " + base_name);
  }
  if (base.frame != nullptr) {
    return ctx->Error("cannot override frame specification of window: " + base_name);
  }
  out->partition = base.partition;
  out->order = spec->order_by.empty() ? base.order : &spec->order_by;
  out->frame = spec->frame;
  return Rc::kOk;
}

// A WINDOW clause definition: its base, when it has one, is among the definitions before it
// (SQLite chains them as it parses, and ignores the base of the first).
Rc ResolveDef(CodegenContext* ctx, const parser::SelectCore* core, uint32_t def_idx,
              ResolvedWindow* out) {
  const parser::WindowSpec* spec = core->windows[def_idx].spec;
  out->partition = &spec->partition_by;
  out->order = &spec->order_by;
  out->frame = spec->frame;
  if (!spec->base.IsSet() || def_idx == 0) return Rc::kOk;
  const int base_idx = FindWindow(core, spec->base.text, def_idx);
  if (base_idx < 0) return ctx->Error("no such window: " + std::string(spec->base.text));
  return MergeBase(ctx, core, spec, static_cast<uint32_t>(base_idx), out);
}

Rc ResolveCallWindow(CodegenContext* ctx, const parser::SelectCore* core,
                     const parser::FunctionExpr& call, ResolvedWindow* out) {
  const uint32_t def_count = core->windows.size();
  const parser::WindowSpec* spec = call.over;
  std::string_view name = spec != nullptr ? spec->base.text : call.over_name.text;
  if (spec != nullptr && !spec->base.IsSet()) {
    out->partition = &spec->partition_by;
    out->order = &spec->order_by;
    out->frame = spec->frame;
    return Rc::kOk;
  }
  const int def_idx = FindWindow(core, name, def_count);
  if (def_idx < 0) return ctx->Error("no such window: " + std::string(name));
  if (spec == nullptr) return ResolveDef(ctx, core, static_cast<uint32_t>(def_idx), out);
  return MergeBase(ctx, core, spec, static_cast<uint32_t>(def_idx), out);
}

bool SameKeys(const ResolvedWindow& a, const ResolvedWindow& b) {
  if (a.partition_count() != b.partition_count() || a.order_count() != b.order_count()) {
    return false;
  }
  for (uint32_t idx = 0; idx < a.partition_count(); idx++) {
    if (!ExprEqual((*a.partition)[idx], (*b.partition)[idx])) return false;
  }
  for (uint32_t idx = 0; idx < a.order_count(); idx++) {
    const parser::OrderingTerm& x = (*a.order)[idx];
    const parser::OrderingTerm& y = (*b.order)[idx];
    if (!ExprEqual(x.expr, y.expr) || Descending(x) != Descending(y) ||
        NullsFirst(x) != NullsFirst(y)) {
      return false;
    }
  }
  return true;
}

bool HasOffset(const parser::FrameBound& bound) {
  return bound.kind == parser::FrameBoundKind::kPreceding ||
         bound.kind == parser::FrameBoundKind::kFollowing;
}

bool RangeWithOffset(const parser::FrameSpec* frame) {
  return frame != nullptr && frame->unit == parser::FrameUnit::kRange &&
         (HasOffset(frame->start) || HasOffset(frame->end));
}

// SQLite evaluates a frame offset once; one that reads the row (a column, a subquery) counts
// as NULL, which the VM then rejects.
bool ConstantOffset(const Expr* expr) {
  bool constant = true;
  (void)WalkExpr(expr, [&](const Expr* node, bool*) {
    if (node->kind == ExprKind::kColumn || node->kind == ExprKind::kSubquery ||
        node->kind == ExprKind::kExists ||
        (node->kind == ExprKind::kIn && node->As<parser::InExpr>()->select != nullptr)) {
      constant = false;
    }
    return Rc::kOk;
  });
  return constant;
}

// The VM's frame enums (vdbe/window_info.h, below the parser) mirror the parser's value for
// value; the calls describing a frame to the VM cast.
static_assert(static_cast<int>(parser::FrameUnit::kGroups) ==
              static_cast<int>(vdbe::FrameUnit::kGroups));
static_assert(static_cast<int>(parser::FrameBoundKind::kUnboundedFollowing) ==
              static_cast<int>(vdbe::FrameBound::kUnboundedFollowing));
static_assert(static_cast<int>(parser::FrameExclude::kTies) ==
              static_cast<int>(vdbe::FrameExclude::kTies));

vdbe::FrameBound BoundKind(parser::FrameBoundKind kind) {
  return static_cast<vdbe::FrameBound>(kind);
}

Frame FrameOf(const vdbe::FunctionDef& def, const parser::FrameSpec* spec) {
  using Unit = parser::FrameUnit;
  using Kind = parser::FrameBoundKind;
  auto fixed = [](Unit unit, Kind start, Kind end) {
    Frame frame;
    frame.unit = unit;
    frame.start.kind = start;
    frame.end.kind = end;
    return frame;
  };
  switch (def.window) {
    case vdbe::WindowFunctionKind::kRowNumber:
    case vdbe::WindowFunctionKind::kLag:
      return fixed(Unit::kRows, Kind::kUnboundedPreceding, Kind::kCurrentRow);
    case vdbe::WindowFunctionKind::kRank:
    case vdbe::WindowFunctionKind::kDenseRank:
      return fixed(Unit::kRange, Kind::kUnboundedPreceding, Kind::kCurrentRow);
    case vdbe::WindowFunctionKind::kPercentRank:
      return fixed(Unit::kGroups, Kind::kCurrentRow, Kind::kUnboundedFollowing);
    case vdbe::WindowFunctionKind::kCumeDist:  // (GROUPS 1 FOLLOWING: no offset to compare)
      return fixed(Unit::kGroups, Kind::kFollowing, Kind::kUnboundedFollowing);
    case vdbe::WindowFunctionKind::kNtile:
      return fixed(Unit::kRows, Kind::kCurrentRow, Kind::kUnboundedFollowing);
    case vdbe::WindowFunctionKind::kLead:
      return fixed(Unit::kRows, Kind::kUnboundedPreceding, Kind::kUnboundedFollowing);
    default:
      break;
  }
  Frame frame;
  if (spec != nullptr) {
    frame.unit = spec->unit;
    frame.start = spec->start;
    frame.end = spec->end;
    frame.exclude = spec->exclude;
  }
  return frame;
}

bool SameBound(const parser::FrameBound& a, const parser::FrameBound& b) {
  if (a.kind != b.kind || (a.offset == nullptr) != (b.offset == nullptr)) return false;
  return a.offset == nullptr || ExprEqual(a.offset, b.offset);
}

// SQLite computes two calls in one pass when their windows are the same, frames included.
bool SameWindow(const CallPlan& a, const CallPlan& b) {
  return SameKeys(a.window, b.window) && a.frame.unit == b.frame.unit &&
         SameBound(a.frame.start, b.frame.start) && SameBound(a.frame.end, b.frame.end) &&
         a.frame.exclude == b.frame.exclude;
}

// The VM's description of one call (window_info.h), its fields from `field` on.
vdbe::WindowCall DescribeCall(const CallPlan& call, int* field) {
  vdbe::WindowCall out;
  out.def = call.def;
  out.arg_field = *field;
  out.arg_count = static_cast<int>(call.expr->args.size());
  *field += out.arg_count;
  if (call.expr->filter != nullptr) out.filter_field = (*field)++;
  out.result_reg = call.result_reg;
  out.collation = call.collation;
  out.unit = static_cast<vdbe::FrameUnit>(call.frame.unit);
  out.start = BoundKind(call.frame.start.kind);
  out.end = BoundKind(call.frame.end.kind);
  out.exclude = static_cast<vdbe::FrameExclude>(call.frame.exclude);
  out.start_reg = call.start_reg;
  out.end_reg = call.end_reg;
  if (call.def->user_data == nullptr && call.def->aggregate != nullptr &&
      (SameName(call.def->name, "min") || SameName(call.def->name, "max"))) {
    out.extremum = static_cast<int8_t>(SameName(call.def->name, "max") ? 1 : -1);
  }
  return out;
}

}  // namespace

Rc CheckWindowClause(CodegenContext* ctx, const parser::SelectCore* core) {
  for (uint32_t def_idx = 0; def_idx < core->windows.size(); def_idx++) {
    ResolvedWindow window;
    SIMLITE_TRY(ResolveDef(ctx, core, def_idx, &window));
  }
  return Rc::kOk;
}

namespace {

// The window calls of the results and ORDER BY terms, each with its window resolved and a
// register for its value.
Rc CollectCalls(CodegenContext* ctx, CoreState* state, const OutputStage& out, WindowPlan* plan) {
  std::vector<const Expr*> roots(state->results.begin(), state->results.end());
  for (const SortKey& key : out.keys()) {
    if (key.expr != nullptr) roots.push_back(key.expr);
  }
  for (const Expr* root : roots) {
    SIMLITE_TRY(WalkExpr(root, [&](const Expr* node, bool* descend) -> Rc {
      if (node->kind != ExprKind::kFunction) return Rc::kOk;
      const auto* function = node->As<parser::FunctionExpr>();
      if (!IsWindowCall(*function)) return Rc::kOk;
      *descend = false;
      if (plan->substitutions.count(node) != 0) return Rc::kOk;
      CallPlan call;
      call.expr = function;
      call.def = ctx->FindFunction(function->name.text, static_cast<int>(function->args.size()));
      if (call.def == nullptr) {
        return ctx->Error("no such function: " + std::string(function->name.text));
      }
      SIMLITE_TRY(ResolveCallWindow(ctx, state->core, *function, &call.window));
      call.frame = FrameOf(*call.def, call.window.frame);
      call.result_reg = ctx->builder().AllocRegister();
      plan->substitutions[node] = call.result_reg;
      plan->calls.push_back(call);
      return Rc::kOk;
    }));
  }
  return Rc::kOk;
}

// What SQLite checks of a window while preparing; the collation min() and max() compare with.
Rc CheckCall(CodegenContext* ctx, ExprCoder* checker, CallPlan* call) {
  const ResolvedWindow& window = call->window;
  for (uint32_t idx = 0; idx < window.partition_count(); idx++) {
    SIMLITE_TRY(checker->CheckNames((*window.partition)[idx]));
  }
  for (uint32_t idx = 0; idx < window.order_count(); idx++) {
    SIMLITE_TRY(checker->CheckNames((*window.order)[idx].expr));
  }
  if (RangeWithOffset(window.frame) && window.order_count() != 1) {
    return ctx->Error("RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression");
  }
  bool found = false;
  bool is_explicit = false;
  for (const Expr* arg : call->expr->args) {
    SIMLITE_TRY(checker->CollationOf(arg, &call->collation, &found, &is_explicit));
    if (found) break;
    call->collation = Collation::kBinary;
  }
  return Rc::kOk;
}

// The inputs an aggregate query must compute per group (its aggregates may be in them).
void AddWindowInputs(const WindowPlan& plan, CoreState* state) {
  for (const CallPlan& call : plan.calls) {
    for (const Expr* arg : call.expr->args) state->window_inputs.push_back(arg);
    if (call.expr->filter != nullptr) state->window_inputs.push_back(call.expr->filter);
    for (uint32_t idx = 0; idx < call.window.partition_count(); idx++) {
      state->window_inputs.push_back((*call.window.partition)[idx]);
    }
    for (uint32_t idx = 0; idx < call.window.order_count(); idx++) {
      state->window_inputs.push_back((*call.window.order)[idx].expr);
    }
  }
}

}  // namespace

// Finds the window calls, resolves their windows, checks what SQLite checks while preparing,
// and groups them into passes.
Rc SelectCoder::PlanWindows(CoreState* state, const OutputStage& out, WindowPlan* plan) {
  SIMLITE_TRY(CollectCalls(ctx_, state, out, plan));
  // A window's terms see the FROM items, not the result aliases.
  NameContext names = state->nc;
  names.aliases = nullptr;
  ExprCoder checker(ctx_, &names);
  checker.set_aggregates_allowed(state->aggregate);
  std::vector<PassPlan> by_appearance;
  for (size_t call_idx = 0; call_idx < plan->calls.size(); call_idx++) {
    CallPlan& call = plan->calls[call_idx];
    SIMLITE_TRY(CheckCall(ctx_, &checker, &call));
    size_t pass_idx = 0;
    while (pass_idx < by_appearance.size() &&
           !SameWindow(plan->calls[by_appearance[pass_idx].calls[0]], call)) {
      pass_idx++;
    }
    if (pass_idx == by_appearance.size()) {
      by_appearance.emplace_back();
      by_appearance.back().window = call.window;
    }
    by_appearance[pass_idx].calls.push_back(call_idx);
  }
  if (names.used_outer) state->nc.used_outer = true;
  plan->passes.assign(std::make_move_iterator(by_appearance.rbegin()),
                      std::make_move_iterator(by_appearance.rend()));
  AddWindowInputs(*plan, state);
  return Rc::kOk;
}

namespace {

// Each frame offset into a register of its own, evaluated once (per statement, as SQLite).
Rc EvaluateOffsets(ExprCoder* coder, WindowPlan* plan) {
  ProgramBuilder& b = coder->ctx()->builder();
  for (CallPlan& call : plan->calls) {
    for (int bound_idx = 0; bound_idx < 2; bound_idx++) {
      const parser::FrameBound& bound = bound_idx == 0 ? call.frame.start : call.frame.end;
      if (!HasOffset(bound) || bound.offset == nullptr) continue;
      const int reg = b.AllocRegister();
      if (ConstantOffset(bound.offset)) {
        SIMLITE_TRY(coder->Code(bound.offset, reg));
      } else {
        b.Add(Opcode::kNull, 0, reg);
      }
      (bound_idx == 0 ? call.start_reg : call.end_reg) = reg;
    }
  }
  return Rc::kOk;
}

// A pass's sort keys, PARTITION BY then ORDER BY (NULLS flags included), as the sorter orders
// them and as the VM compares peers; *field ends past them.
Rc LayOutKeys(ExprCoder* coder, PassPlan* pass, vdbe::WindowInfo* info, btree::KeyInfo* sorter_keys,
              int* field) {
  const ResolvedWindow& window = pass->window;
  auto add_key = [&](Collation collation, bool descending, bool order) {
    sorter_keys->collations.push_back(collation);
    sorter_keys->descending.push_back(descending);
    if (order) {
      info->order_keys.collations.push_back(collation);
      info->order_keys.descending.push_back(descending);
    }
    (*field)++;
  };
  for (uint32_t idx = 0; idx < window.partition_count(); idx++) {
    Collation collation = Collation::kBinary;
    bool found = false;
    bool is_explicit = false;
    SIMLITE_TRY(coder->CollationOf((*window.partition)[idx], &collation, &found, &is_explicit));
    pass->partition_keys.collations.push_back(collation);
    pass->partition_keys.descending.push_back(false);
    add_key(collation, false, false);
  }
  info->order_field = *field;
  for (uint32_t idx = 0; idx < window.order_count(); idx++) {
    const parser::OrderingTerm& term = (*window.order)[idx];
    if (NeedsNullFlag(term)) add_key(Collation::kBinary, Descending(term), true);
    Collation collation = Collation::kBinary;
    bool found = false;
    bool is_explicit = false;
    SIMLITE_TRY(coder->CollationOf(term.expr, &collation, &found, &is_explicit));
    // RANGE with an offset reads the single ORDER BY term's value.
    if (window.order_count() == 1) {
      info->range_field = *field;
      info->range_descending = Descending(term);
    }
    add_key(collation, Descending(term), true);
  }
  pass->order_fields = *field - info->order_field;
  info->order_count = pass->order_fields;
  add_key(Collation::kBinary, false, false);  // the sequence number
  return Rc::kOk;
}

}  // namespace

namespace {

// The columns of this query's FROM items that the output reads (the results and ORDER BY
// outside window calls, and the inputs of the passes after the first): false when anything
// there is a subquery, which may read any column of the row.
bool CarriedColumns(CodegenContext* ctx, CoreState* state, const OutputStage& out,
                    const WindowPlan& plan, std::vector<const Expr*>* columns) {
  bool carry = true;
  auto visit = [&](const Expr* node, bool* descend) -> Rc {
    if (node->kind == ExprKind::kFunction && IsWindowCall(*node->As<parser::FunctionExpr>())) {
      *descend = false;
    } else if (node->kind == ExprKind::kSubquery || node->kind == ExprKind::kExists ||
               (node->kind == ExprKind::kIn && node->As<parser::InExpr>()->select != nullptr)) {
      carry = false;
    } else if (node->kind == ExprKind::kColumn) {
      *descend = false;
      ColumnRef ref;
      SIMLITE_TRY(ResolveColumn(ctx, &state->nc, *node->As<parser::ColumnExpr>(), &ref));
      if ((ref.kind == ColumnRef::Kind::kColumn || ref.kind == ColumnRef::Kind::kRowid) &&
          ref.depth == 0) {
        columns->push_back(node);
      }
    }
    return Rc::kOk;
  };
  for (const Expr* result : state->results) {
    if (WalkExpr(result, visit) != Rc::kOk) return false;
  }
  for (const SortKey& key : out.keys()) {
    if (key.expr != nullptr && WalkExpr(key.expr, visit) != Rc::kOk) return false;
  }
  for (size_t pass_idx = 1; pass_idx < plan.passes.size(); pass_idx++) {
    const ResolvedWindow& window = plan.passes[pass_idx].window;
    std::vector<const Expr*> inputs;
    for (uint32_t idx = 0; idx < window.partition_count(); idx++) {
      inputs.push_back((*window.partition)[idx]);
    }
    for (uint32_t idx = 0; idx < window.order_count(); idx++) {
      inputs.push_back((*window.order)[idx].expr);
    }
    for (size_t call_idx : plan.passes[pass_idx].calls) {
      const parser::FunctionExpr* call = plan.calls[call_idx].expr;
      inputs.insert(inputs.end(), call->args.begin(), call->args.end());
      if (call->filter != nullptr) inputs.push_back(call->filter);
    }
    for (const Expr* input : inputs) {
      if (WalkExpr(input, visit) != Rc::kOk) return false;
    }
  }
  return carry;
}

}  // namespace

// Opens each pass's sorter, describes its partitions to the VM and evaluates the frame
// offsets.
Rc SelectCoder::OpenWindowPasses(CoreState* state, WindowPlan* plan) {
  ProgramBuilder& b = ctx_->builder();
  ExprCoder coder(ctx_, &state->nc);
  SIMLITE_TRY(EvaluateOffsets(&coder, plan));
  const int context_count = static_cast<int>(plan->context.size()) + plan->rowid_count;
  std::vector<int> carried;
  for (PassPlan& pass : plan->passes) {
    pass.carried = carried;
    vdbe::WindowInfo info;
    btree::KeyInfo sorter_keys;
    int field = 0;
    SIMLITE_TRY(LayOutKeys(&coder, &pass, &info, &sorter_keys, &field));
    for (size_t call_idx : pass.calls) {
      info.calls.push_back(DescribeCall(plan->calls[call_idx], &field));
      carried.push_back(plan->calls[call_idx].result_reg);
    }
    pass.field_count = field + context_count + static_cast<int>(pass.carried.size());
    pass.sorter = b.AllocCursor();
    b.Add(Opcode::kSorterOpen, pass.sorter, pass.field_count);
    b.SetP4KeyInfo(std::move(sorter_keys));
    pass.window_index = b.AddWindowInfo(std::move(info));
  }
  return Rc::kOk;
}

// Sends the current row (its context live in registers) into pass `pass_idx`'s sorter.
Rc SelectCoder::EmitWindowInsert(WindowPlan* plan, size_t pass_idx, ExprCoder* coder) {
  ProgramBuilder& b = ctx_->builder();
  const PassPlan& pass = plan->passes[pass_idx];
  const ResolvedWindow& window = pass.window;
  const int base = b.AllocRegisters(pass.field_count);
  int field = 0;
  for (uint32_t idx = 0; idx < window.partition_count(); idx++) {
    SIMLITE_TRY(coder->Code((*window.partition)[idx], base + field++));
  }
  for (uint32_t idx = 0; idx < window.order_count(); idx++) {
    const parser::OrderingTerm& term = (*window.order)[idx];
    const bool flag = NeedsNullFlag(term);
    const int value = base + field + (flag ? 1 : 0);
    SIMLITE_TRY(coder->Code(term.expr, value));
    if (flag) EmitNullFlag(b, value, base + field);
    field += flag ? 2 : 1;
  }
  b.Add(Opcode::kSequence, pass.sorter, base + field++);
  for (size_t call_idx : pass.calls) {
    const parser::FunctionExpr* call = plan->calls[call_idx].expr;
    for (const Expr* arg : call->args) SIMLITE_TRY(coder->Code(arg, base + field++));
    if (call->filter != nullptr) SIMLITE_TRY(coder->Code(call->filter, base + field++));
  }
  for (int reg : plan->context) b.Add(Opcode::kSCopy, reg, base + field++);
  for (int item_idx = 0; item_idx < plan->rowid_count; item_idx++) {
    b.Add(Opcode::kSCopy, plan->rowids + item_idx, base + field++);
  }
  for (int reg : pass.carried) b.Add(Opcode::kSCopy, reg, base + field++);
  const int record = b.AllocRegister();
  b.Add(Opcode::kMakeRecord, base, pass.field_count, record);
  b.Add(Opcode::kSorterInsert, pass.sorter, record);
  return Rc::kOk;
}

namespace {

// A sorted row whose PARTITION BY keys differ from the row before's (when r[has_row]) first
// flushes the partition so far (the subroutine at `flush`).
void EmitPartitionChange(ProgramBuilder& b, const PassPlan& pass, int has_row, int return_reg,
                         int flush) {
  const int key_count = static_cast<int>(pass.window.partition_count());
  const int current = b.AllocRegisters(key_count);
  const int previous = b.AllocRegisters(key_count);
  for (int key_idx = 0; key_idx < key_count; key_idx++) {
    b.Add(Opcode::kColumn, pass.sorter, key_idx, current + key_idx);
  }
  const int first = b.NewLabel();
  const int same = b.NewLabel();
  const int change = b.NewLabel();
  b.Add(Opcode::kIfNot, has_row, first);
  b.Add(Opcode::kCompare, previous, current, key_count);
  b.SetP4KeyInfo(pass.partition_keys);
  b.Add(Opcode::kJump, change, same, change);
  b.ResolveLabel(change);
  b.Add(Opcode::kGosub, return_reg, flush);
  b.ResolveLabel(first);
  b.Add(Opcode::kCopy, current, previous, key_count - 1);
  b.ResolveLabel(same);
}

}  // namespace

// The rows of pass `pass_idx`, sorted and cut into partitions; each row, with its window
// values computed and its context restored, goes to the next pass or to the output.
Rc SelectCoder::EmitWindowPass(CoreState* state, WindowPlan* plan, size_t pass_idx,
                               ExprCoder* coder, OutputStage* out) {
  ProgramBuilder& b = ctx_->builder();
  const PassPlan& pass = plan->passes[pass_idx];
  const int key_count = static_cast<int>(pass.window.partition_count());
  const int done = b.NewLabel();
  const int flush = b.NewLabel();
  const int return_reg = b.AllocRegister();
  const int has_row = b.AllocRegister();
  b.Add(Opcode::kInteger, 0, has_row);
  b.Add(Opcode::kSorterSort, pass.sorter, done);
  const int top = b.current_address();
  if (key_count > 0) EmitPartitionChange(b, pass, has_row, return_reg, flush);
  b.Add(Opcode::kInteger, 1, has_row);
  const int record = b.AllocRegister();
  b.Add(Opcode::kSorterData, pass.sorter, record);
  b.Add(Opcode::kWindowAppend, pass.window_index, record);
  b.SetP4Window(pass.window_index);
  b.Add(Opcode::kSorterNext, pass.sorter, top);
  b.Add(Opcode::kIfNot, has_row, done);
  b.Add(Opcode::kGosub, return_reg, flush);
  b.Add(Opcode::kGoto, 0, done);
  // The flush subroutine: every row of the partition.
  b.ResolveLabel(flush);
  const int next = b.NewLabel();
  const int end = b.NewLabel();
  b.ResolveLabel(next);
  b.Add(Opcode::kWindowNext, pass.window_index, end);
  b.SetP4Window(pass.window_index);
  int field = pass.field_count - static_cast<int>(plan->context.size() + pass.carried.size()) -
              plan->rowid_count;
  auto restore = [&](int reg) {
    b.Add(Opcode::kWindowColumn, pass.window_index, field++, reg);
    b.SetP4Window(pass.window_index);
  };
  for (int reg : plan->context) restore(reg);
  for (int item_idx = 0; item_idx < plan->rowid_count; item_idx++) {
    restore(plan->rowids + item_idx);
  }
  for (int reg : pass.carried) restore(reg);
  if (plan->rowid_count > 0) EmitSeekItems(state, plan->rowids);
  if (pass_idx + 1 < plan->passes.size()) {
    SIMLITE_TRY(EmitWindowInsert(plan, pass_idx + 1, coder));
  } else {
    const int count = static_cast<int>(state->results.size());
    const int first = b.AllocRegisters(count);
    for (int result_idx = 0; result_idx < count; result_idx++) {
      SIMLITE_TRY(coder->Code(state->results[static_cast<size_t>(result_idx)], first + result_idx));
    }
    SIMLITE_TRY(out->EmitRow(coder, first, next));
  }
  b.Add(Opcode::kGoto, 0, next);
  b.ResolveLabel(end);
  b.Add(Opcode::kReturn, return_reg);
  b.ResolveLabel(done);
  return Rc::kOk;
}

// Puts each FROM item's cursor back on the row whose rowid is in r[rowids + item] (a null row
// when NULL).
void SelectCoder::EmitSeekItems(CoreState* state, int rowids) {
  ProgramBuilder& b = ctx_->builder();
  for (size_t item_idx = 0; item_idx < state->items.size(); item_idx++) {
    const int rowid = rowids + static_cast<int>(item_idx);
    const int null_row = b.NewLabel();
    const int done = b.NewLabel();
    b.Add(Opcode::kIsNull, rowid, null_row);
    b.Add(Opcode::kSeekRowid, state->items[item_idx].cursor, null_row, rowid);
    b.Add(Opcode::kGoto, 0, done);
    b.ResolveLabel(null_row);
    b.Add(Opcode::kNullRow, state->items[item_idx].cursor);
    b.ResolveLabel(done);
  }
}

namespace {

// EXPLAIN QUERY PLAN shows SQLite's rewrite: one co-routine per pass, the first run
// innermost, each scanning the one inside it. While alive, the lines of the core's own scan go
// under the innermost co-routine.
class CoroutineLines {
 public:
  CoroutineLines(CodegenContext* ctx, const WindowPlan& plan)
      : ctx_(ctx), plan_(plan), numbers_(plan.passes.size()), lines_(plan.passes.size()) {
    const size_t pass_count = plan.passes.size();
    for (size_t pass_idx = pass_count; pass_idx-- > 0;) {
      // (SQLite numbers them after the selects it parsed; the common case has none other.)
      numbers_[pass_idx] = static_cast<int>(pass_count - pass_idx) + 1;
      PlanScope scope(ctx, pass_idx + 1 < pass_count ? lines_[pass_idx + 1] : ctx->plan_parent());
      lines_[pass_idx] = ctx->AddPlan("CO-ROUTINE " + Name(pass_idx));
    }
    inner_.emplace(ctx, lines_[0]);
  }

  // After the core's scan: each pass's sort and scan.
  void Finish() {
    SortLine(0);
    inner_.reset();
    for (size_t pass_idx = 1; pass_idx < plan_.passes.size(); pass_idx++) {
      PlanScope scope(ctx_, lines_[pass_idx]);
      ctx_->AddPlan("SCAN " + Name(pass_idx - 1));
      SortLine(pass_idx);
    }
    ctx_->AddPlan("SCAN " + Name(plan_.passes.size() - 1));
  }

 private:
  std::string Name(size_t pass_idx) const {
    return "(subquery-" + std::to_string(numbers_[pass_idx]) + ")";
  }
  void SortLine(size_t pass_idx) {
    const ResolvedWindow& window = plan_.passes[pass_idx].window;
    if (window.partition_count() + window.order_count() > 0) {
      ctx_->AddPlan("USE TEMP B-TREE FOR ORDER BY");
    }
  }

  CodegenContext* ctx_;
  const WindowPlan& plan_;
  std::vector<int> numbers_;
  std::vector<int> lines_;
  std::optional<PlanScope> inner_;
};

}  // namespace

// A plain core's rows into the first pass: the output's columns travel with them when that is
// all it reads of the rows; else their rowids do, and the cursors go back to each row.
Rc SelectCoder::EmitWindowScan(CoreState* state, const OutputStage& out, WindowPlan* plan) {
  ProgramBuilder& b = ctx_->builder();
  std::vector<const Expr*> columns;
  if (CarriedColumns(ctx_, state, out, *plan, &columns)) {
    for (const Expr* column : columns) {
      const int reg = b.AllocRegister();
      plan->context.push_back(reg);
      plan->substitutions[column] = reg;
    }
  } else {
    columns.clear();
    plan->rowid_count = static_cast<int>(state->items.size());
    plan->rowids = b.AllocRegisters(plan->rowid_count);
  }
  SIMLITE_TRY(OpenWindowPasses(state, plan));
  state->nc.aliases = &state->aliases;
  if (state->loop == nullptr) {
    state->coder = std::make_unique<ExprCoder>(ctx_, &state->nc);
    state->loop = std::make_unique<WhereLoop>(ctx_, state->coder.get(), &state->items);
  }
  SIMLITE_TRY(state->loop->Begin(state->core->where));
  for (int item_idx = 0; item_idx < plan->rowid_count; item_idx++) {
    EmitItemRowid(b, state->items[static_cast<size_t>(item_idx)], plan->rowids + item_idx);
  }
  for (size_t column_idx = 0; column_idx < columns.size(); column_idx++) {
    SIMLITE_TRY(state->coder->Code(columns[column_idx], plan->context[column_idx]));
  }
  SIMLITE_TRY(EmitWindowInsert(plan, 0, state->coder.get()));
  return state->loop->End();
}

Rc SelectCoder::EmitWindowCore(CoreState* state, OutputStage* out) {
  WindowPlan plan;
  SIMLITE_TRY(PlanWindows(state, *out, &plan));
  CoroutineLines lines(ctx_, plan);
  std::unordered_map<const Expr*, int> aggregates;
  if (state->aggregate) {
    // The groups come from the aggregate stage, with their aggregate values.
    GroupSink sink;
    sink.prepare = [&](const std::unordered_map<const Expr*, int>& substitutions,
                       const std::vector<int>& values, int rowids) -> Rc {
      aggregates = substitutions;
      plan.context = values;
      plan.rowids = rowids;
      plan.rowid_count = static_cast<int>(state->items.size());
      return OpenWindowPasses(state, &plan);
    };
    sink.row = [&](ExprCoder* coder) { return EmitWindowInsert(&plan, 0, coder); };
    SIMLITE_TRY(EmitAggregateCore(state, out, &sink));
  } else {
    SIMLITE_TRY(EmitWindowScan(state, *out, &plan));
  }
  lines.Finish();
  plan.substitutions.insert(aggregates.begin(), aggregates.end());
  state->nc.aliases = &state->aliases;
  ExprCoder coder(ctx_, &state->nc);
  coder.set_substitutions(&plan.substitutions);
  coder.set_aggregates_allowed(true);
  for (size_t pass_idx = 0; pass_idx < plan.passes.size(); pass_idx++) {
    SIMLITE_TRY(EmitWindowPass(state, &plan, pass_idx, &coder, out));
  }
  return Rc::kOk;
}

// A VALUES row with window calls is, as in SQLite, a select of one row without FROM.
Rc SelectCoder::EmitWindowedValues(const parser::SelectCore* core,
                                   const parser::ArenaList<Expr*>& row, OutputStage* out) {
  CoreState state;
  state.core = core;
  state.nc.items = &state.items;
  state.nc.outer = outer_;
  state.nc.ctes = ctes_;
  state.windowed = true;
  for (const Expr* value : row) {
    state.results.push_back(value);
    state.aliases.push_back({"", value});
  }
  // An aggregate in a window's arguments makes it an aggregate query (of one group).
  for (const Expr* value : row) {
    (void)WalkExpr(value, [&](const Expr* node, bool*) {
      if (node->kind != ExprKind::kFunction) return Rc::kOk;
      const auto* call = node->As<parser::FunctionExpr>();
      const vdbe::FunctionDef* def =
          ctx_->FindFunction(call->name.text, call->star ? 0 : static_cast<int>(call->args.size()));
      if (!IsWindowCall(*call) && def != nullptr && def->aggregate != nullptr) {
        state.aggregate = true;
      }
      return Rc::kOk;
    });
  }
  ExprCoder checker(ctx_, &state.nc);
  checker.set_windows_allowed(true);
  checker.set_aggregates_allowed(true);
  for (const Expr* value : row) SIMLITE_TRY(checker.CheckNames(value));
  SIMLITE_TRY(EmitWindowCore(&state, out));
  return FinishCorrelation(&state);
}

}  // namespace simlite::codegen
