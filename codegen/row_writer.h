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

#include <functional>
#include <unordered_map>
#include <vector>

#include "codegen/codegen_context.h"
#include "codegen/expr_coder.h"
#include "codegen/schema.h"

namespace simlite::codegen {

// SQLite's OE_* values (vdbe::OnError), the conflict action an error takes.
using OnError = vdbe::OnError;

// For an expression over a row of `table` in registers r[row..] (RowWriter's layout): maps each
// column reference of `expr` (resolved in `nc`, whose one item is the table) to its register.
Rc MapColumnsToRow(CodegenContext* ctx, NameContext* nc, const Table& table,
                   const parser::Expr* expr, int row,
                   std::unordered_map<const parser::Expr*, int>* map);

// The key of `index` for the row of `table` in r[row..] into fresh registers (*key the first):
// its columns, an expression column evaluated over the row (with the expression's affinity,
// as SQLite's index records have), then the rowid. For a partial index it first jumps to
// `not_indexed` when the row does not satisfy the index's WHERE (false or NULL).
// table_cursor: the table's cursor (the FROM item's, for names the row does not map).
Rc CodeIndexKey(CodegenContext* ctx, const Table& table, const Index& index, int row,
                int table_cursor, int not_indexed, int* key);

// Whether `index` has expression columns or a WHERE (its key needs CodeIndexKey's code).
bool IndexHasExpressions(const Index& index);

// INSERT ... ON CONFLICT: a uniqueness constraint whose failure runs `handler` instead of the
// conflict action. `index` names the constraint (null: the rowid; `any`: every constraint).
// handler(conflict_rowid, row, skip) emits DO NOTHING or DO UPDATE and ends by jumping to skip.
struct UpsertTarget {
  bool any = false;
  const Index* index = nullptr;
  std::function<Rc(int conflict_rowid, int row, int skip)> handler;
};

class RowWriter {
 public:
  RowWriter(CodegenContext* ctx, const Table* table, ConflictAction statement_conflict)
      : ctx_(ctx), table_(table), statement_conflict_(statement_conflict) {}

  // Opens the table (cursor table_cursor, allocated unless given) and its indexes to write,
  // but for `scanned`, whose cursor the caller's scan brings (UseScanCursor).
  void OpenCursors(int table_cursor = -1, const Index* scanned = nullptr);
  // `cursor` (open to write) scans index `index` and rests on the entry of the row the table
  // cursor is on: DeleteCurrentRow deletes that entry where it is, and the scan's Next goes
  // on with the entry after it (BtCursor invariant 4).
  void UseScanCursor(const Index* index, int cursor);
  // Reads the table through `cursor` (opened by the caller), as LoadCurrentRow needs.
  void UseTableCursor(int cursor) { table_cursor_ = cursor; }
  // The columns a UNIQUE failure of `index` names ("t.a, t.b", or "index 'name'" for an index
  // with an expression), as SQLite's message does.
  std::string IndexColumnsText(const Index& index) const;
  // Writes through the cursors `other` opened.
  void ShareCursors(const RowWriter& other) {
    table_cursor_ = other.table_cursor_;
    index_cursors_ = other.index_cursors_;
  }
  // INSERT ... ON CONFLICT: these constraints are checked first, in this order, and their
  // failures run their handlers.
  void SetUpsertTargets(std::vector<UpsertTarget> targets) { upserts_ = std::move(targets); }
  // An INSERT's row comes to CheckConstraints without the columns' affinities, which it
  // applies where SQLite's does: after the NOT NULL checks, and before the CHECK constraints
  // when there are any, else after the rowid's check when that comes before the indexes'. So
  // the proposed row ("excluded.") an upsert of a rowid conflict sees there holds the values
  // as given, but for NOT NULL defaults and REAL columns (SQLite reads excluded.x of a REAL
  // column as a real).
  void SetAffinityInChecks() { affinity_in_checks_ = true; }
  int table_cursor() const { return table_cursor_; }
  // An UPDATE that changes neither the rowid nor any column of an index leaves that index's
  // entry as it is: no uniqueness check (the entry is the row's own), no delete, no insert
  // (SQLite's UPDATE does the same). unchanged[i] is for table_->indexes[i]. Rows deleted to
  // resolve a REPLACE conflict still lose every index entry.
  void SetUnchangedIndexes(std::vector<bool> unchanged) { unchanged_ = std::move(unchanged); }

  // Applies the columns' affinities to the row.
  void ApplyAffinity(int row);
  // Emits the checks for the row in r[row..]. A row that must be skipped (IGNORE) jumps to
  // `skip`. old_rowid is the register of the row an UPDATE replaces (0 for INSERT), whose
  // own index entries are no conflict. check_rowid: the rowid was given (not NewRowid).
  Rc CheckConstraints(int row, int skip, int old_rowid, bool check_rowid);
  // Inserts the row's index entries and the row (Insert's P5 flags: counting, last rowid).
  Rc InsertRow(int row, uint16_t insert_flags);
  // Deletes the entries of every index for the row whose old values are in r[row..].
  Rc DeleteIndexEntries(int row);
  // Deletes the row the table cursor is on, with its index entries (its values are read from
  // the cursor); count: it counts in changes().
  Rc DeleteCurrentRow(bool count);
  // Loads the row the table cursor is on into r[row..] (r[row] its rowid).
  void LoadCurrentRow(int row);

  // The conflict action for a constraint whose own ON CONFLICT is `constraint`.
  OnError Effective(ConflictAction constraint) const;

 private:
  Rc CheckNotNull(int row, int skip);
  Rc CheckChecks(int row, int skip);
  Rc CheckRowid(int row, int skip, int old_rowid);
  void CopyRowidExcluded(int row);
  // The upsert handler for a failure of `index` (null: the rowid), or null.
  const UpsertTarget* UpsertFor(const Index* index) const;
  Rc CheckUnique(const Index& index, size_t index_idx, int row, int skip, int old_rowid);
  void Halt(Rc rc, OnError action, std::string text, uint16_t kind);
  uint16_t ChangeFlags(uint16_t flags) const;
  bool Unchanged(size_t index_idx) const {
    return index_idx < unchanged_.size() && unchanged_[index_idx];
  }
  Rc DeleteIndexEntries(int row, bool all);
  // Loads into r[row..] what DeleteIndexEntries needs of the current row.
  void LoadIndexedColumns(int row);
  void LoadColumn(int row, size_t column_idx);

  CodegenContext* ctx_;
  const Table* table_;
  ConflictAction statement_conflict_;
  int table_cursor_ = -1;
  std::vector<int> index_cursors_;  // parallel to table_->indexes
  std::vector<UpsertTarget> upserts_;
  std::vector<bool> unchanged_;  // SetUnchangedIndexes; empty: every index changes
  int scan_index_ = -1;              // UseScanCursor: the index (its place in table_->indexes)
  bool affinity_in_checks_ = false;  // SetAffinityInChecks
  int rowid_excluded_ = 0;           // the proposed row a rowid upsert sees (0: the row)
};

}  // namespace simlite::codegen
