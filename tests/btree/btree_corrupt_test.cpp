// Corrupt input never crashes or hangs the b-tree layer (btree.h, invariant 4): databases
// with random bytes damaged in their b-tree and overflow pages are walked, searched and
// written; every operation must return kOk or an error (kCorrupt, or kAbort on a cursor a
// corrupt write already failed), never assert, crash or loop forever. Run it under ASan.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "btree/btree.h"
#include "btree/btree_cursor.h"
#include "btree/record.h"
#include "tests/btree/btree_env.h"
#include "tests/support/temp_dir.h"

namespace simlite::btree {
namespace {

using testing::AddSchemaRow;
using testing::BtreeEnv;
using testing::PatternText;

constexpr uint32_t kPageSize = 512;
constexpr int kSteps = 3000;  // bound on a walk: a damaged tree may share subtrees

std::vector<uint8_t> TextRecord(int64_t a, const std::string& b) {
  RecordBuilder builder;
  builder.Reset();
  builder.AddText(b.data(), static_cast<uint32_t>(b.size()));
  builder.AddInteger(a);
  auto record = builder.Finish();
  return {record.begin(), record.end()};
}

class BtreeCorruptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("base.db");
    BtreeEnv env;
    env.Open(path_, kPageSize);
    ASSERT_EQ(env.btree->CreateTable(&table_root_), Rc::kOk);
    ASSERT_EQ(env.btree->CreateIndex(&index_root_), Rc::kOk);
    AddSchemaRow(env.btree.get(), 1, "table", "t", "t", table_root_, "CREATE TABLE t(b, a)");
    BtCursor table;
    BtCursor index;
    table.Open(env.btree.get(), table_root_, true, nullptr);
    index.Open(env.btree.get(), index_root_, true, &key_info_);
    for (int64_t row = 0; row < 400; row++) {
      const std::string text = PatternText(row % 9 == 0 ? 1500 : row % 60, 3);
      ASSERT_EQ(table.Insert(row * 5, TextRecord(row, text)), Rc::kOk);
      ASSERT_EQ(index.InsertKey(TextRecord(row, text)), Rc::kOk);
    }
    table.Close();
    index.Close();
    env.Close();
    std::ifstream in(path_, std::ios::binary);
    base_.assign(std::istreambuf_iterator<char>(in), {});
  }

  // Fails the test unless rc is kOk or an error corrupt input may cause; notes corruption.
  void Check(Rc rc) {
    saw_corrupt_ |= rc == Rc::kCorrupt;
    ASSERT_TRUE(rc == Rc::kOk || rc == Rc::kCorrupt || rc == Rc::kAbort || rc == Rc::kMisuse)
        << static_cast<int>(rc);
  }

  // Damages 1..8 bytes: mostly in b-tree page headers and cell pointer arrays, where every
  // byte is a count, an offset or a page number.
  std::vector<uint8_t> Damage(std::mt19937& rng) {
    std::vector<uint8_t> bytes = base_;
    const uint32_t pages = static_cast<uint32_t>(bytes.size() / kPageSize);
    const uint32_t damaged = 1 + rng() % 8;
    for (uint32_t n = 0; n < damaged; n++) {
      const uint32_t page_idx = 1 + rng() % (pages - 1);  // page 1's file header stays intact
      const uint32_t offset = rng() % 3 == 0 ? rng() % kPageSize : rng() % 40;
      uint8_t& byte = bytes[size_t{page_idx} * kPageSize + offset];
      byte = rng() % 2 == 0 ? static_cast<uint8_t>(rng()) : byte ^ (1u << (rng() % 8));
    }
    return bytes;
  }

  // Walks a cursor both ways, reading every payload, for at most kSteps entries.
  void Walk(BtCursor& cursor) {
    bool at_end = false;
    Rc rc = cursor.First(&at_end);
    std::vector<uint8_t> buffer;
    for (int step = 0; rc == Rc::kOk && !at_end && step < kSteps; step++) {
      std::span<const uint8_t> payload;
      rc = cursor.Payload(&buffer, &payload);
      if (rc == Rc::kOk) rc = cursor.Next(&at_end);
    }
    ASSERT_NO_FATAL_FAILURE(Check(rc));
    rc = cursor.Last(&at_end);
    for (int step = 0; rc == Rc::kOk && !at_end && step < kSteps; step++) {
      rc = cursor.Prev(&at_end);
    }
    ASSERT_NO_FATAL_FAILURE(Check(rc));
  }

