// Date and time functions against real SQLite: generated time values (valid, borderline and
// malformed ISO-8601 texts, Julian days, unix times) with chains of generated modifiers, through
// every function and strftime conversion. 'now' comes from a ManualClock in simlite and is
// compared with SQLite given the same instant as a unix time.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "io/clock.h"
#include "tests/support/function_harness.h"
#include "vdbe/date_time.h"

namespace simlite::vdbe {
namespace {

using testing::CallBuiltin;
using testing::ExpectAgreesOn;
using testing::Outcome;
using testing::SqliteOracle;
using testing::ValueGenerator;

constexpr int kCases = 4000;

// SQLite's localtime and utc follow the process time zone; simlite's default is UTC.
void UseUtc() {
  setenv("TZ", "UTC", 1);
  tzset();
}

std::string Digits(ValueGenerator* gen, int count, int64_t max) {
  std::string s = std::to_string(gen->Uniform(0, max));
  while (static_cast<int>(s.size()) < count) s = "0" + s;
  return s;
}

std::string TimeText(ValueGenerator* gen) {
  std::string s = Digits(gen, 2, gen->OneIn(10) ? 99 : 24) + ":" + Digits(gen, 2, 59);
  if (gen->OneIn(2)) s += ":" + Digits(gen, 2, gen->OneIn(10) ? 99 : 59);
  if (gen->OneIn(3)) s += "." + Digits(gen, static_cast<int>(gen->Uniform(1, 6)), 999999);
  switch (gen->Uniform(0, 8)) {
    case 0:
      s += "Z";
      break;
    case 1:
      s += (gen->OneIn(2) ? "+" : "-") + Digits(gen, 2, 15) + ":" + Digits(gen, 2, 59);
      break;
    case 2:
      s += " ";
      break;
    default:
      break;
  }
  return s;
}

Mem TimeValue(ValueGenerator* gen) {
  switch (gen->Uniform(0, 9)) {
    case 0:
      return Mem::Real(static_cast<double>(gen->Uniform(0, 5373484)) + gen->Uniform(0, 999) / 1e3);
    case 1:
      return Mem::Int(gen->Uniform(-300000000000, 300000000000));
    case 2:
      return gen->Next();
    case 3:
      return Mem::Text(TimeText(gen));
    case 4:
      return Mem::Text(std::to_string(gen->Uniform(0, 5373484)) + ".25");
    default: {
      std::string s = (gen->OneIn(20) ? "-" : "") + Digits(gen, 4, gen->OneIn(4) ? 9999 : 2100) +
                      "-" + Digits(gen, 2, gen->OneIn(10) ? 19 : 12) + "-" +
                      Digits(gen, 2, gen->OneIn(10) ? 39 : 31);
      if (gen->OneIn(2)) s += (gen->OneIn(3) ? "T" : " ") + TimeText(gen);
      return Mem::Text(s);
    }
  }
}

std::string RandomCase(ValueGenerator* gen, std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z' && gen->OneIn(4)) c = static_cast<char>(c - 32);
  }
  return s;
}

Mem Modifier(ValueGenerator* gen) {
  static const char* kUnits[] = {"day",     "days",   "hour",      "hours", "minute",
                                 "minutes", "second", "seconds",   "month", "months",
                                 "year",    "years",  "fortnight", "s"};
  static const char* kWords[] = {
      "start of month", "start of year", "start of day", "start of week", "unixepoch", "auto",
      "julianday",      "localtime",     "utc",          "weekday 0",     "weekday 3", "weekday 6",
      "weekday 7",      "weekday 1.5",   "weekday  2 ",  "subsec",        "nonsense",  ""};
  switch (gen->Uniform(0, 5)) {
    case 0:
    case 1: {
      std::string number = std::to_string(gen->Uniform(-400, 400));
      if (gen->OneIn(3)) number += "." + std::to_string(gen->Uniform(0, 99));
      if (gen->OneIn(3) && number[0] != '-') number = "+" + number;
      if (gen->OneIn(20)) number = "1e" + std::to_string(gen->Uniform(1, 20));
      std::string space = gen->OneIn(8) ? "  " : " ";
      return Mem::Text(RandomCase(gen, number + space + kUnits[gen->Uniform(0, 13)]));
    }
    case 2:
      return Mem::Text(RandomCase(gen, kWords[gen->Uniform(0, std::size(kWords) - 1)]));
    case 3: {
      std::string offset =
          (gen->OneIn(2) ? "+" : "-") + Digits(gen, 2, 30) + ":" + Digits(gen, 2, 59);
      if (gen->OneIn(2)) offset += ":" + Digits(gen, 2, 59) + ".5";
      return Mem::Text(offset);
    }
    case 4:
      return Mem::Int(gen->Uniform(-3, 3));
    default:
      return gen->OneIn(4) ? gen->Next() : Mem::Text(std::to_string(gen->Uniform(0, 9)) + " days");
  }
}

std::vector<Mem> DateArgs(ValueGenerator* gen) {
  std::vector<Mem> args = {TimeValue(gen)};
  int count = static_cast<int>(gen->Uniform(0, 3));
  for (int modifier_idx = 0; modifier_idx < count; modifier_idx++) {
    args.push_back(Modifier(gen));
  }
  return args;
}

TEST(FuncDateTest, DateFunctionsMatchSqlite) {
  UseUtc();
  SqliteOracle oracle;
  ValueGenerator gen(71);
  for (const char* name : {"date", "time", "datetime", "julianday", "unixepoch"}) {
    SCOPED_TRACE(name);
    ExpectAgreesOn(&oracle, name, kCases, [&] { return DateArgs(&gen); });
  }
}

TEST(FuncDateTest, StrftimeMatchesSqlite) {
  UseUtc();
  SqliteOracle oracle;
  ValueGenerator gen(72);
  static const char* kConversions[] = {"%d", "%f", "%H", "%j", "%J", "%m", "%M", "%s", "%S",
                                       "%w", "%W", "%Y", "%%", "-",  " ",  "%e", "%"};
  ExpectAgreesOn(&oracle, "strftime", 2 * kCases, [&] {
    std::string format;
    int count = static_cast<int>(gen.Uniform(0, 4));
    for (int conversion_idx = 0; conversion_idx < count; conversion_idx++) {
      format += kConversions[gen.Uniform(0, std::size(kConversions) - 2)];
    }
    if (gen.OneIn(30)) format += "%";
    std::vector<Mem> args = DateArgs(&gen);
    args.insert(args.begin(), Mem::Text(format));
    return args;
  });
}

// Every day of a few centuries, through the calendar conversions both ways.
TEST(FuncDateTest, CalendarRoundTripsMatchSqlite) {
  UseUtc();
  SqliteOracle oracle;
  for (int64_t day = 2299160; day < 2299160 + 400 * 365; day += 7) {
    Mem args[] = {Mem::Real(static_cast<double>(day) + 0.3), Mem::Text("start of month")};
    EXPECT_TRUE(testing::ExpectBuiltinAgrees(&oracle, "datetime", args));
    Mem strftime_args[] = {Mem::Text("%Y %j %W %w %J"), args[0]};
    EXPECT_TRUE(testing::ExpectBuiltinAgrees(&oracle, "strftime", strftime_args));
  }
}

// 'now' reads the injected clock: the same as SQLite given that instant as a unix time.
TEST(FuncDateTest, NowReadsTheInjectedClock) {
  UseUtc();
  SqliteOracle oracle;
  ValueGenerator gen(73);
  for (int case_idx = 0; case_idx < 500; case_idx++) {
    int64_t now_ms = gen.Uniform(0, 4102444800000);
    io::ManualClock clock(now_ms);
    FunctionEnv env;
    env.clock = &clock;
    std::vector<Mem> modifiers;
    if (gen.OneIn(2)) modifiers.push_back(Modifier(&gen));
    for (const char* name : {"date", "time", "datetime", "julianday", "unixepoch"}) {
      std::vector<Mem> our_args = {Mem::Text("now")};
      std::vector<Mem> sqlite_args = {Mem::Real(now_ms / 1000.0), Mem::Text("unixepoch")};
      for (const Mem& modifier : modifiers) {
        our_args.push_back(modifier);
        sqlite_args.push_back(modifier);
      }
      Outcome expected = oracle.Eval(testing::CallSql(name, sqlite_args.size()), sqlite_args);
      Outcome actual = CallBuiltin(name, our_args, env);
      EXPECT_TRUE(testing::Agree(name, our_args, actual, expected));
      if (modifiers.empty()) {
        Outcome no_args = CallBuiltin(name, {}, env);
        EXPECT_TRUE(testing::Agree(name, {}, no_args, expected));
      }
    }
    Outcome timestamp = CallBuiltin("current_timestamp", {}, env);
    Mem datetime_args[] = {Mem::Real(now_ms / 1000.0), Mem::Text("unixepoch")};
    EXPECT_TRUE(testing::Agree("current_timestamp", {}, timestamp,
                               oracle.Eval("SELECT datetime(?1, ?2)", datetime_args)));
  }
}

// Within one step every 'now' is the same instant, however the clock moves.
TEST(FuncDateTest, NowIsFixedWithinAStep) {
  io::ManualClock clock(1700000000000);
  FunctionEnv env;
  env.clock = &clock;
  StepTime step_time;
  Mem first;
  Mem second;
  FunctionContext ctx1(&env, &step_time, &first);
  FunctionContext ctx2(&env, &step_time, &second);
  const FunctionDef* julianday = FindFunction("julianday", 0);
  julianday->scalar(&ctx1, {});
  clock.AdvanceUs(5000000);
  julianday->scalar(&ctx2, {});
  EXPECT_EQ(first.r(), second.r());
  step_time.Reset();
  julianday->scalar(&ctx2, {});
  EXPECT_GT(second.r(), first.r());
}

// A fixed-offset zone for 'localtime' / 'utc'.
class FixedZone final : public LocalTime {
 public:
  explicit FixedZone(int64_t offset_seconds) : offset_seconds_(offset_seconds) {}
  bool OffsetSeconds(int64_t, int64_t* offset_seconds) override {
    *offset_seconds = offset_seconds_;
    return true;
  }

 private:
  int64_t offset_seconds_;
};

TEST(FuncDateTest, LocalTimeUsesTheInjectedZone) {
  FixedZone zone(-5 * 3600);
  FunctionEnv env;
  env.local_time = &zone;
  Mem args[] = {Mem::Text("2023-06-01 12:00:00"), Mem::Text("localtime")};
  Outcome local = CallBuiltin("datetime", args, env);
  EXPECT_EQ(local.value.chars(), "2023-06-01 07:00:00");
  args[1] = Mem::Text("utc");
  Outcome utc = CallBuiltin("datetime", args, env);
  EXPECT_EQ(utc.value.chars(), "2023-06-01 17:00:00");
}

}  // namespace
}  // namespace simlite::vdbe
