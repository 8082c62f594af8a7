// Real SQLite's twins of the simlite benchmarks: the same data (bench_data.h), statements
// prepared once, each doing the storage work of its simlite counterpart through the SQL
// layer. EXPLAIN QUERY PLAN is checked first, so a twin never silently measures a different
// plan (a scan where a seek was meant, or the table where the index was meant).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/micro/bench_data.h"
#include "bench/micro/benches.h"

namespace simlite::bench {
namespace {

// Aborts unless SQLite's plan for sql mentions `expected`.
void ExpectPlan(sqlite3* db, const char* sql, const char* expected) {
  const std::string explain = std::string("EXPLAIN QUERY PLAN ") + sql;
  sqlite3_stmt* stmt = SqlitePrepare(db, explain.c_str());
  std::string plan;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    plan += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
    plan += "; ";
  }
  sqlite3_finalize(stmt);
  if (plan.find(expected) != std::string::npos) return;
  std::fprintf(stderr, "simlite-bench-micro: plan of %s is '%s', not '%s'\n", sql, plan.c_str(),
               expected);
  std::abort();
}

// The statement sql on the shared database, its plan checked.
sqlite3_stmt* Prepare(const char* sql, const char* expected_plan) {
  sqlite3* db = BenchDatabase::Get().sqlite();
  ExpectPlan(db, sql, expected_plan);
  return SqlitePrepare(db, sql);
}

// Steps a statement that returns one row; returns its first column as an integer.
int64_t StepOneRow(sqlite3_stmt* stmt) {
  CheckSqlite(sqlite3_db_handle(stmt), sqlite3_step(stmt), SQLITE_ROW, sqlite3_sql(stmt));
  const int64_t value = sqlite3_column_int64(stmt, 0);
  sqlite3_reset(stmt);
  return value;
}

// Per iteration, bind(stmt, key_idx) (key_idx cycles through the random keys), then one
// step of the one-row query, whose first column is summed.
template <typename Bind>
void SeekLoop(benchmark::State& state, const char* sql, const char* expected_plan, Bind bind) {
  sqlite3_stmt* stmt = Prepare(sql, expected_plan);
  uint32_t key_idx = 0;
  int64_t sum = 0;
  for (auto _ : state) {
    bind(stmt, key_idx++ % kKeyCount);
    sum += StepOneRow(stmt);
  }
  benchmark::DoNotOptimize(sum);
  sqlite3_finalize(stmt);
  state.SetItemsProcessed(state.iterations());
}

// Runs a one-row aggregate over all rows per iteration.
void AggregateLoop(benchmark::State& state, const char* sql, const char* expected_plan) {
  sqlite3_stmt* stmt = Prepare(sql, expected_plan);
  for (auto _ : state) benchmark::DoNotOptimize(StepOneRow(stmt));
  sqlite3_finalize(stmt);
  state.SetItemsProcessed(state.iterations() * Config().rows);
}

// Inserts `rowids` into a fresh in-memory table per iteration, in one transaction; only the
// inserts and the commit are timed.
void InsertLoop(benchmark::State& state, const std::vector<int64_t>& rowids) {
  char text[kRowTextMax];
  for (auto _ : state) {
    state.PauseTiming();
    sqlite3* db = nullptr;
    CheckSqlite(db, sqlite3_open(":memory:", &db), SQLITE_OK, "open :memory:");
    SqliteExec(db, "PRAGMA page_size=4096; CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, "
                   "c TEXT)");
    sqlite3_stmt* insert = SqlitePrepare(db, "INSERT INTO t VALUES(?1, ?2, ?3)");
    state.ResumeTiming();
    SqliteExec(db, "BEGIN");
    for (int64_t rowid : rowids) {
      sqlite3_bind_int64(insert, 1, rowid);
      sqlite3_bind_int64(insert, 2, RowB(rowid));
      sqlite3_bind_text(insert, 3, text, static_cast<int>(RowText(rowid, text)), SQLITE_STATIC);
      CheckSqlite(db, sqlite3_step(insert), SQLITE_DONE, "insert");
      sqlite3_reset(insert);
    }
    SqliteExec(db, "COMMIT");
    state.PauseTiming();
    sqlite3_finalize(insert);
    sqlite3_close(db);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(rowids.size()));
}

}  // namespace

void SqliteSeekRowid(benchmark::State& state) {
  const std::vector<int64_t>& rowids = BenchDatabase::Get().random_rowids();
  SeekLoop(state, "SELECT b FROM t WHERE a = ?1", "SEARCH t USING INTEGER PRIMARY KEY",
           [&](sqlite3_stmt* stmt, uint32_t key_idx) {
             sqlite3_bind_int64(stmt, 1, rowids[key_idx]);
           });
}

void SqliteScan(benchmark::State& state) {
  AggregateLoop(state, "SELECT sum(b) FROM t", "SCAN t");
}

void SqliteIndexSeek(benchmark::State& state) {
  const std::vector<std::string>& texts = BenchDatabase::Get().random_texts();
  SeekLoop(state, "SELECT a FROM t WHERE c = ?1", "SEARCH t USING COVERING INDEX t_c (c=?)",
           [&](sqlite3_stmt* stmt, uint32_t key_idx) {
             const std::string& text = texts[key_idx];
             sqlite3_bind_text(stmt, 1, text.data(), static_cast<int>(text.size()),
                               SQLITE_STATIC);
           });
}

void SqliteIndexScan(benchmark::State& state) {
  AggregateLoop(state, "SELECT count(c) FROM t INDEXED BY t_c", "SCAN t USING COVERING INDEX t_c");
}

void SqliteOverflowRead(benchmark::State& state) {
  const std::vector<int64_t>& rowids = BenchDatabase::Get().random_big_rowids();
  sqlite3_stmt* stmt =
      Prepare("SELECT x FROM big WHERE a = ?1", "SEARCH big USING INTEGER PRIMARY KEY");
  sqlite3* db = BenchDatabase::Get().sqlite();
  uint32_t key_idx = 0;
  for (auto _ : state) {
    sqlite3_bind_int64(stmt, 1, rowids[key_idx++ % kKeyCount]);
    CheckSqlite(db, sqlite3_step(stmt), SQLITE_ROW, "select big");
    benchmark::DoNotOptimize(sqlite3_column_blob(stmt, 0));
    if (sqlite3_column_bytes(stmt, 0) != static_cast<int>(kBigBytes)) std::abort();
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * kBigBytes);
}

void SqliteInsertSequential(benchmark::State& state) {
  InsertLoop(state, InsertOrder(/*shuffled=*/false));
}

void SqliteInsertRandom(benchmark::State& state) {
  InsertLoop(state, InsertOrder(/*shuffled=*/true));
}

}  // namespace simlite::bench
