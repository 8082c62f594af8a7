// simlite-sim: the deterministic simulator. Runs seeds S..S+N-1; each draws its own
// configuration, schema and statements, runs them on simlite over a simulated disk and on
// real SQLite, and compares everything. On a failure it prints the seed and configuration,
// shrinks the statements to a minimal script that still fails, and writes it out.
//
//   simlite-sim --seed S [--count N] [--ops M] [--faults [crash,io]] [--replay FILE]
//               [--check-determinism] [--ignore-messages] [--keep-going] [--no-shrink]
//               [--plant N] [--out FILE]
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "common/planted.h"
#include "simulator/simulation.h"

namespace {

struct Options {
  uint64_t seed = 1;
  uint64_t count = 1;
  uint64_t ops = 300;
  simlite::sim::FaultKinds faults;
  bool check_determinism = false;
  bool compare_messages = true;
  bool keep_going = false;  // report each failing seed in one block, shrink none, go on
  bool shrink = true;
  int plant = 0;            // the planted bug to switch on (common/planted.h)
  std::string replay;
  std::string out = "simlite-sim-repro.sql";
};

bool ParseArgs(int argc, char** argv, Options* options) {
  for (int arg_idx = 1; arg_idx < argc; arg_idx++) {
    std::string arg = argv[arg_idx];
    auto value = [&]() -> std::string { return arg_idx + 1 < argc ? argv[++arg_idx] : ""; };
    if (arg == "--seed") options->seed = std::strtoull(value().c_str(), nullptr, 10);
    else if (arg == "--count") options->count = std::strtoull(value().c_str(), nullptr, 10);
    else if (arg == "--ops") options->ops = std::strtoull(value().c_str(), nullptr, 10);
    else if (arg == "--faults") {
      // --faults alone: crashes; --faults LIST: crash,io (comma-separated).
      if (arg_idx + 1 < argc && std::string(argv[arg_idx + 1]).rfind("--", 0) != 0) {
        std::string list = value() + ",";
        for (size_t begin = 0, end; (end = list.find(',', begin)) != std::string::npos;
             begin = end + 1) {
          std::string kind = list.substr(begin, end - begin);
          if (kind == "crash") options->faults.crash = true;
          else if (kind == "io") options->faults.io = true;
          else if (kind == "flip") options->faults.flip = true;
          else if (!kind.empty()) return false;
        }
      } else {
        options->faults.crash = true;
      }
    }
    else if (arg == "--check-determinism") options->check_determinism = true;
    else if (arg == "--ignore-messages") options->compare_messages = false;
    else if (arg == "--keep-going") options->keep_going = true;
    else if (arg == "--no-shrink") options->shrink = false;
    else if (arg == "--plant") options->plant = std::atoi(value().c_str());
    else if (arg == "--replay") options->replay = value();
    else if (arg == "--out") options->out = value();
    else return false;
  }
  return true;
}

std::vector<std::string> ReadScript(const std::string& path) {
  std::vector<std::string> statements;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.rfind("--", 0) == 0) continue;
    if (!line.empty() && line.back() == ';') line.pop_back();
    statements.push_back(line);
  }
  return statements;
}

