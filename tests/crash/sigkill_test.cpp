// Acceptance (crash safety): a child process (simlite-crash-writer) runs SQL write
// transactions through the engine API with synchronous FULL and reports each commit as it
// returns; the parent kills it with SIGKILL at random moments, 200 times per journal mode,
// and after each kill opens the file with simlite (which recovers it), then with real SQLite:
// both integrity checks pass, both see the same rows, every reported commit is there, and
// every transaction is there whole or not at all (the rows equal the model's state after the
// last reported commit, or after the one in flight).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
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

constexpr int kRounds = 200;

// Starts the writer, lets it run for `run_us` after it says it is ready (opened, schema in
// place: so that a slow start, as under the sanitizers, does not eat the run), kills it;
// returns the highest commit it reported (or `previous` if none).
int64_t RunAndKill(const std::string& db, const char* mode, int64_t run_us, int64_t previous) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    execl(SIMLITE_CRASH_WRITER, SIMLITE_CRASH_WRITER, db.c_str(), mode, nullptr);
    _exit(127);
  }
  close(fds[1]);
  std::string output;
  char buffer[4096];
  ssize_t n = 0;
  // Bounded: the writer prints "ready" or exits (EOF) on an error.
  while (output.find("ready\n") == std::string::npos &&
         (n = read(fds[0], buffer, sizeof(buffer))) > 0) {
    output.append(buffer, n);
  }
  timespec pause{0, static_cast<long>(run_us * 1000)};
  nanosleep(&pause, nullptr);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0))
      << "the writer failed on its own (exit " << WEXITSTATUS(status) << ")";
  while ((n = read(fds[0], buffer, sizeof(buffer))) > 0) output.append(buffer, n);
  close(fds[0]);
  int64_t reported = previous;
  size_t at = 0;
  while ((at = output.find("commit ", at)) != std::string::npos) {
    size_t end = output.find('\n', at);
    if (end == std::string::npos) break;  // a line cut by the kill
    reported = std::max<int64_t>(reported, std::stoll(output.substr(at + 7, end - at - 7)));
    at = end;
  }
  return reported;
}

constexpr const char* kHasTableSql = "SELECT count(*) FROM sqlite_schema WHERE name = 'progress'";

// What one engine sees after a crash: the table's rows and progress.last ("" and "0" when
// the schema was not committed yet).
struct SeenState {
  std::string rows;
  std::string last = "0";
};

// Opens the database with simlite (which recovers what the kill left), checks its integrity
// and reads its state; then closes (the WAL's last connection checkpoints and deletes it).
::testing::AssertionResult ReadWithSimlite(const std::string& db, SeenState* seen) {
  std::unique_ptr<engine::Connection> connection;
  engine::OpenOptions options;
  if (engine::Connection::Open(db, options, &connection) != Rc::kOk) {
    return ::testing::AssertionFailure() << "cannot open";
  }
  // With io_uring, a killed process's open file descriptions (and so its OFD locks) live on
  // until the kernel finishes tearing its ring down, a few milliseconds: wait for them.
  connection->SetBusyTimeout(2000);
  std::string text;
  Rc rc = SimliteQuery(connection.get(), "PRAGMA integrity_check", &text);
  if (rc != Rc::kOk || text != "ok") {
    return ::testing::AssertionFailure() << "simlite integrity_check: " << ErrStr(rc) << " "
                                         << connection->error_message() << " " << text;
  }
  rc = SimliteQuery(connection.get(), kHasTableSql, &text);
  if (rc == Rc::kOk && text == "1") {
    rc = SimliteQuery(connection.get(), kRowsSql, &seen->rows);
    if (rc == Rc::kOk)
      rc = SimliteQuery(connection.get(), "SELECT last FROM progress", &seen->last);
  }
  if (rc != Rc::kOk) {
    return ::testing::AssertionFailure()
           << "simlite read: " << ErrStr(rc) << " " << connection->error_message();
  }
  return ::testing::AssertionSuccess();
}

void ReadWithSqlite(const std::string& db, SeenState* seen) {
  EXPECT_EQ(RealSqliteQuery(db, "PRAGMA integrity_check"), "ok");
  if (RealSqliteQuery(db, kHasTableSql) != "1") return;
  seen->rows = RealSqliteQuery(db, kRowsSql);
  seen->last = RealSqliteQuery(db, "SELECT last FROM progress");
}

class SigkillTest : public ::testing::TestWithParam<const char*> {};

TEST_P(SigkillTest, EveryReportedCommitSurvivesAndNoneIsPartial) {
  TempDir dir;
  const std::string db = dir.File("crash.db");
  std::mt19937 random(static_cast<uint32_t>(std::hash<std::string>()(GetParam())));
  const auto start = std::chrono::steady_clock::now();
  int64_t reported = 0;
  int mid_commit_kills = 0;
  int hot_journals = 0;  // rounds that left a journal with content (DELETE mode)
  for (int round = 0; round < kRounds; round++) {
    reported = RunAndKill(db, GetParam(), 2000 + random() % 40000, reported);
    std::error_code error;
    if (std::filesystem::file_size(db + "-journal", error) > 0 && !error) hot_journals++;
    SeenState simlite_seen;
    ASSERT_TRUE(ReadWithSimlite(db, &simlite_seen)) << "round " << round;
    SeenState sqlite_seen;
    ReadWithSqlite(db, &sqlite_seen);
    ASSERT_EQ(simlite_seen.rows, sqlite_seen.rows) << "round " << round;
    ASSERT_EQ(simlite_seen.last, sqlite_seen.last) << "round " << round;
    // Every reported commit is there; the one in flight at the kill may be too, whole.
    const bool at_reported = simlite_seen.rows == Joined(StateAfter(reported)) &&
                             simlite_seen.last == std::to_string(reported);
    const bool at_next = simlite_seen.rows == Joined(StateAfter(reported + 1)) &&
                         simlite_seen.last == std::to_string(reported + 1);
    ASSERT_TRUE(at_reported || at_next) << "round " << round << ": reported " << reported
                                        << ", file's progress " << simlite_seen.last;
    if (at_next && !at_reported) {
      reported++;  // the commit completed; the kill only cut its report
      mid_commit_kills++;
    }
  }
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GT(reported, 50) << "the writer made too little progress to test anything";
  std::printf(
      "[ crash ] %s: %d kills, %lld commits, %d completed but unreported, %d left a "
      "journal, %.1f s\n",
      GetParam(), kRounds, static_cast<long long>(reported), mid_commit_kills, hot_journals,
      seconds);
}

INSTANTIATE_TEST_SUITE_P(JournalModes, SigkillTest, ::testing::Values("delete", "wal"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace simlite::crash
