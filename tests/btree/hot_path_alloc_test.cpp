// The hot paths allocate nothing per row (DESIGN.md, "Performance"): after one warm-up pass,
// table and index scans both ways, rowid and key seeks, payload reads across overflow pages
// and in-place row updates make no heap allocation at all. Over memory and file pagers.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "btree/btree.h"
#include "btree/btree_cursor.h"
#include "btree/record.h"
#include "tests/btree/btree_env.h"
#include "tests/support/alloc_counter.h"
#include "tests/support/temp_dir.h"

namespace simlite::btree {
namespace {

using simlite::testing::AllocationCounter;
using testing::BtreeEnv;
using testing::PatternBytes;
using testing::PatternText;

constexpr int64_t kRows = 3000;
constexpr uint32_t kPageSize = 4096;
// Every kBigEvery-th row has a blob, and every kBigEvery-th index key a text, that spills
// onto overflow pages.
constexpr int64_t kBigEvery = 50;
constexpr uint32_t kBigBlobBytes = 10000;
constexpr uint32_t kBigKeyBytes = 2000;
constexpr size_t kSeeks = 500;

std::vector<uint8_t> RowRecord(int64_t rowid, uint32_t text_bytes = 0) {
  RecordBuilder builder;
  builder.Reset();
  builder.AddNull();
  builder.AddInteger(rowid * 7);
  const std::string text = PatternText(text_bytes > 0 ? text_bytes : 10 + rowid % 30,
                                       static_cast<uint32_t>(rowid));
  builder.AddText(text.data(), static_cast<uint32_t>(text.size()));
  if (rowid % kBigEvery == 0) {
    const auto blob = PatternBytes(kBigBlobBytes, static_cast<uint32_t>(rowid));
    builder.AddBlob(blob.data(), kBigBlobBytes);
  }
  auto record = builder.Finish();
  return {record.begin(), record.end()};
}

std::vector<uint8_t> IndexKey(int64_t rowid) {
  const uint32_t size = rowid % kBigEvery == 0 ? kBigKeyBytes : 8 + rowid % 20;
  const std::string text = PatternText(size, static_cast<uint32_t>(rowid + 1000000));
  RecordBuilder builder;
  builder.Reset();
  builder.AddText(text.data(), size);
  builder.AddInteger(rowid);
  auto record = builder.Finish();
  return {record.begin(), record.end()};
}

class HotPathAllocTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    env_.Open(GetParam() ? ":memory:" : dir_.File("hot.db"), kPageSize);
    ASSERT_EQ(env_.btree->CreateTable(&table_root_), Rc::kOk);
    ASSERT_EQ(env_.btree->CreateIndex(&index_root_), Rc::kOk);
    key_info_.collations = {Collation::kBinary, Collation::kBinary};
    key_info_.descending = {false, false};
    BtCursor table;
    BtCursor index;
    table.Open(env_.btree.get(), table_root_, /*writable=*/true, nullptr);
    index.Open(env_.btree.get(), index_root_, /*writable=*/true, &key_info_);
    for (int64_t rowid = 1; rowid <= kRows; rowid++) {
      ASSERT_EQ(table.Insert(rowid, RowRecord(rowid)), Rc::kOk);
      ASSERT_EQ(index.InsertKey(IndexKey(rowid)), Rc::kOk);
    }
    table.Close();
    index.Close();
    ASSERT_EQ(env_.btree->Commit(), Rc::kOk);  // a read transaction from here on
    for (size_t seek_idx = 0; seek_idx < kSeeks; seek_idx++) {
      const int64_t rowid = 1 + static_cast<int64_t>((seek_idx * 2654435761u) % kRows);
      seek_rowids_.push_back(rowid);
      seek_keys_.push_back(IndexKey(rowid));
    }
    buffer_.resize(kBigBlobBytes + kBigKeyBytes);
    // The cursors live across passes, as a statement's do across rows: a cursor's first
    // comparison with an overflowing key sizes its key buffer once (per cursor, not per row).
    table_.Open(env_.btree.get(), table_root_, /*writable=*/false, nullptr);
    index_.Open(env_.btree.get(), index_root_, /*writable=*/false, &key_info_);
  }
  void TearDown() override {
    table_.Close();
    index_.Close();
  }

