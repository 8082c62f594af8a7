// The shrinker keeps a reduction only where the same failure persists: the same kind of
// difference at the same statement, not any failure at all.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "simulator/simulation.h"

namespace simlite::sim {
namespace {

// A deliberate difference (docs/compat.md: simlite's planner reads no expression index)
// stands in for a bug: EXPLAIN QUERY PLAN of a query on an indexed expression shows SQLite's
// SEARCH and simlite's SCAN.
const char* kCreateTable = "CREATE TABLE t(c, d)";
const char* kCreateIndex = "CREATE INDEX i1 ON t(c + 1)";
const char* kFirstPlan = "EXPLAIN QUERY PLAN SELECT * FROM t WHERE c + 1 = 5";
const char* kSecondPlan = "EXPLAIN QUERY PLAN SELECT * FROM t WHERE c + 1 = 6";

RunResult Replay(const std::vector<std::string>& statements) {
  RunOptions options;
  options.script = &statements;
  return RunSimulation(DrawConfig(1, false), options);
}

TEST(Shrink, FailureNamesItsKindAndStatement) {
  const RunResult result = Replay({kCreateTable, kCreateIndex, "SELECT 1", kFirstPlan});
  ASSERT_TRUE(result.failed);
  EXPECT_EQ(result.failure_kind, "differs: rows");
  EXPECT_EQ(result.failure_statement, kFirstPlan);
}

TEST(Shrink, KeepsTheSameFailure) {
  // Dropping the first plan leaves a run that fails too, but at the second one: another
  // failure, which the shrinker must not take for the first.
  const std::vector<std::string> statements = {kCreateTable, kCreateIndex, kFirstPlan,
                                               kSecondPlan};
  const std::vector<std::string> shrunk = Shrink(DrawConfig(1, false), statements, true, 200);
  const std::vector<std::string> expected = {kCreateTable, kCreateIndex, kFirstPlan};
  EXPECT_EQ(shrunk, expected);
  const RunResult result = Replay(shrunk);
  EXPECT_EQ(result.failure_statement, kFirstPlan);
}

TEST(Shrink, LeavesAListWhoseReplayPassesAlone) {
  const std::vector<std::string> statements = {kCreateTable, kSecondPlan};
  EXPECT_EQ(Shrink(DrawConfig(1, false), statements, true, 200), statements);
}

}  // namespace
}  // namespace simlite::sim
