// The pager over files and memory: header validation against what real SQLite accepts,
// transactions, the freelist and the page cache.
#include "pager/pager.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "common/varint.h"
#include "io/posix_io.h"
#include "tests/support/temp_dir.h"

namespace simlite::pager {
namespace {

using simlite::testing::RealSqliteExec;
using simlite::testing::RealSqliteQuery;
using simlite::testing::TempDir;

class PagerTest : public ::testing::TestWithParam<bool> {  // param: in memory
 protected:
  void SetUp() override { io_ = io::CreateDefaultIo(); }
  std::string DbPath() const { return GetParam() ? ":memory:" : dir_.File("test.db"); }
  std::unique_ptr<Pager> OpenPager(PagerOptions options = {}) {
    std::unique_ptr<Pager> pager;
    EXPECT_EQ(Pager::Open(io_.get(), DbPath(), options, &pager), Rc::kOk);
    return pager;
  }
  // Fills page pgno with a pattern derived from `seed`.
  static void Fill(PageRef& page, uint32_t page_size, uint8_t seed) {
    for (uint32_t byte_idx = 0; byte_idx < page_size; byte_idx++) {
      page.data()[byte_idx] = static_cast<uint8_t>(seed + byte_idx * 7);
    }
  }
  static bool Matches(const PageRef& page, uint32_t page_size, uint8_t seed) {
    for (uint32_t byte_idx = 0; byte_idx < page_size; byte_idx++) {
      if (page.data()[byte_idx] != static_cast<uint8_t>(seed + byte_idx * 7)) return false;
    }
    return true;
  }