  void Exercise(BtreeEnv& env, std::mt19937& rng) {
    BtCursor table;
    BtCursor index;
    table.Open(env.btree.get(), table_root_, true, nullptr);
    index.Open(env.btree.get(), index_root_, true, &key_info_);
    ASSERT_NO_FATAL_FAILURE(Walk(table));
    ASSERT_NO_FATAL_FAILURE(Walk(index));
    for (int op = 0; op < 60; op++) {
      const int64_t row = rng() % 450;
      const std::string text = PatternText(rng() % 4 == 0 ? 900 : rng() % 50, 3);
      const auto record = TextRecord(row, text);
      int result = 0;
      bool exact = false;
      Rc rc = Rc::kOk;
      switch (rng() % 4) {
        case 0:
          rc = table.Insert(row * 5, record);
          break;
        case 1:
          rc = index.InsertKey(record);
          break;
        case 2:
          rc = table.SeekRowid(row * 5, &result);
          if (rc == Rc::kOk && table.valid()) rc = table.Delete();
          break;
        default:
          rc = index.SeekKey(record, &exact);
          if (rc == Rc::kOk && index.valid()) rc = index.Delete();
          break;
      }
      ASSERT_NO_FATAL_FAILURE(Check(rc));
    }
    index.Close();
    ASSERT_NO_FATAL_FAILURE(Check(env.btree->Drop(index_root_)));
    ASSERT_NO_FATAL_FAILURE(Check(env.btree->Clear(table_root_)));
  }

  std::string path_;
  simlite::testing::TempDir dir_;
  Pgno table_root_ = 0;
  Pgno index_root_ = 0;
  KeyInfo key_info_;
  std::vector<uint8_t> base_;
  bool saw_corrupt_ = false;
};

TEST_F(BtreeCorruptTest, DamagedPagesGiveErrorsNotCrashes) {
  ASSERT_GT(base_.size(), 40u * kPageSize);
  std::mt19937 rng(7);
  int corrupt_seen = 0;
  for (int iteration = 0; iteration < 300; iteration++) {
    const std::string path = dir_.File("damaged.db");
    {
      auto bytes = Damage(rng);
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out.write(reinterpret_cast<const char*>(bytes.data()),
                static_cast<std::streamsize>(bytes.size()));
    }
    BtreeEnv env;
    env.Open(path, kPageSize);
    saw_corrupt_ = false;
    ASSERT_NO_FATAL_FAILURE(Exercise(env, rng));
    corrupt_seen += saw_corrupt_ ? 1 : 0;
    env.btree->Rollback();
    env.Close();
  }
  // The damage was noticed, not just survived.
  EXPECT_GT(corrupt_seen, 100);
}

// A child pointer that leads back to an ancestor is a cycle: navigation must stop at the
// depth limit, and writes must refuse to balance pages that are their own relatives.
TEST_F(BtreeCorruptTest, CyclicChildPointersEndInCorrupt) {
  std::vector<uint8_t> bytes = base_;
  // Point the table root's right child at the root itself.
  const size_t root = size_t{table_root_ - 1} * kPageSize;
  ASSERT_EQ(bytes[root], 5);  // an interior table page
  bytes[root + 8] = static_cast<uint8_t>(table_root_ >> 24);
  bytes[root + 9] = static_cast<uint8_t>(table_root_ >> 16);
  bytes[root + 10] = static_cast<uint8_t>(table_root_ >> 8);
  bytes[root + 11] = static_cast<uint8_t>(table_root_);
  const std::string path = dir_.File("cycle.db");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
  }
  BtreeEnv env;
  env.Open(path, kPageSize);
  BtCursor table;
  table.Open(env.btree.get(), table_root_, true, nullptr);
  bool at_end = false;
  EXPECT_EQ(table.Last(&at_end), Rc::kCorrupt);
  int result = 0;
  EXPECT_EQ(table.SeekRowid(1 << 30, &result), Rc::kCorrupt);
  EXPECT_EQ(table.Insert(1 << 30, TextRecord(1, "x")), Rc::kCorrupt);
  table.Close();
  EXPECT_EQ(env.btree->Clear(table_root_), Rc::kCorrupt);
  env.btree->Rollback();
}

}  // namespace
}  // namespace simlite::btree
