// simlite-speed: the SQL macro benchmark, simlite against SQLite 3.40.1 side by side
// (docs/perf.md). Each pass runs the whole workload (workload.h) on one engine, in a forked
// child that dlopen()s only that engine's libsqlite3.so.0; passes of the two engines
// alternate. Every test's results must be the same on both: any difference, or any error,
// makes the exit status nonzero. Times are only printed, never judged.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/speed/report.h"

namespace simlite::bench {
namespace {

struct Options {
  int size = 100;
  int reps = 3;
  std::vector<Mode> modes = {Mode::kMemory, Mode::kDelete, Mode::kWalFull, Mode::kWalNormal};
  std::vector<Mode> io_modes = {Mode::kDelete, Mode::kWalFull};
  std::string directory;
  std::string simlite_library = SIMLITE_API_LIBRARY;
  std::string sqlite_library = SIMLITE_SYSTEM_SQLITE;
  bool cpu_time = false;
};

constexpr const char* kUsage =
    "usage: simlite-speed [--size N] [--reps N] [--modes LIST] [--io-modes LIST]\n"
    "                     [--dir DIR] [--simlite-lib PATH] [--sqlite-lib PATH]\n"
    "                     [--clock wall|cpu]\n"
    "  --size N        scale (default 100: tables of 50,000 rows)\n"
    "  --reps N        passes per engine and mode; the median is reported (default 3)\n"
    "  --modes LIST    comma-separated: memory,delete,wal-full,wal-normal (default all);\n"
    "                  'none' for no engine comparison\n"
    "  --io-modes LIST modes of the SIMLITE_IO=uring / =posix comparison of the write-heavy\n"
    "                  tests (default delete,wal-full; 'none' to skip)\n"
    "  --dir DIR       where the on-disk modes put their database (default: a new\n"
    "                  directory under $TMPDIR or /tmp, removed at the end)\n"
    "  --clock wall|cpu  time tests by the wall clock (default) or by the process's CPU\n"
    "                  time (steadier on a busy machine; leaves out waits for the disk)\n";

bool ParseModes(const char* text, std::vector<Mode>* modes) {
  modes->clear();
  std::string list(text);
  if (list == "none") return true;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    Mode mode;
    if (!ParseMode(list.substr(start, comma - start), &mode)) return false;
    modes->push_back(mode);
    start = comma + 1;
  }
  return true;
}

bool ParseOptions(int argc, char** argv, Options* options) {
  for (int arg_idx = 1; arg_idx < argc; arg_idx++) {
    const std::string flag = argv[arg_idx];
    if (arg_idx + 1 >= argc) return false;
    const char* value = argv[++arg_idx];
    if (flag == "--size") {
      options->size = std::atoi(value);
    } else if (flag == "--reps") {
      options->reps = std::atoi(value);
    } else if (flag == "--modes") {
      if (!ParseModes(value, &options->modes)) return false;
    } else if (flag == "--io-modes") {
      if (!ParseModes(value, &options->io_modes)) return false;
    } else if (flag == "--dir") {
      options->directory = value;
    } else if (flag == "--simlite-lib") {
      options->simlite_library = value;
    } else if (flag == "--sqlite-lib") {
      options->sqlite_library = value;
    } else if (flag == "--clock") {
      if (std::string(value) != "wall" && std::string(value) != "cpu") return false;
      options->cpu_time = std::string(value) == "cpu";
    } else {
      return false;
    }
  }
  return options->size > 0 && options->reps > 0;
}

// Runs options.reps passes of every variant in `mode`, alternating which goes first.
ModeRun RunMode(Mode mode, std::vector<Variant> variants, const PassConfig& base, int reps) {
  ModeRun run;
  run.mode = mode;
  run.variants = std::move(variants);
  run.passes.resize(run.variants.size());
  PassConfig config = base;
  config.mode = mode;
  for (int rep = 0; rep < reps; rep++) {
    for (size_t turn = 0; turn < run.variants.size(); turn++) {
      const size_t variant_idx = rep % 2 ? run.variants.size() - 1 - turn : turn;
      std::fprintf(stderr, "simlite-speed: %s, pass %d of %d, %s\n", ModeName(mode), rep + 1, reps,
                   run.variants[variant_idx].label.c_str());
      run.passes[variant_idx].push_back(RunPass(config, run.variants[variant_idx]));
    }
  }
  return run;
}

// Makes a fresh directory for the on-disk modes; empty on failure.
std::string MakeScratchDirectory() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/simlite-speed.XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) return "";
  return pattern;
}

int Main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, &options)) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const bool own_directory = options.directory.empty();
  if (own_directory) options.directory = MakeScratchDirectory();
  if (options.directory.empty()) {
    std::perror("simlite-speed: mkdtemp");
    return 2;
  }
  const WorkloadData data(options.size);
  const std::vector<SpeedTest> tests = MakeWorkload(data);
  PassConfig base;
  base.directory = options.directory;
  base.data = &data;
  base.tests = &tests;
  base.cpu_time = options.cpu_time;
  std::printf("simlite-speed --size %d --reps %d --clock %s\n  simlite: %s\n  SQLite:  %s\n",
              options.size, options.reps, options.cpu_time ? "cpu" : "wall",
              options.simlite_library.c_str(), options.sqlite_library.c_str());
  const Variant sqlite{"sqlite", options.sqlite_library, ""};
  int problems = 0;
  std::vector<std::string> summary;
  for (Mode mode : options.modes) {
    const ModeRun run =
        RunMode(mode, {sqlite, {"simlite", options.simlite_library, ""}}, base, options.reps);
    const int mode_problems = CheckResults(run, tests, stdout);
    problems += mode_problems;
    if (mode_problems) continue;
    const double geomean = PrintComparison(run, tests, 1, 0, false, stdout);
    summary.push_back(std::string(ModeName(mode)) + " " + std::to_string(geomean));
  }
  for (Mode mode : options.io_modes) {
    const ModeRun run = RunMode(mode,
                                {sqlite,
                                 {"simlite/uring", options.simlite_library, "uring"},
                                 {"simlite/posix", options.simlite_library, "posix"}},
                                base, options.reps);
    const int mode_problems = CheckResults(run, tests, stdout);
    problems += mode_problems;
    if (mode_problems == 0) PrintComparison(run, tests, 1, 2, true, stdout);
  }
  std::printf("\ngeometric mean simlite/SQLite by mode:");
  for (const std::string& line : summary) std::printf("  %s", line.c_str());
  std::printf("\n%s\n", problems ? "RESULTS DIFFER (or a pass failed): see above"
                                 : "results: identical on both engines");
  if (own_directory) rmdir(options.directory.c_str());
  return problems ? 1 : 0;
}

}  // namespace
}  // namespace simlite::bench

int main(int argc, char** argv) {
  return simlite::bench::Main(argc, argv);
}
