// simlite's insert path: Config().insert_rows rows (NULL, b, c) into an empty in-memory table
// in one write transaction per iteration, rowids ascending or shuffled. The SQLite twins
// (sqlite_bench.cpp) run INSERT INTO t VALUES(?1, ?2, ?3) for the same rows.
#include <benchmark/benchmark.h>

#include <optional>
#include <span>
#include <vector>

#include "bench/micro/bench_data.h"
#include "bench/micro/benches.h"
#include "btree/btree_cursor.h"
#include "btree/record.h"

namespace simlite::bench {
namespace {

// Inserts the rows `rowids` into a fresh table per iteration; only the inserts and the
// commit are timed.
void InsertLoop(benchmark::State& state, std::span<const int64_t> rowids) {
  btree::RecordBuilder builder;
  char text[kRowTextMax];
  for (auto _ : state) {
    state.PauseTiming();
    std::optional<MemoryTable> table;
    table.emplace();
    btree::BtCursor cursor;
    cursor.Open(table->btree.get(), table->root, /*writable=*/true, nullptr);
    state.ResumeTiming();
    for (int64_t rowid : rowids) {
      builder.Reset();
      builder.AddNull();  // the INTEGER PRIMARY KEY column is stored as NULL, as SQLite does
      builder.AddInteger(RowB(rowid));
      builder.AddText(text, RowText(rowid, text));
      CheckOk(cursor.Insert(rowid, builder.Finish()), "Insert");
    }
    CheckOk(table->btree->Commit(), "Commit");
    state.PauseTiming();
    cursor.Close();
    table.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(rowids.size()));
}

}  // namespace

void SimliteInsertSequential(benchmark::State& state) {
  InsertLoop(state, InsertOrder(/*shuffled=*/false));
}

void SimliteInsertRandom(benchmark::State& state) {
  InsertLoop(state, InsertOrder(/*shuffled=*/true));
}

}  // namespace simlite::bench
