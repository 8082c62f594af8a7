// Varint decoding and encoding (common/varint.h), 1024 varints per iteration.
#include <benchmark/benchmark.h>

#include <vector>

#include "bench/micro/bench_data.h"
#include "bench/micro/benches.h"
#include "common/varint.h"

namespace simlite::bench {
namespace {

constexpr uint32_t kVarints = 1024;

// A value whose varint takes exactly `length` bytes (1..9); length 0: a record header's mix
// (mostly 1-byte serial types, some 2-byte text lengths, a few large rowids).
uint64_t ValueOfLength(uint32_t length, uint64_t seed) {
  const uint64_t r = Mix(seed);
  if (length == 0) {
    const uint32_t pick = static_cast<uint32_t>(r % 16);
    length = pick < 12 ? 1 : pick < 15 ? 2 : 4;
  }
  if (length == 9) return r | (uint64_t{1} << 63);
  const uint64_t low = length == 1 ? 0 : uint64_t{1} << (7 * (length - 1));
  const uint64_t high = uint64_t{1} << (7 * length);
  return low + r % (high - low);
}

std::vector<uint64_t> Values(uint32_t length) {
  std::vector<uint64_t> values(kVarints);
  for (uint32_t value_idx = 0; value_idx < kVarints; value_idx++) {
    values[value_idx] = ValueOfLength(length, value_idx);
  }
  return values;
}

std::vector<uint8_t> Encoded(const std::vector<uint64_t>& values) {
  std::vector<uint8_t> bytes(values.size() * kVarintMaxBytes);
  size_t used = 0;
  for (uint64_t v : values) used += static_cast<size_t>(PutVarint(bytes.data() + used, v));
  bytes.resize(used);
  return bytes;
}

}  // namespace

namespace {

// Decodes the 1024 varints of state.range(0)'s length with `get` per iteration.
template <typename T>
void DecodeLoop(benchmark::State& state, int (*get)(const uint8_t*, size_t, T*)) {
  const std::vector<uint8_t> bytes = Encoded(Values(static_cast<uint32_t>(state.range(0))));
  for (auto _ : state) {
    const uint8_t* p = bytes.data();
    size_t available = bytes.size();
    T sum = 0;
    for (uint32_t value_idx = 0; value_idx < kVarints; value_idx++) {
      T v = 0;
      const int n = get(p, available, &v);
      p += n;
      available -= static_cast<size_t>(n);
      sum += v;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * kVarints);
}

}  // namespace

void VarintDecode(benchmark::State& state) { DecodeLoop<uint64_t>(state, GetVarint); }

// GetVarint32's 1-byte fast path; values past 32 bits come back clamped.
void VarintDecode32(benchmark::State& state) { DecodeLoop<uint32_t>(state, GetVarint32); }

void VarintEncode(benchmark::State& state) {
  const std::vector<uint64_t> values = Values(static_cast<uint32_t>(state.range(0)));
  std::vector<uint8_t> bytes(kVarints * kVarintMaxBytes);
  for (auto _ : state) {
    uint8_t* p = bytes.data();
    for (uint64_t v : values) p += PutVarint(p, v);
    benchmark::DoNotOptimize(p);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * kVarints);
}

}  // namespace simlite::bench
