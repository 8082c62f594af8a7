// The floating-point conversions of SQLite's printf (%f, %e, %E, %g, %G; printf.html), which
// also render every REAL as text ("%!.15g"). SQLite's output is not the correctly rounded
// decimal of the double: digits come from an extended-precision (x87 long double) value that is
// normalised by powers of ten, rounded by adding half a unit of the last digit (round half up,
// with a small upward nudge for %f), and read digit by digit, at most 16 significant digits
// (26 with the '!' flag) before the rest print as '0'. FormatFloat reproduces that arithmetic.
#pragma once

#include <cstddef>
#include <cstdint>

namespace simlite::vdbe {

struct FloatSpec {
  enum class Kind : uint8_t { kFixed, kExponent, kGeneral };
  Kind kind = Kind::kGeneral;
  bool upper = false;      // 'E' / 'G'
  int precision = -1;      // negative: the default, 6
  int width = 0;           // minimum width, reached by zero padding when zero_pad
  bool zero_pad = false;   // '0' flag (the caller pads with spaces otherwise)
  bool alt_form = false;   // '#'
  bool alt_form2 = false;  // '!'
  char sign = 0;           // '+' or ' ' to prefix non-negative values, or 0
};

// An upper bound on FormatFloat's output length for `spec` (any value).
size_t FormatFloatCapacity(const FloatSpec& spec);

// Writes `value` formatted by `spec` into out (at least FormatFloatCapacity(spec) bytes) and
// returns the length. No terminating NUL.
size_t FormatFloat(double value, const FloatSpec& spec, char* out);

}  // namespace simlite::vdbe
