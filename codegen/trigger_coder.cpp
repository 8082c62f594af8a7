// Trigger firing: WHEN, then each statement of the body, compiled in line (see trigger_coder.h).
#include "codegen/trigger_coder.h"

#include "codegen/dml.h"
#include "codegen/expr_coder.h"
#include "codegen/select_coder.h"

namespace simlite::codegen {

namespace {

bool Fires(const CodegenContext& ctx, const Trigger& trigger, parser::TriggerEvent event,
           parser::TriggerTiming timing, const std::vector<bool>* updated) {
  if (trigger.stmt->event != event || trigger.timing() != timing) return false;
  if (ctx.TriggerActive(&trigger)) return false;
  if (event != parser::TriggerEvent::kUpdate || updated == nullptr ||
      trigger.stmt->update_columns.empty()) {
    return true;
  }
  for (const parser::Name& name : trigger.stmt->update_columns) {
    const int column = trigger.table->FindColumn(name.text);
    if (column >= 0 && (*updated)[static_cast<size_t>(column)]) return true;
  }
  return false;
}

Rc CompileBodyStatement(CodegenContext* ctx, const parser::Stmt& stmt) {
  if (stmt.kind != parser::StmtKind::kSelect) return CompileDml(ctx, stmt);
  // A SELECT runs for its effects (RAISE); its rows go nowhere.
  SelectCoder select(ctx, nullptr);
  SelectDest dest;
  dest.kind = SelectDest::Kind::kCallback;
  dest.callback = [](int, int, int) { return Rc::kOk; };
  return select.Code(stmt.As<parser::SelectStmt>()->select, dest);
}

Rc FireOne(CodegenContext* ctx, const Trigger& trigger, int old_row, int new_row,
           int ignore_label) {
  ProgramBuilder& b = ctx->builder();
  TriggerFrame frame;
  frame.table = trigger.table;
  frame.old_row = old_row;
  frame.new_row = new_row;
  frame.ignore_label = ignore_label;
  frame.outer = ctx->trigger_frame();
  frame.trigger = &trigger;
  ctx->set_trigger_frame(&frame);
  SourceScope source(ctx, trigger.parsed->sql, trigger.db);
  AuthContextScope auth(ctx, trigger.name);
  const int done = b.NewLabel();
  Rc rc = Rc::kOk;
  // Each firing runs its subqueries afresh, as SQLite's sub-program with Once flags of its
  // own: TriggerBegin clears the flags the body allocates (patched in below).
  const int begin = b.Add(Opcode::kTriggerBegin);
  const int first_once = b.once_count();
  if (trigger.stmt->when != nullptr) {
    NameContext no_names;
    ExprCoder coder(ctx, &no_names);
    rc = coder.CodeIfFalse(trigger.stmt->when, done, true);
  }
  for (const parser::Stmt* stmt : trigger.stmt->body) {
    if (rc == Rc::kOk) rc = CompileBodyStatement(ctx, *stmt);
    // SQLite's OP_ResetCount after each INSERT / UPDATE / DELETE step.
    if (stmt->kind != parser::StmtKind::kSelect) b.Add(Opcode::kResetCount);
  }
  b.ResolveLabel(done);
  b.Add(Opcode::kTriggerEnd);
  b.At(begin).p1 = first_once;
  b.At(begin).p2 = b.once_count() - first_once;
  ctx->set_trigger_frame(frame.outer);
  return rc;
}

}  // namespace

bool HasTriggers(const CodegenContext& ctx, const Table& table, parser::TriggerEvent event,
                 parser::TriggerTiming timing, const std::vector<bool>* updated) {
  for (const Trigger* trigger : table.triggers) {
    if (Fires(ctx, *trigger, event, timing, updated)) return true;
  }
  return false;
}

Rc FireTriggers(CodegenContext* ctx, const Table& table, parser::TriggerEvent event,
                parser::TriggerTiming timing, const std::vector<bool>* updated, int old_row,
                int new_row, int ignore_label) {
  for (size_t trigger_idx = table.triggers.size(); trigger_idx-- > 0;) {
    const Trigger& trigger = *table.triggers[trigger_idx];
    if (!Fires(*ctx, trigger, event, timing, updated)) continue;
    SIMLITE_TRY(FireOne(ctx, trigger, old_row, new_row, ignore_label));
  }
  return Rc::kOk;
}

}  // namespace simlite::codegen
