// The data the micro-benchmarks read, and the database both engines read it from.
//
// One database file is written by real SQLite and then opened by both engines: simlite
// through its pager and b-tree layers, SQLite through its C API. Both sides therefore walk
// the same rows in the same pages (same tree shapes, same cell layouts), so a difference in
// time is a difference in code. Each side keeps a read transaction open for the whole run
// and has every page cached ("hot cache"): the numbers measure CPU work, not I/O or locking.
//
// Invariants
//  1. Every value is a pure function of the rowid (Mix is a bijection): rows, keys and the
//     random key orders are the same in every run and on both sides.
//  2. Benchmark loops allocate nothing on the simlite side: keys, texts and records they use
//     are built here, before timing starts.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "btree/btree.h"
#include "btree/record.h"
#include "common/result_code.h"
#include "io/io.h"
#include "pager/pager.h"

namespace simlite::bench {

// Sizes, settable from the command line (main.cpp) before the first benchmark runs.
struct BenchConfig {
  uint32_t rows = 100000;        // rows of table t (and entries of index t_c)
  uint32_t insert_rows = 10000;  // rows one insert benchmark iteration writes
  uint32_t big_rows = 64;        // rows of table big, each with an overflowing blob
  uint32_t iterations = 0;       // nonzero: every benchmark runs exactly this many iterations
};
BenchConfig& Config();

// The blob of every row of table big: 20000 bytes spill over about five 4096-byte pages.
constexpr uint32_t kBigBytes = 20000;
constexpr uint32_t kPageSize = 4096;
// How many keys a random-order key list holds (the loops cycle through it).
constexpr uint32_t kKeyCount = 4096;
// Room for RowText's output.
constexpr uint32_t kRowTextMax = 48;

// splitmix64's finalizer: a bijection on 64-bit values, so distinct inputs stay distinct.
uint64_t Mix(uint64_t x);
// Column b of row `rowid`: an integer in [0, 1000000).
int64_t RowB(int64_t rowid);
// Column c of row `rowid`, written to out (kRowTextMax bytes): 16 hex digits of Mix(rowid)
// (unique per row) then 4..24 lower-case letters. Returns its length.
uint32_t RowText(int64_t rowid, char* out);
std::string RowTextString(int64_t rowid);
// `count` values in [1, max], in a pseudo-random order fixed by `seed`.
std::vector<int64_t> RandomKeys(uint32_t count, int64_t max, uint64_t seed);
// 1..count in a pseudo-random order fixed by `seed` (every value exactly once).
std::vector<int64_t> Permutation(uint32_t count, uint64_t seed);
// The rowids an insert benchmark writes: 1..insert_rows, ascending or shuffled.
std::vector<int64_t> InsertOrder(bool shuffled);

// Aborts with `what` when rc is not kOk (benchmarks have no error path worth timing).
void CheckOk(Rc rc, const char* what);
// Aborts with SQLite's message when rc is not the expected code.
void CheckSqlite(sqlite3* db, int rc, int expected, const char* what);
// Runs SQL on a SQLite connection, aborting on error.
void SqliteExec(sqlite3* db, const char* sql);
sqlite3_stmt* SqlitePrepare(sqlite3* db, const char* sql);

// The shared database (built on first use, removed at exit):
//   CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c TEXT);  -- rows 1..rows
//   CREATE INDEX t_c ON t(c);
//   CREATE TABLE big(a INTEGER PRIMARY KEY, x BLOB);            -- rows 1..big_rows
class BenchDatabase {
 public:
  static BenchDatabase& Get();
  ~BenchDatabase();

  // simlite's side: a pager over the file with every page cached, in a read transaction.
  pager::Pager* pager() const { return pager_.get(); }
  btree::Btree* btree() const { return btree_.get(); }
  pager::Pgno table_root() const { return table_root_; }
  pager::Pgno index_root() const { return index_root_; }
  pager::Pgno big_root() const { return big_root_; }
  // Index t_c's entries are records (c, rowid), compared BINARY ascending.
  const btree::KeyInfo& index_key_info() const { return index_key_info_; }

  // SQLite's side: a connection to the same file, inside a read transaction, cache hot.
  sqlite3* sqlite() const { return sqlite_; }

  // Random rowids of t and of big, and for the same rows of t: c as text and as an index
  // key record (c) that SeekKey takes.
  const std::vector<int64_t>& random_rowids() const { return random_rowids_; }
  const std::vector<int64_t>& random_big_rowids() const { return random_big_rowids_; }
  const std::vector<std::string>& random_texts() const { return random_texts_; }
  const std::vector<std::vector<uint8_t>>& random_index_keys() const {
    return random_index_keys_;
  }

 private:
  BenchDatabase();
  void WriteWithSqlite();
  void OpenSimlite();
  void OpenSqlite();
  void BuildKeys();

  std::string dir_;
  std::string path_;
  std::unique_ptr<io::Io> io_;
  std::unique_ptr<pager::Pager> pager_;
  std::unique_ptr<btree::Btree> btree_;
  pager::Pgno table_root_ = 0;
  pager::Pgno index_root_ = 0;
  pager::Pgno big_root_ = 0;
  btree::KeyInfo index_key_info_;
  sqlite3* sqlite_ = nullptr;
  std::vector<int64_t> random_rowids_;
  std::vector<int64_t> random_big_rowids_;
  std::vector<std::string> random_texts_;
  std::vector<std::vector<uint8_t>> random_index_keys_;
};

// A fresh in-memory simlite database in a write transaction, with one empty table
// (the insert benchmarks' target).
struct MemoryTable {
  MemoryTable();
  ~MemoryTable();
  std::unique_ptr<io::Io> io;
  std::unique_ptr<pager::Pager> pager;
  std::unique_ptr<btree::Btree> btree;
  pager::Pgno root = 0;
};

}  // namespace simlite::bench
