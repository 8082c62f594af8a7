// The console report plus a side-by-side table: every benchmark named "simlite/<op>" that
// has a twin "sqlite/<op>" gets one row with both times per operation and their ratio.
#pragma once

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

namespace simlite::bench {

class CompareReporter : public benchmark::ConsoleReporter {
 public:
  explicit CompareReporter(OutputOptions options) : ConsoleReporter(options) {}
  void ReportRuns(const std::vector<Run>& reports) override;
  // Prints the comparison table after the last benchmark.
  void Finalize() override;

 private:
  // Nanoseconds per item (items_per_second when the benchmark counts items, else per
  // iteration), by full benchmark name. With repetitions, the median wins.
  std::map<std::string, double> ns_per_op_;
  std::vector<std::string> order_;  // names in the order they ran
};

}  // namespace simlite::bench