  TempDir dir_;
  std::unique_ptr<io::Io> io_;
};

TEST_P(PagerTest, NewDatabaseWritesHeaderAndPages) {
  auto pager = OpenPager();
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  EXPECT_EQ(pager->page_count(), 0u);
  ASSERT_EQ(pager->BeginWrite(), Rc::kOk);
  EXPECT_EQ(pager->page_count(), 1u);
  for (uint8_t page_idx = 0; page_idx < 10; page_idx++) {
    PageRef page;
    ASSERT_EQ(pager->Allocate(&page), Rc::kOk);
    EXPECT_EQ(page.pgno(), page_idx + 2u);
    Fill(page, 4096, page_idx);
  }
  ASSERT_EQ(pager->Commit(), Rc::kOk);
  EXPECT_EQ(pager->page_count(), 11u);
  EXPECT_EQ(pager->GetHeader(HeaderField::kFileChangeCounter), 1u);
  EXPECT_EQ(pager->GetHeader(HeaderField::kPageCount), 11u);
  EXPECT_EQ(pager->GetHeader(HeaderField::kSqliteVersion), 3040001u);
  pager->EndRead();
  if (GetParam()) return;
  pager.reset();
  // Reopened from the file.
  pager = OpenPager();
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  EXPECT_EQ(pager->page_count(), 11u);
  EXPECT_EQ(pager->page_size(), 4096u);
  for (uint8_t page_idx = 0; page_idx < 10; page_idx++) {
    PageRef page;
    ASSERT_EQ(pager->Get(page_idx + 2, &page), Rc::kOk);
    EXPECT_TRUE(Matches(page, 4096, page_idx)) << int(page_idx);
  }
  PageRef page;
  EXPECT_EQ(pager->Get(12, &page), Rc::kCorrupt);
  EXPECT_EQ(pager->Get(0, &page), Rc::kCorrupt);
}

TEST_P(PagerTest, RollbackForgetsChanges) {
  auto pager = OpenPager();
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  ASSERT_EQ(pager->BeginWrite(), Rc::kOk);
  {
    PageRef page;
    ASSERT_EQ(pager->Allocate(&page), Rc::kOk);
    Fill(page, 4096, 1);
  }
  ASSERT_EQ(pager->SetHeader(HeaderField::kUserVersion, 7), Rc::kOk);
  ASSERT_EQ(pager->Commit(), Rc::kOk);
  ASSERT_EQ(pager->BeginWrite(), Rc::kOk);
  {
    PageRef page;
    ASSERT_EQ(pager->Get(2, &page), Rc::kOk);
    ASSERT_EQ(pager->MakeWritable(page), Rc::kOk);
    Fill(page, 4096, 99);
    PageRef extra;
    ASSERT_EQ(pager->Allocate(&extra), Rc::kOk);
    EXPECT_EQ(extra.pgno(), 3u);
  }
  ASSERT_EQ(pager->SetHeader(HeaderField::kUserVersion, 8), Rc::kOk);
  pager->Rollback();
  EXPECT_EQ(pager->page_count(), 2u);
  EXPECT_EQ(pager->GetHeader(HeaderField::kUserVersion), 7u);
  PageRef page;
  ASSERT_EQ(pager->Get(2, &page), Rc::kOk);
  EXPECT_TRUE(Matches(page, 4096, 1));
  page.Release();
  // The rolled-back page number is handed out again, zeroed.
  ASSERT_EQ(pager->BeginWrite(), Rc::kOk);
  PageRef again;
  ASSERT_EQ(pager->Allocate(&again), Rc::kOk);
  EXPECT_EQ(again.pgno(), 3u);
  EXPECT_EQ(again.data()[0], 0);
  again.Release();
  ASSERT_EQ(pager->Commit(), Rc::kOk);
  EXPECT_EQ(pager->page_count(), 3u);
}

TEST_P(PagerTest, FreelistReusesPagesAcrossTrunks) {
  PagerOptions options;
  options.page_size = 512;  // 120 leaves per trunk: several trunks below
  auto pager = OpenPager(options);
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  ASSERT_EQ(pager->BeginWrite(), Rc::kOk);
  constexpr Pgno kPages = 400;
  for (Pgno page_idx = 0; page_idx < kPages; page_idx++) {
    PageRef page;
    ASSERT_EQ(pager->Allocate(&page), Rc::kOk);
  }
  ASSERT_EQ(pager->Commit(), Rc::kOk);
  ASSERT_EQ(pager->BeginWrite(), Rc::kOk);
  for (Pgno pgno = 2; pgno <= kPages + 1; pgno++) ASSERT_EQ(pager->Free(pgno), Rc::kOk);
  EXPECT_EQ(pager->GetHeader(HeaderField::kFreelistCount), kPages);
  ASSERT_EQ(pager->Commit(), Rc::kOk);
  ASSERT_EQ(pager->BeginWrite(), Rc::kOk);
  std::vector<bool> seen(kPages + 2, false);
  for (Pgno page_idx = 0; page_idx < kPages; page_idx++) {
    PageRef page;
    ASSERT_EQ(pager->Allocate(&page), Rc::kOk);
    ASSERT_GE(page.pgno(), 2u);
    ASSERT_LE(page.pgno(), kPages + 1);
    EXPECT_FALSE(seen[page.pgno()]) << page.pgno();
    seen[page.pgno()] = true;
    for (uint32_t byte_idx = 0; byte_idx < 512; byte_idx++) ASSERT_EQ(page.data()[byte_idx], 0);
  }
  EXPECT_EQ(pager->GetHeader(HeaderField::kFreelistCount), 0u);
  EXPECT_EQ(pager->GetHeader(HeaderField::kFreelistTrunk), 0u);
  PageRef next;
  ASSERT_EQ(pager->Allocate(&next), Rc::kOk);
  EXPECT_EQ(next.pgno(), kPages + 2);
  next.Release();
  ASSERT_EQ(pager->Commit(), Rc::kOk);
}

TEST_P(PagerTest, SmallCacheEvictsAndStaysCorrect) {
  PagerOptions options;
  options.cache_pages = 8;
  auto pager = OpenPager(options);
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  ASSERT_EQ(pager->BeginWrite(), Rc::kOk);
  for (uint8_t page_idx = 0; page_idx < 100; page_idx++) {
    PageRef page;
    ASSERT_EQ(pager->Allocate(&page), Rc::kOk);
    Fill(page, 4096, page_idx);
  }
  ASSERT_EQ(pager->Commit(), Rc::kOk);
  for (int round = 0; round < 3; round++) {
    for (uint8_t page_idx = 0; page_idx < 100; page_idx++) {
      PageRef page;
      ASSERT_EQ(pager->Get(page_idx + 2, &page), Rc::kOk);
      ASSERT_TRUE(Matches(page, 4096, page_idx));
    }
  }
  if (!GetParam()) {
    EXPECT_GT(pager->stats().evictions, 100u);
    EXPECT_LE(pager->stats().frames, 110u);
  }
}

INSTANTIATE_TEST_SUITE_P(Storage, PagerTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "memory" : "file"; });

// ---- Header validation, against files real SQLite wrote ----

class PagerHeaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    io_ = io::CreateDefaultIo();
    path_ = dir_.File("real.db");
    RealSqliteExec(path_, "PRAGMA page_size=1024; CREATE TABLE t(a); INSERT INTO t VALUES(1);");
  }
  void Patch(uint32_t offset, std::initializer_list<uint8_t> bytes) {
    std::fstream file(path_, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(offset);
    for (uint8_t byte : bytes) file.put(static_cast<char>(byte));
  }
  Rc OpenAndRead() {
    std::unique_ptr<Pager> pager;
    SIMLITE_TRY(Pager::Open(io_.get(), path_, PagerOptions{}, &pager));
    Rc rc = pager->BeginRead();
    if (rc == Rc::kOk) pager->EndRead();
    message_ = pager->error_message();
    return rc;
  }

  TempDir dir_;
  std::unique_ptr<io::Io> io_;
  std::string path_;
  std::string message_;
};

