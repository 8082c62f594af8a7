// Acceptance 2 (recovery of SQLite's files): a real SQLite process writes the crash model's
// transactions (with a small cache, so that big transactions spill: changed pages reach the
// database file before COMMIT in DELETE mode, uncommitted frames reach the WAL in WAL mode)
// and is killed with SIGKILL at a random moment. A copy of its files (database, journal,
// WAL, wal-index) is opened by real SQLite, which recovers it: that is the oracle. simlite
// then opens the original files, recovers them itself, and must see the same thing: the
// same rows, both integrity checks ok, and a state that is one whole transaction (the model's
// state after the transaction progress names, and the filler table updated as often). The
// next round's SQLite process continues on the file simlite recovered.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "engine/connection.h"
#include "tests/crash/crash_check.h"
#include "tests/crash/crash_model.h"
#include "tests/support/temp_dir.h"

namespace simlite::crash {
namespace {

using simlite::testing::RealSqliteQuery;
using simlite::testing::TempDir;

constexpr int kRounds = 60;

// The filler table: every transaction rewrites all of it (about 35 pages of 1 KiB), more than
// the writer's cache holds.
constexpr const char* kFillerSql =
    "CREATE TABLE IF NOT EXISTS filler(id INTEGER PRIMARY KEY, n INTEGER, pad BLOB);"
    "INSERT OR IGNORE INTO filler SELECT value, 0, zeroblob(300) FROM "
    "(WITH RECURSIVE c(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM c WHERE value < 100)"
    " SELECT value FROM c);";

int SqliteExec(sqlite3* db, const std::string& sql) {
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

// The child: real SQLite writing transactions until it is killed.
[[noreturn]] void RunSqliteWriter(const std::string& path, const char* mode) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) _exit(3);
  sqlite3_busy_timeout(db, 5000);
  const std::string setup = std::string("PRAGMA page_size=1024; PRAGMA journal_mode=") + mode +
                            "; PRAGMA synchronous=FULL; PRAGMA cache_size=10;"
                            "PRAGMA wal_autocheckpoint=50; BEGIN;" +
                            kSchemaStatements + kFillerSql + "COMMIT;";
  if (SqliteExec(db, setup) != SQLITE_OK) _exit(4);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT last FROM progress", -1, &stmt, nullptr);
  if (sqlite3_step(stmt) != SQLITE_ROW) _exit(5);
  const int64_t last = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  for (int64_t txn = last + 1;; txn++) {
    std::string sql = TransactionSql(txn);
    sql.insert(sql.find(';') + 1, "UPDATE filler SET n = n + 1, pad = randomblob(300);");
    if (SqliteExec(db, sql) != SQLITE_OK) _exit(6);
  }
}

void RunAndKill(const std::string& path, const char* mode, int64_t run_us) {
  pid_t pid = fork();
  if (pid == 0) RunSqliteWriter(path, mode);
  timespec pause{0, static_cast<long>(run_us * 1000)};
  nanosleep(&pause, nullptr);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status))
      << "the SQLite writer exited on its own: " << WEXITSTATUS(status);
}

constexpr const char* kFillerCheckSql = "SELECT min(n) || '|' || max(n) FROM filler";

struct Seen {
  std::string integrity;
  std::string rows;
  std::string last;
  std::string filler;
};

void SeenBySimlite(const std::string& path, Seen* seen) {
  std::unique_ptr<engine::Connection> connection;
  ASSERT_EQ(engine::Connection::Open(path, engine::OpenOptions{}, &connection), Rc::kOk);
  connection->SetBusyTimeout(2000);
  const std::pair<const char*, std::string*> queries[] = {
      {"PRAGMA integrity_check", &seen->integrity},
      {kRowsSql, &seen->rows},
      {"SELECT last FROM progress", &seen->last},
      {kFillerCheckSql, &seen->filler}};
  for (const auto& [sql, out] : queries) {
    ASSERT_EQ(SimliteQuery(connection.get(), sql, out), Rc::kOk)
        << sql << ": " << connection->error_message();
  }
}

void SeenBySqlite(const std::string& path, Seen* seen) {
  seen->integrity = RealSqliteQuery(path, "PRAGMA integrity_check");
  seen->rows = RealSqliteQuery(path, kRowsSql);
  seen->last = RealSqliteQuery(path, "SELECT last FROM progress");
  seen->filler = RealSqliteQuery(path, kFillerCheckSql);
}

class SqliteKillTest : public ::testing::TestWithParam<const char*> {};

TEST_P(SqliteKillTest, SimliteRecoversWhatSqliteRecovers) {
  TempDir dir;
  const std::string db = dir.File("crash.db");
  const std::string oracle = dir.File("oracle.db");
  std::mt19937 random(static_cast<uint32_t>(std::hash<std::string>()(GetParam())));
  int hot_journals = 0;
  int wals = 0;
  int64_t last = 0;
  for (int round = 0; round < kRounds; round++) {
    // Long enough for a few transactions even on a loaded machine (each syncs several times).
    RunAndKill(db, GetParam(), 30000 + random() % 120000);
    std::error_code error;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      std::filesystem::remove(oracle + suffix);
      if (std::filesystem::exists(db + suffix)) {
        std::filesystem::copy_file(db + suffix, oracle + suffix);
      }
    }
    if (std::filesystem::file_size(db + "-journal", error) > 0 && !error) hot_journals++;
    if (std::filesystem::file_size(db + "-wal", error) > 0 && !error) wals++;
    if (!std::filesystem::exists(db) || std::filesystem::file_size(db) == 0) continue;
    Seen expected;
    SeenBySqlite(oracle, &expected);
    if (expected.last.empty() || expected.last.starts_with("<error")) continue;  // no schema yet
    Seen actual;
    ASSERT_NO_FATAL_FAILURE(SeenBySimlite(db, &actual)) << "round " << round;
    ASSERT_EQ(expected.integrity, "ok") << "round " << round;
    ASSERT_EQ(actual.integrity, "ok") << "round " << round;
    ASSERT_EQ(actual.rows, expected.rows) << "round " << round;
    ASSERT_EQ(actual.last, expected.last) << "round " << round;
    ASSERT_EQ(actual.filler, expected.filler) << "round " << round;
    // One whole transaction: the model's rows after `last`, the filler updated `last` times.
    last = std::stoll(actual.last);
    EXPECT_EQ(actual.rows, Joined(StateAfter(last))) << "round " << round;
    EXPECT_EQ(actual.filler, actual.last + "|" + actual.last) << "round " << round;
    // simlite's close left the file for the next SQLite process; SQLite agrees it is sound.
    EXPECT_EQ(RealSqliteQuery(db, "PRAGMA integrity_check"), "ok") << "round " << round;
  }
  // What makes the test worth its time: rounds that left recovery work (a journal or a WAL),
  // and commits to recover. Few commits on a loaded machine (each syncs several times) are
  // still enough.
  EXPECT_GT(hot_journals + wals, kRounds / 2) << "too few kills left anything to recover";
  EXPECT_GT(last, 0) << "the writer committed nothing";
  std::printf("[ sqlite kill ] %s: %d kills, %lld transactions, %d left a journal, %d a WAL\n",
              GetParam(), kRounds, static_cast<long long>(last), hot_journals, wals);
}

INSTANTIATE_TEST_SUITE_P(JournalModes, SqliteKillTest, ::testing::Values("delete", "wal"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace simlite::crash
