// WorkloadData: the inputs of one simlite-speed workload, made once per run from a fixed seed
// (before any pass starts, so no pass times it), identical for both engines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace simlite::bench {

// A small deterministic generator (xorshift64*); the benchmark's only randomness.
class BenchRandom {
 public:
  explicit BenchRandom(uint64_t seed) : state_(seed ? seed : 1) {}
  uint64_t Next();
  // A value in [0, bound), bound > 0.
  uint64_t Below(uint64_t bound) { return Next() % bound; }

 private:
  uint64_t state_;
};

// Spells `value` in English words: 1234 -> "one thousand two hundred thirty four".
std::string NumberName(uint64_t value);

struct WorkloadData {
  // `size` scales everything: size 100 makes tables of 50,000 rows.
  explicit WorkloadData(int size);

  int size;
  int64_t row_count;                  // rows of the bulk-loaded tables
  int64_t scan_count;                 // full scans per unindexed SELECT test
  int64_t lookup_count;               // statements per indexed SELECT / UPDATE / DELETE test
  int64_t join_count;                 // statements per join and subquery test
  int64_t point_count;                // statements per point-lookup test
  std::vector<int64_t> key;           // key[i]: distinct values in [0, 3 * row_count), shuffled
  std::vector<std::string> key_name;  // key_name[i] = NumberName(key[i])
  std::vector<int64_t> order;         // a permutation of 1..row_count
  std::vector<int64_t> probe;         // random values in [0, 3 * row_count) for range probes
  std::vector<std::string> probe_name;
};

}  // namespace simlite::bench
