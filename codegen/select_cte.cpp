// SelectCoder: common table expressions (lang_with.html). An ordinary CTE is a view that lives
// for one statement: each reference materializes it like a subquery. A recursive CTE
// ("initial-select UNION [ALL] recursive-select") is computed with a queue:
//   1. the initial select's rows go to the result and to the queue;
//   2. while the queue is not empty, its first row becomes the only row of the CTE as the
//      recursive select sees it, and that select's rows go to the result and the queue;
// with UNION, a row already produced is dropped; LIMIT stops the whole computation.
#include "codegen/output_stage.h"
#include "codegen/select_coder.h"

namespace simlite::codegen {

namespace {

bool FromReferences(const parser::FromClause& from, std::string_view name) {
  for (const parser::TableRef* ref : from) {
    if (ref->kind == parser::TableRefKind::kTable && !ref->name.schema.IsSet() &&
        SameName(ref->name.name.text, name)) {
      return true;
    }
    if (ref->kind == parser::TableRefKind::kJoin && FromReferences(ref->nested, name)) {
      return true;
    }
  }
  return false;
}

bool CoreReferences(const parser::SelectCore* core, std::string_view name) {
  return !core->is_values && FromReferences(core->from, name);
}

}  // namespace

std::unique_ptr<CteScope> MakeCteScope(const parser::WithClause& with, const CteScope* outer) {
  auto scope = std::make_unique<CteScope>();
  scope->outer = outer;
  for (const parser::CommonTableExpr& cte : with.ctes) {
    CteDef def;
    def.cte = &cte;
    def.scope = scope.get();
    for (const parser::SelectCore* core : cte.select->cores) {
      def.recursive = def.recursive || CoreReferences(core, cte.name.text);
    }
    // Without RECURSIVE, naming itself is an error when the CTE is used (AddFromItem).
    def.circular = def.recursive && !with.recursive;
    def.recursive = def.recursive && !def.circular;
    scope->ctes.push_back(def);
  }
  return scope;
}

Rc SelectCoder::EnterWith(const parser::Select* select) {
  if (select->with == nullptr || own_ctes_ != nullptr) return Rc::kOk;
  own_ctes_ = MakeCteScope(*select->with, ctes_);
  ctes_ = own_ctes_.get();
  return Rc::kOk;
}

Rc SelectCoder::MaterializeRecursive(const CteDef& def, int cursor, int column_count) {
  ProgramBuilder& b = ctx_->builder();
  const parser::Select* select = def.cte->select;
  const uint32_t core_count = select->cores.size();
  uint32_t first_recursive = 0;
  while (first_recursive < core_count &&
         !CoreReferences(select->cores[first_recursive], def.cte->name.text)) {
    first_recursive++;
  }
  if (first_recursive == 0 || first_recursive == core_count) {
    return ctx_->Error("circular reference: " + std::string(def.cte->name.text));
  }
  const parser::CompoundOp op = select->cores[first_recursive]->op;
  if (op != parser::CompoundOp::kUnion && op != parser::CompoundOp::kUnionAll) {
    return ctx_->Error("recursive reference in a subquery: " + std::string(def.cte->name.text));
  }
  if (!select->order_limit.order_by.empty()) {
    return ctx_->Error("ORDER BY in a recursive common table expression is not supported yet");
  }
  // SQLite asks about the whole SELECT, its recursion, then (as they are coded) each arm.
  SIMLITE_TRY(ctx_->Authorize(AuthAction::kSelect, {}, {}, {}));
  SIMLITE_TRY(ctx_->Authorize(AuthAction::kRecursive, {}, {}, {}));
  const int queue = b.AllocCursor();
  const int current = b.AllocCursor();
  b.Add(Opcode::kOpenEphemeral, queue, column_count);
  int distinct = -1;
  if (op == parser::CompoundOp::kUnion) {
    distinct = b.AllocCursor();
    b.Add(Opcode::kOpenEphemeral, distinct, column_count);
    btree::KeyInfo key_info;
    key_info.collations.assign(static_cast<size_t>(column_count), Collation::kBinary);
    key_info.descending.assign(static_cast<size_t>(column_count), false);
    b.SetP4KeyInfo(std::move(key_info));
  }
  // LIMIT and OFFSET count the rows of the whole result.
  SelectDest result;
  result.kind = SelectDest::Kind::kTable;
  result.cursor = cursor;
  OutputStage out(ctx_, result, column_count);
  SIMLITE_TRY(out.SetLimit(select->order_limit.limit, select->order_limit.offset));
  SIMLITE_TRY(out.Open());
  SelectDest step;
  step.kind = SelectDest::Kind::kCallback;
  step.callback = [&](int first, int count, int skip) -> Rc {
    if (distinct >= 0) {
      const int record = b.AllocRegister();
      b.Add(Opcode::kMakeRecord, first, count, record);
      b.Add(Opcode::kFound, distinct, skip, record);
      b.SetP4Int(0);
      b.Add(Opcode::kIdxInsert, distinct, record);
    }
    const int record = b.AllocRegister();
    const int rowid = b.AllocRegister();
    b.Add(Opcode::kMakeRecord, first, count, record);
    b.Add(Opcode::kNewRowid, queue, rowid);
    b.Add(Opcode::kInsert, queue, record, rowid);
    return out.EmitRow(nullptr, first, skip);
  };
  SelectCoder initial(ctx_, nullptr, def.scope);
  initial.columns_ = columns_;
  for (uint32_t core_idx = 0; core_idx < first_recursive; core_idx++) {
    SIMLITE_TRY(initial.CodeCoreInto(select->cores[core_idx], step));
  }
  // The recursive part sees the CTE as the one row in `current`.
  CteScope inner;
  inner.outer = def.scope;
  CteDef self = def;
  self.cursor = current;
  inner.ctes.push_back(self);
  const int top = b.current_address();
  const int done = b.NewLabel();
  b.Add(Opcode::kRewind, queue, done);
  b.Add(Opcode::kOpenEphemeral, current, column_count);
  const int record = b.AllocRegister();
  const int rowid = b.AllocRegister();
  b.Add(Opcode::kRowData, queue, record);
  b.Add(Opcode::kNewRowid, current, rowid);
  b.Add(Opcode::kInsert, current, record, rowid);
  b.Add(Opcode::kDelete, queue);
  SelectCoder recursive(ctx_, nullptr, &inner);
  for (uint32_t core_idx = first_recursive; core_idx < core_count; core_idx++) {
    SIMLITE_TRY(recursive.CodeCoreInto(select->cores[core_idx], step));
  }
  b.Add(Opcode::kGoto, 0, top);
  b.ResolveLabel(done);
  return out.Finish();
}

}  // namespace simlite::codegen
