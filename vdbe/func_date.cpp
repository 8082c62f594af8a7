// The date and time functions of lang_datefunc.html: date, time, datetime, julianday,
// unixepoch, strftime, and current_date / current_time / current_timestamp. 'now' is the
// statement step's instant from the injected clock (function.h invariant 2).
#include <algorithm>
#include <cstring>

#include "vdbe/builtin.h"
#include "vdbe/date_time.h"
#include "vdbe/float_format.h"
#include "vdbe/text_util.h"

namespace simlite::vdbe::builtin {
namespace {

int64_t NowJdMs(FunctionContext* ctx) {
  return ctx->NowUnixMs() + DateTime::kUnixEpochJdMs;
}

// Reads a time value and its modifiers into *dt (no arguments: 'now'). False when the result is
// NULL: a NULL or malformed argument, or an instant out of range.
bool ParseDateArgs(FunctionContext* ctx, Args args, DateTime* dt) {
  if (args.empty()) {
    dt->SetNow(NowJdMs(ctx));
    return dt->Finish();
  }
  const Mem& value = args[0];
  NumberText scratch;
  if (value.IsNumber()) {
    dt->SetNumber(ToReal(value));
  } else if (value.IsNull()) {
    return false;
  } else {
    // 'now' is read only when the text asks for it.
    std::string_view text = value.chars();
    text = UpToNul(text);  // a C string to SQLite
    bool is_now = text.size() == 3 && (text[0] | 0x20) == 'n' && (text[1] | 0x20) == 'o' &&
                  (text[2] | 0x20) == 'w';
    if (!dt->ParseText(text, is_now ? NowJdMs(ctx) : 0)) return false;
  }
  for (size_t arg_idx = 1; arg_idx < args.size(); arg_idx++) {
    if (args[arg_idx].IsNull()) return false;
    std::string_view modifier = TextOf(args[arg_idx], &scratch);
    if (!dt->ApplyModifier(modifier, static_cast<int>(arg_idx), ctx->env().local_time)) {
      return false;
    }
  }
  return dt->Finish();
}

// Appends v in decimal, zero-padded to `width` digits (a '-' counts toward the width, as with
// printf's "%0Nd").
void AppendPadded(int64_t v, int width, std::string* out) {
  char digits[kIntTextCapacity];
  int length = IntToText(v < 0 ? -v : v, digits);
  if (v < 0) {
    out->push_back('-');
    width--;
  }
  for (int pad = length; pad < width; pad++) out->push_back('0');
  out->append(digits, length);
}

void AppendDate(DateTime* dt, std::string* out) {
  // A year before 1 BC prints as '-' and four digits ("-0044").
  if (dt->year() < 0) out->push_back('-');
  AppendPadded(dt->year() < 0 ? -dt->year() : dt->year(), 4, out);
  out->push_back('-');
  AppendPadded(dt->month(), 2, out);
  out->push_back('-');
  AppendPadded(dt->day(), 2, out);
}

void AppendTime(DateTime* dt, std::string* out) {
  AppendPadded(dt->hour(), 2, out);
  out->push_back(':');
  AppendPadded(dt->minute(), 2, out);
  out->push_back(':');
  AppendPadded(static_cast<int>(dt->seconds()), 2, out);
}

void AppendFloat(double v, FloatSpec spec, std::string* out) {
  char buf[512];
  size_t length = FormatFloat(v, spec, buf);
  out->append(buf, length);
}

// One strftime() conversion; false for an unknown one (the whole result is then NULL).
bool AppendConversion(char conversion, DateTime* dt, std::string* out) {
  switch (conversion) {
    case 'd':
      AppendPadded(dt->day(), 2, out);
      return true;
    case 'f': {
      FloatSpec spec;  // "%06.3f", the seconds shown no higher than 59.999
      spec.kind = FloatSpec::Kind::kFixed;
      spec.precision = 3;
      spec.width = 6;
      spec.zero_pad = true;
      AppendFloat(std::min(dt->seconds(), 59.999), spec, out);
      return true;
    }
    case 'H':
      AppendPadded(dt->hour(), 2, out);
      return true;
    case 'W':
    case 'j': {
      int64_t day_of_year = dt->DaysSinceNewYear();
      if (conversion == 'j') {
        AppendPadded(day_of_year + 1, 3, out);
      } else {
        int64_t weekday = ((dt->JdMs() + 43200000) / 86400000) % 7;  // 0 is Monday
        AppendPadded((day_of_year + 7 - weekday) / 7, 2, out);
      }
      return true;
    }
    case 'J': {
      FloatSpec spec;  // "%.16g"
      spec.precision = 16;
      AppendFloat(dt->JdMs() / 86400000.0, spec, out);
      return true;
    }
    case 'm':
      AppendPadded(dt->month(), 2, out);
      return true;
    case 'M':
      AppendPadded(dt->minute(), 2, out);
      return true;
    case 's':
      AppendPadded(dt->JdMs() / 1000 - DateTime::kUnixEpochJdMs / 1000, 1, out);
      return true;
    case 'S':
      AppendPadded(static_cast<int>(dt->seconds()), 2, out);
      return true;
    case 'w':
      out->push_back(static_cast<char>('0' + ((dt->JdMs() + 129600000) / 86400000) % 7));
      return true;
    case 'Y':
      AppendPadded(dt->year(), 4, out);
      return true;
    case '%':
      out->push_back('%');
      return true;
    default:
      return false;
  }
}

void JulianDay(FunctionContext* ctx, Args args) {
  DateTime dt;
  if (!ParseDateArgs(ctx, args, &dt)) {
    ctx->result()->SetNull();
    return;
  }
  ctx->result()->SetReal(dt.JdMs() / 86400000.0);
}

void UnixEpoch(FunctionContext* ctx, Args args) {
  DateTime dt;
  if (!ParseDateArgs(ctx, args, &dt)) {
    ctx->result()->SetNull();
    return;
  }
  ctx->result()->SetInt(dt.JdMs() / 1000 - DateTime::kUnixEpochJdMs / 1000);
}

enum class DateParts : uint8_t { kDate, kTime, kDateTime };

template <DateParts kParts>
void DateText(FunctionContext* ctx, Args args) {
  DateTime dt;
  if (!ParseDateArgs(ctx, args, &dt)) {
    ctx->result()->SetNull();
    return;
  }
  dt.ComputeYmdHms();
  std::string& out = ctx->scratch();
  out.clear();
  if (kParts != DateParts::kTime) AppendDate(&dt, &out);
  if (kParts == DateParts::kDateTime) out.push_back(' ');
  if (kParts != DateParts::kDate) AppendTime(&dt, &out);
  ResultText(ctx, out);
}

void Strftime(FunctionContext* ctx, Args args) {
  DateTime dt;
  if (args.empty() || args[0].IsNull() || !ParseDateArgs(ctx, args.subspan(1), &dt)) {
    ctx->result()->SetNull();
    return;
  }
  dt.ComputeYmdHms();
  NumberText scratch;
  std::string_view format = TextOf(args[0], &scratch);
  format = UpToNul(format);
  std::string& out = ctx->scratch();
  out.clear();
  for (size_t pos = 0; pos < format.size(); pos++) {
    if (format[pos] != '%') {
      out.push_back(format[pos]);
      continue;
    }
    pos++;
    if (pos == format.size() || !AppendConversion(format[pos], &dt, &out)) {
      ctx->result()->SetNull();
      return;
    }
  }
  ResultText(ctx, out);
}

constexpr uint32_t kDateFlags = kFunctionDeterministic | kFunctionInnocuous | kFunctionReadsClock;
constexpr uint32_t kNowFlags = kFunctionInnocuous | kFunctionReadsClock;

constexpr FunctionDef kDateFunctions[] = {
    {"current_date", 0, kNowFlags, DateText<DateParts::kDate>, nullptr},
    {"current_time", 0, kNowFlags, DateText<DateParts::kTime>, nullptr},
    {"current_timestamp", 0, kNowFlags, DateText<DateParts::kDateTime>, nullptr},
    {"date", -1, kDateFlags, DateText<DateParts::kDate>, nullptr},
    {"datetime", -1, kDateFlags, DateText<DateParts::kDateTime>, nullptr},
    {"julianday", -1, kDateFlags, JulianDay, nullptr},
    {"strftime", -1, kDateFlags, Strftime, nullptr},
    {"time", -1, kDateFlags, DateText<DateParts::kTime>, nullptr},
    {"unixepoch", -1, kDateFlags, UnixEpoch, nullptr},
};

}  // namespace

std::span<const FunctionDef> DateFunctions() {
  return kDateFunctions;
}

}  // namespace simlite::vdbe::builtin
