// Database names as sqlite3_open_v2 reads them (uri.html): a plain path, ":memory:", or a
// "file:" URI with an authority ("" or "localhost"), a %-encoded path and query parameters
// (mode=ro|rw|rwc|memory, cache, immutable, vfs, ... ). The parsed name keeps SQLite's layout
// for sqlite3_filename: the path, a NUL, then each parameter's key and value, NUL-terminated,
// ending with an empty key, so that sqlite3_uri_parameter can walk it.
#pragma once

#include <string>
#include <string_view>

namespace simlite::api {

struct ParsedName {
  std::string path;       // the file's path ("" for a temporary database)
  bool memory = false;    // ":memory:" or mode=memory
  int open_flags = 0;     // the SQLITE_OPEN_* flags after mode=
  std::string filename;   // sqlite3_filename layout (see above)
  std::string error;      // non-empty when the name is malformed (SQLITE_ERROR / PERM)
  int error_code = 0;
};

// Parses `name` as sqlite3_open_v2 does with `flags`; URIs are recognised when `uri` is true
// (SQLITE_OPEN_URI, or the library default: Debian builds with SQLITE_USE_URI).
ParsedName ParseName(std::string_view name, int flags, bool uri);

// The value of parameter `key` in a filename of the layout above, or null.
const char* UriParameter(const char* filename, std::string_view key);
// The key of the n-th parameter (from 0), or null.
const char* UriKey(const char* filename, int n);

}  // namespace simlite::api
