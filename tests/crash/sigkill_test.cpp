// Acceptance (crash safety): a child process writes transactions with synchronous FULL and
// reports each commit as it returns; the parent kills it with SIGKILL at random moments, 200
// times per journal mode, and after each kill checks the file: simlite's integrity check
// (and, every few rounds, real SQLite's) passes, every reported commit is there, and every
// transaction is there whole or not at all.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "btree/btree.h"
#include "btree/btree_cursor.h"
#include "btree/integrity_check.h"
#include "btree/record.h"
#include "io/posix_io.h"
#include "tests/crash/crash_model.h"
#include "tests/support/temp_dir.h"

namespace simlite::crash {
namespace {

using simlite::testing::RealSqliteQuery;
using simlite::testing::TempDir;

constexpr int kRounds = 200;

// Starts the writer, lets it run for `run_us`, kills it; returns the highest commit it
// reported (or `previous` if none).
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
  timespec pause{0, static_cast<long>(run_us * 1000)};
  nanosleep(&pause, nullptr);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0))
      << "the writer failed on its own (exit " << WEXITSTATUS(status) << ")";
  std::string output;
  char buffer[4096];
  ssize_t n;
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

// Reads the database: which transactions are present, each checked to be whole.
::testing::AssertionResult ReadState(const std::string& db, const char* mode,
                                     std::set<int64_t>* live) {
  auto io = io::CreateDefaultIo();
  pager::PagerOptions options;
  options.journal_mode = std::string(mode) == "wal" ? pager::JournalModeOption::kWal
                                                     : pager::JournalModeOption::kDelete;
  std::unique_ptr<pager::Pager> pager;
  if (pager::Pager::Open(io.get(), db, options, &pager) != Rc::kOk) {
    return ::testing::AssertionFailure() << "cannot open";
  }
  btree::Btree btree(pager.get());
  // With io_uring, a killed process's open file descriptions (and so its OFD locks) live on
  // until the kernel finishes tearing its ring down, a few milliseconds: wait as a busy
  // handler would.
  Rc rc = Rc::kBusy;
  for (int attempt = 0; attempt < 400 && PrimaryCode(rc) == Rc::kBusy; attempt++) {
    rc = btree.BeginRead();
    if (PrimaryCode(rc) == Rc::kBusy) {
      timespec pause{0, 5'000'000};
      nanosleep(&pause, nullptr);
    }
  }
  if (rc != Rc::kOk) return ::testing::AssertionFailure() << "BeginRead: " << ErrStr(rc);
  live->clear();
  if (pager->page_count() < 2) return ::testing::AssertionSuccess();  // nothing committed
  std::vector<btree::TreeToCheck> trees{{1, false, nullptr}, {2, false, nullptr}};
  std::vector<std::string> findings;
  rc = btree::CheckIntegrity(pager.get(), trees, 10, &findings);
  if (rc != Rc::kOk || !findings.empty()) {
    return ::testing::AssertionFailure() << "integrity: " << (findings.empty() ? ErrStr(rc)
                                                                            : findings[0]);
  }
  std::map<int64_t, int> rows_per_txn;
  btree::BtCursor table;
  table.Open(&btree, 2, false, nullptr);
  bool done = false;
  rc = table.First(&done);
  while (rc == Rc::kOk && !done) {
    rows_per_txn[table.rowid() / kRowidsPerTxn]++;
    rc = table.Next(&done);
  }
  if (rc != Rc::kOk) return ::testing::AssertionFailure() << "scan: " << ErrStr(rc);
  for (const auto& [txn, rows] : rows_per_txn) {
    if (rows != RowsOf(txn)) {
      return ::testing::AssertionFailure() << "transaction " << txn << " is partial: " << rows
                                           << " of " << RowsOf(txn) << " rows";
    }
    live->insert(txn);
  }
  return ::testing::AssertionSuccess();
}

class SigkillTest : public ::testing::TestWithParam<const char*> {};

TEST_P(SigkillTest, EveryReportedCommitSurvivesAndNoneIsPartial) {
  TempDir dir;
  const std::string db = dir.File("crash.db");
  std::mt19937 random(std::hash<std::string>()(GetParam()));
  int64_t reported = 0;
  int mid_commit_kills = 0;
  for (int round = 0; round < kRounds; round++) {
    reported = RunAndKill(db, GetParam(), 2000 + random() % 40000, reported);
    std::set<int64_t> live;
    ASSERT_TRUE(ReadState(db, GetParam(), &live)) << "round " << round;
    // Every reported commit is there; the one in flight at the kill may be too.
    bool at_reported = live == LiveAfter(reported);
    bool at_next = live == LiveAfter(reported + 1);
    ASSERT_TRUE(at_reported || at_next)
        << "round " << round << ": reported " << reported << ", file holds "
        << (live.empty() ? 0 : *live.rbegin());
    if (at_next && !at_reported) {
      reported++;  // the commit completed; the kill only cut its report
      mid_commit_kills++;
    }
    if (round % 25 == 24) {
      ASSERT_EQ(RealSqliteQuery(db, "PRAGMA integrity_check"), "ok") << "round " << round;
    }
  }
  EXPECT_GT(reported, 50) << "the writer made too little progress to test anything";
  std::printf("[ crash ] %s: %d kills, %lld commits, %d completed but unreported\n", GetParam(),
              kRounds, static_cast<long long>(reported), mid_commit_kills);
}

INSTANTIATE_TEST_SUITE_P(JournalModes, SigkillTest, ::testing::Values("delete", "wal"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace simlite::crash
