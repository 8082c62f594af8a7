// One pass: one engine runs the whole workload once on a fresh database, in a forked child
// process that loads only that engine's library. The child reports each test's time and
// result digest through a pipe; its peak RSS is then that engine's alone (plus the shared
// start-up the child inherits, reported apart).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/speed/workload.h"

namespace simlite::bench {

// Where the database lives and how it is set up.
enum class Mode { kMemory, kDelete, kWalFull, kWalNormal };

const char* ModeName(Mode mode);
// Parses a --modes word ("memory", "delete", "wal-full", "wal-normal"); false if unknown.
bool ParseMode(const std::string& word, Mode* mode);

// An engine as a pass loads it: a library, and for simlite perhaps a forced io backend.
struct Variant {
  std::string label;         // "simlite", "sqlite", "simlite/uring", ...
  std::string library_path;  // the libsqlite3.so.0 to dlopen
  std::string simlite_io;    // if not empty, SIMLITE_IO is set to it before the open
};

struct TestOutcome {
  int id = 0;
  double seconds = 0;
  ResultDigest digest;
};

struct PassResult {
  bool ok = false;
  std::string failure;     // why the pass failed (child's exit status)
  std::string io_backend;  // "uring" when the child held an io_uring fd, else "posix"
  std::vector<TestOutcome> tests;
  ResultDigest contents;     // every table's rows after the last test
  int64_t start_rss_kb = 0;  // the child's RSS before it loaded the engine
  int64_t peak_rss_kb = 0;   // the child's peak RSS (VmHWM)
};

struct PassConfig {
  Mode mode = Mode::kMemory;
  std::string directory;  // for the on-disk modes
  const WorkloadData* data = nullptr;
  const std::vector<SpeedTest>* tests = nullptr;
  // Time each test by the child's CPU time (user + system) instead of the wall clock: steadier
  // on a loaded machine, but blind to time spent waiting for the disk.
  bool cpu_time = false;
};

// Runs one pass of `variant` in a forked child and collects what it reported.
PassResult RunPass(const PassConfig& config, const Variant& variant);

}  // namespace simlite::bench
