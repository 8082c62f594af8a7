// Preparing, stepping, resetting and finalizing statements (statement.h), with SQLite's rules
// for the connection's error state:
//  - sqlite3_step sets it to its outcome (SQLITE_ROW, SQLITE_DONE, or the error and message);
//  - sqlite3_reset and sqlite3_finalize report the outcome of the run since the last reset
//    (statement.h invariant 3), and leave the state alone for a statement that did not run;
//  - misuse that SQLite detects returns SQLITE_MISUSE.
#include "api/statement.h"

#include <cstring>
#include <new>

#include "api/database.h"
#include "api/library.h"
#include "api/utf16.h"

using simlite::Rc;
using simlite::api::IsUsable;
using simlite::api::Masked;
using simlite::api::SetError;

namespace simlite::api {

namespace {

// Builds the C API's view of an engine statement (names, parameters, column slots).
void Describe(sqlite3_stmt* stmt, std::unique_ptr<engine::Statement> statement) {
  stmt->sql.assign(statement->sql());
  int column_count = statement->column_count();
  stmt->columns.clear();
  stmt->columns.resize(static_cast<size_t>(column_count));
  stmt->column_generation.assign(static_cast<size_t>(column_count), 0);
  stmt->column_names.clear();
  stmt->column_names16.clear();
  stmt->column_decltypes.clear();
  stmt->column_decltypes16.clear();
  for (int column_idx = 0; column_idx < column_count; column_idx++) {
    stmt->column_names.emplace_back(statement->column_name(column_idx));
    stmt->column_decltypes.emplace_back(statement->column_decltype(column_idx));
  }
  int parameter_count = statement->parameter_count();
  stmt->parameter_names.assign(1, std::string());
  for (int parameter_idx = 1; parameter_idx <= parameter_count; parameter_idx++) {
    stmt->parameter_names.emplace_back(statement->ParameterName(parameter_idx));
  }
  stmt->bindings.resize(static_cast<size_t>(parameter_count) + 1);
  stmt->statement = std::move(statement);
}

// Prepares an expired statement again from its text, keeping its bindings.
int Reprepare(sqlite3_stmt* stmt) {
  sqlite3* db = stmt->db;
  std::unique_ptr<engine::Statement> fresh;
  size_t consumed = 0;
  Rc rc = db->connection->Prepare(stmt->sql, &fresh, &consumed);
  if (rc != Rc::kOk) return SetEngineError(db, rc);
  if (fresh == nullptr) return SetError(db, SQLITE_SCHEMA);
  for (int parameter_idx = 1; parameter_idx < static_cast<int>(stmt->bindings.size()) &&
                              parameter_idx <= fresh->parameter_count();
       parameter_idx++) {
    rc = fresh->Bind(parameter_idx, stmt->bindings[static_cast<size_t>(parameter_idx)]);
    if (rc != Rc::kOk) return SetEngineError(db, rc);
  }
  Describe(stmt, std::move(fresh));
  stmt->expired = false;
  return SQLITE_OK;
}

}  // namespace

sqlite3_stmt* NewStatement(sqlite3* db, std::unique_ptr<engine::Statement> statement,
                           bool legacy) {
  sqlite3_stmt* stmt = new (std::nothrow) sqlite3_stmt;
  if (stmt == nullptr) return nullptr;
  stmt->db = db;
  stmt->legacy = legacy;
  Describe(stmt, std::move(statement));
  stmt->next = db->statements;
  db->statements = stmt;
  return stmt;
}

sqlite3_value* NullValue() {
  static const vdbe::Mem null_mem = vdbe::Mem::Null();
  static sqlite3_value value = [] {
    sqlite3_value null_value;
    null_value.Reset(&null_mem);
    return null_value;
  }();
  return &value;
}

sqlite3_value* ColumnValue(sqlite3_stmt* stmt, int column) {
  if (stmt == nullptr) return NullValue();
  if (!stmt->has_row || column < 0 || column >= static_cast<int>(stmt->columns.size())) {
    SetError(stmt->db, SQLITE_RANGE);
    return NullValue();
  }
  size_t column_idx = static_cast<size_t>(column);
  sqlite3_value& value = stmt->columns[column_idx];
  if (stmt->column_generation[column_idx] != stmt->generation) {
    value.Reset(&stmt->statement->column(column));
    stmt->column_generation[column_idx] = stmt->generation;
  }
  return &value;
}

namespace {

// The length of the SQL text sqlite3_prepare reads: up to nByte bytes, ending at a NUL.
size_t SqlLength(const char* sql, int n_bytes) {
  if (n_bytes < 0) return std::strlen(sql);
  const void* nul = std::memchr(sql, '\0', static_cast<size_t>(n_bytes));
  return nul == nullptr ? static_cast<size_t>(n_bytes)
                        : static_cast<size_t>(static_cast<const char*>(nul) - sql);
}

int Prepare(sqlite3* db, const char* sql, int n_bytes, bool legacy, sqlite3_stmt** out,
            const char** tail) {
  if (out == nullptr) return SQLITE_MISUSE;
  *out = nullptr;
  if (tail != nullptr) *tail = sql;
  if (!IsUsable(db) || sql == nullptr) return SQLITE_MISUSE;
  size_t length = SqlLength(sql, n_bytes);
  if (length > static_cast<size_t>(db->limits[SQLITE_LIMIT_SQL_LENGTH])) {
    return SetError(db, SQLITE_TOOBIG);
  }
  std::unique_ptr<engine::Statement> statement;
  size_t consumed = 0;
  Rc rc = db->connection->Prepare(std::string_view(sql, length), &statement, &consumed);
  if (tail != nullptr) *tail = sql + std::min(consumed, length);
  if (rc != Rc::kOk) return SetEngineError(db, rc);
  if (statement != nullptr &&
      statement->parameter_count() > db->limits[SQLITE_LIMIT_VARIABLE_NUMBER]) {
    return SetError(db, SQLITE_ERROR, "too many SQL variables");
  }
  if (statement != nullptr) {
    *out = NewStatement(db, std::move(statement), legacy);
    if (*out == nullptr) return SetError(db, SQLITE_NOMEM);
  }
  ClearError(db);
  return SQLITE_OK;
}

// UTF-16 SQL: prepared as UTF-8; the tail is mapped back to the UTF-16 text by counting the
// characters consumed.
int Prepare16(sqlite3* db, const void* sql, int n_bytes, bool legacy, sqlite3_stmt** out,
              const void** tail) {
  if (out == nullptr) return SQLITE_MISUSE;
  *out = nullptr;
  if (!IsUsable(db) || sql == nullptr) return SQLITE_MISUSE;
  size_t bytes16 = Utf16Span(sql, n_bytes);
  std::string utf8;
  Utf16ToUtf8(sql, bytes16, NativeUtf16(), &utf8);
  const char* tail8 = nullptr;
  int rc = Prepare(db, utf8.c_str(), static_cast<int>(utf8.size()), legacy, out, &tail8);
  if (tail != nullptr) {
    std::u16string consumed;
    Utf8ToUtf16(std::string_view(utf8.c_str(), static_cast<size_t>(tail8 - utf8.c_str())),
                NativeUtf16(), &consumed);
    *tail = static_cast<const char*>(sql) + consumed.size() * 2;
  }
  return rc;
}

void Trace(sqlite3_stmt* stmt, unsigned event, void* detail) {
  sqlite3* db = stmt->db;
  if (db->trace_callback != nullptr && (db->trace_mask & event) != 0) {
    db->trace_callback(event, db->trace_arg, stmt, detail);
  }
}

// The outcome of a step that ended the run (SQLITE_DONE or an error).
int Halted(sqlite3_stmt* stmt, Rc rc) {
  sqlite3* db = stmt->db;
  stmt->has_row = false;
  stmt->busy = false;
  if (rc == Rc::kDone) {
    stmt->result_code = SQLITE_OK;
    stmt->result_message.clear();
    int64_t elapsed_ns = 0;
    Trace(stmt, SQLITE_TRACE_PROFILE, &elapsed_ns);
    return SetError(db, SQLITE_DONE);
  }
  stmt->result_code = static_cast<int>(rc);
  stmt->result_message = db->connection->error_message();
  int code = SetError(db, rc, stmt->result_message);
  // Statements of the legacy sqlite3_prepare report most errors as SQLITE_ERROR from
  // sqlite3_step; sqlite3_reset tells the specific code.
  if (stmt->legacy && rc != Rc::kBusy && rc != Rc::kMisuse) return SQLITE_ERROR;
  return code;
}

// Ends the run (reset or finalize) and reports its outcome (invariant 3).
int EndRun(sqlite3_stmt* stmt) {
  Rc rc = stmt->statement->Reset();
  if (rc != Rc::kOk && stmt->result_code == SQLITE_OK) {
    stmt->result_code = static_cast<int>(rc);
    stmt->result_message = stmt->db->connection->error_message();
  }
  stmt->has_row = false;
  stmt->busy = false;
  stmt->generation++;
  if (!stmt->ran) return SQLITE_OK;
  stmt->ran = false;
  return SetError(stmt->db, stmt->result_code, stmt->result_message);
}

}  // namespace
}  // namespace simlite::api

