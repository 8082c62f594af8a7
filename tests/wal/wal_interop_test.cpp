// simlite and real SQLite share one WAL database: each writes while the other reads and
// checkpoints, and each recovers the WAL the other left. SQLite runs in a child process
// (tests/support/sqlite_process.h) whenever both have the database open at once; SQLite's
// own view of the pages (through sqlite3_backup, which copies pages verbatim) is the oracle.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "io/posix_io.h"
#include "pager/pager.h"
#include "tests/support/dying_io.h"
#include "tests/support/sqlite_process.h"
#include "tests/support/temp_dir.h"

namespace simlite::pager {
namespace {

using simlite::testing::DyingIo;
using simlite::testing::RealSqliteExec;
using simlite::testing::RealSqliteQuery;
using simlite::testing::SqliteProcess;
using simlite::testing::TempDir;

constexpr int kRows = 2000;
constexpr int kMarkerLength = 20;  // the run of one letter after "row-NNNNNN-"

uint64_t FileSize(const std::string& path) {
  std::error_code error;
  uint64_t size = std::filesystem::file_size(path, error);
  return error ? 0 : size;
}

void CopyFile(const std::string& from, const std::string& to) {
  if (!std::filesystem::exists(from)) return;
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
}

// The database's pages as real SQLite sees them (page 1 minus its 100-byte header, which a
// backup rewrites), by copying them with sqlite3_backup into a fresh file.
std::vector<std::string> SqlitePages(const std::string& db_path, const std::string& scratch) {
  std::filesystem::remove(scratch);
  sqlite3* source = nullptr;
  sqlite3* dest = nullptr;
  EXPECT_EQ(sqlite3_open(db_path.c_str(), &source), SQLITE_OK);
  EXPECT_EQ(sqlite3_open(scratch.c_str(), &dest), SQLITE_OK);
  sqlite3_backup* backup = sqlite3_backup_init(dest, "main", source, "main");
  EXPECT_NE(backup, nullptr);
  EXPECT_EQ(sqlite3_backup_step(backup, -1), SQLITE_DONE);
  sqlite3_backup_finish(backup);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(source, "PRAGMA page_size", -1, &stmt, nullptr);
  sqlite3_step(stmt);
  const size_t page_size = static_cast<size_t>(sqlite3_column_int(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(dest);
  sqlite3_close(source);
  std::ifstream in(scratch, std::ios::binary);
  std::string image(std::istreambuf_iterator<char>(in), {});
  std::vector<std::string> pages;
  for (size_t offset = 0; offset + page_size <= image.size(); offset += page_size) {
    pages.push_back(image.substr(offset, page_size));
  }
  if (!pages.empty()) pages[0].erase(0, kHeaderSize);
  return pages;
}

// The same, as simlite's pager sees them in its current read transaction.
std::vector<std::string> SimlitePages(Pager* pager) {
  std::vector<std::string> pages;
  for (Pgno pgno = 1; pgno <= pager->page_count(); pgno++) {
    PageRef page;
    EXPECT_EQ(pager->Get(pgno, &page), Rc::kOk);
    if (!page.valid()) break;
    pages.emplace_back(reinterpret_cast<const char*>(page.data()), pager->page_size());
  }
  if (!pages.empty()) pages[0].erase(0, kHeaderSize);
  return pages;
}

// In one write transaction, changes the marker of every row whose number is `remainder`
// modulo `modulus` and whose marker is still `from` to `to`, in place in the leaf pages
// (same length, so the records stay valid). *changed: how many rows it changed.
Rc TryRewriteRows(Pager* pager, int modulus, int remainder, char from, char to, int* changed) {
  *changed = 0;
  SIMLITE_TRY(pager->BeginRead());
  Rc rc = pager->BeginWrite();
  for (Pgno pgno = 2; rc == Rc::kOk && pgno <= pager->page_count(); pgno++) {
    PageRef page;
    rc = pager->Get(pgno, &page);
    const uint32_t record_length = 11 + kMarkerLength;  // "row-NNNNNN-" and the marker
    for (uint32_t offset = 0; rc == Rc::kOk && offset + record_length <= pager->page_size();
         offset++) {
      uint8_t* data = page.data();
      if (std::memcmp(data + offset, "row-", 4) != 0 || data[offset + 10] != '-') continue;
      int row = std::atoi(std::string(reinterpret_cast<char*>(data) + offset + 4, 6).c_str());
      uint8_t* marker = data + offset + 11;
      if (row % modulus != remainder || marker[0] != from) continue;
      rc = pager->MakeWritable(page);
      std::memset(marker, to, kMarkerLength);
      (*changed)++;
    }
  }
  if (rc == Rc::kOk) rc = pager->Commit();
  if (pager->state() == Pager::State::kWriting) pager->Rollback();
  pager->EndRead();
  return rc;
}

int RewriteRows(Pager* pager, int modulus, int remainder, char from, char to) {
  int changed = 0;
  EXPECT_EQ(TryRewriteRows(pager, modulus, remainder, from, to, &changed), Rc::kOk);
  return changed;
}

std::string CountMarkers(char letter) {
  return "SELECT count(*) FROM t WHERE b GLOB '*" + std::string(kMarkerLength, letter) + "*'";
}

class WalInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    io_ = io::CreateDefaultIo();
    db_ = dir_.File("db");
    RealSqliteExec(db_, "PRAGMA page_size=1024; PRAGMA journal_mode=WAL;"
                        "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);"
                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<" +
                        std::to_string(kRows) + ") INSERT INTO t SELECT i, printf('row-%06d-%s', "
                        "i, '" + std::string(kMarkerLength, 'A') + "') FROM n;");
    ASSERT_FALSE(std::filesystem::exists(db_ + "-wal"));  // SQLite's last close removed it
  }
  std::unique_ptr<Pager> OpenPager(uint32_t cache_pages = 2000) {
    PagerOptions options;
    options.cache_pages = cache_pages;
    std::unique_ptr<Pager> pager;
    EXPECT_EQ(Pager::Open(io_.get(), db_, options, &pager), Rc::kOk);
    return pager;
  }
  static int RowsMatching(int modulus, int remainder, int exclude_modulus = 0) {
    int count = 0;
    for (int row = 1; row <= kRows; row++) {
      if (row % modulus == remainder && (exclude_modulus == 0 || row % exclude_modulus != 0)) {
        count++;
      }
    }
    return count;
  }

  TempDir dir_;
  std::unique_ptr<io::Io> io_;
  std::string db_;
};

TEST_F(WalInteropTest, SimliteWritesWhileSqliteReadsAndCheckpoints) {
  auto pager = OpenPager();
  EXPECT_EQ(RewriteRows(pager.get(), 7, 0, 'A', 'B'), RowsMatching(7, 0));
  EXPECT_EQ(pager->journal_mode(), JournalModeOption::kWal);
  EXPECT_EQ(RewriteRows(pager.get(), 5, 0, 'A', 'C'), RowsMatching(5, 0, 7));
  EXPECT_GT(FileSize(db_ + "-wal"), 0u);
  {
    // SQLite joins while simlite is attached: it reads simlite's frames through the
    // wal-index simlite maintains.
    SqliteProcess sqlite(db_);
    EXPECT_EQ(sqlite.Exec(CountMarkers('B')), std::to_string(RowsMatching(7, 0)));
    EXPECT_EQ(sqlite.Exec(CountMarkers('C')), std::to_string(RowsMatching(5, 0, 7)));
    EXPECT_EQ(sqlite.Exec("PRAGMA integrity_check"), "ok");
    // A commit by simlite while SQLite stays attached, then SQLite checkpoints it all.
    int rewritten = RewriteRows(pager.get(), 3, 1, 'A', 'D');
    EXPECT_GT(rewritten, 0);
    EXPECT_EQ(sqlite.Exec(CountMarkers('D')), std::to_string(rewritten));
    EXPECT_EQ(sqlite.Exec("PRAGMA wal_checkpoint(TRUNCATE)"), "0|0|0");
    EXPECT_EQ(FileSize(db_ + "-wal"), 0u);
    // simlite writes on after SQLite truncated the WAL: it starts a new one.
    EXPECT_EQ(RewriteRows(pager.get(), 3, 1, 'D', 'E'), rewritten);
    EXPECT_EQ(sqlite.Exec(CountMarkers('E')), std::to_string(rewritten));
    EXPECT_EQ(sqlite.Exec(CountMarkers('D')), "0");
    EXPECT_EQ(sqlite.Exec("PRAGMA integrity_check"), "ok");
  }
  EXPECT_TRUE(std::filesystem::exists(db_ + "-wal"));  // SQLite was not the last to close
  pager.reset();                                       // simlite is: checkpoint, clean up
  EXPECT_FALSE(std::filesystem::exists(db_ + "-wal"));
  EXPECT_FALSE(std::filesystem::exists(db_ + "-shm"));
  EXPECT_EQ(RealSqliteQuery(db_, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(RealSqliteQuery(db_, CountMarkers('B')), std::to_string(RowsMatching(7, 0)));
  EXPECT_EQ(RealSqliteQuery(db_, "PRAGMA journal_mode"), "wal");
}

TEST_F(WalInteropTest, SqliteWritesWhileSimliteKeepsItsSnapshot) {
  SqliteProcess sqlite(db_);
  EXPECT_EQ(sqlite.Exec("PRAGMA wal_autocheckpoint=0;"
                        "UPDATE t SET b = replace(b, 'AAAA', 'EEEE') WHERE a % 4 = 0;"),
            "0");
  auto pager = OpenPager(/*cache_pages=*/16);  // most reads go to the files
  const std::string scratch = dir_.File("scratch");
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  std::vector<std::string> before = SimlitePages(pager.get());
  EXPECT_EQ(before, SqlitePages(db_, scratch));
  // SQLite commits and checkpoints as far as simlite's read mark lets it.
  EXPECT_EQ(sqlite.Exec("UPDATE t SET b = replace(b, 'AAAA', 'FFFF') WHERE a % 6 = 1;"), "");
  std::string passive = sqlite.Exec("PRAGMA wal_checkpoint(PASSIVE)");
  int busy = -1, log = -1, done = -1;
  ASSERT_EQ(std::sscanf(passive.c_str(), "%d|%d|%d", &busy, &log, &done), 3) << passive;
  EXPECT_EQ(busy, 0);
  EXPECT_GT(done, 0);
  EXPECT_LT(done, log);
  EXPECT_EQ(SimlitePages(pager.get()), before);  // the snapshot did not move
  std::string restart = sqlite.Exec("PRAGMA busy_timeout=0; PRAGMA wal_checkpoint(RESTART)");
  EXPECT_EQ(restart.substr(restart.find('\n') + 1, 2), "1|");  // simlite still reads the WAL
  EXPECT_EQ(SimlitePages(pager.get()), before);
  pager->EndRead();
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  std::vector<std::string> after = SimlitePages(pager.get());
  EXPECT_NE(after, before);
  EXPECT_EQ(after, SqlitePages(db_, scratch));
  pager->EndRead();
  // simlite checkpoints SQLite's frames; SQLite finds its database whole.
  int simlite_log = 0, simlite_done = 0;
  ASSERT_EQ(pager->Checkpoint(wal::CheckpointMode::kTruncate, &simlite_log, &simlite_done),
            Rc::kOk);
  EXPECT_EQ(simlite_log, 0);
  EXPECT_EQ(FileSize(db_ + "-wal"), 0u);
  EXPECT_EQ(sqlite.Exec("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(sqlite.Exec("SELECT count(*) FROM t WHERE b GLOB '*FFFF*'"),
            std::to_string(RowsMatching(6, 1)));
}

TEST_F(WalInteropTest, SqliteReaderKeepsItsSnapshotWhileSimliteCommits) {
  auto pager = OpenPager();
  SqliteProcess sqlite(db_);
  EXPECT_EQ(sqlite.Exec("BEGIN; " + CountMarkers('G')), "0");
  int rewritten = RewriteRows(pager.get(), 9, 4, 'A', 'G');
  EXPECT_EQ(sqlite.Exec(CountMarkers('G')), "0");  // SQLite's snapshot holds
  int log = 0, done = 0;
  EXPECT_EQ(pager->Checkpoint(wal::CheckpointMode::kRestart, &log, &done), Rc::kBusy);
  EXPECT_EQ(sqlite.Exec(CountMarkers('G')), "0");
  EXPECT_EQ(sqlite.Exec("COMMIT; " + CountMarkers('G')), std::to_string(rewritten));
  // SQLite's next transaction may write on top of simlite's.
  EXPECT_EQ(sqlite.Exec("UPDATE t SET b = replace(b, 'GGGG', 'HHHH') WHERE a % 2 = 0"), "");
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  ASSERT_EQ(pager->BeginWrite(), Rc::kOk);  // its snapshot includes SQLite's commit
  pager->Rollback();
  pager->EndRead();
  EXPECT_EQ(pager->Checkpoint(wal::CheckpointMode::kFull, &log, &done), Rc::kOk);
  EXPECT_EQ(log, done);
  EXPECT_EQ(sqlite.Exec("PRAGMA integrity_check"), "ok");
}

TEST_F(WalInteropTest, SimliteRecoversTheWalOfAKilledSqliteWriter) {
  {
    SqliteProcess sqlite(db_);
    EXPECT_EQ(sqlite.Exec("PRAGMA wal_autocheckpoint=0; PRAGMA cache_size=8;"
                          "UPDATE t SET b = replace(b, 'AAAA', 'JJJJ') WHERE a % 3 = 0;"
                          "UPDATE t SET b = replace(b, 'AAAA', 'KKKK') WHERE a % 5 = 0;"),
              "0");
    uint64_t committed_size = FileSize(db_ + "-wal");
    // A big transaction spills uncommitted frames into the WAL; then the process dies.
    EXPECT_EQ(sqlite.Exec("BEGIN; UPDATE t SET b = replace(b, 'A', 'Z');"), "");
    EXPECT_GT(FileSize(db_ + "-wal"), committed_size);
    sqlite.Kill();
  }
  const std::string oracle = dir_.File("oracle");
  for (const char* suffix : {"", "-wal", "-shm"}) CopyFile(db_ + suffix, oracle + suffix);
  std::vector<std::string> expected = SqlitePages(oracle, dir_.File("scratch"));
  auto pager = OpenPager();
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  EXPECT_EQ(SimlitePages(pager.get()), expected);
  pager->EndRead();
  pager.reset();
  EXPECT_FALSE(std::filesystem::exists(db_ + "-wal"));
  EXPECT_EQ(RealSqliteQuery(db_, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(RealSqliteQuery(db_, "SELECT count(*) FROM t WHERE b GLOB '*Z*'"), "0");
  EXPECT_EQ(RealSqliteQuery(db_, "SELECT count(*) FROM t WHERE b GLOB '*KKKK*'"),
            std::to_string(RowsMatching(5, 0, 3)));
}

TEST_F(WalInteropTest, TruncatedWalRecoversAsSqliteRecoversIt) {
  {
    SqliteProcess sqlite(db_);
    std::string sql = "PRAGMA wal_autocheckpoint=0;";
    for (int txn = 1; txn <= 12; txn++) {
      sql += "UPDATE t SET b = replace(b, 'AA', '" + std::string(2, static_cast<char>('a' + txn)) +
             "') WHERE a % 13 = " + std::to_string(txn) + ";";
    }
    EXPECT_EQ(sqlite.Exec(sql), "0");
    sqlite.Kill();
  }
  const uint64_t wal_size = FileSize(db_ + "-wal");
  const uint64_t frame_size = 1024 + 24;
  ASSERT_GT(wal_size, 32 + 20 * frame_size);
  int cases = 0;
  for (uint64_t cut : {uint64_t{0}, uint64_t{20}, uint64_t{32}, 32 + frame_size / 2,
                       32 + 3 * frame_size, 32 + 7 * frame_size + 10,
                       32 + 11 * frame_size + 500, wal_size - frame_size + 24, wal_size - 1}) {
    const std::string name = "case" + std::to_string(cases++);
    const std::string ours = dir_.File(name);
    const std::string theirs = dir_.File(name + "-oracle");
    for (const std::string& path : {ours, theirs}) {
      CopyFile(db_, path);
      CopyFile(db_ + "-wal", path + "-wal");
      std::filesystem::resize_file(path + "-wal", cut);
    }
    std::vector<std::string> expected = SqlitePages(theirs, dir_.File("scratch"));
    std::unique_ptr<Pager> pager;
    ASSERT_EQ(Pager::Open(io_.get(), ours, PagerOptions{}, &pager), Rc::kOk);
    ASSERT_EQ(pager->BeginRead(), Rc::kOk);
    EXPECT_EQ(SimlitePages(pager.get()), expected) << "WAL cut at " << cut;
    pager->EndRead();
  }
}

TEST_F(WalInteropTest, SqliteRecoversTheWalOfADyingSimliteCommit) {
  // simlite commits three transactions while its io dies after `budget` writes and syncs
  // (the dying write half done); what its WAL holds then is what SQLite must recover, and
  // simlite recovers the same.
  struct Step {
    int modulus;
    char to;
  };
  const Step steps[] = {{7, 'B'}, {5, 'C'}, {3, 'D'}};
  int torn_commits = 0;
  for (int budget = 1; budget <= 9; budget++) {
    const std::string path = dir_.File("dying" + std::to_string(budget));
    CopyFile(db_, path);
    int committed = 0;
    {
      DyingIo dying(io_.get(), budget, /*tear_first=*/true);
      std::unique_ptr<Pager> pager;
      ASSERT_EQ(Pager::Open(&dying, path, PagerOptions{}, &pager), Rc::kOk);
      for (const Step& step : steps) {
        int changed = 0;
        if (TryRewriteRows(pager.get(), step.modulus, 0, 'A', step.to, &changed) != Rc::kOk) {
          break;
        }
        committed++;
      }
    }  // the close cannot checkpoint: the WAL stays, as a killed process leaves it
    torn_commits += committed < 3;
    const std::string theirs = path + "-sqlite";
    CopyFile(path, theirs);
    CopyFile(path + "-wal", theirs + "-wal");
    ASSERT_EQ(RealSqliteQuery(theirs, "PRAGMA integrity_check"), "ok") << budget;
    // Every commit that returned is there; the one that failed may be, whole or not at all.
    int recovered = 0;
    for (const Step& step : steps) {
      recovered += RealSqliteQuery(theirs, CountMarkers(step.to)) != "0";
    }
    EXPECT_GE(recovered, committed) << budget;
    EXPECT_LE(recovered, std::min(committed + 1, 3)) << budget;
    std::vector<std::string> expected = SqlitePages(theirs, dir_.File("scratch"));
    std::unique_ptr<Pager> pager;
    ASSERT_EQ(Pager::Open(io_.get(), path, PagerOptions{}, &pager), Rc::kOk);
    ASSERT_EQ(pager->BeginRead(), Rc::kOk);
    EXPECT_EQ(SimlitePages(pager.get()), expected) << budget;
    pager->EndRead();
  }
  EXPECT_GT(torn_commits, 4);
}

}  // namespace
}  // namespace simlite::pager
