// RowWriter: what INSERT, UPDATE and DELETE share (SQLite's insert.c / delete.c helpers): the
// table's write cursors, constraint checks with SQLite's conflict resolution and messages, and
// writing or deleting a row together with its index entries.
//
// A row in registers: r[row] is the rowid, r[row + 1 + i] column i. The INTEGER PRIMARY KEY
// column's register holds NULL (the record stores NULL there; its value is the rowid).
//
// Check order, as SQLite's: NOT NULL (column order), CHECK (declaration order), the rowid,
// then UNIQUE indexes newest first, those resolved by REPLACE last.
#pragma once

#include <vector>

#include "codegen/codegen_context.h"
#include "codegen/expr_coder.h"
#include "codegen/schema.h"

namespace simlite::codegen {

// SQLite's OE_* values (vdbe::OnError), the conflict action an error takes.
using OnError = vdbe::OnError;

class RowWriter {
 public:
  RowWriter(CodegenContext* ctx, const Table* table, ConflictAction statement_conflict)
      : ctx_(ctx), table_(table), statement_conflict_(statement_conflict) {}

  // Opens the table (cursor table_cursor, allocated unless given) and its indexes to write.
  void OpenCursors(int table_cursor = -1);
  int table_cursor() const { return table_cursor_; }

  // Applies the columns' affinities to the row.
  void ApplyAffinity(int row);
  // Emits the checks for the row in r[row..]. A row that must be skipped (IGNORE) jumps to
  // `skip`. old_rowid is the register of the row an UPDATE replaces (0 for INSERT), whose
  // own index entries are no conflict. check_rowid: the rowid was given (not NewRowid).
  Rc CheckConstraints(int row, int skip, int old_rowid, bool check_rowid);
  // Inserts the row's index entries and the row (Insert's P5 flags: counting, last rowid).
  void InsertRow(int row, uint16_t insert_flags);
  // Deletes the entries of every index for the row whose old values are in r[row..].
  void DeleteIndexEntries(int row);
  // Deletes the row the table cursor is on, with its index entries (its values are read from
  // the cursor); count: it counts in changes().
  void DeleteCurrentRow(bool count);
  // Loads the row the table cursor is on into r[row..] (r[row] its rowid).
  void LoadCurrentRow(int row);

  // The conflict action for a constraint whose own ON CONFLICT is `constraint`.
  OnError Effective(ConflictAction constraint) const;

 private:
  Rc CheckNotNull(int row, int skip);
  Rc CheckChecks(int row, int skip);
  Rc CheckRowid(int row, int skip, int old_rowid);
  Rc CheckUnique(const Index& index, size_t index_idx, int row, int skip, int old_rowid);
  // r[first..] = the index key of the row in r[row..] (columns, then the rowid).
  int BuildKey(const Index& index, int row);
  void Halt(Rc rc, OnError action, std::string text, uint16_t kind);
  std::string IndexColumnsText(const Index& index) const;

  CodegenContext* ctx_;
  const Table* table_;
  ConflictAction statement_conflict_;
  int table_cursor_ = -1;
  std::vector<int> index_cursors_;  // parallel to table_->indexes
};

}  // namespace simlite::codegen
