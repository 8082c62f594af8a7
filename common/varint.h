// SQLite's variable-length integers (fileformat2.html, "Varint"): 1..9 bytes, big-endian,
// seven bits per byte with the high bit as "more follows", except that a ninth byte
// contributes all eight bits. And the fixed-width big-endian helpers the file format uses.
#pragma once

#include <cstddef>
#include <cstdint>

namespace simlite {

constexpr int kVarintMaxBytes = 9;

// Decodes a varint from p[0..available). Returns the number of bytes consumed (1..9), or 0
// when the buffer ends before the varint does (the caller treats that as corruption).
inline int GetVarint(const uint8_t* p, size_t available, uint64_t* value) {
  uint64_t v = 0;
  for (int byte_idx = 0; byte_idx < 8; byte_idx++) {
    if (static_cast<size_t>(byte_idx) >= available) return 0;
    v = (v << 7) | (p[byte_idx] & 0x7f);
    if ((p[byte_idx] & 0x80) == 0) {
      *value = v;
      return byte_idx + 1;
    }
  }
  if (available < 9) return 0;
  *value = (v << 8) | p[8];
  return 9;
}

// Decodes a varint that is known to fit in 32 bits in its usual 1- or 2-byte forms; larger
// values are clamped to UINT32_MAX (callers compare against page-sized limits).
inline int GetVarint32(const uint8_t* p, size_t available, uint32_t* value) {
  if (available >= 1 && p[0] < 0x80) {
    *value = p[0];
    return 1;
  }
  uint64_t v = 0;
  int n = GetVarint(p, available, &v);
  *value = v > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(v);
  return n;
}

// The number of bytes PutVarint writes for v.
inline int VarintLength(uint64_t v) {
  if (v > 0x00ffffffffffffffULL) return 9;
  int n = 1;
  while (v >>= 7) n++;
  return n;
}

// Encodes v at p (which has room for 9 bytes); returns the bytes written.
inline int PutVarint(uint8_t* p, uint64_t v) {
  if (v > 0x00ffffffffffffffULL) {
    p[8] = static_cast<uint8_t>(v);
    v >>= 8;
    for (int byte_idx = 7; byte_idx >= 0; byte_idx--) {
      p[byte_idx] = static_cast<uint8_t>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    return 9;
  }
  int n = VarintLength(v);
  for (int byte_idx = n - 1; byte_idx >= 0; byte_idx--) {
    p[byte_idx] = static_cast<uint8_t>((v & 0x7f) | (byte_idx == n - 1 ? 0 : 0x80));
    v >>= 7;
  }
  return n;
}

inline uint16_t Get2(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
inline uint32_t Get4(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
inline void Put2(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
inline void Put4(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

}  // namespace simlite
