// The date and time engine (see date_time.h for the representation and its invariants).
#include "vdbe/date_time.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "vdbe/numeric.h"
#include "vdbe/text_util.h"

namespace simlite::vdbe {
namespace {

constexpr int64_t kMsPerDay = 86400000;
constexpr int64_t kHalfDayMs = 43200000;

// A fixed-width decimal field of a time value: `width` digits in [min, max], then the separator
// `next` (checked only when it is not 0).
struct Field {
  int width;
  int min;
  int max;
  char next;
};

char At(std::string_view text, size_t pos) {
  return pos < text.size() ? text[pos] : '\0';
}

// Reads consecutive fields starting at text[0]; returns how many were read before the first
// that failed (each field, when read, consumes its digits and one separator position).
int ReadFields(std::string_view text, const Field* fields, int field_count, int* values) {
  size_t pos = 0;
  for (int field_idx = 0; field_idx < field_count; field_idx++) {
    const Field& field = fields[field_idx];
    int value = 0;
    for (int digit_idx = 0; digit_idx < field.width; digit_idx++, pos++) {
      if (!IsDigit(At(text, pos))) return field_idx;
      value = value * 10 + (text[pos] - '0');
    }
    if (value < field.min || value > field.max ||
        (field.next != '\0' && At(text, pos) != field.next)) {
      return field_idx;
    }
    values[field_idx] = value;
    pos++;
  }
  return field_count;
}

std::string_view SkipSpaces(std::string_view text) {
  while (!text.empty() && IsSpace(text[0])) text.remove_prefix(1);
  return text;
}

// The whole text is one number (surrounding spaces allowed), as sqlite3AtoF() > 0.
bool WholeNumber(std::string_view text, double* r) {
  RealParse parse = ParseReal(text);
  *r = parse.value;
  return parse.whole;
}

bool ValidJd(int64_t jd_ms) {
  return jd_ms >= 0 && jd_ms <= DateTime::kMaxJdMs;
}

// a + b with two's-complement wrap-around: modifiers can push an instant arbitrarily far before
// the final range check rejects it.
int64_t WrappingAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

// The "+NNN unit" modifiers: name, the exclusive bound on |NNN|, and milliseconds per unit
// / 1000. SQLite keeps both numbers as floats, so the bounds are the floats nearest these.
struct Unit {
  std::string_view name;
  float limit;
  float seconds;
};
constexpr Unit kUnits[] = {
    {"second", 4.6427e+14f, 1.0f},    {"minute", 7.7379e+12f, 60.0f},
    {"hour", 1.2897e+11f, 3600.0f},   {"day", 5373485.0f, 86400.0f},
    {"month", 176546.0f, 2592000.0f}, {"year", 14713.0f, 31536000.0f},
};

}  // namespace

void DateTime::SetError() {
  *this = DateTime();
  error_ = true;
}

void DateTime::SetNumber(double r) {
  seconds_ = r;
  raw_number_ = true;
  if (r >= 0.0 && r < 5373484.5) {
    jd_ms_ = static_cast<int64_t>(r * 86400000.0 + 0.5);
    valid_jd_ = true;
  }
}

void DateTime::SetNow(int64_t now_jd_ms) {
  jd_ms_ = now_jd_ms;
  valid_jd_ = true;
}

bool DateTime::ParseText(std::string_view text, int64_t now_jd_ms) {
  // SQLite reads the value as a C string.
  text = UpToNul(text);
  if (ParseYyyyMmDd(text) || ParseHhMmSs(text)) return true;
  if (EqualsNoCase(text, "now")) {
    SetNow(now_jd_ms);
    return now_jd_ms > 0;
  }
  double r = 0;
  if (!WholeNumber(text, &r)) return false;
  SetNumber(r);
  return true;
}

bool DateTime::ParseYyyyMmDd(std::string_view text) {
  bool negative = At(text, 0) == '-';
  if (negative) text.remove_prefix(1);
  static constexpr Field kDate[] = {{4, 0, 14712, '-'}, {2, 1, 12, '-'}, {2, 1, 31, '\0'}};
  int values[3];
  if (ReadFields(text, kDate, 3, values) != 3) return false;
  text.remove_prefix(10);
  while (!text.empty() && (IsSpace(text[0]) || text[0] == 'T')) text.remove_prefix(1);
  if (!ParseHhMmSs(text)) {
    if (!text.empty()) return false;
    valid_hms_ = false;
  }
  valid_jd_ = false;
  valid_ymd_ = true;
  year_ = negative ? -values[0] : values[0];
  month_ = values[1];
  day_ = values[2];
  if (valid_tz_) ComputeJd();
  return true;
}

bool DateTime::ParseHhMmSs(std::string_view text) {
  static constexpr Field kHourMinute[] = {{2, 0, 24, ':'}, {2, 0, 59, '\0'}};
  static constexpr Field kSecond[] = {{2, 0, 59, '\0'}};
  int values[2];
  if (ReadFields(text, kHourMinute, 2, values) != 2) return false;
  size_t pos = 5;
  int second = 0;
  double fraction = 0.0;
  if (At(text, pos) == ':') {
    pos++;
    if (ReadFields(text.substr(pos), kSecond, 1, &second) != 1) return false;
    pos += 2;
    if (At(text, pos) == '.' && IsDigit(At(text, pos + 1))) {
      double scale = 1.0;
      for (pos++; IsDigit(At(text, pos)); pos++) {
        fraction = fraction * 10.0 + (text[pos] - '0');
        scale *= 10.0;
      }
      fraction /= scale;
    }
  }
  valid_jd_ = false;
  raw_number_ = false;
  valid_hms_ = true;
  hour_ = values[0];
  minute_ = values[1];
  seconds_ = second + fraction;
  if (!ParseTimezone(text.substr(std::min(pos, text.size())))) return false;
  valid_tz_ = tz_minutes_ != 0;
  return true;
}

bool DateTime::ParseTimezone(std::string_view text) {
  text = SkipSpaces(text);
  tz_minutes_ = 0;
  char c = At(text, 0);
  int sign = 0;
  if (c == '-' || c == '+') {
    sign = c == '-' ? -1 : 1;
    static constexpr Field kOffset[] = {{2, 0, 14, ':'}, {2, 0, 59, '\0'}};
    int values[2];
    if (ReadFields(text.substr(1), kOffset, 2, values) != 2) return false;
    text.remove_prefix(std::min<size_t>(6, text.size()));
    tz_minutes_ = sign * (values[1] + values[0] * 60);
  } else if (c == 'Z' || c == 'z') {
    text.remove_prefix(1);
  } else {
    return text.empty();
  }
  tz_set_ = true;
  return SkipSpaces(text).empty();
}

void DateTime::ComputeJd() {
  if (valid_jd_) return;
  int y = valid_ymd_ ? year_ : 2000;
  int m = valid_ymd_ ? month_ : 1;
  int d = valid_ymd_ ? day_ : 1;
  if (y < -4713 || y > 9999 || raw_number_) {
    SetError();
    return;
  }
  if (m <= 2) {
    y--;
    m += 12;
  }
  int a = y / 100;
  int b = 2 - a + (a / 4);
  int x1 = 36525 * (y + 4716) / 100;
  int x2 = 306001 * (m + 1) / 10000;
  jd_ms_ = static_cast<int64_t>((x1 + x2 + d + b - 1524.5) * 86400000);
  valid_jd_ = true;
  if (valid_hms_) {
    jd_ms_ += hour_ * 3600000 + minute_ * 60000 + static_cast<int64_t>(seconds_ * 1000 + 0.5);
    if (valid_tz_) {
      jd_ms_ -= tz_minutes_ * 60000;
      ClearYmdHmsTz();
    }
  }
}

void DateTime::ComputeYmd() {
  if (valid_ymd_) return;
  if (!valid_jd_) {
    year_ = 2000;
    month_ = 1;
    day_ = 1;
  } else if (!ValidJd(jd_ms_)) {
    SetError();
    return;
  } else {
    int z = static_cast<int>((jd_ms_ + kHalfDayMs) / kMsPerDay);
    int a = static_cast<int>((z - 1867216.25) / 36524.25);
    a = z + 1 + a - (a / 4);
    int b = a + 1524;
    int c = static_cast<int>((b - 122.1) / 365.25);
    int d = (36525 * (c & 32767)) / 100;
    int e = static_cast<int>((b - d) / 30.6001);
    int x1 = static_cast<int>(30.6001 * e);
    day_ = b - d - x1;
    month_ = e < 14 ? e - 1 : e - 13;
    year_ = month_ > 2 ? c - 4716 : c - 4715;
  }
  valid_ymd_ = true;
}

void DateTime::ComputeHms() {
  if (valid_hms_) return;
  ComputeJd();
  int ms = static_cast<int>((jd_ms_ + kHalfDayMs) % kMsPerDay);
  seconds_ = ms / 1000.0;
  int whole = static_cast<int>(seconds_);
  seconds_ -= whole;
  hour_ = whole / 3600;
  whole -= hour_ * 3600;
  minute_ = whole / 60;
  seconds_ += whole - minute_ * 60;
  raw_number_ = false;
  valid_hms_ = true;
}

void DateTime::ComputeYmdHms() {
  ComputeYmd();
  ComputeHms();
}

int64_t DateTime::DaysSinceNewYear() {
  DateTime new_year = *this;
  new_year.valid_jd_ = false;
  new_year.month_ = 1;
  new_year.day_ = 1;
  new_year.ComputeJd();
  return (JdMs() - new_year.jd_ms_ + kHalfDayMs) / kMsPerDay;
}

int64_t DateTime::JdMs() {
  ComputeJd();
  return jd_ms_;
}

bool DateTime::Finish() {
  ComputeJd();
  return !error_ && ValidJd(jd_ms_);
}

bool DateTime::ApplyModifier(std::string_view modifier, int modifier_idx, LocalTime* local_time) {
  modifier = UpToNul(modifier);
  char first = At(modifier, 0);
  if (first >= 'A' && first <= 'Z') first = static_cast<char>(first + 32);
  switch (first) {
    case 'a':
      if (!EqualsNoCase(modifier, "auto") || modifier_idx > 1) return false;
      if (!raw_number_ || valid_jd_) {
        raw_number_ = false;
        return true;
      }
      // A number outside the Julian day range, within the unix seconds of years 0000-9999.
      if (seconds_ >= -210866760000.0 && seconds_ <= 253402300799.0) {
        double r = seconds_ * 1000.0 + static_cast<double>(kUnixEpochJdMs);
        ClearYmdHmsTz();
        jd_ms_ = static_cast<int64_t>(r + 0.5);
        valid_jd_ = true;
        raw_number_ = false;
        return true;
      }
      return false;
    case 'j':
      if (!EqualsNoCase(modifier, "julianday") || modifier_idx > 1) return false;
      if (!valid_jd_ || !raw_number_) return false;
      raw_number_ = false;
      return true;
    case 'l':
      return EqualsNoCase(modifier, "localtime") && ToLocalTime(local_time);
    case 'u':
      if (EqualsNoCase(modifier, "unixepoch") && raw_number_) {
        if (modifier_idx > 1) return false;
        double r = seconds_ * 1000.0 + static_cast<double>(kUnixEpochJdMs);
        if (!(r >= 0.0 && r < 464269060800000.0)) return false;
        ClearYmdHmsTz();
        jd_ms_ = static_cast<int64_t>(r + 0.5);
        valid_jd_ = true;
        raw_number_ = false;
        return true;
      }
      return EqualsNoCase(modifier, "utc") && ApplyUtc(local_time);
    case 'w':
      return ApplyWeekday(modifier);
    case 's':
      if (!StartsWithNoCase(modifier, "start of ")) return false;
      return ApplyStartOf(modifier.substr(9));
    default:
      if (first == '+' || first == '-' || IsDigit(first)) return ApplyNumericModifier(modifier);
      return false;
  }
}

bool DateTime::ApplyWeekday(std::string_view modifier) {
  double r = 0;
  if (!StartsWithNoCase(modifier, "weekday ") || !WholeNumber(modifier.substr(8), &r)) {
    return false;
  }
  if (!(r >= 0 && r < 7) || static_cast<int>(r) != r) return false;
  int64_t weekday = static_cast<int>(r);
  ComputeYmdHms();
  valid_tz_ = false;
  valid_jd_ = false;
  ComputeJd();
  int64_t current = ((jd_ms_ + 129600000) / kMsPerDay) % 7;
  if (current > weekday) current -= 7;
  jd_ms_ = WrappingAdd(jd_ms_, (weekday - current) * kMsPerDay);
  ClearYmdHmsTz();
  return true;
}

bool DateTime::ApplyStartOf(std::string_view unit) {
  if (!valid_jd_ && !valid_ymd_ && !valid_hms_) return false;
  ComputeYmd();
  valid_hms_ = true;
  hour_ = 0;
  minute_ = 0;
  seconds_ = 0.0;
  raw_number_ = false;
  valid_tz_ = false;
  valid_jd_ = false;
  if (EqualsNoCase(unit, "month")) {
    day_ = 1;
    return true;
  }
  if (EqualsNoCase(unit, "year")) {
    month_ = 1;
    day_ = 1;
    return true;
  }
  return EqualsNoCase(unit, "day");
}

bool DateTime::ApplyTimeOffset(std::string_view modifier) {
  // "+HH:MM[:SS[.FFF]]": the time of day it names, added or subtracted.
  std::string_view time = IsDigit(modifier[0]) ? modifier : modifier.substr(1);
  DateTime offset;
  if (!offset.ParseHhMmSs(time)) return false;
  offset.ComputeJd();
  offset.jd_ms_ -= kHalfDayMs;
  int64_t days = offset.jd_ms_ / kMsPerDay;
  offset.jd_ms_ -= days * kMsPerDay;
  if (modifier[0] == '-') offset.jd_ms_ = -offset.jd_ms_;
  ComputeJd();
  ClearYmdHmsTz();
  jd_ms_ = WrappingAdd(jd_ms_, offset.jd_ms_);
  return true;
}

bool DateTime::ApplyNumericModifier(std::string_view modifier) {
  size_t number_end = 1;
  while (number_end < modifier.size() && modifier[number_end] != ':' &&
         !IsSpace(modifier[number_end])) {
    number_end++;
  }
  double r = 0;
  if (!WholeNumber(modifier.substr(0, number_end), &r)) return false;
  if (At(modifier, number_end) == ':') return ApplyTimeOffset(modifier);
  std::string_view unit = SkipSpaces(modifier.substr(number_end));
  if (unit.size() > 10 || unit.size() < 3) return false;
  if (unit.back() == 's' || unit.back() == 'S') unit.remove_suffix(1);
  ComputeJd();
  double rounder = r < 0 ? -0.5 : 0.5;
  bool matched = false;
  for (int unit_idx = 0; unit_idx < static_cast<int>(std::size(kUnits)) && !matched; unit_idx++) {
    const Unit& u = kUnits[unit_idx];
    if (!EqualsNoCase(u.name, unit) || !(r > -u.limit && r < u.limit)) continue;
    matched = true;
    if (u.name == "month" || u.name == "year") {
      ComputeYmdHms();
      int whole = static_cast<int>(r);
      if (u.name == "month") {
        month_ += whole;
        int years = month_ > 0 ? (month_ - 1) / 12 : (month_ - 12) / 12;
        year_ += years;
        month_ -= years * 12;
      } else {
        year_ += whole;
      }
      valid_jd_ = false;
      r -= whole;
    }
    ComputeJd();
    jd_ms_ = WrappingAdd(jd_ms_, static_cast<int64_t>(r * 1000.0 * u.seconds + rounder));
  }
  ClearYmdHmsTz();
  return matched;
}

namespace {

// The calendar date and time of day of a unix time (proleptic Gregorian, like gmtime()).
struct BrokenDownTime {
  int64_t year;
  int month;
  int day;
  int hour;
  int minute;
  int second;
};

BrokenDownTime FromUnixSeconds(int64_t t) {
  int64_t days = t / 86400;
  int64_t seconds_of_day = t % 86400;
  if (seconds_of_day < 0) {
    seconds_of_day += 86400;
    days--;
  }
  // Days since 0000-03-01, in 400-year eras of 146097 days; March-based years put the leap day
  // last.
  int64_t shifted = days + 719468;
  int64_t era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
  int64_t day_of_era = shifted - era * 146097;
  int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t month_index = (5 * day_of_year + 2) / 153;  // 0 is March
  BrokenDownTime result;
  result.day = static_cast<int>(day_of_year - (153 * month_index + 2) / 5 + 1);
  result.month = static_cast<int>(month_index < 10 ? month_index + 3 : month_index - 9);
  result.year = year_of_era + era * 400 + (result.month <= 2 ? 1 : 0);
  result.hour = static_cast<int>(seconds_of_day / 3600);
  result.minute = static_cast<int>(seconds_of_day / 60 % 60);
  result.second = static_cast<int>(seconds_of_day % 60);
  return result;
}

}  // namespace

bool DateTime::ToLocalTime(LocalTime* local_time) {
  // Outside 1970..2037 (where C libraries know the zone rules) SQLite moves the date to a year
  // of the same leap-year phase near 2000, converts, and moves it back.
  ComputeJd();
  int year_shift = 0;
  int64_t t = 0;
  if (jd_ms_ < 210866760000000 || jd_ms_ > 213014145600000) {
    DateTime x = *this;
    x.ComputeYmdHms();
    year_shift = (2000 + x.year_ % 4) - x.year_;
    x.year_ += year_shift;
    x.valid_jd_ = false;
    x.ComputeJd();
    t = x.jd_ms_ / 1000 - kUnixEpochJdMs / 1000;
  } else {
    t = jd_ms_ / 1000 - kUnixEpochJdMs / 1000;
  }
  int64_t offset_seconds = 0;
  if (local_time != nullptr && !local_time->OffsetSeconds(t, &offset_seconds)) return false;
  BrokenDownTime local = FromUnixSeconds(t + offset_seconds);
  year_ = static_cast<int>(local.year) - year_shift;
  month_ = local.month;
  day_ = local.day;
  hour_ = local.hour;
  minute_ = local.minute;
  seconds_ = local.second + (jd_ms_ % 1000) * 0.001;
  valid_ymd_ = true;
  valid_hms_ = true;
  valid_jd_ = false;
  raw_number_ = false;
  valid_tz_ = false;
  error_ = false;
  return true;
}

bool DateTime::ApplyUtc(LocalTime* local_time) {
  if (tz_set_) return true;
  // Find the UTC instant whose local time is the one given, by a few rounds of correction.
  ComputeJd();
  int64_t original = jd_ms_;
  int64_t guess = original;
  int64_t error = 0;
  int rounds = 0;
  do {
    DateTime candidate;
    guess -= error;
    candidate.jd_ms_ = guess;
    candidate.valid_jd_ = true;
    if (!candidate.ToLocalTime(local_time)) return false;
    candidate.ComputeJd();
    error = candidate.jd_ms_ - original;
  } while (error != 0 && rounds++ < 3);
  *this = DateTime();
  jd_ms_ = guess;
  valid_jd_ = true;
  tz_set_ = true;
  return true;
}

}  // namespace simlite::vdbe
