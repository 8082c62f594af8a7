// PRAGMA against real SQLite: schema pragmas, header values, settings, integrity_check.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/dual_db.h"

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

}  // namespace
}  // namespace simlite::engine