int Report(const Options& options, const simlite::sim::SwarmConfig& config,
           const simlite::sim::RunResult& result) {
  std::printf("FAILED seed %llu\nconfig: %s\n%s\n", static_cast<unsigned long long>(config.seed),
              config.Describe().c_str(), result.failure.c_str());
  std::vector<std::string> shrunk = result.statements;
  if (options.replay.empty() && options.shrink) {
    shrunk = simlite::sim::Shrink(config, result.statements, options.compare_messages, 2000);
  }
  std::ofstream out(options.out);
  out << "-- simlite-sim seed " << config.seed << ": " << config.Describe() << "\n";
  for (const std::string& sql : shrunk) out << sql << ";\n";
  std::printf("reproduction (%zu of %zu statements) written to %s:\n", shrunk.size(),
              result.statements.size(), options.out.c_str());
  for (const std::string& sql : shrunk) std::printf("  %s;\n", sql.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseArgs(argc, argv, &options)) {
    std::fprintf(stderr,
                 "usage: simlite-sim --seed S [--count N] [--ops M] [--faults [crash,io]] [--replay FILE]"
                 " [--check-determinism] [--ignore-messages] [--keep-going] [--no-shrink] [--plant N]"
                 " [--out FILE]\n");
    return 2;
  }
  if (options.plant != 0) {
#ifdef SIMLITE_PLANTED_BUGS
    simlite::planted::active = options.plant;
#else
    std::fprintf(stderr, "simlite-sim: --plant needs a build with -DSIMLITE_PLANTED_BUGS=ON\n");
    return 2;
#endif
  }
  std::vector<std::string> script;
  simlite::sim::RunOptions run_options;
  run_options.operations = options.ops;
  run_options.compare_messages = options.compare_messages;
  if (!options.replay.empty()) {
    script = ReadScript(options.replay);
    run_options.script = &script;
  }
  uint64_t crashes = 0;
  uint64_t faults = 0;
  uint64_t failures = 0;
  uint64_t statements = 0;
  uint64_t metamorphic_checks = 0;
  uint64_t injected[static_cast<size_t>(simlite::sim::FaultKind::kCount)] = {};
  constexpr uint64_t kProgressEvery = 1000;  // seeds between progress lines on long runs
  for (uint64_t seed = options.seed; seed < options.seed + options.count; seed++) {
    const uint64_t done = seed - options.seed;
    if (options.count >= 2 * kProgressEvery && done > 0 && done % kProgressEvery == 0) {
      std::printf("simlite-sim: %llu of %llu seeds run, %llu failed\n",
                  static_cast<unsigned long long>(done),
                  static_cast<unsigned long long>(options.count),
                  static_cast<unsigned long long>(failures));
      std::fflush(stdout);
    }
    simlite::sim::SwarmConfig config = simlite::sim::DrawConfig(seed, options.faults);
    simlite::sim::RunResult result = simlite::sim::RunSimulation(config, run_options);
    if (result.failed && options.keep_going) {
      std::printf("FAILED seed %llu (%s)\n%s\n", static_cast<unsigned long long>(seed),
                  config.Describe().c_str(), result.failure.c_str());
      failures++;
      continue;
    }
    if (result.failed) return Report(options, config, result);
    if (options.check_determinism) {
      simlite::sim::RunResult again = simlite::sim::RunSimulation(config, run_options);
      if (again.hash != result.hash || again.failed) {
        std::printf("FAILED seed %llu: not deterministic (hash %016llx then %016llx)\n",
                    static_cast<unsigned long long>(seed),
                    static_cast<unsigned long long>(result.hash),
                    static_cast<unsigned long long>(again.hash));
        return 1;
      }
    }
    crashes += result.crashes;
    faults += result.faults;
    statements += result.statements.size();
    metamorphic_checks += result.metamorphic_checks;
    for (size_t kind = 0; kind < std::size(injected); kind++) {
      injected[kind] += result.injected[kind];
    }
  }
  std::string injected_text;
  for (size_t kind = 0; kind < std::size(injected); kind++) {
    injected_text += std::string(injected_text.empty() ? "" : " ") +
                     simlite::sim::kFaultKindNames[kind] + "=" + std::to_string(injected[kind]);
  }
  if (failures > 0) {
    std::printf("simlite-sim: %llu of %llu seeds from %llu failed (faults injected: %s)\n",
                static_cast<unsigned long long>(failures),
                static_cast<unsigned long long>(options.count),
                static_cast<unsigned long long>(options.seed), injected_text.c_str());
    return 1;
  }
  std::printf("simlite-sim: %llu seeds from %llu passed (%llu ops each, %llu statements, "
              "%llu SELECTs checked by TLP and NoREC, %llu crashes recovered, %llu statements "
              "failed by I/O faults; faults injected: %s)\n",
              static_cast<unsigned long long>(options.count),
              static_cast<unsigned long long>(options.seed),
              static_cast<unsigned long long>(options.ops),
              static_cast<unsigned long long>(statements),
              static_cast<unsigned long long>(metamorphic_checks),
              static_cast<unsigned long long>(crashes), static_cast<unsigned long long>(faults),
              injected_text.c_str());
  return 0;
}
