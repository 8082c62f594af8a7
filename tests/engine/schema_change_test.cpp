// A connection sees schema changes another connection made, against real SQLite doing the same
// steps on its own file: a statement that names an object the loaded schema lacks checks the
// schema cookie, reloads a stale schema and compiles again (SQLite's schemaIsValid), and a
// statement prepared before the change compiles again when it runs.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/connection.h"
#include "tests/support/rows.h"
#include "tests/support/temp_dir.h"

namespace simlite::engine {
namespace {

// What one statement gave: the error (code and message) or the rows.
std::string RunSimlite(Connection* connection, const std::string& sql) {
  std::unique_ptr<Statement> statement;
  size_t tail = 0;
  Rc rc = connection->Prepare(sql, &statement, &tail);
  std::string out;
  if (rc == Rc::kOk && statement != nullptr) {
    while ((rc = statement->Step()) == Rc::kRow) {
      for (int column = 0; column < statement->column_count(); column++) {
        out += (column ? "|" : "") + testing::CanonicalValue(statement->column(column).View());
      }
      out += ";";
    }
  }
  if (rc != Rc::kOk && rc != Rc::kDone) {
    out += "error " + std::to_string(static_cast<int>(rc) & 0xff) + ": " +
           connection->error_message();
  }
  return out + " changes=" + std::to_string(connection->changes());
}

std::string RunSqlite(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  std::string out;
  if (rc == SQLITE_OK && stmt != nullptr) {
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) out += testing::CanonicalRow(stmt) + ";";
  }
  if (rc != SQLITE_OK && rc != SQLITE_DONE) {
    out += "error " + std::to_string(rc & 0xff) + ": " + sqlite3_errmsg(db);
  }
  sqlite3_finalize(stmt);
  return out + " changes=" + std::to_string(sqlite3_changes(db));
}

struct Step {
  int connection;
  const char* sql;
};

void ExpectSameSteps(const std::vector<Step>& steps, bool wal) {
  testing::TempDir dir;
  std::unique_ptr<Connection> simlite[2];
  sqlite3* sqlite[2] = {nullptr, nullptr};
  for (int connection = 0; connection < 2; connection++) {
    ASSERT_EQ(Connection::Open(dir.File("simlite.db"), OpenOptions{}, &simlite[connection]),
              Rc::kOk);
    ASSERT_EQ(sqlite3_open(dir.File("sqlite.db").c_str(), &sqlite[connection]), SQLITE_OK);
  }
  if (wal) {
    EXPECT_EQ(RunSimlite(simlite[0].get(), "PRAGMA journal_mode=WAL"), "T:'wal'; changes=0");
    EXPECT_EQ(RunSqlite(sqlite[0], "PRAGMA journal_mode=WAL"), "T:'wal'; changes=0");
  }
  for (const Step& step : steps) {
    EXPECT_EQ(RunSimlite(simlite[step.connection].get(), step.sql),
              RunSqlite(sqlite[step.connection], step.sql))
        << "connection " << step.connection << ": " << step.sql << (wal ? " (WAL)" : "");
  }
  for (sqlite3* db : sqlite) sqlite3_close(db);
}

// Regression (simlite-sim, several connections): a connection whose schema was loaded before
// another connection created a table answered "no such table".
TEST(SchemaChangeTest, AnotherConnectionsNewTableIsFound) {
  for (bool wal : {false, true}) {
    ExpectSameSteps({{1, "SELECT count(*) FROM sqlite_schema"},
                     {0, "CREATE TABLE t(a)"},
                     {0, "INSERT INTO t VALUES (1)"},
                     {1, "SELECT * FROM t"},
                     {1, "INSERT INTO t VALUES (2)"},
                     {0, "CREATE INDEX ta ON t(a)"},
                     {1, "SELECT a FROM t WHERE a = 2"},
                     {0, "DROP TABLE t"},
                     {1, "SELECT * FROM t"},
                     {1, "SELECT * FROM nosuch"},
                     {0, "CREATE TABLE u(b)"},
                     {1, "BEGIN"},
                     {1, "SELECT * FROM u"},
                     {0, "CREATE TABLE v(c)"},
                     {1, "SELECT * FROM v"},
                     {1, "COMMIT"},
                     {1, "SELECT * FROM v"}},
                    wal);
  }
}

// Regression (simlite-sim, several connections, rollback journal): an autocommit INSERT whose
// commit a reader kept waiting fails with SQLITE_BUSY and is rolled back; changes() said the
// rows it had inserted, SQLite's says 0.
TEST(SchemaChangeTest, AWriteWhoseCommitFailedChangedNothing) {
  ExpectSameSteps({{0, "CREATE TABLE t(a)"},
                   {1, "BEGIN"},
                   {1, "SELECT * FROM t"},
                   {0, "INSERT INTO t VALUES (1), (2)"},
                   {0, "SELECT total_changes()"},
                   {1, "COMMIT"},
                   {0, "INSERT INTO t VALUES (3)"},
                   {0, "SELECT total_changes()"}},
                  /*wal=*/false);
}

// simlite-sim seeds 10151 and 4175 (several connections): SQLite loads a changed schema
// again after a compile error only when a lookup failed ("no such table", "no such column",
// ...). An upsert target that matches no constraint of the stale schema stays an error,
// though another connection has just made the UNIQUE index it names.
TEST(SchemaChangeTest, OnlyAFailedLookupLoadsTheSchemaAgain) {
  for (bool wal : {false, true}) {
    ExpectSameSteps({{0, "CREATE TABLE t(a, b)"},
                     {0, "SELECT * FROM t"},
                     {1, "CREATE UNIQUE INDEX ti ON t((length(b) + 700) DESC)"},
                     {0, "INSERT INTO t VALUES (15, -52) ON CONFLICT ((length(b) + 700)) DO "
                         "NOTHING"},
                     {0, "INSERT INTO t VALUES (16, 1) ON CONFLICT (a) DO NOTHING"},
                     {0, "SELECT count(*) FROM t"},
                     {0, "INSERT INTO t VALUES (17, -52) ON CONFLICT ((length(b) + 700)) DO "
                         "NOTHING"},
                     {1, "CREATE TABLE u(c)"},
                     {0, "SELECT * FROM u"},
                     {1, "CREATE UNIQUE INDEX tab ON t(a, b)"},
                     {0, "INSERT INTO t VALUES (15, 1) ON CONFLICT (a, b) DO NOTHING"},
                     {0, "SELECT * FROM t"}},
                    wal);
  }
}

// simlite-sim seed 48539 (WAL, three connections): after its own DDL commits, a connection
// keeps in memory the schema that DDL made, with the cookie it wrote (SQLite's DDL updates the
// connection's schema as it runs), where simlite read the schema again at the next prepare and
// found another connection's new UNIQUE index for an upsert target. Only a statement that
// checks the cookie loads the newer schema; a ROLLBACK (or ROLLBACK TO) of the DDL drops the
// schema, and the next prepare reads it afresh.
TEST(SchemaChangeTest, OwnDdlKeepsTheSchemaItMade) {
  const std::vector<std::vector<Step>> own_changes = {
      {{1, "CREATE INDEX tb ON t(b)"}},
      {{1, "BEGIN"}, {1, "CREATE INDEX tb ON t(b)"}, {1, "COMMIT"}},
      {{1, "BEGIN"},
       {1, "CREATE TABLE u(x)"},
       {1, "INSERT INTO t VALUES (1, NULL)"},
       {1, "COMMIT"}},
      {{1, "BEGIN"}, {1, "CREATE TABLE u(x)"}, {1, "SELECT * FROM nosuch"}, {1, "COMMIT"}},
      {{1, "BEGIN"},
       {1, "CREATE TABLE u(x)"},
       {1, "INSERT INTO t VALUES (1, 1), (2, NULL)"},
       {1, "COMMIT"}},
      {{1, "BEGIN"},
       {1, "CREATE TABLE u(x)"},
       {1, "SAVEPOINT s"},
       {1, "INSERT INTO u VALUES (1)"},
       {1, "ROLLBACK TO s"},
       {1, "COMMIT"}},
      {{1, "BEGIN"}, {1, "CREATE TABLE u(x)"}, {1, "ROLLBACK"}},
      {{1, "SAVEPOINT s"}, {1, "CREATE VIEW v AS SELECT 1"}, {1, "RELEASE s"}},
      {{1, "BEGIN"},
       {1, "SAVEPOINT s"},
       {1, "CREATE TABLE u(x)"},
       {1, "ROLLBACK TO s"},
       {1, "COMMIT"}},
      {{1, "SAVEPOINT s"}, {1, "CREATE TABLE u(x)"}, {1, "ROLLBACK TO s"}, {1, "RELEASE s"}},
      {{1, "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END"}, {1, "DROP TRIGGER tr"}},
      {{1, "CREATE TABLE u(x)"}, {1, "DROP TABLE u"}},
      {{1, "INSERT INTO t VALUES (1, 1), (2, 1)"}, {1, "CREATE UNIQUE INDEX tb ON t(b)"}},
      {{1, "CREATE TABLE u AS SELECT * FROM t"}},
      {{1, "CREATE TEMP TABLE x(a)"}},
      {{1, "PRAGMA user_version = 5"}},
      {{1, "PRAGMA schema_version = 10"}},
  };
  const char* upsert = "INSERT INTO t VALUES (7, 1) ON CONFLICT (a) DO NOTHING";
  for (const std::vector<Step>& own : own_changes) {
    std::vector<Step> steps = {{0, "CREATE TABLE t(a, b NOT NULL)"}, {1, "SELECT * FROM t"}};
    std::string trace = "connection 1's own change:";
    for (const Step& step : own) trace += std::string(" ") + step.sql + ";";
    SCOPED_TRACE(trace);
    steps.insert(steps.end(), own.begin(), own.end());
    steps.insert(steps.end(), {{0, "CREATE UNIQUE INDEX ta ON t(a)"},
                               {1, upsert},
                               {1, upsert},
                               {1, "SELECT count(*) FROM t"},
                               {1, upsert},
                               {1, "SELECT count(*) FROM t"}});
    for (bool wal : {false, true}) ExpectSameSteps(steps, wal);
  }
}

}  // namespace
}  // namespace simlite::engine
