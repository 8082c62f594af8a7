// The date and time engine behind date(), time(), datetime(), julianday(), unixepoch() and
// strftime() (lang_datefunc.html), with SQLite 3.40.1's arithmetic.
//
// A DateTime holds an instant in up to three forms, each with a validity flag: the Julian day
// number in milliseconds (jd_ms), the calendar date (year, month, day) and the time of day
// (hour, minute, seconds), plus a time-zone offset from a parsed "+HH:MM" suffix. Functions
// compute one form from another on demand. Invariants:
//  1. valid_jd means jd_ms is the instant; otherwise the instant is given by the calendar
//     fields (the date defaulting to 2000-01-01, the time to midnight) less the zone offset.
//  2. raw_number means the value came from a bare number that no modifier has yet interpreted
//     (the number is in seconds_; it is a Julian day when it is in range).
//  3. Once `error` is set the DateTime is zeroed and every result is NULL.
// Local time: "localtime" and "utc" use a LocalTime offset source (UTC when there is none),
// so that results do not depend on the machine's time zone.
#pragma once

#include <cstdint>
#include <string_view>

namespace simlite::vdbe {

// Where local time comes from: the offset of local time from UTC at an instant.
class LocalTime {
 public:
  virtual ~LocalTime() = default;
  // The local time minus UTC, in seconds, at `unix_seconds`; false when unavailable.
  virtual bool OffsetSeconds(int64_t unix_seconds, int64_t* offset_seconds) = 0;
};

class DateTime {
 public:
  // The first Julian day in milliseconds that SQLite can show (-4713-11-24 12:00:00) is 0; the
  // last (9999-12-31 23:59:59.999) is this.
  static constexpr int64_t kMaxJdMs = 464269060799999;
  // Unix epoch as a Julian day in milliseconds.
  static constexpr int64_t kUnixEpochJdMs = 210866760000000;

  // The time value: a bare number (Julian day, or seconds for a later 'unixepoch'/'auto').
  void SetNumber(double r);
  // The time value given as text: ISO-8601 subsets or a number. "now" uses now_jd_ms (which
  // must be > 0). False when the text is no time value.
  bool ParseText(std::string_view text, int64_t now_jd_ms);
  // The instant now.
  void SetNow(int64_t now_jd_ms);
  // Applies the modifier (its position among the arguments is modifier_idx, the first being
  // 1). False when the modifier is not valid here.
  bool ApplyModifier(std::string_view modifier, int modifier_idx, LocalTime* local_time);
  // Final check after the modifiers: true when the instant is a valid Julian day.
  bool Finish();

  // Accessors; each computes the form it needs.
  int64_t JdMs();
  void ComputeYmdHms();
  // Whole days since January 1st of the instant's year (0 on that day); needs ComputeYmdHms().
  int64_t DaysSinceNewYear();
  int year() const { return year_; }
  int month() const { return month_; }
  int day() const { return day_; }
  int hour() const { return hour_; }
  int minute() const { return minute_; }
  double seconds() const { return seconds_; }

 private:
  bool ParseYyyyMmDd(std::string_view text);
  bool ParseHhMmSs(std::string_view text);
  bool ParseTimezone(std::string_view text);
  bool ApplyNumericModifier(std::string_view modifier);
  bool ApplyTimeOffset(std::string_view modifier);
  bool ApplyStartOf(std::string_view unit);
  bool ApplyWeekday(std::string_view modifier);
  // Replaces the instant by the calendar fields of its local time ('localtime').
  bool ToLocalTime(LocalTime* local_time);
  bool ApplyUtc(LocalTime* local_time);
  void ComputeJd();
  void ComputeYmd();
  void ComputeHms();
  void ClearYmdHmsTz() { valid_ymd_ = valid_hms_ = valid_tz_ = false; }
  void SetError();

  int64_t jd_ms_ = 0;
  int year_ = 0;
  int month_ = 0;
  int day_ = 0;
  int hour_ = 0;
  int minute_ = 0;
  int tz_minutes_ = 0;
  double seconds_ = 0;
  bool valid_jd_ = false;
  bool raw_number_ = false;
  bool valid_ymd_ = false;
  bool valid_hms_ = false;
  bool valid_tz_ = false;
  bool tz_set_ = false;
  bool error_ = false;
};

}  // namespace simlite::vdbe
