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
