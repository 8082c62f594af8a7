// Conversions between text and numbers, with SQLite's exact rules (datatype3.html, the CAST
// section of lang_expr.html; where the documents are silent, SQLite 3.40.1's behaviour as the
// tests observe it).
//
// Text is parsed by SQLite's grammar for numbers: optional leading and trailing whitespace
// (space, \t, \n, \v, \f, \r), an optional sign, digits with an optional '.', an optional
// exponent; hexadecimal is not a number here. Integers are rendered as "%lld", reals as
// SQLite's "%!.15g" (15 significant digits, always a '.', e.g. 1.0, 1.0e+20, Inf).
#pragma once

#include <cstdint>
#include <string_view>

namespace simlite::vdbe {

// The result of parsing a text as a real number.
struct RealParse {
  // The value of the longest numeric prefix (0.0 when there is none).
  double value = 0;
  // The text, less surrounding whitespace, is exactly one number.
  bool whole = false;
  // The number (or prefix) has neither a '.' nor an exponent.
  bool integer_form = true;
  // The text has at least one digit in a numeric prefix.
  bool has_digits = false;
};

// Parses `text` as SQLite's sqlite3AtoF does (the significand keeps at most 19 digits, scaled
// with extended precision).
RealParse ParseReal(std::string_view text);

// The result of parsing a text as a 64-bit integer.
enum class IntParse : uint8_t {
  kExact,       // the whole text (less whitespace) is an integer that fits
  kExtraText,   // an integer that fits, followed by other characters (or no digits at all)
  kOverflow,    // too large: the value is clamped to INT64_MIN / INT64_MAX
  kMaxPlusOne,  // exactly 9223372036854775808 without a '-' (value clamped to INT64_MAX)
};

// Parses the integer prefix of `text` (leading whitespace, sign, digits); *value gets the
// prefix's value, clamped on overflow, 0 when there are no digits.
IntParse ParseInt64(std::string_view text, int64_t* value);

// The int64 SQLite converts a real to: truncation toward zero, clamped to the int64 range,
// NaN to 0.
int64_t RealToInt64(double r);

// True when r has the same value as the integer i and |i| < 2^51 (or r is zero): SQLite then
// prefers the integer (CAST AS NUMERIC).
bool RealSameAsInt(double r, int64_t i);

// NUMERIC affinity on a text: when the whole text is a well-formed number, sets *is_int and
// *i (integer) or *r (real) and returns true. A real that is a whole number in int64 range
// becomes an integer when try_for_int (column affinity; comparisons pass false).
bool TextToNumeric(std::string_view text, bool try_for_int, bool* is_int, int64_t* i, double* r);

// CAST(text AS NUMERIC): always a number (the value of the longest prefix).
void TextCastNumeric(std::string_view text, bool* is_int, int64_t* i, double* r);

// A real that is a whole number within the int64 range (open at both ends) as that integer
// (SQLite's integer affinity on reals). Returns false otherwise.
bool RealToExactInt(double r, int64_t* i);

// Buffer sizes for the renderings below (with room to spare).
constexpr int kIntTextCapacity = 24;
constexpr int kRealTextCapacity = 32;

// Writes the decimal rendering of v into buf and returns its length.
int IntToText(int64_t v, char* buf);
// Writes SQLite's rendering of a real ("%!.15g") into buf and returns its length.
int RealToText(double v, char* buf);

// True for SQLite's whitespace: space, \t, \n, \v, \f, \r.
inline bool IsSpace(uint8_t c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
inline bool IsDigit(uint8_t c) {
  return c >= '0' && c <= '9';
}

}  // namespace simlite::vdbe
