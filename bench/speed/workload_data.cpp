// WorkloadData: the seeded inputs of the workload, and number names.
#include "bench/speed/workload_data.h"

#include <algorithm>
#include <array>
#include <cassert>

namespace simlite::bench {

uint64_t BenchRandom::Next() {
  state_ ^= state_ >> 12;
  state_ ^= state_ << 25;
  state_ ^= state_ >> 27;
  return state_ * 0x2545f4914f6cdd1dull;
}

namespace {

constexpr std::array<const char*, 20> kOnes = {
    "zero",     "one",     "two",     "three",     "four",     "five",    "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
constexpr std::array<const char*, 10> kTens = {"",      "",      "twenty",  "thirty", "forty",
                                               "fifty", "sixty", "seventy", "eighty", "ninety"};

// Appends the words of 0 < value < 1000 to *out, each preceded by a space.
void AppendBelowThousand(uint64_t value, std::string* out) {
  assert(value > 0 && value < 1000);
  if (value >= 100) {
    *out += ' ';
    *out += kOnes[value / 100];
    *out += " hundred";
    value %= 100;
  }
  if (value >= 20) {
    *out += ' ';
    *out += kTens[value / 10];
    value %= 10;
  }
  if (value > 0) {
    *out += ' ';
    *out += kOnes[value];
  }
}

// Fills `values` with a shuffled permutation of first..first+count-1.
void Shuffle(BenchRandom* random, std::vector<int64_t>* values) {
  for (size_t idx = values->size(); idx > 1; idx--) {
    std::swap((*values)[idx - 1], (*values)[random->Below(idx)]);
  }
}

}  // namespace

std::string NumberName(uint64_t value) {
  if (value == 0) return kOnes[0];
  static constexpr std::array<const char*, 4> kScales = {"", " thousand", " million", " billion"};
  std::array<uint64_t, 4> groups{};
  for (uint64_t& group : groups) {
    group = value % 1000;
    value /= 1000;
  }
  assert(value == 0 && "NumberName handles values below 10^12");
  std::string out;
  for (size_t group_idx = groups.size(); group_idx-- > 0;) {
    if (groups[group_idx] == 0) continue;
    AppendBelowThousand(groups[group_idx], &out);
    out += kScales[group_idx];
  }
  return out.substr(1);  // the leading space
}

WorkloadData::WorkloadData(int size_arg) : size(size_arg) {
  assert(size > 0);
  row_count = int64_t{size} * 500;
  scan_count = std::max<int64_t>(5, size / 4);
  lookup_count = std::max<int64_t>(10, row_count / 10);
  join_count = std::max<int64_t>(10, row_count / 100);
  point_count = std::max<int64_t>(10, row_count / 5);
  BenchRandom random(20260101);
  // Distinct keys: every third value of [0, 3n), shuffled, with a random offset within the
  // step so that they do not all share a residue.
  key.resize(static_cast<size_t>(row_count));
  for (int64_t idx = 0; idx < row_count; idx++) {
    key[static_cast<size_t>(idx)] = idx * 3 + static_cast<int64_t>(random.Below(3));
  }
  Shuffle(&random, &key);
  order.resize(key.size());
  for (int64_t idx = 0; idx < row_count; idx++) order[static_cast<size_t>(idx)] = idx + 1;
  Shuffle(&random, &order);
  key_name.reserve(key.size());
  for (int64_t value : key) key_name.push_back(NumberName(static_cast<uint64_t>(value)));
  const size_t probe_total = static_cast<size_t>(std::max(point_count, lookup_count));
  probe.resize(probe_total);
  probe_name.reserve(probe_total);
  for (int64_t& value : probe) {
    value = static_cast<int64_t>(random.Below(static_cast<uint64_t>(3 * row_count)));
    probe_name.push_back(NumberName(static_cast<uint64_t>(value)));
  }
}

}  // namespace simlite::bench
