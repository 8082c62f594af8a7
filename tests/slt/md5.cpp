#include "tests/slt/md5.h"

#include <cstring>

namespace simlite::slt {

namespace {

// Per-round shift amounts and the sine-derived constants of RFC 1321, section 3.4.
constexpr uint32_t kShift[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};

struct SineTable {
  uint32_t k[64];
  constexpr SineTable() : k() {
    // floor(abs(sin(i + 1)) * 2^32), precomputed: constexpr sin is not available in C++20.
    const uint32_t values[64] = {
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
        0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
        0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
        0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
        0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
        0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
        0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
        0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
        0xeb86d391};
    for (int i = 0; i < 64; i++) k[i] = values[i];
  }
};
constexpr SineTable kSine;

uint32_t RotateLeft(uint32_t x, uint32_t n) { return (x << n) | (x >> (32 - n)); }

}  // namespace

Md5::Md5() : state_{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476} {}

void Md5::Transform(const uint8_t block[64]) {
  uint32_t words[16];
  for (int word_idx = 0; word_idx < 16; word_idx++) {
    const uint8_t* p = block + word_idx * 4;
    words[word_idx] = uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) |
                      (uint32_t{p[3]} << 24);
  }
  uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
  for (uint32_t step = 0; step < 64; step++) {
    uint32_t f, g;
    if (step < 16) {
      f = (b & c) | (~b & d);
      g = step;
    } else if (step < 32) {
      f = (d & b) | (~d & c);
      g = (5 * step + 1) % 16;
    } else if (step < 48) {
      f = b ^ c ^ d;
      g = (3 * step + 5) % 16;
    } else {
      f = c ^ (b | ~d);
      g = (7 * step) % 16;
    }
    uint32_t next = d;
    d = c;
    c = b;
    b = b + RotateLeft(a + f + kSine.k[step] + words[g], kShift[step]);
    a = next;
  }
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
}

void Md5::Update(std::string_view bytes) {
  length_bytes_ += bytes.size();
  for (char ch : bytes) {
    buffer_[buffered_++] = static_cast<uint8_t>(ch);
    if (buffered_ == 64) {
      Transform(buffer_);
      buffered_ = 0;
    }
  }
}

std::string Md5::HexDigest() {
  uint64_t length_bits = length_bytes_ * 8;
  Update(std::string_view("\x80", 1));
  while (buffered_ != 56) Update(std::string_view("\0", 1));
  uint8_t length_le[8];
  for (int byte_idx = 0; byte_idx < 8; byte_idx++) {
    length_le[byte_idx] = static_cast<uint8_t>(length_bits >> (8 * byte_idx));
  }
  Update(std::string_view(reinterpret_cast<char*>(length_le), 8));
  static const char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (uint32_t word : state_) {
    for (int byte_idx = 0; byte_idx < 4; byte_idx++) {
      uint8_t byte = static_cast<uint8_t>(word >> (8 * byte_idx));
      hex += kDigits[byte >> 4];
      hex += kDigits[byte & 15];
    }
  }
  return hex;
}

}  // namespace simlite::slt
