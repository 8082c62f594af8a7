// MD5 (RFC 1321), for the sqllogictest format's "N values hashing to <md5>" results.
// Test-only code: nothing in the engine uses it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace simlite::slt {

class Md5 {
 public:
  Md5();
  void Update(std::string_view bytes);
  // The digest as 32 lowercase hex digits; the object is spent afterwards.
  std::string HexDigest();

 private:
  void Transform(const uint8_t block[64]);

  uint32_t state_[4];
  uint64_t length_bytes_ = 0;
  uint8_t buffer_[64];
  size_t buffered_ = 0;
};

}  // namespace simlite::slt
