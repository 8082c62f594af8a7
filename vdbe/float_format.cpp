// SQLite-compatible floating-point formatting (see float_format.h for the method).
#include "vdbe/float_format.h"

#include <cassert>
#include <cmath>
#include <cstring>

namespace simlite::vdbe {
namespace {

using Extended = long double;

// The decimal exponent past which a value prints as Inf.
constexpr int kMaxExponent = 350;

// 0.5 * 10^-precision, built as SQLite builds it (in double precision, from a table of the
// first ten and repeated factors of 1e-10) so that the rounding matches at the margin.
double Rounder(int precision) {
  static constexpr double kHalves[10] = {5.0e-01, 5.0e-02, 5.0e-03, 5.0e-04, 5.0e-05,
                                         5.0e-06, 5.0e-07, 5.0e-08, 5.0e-09, 5.0e-10};
  int index = precision & 0xfff;
  double rounder = kHalves[index % 10];
  for (; index >= 10; index -= 10) rounder *= 1.0e-10;
  return rounder;
}

// Scales v > 0 into [1, 10) and returns its decimal exponent (> kMaxExponent for infinity).
int Normalize(Extended* v) {
  int exponent = 0;
  Extended scale = 1.0;
  while (*v >= scale * 1e100 && exponent <= kMaxExponent) {
    scale *= 1e100;
    exponent += 100;
  }
  while (*v >= scale * 1e10 && exponent <= kMaxExponent) {
    scale *= 1e10;
    exponent += 10;
  }
  while (*v >= scale * 10.0 && exponent <= kMaxExponent) {
    scale *= 10.0;
    exponent++;
  }
  *v /= scale;
  while (*v < 1e-8) {
    *v *= 1e8;
    exponent -= 8;
  }
  while (*v < 1.0) {
    *v *= 10.0;
    exponent--;
  }
  return exponent;
}

// Reads digits off a normalised value; after `budget` significant digits only '0' follows.
class DigitReader {
 public:
  DigitReader(Extended v, int budget) : v_(v), budget_(budget) {}
  char Next() {
    if (budget_ <= 0) return '0';
    budget_--;
    int digit = static_cast<int>(v_);
    v_ = (v_ - digit) * 10.0;
    return static_cast<char>('0' + digit);
  }

 private:
  Extended v_;
  int budget_;
};

// The unbiased exponent field of |value| (-1023 for zero and subnormals, 1024 for Inf/NaN).
int BinaryExponent(double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return static_cast<int>((bits >> 52) & 0x7ff) - 1023;
}

size_t WriteSpecial(const char* word, char prefix, char* out) {
  size_t length = 0;
  if (prefix != 0) out[length++] = prefix;
  std::memcpy(out + length, word, 3);
  return length + 3;
}

// Writes the exponent suffix ("e+05", "E-123").
size_t WriteExponent(int exponent, bool upper, char* out) {
  size_t length = 0;
  out[length++] = upper ? 'E' : 'e';
  out[length++] = exponent < 0 ? '-' : '+';
  if (exponent < 0) exponent = -exponent;
  if (exponent >= 100) {
    out[length++] = static_cast<char>('0' + exponent / 100);
    exponent %= 100;
  }
  out[length++] = static_cast<char>('0' + exponent / 10);
  out[length++] = static_cast<char>('0' + exponent % 10);
  return length;
}

// Inserts zeros after the sign until the text is `width` long.
size_t ZeroPad(char* out, size_t length, bool has_prefix, int width) {
  if (width <= 0 || length >= static_cast<size_t>(width)) return length;
  size_t pad = static_cast<size_t>(width) - length;
  size_t start = has_prefix ? 1 : 0;
  std::memmove(out + start + pad, out + start, length - start);
  std::memset(out + start, '0', pad);
  return static_cast<size_t>(width);
}

}  // namespace

size_t FormatFloatCapacity(const FloatSpec& spec) {
  size_t precision = spec.precision < 0 ? 6 : static_cast<size_t>(spec.precision);
  size_t width = spec.width < 0 ? 0 : static_cast<size_t>(spec.width);
  // Integer digits (at most kMaxExponent + 1), the precision, sign, point, exponent.
  return kMaxExponent + precision + width + 16;
}

size_t FormatFloat(double value, const FloatSpec& spec, char* out) {
  using Kind = FloatSpec::Kind;
  int precision = spec.precision < 0 ? 6 : spec.precision;
  char prefix = spec.sign;
  Extended v = value;
  if (value < 0) {
    v = -v;
    prefix = '-';
  }
  Kind kind = spec.kind;
  if (kind == Kind::kGeneral && precision > 0) precision--;
  Extended rounder = Rounder(precision);
  if (kind == Kind::kFixed) {
    int binary_exponent = BinaryExponent(value);
    // A nudge upward for values whose binary exponent is small next to the precision, so that
    // e.g. printf('%.2f', 1.005) gives 1.01 (SQLite's behaviour).
    if (precision + binary_exponent / 3 < 15) rounder += v * 3e-16;
    v += rounder;
  }
  if (std::isnan(value)) return WriteSpecial("NaN", 0, out);
  int exponent = 0;
  if (v > 0) {
    exponent = Normalize(&v);
    if (exponent > kMaxExponent) return WriteSpecial("Inf", prefix, out);
  }
  if (kind != Kind::kFixed) {
    v += rounder;
    if (v >= 10.0) {
      v *= 0.1;
      exponent++;
    }
  }
  bool strip_zeros = spec.alt_form2;
  if (kind == Kind::kGeneral) {
    strip_zeros = !spec.alt_form;
    if (exponent < -4 || exponent > precision) {
      kind = Kind::kExponent;
    } else {
      precision -= exponent;
      kind = Kind::kFixed;
    }
  }
  int e2 = kind == Kind::kExponent ? 0 : exponent;
  bool has_point = precision > 0 || spec.alt_form || spec.alt_form2;
  DigitReader digits(v, spec.alt_form2 ? 26 : 16);
  size_t length = 0;
  if (prefix != 0) out[length++] = prefix;
  if (e2 < 0) {
    out[length++] = '0';
  } else {
    for (; e2 >= 0; e2--) out[length++] = digits.Next();
  }
  if (has_point) out[length++] = '.';
  for (e2++; e2 < 0 && precision > 0; precision--, e2++) out[length++] = '0';
  while (precision-- > 0) out[length++] = digits.Next();
  if (strip_zeros && has_point) {
    while (out[length - 1] == '0') length--;
    if (out[length - 1] == '.') {
      if (spec.alt_form2) {
        out[length++] = '0';
      } else {
        length--;
      }
    }
  }
  if (kind == Kind::kExponent) length += WriteExponent(exponent, spec.upper, out + length);
  if (spec.zero_pad) length = ZeroPad(out, length, prefix != 0, spec.width);
  assert(length <= FormatFloatCapacity(spec));
  return length;
}

}  // namespace simlite::vdbe
