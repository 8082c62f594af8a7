// Comparing and printing the passes of one mode: every variant's results against the
// reference's, and the median times side by side with their ratio.
#pragma once

#include <cstdio>
#include <vector>

#include "bench/speed/pass.h"

namespace simlite::bench {

struct ModeRun {
  Mode mode = Mode::kMemory;
  std::vector<Variant> variants;                // variants[0] is the reference (SQLite)
  std::vector<std::vector<PassResult>> passes;  // passes[variant_idx][rep]
};

// Checks that every pass finished and that every test's digest, in every pass of every
// variant, equals the reference's first pass. Prints each failure or mismatch to `out`;
// returns how many there were.
int CheckResults(const ModeRun& run, const std::vector<SpeedTest>& tests, FILE* out);

// Prints the table of median times of variants[numerator] and variants[denominator] with
// their ratio, per test (only the write-heavy ones if so asked), then the geometric mean of
// the ratios and each variant's io backend and peak RSS. Returns the geometric mean.
double PrintComparison(const ModeRun& run, const std::vector<SpeedTest>& tests, size_t numerator,
                       size_t denominator, bool write_heavy_only, FILE* out);

}  // namespace simlite::bench
