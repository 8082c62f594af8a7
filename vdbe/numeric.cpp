// Text <-> number conversions with SQLite's rules (see numeric.h).
#include "vdbe/numeric.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "vdbe/float_format.h"

namespace simlite::vdbe {
namespace {

using Extended = long double;

// The significand keeps accumulating digits while below this bound (so at most 19 digits);
// later digits only move the decimal exponent (integer part) or are dropped (fraction).
constexpr uint64_t kSignificandLimit = (std::numeric_limits<int64_t>::max() - 9) / 10;
// Exponents are clamped here while parsing; anything this large is already 0 or Inf.
constexpr int kExponentClamp = 10000;

struct Cursor {
  const uint8_t* p;
  const uint8_t* end;
  bool AtDigit() const { return p < end && IsDigit(*p); }
  void SkipSpaces() {
    while (p < end && IsSpace(*p)) p++;
  }
};

// Parses "e[+-]digits" at c; on success advances c and returns the signed exponent, else
// leaves c alone and returns false.
bool ParseExponent(Cursor* c, int* exponent) {
  Cursor probe = *c;
  if (probe.p >= probe.end || (*probe.p != 'e' && *probe.p != 'E')) return false;
  probe.p++;
  int sign = 1;
  if (probe.p < probe.end && (*probe.p == '+' || *probe.p == '-')) {
    sign = *probe.p == '-' ? -1 : 1;
    probe.p++;
  }
  if (!probe.AtDigit()) return false;
  int value = 0;
  for (; probe.AtDigit(); probe.p++) {
    value = value < kExponentClamp ? value * 10 + (*probe.p - '0') : kExponentClamp;
  }
  *c = probe;
  *exponent = sign * value;
  return true;
}

// significand * 10^exponent, computed as SQLite does: exact while the exponent can be folded
// into the integer, else one multiplication or division by an extended-precision power of ten.
double Scale(uint64_t significand, int exponent) {
  while (exponent > 0 && significand < static_cast<uint64_t>(INT64_MAX) / 10) {
    significand *= 10;
    exponent--;
  }
  while (exponent < 0 && significand % 10 == 0) {
    significand /= 10;
    exponent++;
  }
  Extended s = static_cast<Extended>(significand);
  if (exponent == 0) return static_cast<double>(significand);
  bool negative = exponent < 0;
  int magnitude = negative ? -exponent : exponent;
  Extended scale = 1.0;
  if (magnitude > 307) {
    if (magnitude >= 342) return negative ? 0.0 : std::numeric_limits<double>::infinity();
    for (; magnitude % 308 != 0; magnitude--) scale *= 10.0;
    double result = static_cast<double>(negative ? s / scale : s * scale);
    return negative ? result / 1.0e308 : result * 1.0e308;
  }
  // 10^magnitude by binary exponentiation in extended precision (which is what makes the
  // last bit agree with SQLite's).
  for (Extended power = 10.0; magnitude != 0; magnitude >>= 1, power *= power) {
    if (magnitude & 1) scale *= power;
  }
  return static_cast<double>(negative ? s / scale : s * scale);
}

}  // namespace

RealParse ParseReal(std::string_view text) {
  Cursor c{reinterpret_cast<const uint8_t*>(text.data()),
           reinterpret_cast<const uint8_t*>(text.data()) + text.size()};
  RealParse result;
  c.SkipSpaces();
  bool negative = false;
  if (c.p < c.end && (*c.p == '-' || *c.p == '+')) negative = *c.p++ == '-';
  uint64_t significand = 0;
  int exponent = 0;
  for (; c.AtDigit(); c.p++) {
    result.has_digits = true;
    if (significand < kSignificandLimit) {
      significand = significand * 10 + (*c.p - '0');
    } else {
      exponent++;
    }
  }
  if (c.p < c.end && *c.p == '.') {
    c.p++;
    result.integer_form = false;
    for (; c.AtDigit(); c.p++) {
      result.has_digits = true;
      if (significand < kSignificandLimit) {
        significand = significand * 10 + (*c.p - '0');
        exponent--;
      }
    }
  }
  if (!result.has_digits) {
    // "-" alone reads as -0.0, like any other sign with a zero significand.
    result.value = negative ? -0.0 : 0.0;
    result.integer_form = true;
    return result;
  }
  int written_exponent = 0;
  if (ParseExponent(&c, &written_exponent)) {
    result.integer_form = false;
    exponent += written_exponent;
  }
  c.SkipSpaces();
  result.whole = c.p == c.end;
  double magnitude = significand == 0 ? 0.0 : Scale(significand, exponent);
  result.value = negative ? -magnitude : magnitude;
  return result;
}

IntParse ParseInt64(std::string_view text, int64_t* value) {
  Cursor c{reinterpret_cast<const uint8_t*>(text.data()),
           reinterpret_cast<const uint8_t*>(text.data()) + text.size()};
  c.SkipSpaces();
  bool negative = false;
  if (c.p < c.end && (*c.p == '-' || *c.p == '+')) negative = *c.p++ == '-';
  bool any_digit = c.AtDigit();
  while (c.p < c.end && *c.p == '0') c.p++;
  const uint8_t* digits_start = c.p;
  uint64_t magnitude = 0;
  bool overflow = false;
  for (; c.AtDigit(); c.p++) {
    uint64_t digit = *c.p - '0';
    if (magnitude > (UINT64_MAX - digit) / 10) overflow = true;
    magnitude = magnitude * 10 + digit;
  }
  size_t digit_count = static_cast<size_t>(c.p - digits_start);
  c.SkipSpaces();
  bool extra = c.p != c.end || !any_digit;
  const uint64_t kMaxPlusOne = static_cast<uint64_t>(INT64_MAX) + 1;
  if (overflow || digit_count > 19 || magnitude > kMaxPlusOne ||
      (magnitude == kMaxPlusOne && !negative)) {
    *value = negative ? INT64_MIN : INT64_MAX;
    bool max_plus_one = !overflow && magnitude == kMaxPlusOne && !negative;
    if (max_plus_one && !extra) return IntParse::kMaxPlusOne;
    return IntParse::kOverflow;
  }
  *value = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return extra ? IntParse::kExtraText : IntParse::kExact;
}

int64_t RealToInt64(double r) {
  if (std::isnan(r)) return 0;
  if (r <= static_cast<double>(INT64_MIN)) return INT64_MIN;
  if (r >= static_cast<double>(INT64_MAX)) return INT64_MAX;
  return static_cast<int64_t>(r);
}

bool RealSameAsInt(double r, int64_t i) {
  constexpr int64_t kTwoPow51 = int64_t{1} << 51;
  if (r == 0.0) return true;
  double back = static_cast<double>(i);
  return std::memcmp(&r, &back, sizeof(r)) == 0 && i >= -kTwoPow51 && i < kTwoPow51;
}

bool RealToExactInt(double r, int64_t* i) {
  int64_t candidate = RealToInt64(r);
  if (r != static_cast<double>(candidate) || candidate == INT64_MIN || candidate == INT64_MAX) {
    return false;
  }
  *i = candidate;
  return true;
}

bool TextToNumeric(std::string_view text, bool try_for_int, bool* is_int, int64_t* i, double* r) {
  RealParse parse = ParseReal(text);
  if (!parse.whole) return false;
  if (parse.integer_form) {
    int64_t candidate = RealToInt64(parse.value);
    if (RealSameAsInt(parse.value, candidate) || ParseInt64(text, &candidate) == IntParse::kExact) {
      *is_int = true;
      *i = candidate;
      return true;
    }
  }
  if (try_for_int && RealToExactInt(parse.value, i)) {
    *is_int = true;
    return true;
  }
  *is_int = false;
  *r = parse.value;
  return true;
}

void TextCastNumeric(std::string_view text, bool* is_int, int64_t* i, double* r) {
  RealParse parse = ParseReal(text);
  int64_t candidate = 0;
  // An integer, an integer with trailing junk, or no number at all: the integer prefix, unless
  // it overflows.
  if (parse.integer_form) {
    IntParse int_parse = ParseInt64(text, &candidate);
    if (int_parse == IntParse::kExact || int_parse == IntParse::kExtraText) {
      *is_int = true;
      *i = candidate;
      return;
    }
  }
  candidate = RealToInt64(parse.value);
  if (RealSameAsInt(parse.value, candidate)) {
    *is_int = true;
    *i = candidate;
    return;
  }
  *is_int = false;
  *r = parse.value;
}

int IntToText(int64_t v, char* buf) {
  char reversed[kIntTextCapacity];
  uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  int count = 0;
  do {
    reversed[count++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  int length = 0;
  if (v < 0) buf[length++] = '-';
  while (count > 0) buf[length++] = reversed[--count];
  return length;
}

int RealToText(double v, char* buf) {
  FloatSpec spec;
  spec.kind = FloatSpec::Kind::kGeneral;
  spec.precision = 15;
  spec.alt_form2 = true;
  // FormatFloatCapacity is a loose bound; "%!.15g" needs far less than kRealTextCapacity.
  char scratch[512];
  static_assert(sizeof(scratch) >= 350 + 15 + 16);
  size_t length = FormatFloat(v, spec, scratch);
  std::memcpy(buf, scratch, length);
  return static_cast<int>(length);
}

}  // namespace simlite::vdbe
