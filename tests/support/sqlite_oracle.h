// Real SQLite as the oracle for value semantics: evaluates SQL with bound vdbe::Mem
// arguments and returns the first column as a Mem (or SQLite's error), plus a seeded generator
// of awkward values (NULL, integer extremes, -0.0, huge and tiny reals, numeric-looking text,
// unicode, blobs) to feed both engines.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "vdbe/mem.h"

namespace simlite::testing {

// What evaluating an expression gave: a value, or an error with SQLite's message.
struct Outcome {
  bool ok = true;
  std::string error;
  vdbe::Mem value;
};

// Binds m to parameter param_idx (1-based) of stmt.
void BindMem(sqlite3_stmt* stmt, int param_idx, const vdbe::Mem& m);
// Column column_idx of the current row of stmt as an owned Mem.
vdbe::Mem ColumnMem(sqlite3_stmt* stmt, int column_idx);

// A readable rendering for failure messages: NULL, INTEGER 5, REAL 1.5 (0x3ff8...),
// TEXT 'a\x00b', BLOB x'00ff'.
std::string Describe(const vdbe::Mem& m);
std::string Describe(const Outcome& outcome);
// Same type and same value (reals compared bit for bit).
bool SameValue(const vdbe::Mem& a, const vdbe::Mem& b);
bool SameOutcome(const Outcome& a, const Outcome& b);
// Success when simlite's outcome equals SQLite's; else a message naming the expression, its
// arguments and both outcomes.
::testing::AssertionResult Agree(const std::string& expression, std::span<const vdbe::Mem> args,
                                 const Outcome& simlite, const Outcome& sqlite);
::testing::AssertionResult Agree(const std::string& expression, std::span<const vdbe::Mem> args,
                                 const vdbe::Mem& simlite, const vdbe::Mem& sqlite);

class SqliteOracle {
 public:
  SqliteOracle();
  ~SqliteOracle();
  SqliteOracle(const SqliteOracle&) = delete;
  SqliteOracle& operator=(const SqliteOracle&) = delete;

  sqlite3* db() { return db_; }
  // Runs SQL that returns no rows; fails the current test on error.
  void Exec(const std::string& sql);
  // Prepares `sql` (cached), binds args to ?1..?n, steps once and returns column
  // `column_idx` of the first row (NULL when there is none) or the error.
  Outcome Eval(const std::string& sql, std::span<const vdbe::Mem> args, int column_idx = 0);
  // As Eval, but returns every column of the first row.
  bool EvalRow(const std::string& sql, std::span<const vdbe::Mem> args, std::vector<vdbe::Mem>* row,
               std::string* error);

 private:
  sqlite3_stmt* Prepare(const std::string& sql);

  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*> cache_;
};

// A seeded source of values that stress SQLite's conversion rules.
class ValueGenerator {
 public:
  explicit ValueGenerator(uint64_t seed) : rng_(seed) {}

  // Any value: NULL, INTEGER, REAL, TEXT or BLOB, weighted toward edge cases.
  vdbe::Mem Next();
  vdbe::Mem NextInteger();
  vdbe::Mem NextReal();
  vdbe::Mem NextText();
  vdbe::Mem NextBlob();
  // A text that looks more or less like a number (spaces, signs, '.', exponents, junk).
  std::string NumericText();
  // A short text over a small alphabet (for pattern and substring functions).
  std::string ShortText(const std::string& alphabet, int max_length);
  double RandomReal();
  int64_t Uniform(int64_t lo, int64_t hi);  // inclusive
  bool OneIn(int n) { return Uniform(0, n - 1) == 0; }
  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
};

}  // namespace simlite::testing