  // Decodes columns 1 and 2 of the cursor's entry, reading an overflowing payload into
  // buffer_; returns a checksum.
  int64_t ReadRow(BtCursor& cursor) {
    std::span<const uint8_t> payload = cursor.PayloadLocal();
    if (payload.size() < cursor.payload_size()) {
      std::span<uint8_t> whole(buffer_.data(), cursor.payload_size());
      EXPECT_EQ(cursor.ReadPayload(0, whole), Rc::kOk);
      payload = whole;
    }
    RecordReader reader;
    EXPECT_EQ(reader.Init(payload.data(), static_cast<uint32_t>(payload.size())), Rc::kOk);
    ValueView b;
    ValueView c;
    EXPECT_EQ(reader.Column(1, &b), Rc::kOk);
    EXPECT_EQ(reader.Column(2, &c), Rc::kOk);
    return b.i + c.size;
  }

  // Walks the whole tree forward or backward, summing row(cursor) over the entries.
  template <typename Row>
  int64_t Scan(BtCursor& cursor, bool forward, Row row) {
    bool at_end = false;
    EXPECT_EQ(forward ? cursor.First(&at_end) : cursor.Last(&at_end), Rc::kOk);
    int64_t sum = 0;
    for (int64_t step = 0; !at_end && step <= kRows; step++) {
      sum += row(cursor);
      EXPECT_EQ(forward ? cursor.Next(&at_end) : cursor.Prev(&at_end), Rc::kOk);
    }
    return sum;
  }

  int64_t ScanTable(bool forward) {
    return Scan(table_, forward, [&](BtCursor& cursor) { return ReadRow(cursor); });
  }

  // Reads every key whole (an overflowing one into buffer_).
  int64_t ScanIndex(bool forward) {
    return Scan(index_, forward, [&](BtCursor& cursor) {
      std::span<const uint8_t> key;
      EXPECT_EQ(cursor.Payload(&buffer_, &key), Rc::kOk);
      return static_cast<int64_t>(key.size());
    });
  }

  int64_t SeekRowids() {
    BtCursor& cursor = table_;
    int64_t sum = 0;
    for (int64_t rowid : seek_rowids_) {
      int result = -1;
      EXPECT_EQ(cursor.SeekRowid(rowid, &result), Rc::kOk);
      EXPECT_EQ(result, 0);
      sum += ReadRow(cursor);
    }
    return sum;
  }

  int64_t SeekKeys() {
    BtCursor& cursor = index_;
    int64_t found = 0;
    for (const std::vector<uint8_t>& key : seek_keys_) {
      bool exact = false;
      EXPECT_EQ(cursor.SeekKey(key, &exact), Rc::kOk);
      found += exact;
    }
    return found;
  }

  // Rewrites each sought row with a record of the same size (the cell is replaced in place).
  void UpdateRows(const std::vector<std::vector<uint8_t>>& records) {
    BtCursor cursor;
    cursor.Open(env_.btree.get(), table_root_, /*writable=*/true, nullptr);
    for (size_t seek_idx = 0; seek_idx < kSeeks; seek_idx++) {
      EXPECT_EQ(cursor.Insert(seek_rowids_[seek_idx], records[seek_idx]), Rc::kOk);
    }
  }

  simlite::testing::TempDir dir_;
  BtreeEnv env_;
  Pgno table_root_ = 0;
  Pgno index_root_ = 0;
  KeyInfo key_info_;
  std::vector<int64_t> seek_rowids_;
  std::vector<std::vector<uint8_t>> seek_keys_;
  std::vector<uint8_t> buffer_;
  BtCursor table_;
  BtCursor index_;
};

