// UPDATE and DELETE (lang_update.html, lang_delete.html). Both first collect the rowids of the
// rows their WHERE selects into a transient table, then change those rows one by one, so that
// their own writes never disturb the scan. The order is SQLite's, since it decides which row
// meets a UNIQUE conflict first and the order triggers fire and RETURNING returns: the scan's
// order where SQLite changes rows as it scans (its one-pass UPDATE: no triggers, no RETURNING,
// no REPLACE, no new rowids, no subquery in WHERE, and the scanned index untouched; its
// one-pass DELETE: no triggers, no RETURNING), else rowid order. Such a DELETE without a
// subquery in its WHERE deletes each row as its scan finds it (one pass).
#include "common/planted.h"
#include "codegen/dml.h"

#include <functional>

#include "codegen/column_usage.h"
#include "codegen/expr_walk.h"
#include "codegen/returning.h"
#include "codegen/row_writer.h"
#include "codegen/select_coder.h"
#include "codegen/trigger_coder.h"
#include "codegen/where_coder.h"

namespace simlite::codegen {

using parser::Expr;

namespace {

// The one FROM item of an UPDATE or DELETE.
struct TargetTable {
  std::vector<FromItem> items;
  NameContext nc;
  std::unique_ptr<CteScope> ctes;  // WITH: what the statement's subqueries see
};

void InitTarget(CodegenContext* ctx, const Table* table, const parser::QualifiedTable& target,
                const parser::WithClause* with, const Expr* where, TargetTable* out) {
  if (with != nullptr) out->ctes = MakeCteScope(*with, nullptr);
  out->nc.ctes = out->ctes.get();
  out->items.assign(
      1, TableItem(*table, ctx->DatabaseName(table->db), ctx->builder().AllocCursor()));
  if (target.alias.IsSet()) out->items[0].name = std::string(target.alias.text);
  out->nc.items = &out->items;
  MarkWhereUsage(where, &out->items[0]);
}

Rc CheckUnsupported(CodegenContext* ctx, const parser::OrderLimit& order_limit) {
  const bool has_order_by = !order_limit.order_by.empty();
  const Expr* limit = order_limit.limit;
  if (has_order_by || limit != nullptr) {
    return ctx->Error("ORDER BY and LIMIT on UPDATE and DELETE are not supported yet");
  }
  return Rc::kOk;
}

// Pass 1: the rowids of the rows `where` selects into transient table `rowids` (column 0 of its
// rows), in scan order when `scan_order(index)` says so for the index the scan reads, else in
// rowid order.
Rc CollectRowids(CodegenContext* ctx, TargetTable* target, WhereLoop& loop, const Expr* where,
                 int rowids, const std::function<bool(const Index*)>& scan_order) {
  ProgramBuilder& b = ctx->builder();
  b.Add(Opcode::kOpenEphemeral, rowids, 1);
  SIMLITE_TRY(loop.Begin(where));
  const int rowid = b.AllocRegister();
  const int record = b.AllocRegister();
  b.Add(Opcode::kRowid, target->items[0].cursor, rowid);
  b.Add(Opcode::kMakeRecord, rowid, 1, record);
  if (scan_order(loop.IndexFor(0))) {
    const int key = b.AllocRegister();
    b.Add(Opcode::kNewRowid, rowids, key);
    b.Add(Opcode::kInsert, rowids, record, key);
  } else {
    b.Add(Opcode::kInsert, rowids, record, rowid);
  }
  return loop.End();
}

// Whether SQLite would run this UPDATE in one pass over its scan (see the top of the file).
bool OnePassUpdate(const CodegenContext& ctx, const Table& table, const parser::UpdateStmt& stmt,
                   const std::vector<bool>& updated, bool rowid_changes, const Index* index) {
  if (rowid_changes || ctx.trigger_conflict() == ConflictAction::kReplace) return false;
  if (stmt.where != nullptr && HasSubquery(stmt.where)) return false;
  // (Only the triggers this UPDATE fires count: SQLite's sqlite3TriggersExist for UPDATE.)
  for (const parser::TriggerTiming timing :
       {parser::TriggerTiming::kBefore, parser::TriggerTiming::kAfter}) {
    if (HasTriggers(ctx, table, parser::TriggerEvent::kUpdate, timing, &updated)) return false;
  }
  for (const Index* any : table.indexes) {
    if (any->on_conflict == ConflictAction::kReplace) return false;
  }
  if (table.pk_conflict == ConflictAction::kReplace) return false;
  for (const Column& column : table.columns) {
    if (column.not_null && column.not_null_conflict == ConflictAction::kReplace) return false;
  }
  if (index == nullptr) return true;
  for (const IndexColumn& column : index->columns) {
    if (column.column >= 0 && updated[static_cast<size_t>(column.column)]) return false;
  }
  return true;
}

// For each index of `table`: whether an UPDATE that sets the columns `updated` (and the rowid
// if rowid_changes) leaves its entries as they are. Conservative: an index over an expression
// or with a WHERE, and every index of a table with triggers (they may change the row between
// the read and the write), count as changed.
std::vector<bool> UnchangedIndexes(const CodegenContext& ctx, const Table& table,
                                   const std::vector<bool>& updated, bool rowid_changes) {
  std::vector<bool> unchanged(table.indexes.size(), false);
  if (rowid_changes || !table.triggers.empty() || ctx.trigger_frame() != nullptr) {
    return unchanged;
  }
  for (size_t index_idx = 0; index_idx < table.indexes.size(); index_idx++) {
    const Index& index = *table.indexes[index_idx];
    bool same = index.where == nullptr;
    for (const IndexColumn& column : index.columns) {
      if (column.column == kRowidColumn) continue;
      if (column.column < 0 || updated[static_cast<size_t>(column.column)]) same = false;
    }
    unchanged[index_idx] = same;
  }
  return unchanged;
}

}  // namespace

int ReloadRow(CodegenContext* ctx, RowWriter* writer, const Table& table,
              const std::vector<const Expr*>& new_values, int new_row) {
  ProgramBuilder& b = ctx->builder();
  const int column_count = static_cast<int>(table.columns.size());
  const int row = b.AllocRegisters(column_count + 1);
  writer->LoadCurrentRow(row);
  for (int column_idx = 0; column_idx < column_count; column_idx++) {
    if (new_values[static_cast<size_t>(column_idx)] != nullptr) continue;
    if (column_idx == table.rowid_alias) continue;
    b.Add(Opcode::kCopy, row + 1 + column_idx, new_row + 1 + column_idx);
  }
  writer->ApplyAffinity(new_row);
  return row;
}

namespace {

// What changing one row of an UPDATE needs (EmitUpdateRow).
struct UpdateRow {
  CodegenContext* ctx;
  ExprCoder* coder;
  RowWriter* writer;
  ReturningCoder* returning;
  const Table* table;
  const std::vector<const Expr*>* new_values;
  const Expr* rowid_value;
  std::vector<bool>* updated;
};

// With the table cursor on the row to change: loads it into r[old_row..], computes the new
// row, fires the triggers, checks the constraints and writes the row and its index entries.
// A row that must be skipped jumps to `next`.
Rc EmitUpdateRow(const UpdateRow& u, int cursor, int old_row, int next) {
  ProgramBuilder& b = u.ctx->builder();
  const Table& table = *u.table;
  const int column_count = static_cast<int>(table.columns.size());
  u.writer->LoadCurrentRow(old_row);
  const int new_row = b.AllocRegisters(column_count + 1);
  for (int column_idx = 0; column_idx < column_count; column_idx++) {
    const int reg = new_row + 1 + column_idx;
    const Expr* value = (*u.new_values)[static_cast<size_t>(column_idx)];
    if (column_idx == table.rowid_alias) {
      b.Add(Opcode::kNull, 0, reg);
    } else if (value != nullptr) {
      SIMLITE_TRY(u.coder->Code(value, reg));
    } else {
      b.Add(Opcode::kSCopy, old_row + 1 + column_idx, reg);
    }
  }
  if (u.rowid_value != nullptr) {
    SIMLITE_TRY(u.coder->Code(u.rowid_value, new_row));
    b.Add(Opcode::kMustBeInt, new_row);
  } else {
    b.Add(Opcode::kSCopy, old_row, new_row);
  }
  u.writer->ApplyAffinity(new_row);
  int index_row = old_row;  // the row whose index entries the update replaces
  if (HasTriggers(*u.ctx, table, parser::TriggerEvent::kUpdate, parser::TriggerTiming::kBefore,
                  u.updated)) {
    SIMLITE_TRY(FireTriggers(u.ctx, table, parser::TriggerEvent::kUpdate,
                             parser::TriggerTiming::kBefore, u.updated, old_row, new_row, next));
    // The trigger may have moved the cursor, or deleted or changed the row: as SQLite, the
    // columns the UPDATE does not set take the row's values as the trigger left them, and
    // the index entries to delete are the row's current ones.
    b.Add(Opcode::kNotExists, cursor, next, old_row);
    index_row = ReloadRow(u.ctx, u.writer, table, *u.new_values, new_row);
  }
  SIMLITE_TRY(u.writer->CheckConstraints(new_row, next, old_row, u.rowid_value != nullptr));
  if (!planted::On(planted::kStaleIndexOnUpdate)) {
    SIMLITE_TRY(u.writer->DeleteIndexEntries(index_row));
  }
  if (u.rowid_value != nullptr) {
    const int same = b.Add(Opcode::kEq, old_row, 0, new_row);
    b.Add(Opcode::kNotExists, cursor, same, old_row);
    b.Add(Opcode::kDelete, cursor, 0);
    b.JumpHere(same);
  }
  SIMLITE_TRY(u.writer->InsertRow(new_row, vdbe::kP5NChange | vdbe::kP5IsUpdate));
  SIMLITE_TRY(u.returning->EmitRow(new_row));
  return FireTriggers(u.ctx, table, parser::TriggerEvent::kUpdate,
                      parser::TriggerTiming::kAfter, u.updated, old_row, new_row, next);
}

}  // namespace

Rc ResolveOverriddenSets(ExprCoder* coder, const parser::ArenaList<parser::SetClause>& sets,
                         const std::vector<const Expr*>& new_values, const Expr* rowid_value) {
  ProgramBuilder& b = coder->ctx()->builder();
  for (const parser::SetClause& set : sets) {
    bool used = set.value == rowid_value;
    for (const Expr* value : new_values) used = used || value == set.value;
    if (used || !HasSubquery(set.value)) continue;
    const int skip = b.Add(Opcode::kGoto);
    SIMLITE_TRY(coder->Code(set.value, b.AllocRegister()));
    b.JumpHere(skip);
  }
  return Rc::kOk;
}

// The rowid is named by its alias, else "ROWID".
Rc AuthorizeSet(CodegenContext* ctx, const Table& table, const parser::SetClause& set,
                std::vector<const Expr*>* new_values, const Expr** rowid_value) {
  for (const parser::Name& name : set.columns) {
    const int column = table.FindColumn(name.text);
    bool ignore = false;
    SIMLITE_TRY(ctx->Authorize(
        AuthAction::kUpdate, table.name,
        column >= 0 ? std::string_view(table.columns[static_cast<size_t>(column)].name) : "ROWID",
        ctx->DatabaseName(table.db), &ignore));
    if (!ignore) continue;
    if (column >= 0) (*new_values)[static_cast<size_t>(column)] = nullptr;
    if (column < 0 || column == table.rowid_alias) *rowid_value = nullptr;
  }
  return Rc::kOk;
}

Rc CompileUpdate(CodegenContext* ctx, const parser::UpdateStmt& stmt) {
  SIMLITE_TRY(CheckUnsupported(ctx, stmt.order_limit));
  // In a trigger body, the firing statement's policy wins over the UPDATE's own.
  TriggerConflictScope conflict_scope(ctx, ctx->trigger_conflict() != ConflictAction::kDefault
                                               ? ctx->trigger_conflict()
                                               : stmt.conflict);
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
  InitTarget(ctx, table, stmt.table, stmt.with, stmt.where, &target);
  ExprCoder coder(ctx, &target.nc);
  for (const parser::SetClause& set : stmt.sets) {
    SIMLITE_TRY(coder.CheckNames(set.value));
    SIMLITE_TRY(AuthorizeSet(ctx, *table, set, &new_values, &rowid_value));
  }
  if (stmt.where != nullptr) SIMLITE_TRY(coder.CheckNames(stmt.where));
  ctx->UseTransaction(table->db, true);
  SIMLITE_TRY(ResolveOverriddenSets(&coder, stmt.sets, new_values, rowid_value));
  ProgramBuilder& b = ctx->builder();
  const int rowids = b.AllocCursor();
  std::vector<bool> updated(static_cast<size_t>(column_count), false);
  for (int column_idx = 0; column_idx < column_count; column_idx++) {
    updated[static_cast<size_t>(column_idx)] =
        new_values[static_cast<size_t>(column_idx)] != nullptr ||
        (column_idx == table->rowid_alias && rowid_value != nullptr);
  }
  WhereLoop loop(ctx, &coder, &target.items);
  SIMLITE_TRY(loop.Plan(stmt.where));
  RowWriter writer(ctx, table, ctx->trigger_conflict());
  if (!planted::On(planted::kStaleIndexOnUpdate)) {
    writer.SetUnchangedIndexes(UnchangedIndexes(*ctx, *table, updated, rowid_value != nullptr));
  }
  ReturningCoder returning(ctx, table, stmt.returning);
  SIMLITE_TRY(returning.Begin());
  UpdateRow update{ctx, &coder, &writer, &returning, table, &new_values, rowid_value, &updated};
  const bool one_pass =
      OnePassUpdate(*ctx, *table, stmt, updated, rowid_value != nullptr, loop.IndexFor(0)) &&
      !returning.active();
  const int cursor = target.items[0].cursor;
  if (one_pass) {
    // SQLite's one-pass UPDATE: each row is changed where the scan finds it (nothing the
    // statement writes can move the scan: see OnePassUpdate).
    writer.OpenCursors(cursor);
    loop.OpenTableForWrite();
    SIMLITE_TRY(loop.Begin(stmt.where));
    const int old_row = b.AllocRegisters(column_count + 1);
    SIMLITE_TRY(EmitUpdateRow(update, cursor, old_row, loop.continue_label()));
    SIMLITE_TRY(loop.End());
    returning.End();
    return Rc::kOk;
  }
  // RETURNING is a trigger to SQLite: no one-pass, rowid order.
  SIMLITE_TRY(CollectRowids(ctx, &target, loop, stmt.where, rowids, [&](const Index* index) {
    return !returning.active() &&
           OnePassUpdate(*ctx, *table, stmt, updated, rowid_value != nullptr, index);
  }));
  writer.OpenCursors(cursor);
  const int done = b.NewLabel();
  b.Add(Opcode::kRewind, rowids, done);
  const int top = b.current_address();
  const int next = b.NewLabel();
  const int old_row = b.AllocRegisters(column_count + 1);
  b.Add(Opcode::kColumn, rowids, 0, old_row);
  b.Add(Opcode::kNotExists, cursor, next, old_row);
  SIMLITE_TRY(EmitUpdateRow(update, cursor, old_row, next));
  b.ResolveLabel(next);
  b.Add(Opcode::kNext, rowids, top);
  b.ResolveLabel(done);
  returning.End();
  return Rc::kOk;
}

Rc CompileDelete(CodegenContext* ctx, const parser::DeleteStmt& stmt) {
  SIMLITE_TRY(CheckUnsupported(ctx, stmt.order_limit));
  // The triggers a DELETE fires keep their statements' own policies (as SQLite's OE_Default).
  TriggerConflictScope conflict_scope(ctx, ConflictAction::kDefault);
  const Table* table = nullptr;
  SIMLITE_TRY(FindWritableTable(ctx, stmt.table.name, &table));
  // SQLITE_IGNORE still deletes, row by row (SQLite: no truncate optimization then).
  bool row_by_row = false;
  SIMLITE_TRY(ctx->Authorize(AuthAction::kDelete, table->name, {}, ctx->DatabaseName(table->db),
                             &row_by_row));
  TargetTable target;
  InitTarget(ctx, table, stmt.table, stmt.with, stmt.where, &target);
  ExprCoder coder(ctx, &target.nc);
  if (stmt.where != nullptr) SIMLITE_TRY(coder.CheckNames(stmt.where));
  ctx->UseTransaction(table->db, true);
  ProgramBuilder& b = ctx->builder();
  const bool triggers = HasTriggers(*ctx, *table, parser::TriggerEvent::kDelete,
                                    parser::TriggerTiming::kBefore, nullptr) ||
                        HasTriggers(*ctx, *table, parser::TriggerEvent::kDelete,
                                    parser::TriggerTiming::kAfter, nullptr);
  ReturningCoder returning(ctx, table, stmt.returning);
  SIMLITE_TRY(returning.Begin());
  if (stmt.where == nullptr && !triggers && ctx->trigger_frame() == nullptr &&
      !returning.active() && !row_by_row) {
    // Without WHERE: empty the b-trees, counting the rows as changes.
    b.Add(Opcode::kClear, static_cast<int>(table->root), table->db, 1);
    for (const Index* index : table->indexes) {
      b.Add(Opcode::kClear, static_cast<int>(index->root), index->db);
    }
    return Rc::kOk;
  }
  WhereLoop loop(ctx, &coder, &target.items);
  RowWriter writer(ctx, table, ConflictAction::kDefault);
  const int cursor = target.items[0].cursor;
  if (!triggers && !returning.active() && (stmt.where == nullptr || !HasSubquery(stmt.where))) {
    // SQLite's one-pass DELETE: each row goes where the scan finds it. Only the WHERE reads
    // the table, never another row than the scan's current one, so deleting behind the scan
    // changes no answer; the scanned index loses its entry through the scan's own cursor.
    SIMLITE_TRY(loop.Plan(stmt.where));
    const Index* scanned = loop.IndexFor(0);
    writer.OpenCursors(cursor, scanned);
    loop.OpenTableForWrite();
    loop.OpenIndexForWrite();
    SIMLITE_TRY(loop.Begin(stmt.where));
    if (scanned != nullptr) writer.UseScanCursor(scanned, loop.IndexCursorFor(0));
    SIMLITE_TRY(writer.DeleteCurrentRow(true));
    return loop.End();
  }
  // SQLite deletes in one pass over the scan unless triggers (RETURNING is one to it) need
  // the rows first: it then collects their rowids, and visits them in rowid order.
  const bool scan_order = !triggers && !returning.active();
  const int rowids = b.AllocCursor();
  SIMLITE_TRY(CollectRowids(ctx, &target, loop, stmt.where, rowids,
                            [scan_order](const Index*) { return scan_order; }));
  writer.OpenCursors(cursor);
  const int done = b.NewLabel();
  b.Add(Opcode::kRewind, rowids, done);
  const int top = b.current_address();
  const int next = b.NewLabel();
  const int rowid = b.AllocRegister();
  b.Add(Opcode::kColumn, rowids, 0, rowid);
  b.Add(Opcode::kNotExists, cursor, next, rowid);
  int old_row = 0;
  if (triggers || returning.active()) {
    old_row = b.AllocRegisters(static_cast<int>(table->columns.size()) + 1);
    writer.LoadCurrentRow(old_row);
  }
  if (triggers) {
    SIMLITE_TRY(FireTriggers(ctx, *table, parser::TriggerEvent::kDelete,
                             parser::TriggerTiming::kBefore, nullptr, old_row, 0, next));
    b.Add(Opcode::kNotExists, cursor, next, rowid);
  }
  SIMLITE_TRY(writer.DeleteCurrentRow(true));
  // RETURNING is SQLite's first AFTER trigger: the rows deleted (not those a BEFORE trigger
  // skipped), with their values from before the BEFORE triggers.
  SIMLITE_TRY(returning.EmitRow(old_row));
  if (triggers) {
    SIMLITE_TRY(FireTriggers(ctx, *table, parser::TriggerEvent::kDelete,
                             parser::TriggerTiming::kAfter, nullptr, old_row, 0, next));
  }
  b.ResolveLabel(next);
  b.Add(Opcode::kNext, rowids, top);
  b.ResolveLabel(done);
  returning.End();
  return Rc::kOk;
}

}  // namespace simlite::codegen
