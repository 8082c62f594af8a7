// The rollback journal is SQLite's, byte for byte: a hot journal left by real SQLite is
// rolled back by simlite, and a hot journal left by simlite is rolled back by real SQLite.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "io/posix_io.h"
#include "pager/pager.h"
#include "tests/support/dying_io.h"
#include "tests/support/temp_dir.h"

namespace simlite::pager {
namespace {

using simlite::testing::DyingIo;
using simlite::testing::RealSqliteExec;
using simlite::testing::RealSqliteQuery;
using simlite::testing::TempDir;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void Copy(const std::string& from, const std::string& to) {
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
}

class JournalInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    io_ = io::CreateDefaultIo();
    db_ = dir_.File("db");
    RealSqliteExec(db_,
                   "PRAGMA page_size=1024; CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);"
                   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<2000)"
                   " INSERT INTO t SELECT i, printf('row %d %.*c', i, i % 300, 'x') FROM n;");
    original_ = ReadFile(db_);
  }

  TempDir dir_;
  std::unique_ptr<io::Io> io_;
  std::string db_;
  std::string original_;
};

TEST_F(JournalInteropTest, SimliteRollsBackRealSqliteHotJournal) {
  // Real SQLite, with a one-page cache, spills a big update into the database file before
  // committing; a copy of the files at that moment is the state a crash would leave.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "PRAGMA cache_size=1; BEGIN; UPDATE t SET b = b || 'changed';"
                         "DELETE FROM t WHERE a % 3 = 0;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  std::string crashed = dir_.File("crashed");
  Copy(db_, crashed);
  Copy(db_ + "-journal", crashed + "-journal");
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  ASSERT_NE(ReadFile(crashed), original_) << "the test needs SQLite to have spilled pages";

  std::unique_ptr<Pager> pager;
  ASSERT_EQ(Pager::Open(io_.get(), crashed, PagerOptions{}, &pager), Rc::kOk);
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  pager->EndRead();
  EXPECT_EQ(ReadFile(crashed), original_);
  EXPECT_FALSE(std::filesystem::exists(crashed + "-journal"));
}

TEST_F(JournalInteropTest, RealSqliteRollsBackSimliteHotJournal) {
  int hot_cases = 0;
  for (int budget = 1; budget < 40; budget++) {
    std::string path = dir_.File("case" + std::to_string(budget));
    Copy(db_, path);
    {
      DyingIo dying(io_.get(), budget);
      std::unique_ptr<Pager> pager;
      ASSERT_EQ(Pager::Open(&dying, path, PagerOptions{}, &pager), Rc::kOk);
      ASSERT_EQ(pager->BeginRead(), Rc::kOk);
      ASSERT_EQ(pager->BeginWrite(), Rc::kOk);
      for (Pgno pgno = 2; pgno <= pager->page_count(); pgno += 3) {
        PageRef page;
        ASSERT_EQ(pager->Get(pgno, &page), Rc::kOk);
        ASSERT_EQ(pager->MakeWritable(page), Rc::kOk);
        std::memset(page.data(), 0xee, pager->page_size());  // garbage, if it survived
      }
      Rc rc = pager->Commit();
      if (rc == Rc::kOk) continue;  // the budget outlived the commit
    }
    if (std::filesystem::exists(path + "-journal")) hot_cases++;
    EXPECT_EQ(RealSqliteQuery(path, "PRAGMA integrity_check"), "ok") << budget;
    EXPECT_EQ(RealSqliteQuery(path, "SELECT count(*), sum(length(b)) FROM t"),
              RealSqliteQuery(db_, "SELECT count(*), sum(length(b)) FROM t"))
        << budget;
    EXPECT_EQ(ReadFile(path), original_) << budget;
  }
  EXPECT_GT(hot_cases, 5);
}

}  // namespace
}  // namespace simlite::pager
