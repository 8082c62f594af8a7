// Query: a prepared statement that the C API runs for itself, through its own public
// functions (sqlite3_blob_*, sqlite3_backup_* and sqlite3_table_column_metadata are built from
// SQL the engine already runs). Finalized when it goes out of scope. Preparing and stepping set
// the connection's error state as the public functions do; finalizing does not, so that the
// caller's final state (often the error it just reported) survives.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "api/sqlite3.h"

namespace simlite::api {

class Query {
 public:
  // Prepares sql (one statement) on db; ok() tells whether that worked.
  Query(sqlite3* db, const std::string& sql);
  // Finalizes the statement, leaving the connection's error state as it is.
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  bool ok() const { return rc_ == SQLITE_OK && stmt_ != nullptr; }
  int rc() const { return rc_; }
  sqlite3_stmt* stmt() const { return stmt_; }

  // Steps once: true for a row. After false, rc() is SQLITE_DONE or the error.
  bool Step();
  // Runs to the end; returns SQLITE_OK or the error.
  int Run();
  std::string Text(int column) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

}  // namespace simlite::api
