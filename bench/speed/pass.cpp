// RunPass: forking a child per engine pass, and what the child does.
#include "bench/speed/pass.h"

#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

namespace simlite::bench {

namespace {

constexpr Mode kModes[] = {Mode::kMemory, Mode::kDelete, Mode::kWalFull, Mode::kWalNormal};
constexpr const char* kModeNames[] = {"memory", "delete", "wal-full", "wal-normal"};
constexpr int kExitLoadError = 4;

// A line "Key: N kB" of /proc/self/status, in kB (0 if missing).
int64_t StatusKb(const char* key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const size_t key_size = std::strlen(key);
  while (std::getline(status, line)) {
    if (line.compare(0, key_size, key) == 0 && line.size() > key_size && line[key_size] == ':') {
      return std::strtoll(line.c_str() + key_size + 1, nullptr, 10);
    }
  }
  return 0;
}

// Whether this process holds an io_uring file descriptor (simlite's UringIo made one).
bool HoldsIoUring() {
  DIR* fds = opendir("/proc/self/fd");
  if (fds == nullptr) return false;
  bool found = false;
  char target[256];
  while (dirent* entry = readdir(fds)) {
    const std::string link = std::string("/proc/self/fd/") + entry->d_name;
    const ssize_t size = readlink(link.c_str(), target, sizeof target - 1);
    if (size <= 0) continue;
    target[size] = '\0';
    if (std::strstr(target, "io_uring") != nullptr) found = true;
  }
  closedir(fds);
  return found;
}

std::string DatabasePath(const PassConfig& config) {
  if (config.mode == Mode::kMemory) return ":memory:";
  return config.directory + "/speed.db";
}

void RemoveDatabase(const std::string& path) {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
    std::remove((path + suffix).c_str());
  }
}

const char* SetupSql(Mode mode) {
  switch (mode) {
    case Mode::kMemory:
      return "PRAGMA journal_mode";
    case Mode::kDelete:
      return "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL";
    case Mode::kWalFull:
      return "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL";
    case Mode::kWalNormal:
      return "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL";
  }
  return "";
}

// Seconds on the clock the config asks for.
double NowSeconds(const PassConfig& config) {
  timespec now{};
  clock_gettime(config.cpu_time ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// The child's whole life: load, open, run every test, report to `out`, exit.
[[noreturn]] void ChildMain(const PassConfig& config, const Variant& variant, FILE* out) {
  const int64_t start_rss_kb = StatusKb("VmRSS");
  if (!variant.simlite_io.empty()) setenv("SIMLITE_IO", variant.simlite_io.c_str(), 1);
  EngineApi api;
  std::string error;
  if (!api.Load(variant.library_path, &error)) {
    std::fprintf(stderr, "simlite-speed: %s: %s\n", variant.label.c_str(), error.c_str());
    _exit(kExitLoadError);
  }
  const std::string path = DatabasePath(config);
  RemoveDatabase(path);
  {
    BenchDb db(&api, variant.label + " (" + ModeName(config.mode) + ")", path);
    db.set_test_label("setup");
    db.Exec(SetupSql(config.mode));
    std::fprintf(out, "io %s\n", HoldsIoUring() ? "uring" : "posix");
    for (const SpeedTest& test : *config.tests) {
      db.set_test_label("test " + std::to_string(test.id));
      db.digest() = ResultDigest{};
      const double start = NowSeconds(config);
      test.run(&db, *config.data);
      const double elapsed = NowSeconds(config) - start;
      const ResultDigest& digest = db.digest();
      std::fprintf(out, "test %d %.9f %llu %llu\n", test.id, elapsed,
                   static_cast<unsigned long long>(digest.hash),
                   static_cast<unsigned long long>(digest.row_count));
    }
    db.set_test_label("contents");
    db.digest() = ResultDigest{};
    DigestContents(&db);
    std::fprintf(out, "contents %llu %llu\n", static_cast<unsigned long long>(db.digest().hash),
                 static_cast<unsigned long long>(db.digest().row_count));
  }
  RemoveDatabase(path);
  std::fprintf(out, "rss %lld %lld\n", static_cast<long long>(start_rss_kb),
               static_cast<long long>(StatusKb("VmHWM")));
  std::fflush(out);
  _exit(0);  // skip static destructors: the parent owns them
}

// Parses the child's report into *result.
void ParseReport(const std::string& report, PassResult* result) {
  std::istringstream lines(report);
  std::string kind;
  while (lines >> kind) {
    if (kind == "io") {
      lines >> result->io_backend;
    } else if (kind == "test") {
      TestOutcome outcome;
      lines >> outcome.id >> outcome.seconds >> outcome.digest.hash >> outcome.digest.row_count;
      result->tests.push_back(outcome);
    } else if (kind == "contents") {
      lines >> result->contents.hash >> result->contents.row_count;
    } else if (kind == "rss") {
      lines >> result->start_rss_kb >> result->peak_rss_kb;
    }
  }
}

}  // namespace

const char* ModeName(Mode mode) {
  return kModeNames[static_cast<int>(mode)];
}

bool ParseMode(const std::string& word, Mode* mode) {
  for (size_t mode_idx = 0; mode_idx < std::size(kModes); mode_idx++) {
    if (word == kModeNames[mode_idx]) {
      *mode = kModes[mode_idx];
      return true;
    }
  }
  return false;
}

PassResult RunPass(const PassConfig& config, const Variant& variant) {
  assert(config.data != nullptr && config.tests != nullptr);
  PassResult result;
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) {
    result.failure = "pipe() failed";
    return result;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t child = fork();
  if (child == 0) {
    close(pipe_fds[0]);
    ChildMain(config, variant, fdopen(pipe_fds[1], "w"));
  }
  close(pipe_fds[1]);
  std::string report;
  char buffer[4096];
  ssize_t got;
  while ((got = read(pipe_fds[0], buffer, sizeof buffer)) > 0) report.append(buffer, got);
  close(pipe_fds[0]);
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) != child) {
    result.failure = "fork() or waitpid() failed";
    return result;
  }
  ParseReport(report, &result);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    result.ok = true;
  } else {
    result.failure = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                       : "killed by signal " + std::to_string(WTERMSIG(status));
  }
  return result;
}

}  // namespace simlite::bench
