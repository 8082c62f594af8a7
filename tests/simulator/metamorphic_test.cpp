// The queries TLP and NoREC derive from a SELECT (simulator/metamorphic.h), and the SELECTs
// they must leave alone.
#include "simulator/metamorphic.h"

#include <gtest/gtest.h>

namespace simlite::sim {
namespace {

TEST(MetamorphicTest, DerivesThePartitionsAndTheCounts) {
  MetamorphicQueries queries;
  ASSERT_TRUE(DeriveMetamorphicQueries(
      "SELECT a + 1 AS x, t.b FROM t LEFT JOIN u ON t.a = u.a WHERE t.b > 3 ORDER BY 1",
      &queries));
  EXPECT_EQ(queries.whole, "SELECT a + 1 AS x, t.b FROM t LEFT JOIN u ON t.a = u.a");
  ASSERT_EQ(queries.partitions.size(), 3u);
  EXPECT_EQ(queries.partitions[0],
            "SELECT a + 1 AS x, t.b FROM t LEFT JOIN u ON t.a = u.a WHERE (t.b > 3)");
  EXPECT_EQ(queries.partitions[1],
            "SELECT a + 1 AS x, t.b FROM t LEFT JOIN u ON t.a = u.a WHERE NOT (t.b > 3)");
  EXPECT_EQ(queries.partitions[2],
            "SELECT a + 1 AS x, t.b FROM t LEFT JOIN u ON t.a = u.a WHERE (t.b > 3) IS NULL");
  EXPECT_EQ(queries.optimized_count,
            "SELECT count(*) FROM t LEFT JOIN u ON t.a = u.a WHERE (t.b > 3)");
  EXPECT_EQ(queries.unoptimized_count,
            "SELECT coalesce(sum(CASE WHEN (t.b > 3) THEN 1 ELSE 0 END), 0) FROM t LEFT JOIN u "
            "ON t.a = u.a");
}

TEST(MetamorphicTest, KeepsSubqueriesInThePredicate) {
  MetamorphicQueries queries;
  ASSERT_TRUE(DeriveMetamorphicQueries(
      "select * from t where a in (select b from u where b > 1) or c is null", &queries));
  EXPECT_EQ(queries.whole, "select * from t");
  EXPECT_EQ(queries.partitions[1],
            "select * from t WHERE NOT (a in (select b from u where b > 1) or c is null)");
}

TEST(MetamorphicTest, LeavesAloneWhatDependsOnMoreThanTheRows) {
  MetamorphicQueries queries;
  for (const char* sql : {
           "SELECT a FROM t",                                  // no WHERE
           "SELECT DISTINCT a FROM t WHERE a > 1",             // DISTINCT
           "SELECT count(*) FROM t WHERE a > 1",               // aggregate
           "SELECT a, max(b) FROM t WHERE a > 1 GROUP BY a",   // grouping
           "SELECT a FROM t WHERE a > 1 LIMIT 3",              // LIMIT
           "SELECT a, row_number() OVER () FROM t WHERE a > 1",  // window
           "SELECT random() FROM t WHERE a > 1",               // not a function of the row
           "SELECT a FROM t WHERE a > 1 UNION SELECT b FROM u",  // compound
           "WITH c AS (SELECT 1) SELECT a FROM t WHERE a > 1",   // WITH
           "SELECT 1 WHERE 1",                                 // no FROM
           "DELETE FROM t WHERE a > 1", "SELECT a FROM", "EXPLAIN SELECT a FROM t WHERE a"}) {
    EXPECT_FALSE(DeriveMetamorphicQueries(sql, &queries)) << sql;
  }
}

}  // namespace
}  // namespace simlite::sim
