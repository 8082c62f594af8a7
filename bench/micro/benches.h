// Every micro-benchmark, registered in this order by main.cpp. A "simlite/<op>" benchmark
// with a "sqlite/<op>" twin is compared in the report (compare_reporter.h); the twins read
// the same data (bench_data.h) and count the same items, so ns/op lines up.
#pragma once

#include <benchmark/benchmark.h>

namespace simlite::bench {

// varint_bench.cpp. Arg: the varint length in bytes (1..9), or 0 for a record-like mix.
void VarintDecode(benchmark::State& state);
void VarintDecode32(benchmark::State& state);
void VarintEncode(benchmark::State& state);

// record_bench.cpp
void RecordColumn3(benchmark::State& state);
void RecordColumn7(benchmark::State& state);
void RecordColumn3Then7(benchmark::State& state);
void RecordColumn7Cached(benchmark::State& state);
void RecordColumnCountWide(benchmark::State& state);
void RecordBuild(benchmark::State& state);
void CompareTextKeys(benchmark::State& state);
void CompareTextKeysSameText(benchmark::State& state);
void CompareIntKeys(benchmark::State& state);

// btree_read_bench.cpp (simlite) and sqlite_bench.cpp (its twins)
void PagerGetCached(benchmark::State& state);
void SimliteSeekRowid(benchmark::State& state);
void SqliteSeekRowid(benchmark::State& state);
void BtreeNextOnly(benchmark::State& state);
void SimliteScan(benchmark::State& state);
void SqliteScan(benchmark::State& state);
void SimliteIndexSeek(benchmark::State& state);
void SqliteIndexSeek(benchmark::State& state);
void SimliteIndexScan(benchmark::State& state);
void SqliteIndexScan(benchmark::State& state);
void SimliteOverflowRead(benchmark::State& state);
void SqliteOverflowRead(benchmark::State& state);

// btree_write_bench.cpp (simlite) and sqlite_bench.cpp (its twins)
void SimliteInsertSequential(benchmark::State& state);
void SqliteInsertSequential(benchmark::State& state);
void SimliteInsertRandom(benchmark::State& state);
void SqliteInsertRandom(benchmark::State& state);

}  // namespace simlite::bench
