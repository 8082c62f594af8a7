// RowWriter: constraint checks and row/index writes (see row_writer.h).
#include "codegen/row_writer.h"

#include <algorithm>
#include <unordered_map>

#include "codegen/expr_walk.h"

namespace simlite::codegen {

using parser::Expr;
using parser::ExprKind;

// The registers of a row, for expressions over it (CHECK, RETURNING): column nodes map to
// registers.
Rc MapColumnsToRow(CodegenContext* ctx, NameContext* nc, const Table& table, const Expr* expr,
                   int row, std::unordered_map<const Expr*, int>* map) {
  return WalkExpr(expr, [&](const Expr* node, bool* descend) -> Rc {
    if (node->kind != ExprKind::kColumn) return Rc::kOk;
    *descend = false;
    ColumnRef ref;
    SIMLITE_TRY(ResolveColumn(ctx, nc, *node->As<parser::ColumnExpr>(), &ref));
    if (ref.kind == ColumnRef::Kind::kRowid ||
        (ref.kind == ColumnRef::Kind::kColumn && ref.column == table.rowid_alias)) {
      (*map)[node] = row;
    } else if (ref.kind == ColumnRef::Kind::kColumn) {
      (*map)[node] = row + 1 + ref.column;
    }
    return Rc::kOk;
  });
}

bool IndexHasExpressions(const Index& index) {
  if (index.where != nullptr) return true;
  for (const IndexColumn& column : index.columns) {
    if (column.column == kExpressionColumn) return true;
  }
  return false;
}

Rc CodeIndexKey(CodegenContext* ctx, const Table& table, const Index& index, int row,
                int table_cursor, int not_indexed, int* key) {
  ProgramBuilder& b = ctx->builder();
  std::vector<FromItem> items;
  NameContext nc;
  std::unordered_map<const Expr*, int> map;
  if (IndexHasExpressions(index)) {
    items.assign(1, TableItem(table, ctx->DatabaseName(table.db), table_cursor));
    nc.items = &items;
    if (index.where != nullptr) {
      SIMLITE_TRY(MapColumnsToRow(ctx, &nc, table, index.where, row, &map));
    }
    for (const IndexColumn& column : index.columns) {
      if (column.expr != nullptr) {
        SIMLITE_TRY(MapColumnsToRow(ctx, &nc, table, column.expr, row, &map));
      }
    }
  }
  ExprCoder coder(ctx, &nc);
  coder.set_substitutions(&map);
  // The expressions' text is the CREATE INDEX statement's.
  SourceScope source(ctx, index.parsed != nullptr ? std::string_view(index.parsed->sql)
                                                  : ctx->source());
  if (index.where != nullptr) SIMLITE_TRY(coder.CodeIfFalse(index.where, not_indexed, true));
  const int count = static_cast<int>(index.columns.size());
  *key = b.AllocRegisters(count + 1);
  for (int column_idx = 0; column_idx < count; column_idx++) {
    const IndexColumn& column = index.columns[static_cast<size_t>(column_idx)];
    const int target = *key + column_idx;
    if (column.column == kExpressionColumn) {
      SIMLITE_TRY(coder.Code(column.expr, target));
      Affinity affinity = Affinity::kNone;
      SIMLITE_TRY(coder.AffinityOf(column.expr, &affinity));
      if (affinity > Affinity::kBlob) {
        b.Add(Opcode::kAffinity, target, 1);
        b.SetP4Affinity(std::string(1, static_cast<char>(affinity)));
      }
      continue;
    }
    const bool is_rowid = column.column == kRowidColumn || column.column == table.rowid_alias;
    b.Add(Opcode::kSCopy, is_rowid ? row : row + 1 + column.column, target);
  }
  b.Add(Opcode::kSCopy, row, *key + count);
  return Rc::kOk;
}

OnError RowWriter::Effective(ConflictAction constraint) const {
  ConflictAction action = statement_conflict_ != ConflictAction::kDefault ? statement_conflict_
                                                                         : constraint;
  switch (action) {
    case ConflictAction::kRollback:
      return OnError::kRollback;
    case ConflictAction::kFail:
      return OnError::kFail;
    case ConflictAction::kIgnore:
      return OnError::kIgnore;
    case ConflictAction::kReplace:
      return OnError::kReplace;
    default:
      return OnError::kAbort;
  }
}

void RowWriter::OpenCursors(int table_cursor, const Index* scanned) {
  ProgramBuilder& b = ctx_->builder();
  table_cursor_ = table_cursor >= 0 ? table_cursor : b.AllocCursor();
  b.Add(Opcode::kOpenWrite, table_cursor_, static_cast<int>(table_->root), table_->db);
  b.SetP4Int(static_cast<int32_t>(table_->columns.size()));
  index_cursors_.clear();
  scan_index_ = -1;
  for (const Index* index : table_->indexes) {
    if (index == scanned) {
      index_cursors_.push_back(-1);
      continue;
    }
    const int cursor = b.AllocCursor();
    b.Add(Opcode::kOpenWrite, cursor, static_cast<int>(index->root), index->db);
    b.SetP4KeyInfo(index->key_info);
    index_cursors_.push_back(cursor);
  }
}

void RowWriter::ApplyAffinity(int row) {
  std::string letters;
  for (const Column& column : table_->columns) letters += static_cast<char>(column.affinity);
  ProgramBuilder& b = ctx_->builder();
  b.Add(Opcode::kAffinity, row + 1, static_cast<int>(letters.size()));
  b.SetP4Affinity(std::move(letters));
}

void RowWriter::Halt(Rc rc, OnError action, std::string text, uint16_t kind) {
  ProgramBuilder& b = ctx_->builder();
  b.Add(Opcode::kHalt, static_cast<int>(rc), static_cast<int>(action));
  b.SetP4Text(std::move(text));
  b.SetP5(kind);
}

const UpsertTarget* RowWriter::UpsertFor(const Index* index) const {
  for (const UpsertTarget& target : upserts_) {
    if (target.any || target.index == index) return &target;
  }
  return nullptr;
}

Rc RowWriter::CheckConstraints(int row, int skip, int old_rowid, bool check_rowid) {
  SIMLITE_TRY(CheckNotNull(row, skip));
  if (affinity_in_checks_) {
    // The rowid is checked first unless an upsert names an index before it.
    bool rowid_first = true;
    for (const UpsertTarget& target : upserts_) {
      if (target.any) continue;
      rowid_first = target.index == nullptr;
      break;
    }
    if (table_->checks.empty() && rowid_first && UpsertFor(nullptr) != nullptr) {
      CopyRowidExcluded(row);
    }
    ApplyAffinity(row);
  }
  SIMLITE_TRY(CheckChecks(row, skip));
  // An upsert's target constraints come first among the uniqueness checks.
  std::vector<const Index*> checked;
  bool rowid_checked = !check_rowid;
  for (const UpsertTarget& target : upserts_) {
    if (target.any) continue;
    if (target.index == nullptr) {
      if (!rowid_checked) SIMLITE_TRY(CheckRowid(row, skip, old_rowid));
      rowid_checked = true;
      continue;
    }
    for (size_t index_idx = 0; index_idx < table_->indexes.size(); index_idx++) {
      if (table_->indexes[index_idx] != target.index) continue;
      SIMLITE_TRY(CheckUnique(*target.index, index_idx, row, skip, old_rowid));
      checked.push_back(target.index);
    }
  }
  if (!rowid_checked) SIMLITE_TRY(CheckRowid(row, skip, old_rowid));
  // Newest index first, those declared ON CONFLICT REPLACE after the others: the order of
  // SQLite's index list.
  for (int pass = 0; pass < 2; pass++) {
    for (size_t index_idx = table_->indexes.size(); index_idx-- > 0;) {
      const Index& index = *table_->indexes[index_idx];
      if (!index.unique || Unchanged(index_idx)) continue;
      if (std::find(checked.begin(), checked.end(), &index) != checked.end()) continue;
      const bool replace = index.on_conflict == ConflictAction::kReplace;
      if (replace != (pass == 1)) continue;
      SIMLITE_TRY(CheckUnique(index, index_idx, row, skip, old_rowid));
    }
  }
  return Rc::kOk;
}

Rc RowWriter::CheckNotNull(int row, int skip) {
  ProgramBuilder& b = ctx_->builder();
  for (size_t column_idx = 0; column_idx < table_->columns.size(); column_idx++) {
    const Column& column = table_->columns[column_idx];
    if (!column.not_null || static_cast<int>(column_idx) == table_->rowid_alias) continue;
    const int reg = row + 1 + static_cast<int>(column_idx);
    OnError action = Effective(column.not_null_conflict);
    if (action == OnError::kIgnore) {
      b.Add(Opcode::kIsNull, reg, skip);
      continue;
    }
    if (action == OnError::kReplace) {
      if (column.default_value != nullptr) {
        const int not_null = b.Add(Opcode::kNotNull, reg);
        NameContext no_names;
        ExprCoder coder(ctx_, &no_names);
        SIMLITE_TRY(coder.Code(column.default_value, reg));
        b.Add(Opcode::kAffinity, reg, 1);
        b.SetP4Affinity(std::string(1, static_cast<char>(column.affinity)));
        b.JumpHere(not_null);
      }
      action = OnError::kAbort;
    }
    b.Add(Opcode::kHaltIfNull, static_cast<int>(Rc::kConstraintNotNull),
          static_cast<int>(action), reg);
    b.SetP4Text(table_->name + "." + column.name);
    b.SetP5(1);
  }
  return Rc::kOk;
}

Rc RowWriter::CheckChecks(int row, int skip) {
  if (table_->checks.empty()) return Rc::kOk;
  ProgramBuilder& b = ctx_->builder();
  std::vector<FromItem> items{TableItem(*table_, ctx_->DatabaseName(table_->db), table_cursor_)};
  NameContext nc;
  nc.items = &items;
  std::unordered_map<const Expr*, int> map;
  for (const CheckConstraint& check : table_->checks) {
    SIMLITE_TRY(MapColumnsToRow(ctx_, &nc, *table_, check.expr, row, &map));
  }
  ExprCoder coder(ctx_, &nc);
  coder.set_substitutions(&map);
  OnError action = Effective(ConflictAction::kDefault);
  if (action == OnError::kReplace) action = OnError::kAbort;
  for (const CheckConstraint& check : table_->checks) {
    const int ok = b.NewLabel();
    SIMLITE_TRY(coder.CodeIfTrue(check.expr, ok, true));
    if (action == OnError::kIgnore) {
      b.Add(Opcode::kGoto, 0, skip);
    } else {
      Halt(Rc::kConstraintCheck, action, check.name, 3);
    }
    b.ResolveLabel(ok);
  }
  return Rc::kOk;
}

// The row as given, for the upsert of a rowid conflict (SetAffinityInChecks): integers in
// REAL columns made reals, as SQLite reads them.
void RowWriter::CopyRowidExcluded(int row) {
  ProgramBuilder& b = ctx_->builder();
  const int column_count = static_cast<int>(table_->columns.size());
  rowid_excluded_ = b.AllocRegisters(column_count + 1);
  b.Add(Opcode::kCopy, row, rowid_excluded_, column_count);
  for (int column_idx = 0; column_idx < column_count; column_idx++) {
    if (table_->columns[static_cast<size_t>(column_idx)].affinity != Affinity::kReal) continue;
    b.Add(Opcode::kRealAffinity, rowid_excluded_ + 1 + column_idx);
  }
}

Rc RowWriter::CheckRowid(int row, int skip, int old_rowid) {
  ProgramBuilder& b = ctx_->builder();
  const int ok = b.NewLabel();
  if (old_rowid != 0) b.Add(Opcode::kEq, row, ok, old_rowid);
  b.Add(Opcode::kNotExists, table_cursor_, ok, row);
  const OnError action = Effective(table_->pk_conflict);
  if (const UpsertTarget* upsert = UpsertFor(nullptr)) {
    SIMLITE_TRY(upsert->handler(row, rowid_excluded_ != 0 ? rowid_excluded_ : row, skip));
  } else if (action == OnError::kIgnore) {
    b.Add(Opcode::kGoto, 0, skip);
  } else if (action == OnError::kReplace) {
    SIMLITE_TRY(DeleteCurrentRow(false));
  } else if (table_->rowid_alias >= 0) {
    Halt(Rc::kConstraintPrimaryKey, action,
         table_->name + "." + table_->columns[static_cast<size_t>(table_->rowid_alias)].name, 2);
  } else {
    Halt(Rc::kConstraintRowid, action, table_->name + ".rowid", 2);
  }
  b.ResolveLabel(ok);
  return Rc::kOk;
}

std::string RowWriter::IndexColumnsText(const Index& index) const {
  // An index with an expression is named by its name (SQLite's "index 'name'").
  for (const IndexColumn& column : index.columns) {
    if (column.column == kExpressionColumn) return "index '" + index.name + "'";
  }
  std::string text;
  for (const IndexColumn& column : index.columns) {
    if (!text.empty()) text += ", ";
    text += table_->name + ".";
    text += column.column >= 0 ? table_->columns[static_cast<size_t>(column.column)].name
                               : std::string(column.column == kRowidColumn ? "rowid" : "?");
  }
  return text;
}

Rc RowWriter::CheckUnique(const Index& index, size_t index_idx, int row, int skip,
                          int old_rowid) {
  ProgramBuilder& b = ctx_->builder();
  const int cursor = index_cursors_[index_idx];
  const int ok = b.NewLabel();
  int key = 0;
  SIMLITE_TRY(CodeIndexKey(ctx_, *table_, index, row, table_cursor_, ok, &key));
  b.Add(Opcode::kNoConflict, cursor, ok, key);
  b.SetP4Int(static_cast<int32_t>(index.columns.size()));
  const int conflict = b.AllocRegister();
  b.Add(Opcode::kIdxRowid, cursor, conflict);
  if (old_rowid != 0) b.Add(Opcode::kEq, conflict, ok, old_rowid);
  const OnError action = Effective(index.on_conflict);
  if (const UpsertTarget* upsert = UpsertFor(&index)) {
    SIMLITE_TRY(upsert->handler(conflict, row, skip));
  } else if (action == OnError::kIgnore) {
    b.Add(Opcode::kGoto, 0, skip);
  } else if (action == OnError::kReplace) {
    b.Add(Opcode::kNotExists, table_cursor_, ok, conflict);
    SIMLITE_TRY(DeleteCurrentRow(false));
  } else {
    Halt(index.origin == IndexOrigin::kPrimaryKey ? Rc::kConstraintPrimaryKey
                                                  : Rc::kConstraintUnique,
         action, IndexColumnsText(index), 2);
  }
  b.ResolveLabel(ok);
  return Rc::kOk;
}

uint16_t RowWriter::ChangeFlags(uint16_t flags) const {
  // Inside a trigger a change counts only in total_changes() and last_insert_rowid() stays.
  if (ctx_->trigger_frame() == nullptr) return flags;
  return (flags & vdbe::kP5NChange) ? vdbe::kP5NestedChange : 0;
}

Rc RowWriter::InsertRow(int row, uint16_t insert_flags) {
  ProgramBuilder& b = ctx_->builder();
  for (size_t index_idx = 0; index_idx < table_->indexes.size(); index_idx++) {
    if (Unchanged(index_idx)) continue;
    const Index& index = *table_->indexes[index_idx];
    const int not_indexed = b.NewLabel();
    int key = 0;
    SIMLITE_TRY(CodeIndexKey(ctx_, *table_, index, row, table_cursor_, not_indexed, &key));
    const int record = b.AllocRegister();
    b.Add(Opcode::kMakeRecord, key, static_cast<int>(index.columns.size()) + 1, record);
    b.Add(Opcode::kIdxInsert, index_cursors_[index_idx], record);
    b.ResolveLabel(not_indexed);
  }
  const int record = b.AllocRegister();
  b.Add(Opcode::kMakeRecord, row + 1, static_cast<int>(table_->columns.size()), record);
  b.Add(Opcode::kInsert, table_cursor_, record, row);
  b.SetP4Text(table_->name);
  b.SetP5(ChangeFlags(insert_flags));
  return Rc::kOk;
}

Rc RowWriter::DeleteIndexEntries(int row) { return DeleteIndexEntries(row, false); }

void RowWriter::UseScanCursor(const Index* index, int cursor) {
  for (size_t index_idx = 0; index_idx < table_->indexes.size(); index_idx++) {
    if (table_->indexes[index_idx] != index) continue;
    index_cursors_[index_idx] = cursor;
    scan_index_ = static_cast<int>(index_idx);
  }
}

Rc RowWriter::DeleteIndexEntries(int row, bool all) {
  ProgramBuilder& b = ctx_->builder();
  for (size_t index_idx = 0; index_idx < table_->indexes.size(); index_idx++) {
    if (!all && Unchanged(index_idx)) continue;
    if (static_cast<int>(index_idx) == scan_index_) {
      b.Add(Opcode::kDelete, index_cursors_[index_idx], 0);
      continue;
    }
    const Index& index = *table_->indexes[index_idx];
    const int not_indexed = b.NewLabel();
    int key = 0;
    SIMLITE_TRY(CodeIndexKey(ctx_, *table_, index, row, table_cursor_, not_indexed, &key));
    b.Add(Opcode::kIdxDelete, index_cursors_[index_idx], key,
          static_cast<int>(index.columns.size()) + 1);
    b.ResolveLabel(not_indexed);
  }
  return Rc::kOk;
}

void RowWriter::LoadIndexedColumns(int row) {
  std::vector<bool> needed(table_->columns.size(), false);
  bool all = false;
  for (size_t index_idx = 0; index_idx < table_->indexes.size(); index_idx++) {
    if (static_cast<int>(index_idx) == scan_index_) continue;
    const Index& index = *table_->indexes[index_idx];
    all |= IndexHasExpressions(index);
    for (const IndexColumn& column : index.columns) {
      if (column.column >= 0) needed[static_cast<size_t>(column.column)] = true;
    }
  }
  if (all) return LoadCurrentRow(row);
  ProgramBuilder& b = ctx_->builder();
  b.Add(Opcode::kRowid, table_cursor_, row);
  for (size_t column_idx = 0; column_idx < needed.size(); column_idx++) {
    if (needed[column_idx]) LoadColumn(row, column_idx);
  }
}

void RowWriter::LoadColumn(int row, size_t column_idx) {
  ProgramBuilder& b = ctx_->builder();
  const int reg = row + 1 + static_cast<int>(column_idx);
  if (static_cast<int>(column_idx) == table_->rowid_alias) {
    b.Add(Opcode::kNull, 0, reg);
    return;
  }
  b.Add(Opcode::kColumn, table_cursor_, static_cast<int>(column_idx), reg);
  const Column& column = table_->columns[column_idx];
  if (column.has_constant_default && !column.constant_default.IsNull()) {
    b.SetP4Constant(column.constant_default);
  }
}

void RowWriter::LoadCurrentRow(int row) {
  ProgramBuilder& b = ctx_->builder();
  b.Add(Opcode::kRowid, table_cursor_, row);
  for (size_t column_idx = 0; column_idx < table_->columns.size(); column_idx++) {
    LoadColumn(row, column_idx);
  }
}

Rc RowWriter::DeleteCurrentRow(bool count) {
  ProgramBuilder& b = ctx_->builder();
  if (!table_->indexes.empty()) {
    const int row = b.AllocRegisters(static_cast<int>(table_->columns.size()) + 1);
    LoadIndexedColumns(row);
    SIMLITE_TRY(DeleteIndexEntries(row, true));
  }
  b.Add(Opcode::kDelete, table_cursor_, count ? ChangeFlags(vdbe::kP5NChange) : 0);
  b.SetP4Text(table_->name);
  return Rc::kOk;
}

}  // namespace simlite::codegen
