// Transactions against real SQLite: BEGIN / COMMIT / ROLLBACK, autocommit, and what a failed
// statement undoes with each conflict action, in and out of an explicit transaction.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/dual_db.h"

namespace simlite::engine {
namespace {

using testing::DualDb;

struct Script {
  const char* name;
  std::vector<const char*> statements;
};

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
};

INSTANTIATE_TEST_SUITE_P(Scripts, TransactionTest, ::testing::ValuesIn(kScripts),
                         [](const ::testing::TestParamInfo<Script>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace simlite::engine