extern "C" {

int sqlite3_prepare(sqlite3* db, const char* sql, int n, sqlite3_stmt** out, const char** tail) {
  return simlite::api::Prepare(db, sql, n, true, out, tail);
}

int sqlite3_prepare_v2(sqlite3* db, const char* sql, int n, sqlite3_stmt** out,
                       const char** tail) {
  return simlite::api::Prepare(db, sql, n, false, out, tail);
}

int sqlite3_prepare_v3(sqlite3* db, const char* sql, int n, unsigned int, sqlite3_stmt** out,
                       const char** tail) {
  return simlite::api::Prepare(db, sql, n, false, out, tail);
}

int sqlite3_prepare16(sqlite3* db, const void* sql, int n, sqlite3_stmt** out,
                      const void** tail) {
  return simlite::api::Prepare16(db, sql, n, true, out, tail);
}

int sqlite3_prepare16_v2(sqlite3* db, const void* sql, int n, sqlite3_stmt** out,
                         const void** tail) {
  return simlite::api::Prepare16(db, sql, n, false, out, tail);
}

int sqlite3_prepare16_v3(sqlite3* db, const void* sql, int n, unsigned int, sqlite3_stmt** out,
                         const void** tail) {
  return simlite::api::Prepare16(db, sql, n, false, out, tail);
}

int sqlite3_step(sqlite3_stmt* stmt) {
  if (stmt == nullptr) return SQLITE_MISUSE;
  sqlite3* db = stmt->db;
  stmt->generation++;
  if (!stmt->busy && stmt->expired) {
    int rc = simlite::api::Reprepare(stmt);
    if (rc != SQLITE_OK) {
      // The run failed before it started: sqlite3_reset reports it, as in SQLite.
      stmt->ran = true;
      stmt->result_code = db->error_code;
      stmt->result_message = simlite::api::ErrorMessage(db);
      return rc;
    }
  }
  if (!stmt->busy) {
    // A new run (after a reset, or the automatic reset after SQLITE_DONE or an error).
    stmt->busy = true;
    stmt->ran = true;
    stmt->run_count++;
    simlite::api::Trace(stmt, SQLITE_TRACE_STMT, stmt->sql.data());
  }
  Rc rc = stmt->statement->Step();
  stmt->step_count++;
  if (rc == Rc::kRow) {
    stmt->has_row = true;
    simlite::api::Trace(stmt, SQLITE_TRACE_ROW, nullptr);
    return SetError(db, SQLITE_ROW);
  }
  return simlite::api::Halted(stmt, rc);
}

int sqlite3_reset(sqlite3_stmt* stmt) {
  if (stmt == nullptr) return SQLITE_OK;
  return simlite::api::EndRun(stmt);
}

int sqlite3_finalize(sqlite3_stmt* stmt) {
  if (stmt == nullptr) return SQLITE_OK;
  sqlite3* db = stmt->db;
  int rc = simlite::api::EndRun(stmt);
  // The engine statement goes first: forgetting the last statement of a closed (zombie)
  // connection frees the connection.
  stmt->statement.reset();
  simlite::api::ForgetStatement(db, stmt);
  delete stmt;
  return rc;
}

sqlite3* sqlite3_db_handle(sqlite3_stmt* stmt) { return stmt == nullptr ? nullptr : stmt->db; }

sqlite3_stmt* sqlite3_next_stmt(sqlite3* db, sqlite3_stmt* stmt) {
  if (!IsUsable(db)) return nullptr;
  return stmt == nullptr ? db->statements : stmt->next;
}

const char* sqlite3_sql(sqlite3_stmt* stmt) {
  return stmt == nullptr ? nullptr : stmt->sql.c_str();
}

int sqlite3_stmt_readonly(sqlite3_stmt* stmt) {
  return stmt != nullptr && stmt->statement->read_only() ? 1 : 0;
}

int sqlite3_stmt_busy(sqlite3_stmt* stmt) { return stmt != nullptr && stmt->busy ? 1 : 0; }

int sqlite3_stmt_status(sqlite3_stmt* stmt, int op, int reset) {
  if (stmt == nullptr) return 0;
  int64_t* counter = op == SQLITE_STMTSTATUS_RUN       ? &stmt->run_count
                     : op == SQLITE_STMTSTATUS_VM_STEP ? &stmt->step_count
                                                       : nullptr;
  if (counter == nullptr) return 0;
  int value = static_cast<int>(*counter);
  if (reset != 0) *counter = 0;
  return value;
}

}  // extern "C"
