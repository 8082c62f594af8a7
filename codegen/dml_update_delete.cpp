// UPDATE and DELETE (lang_update.html, lang_delete.html). Both first collect the rowids of the
// rows their WHERE selects into a transient table, then change those rows one by one, so that
// their own writes never disturb the scan.
#include "codegen/dml.h"

#include "codegen/row_writer.h"
#include "codegen/where_coder.h"

namespace simlite::codegen {

using parser::Expr;

namespace {

// The one FROM item of an UPDATE or DELETE.
struct TargetTable {
  std::vector<FromItem> items;
  NameContext nc;
};

void InitTarget(CodegenContext* ctx, const Table* table, const parser::QualifiedTable& target,
                TargetTable* out) {
  out->items.resize(1);
  FromItem& item = out->items[0];
  item.table = table;
  item.name = target.alias.IsSet() ? std::string(target.alias.text) : table->name;
  item.cursor = ctx->builder().AllocCursor();
  TableColumns(*table, &item.columns);
  out->nc.items = &out->items;
}

Rc CheckUnsupported(CodegenContext* ctx, const parser::WithClause* with, bool has_returning,
                    bool has_order_by, const Expr* limit) {
  if (with != nullptr) return ctx->Error("WITH clauses are not supported yet");
  if (has_returning) return ctx->Error("RETURNING is not supported yet");
  if (has_order_by || limit != nullptr) {
    return ctx->Error("ORDER BY and LIMIT on UPDATE and DELETE are not supported yet");
  }
  return Rc::kOk;
}

// Pass 1: the rowids of the rows `where` selects, into transient table `rowids`.
Rc CollectRowids(CodegenContext* ctx, TargetTable* target, ExprCoder* coder, const Expr* where,
                 int rowids) {
  ProgramBuilder& b = ctx->builder();
  b.Add(Opcode::kOpenEphemeral, rowids, 0);
  WhereLoop loop(ctx, coder, &target->items);
  SIMLITE_TRY(loop.Begin(where));
  const int rowid = b.AllocRegister();
  const int empty = b.AllocRegister();
  b.Add(Opcode::kRowid, target->items[0].cursor, rowid);
  b.Add(Opcode::kNull, 0, empty);
  b.Add(Opcode::kInsert, rowids, empty, rowid);
  return loop.End();
}

}  // namespace

Rc CompileUpdate(CodegenContext* ctx, const parser::UpdateStmt& stmt) {
  SIMLITE_TRY(CheckUnsupported(ctx, stmt.with, stmt.returning.present, !stmt.order_limit.order_by.empty(),
                               stmt.order_limit.limit));
  if (!stmt.from.empty()) return ctx->Error("UPDATE ... FROM is not supported yet");
  const Table* table = nullptr;
  SIMLITE_TRY(FindWritableTable(ctx, stmt.table.name, &table));
  const int column_count = static_cast<int>(table->columns.size());
  std::vector<const Expr*> new_values(static_cast<size_t>(column_count), nullptr);
  const Expr* rowid_value = nullptr;
  for (const parser::SetClause& set : stmt.sets) {
    if (set.is_list) return ctx->Error("row values in SET are not supported yet");
    for (const parser::Name& name : set.columns) {
      int column = table->FindColumn(name.text);
      if (column < 0 && !table->IsRowidName(name.text)) {
        return ctx->Error("no such column: " + std::string(name.text));
      }
      if (column < 0 || column == table->rowid_alias) rowid_value = set.value;
      if (column >= 0) new_values[static_cast<size_t>(column)] = set.value;
    }
  }
  TargetTable target;
  InitTarget(ctx, table, stmt.table, &target);
  ExprCoder coder(ctx, &target.nc);
  for (const parser::SetClause& set : stmt.sets) SIMLITE_TRY(coder.CheckNames(set.value));
  if (stmt.where != nullptr) SIMLITE_TRY(coder.CheckNames(stmt.where));
  ctx->UseTransaction(true);
  ProgramBuilder& b = ctx->builder();
  const int rowids = b.AllocCursor();
  SIMLITE_TRY(CollectRowids(ctx, &target, &coder, stmt.where, rowids));
  RowWriter writer(ctx, table, stmt.conflict);
  const int cursor = target.items[0].cursor;
  writer.OpenCursors(cursor);
  const int done = b.NewLabel();
  b.Add(Opcode::kRewind, rowids, done);
  const int top = b.current_address();
  const int next = b.NewLabel();
  const int old_row = b.AllocRegisters(column_count + 1);
  b.Add(Opcode::kRowid, rowids, old_row);
  b.Add(Opcode::kNotExists, cursor, next, old_row);
  writer.LoadCurrentRow(old_row);
  const int new_row = b.AllocRegisters(column_count + 1);
  for (int column_idx = 0; column_idx < column_count; column_idx++) {
    const int reg = new_row + 1 + column_idx;
    const Expr* value = new_values[static_cast<size_t>(column_idx)];
    if (column_idx == table->rowid_alias) {
      b.Add(Opcode::kNull, 0, reg);
    } else if (value != nullptr) {
      SIMLITE_TRY(coder.Code(value, reg));
    } else {
      b.Add(Opcode::kSCopy, old_row + 1 + column_idx, reg);
    }
  }
  if (rowid_value != nullptr) {
    SIMLITE_TRY(coder.Code(rowid_value, new_row));
    b.Add(Opcode::kMustBeInt, new_row);
  } else {
    b.Add(Opcode::kSCopy, old_row, new_row);
  }
  writer.ApplyAffinity(new_row);
  SIMLITE_TRY(writer.CheckConstraints(new_row, next, old_row, rowid_value != nullptr));
  writer.DeleteIndexEntries(old_row);
  if (rowid_value != nullptr) {
    const int same = b.Add(Opcode::kEq, old_row, 0, new_row);
    b.Add(Opcode::kNotExists, cursor, same, old_row);
    b.Add(Opcode::kDelete, cursor, 0);
    b.JumpHere(same);
  }
  writer.InsertRow(new_row, vdbe::kP5NChange | vdbe::kP5IsUpdate);
  b.ResolveLabel(next);
  b.Add(Opcode::kNext, rowids, top);
  b.ResolveLabel(done);
  return Rc::kOk;
}

Rc CompileDelete(CodegenContext* ctx, const parser::DeleteStmt& stmt) {
  SIMLITE_TRY(CheckUnsupported(ctx, stmt.with, stmt.returning.present, !stmt.order_limit.order_by.empty(),
                               stmt.order_limit.limit));
  const Table* table = nullptr;
  SIMLITE_TRY(FindWritableTable(ctx, stmt.table.name, &table));
  TargetTable target;
  InitTarget(ctx, table, stmt.table, &target);
  ExprCoder coder(ctx, &target.nc);
  if (stmt.where != nullptr) SIMLITE_TRY(coder.CheckNames(stmt.where));
  ctx->UseTransaction(true);
  ProgramBuilder& b = ctx->builder();
  if (stmt.where == nullptr) {
    // Without WHERE: empty the b-trees, counting the rows as changes.
    b.Add(Opcode::kClear, static_cast<int>(table->root), 0, 1);
    for (const Index* index : table->indexes) b.Add(Opcode::kClear, static_cast<int>(index->root));
    return Rc::kOk;
  }
  const int rowids = b.AllocCursor();
  SIMLITE_TRY(CollectRowids(ctx, &target, &coder, stmt.where, rowids));
  RowWriter writer(ctx, table, ConflictAction::kDefault);
  const int cursor = target.items[0].cursor;
  writer.OpenCursors(cursor);
  const int done = b.NewLabel();
  b.Add(Opcode::kRewind, rowids, done);
  const int top = b.current_address();
  const int next = b.NewLabel();
  const int rowid = b.AllocRegister();
  b.Add(Opcode::kRowid, rowids, rowid);
  b.Add(Opcode::kNotExists, cursor, next, rowid);
  writer.DeleteCurrentRow(true);
  b.ResolveLabel(next);
  b.Add(Opcode::kNext, rowids, top);
  b.ResolveLabel(done);
  return Rc::kOk;
}

}  // namespace simlite::codegen
