// CheckResults, PrintComparison.
#include "bench/speed/report.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>

namespace simlite::bench {

namespace {

// The median time of test number `test_idx` over `passes` (every pass ran every test).
double MedianSeconds(const std::vector<PassResult>& passes, size_t test_idx) {
  std::vector<double> seconds;
  for (const PassResult& pass : passes) {
    if (test_idx < pass.tests.size()) seconds.push_back(pass.tests[test_idx].seconds);
  }
  if (seconds.empty()) return NAN;
  std::sort(seconds.begin(), seconds.end());
  const size_t middle = seconds.size() / 2;
  return seconds.size() % 2 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2;
}

bool SameDigest(const ResultDigest& left, const ResultDigest& right) {
  return left.hash == right.hash && left.row_count == right.row_count;
}

// Prints one variant's io backend and the RSS figures of its passes.
void PrintVariantFootnote(const Variant& variant, const std::vector<PassResult>& passes,
                          FILE* out) {
  int64_t start_kb = 0;
  int64_t peak_kb = 0;
  std::string backend;
  for (const PassResult& pass : passes) {
    start_kb = std::max(start_kb, pass.start_rss_kb);
    peak_kb = std::max(peak_kb, pass.peak_rss_kb);
    if (backend.empty()) backend = pass.io_backend;
  }
  std::fprintf(out, "  %-14s peak RSS %7.1f MB (%.1f MB before loading the engine)%s%s\n",
               variant.label.c_str(), peak_kb / 1024.0, start_kb / 1024.0,
               variant.label.rfind("simlite", 0) == 0 ? ", io backend " : "",
               variant.label.rfind("simlite", 0) == 0 ? backend.c_str() : "");
}

}  // namespace

int CheckResults(const ModeRun& run, const std::vector<SpeedTest>& tests, FILE* out) {
  int problems = 0;
  const char* mode_name = ModeName(run.mode);
  for (size_t variant_idx = 0; variant_idx < run.variants.size(); variant_idx++) {
    for (const PassResult& pass : run.passes[variant_idx]) {
      if (pass.ok) continue;
      std::fprintf(out, "FAILED: %s (%s): %s\n", run.variants[variant_idx].label.c_str(), mode_name,
                   pass.failure.c_str());
      problems++;
    }
  }
  if (problems > 0 || run.passes.empty() || run.passes[0].empty()) return problems + 1;
  const PassResult& reference = run.passes[0][0];
  for (size_t variant_idx = 0; variant_idx < run.variants.size(); variant_idx++) {
    for (const PassResult& pass : run.passes[variant_idx]) {
      for (size_t test_idx = 0; test_idx < tests.size(); test_idx++) {
        const ResultDigest& want = reference.tests[test_idx].digest;
        const ResultDigest& got = pass.tests[test_idx].digest;
        if (SameDigest(want, got)) continue;
        std::fprintf(out,
                     "MISMATCH: %s (%s), test %d: %llu rows (hash %016llx), %s: %llu rows"
                     " (hash %016llx)\n",
                     run.variants[variant_idx].label.c_str(), mode_name, tests[test_idx].id,
                     static_cast<unsigned long long>(got.row_count),
                     static_cast<unsigned long long>(got.hash), run.variants[0].label.c_str(),
                     static_cast<unsigned long long>(want.row_count),
                     static_cast<unsigned long long>(want.hash));
        problems++;
      }
      if (!SameDigest(reference.contents, pass.contents)) {
        std::fprintf(out, "MISMATCH: %s (%s): the tables' contents after the last test\n",
                     run.variants[variant_idx].label.c_str(), mode_name);
        problems++;
      }
    }
  }
  return problems;
}

double PrintComparison(const ModeRun& run, const std::vector<SpeedTest>& tests, size_t numerator,
                       size_t denominator, bool write_heavy_only, FILE* out) {
  assert(numerator < run.variants.size() && denominator < run.variants.size());
  const std::string& top = run.variants[numerator].label;
  const std::string& bottom = run.variants[denominator].label;
  std::fprintf(out, "\nmode %s: median of %zu passes each, ms\n", ModeName(run.mode),
               run.passes[numerator].size());
  std::fprintf(out, "%-64s %12s %12s %8s\n", "test", top.c_str(), bottom.c_str(), "ratio");
  double log_sum = 0;
  int ratio_count = 0;
  double top_total = 0;
  double bottom_total = 0;
  for (size_t test_idx = 0; test_idx < tests.size(); test_idx++) {
    if (write_heavy_only && !tests[test_idx].write_heavy) continue;
    const double top_s = MedianSeconds(run.passes[numerator], test_idx);
    const double bottom_s = MedianSeconds(run.passes[denominator], test_idx);
    const double ratio = top_s / bottom_s;
    const std::string name = std::to_string(tests[test_idx].id) + " " + tests[test_idx].title;
    std::fprintf(out, "%-64s %12.3f %12.3f %8.3f\n", name.c_str(), top_s * 1e3, bottom_s * 1e3,
                 ratio);
    top_total += top_s;
    bottom_total += bottom_s;
    if (std::isfinite(ratio) && ratio > 0) {
      log_sum += std::log(ratio);
      ratio_count++;
    }
  }
  const double geomean = ratio_count ? std::exp(log_sum / ratio_count) : NAN;
  std::fprintf(out, "%-64s %12.3f %12.3f %8.3f\n", "total", top_total * 1e3, bottom_total * 1e3,
               top_total / bottom_total);
  std::fprintf(out, "%-64s %12s %12s %8.3f\n", "geometric mean of the ratios", "", "", geomean);
  PrintVariantFootnote(run.variants[numerator], run.passes[numerator], out);
  PrintVariantFootnote(run.variants[denominator], run.passes[denominator], out);
  return geomean;
}

}  // namespace simlite::bench
