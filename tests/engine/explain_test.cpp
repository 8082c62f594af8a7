// EXPLAIN and EXPLAIN QUERY PLAN: the listing uses SQLite's opcode names and columns, and the
// plan names the access path each table gets, worded as SQLite words it (for the plans where
// simlite and SQLite agree).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/support/dual_db.h"

namespace simlite::engine {
namespace {

using testing::DualDb;
using testing::PlanDetails;

constexpr const char* kSchema =
    "CREATE TABLE t(a INTEGER PRIMARY KEY, b, c); CREATE INDEX tb ON t(b);"
    "CREATE TABLE u(x, y)";

TEST(ExplainTest, QueryPlanMatchesSqlite) {
  DualDb db;
  db.Exec(kSchema);
  for (const char* sql :
       {"SELECT * FROM t", "SELECT * FROM t WHERE a = 1", "SELECT * FROM t WHERE b = 2",
        "SELECT * FROM t WHERE a > 1 AND a < 5", "SELECT * FROM t ORDER BY c",
        "SELECT * FROM t WHERE c IN (1, 2, 3)", "SELECT * FROM t LEFT JOIN u ON x = a",
        "SELECT DISTINCT c FROM t", "SELECT c, count(*) FROM t GROUP BY c"}) {
    EXPECT_EQ(PlanDetails(&db, sql, false), PlanDetails(&db, sql, true)) << sql;
  }
}

TEST(ExplainTest, QueryPlanNamesSubqueriesAndCompounds) {
  DualDb db;
  db.Exec(kSchema);
  std::vector<std::string> plan =
      PlanDetails(&db, "SELECT a FROM t WHERE a IN (SELECT x FROM u) UNION SELECT x FROM u", false);
  std::set<std::string> lines(plan.begin(), plan.end());
  EXPECT_TRUE(lines.count("T:'COMPOUND QUERY'")) << ::testing::PrintToString(plan);
  EXPECT_TRUE(lines.count("T:'LIST SUBQUERY 1'")) << ::testing::PrintToString(plan);
  EXPECT_TRUE(lines.count("T:'UNION USING TEMP B-TREE'")) << ::testing::PrintToString(plan);
}

// Number of Next / Prev instructions in an EXPLAIN listing.
int Steps(const testing::Outcome2& listing) {
  int steps = 0;
  for (const std::string& row : listing.rows) {
    steps += row.find("|T:'Next'|") != std::string::npos ||
             row.find("|T:'Prev'|") != std::string::npos;
  }
  return steps;
}

// A unique index looked up by '=' on all its columns finds one entry at most: the loop takes
// no step past it (SQLite's WHERE_ONEROW); IS, IN and partial keys still step.
TEST(ExplainTest, UniqueLookupTakesNoStep) {
  DualDb db;
  db.Exec("CREATE TABLE v(a TEXT UNIQUE, b, c, d, UNIQUE(b, c))");
  for (const char* sql :
       {"SELECT c FROM v WHERE a = 1", "SELECT c FROM v WHERE a IS NULL",
        "SELECT c FROM v WHERE a IS 5", "SELECT c FROM v WHERE b = 1",
        "SELECT c FROM v WHERE b = 1 AND c = 2", "SELECT c FROM v WHERE a IN (1, 2, 3)",
        "SELECT * FROM v AS p, v AS q WHERE q.a = p.b", "UPDATE v SET c = 1 WHERE a = 3",
        "DELETE FROM v WHERE a = 3", "SELECT c FROM v WHERE b = 1 AND c > 2"}) {
    const std::string explain = std::string("EXPLAIN ") + sql;
    testing::Outcome2 mine = db.RunSimlite(explain.c_str());
    testing::Outcome2 theirs = db.RunSqlite(explain.c_str());
    ASSERT_TRUE(mine.ok) << mine.error;
    EXPECT_EQ(Steps(mine), Steps(theirs)) << sql;
  }
}

TEST(ExplainTest, ListingHasSqliteColumnsAndOpcodes) {
  DualDb db;
  db.Exec(kSchema);
  testing::Outcome2 mine = db.RunSimlite("EXPLAIN SELECT b FROM t WHERE a > 5");
  testing::Outcome2 theirs = db.RunSqlite("EXPLAIN SELECT b FROM t WHERE a > 5");
  ASSERT_TRUE(mine.ok) << mine.error;
  EXPECT_EQ(mine.columns, theirs.columns);
  std::set<std::string> opcodes;
  for (const std::string& row : mine.rows) {
    size_t first = row.find('|') + 1;
    opcodes.insert(row.substr(first, row.find('|', first) - first));
  }
  for (const char* opcode : {"T:'Init'", "T:'OpenRead'", "T:'SeekGT'", "T:'Column'",
                             "T:'ResultRow'", "T:'Next'", "T:'Halt'", "T:'Transaction'"}) {
    EXPECT_TRUE(opcodes.count(opcode)) << opcode;
  }
}

}  // namespace
}  // namespace simlite::engine
