// UTF-8 <-> UTF-16 for the C API's *16 functions. simlite stores text as UTF-8 (vdbe/mem.h);
// UTF-16 text is converted at the API boundary, as SQLite converts between a database's
// encoding and the one an accessor asks for. Malformed UTF-8 decodes as SQLite decodes it
// (U+FFFD for what it rejects); a lone surrogate in UTF-16 becomes U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace simlite::api {

// SQLITE_UTF16LE or SQLITE_UTF16BE: the machine's own byte order (SQLITE_UTF16).
int NativeUtf16();

// Replaces *out with utf8 as UTF-16 code units whose bytes in memory are in byte order
// `encoding` (SQLITE_UTF16LE / SQLITE_UTF16BE).
void Utf8ToUtf16(std::string_view utf8, int encoding, std::u16string* out);

// Replaces *out with the UTF-8 form of n_bytes bytes of UTF-16 in byte order `encoding`
// (an odd last byte is ignored).
void Utf16ToUtf8(const void* utf16, size_t n_bytes, int encoding, std::string* out);

// The length in bytes of NUL-terminated UTF-16 text (up to the first 0x0000 unit).
size_t Utf16Bytes(const void* utf16);

// The length in bytes of text16 up to n_bytes, as SQLite reads a UTF-16 argument whose
// length is given: n_bytes < 0 means up to the terminator, and a terminator before n_bytes
// ends the text there.
size_t Utf16Span(const void* utf16, int64_t n_bytes);

}  // namespace simlite::api
