// Window functions against real SQLite: every built-in window function, aggregates over
// frames (ROWS, RANGE, GROUPS, their bounds and EXCLUDE), PARTITION BY / ORDER BY
// combinations, NULLs and ties, named windows and chaining, FILTER, windows in ORDER BY, in
// subqueries and over GROUP BY, and the errors SQLite reports. Each query runs on both engines
// over the same data; rows compare as ordered lists when marked, else as multisets.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/dual_db.h"

namespace simlite::engine {
namespace {

using testing::DualDb;
using testing::PlanDetails;

constexpr const char* kSchema = R"sql(
CREATE TABLE e(id INTEGER PRIMARY KEY, dept TEXT, name TEXT COLLATE NOCASE, salary INTEGER,
               bonus REAL, boss INTEGER);
INSERT INTO e VALUES
  (1, 'eng', 'ann', 100, 1.5, NULL), (2, 'eng', 'Bob', 120, NULL, 1),
  (3, 'eng', 'cat', 120, 2.25, 1), (4, 'ops', 'dan', 90, 0.5, NULL),
  (5, 'ops', 'Eve', NULL, 3.0, 4), (6, 'ops', 'fay', 90, NULL, 4),
  (7, 'hr', 'gus', 70, 1.0, NULL), (8, NULL, 'hal', 110, 0.25, NULL),
  (9, 'eng', 'ivy', 150, 4.5, 1), (10, 'hr', 'jo', 70, 1.0, 7), (11, 'ops', 'ANN', 90, 2.25, 4),
  (12, 'eng', 'bob', 100, 0.5, 1);
CREATE TABLE v(k INTEGER, x);
INSERT INTO v VALUES (1, 1), (2, 2.5), (3, NULL), (4, 'abc'), (5, 2.5), (6, -3), (7, x'01'),
  (8, 10), (9, NULL), (10, 4);
CREATE TABLE s(grp TEXT, t TEXT);
INSERT INTO s VALUES ('a', 'x'), ('a', 'yy'), ('b', 'z'), ('a', NULL), ('b', 'w'), ('a', 'v');
CREATE INDEX e_dept ON e(dept, salary);
)sql";

struct Query {
  const char* sql;
  bool ordered;
};

class WindowTest : public ::testing::TestWithParam<Query> {};

TEST_P(WindowTest, MatchesSqlite) {
  DualDb db;
  db.Exec(kSchema);
  EXPECT_TRUE(db.Same(GetParam().sql, GetParam().ordered));
}

const Query kQueries[] = {
    // Ranking functions.
    {"SELECT id, row_number() OVER (ORDER BY id) FROM e", true},
    {"SELECT id, row_number() OVER () FROM e", false},
    {"SELECT id, salary, rank() OVER (ORDER BY salary), dense_rank() OVER (ORDER BY salary) "
     "FROM e ORDER BY id",
     true},
    {"SELECT id, salary, percent_rank() OVER (ORDER BY salary DESC), "
     "cume_dist() OVER (ORDER BY salary DESC) FROM e ORDER BY id",
     true},
    {"SELECT id, rank() OVER (), dense_rank() OVER (), percent_rank() OVER (), cume_dist() OVER () "
     "FROM e ORDER BY id",
     true},
    {"SELECT id, dept, rank() OVER (PARTITION BY dept ORDER BY salary DESC) FROM e ORDER BY id",
     true},
    {"SELECT id, ntile(3) OVER (ORDER BY id), ntile(4) OVER (ORDER BY id DESC), "
     "ntile(20) OVER (ORDER BY id) FROM e ORDER BY id",
     true},
    {"SELECT id, ntile(2) OVER (PARTITION BY dept ORDER BY id) FROM e ORDER BY id", true},
    {"SELECT id, ntile('2') OVER (ORDER BY id), ntile(2.7) OVER (ORDER BY id) FROM e", false},
    {"SELECT percent_rank() OVER (), cume_dist() OVER () FROM e WHERE id = 1", true},
    // Offsets and values.
    {"SELECT id, lag(name) OVER (ORDER BY id), lead(name) OVER (ORDER BY id) FROM e ORDER BY id",
     true},
    {"SELECT id, lag(salary, 2) OVER (ORDER BY id), lead(salary, 3, -1) OVER (ORDER BY id), "
     "lag(salary, 0) OVER (ORDER BY id), lag(salary, -1) OVER (ORDER BY id) FROM e ORDER BY id",
     true},
    {"SELECT id, lag(id, NULL) OVER (ORDER BY id), lag(id, 1.5) OVER (ORDER BY id), "
     "lag(id, '1') OVER (ORDER BY id), lead(id, 1.0, 'none') OVER (ORDER BY id) FROM e",
     false},
    {"SELECT id, dept, lag(id, 1, id * 100) OVER (PARTITION BY dept ORDER BY id) FROM e "
     "ORDER BY id",
     true},
    {"SELECT id, first_value(name) OVER (ORDER BY id), last_value(name) OVER (ORDER BY id), "
     "nth_value(name, 3) OVER (ORDER BY id) FROM e ORDER BY id",
     true},
    {"SELECT id, first_value(salary) OVER w, last_value(salary) OVER w, nth_value(salary, 2) "
     "OVER w FROM e WINDOW w AS (PARTITION BY dept ORDER BY salary ROWS BETWEEN 1 PRECEDING "
     "AND 1 FOLLOWING) ORDER BY id",
     true},
    {"SELECT id, nth_value(id, 2.0) OVER (ORDER BY id), nth_value(id, '3') OVER (ORDER BY id) "
     "FROM e ORDER BY id",
     true},
    {"SELECT id, first_value(id) OVER (ORDER BY salary RANGE BETWEEN CURRENT ROW AND "
     "UNBOUNDED FOLLOWING EXCLUDE GROUP), last_value(id) OVER (ORDER BY salary ROWS BETWEEN "
     "UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM e ORDER BY id",
     true},
    // Aggregates as window functions.
    {"SELECT id, sum(salary) OVER (ORDER BY id), count(*) OVER (ORDER BY id), "
     "count(salary) OVER (ORDER BY id), avg(salary) OVER (ORDER BY id), "
     "total(bonus) OVER (ORDER BY id) FROM e ORDER BY id",
     true},
    {"SELECT id, min(salary) OVER (ORDER BY id), max(salary) OVER (ORDER BY id), "
     "group_concat(name) OVER (ORDER BY id), group_concat(name, '/') OVER (ORDER BY id DESC) "
     "FROM e ORDER BY id",
     true},
    {"SELECT id, sum(salary) OVER (), max(name) OVER (), min(bonus) OVER () FROM e", false},
    {"SELECT dept, id, sum(salary) OVER (PARTITION BY dept), "
     "sum(salary) OVER (PARTITION BY dept ORDER BY salary) FROM e ORDER BY id",
     true},
    {"SELECT id, salary, sum(salary) OVER (ORDER BY salary), count(*) OVER (ORDER BY salary) "
     "FROM e ORDER BY id",
     true},
    {"SELECT id, max(name) OVER (ORDER BY id ROWS 2 PRECEDING), "
     "min(name) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING) FROM e ORDER BY id",
     true},
    {"SELECT id, max(name) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 2 FOLLOWING), "
     "min(name) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING), "
     "max(salary) FILTER (WHERE id % 2) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND "
     "3 FOLLOWING) FROM e ORDER BY id",
     true},
    {"SELECT id, max(bonus) OVER (ORDER BY bonus RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING), "
     "min(salary) OVER (ORDER BY salary DESC GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) "
     "FROM e ORDER BY id",
     true},
    {"SELECT id, sum(bonus) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING), "
     "avg(bonus) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) FROM e ORDER BY id",
     true},
    {"SELECT id, group_concat(name, '-') OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND "
     "1 FOLLOWING) FROM e ORDER BY id",
     true},
    {"SELECT grp, t, group_concat(t) OVER (PARTITION BY grp ORDER BY rowid ROWS 1 PRECEDING), "
     "group_concat(t, '') OVER (ORDER BY rowid ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) "
     "FROM s ORDER BY rowid",
     true},
    // ROWS frames.
    {"SELECT id, sum(id) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING), "
     "sum(id) OVER (ORDER BY id ROWS CURRENT ROW), "
     "sum(id) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), "
     "sum(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) "
     "FROM e ORDER BY id",
     true},
    {"SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING), "
     "sum(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 3 PRECEDING), "
     "sum(id) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING), "
     "sum(id) OVER (ORDER BY id ROWS BETWEEN 0 PRECEDING AND 0 FOLLOWING) FROM e ORDER BY id",
     true},
    {"SELECT id, count(*) OVER (ORDER BY id ROWS BETWEEN 100 PRECEDING AND 100 FOLLOWING), "
     "count(*) OVER (ORDER BY id ROWS 9223372036854775807 PRECEDING), "
     "count(*) OVER (ORDER BY id ROWS BETWEEN '1' PRECEDING AND 1.0 FOLLOWING) "
     "FROM e ORDER BY id",
     true},
    {"SELECT id, dept, sum(salary) OVER (PARTITION BY dept ORDER BY id ROWS BETWEEN 1 PRECEDING "
     "AND 1 FOLLOWING) FROM e ORDER BY id",
     true},
    {"SELECT id, sum(id) OVER (ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM e", false},
    // RANGE frames.
    {"SELECT id, salary, sum(id) OVER (ORDER BY salary RANGE BETWEEN 20 PRECEDING AND "
     "10 FOLLOWING) FROM e ORDER BY id",
     true},
    {"SELECT id, salary, count(*) OVER (ORDER BY salary DESC RANGE BETWEEN 20 PRECEDING AND "
     "CURRENT ROW), count(*) OVER (ORDER BY salary DESC RANGE BETWEEN CURRENT ROW AND "
     "30 FOLLOWING) FROM e ORDER BY id",
     true},
    {"SELECT k, x, count(*) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING), "
     "group_concat(k) OVER (ORDER BY x RANGE BETWEEN 2.5 PRECEDING AND CURRENT ROW) "
     "FROM v ORDER BY k",
     true},
    {"SELECT k, x, count(*) OVER (ORDER BY x DESC RANGE BETWEEN 1.5 PRECEDING AND 3 FOLLOWING), "
     "sum(k) OVER (ORDER BY x NULLS LAST RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING), "
     "sum(k) OVER (ORDER BY x DESC NULLS FIRST RANGE 2 PRECEDING) FROM v ORDER BY k",
     true},
    {"SELECT k, x, sum(k) OVER (ORDER BY x RANGE BETWEEN 1 FOLLOWING AND 5 FOLLOWING), "
     "sum(k) OVER (ORDER BY x RANGE BETWEEN 5 PRECEDING AND 1 PRECEDING) FROM v ORDER BY k",
     true},
    {"SELECT id, sum(id) OVER (ORDER BY salary RANGE BETWEEN UNBOUNDED PRECEDING AND "
     "UNBOUNDED FOLLOWING), sum(id) OVER (ORDER BY salary RANGE CURRENT ROW) FROM e ORDER BY id",
     true},
    {"SELECT id, sum(id) OVER (ORDER BY bonus RANGE BETWEEN 0.5 PRECEDING AND '0.5' FOLLOWING) "
     "FROM e ORDER BY id",
     true},
    // GROUPS frames.
    {"SELECT id, salary, sum(id) OVER (ORDER BY salary GROUPS BETWEEN 1 PRECEDING AND "
     "1 FOLLOWING), count(*) OVER (ORDER BY salary GROUPS 2 PRECEDING) FROM e ORDER BY id",
     true},
    {"SELECT id, salary, sum(id) OVER (ORDER BY salary GROUPS BETWEEN 1 FOLLOWING AND "
     "2 FOLLOWING), sum(id) OVER (ORDER BY salary GROUPS BETWEEN 2 PRECEDING AND 1 PRECEDING) "
     "FROM e ORDER BY id",
     true},
    {"SELECT id, sum(id) OVER (GROUPS BETWEEN CURRENT ROW AND 1 FOLLOWING) FROM e", false},
    // EXCLUDE.
    {"SELECT id, salary, sum(id) OVER (ORDER BY salary ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING "
     "EXCLUDE CURRENT ROW), sum(id) OVER (ORDER BY salary ROWS BETWEEN 2 PRECEDING AND "
     "2 FOLLOWING EXCLUDE GROUP), sum(id) OVER (ORDER BY salary ROWS BETWEEN 2 PRECEDING AND "
     "2 FOLLOWING EXCLUDE TIES), sum(id) OVER (ORDER BY salary ROWS BETWEEN 2 PRECEDING AND "
     "2 FOLLOWING EXCLUDE NO OTHERS) FROM e ORDER BY id",
     true},
    {"SELECT id, group_concat(id) OVER (ORDER BY dept RANGE BETWEEN UNBOUNDED PRECEDING AND "
     "UNBOUNDED FOLLOWING EXCLUDE TIES), count(*) OVER (PARTITION BY dept GROUPS CURRENT ROW "
     "EXCLUDE GROUP), max(id) OVER (EXCLUDE CURRENT ROW) FROM e ORDER BY id",
     true},
    // NULLs and ties in ORDER BY and PARTITION BY.
    {"SELECT id, salary, row_number() OVER (ORDER BY salary), rank() OVER (ORDER BY salary "
     "NULLS LAST), dense_rank() OVER (ORDER BY salary DESC NULLS FIRST) FROM e ORDER BY id",
     true},
    {"SELECT dept, count(*) OVER (PARTITION BY dept), row_number() OVER (PARTITION BY dept) "
     "FROM e",
     false},
    {"SELECT name, rank() OVER (ORDER BY name), rank() OVER (ORDER BY name COLLATE BINARY) "
     "FROM e ORDER BY id",
     true},
    {"SELECT id, row_number() OVER (PARTITION BY dept, salary ORDER BY id DESC) FROM e "
     "ORDER BY id",
     true},
    {"SELECT id, row_number() OVER (ORDER BY salary, bonus DESC, id) FROM e", true},
    // Row order without an outer ORDER BY: the first window's.
    {"SELECT id, row_number() OVER (ORDER BY id DESC), row_number() OVER (ORDER BY name) FROM e",
     true},
    {"SELECT id, sum(id) OVER (ORDER BY salary, id), sum(id) OVER (ORDER BY salary, id ROWS "
     "1 PRECEDING) FROM e",
     true},
    {"SELECT id, dept FROM e ORDER BY row_number() OVER (ORDER BY salary DESC, id)", true},
    // Passes: one per window, frames included (a built-in imposes its own); ties keep the
    // order of the pass before.
    {"SELECT id, row_number() OVER (ORDER BY id DESC), lag(id) OVER (PARTITION BY dept ORDER BY "
     "salary), sum(id) OVER (ORDER BY id DESC) FROM e",
     true},
    {"SELECT id, sum(id) OVER (ORDER BY id DESC RANGE UNBOUNDED PRECEDING), lag(id) OVER "
     "(PARTITION BY dept ORDER BY salary), sum(id) OVER (ORDER BY id DESC RANGE UNBOUNDED "
     "PRECEDING EXCLUDE NO OTHERS), rank() OVER (ORDER BY id DESC) FROM e",
     true},
    {"SELECT id, ntile(3) OVER (ORDER BY salary), lead(id) OVER (PARTITION BY boss ORDER BY id), "
     "count(*) OVER (ORDER BY salary ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING), "
     "cume_dist() OVER (ORDER BY salary) FROM e",
     true},
    {"SELECT id, row_number() OVER (ORDER BY id ROWS -1 PRECEDING), cume_dist() OVER "
     "(ORDER BY id GROUPS -2 PRECEDING) FROM e ORDER BY id",
     true},
    {"SELECT id, max(name) FILTER (WHERE id % 2) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND "
     "2 FOLLOWING EXCLUDE NO OTHERS) FROM e ORDER BY id",
     true},
    {"SELECT id, row_number() OVER (ORDER BY id) AS rn FROM e ORDER BY rn DESC LIMIT 3", true},
    {"SELECT id, row_number() OVER (ORDER BY id) AS rn FROM e ORDER BY rn % 3, rn LIMIT 4 "
     "OFFSET 1",
     true},
    {"SELECT DISTINCT dept, count(*) OVER (PARTITION BY dept) FROM e", false},
    {"SELECT id, 10 * row_number() OVER (ORDER BY id) + lag(id, 1, 0) OVER (ORDER BY id) "
     "FROM e ORDER BY id",
     true},
    // Named windows and chaining.
    {"SELECT id, sum(id) OVER w, count(*) OVER w FROM e WINDOW w AS (ORDER BY id) ORDER BY id",
     true},
    {"SELECT id, sum(id) OVER (w ORDER BY id), sum(id) OVER (w ROWS 1 PRECEDING) FROM e "
     "WINDOW w AS (PARTITION BY dept) ORDER BY id",
     false},
    {"SELECT id, sum(id) OVER x FROM e WINDOW x AS (w ROWS 1 PRECEDING), w AS (ORDER BY id) "
     "ORDER BY id",
     true},
    {"SELECT id, sum(id) OVER w FROM e WINDOW w AS (ORDER BY id), w AS (ORDER BY id DESC) "
     "ORDER BY id",
     true},
    {"SELECT id FROM e WINDOW w AS (ORDER BY id) ORDER BY sum(id) OVER (w) DESC", true},
    {"SELECT id, sum(id) OVER w FROM e WINDOW w AS (nosuch ORDER BY id) ORDER BY id", true},
    {"SELECT id, sum(id) OVER y FROM e WINDOW w AS (PARTITION BY dept), x AS (w ORDER BY id), "
     "y AS (x ROWS 1 PRECEDING) ORDER BY id",
     true},
    {"SELECT id FROM e WINDOW a AS (ORDER BY id), w AS (nosuch)", false},
    {"SELECT id FROM e WINDOW a AS (ORDER BY id), w AS (a ORDER BY name)", false},
    // FILTER.
    {"SELECT id, count(*) FILTER (WHERE salary > 95) OVER (ORDER BY id), "
     "sum(id) FILTER (WHERE dept = 'eng') OVER (ORDER BY id ROWS 2 PRECEDING), "
     "group_concat(name) FILTER (WHERE id % 2) OVER () FROM e ORDER BY id",
     true},
    // Subqueries, joins, GROUP BY.
    {"SELECT * FROM (SELECT id, rank() OVER (ORDER BY salary DESC) AS r FROM e) WHERE r <= 3",
     false},
    {"SELECT id, (SELECT count(*) FROM e AS f WHERE f.salary < e.salary), "
     "rank() OVER (ORDER BY salary) FROM e ORDER BY id",
     true},
    {"SELECT id, (SELECT max(x) OVER () FROM v WHERE k = e.id) FROM e ORDER BY id", true},
    {"SELECT e.id, f.id, row_number() OVER (PARTITION BY e.id ORDER BY f.id) FROM e "
     "JOIN e AS f ON f.boss = e.id ORDER BY 1, 2",
     true},
    {"SELECT e.id, f.name, count(f.id) OVER (PARTITION BY e.dept) FROM e LEFT JOIN e AS f "
     "ON f.boss = e.id ORDER BY e.id, f.id",
     true},
    {"SELECT dept, sum(salary), rank() OVER (ORDER BY sum(salary) DESC), "
     "sum(sum(salary)) OVER (ORDER BY dept), count(*) OVER () FROM e GROUP BY dept ORDER BY dept",
     true},
    {"SELECT dept, name, max(salary), row_number() OVER (ORDER BY name) FROM e GROUP BY dept "
     "ORDER BY dept",
     true},
    {"SELECT dept, count(*) AS n, lag(count(*)) OVER (ORDER BY dept) FROM e GROUP BY dept "
     "HAVING count(*) > 1 ORDER BY dept",
     true},
    {"SELECT sum(salary), row_number() OVER () FROM e", true},
    {"SELECT row_number() OVER (ORDER BY sum(salary)) FROM e", true},
    {"SELECT dept, avg(salary) OVER (PARTITION BY dept) FROM e WHERE salary > 80 GROUP BY id "
     "ORDER BY id",
     true},
    {"SELECT row_number() OVER (), 1 + 1", true},
    {"VALUES (row_number() OVER (), 2), (3, sum(4) OVER ()), (5, 6)", true},
    {"SELECT id, (VALUES (id * row_number() OVER ())) FROM e ORDER BY id", true},
    {"VALUES (sum(sum(1)) OVER ())", true},
    {"VALUES (lower(1) OVER ())", false},
    {"SELECT id, row_number() OVER () FROM e WHERE 0", true},
    {"SELECT id, lag(id) OVER (ORDER BY id) FROM e UNION ALL SELECT k, lead(k) OVER "
     "(ORDER BY k) FROM v ORDER BY 1, 2",
     true},
    {"WITH c AS (SELECT id, salary, sum(salary) OVER (ORDER BY id) AS running FROM e) "
     "SELECT * FROM c WHERE running > 300 ORDER BY id",
     true},
    {"SELECT id, name FROM e WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER "
     "(PARTITION BY dept ORDER BY salary DESC) AS r FROM e) WHERE r = 1) ORDER BY id",
     true},
    // Errors.
    {"SELECT row_number() FROM e", false},
    {"SELECT sum(salary) FROM e WHERE row_number() OVER () > 1", false},
    {"SELECT dept FROM e GROUP BY row_number() OVER ()", false},
    {"SELECT dept FROM e GROUP BY dept HAVING rank() OVER () > 1", false},
    {"SELECT sum(id) OVER w FROM e", false},
    {"SELECT sum(id) OVER (w ORDER BY id) FROM e WINDOW w AS (ORDER BY name)", false},
    {"SELECT sum(id) OVER (w PARTITION BY id) FROM e WINDOW w AS (ORDER BY name)", false},
    {"SELECT sum(id) OVER (w) FROM e WINDOW w AS (ROWS 1 PRECEDING)", false},
    {"SELECT sum(id) OVER (nosuch ORDER BY id) FROM e", false},
    {"SELECT lower(name) OVER () FROM e", false},
    {"SELECT max(id, salary) OVER () FROM e", false},
    {"SELECT lower(name) FILTER (WHERE 1) FROM e", false},
    {"SELECT row_number() FILTER (WHERE id > 1) OVER () FROM e", false},
    {"SELECT count(DISTINCT id) OVER () FROM e", false},
    {"SELECT sum(row_number() OVER ()) OVER () FROM e", false},
    {"SELECT sum(sum(id) OVER ()) FROM e", false},
    {"SELECT row_number(1) OVER () FROM e", false},
    {"SELECT rank(id) OVER () FROM e", false},
    {"SELECT nosuch(id) OVER () FROM e", false},
    {"SELECT ntile(0) OVER (ORDER BY id) FROM e", false},
    {"SELECT ntile(NULL) OVER (ORDER BY id) FROM e", false},
    {"SELECT ntile(-1) OVER (ORDER BY id) FROM e WHERE 0", false},
    {"SELECT nth_value(id, 0) OVER () FROM e", false},
    {"SELECT nth_value(id, 1.5) OVER () FROM e", false},
    {"SELECT sum(id) OVER (ORDER BY id ROWS -1 PRECEDING) FROM e", false},
    {"SELECT sum(id) OVER (ORDER BY id ROWS salary PRECEDING) FROM e", false},
    {"SELECT sum(id) OVER (ORDER BY id ROWS (SELECT 1) PRECEDING) FROM e", false},
    {"SELECT sum(id) OVER (ORDER BY id ROWS NULL PRECEDING) FROM e", false},
    {"SELECT sum(id) OVER (ORDER BY id ROWS 1.5 PRECEDING) FROM e", false},
    {"SELECT sum(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND -1 FOLLOWING) FROM e", false},
    {"SELECT sum(id) OVER (ORDER BY id RANGE -1 PRECEDING) FROM e", false},
    {"SELECT sum(id) OVER (ORDER BY id RANGE BETWEEN 1 PRECEDING AND 'x' FOLLOWING) FROM e", false},
    {"SELECT sum(id) OVER (ORDER BY id GROUPS -2 PRECEDING) FROM e", false},
    {"SELECT sum(id) OVER (ORDER BY id, name RANGE 1 PRECEDING) FROM e", false},
    {"SELECT sum(id) OVER (RANGE BETWEEN CURRENT ROW AND 1 FOLLOWING) FROM e", false},
    {"SELECT sum(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM e", false},
    {"SELECT sum(id) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW) FROM e", false},
    {"SELECT sum(id) OVER (ORDER BY id ROWS UNBOUNDED FOLLOWING) FROM e", false},
    {"SELECT sum(id) OVER (ORDER BY id EXCLUDE GROUP) FROM e", false},
    {"UPDATE e SET salary = row_number() OVER ()", false},
    {"SELECT id AS x, row_number() OVER (ORDER BY x) FROM e", false},
    {"SELECT id, sum(id) OVER (ORDER BY id) AS s FROM e WHERE s > 3", false},
    {"SELECT dept, count(*) AS n FROM e GROUP BY dept HAVING n > 1 AND "
     "rank() OVER (ORDER BY dept) > 0",
     false},
    {"INSERT INTO e(id) VALUES (row_number() OVER ())", false},
    {"SELECT id FROM e LIMIT row_number() OVER ()", false},
    {"SELECT * FROM e JOIN e AS f ON row_number() OVER () = 1", false},
};

INSTANTIATE_TEST_SUITE_P(Queries, WindowTest, ::testing::ValuesIn(kQueries));

// EXPLAIN QUERY PLAN shows SQLite's co-routine per window; EXPLAIN lists the program.
TEST(WindowPlanTest, ExplainMatchesSqlite) {
  DualDb db;
  db.Exec(kSchema);
  for (const char* sql :
       {"SELECT row_number() OVER () FROM s",
        "SELECT t, rank() OVER (PARTITION BY grp ORDER BY t), sum(rowid) OVER (ORDER BY t) FROM s",
        "SELECT grp, count(*), rank() OVER (ORDER BY count(*)) FROM s GROUP BY grp ORDER BY 1"}) {
    EXPECT_EQ(PlanDetails(&db, sql, false), PlanDetails(&db, sql, true)) << sql;
  }
  testing::Outcome2 outcome =
      db.RunSimlite("EXPLAIN SELECT id, row_number() OVER (ORDER BY id) FROM e");
  EXPECT_TRUE(outcome.ok) << outcome.Describe();
}

// A large partition through every frame kind: the sums slide (step and inverse) and agree
// with SQLite's.
TEST(WindowLargeTest, SlidingFramesMatchSqlite) {
  DualDb db;
  db.Exec(
      "CREATE TABLE big(id INTEGER PRIMARY KEY, g INTEGER, x INTEGER);"
      "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 3000) "
      "INSERT INTO big SELECT i, i % 7, (i * 7919) % 1000 FROM c;");
  EXPECT_TRUE(db.Same(
      "SELECT id, sum(x) OVER (PARTITION BY g ORDER BY id ROWS BETWEEN 5 PRECEDING AND "
      "5 FOLLOWING), count(*) OVER (ORDER BY x RANGE BETWEEN 10 PRECEDING AND 10 FOLLOWING), "
      "max(x) OVER (ORDER BY id ROWS 20 PRECEDING), avg(x) OVER (PARTITION BY g ORDER BY x "
      "GROUPS BETWEEN 2 PRECEDING AND CURRENT ROW), rank() OVER (PARTITION BY g ORDER BY x) "
      "FROM big ORDER BY id",
      true));
}

}  // namespace
}  // namespace simlite::engine
