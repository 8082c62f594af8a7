// Seeded random window queries, each run on simlite and on real SQLite with the results
// compared: every built-in window function and aggregate, PARTITION BY and ORDER BY (NULLS,
// DESC, a NOCASE column, mixed types), ROWS / RANGE / GROUPS frames with every kind of bound
// and EXCLUDE, FILTER, several windows in one query (their passes decide the order of ties),
// and windows over GROUP BY.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "tests/support/dual_db.h"

namespace simlite::engine {
namespace {

using testing::DualDb;

class WindowGenerator {
 public:
  explicit WindowGenerator(uint64_t seed) : rng_(seed) {}

  // CREATE TABLE f and 40 rows of NULLs, ties, numbers, texts equal but for case.
  std::string Schema() {
    std::string sql =
        "CREATE TABLE f(id INTEGER PRIMARY KEY, g, h TEXT COLLATE NOCASE, x, y REAL);"
        "INSERT INTO f VALUES ";
    for (int id = 1; id <= 40; id++) {
      if (id > 1) sql += ", ";
      sql += "(" + std::to_string(id) + ", " + Pick({"1", "2", "3", "NULL"}) + ", " +
             Pick({"'a'", "'A'", "'b'", "'B'", "'c'", "NULL", "'dd'"}) + ", " +
             Pick({"NULL", std::to_string(Uniform(-5, 10)), std::to_string(Uniform(-5, 10)),
                   std::to_string(Uniform(0, 3)) + ".5", "'txt'"}) +
             ", " +
             Pick({"NULL", std::to_string(Uniform(0, 8) * 0.25), std::to_string(Uniform(-3, 3))}) +
             ")";
    }
    return sql;
  }

  std::string Call() {
    return Pick({"row_number()",
                 "rank()",
                 "dense_rank()",
                 "percent_rank()",
                 "cume_dist()",
                 "ntile(" + std::to_string(Uniform(1, 5)) + ")",
                 "lag(x)",
                 "lead(x, 2)",
                 "lag(y, 1, -1)",
                 "first_value(x)",
                 "last_value(h)",
                 "nth_value(x, 2)",
                 "count(*)",
                 "count(x)",
                 "sum(y)",
                 "total(x)",
                 "avg(y)",
                 "min(x)",
                 "max(h)",
                 "min(h)",
                 "max(y)",
                 "group_concat(h)",
                 "group_concat(id, '.')",
                 "sum(id) FILTER (WHERE g = 1)",
                 "count(*) FILTER (WHERE x > 2)",
                 "max(x) FILTER (WHERE id % 3)"});
  }

  std::string Window() {
    std::string window = "(";
    if (Uniform(0, 1) == 1) window += "PARTITION BY " + Pick({"g", "h", "g, h", "x IS NULL"}) + " ";
    std::string order;
    if (Uniform(0, 4) > 0) {
      order = Pick({"id", "x", "y", "h", "g, id", "x DESC", "y NULLS LAST", "h DESC NULLS FIRST",
                    "g DESC, x", "x, id"});
      window += "ORDER BY " + order + " ";
    }
    return window + Frame(order) + ")";
  }

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::string Pick(const std::vector<std::string>& choices) {
    return choices[static_cast<size_t>(Uniform(0, static_cast<int>(choices.size()) - 1))];
  }

 private:
  std::string Frame(const std::string& order) {
    if (Uniform(0, 9) < 3) return "";
    std::string unit = Pick({"ROWS", "RANGE", "GROUPS"});
    // RANGE with an offset wants one ORDER BY term.
    if (unit == "RANGE" && (order.empty() || order.find(',') != std::string::npos)) unit = "ROWS";
    return unit + " BETWEEN " + Bound(true, unit) + " AND " + Bound(false, unit) + " " +
           Pick({"", "", "EXCLUDE CURRENT ROW", "EXCLUDE GROUP", "EXCLUDE TIES",
                 "EXCLUDE NO OTHERS"});
  }

  std::string Bound(bool start, const std::string& unit) {
    switch (Uniform(0, 3)) {
      case 0:
        return start ? "UNBOUNDED PRECEDING" : "UNBOUNDED FOLLOWING";
      case 1:
        return "CURRENT ROW";
      default:
        return (unit == "RANGE" ? Pick({"0", "1", "2.5", "0.5"}) : Pick({"0", "1", "2", "3"})) +
               Pick({" PRECEDING", " FOLLOWING"});
    }
  }

  std::mt19937_64 rng_;
};

TEST(RandomWindowTest, WindowsMatchSqlite) {
  WindowGenerator gen(2024);
  DualDb db;
  db.Exec(gen.Schema());
  int failures = 0;
  for (int case_idx = 0; case_idx < 3000 && failures < 10; case_idx++) {
    std::string sql = "SELECT id";
    const int call_count = gen.Uniform(1, 3);
    for (int call_idx = 0; call_idx < call_count; call_idx++) {
      sql += ", " + gen.Call() + " OVER " + gen.Window();
    }
    sql += " FROM f";
    if (gen.Uniform(0, 2) == 0) sql += " WHERE id % " + std::to_string(gen.Uniform(2, 5)) + " <> 0";
    // Without ORDER BY, the rows come in the first window's order (ties as the passes leave
    // them), which must be SQLite's too.
    const bool ordered = gen.Uniform(0, 1) == 0;
    if (ordered) sql += " ORDER BY id";
    ::testing::AssertionResult same = db.Same(sql, true);
    if (!same) failures++;
    EXPECT_TRUE(same);
  }
}

TEST(RandomWindowTest, WindowsOverGroupsMatchSqlite) {
  WindowGenerator gen(77);
  DualDb db;
  db.Exec(gen.Schema());
  int failures = 0;
  for (int case_idx = 0; case_idx < 400 && failures < 10; case_idx++) {
    std::string key = gen.Pick({"g", "h", "x IS NULL", "id % 4"});
    std::string sql = "SELECT " + key + ", count(*), " +
                      gen.Pick({"rank()", "row_number()", "lag(sum(id))", "cume_dist()"}) +
                      " OVER (ORDER BY " + gen.Pick({"count(*)", "sum(id)", "max(x)", key}) + ", " +
                      key + "), sum(sum(id)) OVER (" +
                      gen.Pick({"", "ORDER BY " + key, "ORDER BY min(y) ROWS 1 PRECEDING"}) +
                      ") FROM f GROUP BY " + key + " ORDER BY 1";
    ::testing::AssertionResult same = db.Same(sql, true);
    if (!same) failures++;
    EXPECT_TRUE(same);
  }
}

}  // namespace
}  // namespace simlite::engine
