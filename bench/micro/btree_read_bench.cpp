// simlite's read paths over the shared database (bench_data.h), hot cache: the page cache,
// rowid seeks, table and index scans, index seeks and overflow payload reads. Each does the
// storage work of its SQLite twin in sqlite_bench.cpp (see the twin for the SQL).
#include <benchmark/benchmark.h>

#include <vector>

#include "bench/micro/bench_data.h"
#include "bench/micro/benches.h"
#include "btree/btree_cursor.h"
#include "btree/record.h"

namespace simlite::bench {
namespace {

using btree::BtCursor;
using btree::RecordReader;
using btree::ValueView;

// Column column_idx of the cursor's current entry (its payload is all local here).
ValueView CurrentColumn(const BtCursor& cursor, uint32_t column_idx) {
  const auto payload = cursor.PayloadLocal();
  RecordReader reader;
  CheckOk(reader.Init(payload.data(), static_cast<uint32_t>(payload.size())), "Init");
  ValueView value;
  CheckOk(reader.Column(column_idx, &value), "Column");
  return value;
}

}  // namespace

// Pager::Get of a page in the cache, then its release (a pin and an unpin).
void PagerGetCached(benchmark::State& state) {
  pager::Pager* pager = BenchDatabase::Get().pager();
  const std::vector<int64_t> pgnos = RandomKeys(kKeyCount, pager->page_count(), 3);
  uint32_t key_idx = 0;
  for (auto _ : state) {
    pager::PageRef page;
    CheckOk(pager->Get(static_cast<pager::Pgno>(pgnos[key_idx++ % kKeyCount]), &page), "Get");
    benchmark::DoNotOptimize(page.data());
  }
  state.SetItemsProcessed(state.iterations());
}

namespace {

// Per iteration, one seek by seek(cursor, key_idx) (key_idx cycles through the random keys),
// whose returned value is summed.
template <typename Seek>
void SeekLoop(benchmark::State& state, pager::Pgno root, const btree::KeyInfo* key_info,
              Seek seek) {
  BtCursor cursor;
  cursor.Open(BenchDatabase::Get().btree(), root, /*writable=*/false, key_info);
  uint32_t key_idx = 0;
  int64_t sum = 0;
  for (auto _ : state) sum += seek(cursor, key_idx++ % kKeyCount);
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}

// Per iteration, a full scan calling row(cursor) on every entry and summing its results.
template <typename Row>
void ScanLoop(benchmark::State& state, pager::Pgno root, const btree::KeyInfo* key_info,
              Row row) {
  BtCursor cursor;
  cursor.Open(BenchDatabase::Get().btree(), root, /*writable=*/false, key_info);
  for (auto _ : state) {
    bool at_end = false;
    CheckOk(cursor.First(&at_end), "First");
    int64_t sum = 0;
    while (!at_end) {
      sum += row(cursor);
      CheckOk(cursor.Next(&at_end), "Next");
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * Config().rows);
}

}  // namespace

// SELECT b FROM t WHERE a = ?: a rowid seek and column b of the row.
void SimliteSeekRowid(benchmark::State& state) {
  BenchDatabase& db = BenchDatabase::Get();
  const std::vector<int64_t>& rowids = db.random_rowids();
  SeekLoop(state, db.table_root(), nullptr, [&](BtCursor& cursor, uint32_t key_idx) {
    int result = 0;
    CheckOk(cursor.SeekRowid(rowids[key_idx], &result), "SeekRowid");
    return CurrentColumn(cursor, 1).i;
  });
}

// The bare cursor walk over every row of t (no record decoding; no SQLite twin).
void BtreeNextOnly(benchmark::State& state) {
  ScanLoop(state, BenchDatabase::Get().table_root(), nullptr, [](BtCursor&) { return 1; });
}

// SELECT sum(b) FROM t: a full table scan decoding column b of every row.
void SimliteScan(benchmark::State& state) {
  ScanLoop(state, BenchDatabase::Get().table_root(), nullptr,
           [](BtCursor& cursor) { return CurrentColumn(cursor, 1).i; });
}

// SELECT a FROM t WHERE c = ?: an index seek on (c) and the rowid from the index entry.
void SimliteIndexSeek(benchmark::State& state) {
  BenchDatabase& db = BenchDatabase::Get();
  const auto& keys = db.random_index_keys();
  SeekLoop(state, db.index_root(), &db.index_key_info(), [&](BtCursor& cursor, uint32_t key_idx) {
    bool exact = false;
    CheckOk(cursor.SeekKey(keys[key_idx], &exact), "SeekKey");
    return CurrentColumn(cursor, 1).i;
  });
}

// SELECT count(c) FROM t INDEXED BY t_c: every index entry, column c tested for NULL.
void SimliteIndexScan(benchmark::State& state) {
  BenchDatabase& db = BenchDatabase::Get();
  ScanLoop(state, db.index_root(), &db.index_key_info(), [](BtCursor& cursor) {
    return static_cast<int64_t>(CurrentColumn(cursor, 0).type != btree::ValueType::kNull);
  });
}

// SELECT x FROM big WHERE a = ?: a rowid seek and the whole 20000-byte payload, most of it
// from the overflow chain, copied out.
void SimliteOverflowRead(benchmark::State& state) {
  BenchDatabase& db = BenchDatabase::Get();
  const std::vector<int64_t>& rowids = db.random_big_rowids();
  std::vector<uint8_t> buffer(kBigBytes + 16);
  SeekLoop(state, db.big_root(), nullptr, [&](BtCursor& cursor, uint32_t key_idx) {
    int result = 0;
    CheckOk(cursor.SeekRowid(rowids[key_idx], &result), "SeekRowid");
    const uint64_t size = cursor.payload_size();
    CheckOk(cursor.ReadPayload(0, {buffer.data(), size}), "ReadPayload");
    return static_cast<int64_t>(buffer[size - 1]);
  });
  state.SetBytesProcessed(state.iterations() * kBigBytes);
}

}  // namespace simlite::bench
