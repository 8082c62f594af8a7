// Small helpers for SQL text that the value and function code share.
#pragma once

#include <string_view>

namespace simlite::vdbe {

// The text up to its first NUL byte: SQLite reads many values as C strings, so whatever follows
// an embedded NUL is invisible to it there.
inline std::string_view UpToNul(std::string_view text) {
  size_t nul = text.find('\0');
  return nul == std::string_view::npos ? text : text.substr(0, nul);
}

inline char LowerAscii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

// Equality ignoring the case of ASCII letters (sqlite3_stricmp on UTF-8 keywords and names).
inline bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t char_idx = 0; char_idx < a.size(); char_idx++) {
    if (LowerAscii(a[char_idx]) != LowerAscii(b[char_idx])) return false;
  }
  return true;
}

inline bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsNoCase(text.substr(0, prefix.size()), prefix);
}

inline bool ContainsNoCase(std::string_view haystack, std::string_view needle) {
  for (size_t start = 0; start + needle.size() <= haystack.size(); start++) {
    if (EqualsNoCase(haystack.substr(start, needle.size()), needle)) return true;
  }
  return false;
}

}  // namespace simlite::vdbe
