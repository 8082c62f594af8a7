// Transactions against real SQLite: BEGIN / COMMIT / ROLLBACK, autocommit, and what a failed
// statement undoes with each conflict action, in and out of an explicit transaction.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/dual_db.h"

namespace simlite::engine {
namespace {

using testing::DualDb;
using Script = testing::SqlScript;

class TransactionTest : public ::testing::TestWithParam<Script> {};

TEST_P(TransactionTest, MatchesSqlite) {
  for (bool on_disk : {false, true}) {
    DualDb db(on_disk);
    db.Exec("CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE, c NOT NULL)");
    for (const char* statement : GetParam().statements) {
      EXPECT_TRUE(db.Same(statement)) << GetParam().name << (on_disk ? " (disk)" : "");
      EXPECT_TRUE(db.Same("SELECT * FROM t")) << "after " << statement;
      EXPECT_EQ(db.simlite()->autocommit(), sqlite3_get_autocommit(db.sqlite()) != 0)
          << "after " << statement;
    }
  }
}

const Script kScripts[] = {
    {"commit",
     {"BEGIN", "INSERT INTO t VALUES (1, 1, 1)", "INSERT INTO t VALUES (2, 2, 2)", "COMMIT",
      "SELECT count(*) FROM t"}},
    {"rollback",
     {"INSERT INTO t VALUES (1, 1, 1)", "BEGIN", "INSERT INTO t VALUES (2, 2, 2)",
      "UPDATE t SET c = 9", "ROLLBACK", "SELECT * FROM t"}},
    {"errors",
     {"COMMIT", "ROLLBACK", "BEGIN", "BEGIN", "END", "END TRANSACTION", "BEGIN DEFERRED",
      "COMMIT TRANSACTION", "BEGIN IMMEDIATE", "ROLLBACK", "BEGIN EXCLUSIVE", "COMMIT"}},
    {"abort_in_transaction",
     {"BEGIN", "INSERT INTO t VALUES (1, 1, 1)",
      "INSERT INTO t VALUES (2, 2, 2), (3, 3, 3), (4, 1, 4)", "INSERT INTO t VALUES (5, 5, 5)",
      "UPDATE t SET b = b + 1", "UPDATE t SET c = NULL WHERE a = 5", "COMMIT"}},
    {"abort_autocommit",
     {"INSERT INTO t VALUES (1, 1, 1)", "INSERT INTO t VALUES (2, 2, 2), (3, 1, 3)",
      "INSERT INTO t VALUES (4, 4, 4)"}},
    // Single-row INSERTs run without a statement journal (they cannot fail after their first
    // write but by an I/O error): one that fails before writing leaves the transaction open.
    {"single_row_inserts_in_transaction",
     {"BEGIN", "INSERT INTO t VALUES (1, 1, 1)", "INSERT INTO t VALUES (2, 1, 2)",
      "INSERT INTO t VALUES (3, 3, NULL)", "INSERT INTO t VALUES ('x', 4, 4)",
      "INSERT INTO t VALUES (1, 5, 5)", "REPLACE INTO t VALUES (1, 6, 6)",
      "INSERT OR REPLACE INTO t VALUES (7, 6, 7)", "INSERT OR IGNORE INTO t VALUES (7, 8, 8)",
      "INSERT INTO t DEFAULT VALUES", "INSERT INTO t VALUES (9, 9, 9)", "COMMIT",
      "SELECT count(*) FROM t"}},
    {"fail",
     {"INSERT OR FAIL INTO t VALUES (1, 1, 1), (2, 2, 2), (3, 1, 3), (4, 4, 4)", "BEGIN",
      "INSERT OR FAIL INTO t VALUES (5, 5, 5), (6, 1, 6)", "ROLLBACK"}},
    {"rollback_action",
     {"BEGIN", "INSERT INTO t VALUES (1, 1, 1)",
      "INSERT OR ROLLBACK INTO t VALUES (2, 2, 2), (3, 1, 3)", "INSERT INTO t VALUES (4, 4, 4)"}},
    {"ddl_in_transaction",
     {"BEGIN", "CREATE TABLE u(x)", "INSERT INTO u VALUES (1)", "SELECT * FROM u", "ROLLBACK",
      "SELECT * FROM u", "BEGIN", "CREATE TABLE u(y)", "INSERT INTO u VALUES (2)", "COMMIT",
      "SELECT * FROM u"}},
    {"big_abort",
     {"BEGIN", "INSERT INTO t SELECT 1, 1, 1", "INSERT INTO t VALUES (2, 2, 2)",
      "CREATE TABLE big(x, y)",
      "INSERT INTO big VALUES (1, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')",
      "INSERT INTO big SELECT x + 1, y FROM big", "INSERT INTO big SELECT x + 2, y FROM big",
      "INSERT INTO big SELECT x + 4, y || y FROM big", "INSERT INTO big SELECT x + 8, y FROM big",
      "INSERT INTO big SELECT x + 16, y || y FROM big",
      "INSERT INTO big SELECT x + 32, y || y FROM big",
      "INSERT INTO t SELECT x + 10, x + 10, x FROM big UNION ALL SELECT 99, 1, 1",
      "SELECT count(*) FROM big", "COMMIT", "SELECT count(*), sum(x) FROM big"}},
    // SAVEPOINT, RELEASE and ROLLBACK TO (lang_savepoint.html).
    {"savepoint_starts_and_release_commits",
     {"SAVEPOINT a", "INSERT INTO t VALUES (1, 1, 1)", "RELEASE a", "ROLLBACK",
      "SAVEPOINT a", "INSERT INTO t VALUES (2, 2, 2)", "RELEASE SAVEPOINT A", "SELECT * FROM t"}},
    {"savepoint_rollback_to_keeps_it",
     {"SAVEPOINT a", "INSERT INTO t VALUES (1, 1, 1)", "ROLLBACK TO a",
      "INSERT INTO t VALUES (2, 2, 2)", "ROLLBACK TRANSACTION TO SAVEPOINT a",
      "INSERT INTO t VALUES (3, 3, 3)", "RELEASE a"}},
    {"savepoint_nested",
     {"BEGIN", "INSERT INTO t VALUES (1, 1, 1)", "SAVEPOINT a", "INSERT INTO t VALUES (2, 2, 2)",
      "SAVEPOINT b", "UPDATE t SET c = c + 10", "SAVEPOINT c", "DELETE FROM t WHERE a = 1",
      "ROLLBACK TO b", "SELECT * FROM t", "RELEASE c", "INSERT INTO t VALUES (3, 3, 3)",
      "RELEASE b", "ROLLBACK TO a", "RELEASE a", "COMMIT"}},
    {"savepoint_same_name",
     {"SAVEPOINT x", "INSERT INTO t VALUES (1, 1, 1)", "SAVEPOINT x",
      "INSERT INTO t VALUES (2, 2, 2)", "ROLLBACK TO x", "RELEASE x",
      "INSERT INTO t VALUES (3, 3, 3)", "ROLLBACK TO x", "RELEASE x"}},
    {"savepoint_errors",
     {"RELEASE nope", "ROLLBACK TO nope", "SAVEPOINT a", "RELEASE b", "ROLLBACK TO b",
      "BEGIN", "COMMIT", "RELEASE a", "SAVEPOINT a", "ROLLBACK", "ROLLBACK TO a"}},
    {"savepoint_before_first_write",
     {"BEGIN", "SELECT * FROM t", "SAVEPOINT a", "SAVEPOINT b", "INSERT INTO t VALUES (1, 1, 1)",
      "ROLLBACK TO b", "INSERT INTO t VALUES (2, 2, 2)", "ROLLBACK TO a", "COMMIT"}},
    {"savepoint_with_failed_statement",
     {"SAVEPOINT a", "INSERT INTO t VALUES (1, 1, 1)", "SAVEPOINT b",
      "INSERT INTO t VALUES (2, 2, 2), (3, 1, 3)", "INSERT INTO t VALUES (4, 4, 4)",
      "ROLLBACK TO b", "INSERT OR ROLLBACK INTO t VALUES (5, 1, 5)", "RELEASE a"}},
    {"savepoint_schema_change",
     {"SAVEPOINT a", "CREATE TABLE u(x)", "INSERT INTO u VALUES (1)", "SAVEPOINT b",
      "DROP TABLE u", "ROLLBACK TO b", "SELECT * FROM u", "ROLLBACK TO a", "SELECT * FROM u",
      "CREATE TABLE u(y)", "RELEASE a", "SELECT * FROM u"}},
    {"savepoint_many_pages",
     {"CREATE TABLE big(x, y)", "SAVEPOINT a",
      "INSERT INTO big VALUES (1, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')",
      "INSERT INTO big SELECT x + 1, y FROM big", "INSERT INTO big SELECT x + 2, y FROM big",
      "SAVEPOINT b", "INSERT INTO big SELECT x + 4, y || y FROM big",
      "INSERT INTO big SELECT x + 8, y || y FROM big", "SAVEPOINT c",
      "INSERT INTO big SELECT x + 16, y || y FROM big", "DELETE FROM big WHERE x % 3 = 0",
      "ROLLBACK TO b", "SELECT count(*), sum(x), sum(length(y)) FROM big",
      "INSERT INTO big SELECT x + 100, y || y || y FROM big", "RELEASE c", "ROLLBACK TO b",
      "RELEASE b", "SELECT count(*), sum(x) FROM big", "RELEASE a",
      "SELECT count(*), sum(x), sum(length(y)) FROM big"}},
};

INSTANTIATE_TEST_SUITE_P(Scripts, TransactionTest, ::testing::ValuesIn(kScripts), testing::ScriptName);

}  // namespace
}  // namespace simlite::engine
