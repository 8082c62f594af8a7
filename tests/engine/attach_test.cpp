// The temp database and attached databases against real SQLite (lang_attach.html,
// lang_detach.html, lang_createtable.html "TEMP", lang_naming.html): CREATE TEMP TABLE / VIEW
// / TRIGGER / INDEX, schema-qualified names (main., temp., aux.), the search order of
// unqualified names, the schema tables of each database, PRAGMAs with a schema, transactions
// and savepoints across databases, and ATTACH / DETACH with their errors. Every script runs
// on both engines, on disk (ATTACH '%DB%x.db' names a file of each engine's own).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/dual_db.h"

namespace simlite::engine {
namespace {

using testing::DualDb;
using Script = testing::SqlScript;

class AttachTest : public ::testing::TestWithParam<Script> {};

TEST_P(AttachTest, MatchesSqlite) {
  DualDb db(/*on_disk=*/true);
  db.Exec("CREATE TABLE m(a INTEGER PRIMARY KEY, b)");
  db.Exec("INSERT INTO m VALUES (1, 'one'), (2, 'two')");
  for (const char* statement : GetParam().statements) {
    EXPECT_TRUE(db.Same(statement)) << GetParam().name;
  }
  // Whatever the script left, both engines list the same databases (files by their names).
  EXPECT_TRUE(db.Same("SELECT seq, name, file = '' FROM pragma_database_list", true));
  EXPECT_TRUE(db.Same("PRAGMA integrity_check"));
}

const Script kScripts[] = {
    {"temp_table",
     {"CREATE TEMP TABLE t(x, y)", "INSERT INTO t VALUES (10, 'ten')", "SELECT * FROM t",
      "SELECT * FROM temp.t", "SELECT temp.t.x FROM t", "SELECT * FROM main.t",
      "SELECT type, name, tbl_name, rootpage, sql FROM temp.sqlite_master",
      "SELECT name FROM sqlite_temp_master", "SELECT name FROM temp.sqlite_schema",
      "SELECT name FROM sqlite_temp_schema", "SELECT name FROM main.sqlite_temp_master",
      "SELECT name FROM sqlite_master", "SELECT seq, name, file = '' FROM pragma_database_list",
      "CREATE TABLE temp.u(z)", "CREATE TEMPORARY TABLE IF NOT EXISTS u(w)",
      "CREATE TEMP TABLE t(z)", "CREATE TEMP TABLE main.v(z)", "CREATE TABLE nosuch.v(z)",
      "CREATE TEMP TABLE sqlite_x(a)", "DROP TABLE temp.t", "SELECT * FROM t"}},
    {"search_order",
     {"CREATE TEMP TABLE m(c)", "INSERT INTO m VALUES ('temp')", "SELECT * FROM m",
      "SELECT * FROM main.m", "SELECT * FROM temp.m", "SELECT m.* FROM m",
      "SELECT main.m.b FROM main.m", "SELECT main.m.b FROM m", "SELECT temp.m.c FROM m",
      "DROP TABLE m", "SELECT * FROM m", "DROP TABLE m", "SELECT * FROM m"}},
    {"temp_index_view_trigger",
     {"CREATE TEMP TABLE t(x, y)", "CREATE INDEX ti ON t(y)", "CREATE INDEX temp.ti2 ON t(x)",
      "CREATE INDEX temp.mi ON m(b)", "CREATE INDEX main.ti3 ON t(x)",
      "SELECT name, tbl_name FROM temp.sqlite_master ORDER BY name",
      "INSERT INTO t VALUES (1, 'a'), (2, 'b')", "SELECT x FROM t WHERE y = 'b'",
      "EXPLAIN QUERY PLAN SELECT x FROM t WHERE y = 'b'",
      "EXPLAIN QUERY PLAN SELECT x FROM temp.t WHERE y = 'b'",
      "EXPLAIN QUERY PLAN SELECT * FROM main.m", "CREATE TEMP VIEW v AS SELECT x + 1 AS x1 FROM t",
      "SELECT * FROM v", "CREATE VIEW temp.v2 AS SELECT * FROM m", "SELECT * FROM v2",
      "CREATE TEMP TABLE log(e)",
      "CREATE TRIGGER tt AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.x); END",
      "INSERT INTO t VALUES (3, 'c')", "SELECT * FROM log",
      "SELECT type, name, tbl_name FROM temp.sqlite_master ORDER BY name",
      "DROP VIEW temp.v", "DROP INDEX main.ti", "DROP INDEX ti", "DROP TRIGGER main.tt",
      "DROP TRIGGER temp.tt", "SELECT name FROM sqlite_temp_master ORDER BY name"}},
    {"temp_trigger_on_main_table",
     {"CREATE TABLE log(x)",
      "CREATE TEMP TRIGGER tr AFTER INSERT ON main.m BEGIN INSERT INTO log VALUES (new.a * 10); "
      "END",
      "CREATE TRIGGER tr2 AFTER INSERT ON m BEGIN INSERT INTO log VALUES (new.a * 100); END",
      "CREATE TEMP TRIGGER tr3 AFTER INSERT ON m BEGIN INSERT INTO log VALUES (new.a * 1000); "
      "END",
      "SELECT type, name, tbl_name, sql FROM temp.sqlite_master",
      "INSERT INTO m VALUES (3, 'three')", "SELECT rowid, x FROM log",
      // A change of main's schema rebuilds its tables: the temp triggers stay on them.
      "CREATE TABLE other(z)", "INSERT INTO m VALUES (4, 'four')", "SELECT rowid, x FROM log",
      "DROP TRIGGER tr", "INSERT INTO m VALUES (5, 'five')", "SELECT rowid, x FROM log",
      "DROP TABLE m", "SELECT name FROM temp.sqlite_master", "SELECT name FROM sqlite_master"}},
    {"attach_and_use",
     {"ATTACH '%DB%aux.db' AS aux", "CREATE TABLE aux.q(z INTEGER PRIMARY KEY, w)",
      "INSERT INTO aux.q VALUES (NULL, 'w1'), (NULL, 'w2')", "SELECT * FROM aux.q",
      "SELECT * FROM q", "SELECT aux.q.w FROM aux.q", "SELECT main.q.w FROM aux.q",
      "SELECT m.a, q.w FROM m, q ORDER BY 1, 2", "SELECT * FROM m JOIN aux.q ON a = z",
      "CREATE INDEX aux.qi ON q(w)", "SELECT name, tbl_name FROM aux.sqlite_master",
      "SELECT name FROM aux.sqlite_temp_master", "PRAGMA aux.index_list(q)",
      "PRAGMA index_list(q)", "PRAGMA aux.table_info(q)", "PRAGMA main.table_info(q)",
      "SELECT * FROM pragma_table_info('q', 'aux')",
      "SELECT * FROM pragma_table_info('q', 'main')",
      "SELECT * FROM pragma_index_info('qi', 'aux')",
      "EXPLAIN QUERY PLAN SELECT w, z FROM aux.q WHERE z = 1",
      "EXPLAIN QUERY PLAN SELECT w, z FROM q AS x WHERE z > 1",
      "UPDATE q SET w = w || '!' WHERE z = 1", "DELETE FROM aux.q WHERE z = 2",
      "SELECT * FROM q", "INSERT INTO m SELECT z + 10, w FROM q", "SELECT * FROM m",
      "CREATE TABLE aux.ai(id INTEGER PRIMARY KEY AUTOINCREMENT, v)",
      "INSERT INTO ai(v) VALUES ('a'), ('b')", "SELECT * FROM aux.sqlite_sequence",
      "SELECT name FROM sqlite_master", "PRAGMA aux.user_version = 7",
      "PRAGMA aux.user_version", "PRAGMA user_version", "PRAGMA aux.integrity_check",
      "PRAGMA nosuch.user_version", "DETACH aux", "SELECT * FROM q", "DETACH DATABASE aux"}},
    {"attach_errors",
     {"ATTACH '%DB%aux.db' AS aux", "ATTACH '%DB%aux2.db' AS aux", "ATTACH '%DB%c.db' AS main",
      "ATTACH '%DB%c.db' AS TEMP", "ATTACH '%DB%c.db' AS AUX", "DETACH main", "DETACH temp",
      "DETACH nosuch", "DETACH 'AUX'", "SELECT * FROM nosuch.t", "SELECT * FROM aux.nosuch",
      "ATTACH ':memory:' AS mem", "CREATE TABLE mem.k(a)", "INSERT INTO mem.k VALUES (1)",
      "SELECT * FROM k", "ATTACH DATABASE '' AS anon", "CREATE TABLE anon.k2(a)",
      "SELECT name FROM pragma_database_list", "ATTACH '%DB%c.db' AS c1",
      "ATTACH '%DB%c.db' AS c2", "ATTACH '%DB%d.db' AS c3", "ATTACH '%DB%d.db' AS c4",
      "ATTACH '%DB%d.db' AS c5", "ATTACH '%DB%d.db' AS c6", "ATTACH '%DB%d.db' AS c7",
      "ATTACH '%DB%d.db' AS c8", "ATTACH '%DB%d.db' AS c9", "ATTACH '%DB%d.db' AS c10",
      "SELECT count(*) FROM pragma_database_list", "DETACH c1",
      "ATTACH '%DB%d.db' AS c10"}},
    {"transactions_across_databases",
     {"ATTACH '%DB%aux.db' AS aux", "CREATE TABLE aux.q(z INTEGER PRIMARY KEY, w UNIQUE)",
      "CREATE TEMP TABLE t(x)", "BEGIN", "INSERT INTO m VALUES (3, 'three')",
      "INSERT INTO q VALUES (5, 'w5')", "INSERT INTO t VALUES (11)", "COMMIT",
      "SELECT * FROM m", "SELECT * FROM q", "SELECT * FROM t", "BEGIN",
      "INSERT INTO q VALUES (6, 'w6')", "INSERT INTO t VALUES (1)", "DELETE FROM m",
      "ROLLBACK", "SELECT count(*) FROM q", "SELECT count(*) FROM t", "SELECT count(*) FROM m",
      "SAVEPOINT s1", "INSERT INTO q VALUES (7, 'w7')", "SAVEPOINT s2",
      "INSERT INTO m VALUES (7, 'seven')", "INSERT INTO t VALUES (7)", "ROLLBACK TO s2",
      "SELECT * FROM m", "SELECT * FROM q", "RELEASE s1", "SELECT * FROM q", "BEGIN",
      "INSERT INTO q VALUES (8, 'w8')", "INSERT INTO q VALUES (9, 'w8')", "SELECT * FROM q",
      "DETACH aux", "COMMIT", "SELECT * FROM q", "DETACH aux", "SELECT name FROM sqlite_master",
      "BEGIN", "ATTACH '%DB%aux.db' AS aux", "SELECT * FROM aux.q", "COMMIT",
      "CREATE TABLE aux.big(x)", "INSERT INTO aux.big VALUES (zeroblob(5000))",
      "INSERT OR ROLLBACK INTO q VALUES (5, 'dup')", "SELECT count(*) FROM aux.big"}},
    // ANALYZE checks its argument as SQLite does (it gathers no statistics: docs/compat.md).
    {"analyze_names",
     {"ANALYZE", "ANALYZE m", "ANALYZE main", "ANALYZE \"m\"", "ANALYZE nosuch",
      "ANALYZE main.nosuch", "ANALYZE nosuch.m", "ANALYZE temp", "ATTACH ':memory:' AS aux",
      "CREATE TABLE aux.q(a)", "CREATE INDEX aux.qa ON q(a)", "ANALYZE aux", "ANALYZE aux.m",
      "ANALYZE aux.q", "ANALYZE qa", "ANALYZE aux.qa", "ANALYZE main.qa"}},
    {"identifiers_as_names",
     {"ATTACH ':memory:' AS \"Odd Name\"", "CREATE TABLE \"Odd Name\".t(a)",
      "INSERT INTO \"odd name\".t VALUES (1)", "SELECT * FROM \"ODD NAME\".t",
      "SELECT name FROM pragma_database_list", "DETACH \"Odd Name\"",
      "ATTACH ':memory:' AS 'quoted'", "DETACH quoted", "ATTACH ':memory:' AS 1 + 1",
      "SELECT name FROM pragma_database_list", "DETACH '2'"}},
};

INSTANTIATE_TEST_SUITE_P(Scripts, AttachTest, ::testing::ValuesIn(kScripts), testing::ScriptName);

// The attached file is a SQLite database that real SQLite reads back.
TEST(AttachFileTest, WritesASqliteFile) {
  DualDb db(/*on_disk=*/true);
  db.Exec("ATTACH '%DB%aux.db' AS aux");
  db.Exec("CREATE TABLE aux.q(z INTEGER PRIMARY KEY, w)");
  db.Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) "
          "INSERT INTO aux.q SELECT i, hex(randomblob(40)) FROM n");
  db.Exec("CREATE INDEX aux.qw ON q(w)");
  db.Exec("DETACH aux");
  testing::ExpectSqliteIntegrityOk(db.FilePrefix(false) + "aux.db");
}

}  // namespace
}  // namespace simlite::engine
