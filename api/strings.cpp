// String utilities of the C API: case-insensitive comparison, GLOB and LIKE matching (the SQL
// operators' own implementation), statement completeness and the keyword list (the parser's).
#include <cstring>
#include <string>

#include "api/builtin_call.h"
#include "api/sqlite3.h"
#include "api/utf16.h"
#include "parser/keyword.h"
#include "parser/parser.h"
#include "vdbe/builtin.h"

namespace {

// SQLite folds only ASCII letters.
int Fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

// 0 when `text` matches `pattern` under the SQL function `function` (glob or like).
int Match(const char* function, const char* pattern, const char* text, unsigned escape) {
  using simlite::vdbe::Mem;
  Mem args[3] = {Mem::Text(pattern), Mem::Text(text), Mem()};
  size_t count = 2;
  if (escape != 0) {
    std::string escape_text;
    simlite::vdbe::builtin::AppendUtf8(escape, &escape_text);
    args[2] = Mem::Text(escape_text);
    count = 3;
  }
  Mem result = simlite::api::CallBuiltin(function, {args, count});
  bool matched = result.type() == simlite::vdbe::ValueType::kInteger && result.i() != 0;
  return matched ? 0 : 1;
}

}  // namespace

extern "C" {

int sqlite3_stricmp(const char* left, const char* right) {
  if (left == nullptr) return right == nullptr ? 0 : -1;
  if (right == nullptr) return 1;
  const auto* a = reinterpret_cast<const unsigned char*>(left);
  const auto* b = reinterpret_cast<const unsigned char*>(right);
  while (*a != 0 && Fold(*a) == Fold(*b)) {
    a++;
    b++;
  }
  return Fold(*a) - Fold(*b);
}

int sqlite3_strnicmp(const char* left, const char* right, int n) {
  if (left == nullptr) return right == nullptr ? 0 : -1;
  if (right == nullptr) return 1;
  const auto* a = reinterpret_cast<const unsigned char*>(left);
  const auto* b = reinterpret_cast<const unsigned char*>(right);
  for (; n > 0; n--, a++, b++) {
    if (*a == 0 || Fold(*a) != Fold(*b)) return Fold(*a) - Fold(*b);
  }
  return 0;
}

int sqlite3_strglob(const char* pattern, const char* text) {
  if (text == nullptr) return pattern != nullptr ? 1 : 0;
  if (pattern == nullptr) return 1;
  return Match("glob", pattern, text, 0);
}

int sqlite3_strlike(const char* pattern, const char* text, unsigned int escape) {
  if (text == nullptr) return pattern != nullptr ? 1 : 0;
  if (pattern == nullptr) return 1;
  return Match("like", pattern, text, escape);
}

int sqlite3_complete(const char* sql) {
  return sql != nullptr && simlite::parser::IsComplete(sql) ? 1 : 0;
}

int sqlite3_complete16(const void* sql) {
  if (sql == nullptr) return 0;
  std::string utf8;
  simlite::api::Utf16ToUtf8(sql, simlite::api::Utf16Bytes(sql), simlite::api::NativeUtf16(),
                            &utf8);
  return sqlite3_complete(utf8.c_str());
}

int sqlite3_keyword_count(void) { return simlite::parser::KeywordCount(); }

int sqlite3_keyword_name(int index, const char** name, int* length) {
  if (index < 0 || index >= simlite::parser::KeywordCount()) return SQLITE_ERROR;
  std::string_view keyword = simlite::parser::KeywordName(index);
  *name = keyword.data();
  *length = static_cast<int>(keyword.size());
  return SQLITE_OK;
}

int sqlite3_keyword_check(const char* name, int length) {
  if (name == nullptr || length <= 0) return 0;
  std::string_view text(name, static_cast<size_t>(length));
  return simlite::parser::LookupKeyword(text) != simlite::parser::Tok::kId ? 1 : 0;
}

}  // extern "C"
