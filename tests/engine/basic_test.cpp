// The vertical slice: CREATE TABLE, INSERT, SELECT with WHERE over one table, compared with
// real SQLite statement by statement.
#include <gtest/gtest.h>

#include "tests/support/dual_db.h"

namespace simlite::engine {
namespace {

using testing::DualDb;

TEST(EngineBasicTest, CreateInsertSelect) {
  DualDb db;
  EXPECT_TRUE(db.Same("CREATE TABLE t(a INTEGER, b TEXT, c)"));
  EXPECT_TRUE(db.Same("INSERT INTO t VALUES (1, 'one', 1.5), (2, 'two', NULL)"));
  EXPECT_TRUE(db.Same("INSERT INTO t(b, a) VALUES ('three', '3')"));
  EXPECT_TRUE(db.Same("SELECT * FROM t"));
  EXPECT_TRUE(db.Same("SELECT a, b FROM t WHERE a > 1"));
  EXPECT_TRUE(db.Same("SELECT a + 1, b || 'x', c FROM t WHERE b = 'one' OR c IS NULL"));
  EXPECT_TRUE(db.Same("SELECT rowid, * FROM t WHERE rowid = 2"));
}

TEST(EngineBasicTest, Errors) {
  DualDb db;
  db.Exec("CREATE TABLE t(a, b)");
  EXPECT_TRUE(db.Same("SELECT x FROM t"));
  EXPECT_TRUE(db.Same("SELECT * FROM nosuch"));
  EXPECT_TRUE(db.Same("SELEC 1"));
  EXPECT_TRUE(db.Same("CREATE TABLE t(x)"));
  EXPECT_TRUE(db.Same("INSERT INTO t VALUES (1)"));
}

}  // namespace
}  // namespace simlite::engine

namespace simlite::engine {
namespace {

// A file simlite writes passes real SQLite's integrity_check and reads back the same rows.
TEST(EngineBasicTest, FileReadableBySqlite) {
  DualDb db(/*on_disk=*/true);
  db.Exec("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE, c)");
  db.Exec("CREATE INDEX t_c ON t(c)");
  db.Exec("BEGIN");
  for (int row_idx = 0; row_idx < 300; row_idx++) {
    db.Exec("INSERT INTO t(b, c) VALUES ('row " + std::to_string(row_idx) + "', " +
            std::to_string(row_idx % 7) + ")");
  }
  db.Exec("COMMIT");
  EXPECT_TRUE(db.Same("SELECT * FROM t WHERE c = 3"));
  EXPECT_TRUE(db.Same("SELECT name, tbl_name, sql FROM sqlite_schema", true));
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open(db.simlite_path().c_str(), &reader), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(reader, "PRAGMA integrity_check", -1, &statement, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "ok");
  sqlite3_finalize(statement);
  ASSERT_EQ(sqlite3_prepare_v2(reader, "SELECT count(*), sum(c) FROM t", -1, &statement,
                               nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(statement, 0), 300);
  sqlite3_finalize(statement);
  sqlite3_close(reader);
}

}  // namespace
}  // namespace simlite::engine
