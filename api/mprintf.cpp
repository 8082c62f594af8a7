// The C API's printf family (sqlite3_mprintf, sqlite3_snprintf, sqlite3_str_*): SQLite's printf
// (vdbe/printf.h, shared with the SQL function format()) over C varargs.
//
// The arguments' C types follow the conversions as in SQLite: d i r take an int (long with
// 'l', long long with 'll'), u x X o c take the unsigned types, p a pointer, f e E g G a
// double, s z q Q w a char* (NULL allowed; %z's is freed with sqlite3_free after use), and
// n an int* that receives the length so far.
#include <algorithm>
#include <cstdarg>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "api/memory.h"
#include "api/sqlite3.h"
#include "vdbe/builtin.h"
#include "vdbe/mem.h"
#include "vdbe/printf.h"

using simlite::vdbe::PrintfConversion;

namespace simlite::api {
namespace {

class VarArguments final : public vdbe::PrintfArguments {
 public:
  explicit VarArguments(va_list ap) { va_copy(ap_, ap); }
  ~VarArguments() override {
    va_end(ap_);
    for (char* text : to_free_) Free(text);
  }

  int64_t NextInt(const PrintfConversion& conversion) override {
    switch (conversion.type) {
      case 'd': case 'i': case 'r':
        if (conversion.long_count == 2) return va_arg(ap_, long long);
        if (conversion.long_count == 1) return va_arg(ap_, long);
        return va_arg(ap_, int);
      case 'p':
        return static_cast<int64_t>(reinterpret_cast<uintptr_t>(va_arg(ap_, void*)));
      case '*':
        return va_arg(ap_, int);
      default:
        if (conversion.long_count == 2) {
          return static_cast<int64_t>(va_arg(ap_, unsigned long long));
        }
        if (conversion.long_count == 1) return static_cast<int64_t>(va_arg(ap_, unsigned long));
        return va_arg(ap_, unsigned int);
    }
  }

  double NextReal() override { return va_arg(ap_, double); }

  std::string_view NextText(const PrintfConversion& conversion, bool* is_null) override {
    char* text = va_arg(ap_, char*);
    *is_null = text == nullptr;
    if (text == nullptr) return std::string_view();
    if (conversion.type == 'z') to_free_.push_back(text);
    return std::string_view(text);
  }

  size_t NextCharacter(char* buffer) override {
    unsigned int c = va_arg(ap_, unsigned int);
    std::string utf8;
    vdbe::builtin::AppendUtf8(c, &utf8);
    std::memcpy(buffer, utf8.data(), utf8.size());
    return utf8.size();
  }

  void StoreCount(int64_t count) override {
    int* out = va_arg(ap_, int*);
    if (out != nullptr) *out = static_cast<int>(count);
  }

 private:
  va_list ap_;
  std::vector<char*> to_free_;
};

// Appends the formatted text to *out; false when it grew past SQLite's length limit.
bool AppendFormatted(std::string* out, const char* format, va_list ap) {
  if (format == nullptr) return true;
  VarArguments arguments(ap);
  std::string buffer;
  bool emitted = false;
  return vdbe::FormatPrintf(format, &arguments, out, &buffer, &emitted);
}

}  // namespace
}  // namespace simlite::api

// sqlite3_str (str.html): a string under construction, with a sticky error code.
struct sqlite3_str {
  std::string text;
  int error = SQLITE_OK;
};

namespace {

// What sqlite3_str_new returns when it cannot allocate: an object in the NOMEM state that
// ignores appends (SQLite does the same).
sqlite3_str out_of_memory_str{std::string(), SQLITE_NOMEM};

bool Writable(sqlite3_str* str) {
  return str != nullptr && str != &out_of_memory_str && str->error == SQLITE_OK;
}

// Checks the length limit after an append.
void CheckLength(sqlite3_str* str) {
  if (static_cast<int64_t>(str->text.size()) > simlite::vdbe::kMaxLength) {
    str->text.clear();
    str->error = SQLITE_TOOBIG;
  }
}

}  // namespace

extern "C" {

char* sqlite3_vmprintf(const char* format, va_list ap) {
  if (format == nullptr) return nullptr;
  std::string out;
  if (!simlite::api::AppendFormatted(&out, format, ap)) return nullptr;
  return simlite::api::CopyString(out);
}

char* sqlite3_mprintf(const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  char* result = sqlite3_vmprintf(format, ap);
  va_end(ap);
  return result;
}

char* sqlite3_vsnprintf(int n, char* buffer, const char* format, va_list ap) {
  if (n <= 0 || buffer == nullptr) return buffer;
  std::string out;
  if (format != nullptr && !simlite::api::AppendFormatted(&out, format, ap)) out.clear();
  size_t length = std::min(out.size(), static_cast<size_t>(n - 1));
  std::memcpy(buffer, out.data(), length);
  buffer[length] = '\0';
  return buffer;
}

char* sqlite3_snprintf(int n, char* buffer, const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  char* result = sqlite3_vsnprintf(n, buffer, format, ap);
  va_end(ap);
  return result;
}

sqlite3_str* sqlite3_str_new(sqlite3*) {
  sqlite3_str* str = new (std::nothrow) sqlite3_str;
  return str == nullptr ? &out_of_memory_str : str;
}

char* sqlite3_str_finish(sqlite3_str* str) {
  if (str == nullptr || str == &out_of_memory_str) return nullptr;
  char* result = nullptr;
  if (str->error == SQLITE_OK && !str->text.empty()) result = simlite::api::CopyString(str->text);
  delete str;
  return result;
}

void sqlite3_str_vappendf(sqlite3_str* str, const char* format, va_list ap) {
  if (!Writable(str)) return;
  if (!simlite::api::AppendFormatted(&str->text, format, ap)) {
    str->text.clear();
    str->error = SQLITE_TOOBIG;
  }
}

void sqlite3_str_appendf(sqlite3_str* str, const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  sqlite3_str_vappendf(str, format, ap);
  va_end(ap);
}

void sqlite3_str_append(sqlite3_str* str, const char* text, int n) {
  if (!Writable(str) || text == nullptr || n <= 0) return;
  str->text.append(text, static_cast<size_t>(n));
  CheckLength(str);
}

void sqlite3_str_appendall(sqlite3_str* str, const char* text) {
  if (text != nullptr) sqlite3_str_append(str, text, static_cast<int>(std::strlen(text)));
}

void sqlite3_str_appendchar(sqlite3_str* str, int n, char c) {
  if (!Writable(str) || n <= 0) return;
  str->text.append(static_cast<size_t>(n), c);
  CheckLength(str);
}

void sqlite3_str_reset(sqlite3_str* str) {
  if (str != nullptr && str != &out_of_memory_str) str->text.clear();
}

int sqlite3_str_errcode(sqlite3_str* str) { return str == nullptr ? SQLITE_NOMEM : str->error; }

int sqlite3_str_length(sqlite3_str* str) {
  return str == nullptr ? 0 : static_cast<int>(str->text.size());
}

char* sqlite3_str_value(sqlite3_str* str) {
  if (str == nullptr || str->error != SQLITE_OK || str->text.empty()) return nullptr;
  return str->text.data();
}

}  // extern "C"
