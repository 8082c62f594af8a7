// simlite-slt: runs sqllogictest files on simlite (or on real SQLite, to check the runner and
// the files), prints per-file results, and compares them with a baseline so that CI fails
// when a file passes fewer records than it did.
//
//   simlite-slt [--engine simlite|sqlite] [--baseline FILE] [--write-baseline FILE]
//               [--require-all] [--verbose] PATH...
// PATHs are .test files or folders searched for them. Baseline lines: "<path> <passed>",
// paths relative to the PATH they were found under.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "tests/slt/slt_runner.h"
#include "tests/slt/sqlite_database.h"

namespace fs = std::filesystem;
using simlite::slt::FileResult;

namespace {

struct Options {
  std::string engine = "simlite";
  std::string baseline;
  std::string write_baseline;
  bool require_all = false;
  bool verbose = false;
  std::vector<std::string> paths;
};

// Every .test file under the paths, with the name it has in baselines, sorted.
std::vector<std::pair<std::string, std::string>> FindFiles(const std::vector<std::string>& paths) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const std::string& root : paths) {
    if (fs::is_regular_file(root)) {
      files.emplace_back(root, fs::path(root).filename().string());
      continue;
    }
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (entry.is_regular_file() && entry.path().extension() == ".test") {
        files.emplace_back(entry.path().string(), fs::relative(entry.path(), root).string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::map<std::string, int> ReadBaseline(const std::string& path) {
  std::map<std::string, int> baseline;
  std::ifstream in(path);
  std::string name;
  int passed = 0;
  while (in >> name >> passed) baseline[name] = passed;
  return baseline;
}

bool ParseArgs(int argc, char** argv, Options* options) {
  for (int arg_idx = 1; arg_idx < argc; arg_idx++) {
    std::string arg = argv[arg_idx];
    auto value = [&]() -> std::string { return arg_idx + 1 < argc ? argv[++arg_idx] : ""; };
    if (arg == "--engine") options->engine = value();
    else if (arg == "--baseline") options->baseline = value();
    else if (arg == "--write-baseline") options->write_baseline = value();
    else if (arg == "--require-all") options->require_all = true;
    else if (arg == "--verbose") options->verbose = true;
    else if (!arg.empty() && arg[0] == '-') return false;
    else options->paths.push_back(arg);
  }
  return !options->paths.empty() && (options->engine == "simlite" || options->engine == "sqlite");
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseArgs(argc, argv, &options)) {
    std::fprintf(stderr,
                 "usage: simlite-slt [--engine simlite|sqlite] [--baseline FILE] "
                 "[--write-baseline FILE] [--require-all] [--verbose] PATH...\n");
    return 2;
  }
  std::map<std::string, int> baseline = ReadBaseline(options.baseline);
  std::ofstream baseline_out;
  if (!options.write_baseline.empty()) baseline_out.open(options.write_baseline);
  simlite::slt::SltRunner runner;
  int total_passed = 0, total_failed = 0, regressions = 0;
  for (const auto& [path, name] : FindFiles(options.paths)) {
    auto database = options.engine == "sqlite" ? simlite::slt::OpenRealSqlite()
                                               : simlite::slt::OpenSimlite();
    if (!database) {
      std::fprintf(stderr, "simlite-slt: cannot open a %s database\n", options.engine.c_str());
      return 2;
    }
    FileResult result = runner.RunFile(path, database.get());
    total_passed += result.passed;
    total_failed += result.failed;
    std::printf("%-60s %6d ok %6d wrong %6d skipped\n", name.c_str(), result.passed,
                result.failed, result.skipped);
    if (options.verbose) {
      for (const std::string& failure : result.failures) std::printf("    %s\n", failure.c_str());
    }
    auto expected = baseline.find(name);
    if (expected != baseline.end() && result.passed < expected->second) {
      std::printf("    REGRESSION: %d records passed, the baseline is %d\n", result.passed,
                  expected->second);
      regressions++;
    }
    if (baseline_out) baseline_out << name << " " << result.passed << "\n";
  }
  double rate = total_passed + total_failed == 0
                    ? 0.0 : 100.0 * total_passed / (total_passed + total_failed);
  std::printf("sqllogictest on %s: %d records right, %d wrong (%.1f%%)\n", options.engine.c_str(),
              total_passed, total_failed, rate);
  if (regressions > 0) return 1;
  if (options.require_all && total_failed > 0) return 1;
  return 0;
}
