// simlite-bench-micro: Google Benchmark micro-benchmarks of simlite's storage hot paths, with
// real SQLite's twins side by side (see benches.h and docs/perf.md).
//
// Options of its own (every other one is Google Benchmark's, e.g. --benchmark_filter=seek):
//   --rows=N         rows of the shared table t (default 100000)
//   --insert_rows=N  rows one insert iteration writes (default 10000)
//   --iterations=N   run every benchmark exactly N iterations, once (for instruction counts
//                    under callgrind: scripts/bench-instructions)
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include <unistd.h>

#include "bench/micro/bench_data.h"
#include "bench/micro/benches.h"
#include "bench/micro/compare_reporter.h"

namespace simlite::bench {
namespace {

// Reads "--name=N" into *value; returns whether arg was that option.
bool ParseCount(const char* arg, const char* name, uint32_t* value) {
  const size_t length = std::strlen(name);
  if (std::strncmp(arg, name, length) != 0 || arg[length] != '=') return false;
  const long parsed = std::strtol(arg + length + 1, nullptr, 10);
  if (parsed < 1 || parsed > 100000000) {
    std::fprintf(stderr, "simlite-bench-micro: bad %s\n", arg);
    std::exit(2);
  }
  *value = static_cast<uint32_t>(parsed);
  return true;
}

// Takes this program's own options out of argv, leaving Google Benchmark's.
void ParseOwnOptions(int* argc, char** argv) {
  int kept = 1;
  for (int arg_idx = 1; arg_idx < *argc; arg_idx++) {
    if (ParseCount(argv[arg_idx], "--rows", &Config().rows)) continue;
    if (ParseCount(argv[arg_idx], "--insert_rows", &Config().insert_rows)) continue;
    if (ParseCount(argv[arg_idx], "--iterations", &Config().iterations)) continue;
    argv[kept++] = argv[arg_idx];
  }
  *argc = kept;
}

// The console options Google Benchmark would pick from its flags (it does not export them):
// colour when --benchmark_color allows it and stdout is a terminal, tabular counters with
// --benchmark_counters_tabular=true.
benchmark::ConsoleReporter::OutputOptions ConsoleOptions(int argc, char** argv) {
  bool color = isatty(STDOUT_FILENO) != 0;
  bool tabular = false;
  for (int arg_idx = 1; arg_idx < argc; arg_idx++) {
    const std::string_view arg(argv[arg_idx]);
    if (arg.starts_with("--benchmark_color=")) {
      const std::string_view value = arg.substr(arg.find('=') + 1);
      if (value == "false" || value == "no" || value == "0") color = false;
      if (value == "true" || value == "yes" || value == "1") color = true;
    }
    if (arg == "--benchmark_counters_tabular=true") tabular = true;
  }
  int options = benchmark::ConsoleReporter::OO_None;
  if (color) options |= benchmark::ConsoleReporter::OO_Color;
  if (tabular) options |= benchmark::ConsoleReporter::OO_Tabular;
  return static_cast<benchmark::ConsoleReporter::OutputOptions>(options);
}

using BenchmarkFn = void (*)(benchmark::State&);

// Every benchmark run passes through here: the one place scripts/bench-instructions tells
// callgrind to count in (libbenchmark's own functions have no symbols it can match).
[[gnu::noinline]] void RunBenchmark(benchmark::State& state, BenchmarkFn fn) { fn(state); }

// Registers one benchmark, with --iterations applied.
benchmark::internal::Benchmark* Register(const char* name, BenchmarkFn fn) {
  benchmark::internal::Benchmark* registered = benchmark::RegisterBenchmark(
      name, [fn](benchmark::State& state) { RunBenchmark(state, fn); });
  if (Config().iterations > 0) registered->Iterations(Config().iterations);
  return registered;
}

void RegisterAll() {
  for (int length : {1, 2, 3, 5, 9, 0}) {
    Register("varint/Decode", VarintDecode)->Arg(length);
    Register("varint/Decode32", VarintDecode32)->Arg(length);
    Register("varint/Encode", VarintEncode)->Arg(length);
  }
  const struct {
    const char* name;
    BenchmarkFn fn;
  } kBenchmarks[] = {
      {"record/Column3", RecordColumn3},
      {"record/Column7", RecordColumn7},
      {"record/Column3Then7", RecordColumn3Then7},
      {"record/Column7Cached", RecordColumn7Cached},
      {"record/ColumnCount100", RecordColumnCountWide},
      {"record/Build", RecordBuild},
      {"record/CompareTextKeys", CompareTextKeys},
      {"record/CompareTextKeysSameText", CompareTextKeysSameText},
      {"record/CompareIntKeys", CompareIntKeys},
      {"pager/GetCached", PagerGetCached},
      {"btree/NextOnly", BtreeNextOnly},
      {"simlite/SeekRowid", SimliteSeekRowid},
      {"sqlite/SeekRowid", SqliteSeekRowid},
      {"simlite/Scan", SimliteScan},
      {"sqlite/Scan", SqliteScan},
      {"simlite/IndexSeek", SimliteIndexSeek},
      {"sqlite/IndexSeek", SqliteIndexSeek},
      {"simlite/IndexScan", SimliteIndexScan},
      {"sqlite/IndexScan", SqliteIndexScan},
      {"simlite/OverflowRead", SimliteOverflowRead},
      {"sqlite/OverflowRead", SqliteOverflowRead},
      {"simlite/InsertSequential", SimliteInsertSequential},
      {"sqlite/InsertSequential", SqliteInsertSequential},
      {"simlite/InsertRandom", SimliteInsertRandom},
      {"sqlite/InsertRandom", SqliteInsertRandom},
  };
  for (const auto& entry : kBenchmarks) Register(entry.name, entry.fn);
}

}  // namespace
}  // namespace simlite::bench

int main(int argc, char** argv) {
  simlite::bench::ParseOwnOptions(&argc, argv);
  const auto console_options = simlite::bench::ConsoleOptions(argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  simlite::bench::RegisterAll();
  // The shared database is built before any benchmark runs, so that no benchmark's run
  // (timed or counted by callgrind) includes building it.
  (void)simlite::bench::BenchDatabase::Get();
  std::printf("simlite-bench-micro: table t of %u rows, inserts of %u rows, SQLite %s\n",
              simlite::bench::Config().rows, simlite::bench::Config().insert_rows,
              sqlite3_libversion());
  simlite::bench::CompareReporter reporter(console_options);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
