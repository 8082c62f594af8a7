// CompareReporter: see compare_reporter.h.
#include "bench/micro/compare_reporter.h"

#include <cmath>
#include <cstdio>

namespace simlite::bench {
namespace {

constexpr char kOursPrefix[] = "simlite/";
constexpr char kTheirsPrefix[] = "sqlite/";

double NsPerOp(const benchmark::BenchmarkReporter::Run& run) {
  auto items = run.counters.find("items_per_second");
  if (items != run.counters.end() && items->second.value > 0) return 1e9 / items->second.value;
  const double per_iteration = run.GetAdjustedCPUTime();  // in run.time_unit
  return per_iteration * 1e9 / benchmark::GetTimeUnitMultiplier(run.time_unit);
}

}  // namespace

void CompareReporter::ReportRuns(const std::vector<Run>& reports) {
  ConsoleReporter::ReportRuns(reports);
  for (const Run& run : reports) {
    if (run.error_occurred) continue;
    const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
    if (run.run_type == Run::RT_Aggregate && !median) continue;
    // The run's own name, without an aggregate suffix.
    const std::string name = run.run_name.str();
    if (ns_per_op_.count(name) == 0) order_.push_back(name);
    ns_per_op_[name] = NsPerOp(run);
  }
}

void CompareReporter::Finalize() {
  std::string_view ours_prefix(kOursPrefix);
  std::printf(
      "\nsimlite vs SQLite, ns per operation (hot cache, one read transaction):\n"
      "  simlite/* calls the b-tree layer directly; sqlite/* runs a prepared SQL statement\n"
      "  doing the same storage work (plus VDBE dispatch, bind, reset). Not the same work:\n"
      "  SQLite's side does more. The fair comparison is simlite-speed, SQL against SQL.\n\n");
  std::printf("  %-30s %14s %14s %9s\n", "operation", "simlite ns/op", "sqlite ns/op",
              "ratio");
  double log_sum = 0;
  int pairs = 0;
  for (const std::string& name : order_) {
    if (name.compare(0, ours_prefix.size(), ours_prefix) != 0) continue;
    const std::string op = name.substr(ours_prefix.size());
    auto theirs = ns_per_op_.find(kTheirsPrefix + op);
    if (theirs == ns_per_op_.end()) continue;
    const double ours_ns = ns_per_op_[name];
    const double ratio = ours_ns / theirs->second;
    std::printf("  %-30s %14.1f %14.1f %9.3f\n", op.c_str(), ours_ns, theirs->second, ratio);
    log_sum += std::log(ratio);
    pairs++;
  }
  if (pairs > 0) {
    std::printf("  %-30s %14s %14s %9.3f\n", "geometric mean", "", "",
                std::exp(log_sum / pairs));
  } else {
    std::printf("  (no simlite/sqlite pair ran)\n");
  }
  std::fflush(stdout);
  ConsoleReporter::Finalize();
}

}  // namespace simlite::bench
