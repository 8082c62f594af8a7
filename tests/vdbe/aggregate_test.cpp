// Aggregate functions against real SQLite: groups of generated values inserted into a table
// with no column affinity, aggregated by SQLite's SELECT and by stepping simlite's state
// objects over the same rows in rowid order.
#include "vdbe/aggregate.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/sqlite_oracle.h"

namespace simlite::vdbe {
namespace {

using testing::Describe;
using testing::Outcome;
using testing::SameOutcome;
using testing::SqliteOracle;
using testing::ValueGenerator;

using Rows = std::vector<std::vector<Mem>>;

// Steps a fresh (then a Reset, reused) instance of aggregate `name` over rows.
Outcome RunAggregate(const std::string& name, const Rows& rows, Collation collation,
                     AggregateFunction* reused) {
  size_t arg_count = rows.empty() ? 1 : rows[0].size();
  const FunctionDef* def = FindFunction(name, static_cast<int>(arg_count));
  EXPECT_TRUE(def != nullptr && def->aggregate != nullptr) << name;
  Outcome outcome;
  FunctionEnv env;
  StepTime step_time;
  FunctionContext ctx(&env, &step_time, &outcome.value);
  ctx.set_collation(collation);
  reused->Reset();
  for (const std::vector<Mem>& row : rows) {
    reused->Step(&ctx, row);
    if (ctx.failed()) break;
  }
  if (!ctx.failed()) reused->Final(&ctx);
  if (ctx.failed()) {
    outcome.ok = false;
    outcome.error = ctx.error();
    outcome.value.SetNull();
  }
  return outcome;
}

Mem AggregateValue(ValueGenerator* gen, bool numbers) {
  if (!numbers) return gen->Next();
  switch (gen->Uniform(0, 4)) {
    case 0:
      return gen->Next();
    case 1:
      return Mem::Int(gen->OneIn(2) ? INT64_MAX - gen->Uniform(0, 3) : gen->Uniform(-9, 9));
    case 2:
      return gen->NextReal();
    default:
      return gen->NextInteger();
  }
}

void ExpectAggregateAgrees(const std::string& sql_call, const std::string& name, size_t arg_count,
                           Collation collation, bool numbers, uint64_t seed) {
  SqliteOracle oracle;
  oracle.Exec("CREATE TABLE g(x, y)");
  ValueGenerator gen(seed);
  const FunctionDef* def = FindFunction(name, static_cast<int>(arg_count));
  ASSERT_NE(def, nullptr);
  std::unique_ptr<AggregateFunction> aggregate = def->aggregate();
  int mismatches = 0;
  for (int case_idx = 0; case_idx < 1500 && mismatches < 20; case_idx++) {
    oracle.Exec("DELETE FROM g");
    Rows rows;
    std::string values;  // for the failure message
    int row_count = static_cast<int>(gen.Uniform(0, 6));
    for (int row_idx = 0; row_idx < row_count; row_idx++) {
      std::vector<Mem> row = {AggregateValue(&gen, numbers),
                              gen.OneIn(3) ? gen.Next() : Mem::Text(gen.ShortText(";-", 2))};
      Mem insert_args[] = {row[0], row[1]};
      std::vector<Mem> ignored;
      std::string error;
      ASSERT_TRUE(oracle.EvalRow("INSERT INTO g VALUES(?1, ?2)", insert_args, &ignored, &error));
      values += Describe(row[0]) + "; ";
      row.resize(arg_count);
      rows.push_back(row);
    }
    Outcome expected = oracle.Eval("SELECT " + sql_call + " FROM g", {});
    Outcome actual = RunAggregate(name, rows, collation, aggregate.get());
    if (!SameOutcome(actual, expected)) {
      mismatches++;
      ADD_FAILURE() << sql_call << " over [" << values << "]: simlite " << Describe(actual)
                    << ", sqlite " << Describe(expected);
    }
  }
}

TEST(AggregateTest, CountSumTotalAvgMatchSqlite) {
  ExpectAggregateAgrees("count(*)", "count", 0, Collation::kBinary, false, 51);
  ExpectAggregateAgrees("count(x)", "count", 1, Collation::kBinary, false, 52);
  for (const char* name : {"sum", "total", "avg"}) {
    ExpectAggregateAgrees(std::string(name) + "(x)", name, 1, Collation::kBinary, true, 53);
    ExpectAggregateAgrees(std::string(name) + "(x)", name, 1, Collation::kBinary, false, 54);
  }
}

TEST(AggregateTest, MinMaxMatchSqlite) {
  ExpectAggregateAgrees("min(x)", "min", 1, Collation::kBinary, false, 55);
  ExpectAggregateAgrees("max(x)", "max", 1, Collation::kBinary, false, 56);
  ExpectAggregateAgrees("min(x COLLATE NOCASE)", "min", 1, Collation::kNoCase, false, 57);
  ExpectAggregateAgrees("max(x COLLATE RTRIM)", "max", 1, Collation::kRtrim, false, 58);
  ExpectAggregateAgrees("max(x)", "max", 1, Collation::kBinary, true, 59);
}

TEST(AggregateTest, GroupConcatMatchesSqlite) {
  ExpectAggregateAgrees("group_concat(x)", "group_concat", 1, Collation::kBinary, false, 60);
  ExpectAggregateAgrees("group_concat(x, y)", "group_concat", 2, Collation::kBinary, false, 61);
}

// The first of equal values stays the best, and updated() says which row supplied it.
TEST(AggregateTest, MinKeepsTheFirstOfEqualValues) {
  MinMaxAggregate min(/*is_max=*/false);
  FunctionEnv env;
  StepTime step_time;
  Mem result;
  FunctionContext ctx(&env, &step_time, &result);
  ctx.set_collation(Collation::kNoCase);
  min.Reset();
  Mem first[] = {Mem::Text("a")};
  Mem second[] = {Mem::Text("A")};
  min.Step(&ctx, first);
  EXPECT_TRUE(min.updated());
  min.Step(&ctx, second);
  EXPECT_FALSE(min.updated());
  min.Final(&ctx);
  EXPECT_EQ(result.chars(), "a");
}

}  // namespace
}  // namespace simlite::vdbe
