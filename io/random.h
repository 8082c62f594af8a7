// Randomness, as the engine may see it: random(), randomblob() and temporary names draw
// from a Random that the io backend seeds (from the OS for real backends, from the run's
// seed in the simulator). xoshiro256** seeded through splitmix64.
#pragma once

#include <cstddef>
#include <cstdint>

namespace simlite::io {

class Random {
 public:
  explicit Random(uint64_t seed) { Seed(seed); }

  void Seed(uint64_t seed) {
    for (uint64_t& word : state_) word = SplitMix(&seed);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // A value in [0, bound); bound > 0.
  uint64_t Uniform(uint64_t bound) { return Next() % bound; }

  // True with probability numerator/denominator.
  bool OneIn(uint64_t denominator) { return Uniform(denominator) == 0; }

  void Fill(uint8_t* buffer, size_t length) {
    for (size_t byte_idx = 0; byte_idx < length; byte_idx++) {
      buffer[byte_idx] = static_cast<uint8_t>(Next() >> 56);
    }
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t SplitMix(uint64_t* state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  uint64_t state_[4];
};

}  // namespace simlite::io
