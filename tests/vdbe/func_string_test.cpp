// String, pattern and printf functions against real SQLite, with arguments drawn from small
// alphabets (so that substrings, trim sets and patterns actually meet) and from the general
// value generator.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/function_harness.h"
#include "vdbe/value.h"

namespace simlite::vdbe {
namespace {

using testing::ExpectAgreesOn;
using testing::SqliteOracle;
using testing::ValueGenerator;

constexpr int kCases = 4000;
const std::string kAlphabet = "abcAB \xc3\xa9\xe2\x82\xac.";

// A text over kAlphabet, sometimes a value of any type.
Mem TextArg(ValueGenerator* gen, int max_length) {
  if (gen->OneIn(8)) return gen->Next();
  if (gen->OneIn(10)) return Mem::Blob(gen->ShortText("abc", max_length));
  return Mem::Text(gen->ShortText(kAlphabet, max_length));
}

// A position or count: small, negative, zero, or beyond 32 bits (SQLite truncates to int).
Mem CountArg(ValueGenerator* gen) {
  switch (gen->Uniform(0, 5)) {
    case 0:
      return gen->Next();
    case 1:
      return Mem::Int(gen->Uniform(-(int64_t{1} << 33), int64_t{1} << 33));
    case 2:
      return Mem::Real(static_cast<double>(gen->Uniform(-100, 100)) / 8);
    default:
      return Mem::Int(gen->Uniform(-8, 8));
  }
}

TEST(FuncStringTest, SubstrMatchesSqlite) {
  SqliteOracle oracle;
  ValueGenerator gen(31);
  for (const char* name : {"substr", "substring"}) {
    ExpectAgreesOn(&oracle, name, kCases, [&] {
      return std::vector<Mem>{TextArg(&gen, 8), CountArg(&gen)};
    });
    ExpectAgreesOn(&oracle, name, kCases, [&] {
      return std::vector<Mem>{TextArg(&gen, 8), CountArg(&gen), CountArg(&gen)};
    });
  }
}

TEST(FuncStringTest, InstrReplaceTrimMatchSqlite) {
  SqliteOracle oracle;
  ValueGenerator gen(32);
  ExpectAgreesOn(&oracle, "instr", kCases, [&] {
    return std::vector<Mem>{TextArg(&gen, 8), TextArg(&gen, 2)};
  });
  ExpectAgreesOn(&oracle, "replace", kCases, [&] {
    return std::vector<Mem>{TextArg(&gen, 8), TextArg(&gen, 2), TextArg(&gen, 3)};
  });
  for (const char* name : {"trim", "ltrim", "rtrim"}) {
    ExpectAgreesOn(&oracle, name, kCases, [&] {
      return std::vector<Mem>{TextArg(&gen, 8), TextArg(&gen, 3)};
    });
  }
}

// A LIKE or GLOB pattern: wildcards, sets, escapes and literals mixed.
std::string Pattern(ValueGenerator* gen, bool glob) {
  static const char* kLikePieces[] = {"%",   "_",   "a",        "A",  "b", "\\",
                                      "\\%", "\\_", "\xc3\xa9", "%%", "c", "."};
  static const char* kGlobPieces[] = {"*",
                                      "?",
                                      "a",
                                      "A",
                                      "b",
                                      "[ab]",
                                      "[^a]",
                                      "[a-c]",
                                      "[]]",
                                      "[",
                                      "]",
                                      "\xc3\xa9",
                                      "[\xc3\xa9-\xe2\x82\xac]",
                                      "-",
                                      "^"};
  std::string pattern;
  int count = static_cast<int>(gen->Uniform(0, 5));
  for (int piece_idx = 0; piece_idx < count; piece_idx++) {
    pattern += glob ? kGlobPieces[gen->Uniform(0, std::size(kGlobPieces) - 1)]
                    : kLikePieces[gen->Uniform(0, std::size(kLikePieces) - 1)];
  }
  return pattern;
}

TEST(FuncStringTest, LikeAndGlobMatchSqlite) {
  SqliteOracle oracle;
  ValueGenerator gen(33);
  const std::string kSubjects = "aAbBc%_\\\xc3\xa9[]-^.";
  auto subject = [&] {
    return gen.OneIn(10) ? gen.Next() : Mem::Text(gen.ShortText(kSubjects, 6));
  };
  ExpectAgreesOn(&oracle, "like", 3 * kCases, [&] {
    Mem pattern = gen.OneIn(10) ? gen.Next() : Mem::Text(Pattern(&gen, false));
    return std::vector<Mem>{pattern, subject()};
  });
  ExpectAgreesOn(&oracle, "glob", 3 * kCases, [&] {
    Mem pattern = gen.OneIn(10) ? gen.Next() : Mem::Text(Pattern(&gen, true));
    return std::vector<Mem>{pattern, subject()};
  });
  ExpectAgreesOn(&oracle, "like", 3 * kCases, [&] {
    static const char* kEscapes[] = {"\\", "%", "_", "a", "\xc3\xa9", "", "ab"};
    Mem escape =
        gen.OneIn(10) ? gen.Next() : Mem::Text(kEscapes[gen.Uniform(0, std::size(kEscapes) - 1)]);
    return std::vector<Mem>{Mem::Text(Pattern(&gen, false)), subject(), escape};
  });
}

// A printf format: literal text and conversions with random flags, widths and precisions.
std::string FormatString(ValueGenerator* gen) {
  static const char* kFlags[] = {"", "", "-", "+", " ", "#", "!", "0", ",", "-0", "!-", "+0"};
  static const char* kWidths[] = {"", "", "5", "12", "*", "0", "1"};
  static const char* kPrecisions[] = {"", "", ".0", ".1", ".3", ".10", ".*", ".", ".25"};
  static const char* kTypes[] = {"d", "i", "u", "x", "X",   "o", "p",  "r", "f",
                                 "e", "E", "g", "G", "s",   "z", "q",  "Q", "w",
                                 "c", "n", "%", "l", "lld", "T", "lf", "h"};
  std::string format = gen->OneIn(3) ? "<" : "";
  int count = static_cast<int>(gen->Uniform(1, 3));
  for (int conversion_idx = 0; conversion_idx < count; conversion_idx++) {
    format += "%";
    format += kFlags[gen->Uniform(0, std::size(kFlags) - 1)];
    format += kWidths[gen->Uniform(0, std::size(kWidths) - 1)];
    format += kPrecisions[gen->Uniform(0, std::size(kPrecisions) - 1)];
    format += kTypes[gen->Uniform(0, std::size(kTypes) - 1)];
    if (gen->OneIn(2)) format += "|";
  }
  if (gen->OneIn(10)) format += "%";
  return format;
}

TEST(FuncStringTest, PrintfMatchesSqlite) {
  SqliteOracle oracle;
  ValueGenerator gen(34);
  for (const char* name : {"printf", "format"}) {
    ExpectAgreesOn(&oracle, name, 5 * kCases, [&] {
      std::string format = FormatString(&gen);
      std::vector<Mem> args = {Mem::Text(format)};
      // A '*' takes its width or precision from any argument: keep them small then, or the
      // output runs to gigabytes.
      bool star = format.find('*') != std::string::npos;
      int count = static_cast<int>(gen.Uniform(0, 5));
      for (int arg_idx = 0; arg_idx < count; arg_idx++) {
        Mem arg = gen.OneIn(3) ? Mem::Int(gen.Uniform(-20, 20)) : gen.Next();
        if (star && (ToInt64(arg) > 100 || ToInt64(arg) < -100)) arg = Mem::Int(7);
        args.push_back(arg);
      }
      return args;
    });
  }
}

// Floating-point conversions over many magnitudes and precisions.
TEST(FuncStringTest, PrintfFloatsMatchSqlite) {
  SqliteOracle oracle;
  ValueGenerator gen(35);
  ExpectAgreesOn(&oracle, "printf", 5 * kCases, [&] {
    static const char* kFormats[] = {
        "%f",     "%e",      "%g",       "%.0f",  "%.1f",  "%.2f",   "%.3e",  "%.10g",  "%.15g",
        "%!.15g", "%!.20e",  "%.20f",    "%#g",   "%!g",   "%!.0f",  "%.30f", "%!.30f", "%G",
        "%+.5E",  "%010.4f", "%-12.3g|", "%.17g", "%.16e", "%!.26e", "%.1e"};
    Mem format = Mem::Text(kFormats[gen.Uniform(0, std::size(kFormats) - 1)]);
    return std::vector<Mem>{format, gen.NextReal()};
  });
}

}  // namespace
}  // namespace simlite::vdbe

