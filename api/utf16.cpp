#include "api/utf16.h"

#include <bit>
#include <cstring>

#include "api/sqlite3.h"
#include "vdbe/builtin.h"

namespace simlite::api {
namespace {

char16_t Swap(char16_t unit) { return static_cast<char16_t>((unit >> 8) | (unit << 8)); }

// The unit in native order from one stored in byte order `encoding`.
char16_t Load(const uint8_t* p, int encoding) {
  return encoding == SQLITE_UTF16LE ? static_cast<char16_t>(p[0] | (p[1] << 8))
                                    : static_cast<char16_t>((p[0] << 8) | p[1]);
}

}  // namespace

int NativeUtf16() {
  return std::endian::native == std::endian::little ? SQLITE_UTF16LE : SQLITE_UTF16BE;
}

void Utf8ToUtf16(std::string_view utf8, int encoding, std::u16string* out) {
  out->clear();
  bool swap = encoding != NativeUtf16();
  auto put = [&](uint32_t unit) {
    char16_t u = static_cast<char16_t>(unit);
    out->push_back(swap ? Swap(u) : u);
  };
  size_t pos = 0;
  while (pos < utf8.size()) {
    uint32_t c = vdbe::builtin::ReadUtf8(utf8, &pos);
    if (c <= 0xffff) {
      put(c);
    } else {
      c -= 0x10000;
      put(0xd800 + (c >> 10));
      put(0xdc00 + (c & 0x3ff));
    }
  }
}

void Utf16ToUtf8(const void* utf16, size_t n_bytes, int encoding, std::string* out) {
  out->clear();
  const uint8_t* p = static_cast<const uint8_t*>(utf16);
  size_t units = n_bytes / 2;
  for (size_t unit_idx = 0; unit_idx < units; unit_idx++) {
    uint32_t c = Load(p + 2 * unit_idx, encoding);
    if (c >= 0xd800 && c < 0xdc00 && unit_idx + 1 < units) {
      uint32_t low = Load(p + 2 * (unit_idx + 1), encoding);
      if (low >= 0xdc00 && low < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        unit_idx++;
      } else {
        c = 0xfffd;
      }
    } else if (c >= 0xd800 && c < 0xe000) {
      c = 0xfffd;
    }
    vdbe::builtin::AppendUtf8(c, out);
  }
}

size_t Utf16Bytes(const void* utf16) {
  const uint8_t* p = static_cast<const uint8_t*>(utf16);
  size_t n = 0;
  while (p[n] != 0 || p[n + 1] != 0) n += 2;
  return n;
}

size_t Utf16Span(const void* utf16, int64_t n_bytes) {
  if (n_bytes < 0) return Utf16Bytes(utf16);
  const uint8_t* p = static_cast<const uint8_t*>(utf16);
  size_t n = 0;
  while (n + 1 < static_cast<size_t>(n_bytes) && (p[n] != 0 || p[n + 1] != 0)) n += 2;
  return n;
}

}  // namespace simlite::api
