// BenchDb and BenchStmt: one connection of one engine, and its prepared statements, as the
// workload drives them. Every row a statement returns is folded into a hash so that two
// engines' runs of the same workload can be compared; any error ends the process (a forked
// child running one pass) with a message naming the engine, the test and the SQL.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "bench/speed/engine_api.h"

namespace simlite::bench {

// What a test produced: a hash of every row of every statement, and counts.
struct ResultDigest {
  uint64_t hash = 0;
  uint64_t row_count = 0;
  uint64_t statement_count = 0;
};

class BenchDb;

class BenchStmt {
 public:
  BenchStmt(BenchDb* db, std::string_view sql);
  ~BenchStmt();
  BenchStmt(const BenchStmt&) = delete;
  BenchStmt& operator=(const BenchStmt&) = delete;

  BenchStmt& Bind(int index, int64_t value);
  BenchStmt& Bind(int index, double value);
  // The text must stay alive until Run() (SQLITE_STATIC).
  BenchStmt& Bind(int index, std::string_view text);
  // Steps to the end, folds every row (or, for a statement without columns, the change
  // count) into the connection's digest, and resets the statement for the next run.
  void Run();

 private:
  BenchDb* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

class BenchDb {
 public:
  // Opens `path` (":memory:" or a file) on `api`; `engine_label` names it in error messages.
  BenchDb(const EngineApi* api, std::string engine_label, const std::string& path);
  ~BenchDb();
  BenchDb(const BenchDb&) = delete;
  BenchDb& operator=(const BenchDb&) = delete;

  // Runs every statement of `sql` in turn, hashing their rows.
  void Exec(std::string_view sql);

  const EngineApi& api() const { return *api_; }
  sqlite3* handle() const { return db_; }
  ResultDigest& digest() { return digest_; }
  // Names the test running now, for error messages.
  void set_test_label(std::string label) { test_label_ = std::move(label); }

  // Prints "<engine>, <test>: <what>: <errmsg>" (and the SQL) to stderr and exits the process.
  [[noreturn]] void Fail(std::string_view what, std::string_view sql) const;

 private:
  const EngineApi* api_;
  std::string engine_label_;
  std::string test_label_;
  sqlite3* db_ = nullptr;
  ResultDigest digest_;
};

// Folds `value` into `hash` (not cryptographic; good enough to tell results apart).
uint64_t MixHash(uint64_t hash, uint64_t value);
// Hashes `size` bytes at `data`, seeded with `seed`.
uint64_t HashBytes(uint64_t seed, const void* data, size_t size);

// The exit status of a child that met an engine error.
inline constexpr int kExitEngineError = 3;

}  // namespace simlite::bench