// Runs `pass` once to warm up (caches, buffers that grow to their final size), then again
// counting allocations; returns that count. Both passes must compute the same checksum.
template <typename Pass>
uint64_t AllocationsAfterWarmUp(Pass pass) {
  const int64_t warm = pass();
  AllocationCounter counter;
  const int64_t again = pass();
  const uint64_t count = counter.count();
  EXPECT_EQ(warm, again);
  return count;
}

TEST_P(HotPathAllocTest, TableScansAllocateNothing) {
  EXPECT_EQ(AllocationsAfterWarmUp([&] { return ScanTable(/*forward=*/true); }), 0u);
  EXPECT_EQ(AllocationsAfterWarmUp([&] { return ScanTable(/*forward=*/false); }), 0u);
}

TEST_P(HotPathAllocTest, IndexScansAllocateNothing) {
  EXPECT_EQ(AllocationsAfterWarmUp([&] { return ScanIndex(/*forward=*/true); }), 0u);
  EXPECT_EQ(AllocationsAfterWarmUp([&] { return ScanIndex(/*forward=*/false); }), 0u);
}

TEST_P(HotPathAllocTest, SeeksAllocateNothing) {
  EXPECT_EQ(AllocationsAfterWarmUp([&] { return SeekRowids(); }), 0u);
  EXPECT_EQ(AllocationsAfterWarmUp([&] { return SeekKeys(); }), 0u);
  EXPECT_EQ(SeekKeys(), static_cast<int64_t>(kSeeks));
}

// Once a write transaction has touched the pages, rewriting rows in place allocates nothing
// (the first touch may: the journal keeps each page's original).
TEST_P(HotPathAllocTest, InPlaceUpdatesAllocateNothing) {
  std::vector<std::vector<uint8_t>> same;
  for (int64_t rowid : seek_rowids_) same.push_back(RowRecord(rowid));
  ASSERT_EQ(env_.btree->BeginWrite(), Rc::kOk);
  UpdateRows(same);
  AllocationCounter counter;
  UpdateRows(same);
  EXPECT_EQ(counter.count(), 0u);
  ASSERT_EQ(env_.btree->Commit(), Rc::kOk);
}

// Inserting rows allocates per page, never per row: the only allocations are the page
// cache's new frames (a frame and its page buffer) as the tree gains pages.
TEST_P(HotPathAllocTest, InsertsAllocateOnlyPerNewPage) {
  ASSERT_EQ(env_.btree->BeginWrite(), Rc::kOk);
  BtCursor cursor;
  cursor.Open(env_.btree.get(), table_root_, /*writable=*/true, nullptr);
  std::vector<std::vector<uint8_t>> records;
  for (int64_t rowid = kRows + 1; rowid <= 3 * kRows; rowid++) {
    records.push_back(RowRecord(rowid, /*text_bytes=*/30));
  }
  for (int64_t rowid = kRows + 1; rowid <= 2 * kRows; rowid++) {
    ASSERT_EQ(cursor.Insert(rowid, records[rowid - kRows - 1]), Rc::kOk);
  }
  const Pgno pages_before = env_.pager->page_count();
  AllocationCounter counter;
  for (int64_t rowid = 2 * kRows + 1; rowid <= 3 * kRows; rowid++) {
    ASSERT_EQ(cursor.Insert(rowid, records[rowid - kRows - 1]), Rc::kOk);
  }
  const uint64_t count = counter.count();
  const uint64_t pages_added = env_.pager->page_count() - pages_before;
  EXPECT_GT(pages_added, 10u);
  // Two per new page, and a few for containers that grow geometrically meanwhile.
  EXPECT_LE(count, 2 * pages_added + 8) << pages_added << " pages added";
  cursor.Close();
  ASSERT_EQ(env_.btree->Commit(), Rc::kOk);
}

INSTANTIATE_TEST_SUITE_P(Pagers, HotPathAllocTest, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "Memory" : "File"; });

}  // namespace
}  // namespace simlite::btree
