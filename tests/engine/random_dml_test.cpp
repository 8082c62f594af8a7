// Seeded random INSERT / UPDATE / DELETE sequences on tables with indexes and constraints,
// run on simlite and real SQLite side by side: every statement's outcome (error and message,
// changes(), last_insert_rowid()) and the tables after it must agree, and at the end real
// SQLite must find simlite's file sound (PRAGMA integrity_check) with the same content.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "tests/support/dual_db.h"

namespace simlite::engine {
namespace {

using testing::DualDb;

class DmlGenerator {
 public:
  explicit DmlGenerator(uint64_t seed) : rng_(seed) {}

  // SAVEPOINT, RELEASE or ROLLBACK TO one of four names (some not open: an error on both).
  std::string SavepointStatement() {
    static const char* kVerbs[] = {"SAVEPOINT ", "RELEASE ", "ROLLBACK TO "};
    return kVerbs[Uniform(0, 2)] + std::string("s") + std::to_string(Uniform(0, 3));
  }
  bool OneIn(int n) { return Uniform(1, n) == 1; }

  std::string Statement() {
    switch (Uniform(0, 9)) {
      case 0:
      case 1:
      case 2:
        return "INSERT" + Conflict() + " INTO t(id, a, b, c) VALUES " + Rows();
      case 3:
        return "INSERT" + Conflict() + " INTO t(a, b, c) SELECT a + " + Small() + ", b || '" +
               Small() + "', c FROM t WHERE " + Where();
      case 4:
      case 5:
        return "UPDATE" + Conflict() + " t SET " + Set() + " WHERE " + Where();
      case 6:
        return "DELETE FROM t WHERE " + Where();
      case 7:
        return "INSERT" + Conflict() + " INTO u VALUES (" + Value() + ", " + Value() + ")";
      case 8:
        return "UPDATE t SET id = id + " + Small() + " WHERE id > " + Small();
      default:
        return "REPLACE INTO t(id, a, b, c) VALUES " + Rows();
    }
  }

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::string Small() { return std::to_string(Uniform(0, 12)); }
  std::string Conflict() {
    static const char* kConflicts[] = {"", "", " OR IGNORE", " OR REPLACE", " OR FAIL",
                                       " OR ABORT", " OR ROLLBACK"};
    return kConflicts[Uniform(0, 6)];
  }
  std::string Value() {
    switch (Uniform(0, 6)) {
      case 0:
        return "NULL";
      case 1:
        return "'" + std::string(static_cast<size_t>(Uniform(0, 3)), 'x') + Small() + "'";
      case 2:
        return Small() + ".5";
      default:
        return std::to_string(Uniform(-3, 15));
    }
  }
  std::string Rows() {
    std::string rows;
    const int count = Uniform(1, 3);
    for (int row_idx = 0; row_idx < count; row_idx++) {
      if (row_idx > 0) rows += ", ";
      rows += "(" + (Uniform(0, 2) == 0 ? std::string("NULL") : std::to_string(Uniform(1, 20))) +
              ", " + Value() + ", " + Value() + ", " + Value() + ")";
    }
    return rows;
  }
  std::string Set() {
    switch (Uniform(0, 3)) {
      case 0:
        return "a = a + 1";
      case 1:
        return "b = " + Value();
      case 2:
        return "c = " + Value() + ", a = " + Value();
      default:
        return "a = b, b = a";
    }
  }
  std::string Where() {
    static const char* kColumns[] = {"id", "a", "b", "c"};
    static const char* kOps[] = {"=", "<", ">", "<>", "IS", "IS NOT"};
    return std::string(kColumns[Uniform(0, 3)]) + " " + kOps[Uniform(0, 5)] + " " + Value();
  }

  std::mt19937_64 rng_;
};

// savepoints: one statement in five is a SAVEPOINT, RELEASE or ROLLBACK TO; journal_mode: set
// on both databases first (on disk).
void RunRandomDml(uint64_t seed, bool on_disk, int statement_count, bool savepoints = false,
                  const char* journal_mode = nullptr) {
  DualDb db(on_disk);
  if (journal_mode != nullptr) {
    ASSERT_TRUE(db.Same(std::string("PRAGMA journal_mode = ") + journal_mode));
  }
  db.Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER UNIQUE, b TEXT NOT NULL DEFAULT 'd',"
          " c CHECK (c IS NULL OR c <> 13))");
  db.Exec("CREATE INDEX t_bc ON t(b, c)");
  db.Exec("CREATE TABLE u(x PRIMARY KEY, y UNIQUE ON CONFLICT REPLACE)");
  DmlGenerator gen(seed);
  bool in_transaction = false;
  for (int statement_idx = 0; statement_idx < statement_count; statement_idx++) {
    if (statement_idx % 40 == 0) {
      const char* control = in_transaction ? (statement_idx % 80 ? "COMMIT" : "ROLLBACK") : "BEGIN";
      ASSERT_TRUE(db.Same(control));
      in_transaction = !in_transaction;
    }
    std::string sql = savepoints && gen.OneIn(5) ? gen.SavepointStatement() : gen.Statement();
    ASSERT_TRUE(db.Same(sql)) << "seed " << seed << " statement " << statement_idx;
    ASSERT_TRUE(db.Same("SELECT * FROM t")) << "after " << sql;
    ASSERT_TRUE(db.Same("SELECT * FROM u")) << "after " << sql;
    // An OR ROLLBACK failure, or RELEASE of a savepoint begun in autocommit mode, ends the
    // transaction on both.
    in_transaction = !db.simlite()->autocommit();
  }
  if (in_transaction) db.Exec("COMMIT");
  EXPECT_TRUE(db.Same("SELECT a, b, c FROM t WHERE a > 3 ORDER BY a", true));
  EXPECT_TRUE(db.Same("SELECT b, c, count(*) FROM t GROUP BY b, c"));
  if (!on_disk) return;
  testing::ExpectSqliteIntegrityOk(db.simlite_path());
}

TEST(RandomDmlTest, InMemoryMatchesSqlite) {
  for (uint64_t seed = 1; seed <= 6; seed++) RunRandomDml(seed, false, 400);
}

TEST(RandomDmlTest, OnDiskMatchesSqliteAndPassesIntegrityCheck) {
  RunRandomDml(77, true, 300);
}

TEST(RandomDmlTest, SavepointsMatchSqlite) {
  for (uint64_t seed = 1; seed <= 4; seed++) RunRandomDml(seed, false, 400, true);
  RunRandomDml(101, true, 300, true, "delete");
  RunRandomDml(102, true, 300, true, "wal");
}

}  // namespace
}  // namespace simlite::engine
