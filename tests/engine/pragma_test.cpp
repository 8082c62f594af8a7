// PRAGMA against real SQLite: schema pragmas, header values, settings, integrity_check.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "engine/connection.h"
#include "tests/support/dual_db.h"
#include "tests/support/rows.h"
#include "tests/support/temp_dir.h"

namespace simlite::engine {
namespace {

using testing::DualDb;

TEST(PragmaTest, MatchesSqlite) {
  for (bool on_disk : {false, true}) {
    DualDb db(on_disk);
    db.Exec("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL DEFAULT 'x', "
            "c DEFAULT (2 + 3), d DEFAULT -5, e REAL DEFAULT CURRENT_TIMESTAMP, f UNIQUE, g)");
    db.Exec("CREATE INDEX ig ON t(g DESC, b COLLATE NOCASE)");
    db.Exec("CREATE TABLE u(x, y, PRIMARY KEY (y, x))");
    for (const char* sql :
         {"PRAGMA table_info(t)", "PRAGMA table_xinfo(t)", "PRAGMA table_info('u')",
          "PRAGMA index_list(t)", "PRAGMA index_list(u)", "PRAGMA index_info(ig)",
          "PRAGMA index_xinfo(ig)", "PRAGMA index_info(sqlite_autoindex_u_1)",
          "PRAGMA table_info(nosuch)", "PRAGMA user_version", "PRAGMA user_version = 7",
          "PRAGMA user_version", "PRAGMA main.application_id = -3", "PRAGMA application_id",
          "PRAGMA page_size", "PRAGMA page_count", "PRAGMA freelist_count", "PRAGMA encoding",
          "PRAGMA cache_size", "PRAGMA cache_size = 100", "PRAGMA cache_size",
          "PRAGMA foreign_keys", "PRAGMA foreign_keys = ON", "PRAGMA foreign_keys",
          "PRAGMA journal_mode", "PRAGMA synchronous", "PRAGMA synchronous = OFF",
          "PRAGMA synchronous", "PRAGMA schema_version", "PRAGMA integrity_check",
          "PRAGMA quick_check", "PRAGMA nosuch", "PRAGMA nosuch = 3"}) {
      EXPECT_TRUE(db.Same(sql, true)) << (on_disk ? "on disk" : "in memory");
    }
  }
}

// Regression: a database without a page yet (nothing written) checked as "invalid page
// number 1" instead of "ok".
TEST(PragmaTest, IntegrityCheckOfAnEmptyDatabase) {
  for (bool on_disk : {false, true}) {
    DualDb db(on_disk);
    EXPECT_TRUE(db.Same("PRAGMA integrity_check")) << (on_disk ? "on disk" : "in memory");
    EXPECT_TRUE(db.Same("PRAGMA quick_check(5)")) << (on_disk ? "on disk" : "in memory");
  }
}

// Regression (found by simlite-speed's review): integrity_check did not compare an index's
// entries with its table's rows. A file whose two indexes trade root pages (real SQLite makes
// it through writable_schema) has indexes of the wrong size: every "wrong # of entries"
// SQLite reports, simlite must report too.
TEST(PragmaTest, IntegrityCheckComparesIndexesWithTheirTables) {
  testing::TempDir dir;
  const std::string path = dir.File("swapped.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  const char* setup =
      "CREATE TABLE t(a); CREATE INDEX ti ON t(a); CREATE TABLE u(a); CREATE INDEX ui ON u(a);"
      "INSERT INTO t VALUES (1), (2), (3); INSERT INTO u VALUES (1), (2), (3), (4), (5);"
      "CREATE TABLE p(a); CREATE INDEX pa ON p(a) WHERE a > 2; INSERT INTO p VALUES (1), (5);"
      "PRAGMA writable_schema = ON;"
      "UPDATE sqlite_master SET rootpage = (SELECT rootpage FROM sqlite_master WHERE name = 'ui')"
      " + (SELECT rootpage FROM sqlite_master WHERE name = 'ti') - rootpage"
      " WHERE name IN ('ti', 'ui');";
  ASSERT_EQ(sqlite3_exec(db, setup, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
  std::vector<std::string> expected;
  for (const std::string& row : testing::RealSqliteRows(path, "PRAGMA integrity_check")) {
    if (row.find("wrong # of entries") != std::string::npos) {
      expected.push_back(row.substr(3, row.size() - 4));  // T:'...'
    }
  }
  ASSERT_EQ(expected.size(), 2u);
  std::unique_ptr<Connection> connection;
  ASSERT_EQ(Connection::Open(path, OpenOptions{}, &connection), Rc::kOk);
  std::unique_ptr<Statement> statement;
  size_t tail = 0;
  ASSERT_EQ(connection->Prepare("PRAGMA integrity_check", &statement, &tail), Rc::kOk);
  std::string report;
  while (statement->Step() == Rc::kRow) report += std::string(statement->column(0).chars()) + "\n";
  for (const std::string& line : expected) {
    EXPECT_NE(report.find(line), std::string::npos) << line << " not in:\n" << report;
  }
}

TEST(PragmaTest, SchemaPragmasAsTableValuedFunctions) {
  DualDb db;
  db.Exec("CREATE TABLE t(a int, b VARCHAR(10) NOT NULL DEFAULT 'x', c INTEGER PRIMARY KEY)");
  db.Exec("CREATE INDEX ib ON t(b DESC, a); CREATE TABLE u(x TEXT UNIQUE, y real)");
  for (const char* sql : {
           "SELECT * FROM pragma_table_info('t')",
           "SELECT arg, schema, name FROM pragma_table_info('t', 'main')",
           // x IN table-valued-function(args): a subquery of all its columns.
           "SELECT 'a' IN pragma_table_info('t')", "SELECT 'main' IN pragma_database_list",
           "SELECT 3 IN nosuchfunc(1)",
           "SELECT * FROM pragma_table_xinfo('u')",
           "SELECT * FROM pragma_index_list('t')",
           "SELECT * FROM pragma_index_info('ib')",
           "SELECT * FROM pragma_index_xinfo('ib')",
           "SELECT * FROM pragma_database_list",
           "SELECT * FROM pragma_table_info",
           "SELECT * FROM pragma_table_info('nosuch')",
           "SELECT * FROM pragma_table_info(NULL)",
           "SELECT * FROM pragma_table_info('t') AS p WHERE p.pk > 0",
           "SELECT m.name, p.name, p.type FROM sqlite_schema AS m, pragma_table_info(m.name) AS p "
           "ORDER BY 1, 2",
           "SELECT m.name, (SELECT count(*) FROM pragma_index_list(m.name)) FROM sqlite_schema m "
           "WHERE type = 'table' ORDER BY 1",
           "SELECT m.name, i.name FROM sqlite_schema AS m LEFT JOIN pragma_index_list(m.name) AS i "
           "ORDER BY 1, 2",
           "SELECT name FROM pragma_table_info('t') WHERE cid = "
           "(SELECT max(cid) FROM pragma_table_info('t'))",
           "SELECT * FROM pragma_table_info(1, 2, 3)",
           "SELECT * FROM pragma_database_list('x')",
           "SELECT * FROM pragma_nosuch",
           "SELECT * FROM nosuch(1)",
           "SELECT * FROM t(1)",
       }) {
    EXPECT_TRUE(db.Same(sql)) << sql;
  }
}

TEST(PragmaTest, CaseSensitiveLikeRedefinesLike) {
  DualDb db;
  db.Exec("CREATE TABLE t(s); INSERT INTO t VALUES ('abc'), ('ABC'), ('Abd')");
  for (const char* sql : {
           "SELECT s FROM t WHERE s LIKE 'ab%'", "PRAGMA case_sensitive_like = 1",
           "SELECT s FROM t WHERE s LIKE 'ab%'", "SELECT like('A%', s), 'a' LIKE 'A' FROM t",
           "SELECT s FROM t WHERE s NOT LIKE 'A_%' ESCAPE '_'",
           "PRAGMA case_sensitive_like = off", "SELECT s FROM t WHERE s LIKE 'ab%'"}) {
    EXPECT_TRUE(db.Same(sql)) << sql;
  }
  // A statement prepared before the pragma compiles again (SQLite expires it).
  std::unique_ptr<Statement> statement;
  ASSERT_EQ(db.simlite()->Prepare("SELECT 'a' LIKE 'A'", &statement, nullptr), Rc::kOk);
  ASSERT_EQ(statement->Step(), Rc::kRow);
  EXPECT_EQ(statement->column(0).i(), 1);
  ASSERT_EQ(statement->Reset(), Rc::kOk);
  db.Exec("PRAGMA case_sensitive_like = 1");
  ASSERT_EQ(statement->Step(), Rc::kRow);
  EXPECT_EQ(statement->column(0).i(), 0);
}

}  // namespace
}  // namespace simlite::engine