TEST_F(PagerHeaderTest, ReadsRealSqliteHeader) {
  std::unique_ptr<Pager> pager;
  ASSERT_EQ(Pager::Open(io_.get(), path_, PagerOptions{}, &pager), Rc::kOk);
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  EXPECT_EQ(pager->page_size(), 1024u);
  EXPECT_EQ(std::to_string(pager->page_count()), RealSqliteQuery(path_, "PRAGMA page_count"));
  EXPECT_EQ(std::to_string(pager->GetHeader(HeaderField::kSchemaCookie)),
            RealSqliteQuery(path_, "PRAGMA schema_version"));
}

// Each case: what real SQLite 3.40.1 says for the same change (checked by hand with the
// sqlite3 shell: NOTADB for a bad magic, page size, read version or payload fraction;
// CORRUPT when the in-header size exceeds the file).
TEST_F(PagerHeaderTest, BadMagicIsNotADb) {
  Patch(0, {'X'});
  EXPECT_EQ(OpenAndRead(), Rc::kNotADb);
}
TEST_F(PagerHeaderTest, BadPageSizeIsNotADb) {
  Patch(16, {0x03, 0xe8});
  EXPECT_EQ(OpenAndRead(), Rc::kNotADb);
}
TEST_F(PagerHeaderTest, FutureReadVersionIsNotADb) {
  Patch(19, {3});
  EXPECT_EQ(OpenAndRead(), Rc::kNotADb);
}
TEST_F(PagerHeaderTest, BadPayloadFractionIsNotADb) {
  Patch(21, {60});
  EXPECT_EQ(OpenAndRead(), Rc::kNotADb);
}
TEST_F(PagerHeaderTest, HeaderSizeBeyondFileIsCorrupt) {
  Patch(28, {0, 0, 0, 50});
  EXPECT_EQ(OpenAndRead(), Rc::kCorrupt);
}
TEST_F(PagerHeaderTest, Utf16IsRefusedWithMessage) {
  Patch(56, {0, 0, 0, 2});
  EXPECT_EQ(OpenAndRead(), Rc::kError);
  EXPECT_NE(message_.find("UTF-8"), std::string::npos);
}
TEST_F(PagerHeaderTest, ShortFileIsNotADb) {
  std::ofstream(path_, std::ios::trunc | std::ios::binary) << "abc";
  EXPECT_EQ(OpenAndRead(), Rc::kNotADb);
}

TEST(PagerTemp, TemporaryDatabaseWorks) {
  auto io = io::CreateDefaultIo();
  std::unique_ptr<Pager> pager;
  ASSERT_EQ(Pager::Open(io.get(), "", PagerOptions{}, &pager), Rc::kOk);
  EXPECT_FALSE(pager->in_memory());
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  ASSERT_EQ(pager->BeginWrite(), Rc::kOk);
  PageRef page;
  ASSERT_EQ(pager->Allocate(&page), Rc::kOk);
  page.data()[0] = 42;
  page.Release();
  ASSERT_EQ(pager->Commit(), Rc::kOk);
  ASSERT_EQ(pager->Get(2, &page), Rc::kOk);
  EXPECT_EQ(page.data()[0], 42);
}

}  // namespace
}  // namespace simlite::pager
