// Math functions against real SQLite (same C library, so results agree to the bit).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/function_harness.h"

namespace simlite::vdbe {
namespace {

using testing::ExpectAgreesOn;
using testing::SqliteOracle;
using testing::ValueGenerator;

constexpr int kCases = 3000;

// Mostly numbers in the functions' interesting ranges, sometimes anything.
Mem MathArg(ValueGenerator* gen) {
  switch (gen->Uniform(0, 6)) {
    case 0:
      return gen->Next();
    case 1:
      return Mem::Text(gen->NumericText());
    case 2:
      return Mem::Real(static_cast<double>(gen->Uniform(-4000, 4000)) / 1000.0);
    case 3:
      return Mem::Int(gen->Uniform(-10, 10));
    case 4:
      return gen->NextInteger();
    default:
      return gen->NextReal();
  }
}

TEST(FuncMathTest, OneArgumentFunctionsMatchSqlite) {
  SqliteOracle oracle;
  ValueGenerator gen(41);
  for (const char* name :
       {"acos", "acosh",   "asin",    "asinh", "atan",  "atanh", "ceil", "ceiling",
        "cos",  "cosh",    "degrees", "exp",   "floor", "ln",    "log",  "log10",
        "log2", "radians", "sin",     "sinh",  "sqrt",  "tan",   "tanh", "trunc"}) {
    SCOPED_TRACE(name);
    ExpectAgreesOn(&oracle, name, kCases, [&] { return std::vector<Mem>{MathArg(&gen)}; });
  }
}

TEST(FuncMathTest, TwoArgumentFunctionsMatchSqlite) {
  SqliteOracle oracle;
  ValueGenerator gen(42);
  for (const char* name : {"atan2", "log", "mod", "pow", "power"}) {
    SCOPED_TRACE(name);
    ExpectAgreesOn(&oracle, name, kCases, [&] {
      return std::vector<Mem>{MathArg(&gen), MathArg(&gen)};
    });
  }
  ExpectAgreesOn(&oracle, "pi", 1, [] { return std::vector<Mem>{}; });
}

}  // namespace
}  // namespace simlite::vdbe
