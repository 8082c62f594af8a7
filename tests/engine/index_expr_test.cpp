// Indexes on expressions and partial indexes (lang_createindex.html, expridx.html,
// partialindex.html) against real SQLite: what CREATE INDEX accepts and refuses, uniqueness
// through them (with every conflict action), and their entries through INSERT, UPDATE,
// DELETE, REPLACE, upserts and REINDEX — checked at the end by real SQLite's integrity_check
// of simlite's file, which recomputes every entry.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/dual_db.h"

namespace simlite::engine {
namespace {

using testing::DualDb;
using Script = testing::SqlScript;

class IndexExprTest : public ::testing::TestWithParam<Script> {};

TEST_P(IndexExprTest, MatchesSqlite) {
  DualDb db(/*on_disk=*/true);
  db.Exec("CREATE TABLE u(a INTEGER PRIMARY KEY, b TEXT, c REAL, d)");
  db.Exec("INSERT INTO u VALUES (1, 'x', 1.5, NULL), (2, 'Y', 2.5, 'p'), (3, NULL, NULL, 3)");
  for (const char* statement : GetParam().statements) {
    EXPECT_TRUE(db.Same(statement)) << GetParam().name;
  }
  EXPECT_TRUE(db.Same("SELECT * FROM u", /*ordered=*/false));
  EXPECT_TRUE(db.Same("PRAGMA integrity_check"));
  testing::ExpectSqliteIntegrityOk(db.simlite_path());
}

const Script kScripts[] = {
    {"create_and_refuse",
     {"CREATE INDEX ue ON u(lower(b))", "CREATE INDEX uc ON u(c * 2 DESC, b COLLATE NOCASE)",
      "CREATE INDEX up ON u(a) WHERE b IS NOT NULL", "CREATE INDEX i1 ON u(random())",
      "CREATE INDEX i2 ON u(a) WHERE random() > 0", "CREATE INDEX i3 ON u((SELECT 1))",
      "CREATE INDEX i4 ON u(a) WHERE a IN (SELECT 1)", "CREATE INDEX i5 ON u(nosuch + 1)",
      "CREATE INDEX i6 ON u(a) WHERE nosuch", "CREATE INDEX i7 ON u(a + ?)",
      "CREATE INDEX i8 ON u(a) WHERE b = ?", "CREATE INDEX i11 ON u(max(a))",
      "CREATE INDEX i12 ON u(a) WHERE max(a)", "CREATE INDEX i13 ON u(\"b\")",
      "CREATE INDEX i14 ON u(rowid + 1)", "CREATE INDEX i15 ON u(abs(a) COLLATE NOCASE DESC)",
      "CREATE INDEX i16 ON u(a) WHERE EXISTS (SELECT 1)", "PRAGMA index_list(u)",
      "PRAGMA index_info(ue)", "PRAGMA index_xinfo(ue)", "PRAGMA index_xinfo(up)",
      "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"}},
    {"unique_expression",
     {"CREATE UNIQUE INDEX ul ON u(lower(b))", "INSERT INTO u VALUES (4, 'X', 0, 0)",
      "INSERT INTO u VALUES (4, 'z', 0, 0)", "INSERT OR IGNORE INTO u VALUES (5, 'Z', 0, 0)",
      "INSERT OR REPLACE INTO u VALUES (6, 'Z', 9, 9)", "UPDATE u SET b = 'y' WHERE a = 1",
      "UPDATE OR REPLACE u SET b = 'y' WHERE a = 1", "SELECT * FROM u ORDER BY a",
      "INSERT INTO u VALUES (7, 'Q', 0, 0) ON CONFLICT DO NOTHING",
      "INSERT INTO u VALUES (8, 'q', 0, 0) ON CONFLICT DO NOTHING",
      "INSERT INTO u VALUES (9, 'q', 0, 0) ON CONFLICT (lower(b)) DO UPDATE SET c = c + 1",
      "SELECT * FROM u ORDER BY a", "DELETE FROM u WHERE lower(b) = 'q'",
      "CREATE UNIQUE INDEX ud ON u(d + 0)", "CREATE UNIQUE INDEX ub2 ON u(b, a + 1)",
      "INSERT INTO u VALUES (10, 'x', 0, 0)"}},
    {"unique_partial",
     {"CREATE UNIQUE INDEX ub ON u(b) WHERE a > 1", "INSERT INTO u VALUES (4, 'x', 0, 0)",
      "INSERT INTO u VALUES (0, 'x', 0, 0)", "INSERT INTO u VALUES (5, 'Y', 0, 0)",
      "INSERT OR REPLACE INTO u VALUES (6, 'Y', 6, 6)", "SELECT * FROM u ORDER BY a",
      "UPDATE u SET a = a + 100 WHERE a = 0", "UPDATE u SET b = 'x' WHERE a = 1",
      "UPDATE u SET a = -1 WHERE b = 'x' AND a = 4", "SELECT * FROM u ORDER BY a",
      "CREATE UNIQUE INDEX uc ON u(c) WHERE c IS NOT NULL AND c > 1",
      "INSERT INTO u VALUES (20, 'w', 2.5, 0)", "INSERT INTO u VALUES (21, 'w', 0.5, 0)",
      "INSERT INTO u VALUES (22, 'w', 0.5, 0)", "CREATE UNIQUE INDEX ud ON u(d) WHERE d > 0",
      "INSERT INTO u VALUES (30, 'Y', 0, 0) ON CONFLICT (b) DO NOTHING",
      "INSERT INTO u VALUES (31, 'Y', 0, 0) ON CONFLICT (b) WHERE a > 1 DO UPDATE SET d = 'up'",
      "INSERT INTO u VALUES (32, 'Y', 0, 0) ON CONFLICT (b) WHERE a > 2 DO NOTHING",
      "SELECT * FROM u ORDER BY a", "REINDEX", "REINDEX ub"}},
    {"writes_keep_entries",
     {"CREATE INDEX ue ON u(b || '-' || a, c / 2)", "CREATE INDEX up ON u(c) WHERE d IS NULL",
      "CREATE INDEX upe ON u(length(b)) WHERE c > 1", "INSERT INTO u VALUES (4, 'abc', 4, NULL)",
      "INSERT INTO u SELECT a + 10, b || b, c * 3, NULL FROM u",
      "UPDATE u SET d = 1 WHERE a % 2 = 0", "UPDATE u SET c = c + 1, b = upper(b)",
      "DELETE FROM u WHERE a > 12", "REPLACE INTO u VALUES (1, 'new', 7, NULL)",
      "SELECT count(*) FROM u", "SELECT b FROM u WHERE length(b) > 2 AND c > 1 ORDER BY a",
      "SELECT c FROM u WHERE d IS NULL ORDER BY a", "REINDEX u",
      "BEGIN", "UPDATE u SET d = NULL", "DELETE FROM u WHERE a = 2", "ROLLBACK",
      "SAVEPOINT s", "INSERT INTO u VALUES (40, 'sp', 5, NULL)", "ROLLBACK TO s", "RELEASE s",
      "DELETE FROM u WHERE a = 3", "DROP INDEX up", "DELETE FROM u"}},
};

INSTANTIATE_TEST_SUITE_P(Scripts, IndexExprTest, ::testing::ValuesIn(kScripts),
                         testing::ScriptName);

}  // namespace
}  // namespace simlite::engine