namespace simlite::vdbe {
namespace {

// Corner cases met while matching SQLite, kept as regression tests.
TEST(FuncStringTest, CornerCasesMatchSqlite) {
  SqliteOracle oracle;
  struct Case {
    const char* name;
    std::vector<Mem> args;
  };
  const std::string with_nul("a\0b", 3);
  const std::vector<Case> kCornerCases = {
      {"printf", {Mem::Text("")}},
      {"printf", {Mem::Text("%s"), Mem::Text("")}},
      {"printf", {Mem::Text("%n")}},
      {"printf", {Mem::Text("abc%T")}},
      {"printf", {Mem::Text("%.1000000000d"), Mem::Int(1)}},
      {"printf", {Mem::Text("%2000000000d"), Mem::Int(1)}},
      {"printf", {Mem::Text("%c"), Mem::Text("")}},
      {"printf", {Mem::Text("%.10r"), Mem::Int(0)}},
      {"printf", {Mem::Text("%!.40f"), Mem::Real(1.0 / 3)}},
      {"printf", {Mem::Text("%s"), Mem::Blob(with_nul)}},
      {"quote", {Mem::Text(with_nul)}},
      {"length", {Mem::Text(with_nul)}},
      {"replace", {Mem::Blob("ab"), Mem::Text(""), Mem::Text("x")}},
      {"replace", {Mem::Int(5), Mem::Text(""), Mem::Text("x")}},
      {"replace", {Mem::Text("abc"), Mem::Text(std::string("\0b", 2)), Mem::Text("x")}},
      {"substr", {Mem::Blob(""), Mem::Int(1)}},
      {"substr", {Mem::Text("abcdef"), Mem::Int(4294967298)}},
      {"round", {Mem::Int(42), Mem::Int(20)}},
      {"round", {Mem::Real(-0.0)}},
      {"abs", {Mem::Real(-0.0)}},
      {"trim", {Mem::Text("xxaxx"), Mem::Text(std::string("x\0a", 3))}},
      {"like", {Mem::Text("a%"), Mem::Blob("abc")}},
      {"like", {Mem::Text("a%%"), Mem::Text("a%"), Mem::Text("%")}},
      {"like", {Mem::Text("a"), Mem::Text("a"), Mem::Text("")}},
      {"glob", {Mem::Text("*[a]"), Mem::Text("ba")}},
      {"unicode", {Mem::Blob("\x80")}},
      {"char", {Mem::Int(-1), Mem::Int(0x110000), Mem::Null(), Mem::Int(0xd800)}},
  };
  for (const Case& c : kCornerCases) {
    EXPECT_TRUE(testing::ExpectBuiltinAgrees(&oracle, c.name, c.args));
  }
}

}  // namespace
}  // namespace simlite::vdbe
