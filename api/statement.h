// struct sqlite3_stmt: one prepared statement of the C API, over an engine::Statement.
//
// Invariants:
//  1. has_row is true exactly while the last sqlite3_step returned SQLITE_ROW; only then do
//     the column accessors read the engine's row (else they report SQLITE_RANGE, as SQLite).
//  2. columns[i] refers to the engine's column i of the current row; its cached text (see
//     value.h) is dropped at every step and reset, which ends the life of every pointer the
//     column accessors handed out, as the C API allows. No allocation per row: the caches
//     keep their capacity.
//  3. ran is true from the first sqlite3_step after a reset until the next reset: only then
//     does sqlite3_reset / sqlite3_finalize report the run's outcome (result_code and
//     result_message) to the connection, as SQLite does.
//  4. bindings mirrors what is bound to each parameter (for sqlite3_expanded_sql).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/sqlite3.h"
#include "api/value.h"
#include "engine/connection.h"
#include "vdbe/mem.h"

struct sqlite3_stmt {
  sqlite3* db = nullptr;
  std::unique_ptr<simlite::engine::Statement> statement;
  sqlite3_stmt* next = nullptr;  // the connection's list (database.h invariant 3)
  std::string sql;               // the statement's text, NUL-terminated
  bool legacy = false;           // prepared by sqlite3_prepare (not _v2/_v3)
  // Set when something the compiled program depends on changed (an application function was
  // replaced): the statement is prepared again from sql before it next runs.
  bool expired = false;

  bool has_row = false;  // invariant 1
  bool ran = false;      // invariant 3
  bool busy = false;     // stepped and neither done nor reset (sqlite3_stmt_busy)
  int result_code = SQLITE_OK;
  std::string result_message;

  // Invariant 2: columns[i] refers to the current row when column_generation[i] equals
  // generation, which every step and reset advances.
  std::vector<sqlite3_value> columns;
  std::vector<uint64_t> column_generation;
  uint64_t generation = 1;
  std::vector<std::string> column_names;               // NUL-terminated copies
  std::vector<std::u16string> column_names16;          // filled on demand
  std::vector<std::string> column_decltypes;
  std::vector<std::u16string> column_decltypes16;
  std::vector<std::string> parameter_names;            // "" for unnamed parameters
  std::vector<simlite::vdbe::Mem> bindings;            // invariant 4, index 0 unused

  int64_t run_count = 0;   // SQLITE_STMTSTATUS_RUN
  int64_t step_count = 0;  // SQLITE_STMTSTATUS_VM_STEP (steps, as an approximation)
};

namespace simlite::api {

// Builds the C API's view of a prepared engine statement and links it into db's list.
sqlite3_stmt* NewStatement(sqlite3* db, std::unique_ptr<engine::Statement> statement,
                           bool legacy);

// The column value of the current row, or a NULL value (after setting SQLITE_RANGE on the
// connection) when there is no row or no such column (invariant 1).
sqlite3_value* ColumnValue(sqlite3_stmt* stmt, int column);
// A value that is always NULL (never written: NULL has no text to cache).
sqlite3_value* NullValue();

}  // namespace simlite::api
