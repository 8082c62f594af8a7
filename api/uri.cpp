#include "api/uri.h"

#include <cstring>

#include "api/sqlite3.h"

namespace simlite::api {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %HH escapes; a '%' not followed by two hex digits stays as it is.
std::string Decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size(); pos++) {
    if (text[pos] == '%' && pos + 2 < text.size() && HexValue(text[pos + 1]) >= 0 &&
        HexValue(text[pos + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(text[pos + 1]) * 16 + HexValue(text[pos + 2])));
      pos += 2;
    } else {
      out.push_back(text[pos]);
    }
  }
  return out;
}

// Applies mode=: the access the URI asks for, never more than `flags` allow.
bool ApplyMode(std::string_view mode, ParsedName* parsed) {
  struct Mode {
    std::string_view name;
    int flags;
  };
  static constexpr Mode kModes[] = {
      {"ro", SQLITE_OPEN_READONLY},
      {"rw", SQLITE_OPEN_READWRITE},
      {"rwc", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE},
      {"memory", SQLITE_OPEN_MEMORY},
  };
  constexpr int kAccess = SQLITE_OPEN_READONLY | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  for (const Mode& candidate : kModes) {
    if (candidate.name != mode) continue;
    if (candidate.flags == SQLITE_OPEN_MEMORY) {
      parsed->memory = true;
      return true;
    }
    if (candidate.flags > (parsed->open_flags & kAccess)) {
      parsed->error = "access mode not allowed: " + std::string(mode);
      parsed->error_code = SQLITE_PERM;
      return false;
    }
    parsed->open_flags = (parsed->open_flags & ~kAccess) | candidate.flags;
    return true;
  }
  parsed->error = "no such access mode: " + std::string(mode);
  parsed->error_code = SQLITE_ERROR;
  return false;
}

bool ApplyParameter(const std::string& key, const std::string& value, ParsedName* parsed) {
  if (key == "mode") return ApplyMode(value, parsed);
  if (key == "cache") {
    if (value == "shared" || value == "private") return true;
    parsed->error = "no such cache mode: " + value;
    parsed->error_code = SQLITE_ERROR;
    return false;
  }
  if (key == "vfs" && value != "unix") {
    parsed->error = "no such vfs: " + value;
    parsed->error_code = SQLITE_ERROR;
    return false;
  }
  return true;
}

// Reads the query "k=v&k2=v2#fragment" into parsed->filename (and applies what it says).
bool ParseQuery(std::string_view query, ParsedName* parsed) {
  size_t fragment = query.find('#');
  if (fragment != std::string_view::npos) query = query.substr(0, fragment);
  while (!query.empty()) {
    size_t end = query.find('&');
    std::string_view pair = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
    size_t equals = pair.find('=');
    std::string key = Decode(pair.substr(0, equals));
    std::string value = equals == std::string_view::npos ? "" : Decode(pair.substr(equals + 1));
    if (key.empty()) continue;
    parsed->filename.append(key).push_back('\0');
    parsed->filename.append(value).push_back('\0');
    if (!ApplyParameter(key, value, parsed)) return false;
  }
  return true;
}

void ParseUri(std::string_view uri, ParsedName* parsed) {
  uri.remove_prefix(5);  // "file:"
  if (uri.substr(0, 2) == "//") {
    size_t slash = uri.find('/', 2);
    std::string_view authority = uri.substr(2, slash == std::string_view::npos ? uri.npos
                                                                             : slash - 2);
    if (!authority.empty() && authority != "localhost") {
      parsed->error = "invalid uri authority: " + std::string(authority);
      parsed->error_code = SQLITE_ERROR;
      return;
    }
    uri.remove_prefix(2 + authority.size());
  }
  size_t query = uri.find_first_of("?#");
  parsed->path = Decode(uri.substr(0, query));
  parsed->filename = parsed->path;
  parsed->filename.push_back('\0');
  if (query != std::string_view::npos && uri[query] == '?') {
    if (!ParseQuery(uri.substr(query + 1), parsed)) return;
  }
}

}  // namespace

ParsedName ParseName(std::string_view name, int flags, bool uri) {
  ParsedName parsed;
  parsed.open_flags = flags;
  if (uri && name.substr(0, 5) == "file:") {
    ParseUri(name, &parsed);
  } else {
    parsed.path = std::string(name);
    parsed.filename = parsed.path;
    parsed.filename.push_back('\0');
  }
  if (parsed.path == ":memory:" || (flags & SQLITE_OPEN_MEMORY) != 0) parsed.memory = true;
  // The list of parameters ends with an empty key (two NULs after the last value).
  parsed.filename.append(2, '\0');
  return parsed;
}

const char* UriParameter(const char* filename, std::string_view key) {
  if (filename == nullptr) return nullptr;
  const char* p = filename + std::strlen(filename) + 1;
  while (*p != '\0') {
    const char* value = p + std::strlen(p) + 1;
    if (key == p) return value;
    p = value + std::strlen(value) + 1;
  }
  return nullptr;
}

const char* UriKey(const char* filename, int n) {
  if (filename == nullptr || n < 0) return nullptr;
  const char* p = filename + std::strlen(filename) + 1;
  for (int key_idx = 0; *p != '\0'; key_idx++) {
    if (key_idx == n) return p;
    const char* value = p + std::strlen(p) + 1;
    p = value + std::strlen(value) + 1;
  }
  return nullptr;
}

}  // namespace simlite::api
