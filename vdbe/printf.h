// SQLite's printf (printf.html), shared by the SQL functions format()/printf() (arguments are
// SQL values) and the C API's sqlite3_mprintf family (arguments are C varargs): one formatter,
// two argument sources.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace simlite::vdbe {

// One conversion: %[flags][width][.precision][l|ll]type.
struct PrintfConversion {
  bool left_justify = false;
  char sign = 0;  // '+', ' ' or 0
  bool alt_form = false;
  bool alt_form2 = false;
  bool zero_pad = false;
  bool thousands = false;
  int width = 0;
  int precision = -1;
  int long_count = 0;  // 1 for 'l', 2 for 'll'
  char type = 0;
};

// Where a format's arguments come from, consumed left to right. `conversion` is the one being
// formatted (its type and length modifier say what a C argument is); for '*' widths and
// precisions NextInt receives a conversion of type '*'.
class PrintfArguments {
 public:
  virtual ~PrintfArguments() = default;
  // d i r (signed), u x X o p c (unsigned) and '*': the value as 64 bits.
  virtual int64_t NextInt(const PrintfConversion& conversion) = 0;
  virtual double NextReal() = 0;
  // s z q Q w: the text, up to its first NUL; *is_null for a NULL (or missing) argument. The
  // bytes stay valid until the next call.
  virtual std::string_view NextText(const PrintfConversion& conversion, bool* is_null) = 0;
  // c: the character to repeat, as UTF-8 written into buffer (4 bytes); its length (1 to 4).
  virtual size_t NextCharacter(char* buffer) = 0;
  // n: receives the number of bytes written so far.
  virtual void StoreCount(int64_t count) = 0;
};

// Appends the formatted text to *out (buffer is scratch space). Returns false when the output
// would exceed kMaxLength (SQLITE_TOOBIG); *emitted tells whether anything at all was emitted,
// literal text or conversion (format() returns NULL when nothing was).
bool FormatPrintf(std::string_view format, PrintfArguments* args, std::string* out,
                  std::string* buffer, bool* emitted);

}  // namespace simlite::vdbe
