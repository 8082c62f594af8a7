// CREATE / DROP against real SQLite: the sqlite_schema rows (type, name, tbl_name, rootpage
// and sql text, byte for byte), autoindexes and their numbering, and SQLite's errors; then the
// file itself, checked by real SQLite.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/dual_db.h"

namespace simlite::engine {
namespace {

using testing::DualDb;

constexpr const char* kSchemaQuery = "SELECT rowid, type, name, tbl_name, rootpage, sql "
                                     "FROM sqlite_schema ORDER BY rowid";

class DdlTest : public ::testing::TestWithParam<std::vector<const char*>> {};

TEST_P(DdlTest, SchemaMatchesSqlite) {
  DualDb db;
  for (const char* statement : GetParam()) {
    EXPECT_TRUE(db.Same(statement));
    EXPECT_TRUE(db.Same(kSchemaQuery, true)) << "after: " << statement;
  }
}

const std::vector<const char*> kScripts[] = {
    {"CREATE TABLE t(a, b)", "CREATE TABLE IF NOT EXISTS t(x)", "CREATE TABLE t(x)",
     "CREATE TABLE T(x)", "create   table if not exists  main . \"u\"  (x int) ;",
     "CREATE TABLE [v w](`c d` TEXT)", "SELECT * FROM \"v w\""},
    {"CREATE TABLE t(a UNIQUE, b PRIMARY KEY, c, UNIQUE (c, a), UNIQUE (a))",
     "INSERT INTO t VALUES (1, 2, 3)", "INSERT INTO t VALUES (1, 3, 4)",
     "INSERT INTO t VALUES (2, 2, 4)", "INSERT INTO t VALUES (2, 3, 3)"},
    {"CREATE TABLE t(id INTEGER PRIMARY KEY, x INT PRIMARY KEY)",
     "CREATE TABLE t(id INTEGER PRIMARY KEY DESC, y)", "CREATE TABLE u(a, PRIMARY KEY(a DESC))",
     "CREATE TABLE v(id INTEGER, PRIMARY KEY(id DESC))", "CREATE TABLE w(a, a)",
     "CREATE TABLE x(a AUTOINCREMENT)", "CREATE TABLE y(a COLLATE nosuch)",
     "CREATE TABLE sqlite_t(a)"},
    {"CREATE TABLE t(a, b, c)", "CREATE INDEX i1 ON t(a)", "CREATE UNIQUE INDEX i2 ON t(b, c DESC)",
     "CREATE INDEX IF NOT EXISTS i1 ON t(b)", "CREATE INDEX i1 ON t(b)",
     "CREATE INDEX i3 ON t(nosuch)", "CREATE INDEX i4 ON nosuch(a)", "CREATE INDEX t ON t(a)",
     "CREATE TABLE i1(x)", "CREATE INDEX i5 ON t(a COLLATE NOCASE)  /* c */  ",
     "CREATE INDEX sqlite_i ON t(a)", "CREATE INDEX i6 ON sqlite_master(name)"},
    {"CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 1), (1, 2)",
     "CREATE UNIQUE INDEX u ON t(a)", "CREATE UNIQUE INDEX u ON t(b)", "INSERT INTO t VALUES (3, 2)",
     "CREATE INDEX v ON t(a)", "SELECT * FROM t WHERE a = 1"},
    {"CREATE TABLE t(a, b UNIQUE)", "CREATE INDEX ta ON t(a)", "CREATE TABLE u(x)",
     "DROP INDEX ta", "DROP INDEX ta", "DROP INDEX IF EXISTS ta", "DROP INDEX sqlite_autoindex_t_1",
     "DROP TABLE t", "DROP TABLE t", "DROP TABLE IF EXISTS t", "CREATE TABLE t(z)",
     "DROP TABLE sqlite_master", "DROP VIEW u", "DROP TABLE u"},
    {"CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 2), (3, 4)",
     "CREATE VIEW v AS SELECT a + b AS s, a FROM t  -- comment\n  ",
     "CREATE VIEW w(x, y) AS SELECT * FROM t WHERE a > 1", "SELECT * FROM v", "SELECT * FROM w",
     "SELECT s FROM v WHERE a = 3", "CREATE VIEW v AS SELECT 1", "CREATE TABLE v(x)",
     "CREATE VIEW z(x) AS SELECT 1, 2", "CREATE VIEW bad AS SELECT nosuch FROM t",
     "DROP TABLE v", "DROP VIEW t", "INSERT INTO v VALUES (1, 2)", "DROP VIEW v",
     "SELECT * FROM v", "CREATE VIEW e AS SELECT a+1, b*2 AS twice, 'lit', (SELECT max(a) FROM t) FROM t",
     "SELECT * FROM e", "SELECT * FROM (SELECT * FROM e) AS s, e"},
    // simlite-sim seed 6386: a view's unqualified names mean tables of the view's own database
    // (not a TEMP table of the same name), and a missing one is named with it ("no such table:
    // main.t1"); a TEMP view's are looked up as a statement's.
    {"CREATE VIEW v0 AS SELECT ((c1 COLLATE NOCASE) % NULL) AS c0, 'A' AS c1 FROM t1",
     "SELECT (c0 COLLATE NOCASE), - CAST(30 AS NUMERIC) FROM v0 WHERE NOT c1 IS NULL",
     "CREATE VIEW v1 AS SELECT * FROM t7 UNION SELECT * FROM t8", "SELECT * FROM v1",
     "CREATE VIEW v2 AS SELECT (SELECT count(*) FROM t9) FROM t1", "SELECT * FROM v2",
     "CREATE VIEW v3 AS WITH t9 AS (SELECT 5) SELECT * FROM t9", "SELECT * FROM v3",
     "CREATE TABLE t1(c1)", "INSERT INTO t1 VALUES ('main')", "CREATE TEMP TABLE t1(c1)",
     "INSERT INTO temp.t1 VALUES ('temp')", "SELECT * FROM v0", "SELECT * FROM v2",
     "CREATE TEMP VIEW tv AS SELECT c1 FROM t1", "SELECT * FROM tv",
     "CREATE TEMP VIEW tv2 AS SELECT * FROM t9", "SELECT * FROM tv2",
     "SELECT * FROM (SELECT * FROM v0) AS s, tv"},
};

INSTANTIATE_TEST_SUITE_P(Scripts, DdlTest, ::testing::ValuesIn(kScripts));

const std::vector<const char*> kCreateAs[] = {
    {"CREATE TABLE t(a INTEGER, b TEXT, c REAL, d, e NUMERIC)",
     "INSERT INTO t VALUES (1, 'x', 1.5, x'00', '5'), (2, 'y', NULL, 'd', 6)",
     "CREATE TABLE c1 AS SELECT * FROM t", "SELECT *, typeof(e) FROM c1",
     "CREATE TABLE c2 AS SELECT a + 1, b AS \"select\", count(*) AS n, CAST(d AS TEXT) FROM t",
     "CREATE TABLE c3 AS SELECT a AS very_long_column_name_one, b AS very_long_column_name_two, "
     "c AS \"odd name\", a, a FROM t WHERE 0",
     "CREATE TABLE IF NOT EXISTS c1 AS SELECT 1", "CREATE TABLE c1 AS SELECT 1",
     "CREATE TABLE c4 AS SELECT nosuch FROM t"},
};

INSTANTIATE_TEST_SUITE_P(CreateAs, DdlTest, ::testing::ValuesIn(kCreateAs));

// Many tables, indexes and rows, dropped and created again: the file stays one SQLite
// accepts, with the same content.
TEST(DdlFileTest, SqliteChecksTheFile) {
  DualDb db(/*on_disk=*/true);
  for (int table_idx = 0; table_idx < 6; table_idx++) {
    std::string table = "t" + std::to_string(table_idx);
    db.Exec("CREATE TABLE " + table + "(a INTEGER PRIMARY KEY, b TEXT UNIQUE, c)");
    db.Exec("CREATE INDEX " + table + "_c ON " + table + "(c, b)");
    db.Exec("BEGIN");
    for (int row_idx = 0; row_idx < 200; row_idx++) {
      db.Exec("INSERT INTO " + table + "(b, c) VALUES ('" + std::string(row_idx % 50, 'x') +
              std::to_string(row_idx) + "', " + std::to_string(row_idx % 13) + ")");
    }
    db.Exec("COMMIT");
  }
  db.Exec("DROP TABLE t2");
  db.Exec("DELETE FROM t3 WHERE c > 4");
  db.Exec("UPDATE t4 SET c = c + 1, b = b || 'y'");
  db.Exec("CREATE TABLE t2(x, y)");
  db.Exec("INSERT INTO t2 SELECT a, b FROM t1");
  EXPECT_TRUE(db.Same("SELECT type, name, tbl_name, sql FROM sqlite_schema", true));
  for (const char* table : {"t0", "t1", "t2", "t3", "t4", "t5"}) {
    EXPECT_TRUE(db.Same(std::string("SELECT * FROM ") + table));
  }
  testing::ExpectSqliteIntegrityOk(db.simlite_path());
}

// Index keys arriving in order (CREATE INDEX from its sorter, INSERTs on an increasing
// column) split the rightmost leaf by moving its last entry up (BtCursor::BalanceQuick): on
// small pages, with keys that overflow, through deletes that merge pages again, the file
// stays one SQLite accepts.
TEST(DdlFileTest, IndexesFilledInOrderStaySound) {
  DualDb db(/*on_disk=*/true);
  db.Exec("PRAGMA page_size = 512");
  db.Exec("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER)");
  db.Exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
      "INSERT INTO t SELECT i, printf('%08d', i) || substr(hex(zeroblob(400)), 1, i % 37 * "
      "(1 + (i % 97 = 0) * 40)), i FROM n");
  db.Exec("CREATE INDEX tb ON t(b)");
  db.Exec("CREATE INDEX tc ON t(c DESC, b)");
  db.Exec("CREATE TABLE u(k INTEGER, v)");
  db.Exec("CREATE INDEX uk ON u(k)");
  db.Exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
      "INSERT INTO u SELECT i, zeroblob(i % 50) FROM n");
  db.Exec("DELETE FROM t WHERE a % 3 = 0 OR a BETWEEN 1000 AND 2000");
  db.Exec("DELETE FROM u WHERE k % 4 <> 1");
  for (const char* sql : {"SELECT count(*), sum(length(b)) FROM t INDEXED BY tb WHERE b > ''",
                          "SELECT b FROM t INDEXED BY tc WHERE c > 0",
                          "SELECT k FROM u INDEXED BY uk WHERE k > 0",
                          "PRAGMA integrity_check"}) {
    EXPECT_TRUE(db.Same(sql, true)) << sql;
  }
  testing::ExpectSqliteIntegrityOk(db.simlite_path());
}

}  // namespace
}  // namespace simlite::engine
