// DualDb: one database in simlite and one in real SQLite, side by side, so that a test runs
// the same SQL on both and compares everything a client can see: rows (canonical values, as
// ordered lists or as multisets), column names, success or failure with the error code and
// message, changes(), total_changes() and last_insert_rowid().
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/connection.h"

namespace simlite::testing {

// What running some SQL gave.
struct Outcome2 {
  bool ok = true;
  int code = 0;  // the primary result code of the failure
  std::string error;
  std::vector<std::string> columns;  // names, of the last statement that returned rows
  std::vector<std::string> rows;     // canonical rows ("I:1|T:'a'|N")
  int64_t changes = 0;
  int64_t total_changes = 0;
  int64_t last_insert_rowid = 0;

  std::string Describe() const;
};

// A named list of statements, for parameterized tests that run scripts on both engines.
struct SqlScript {
  const char* name;
  std::vector<const char*> statements;
};
// Expects real SQLite to find the database file at `path` sound (PRAGMA integrity_check).
void ExpectSqliteIntegrityOk(const std::string& path);

// The test name of a SqlScript parameter (its name).
std::string ScriptName(const ::testing::TestParamInfo<SqlScript>& info);

class DualDb;

// The detail column of EXPLAIN QUERY PLAN `sql` on one engine (real SQLite when `sqlite`), as
// canonical values ("T:'SCAN t'"); a failure is a test failure.
std::vector<std::string> PlanDetails(DualDb* db, const std::string& sql, bool sqlite);

class DualDb {
 public:
  // Both databases in memory, or both files (in a fresh directory) when on_disk.
  explicit DualDb(bool on_disk = false);
  ~DualDb();

  // Runs every statement of `sql` on one engine, stopping at the first error. In `sql`, "%DB%"
  // stands for a file name prefix in the test's directory that is the engine's own (on disk
  // only), so that ATTACH '%DB%aux.db' opens a different file on each.
  Outcome2 RunSimlite(const std::string& sql);
  Outcome2 RunSqlite(const std::string& sql);

  // Runs `sql` on both and compares the outcomes; rows as a multiset unless `ordered`.
  ::testing::AssertionResult Same(const std::string& sql, bool ordered = false);
  // Runs `sql` on both; fails unless both succeed.
  void Exec(const std::string& sql);

  engine::Connection* simlite() { return simlite_.get(); }
  sqlite3* sqlite() { return sqlite_; }
  const std::string& simlite_path() const { return simlite_path_; }
  // What "%DB%" stands for on one engine.
  std::string FilePrefix(bool sqlite) const;

 private:
  std::string dir_;
  std::string simlite_path_;
  std::unique_ptr<engine::Connection> simlite_;
  sqlite3* sqlite_ = nullptr;
};

}  // namespace simlite::testing
