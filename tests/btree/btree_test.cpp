// Btree and BtCursor behaviour beyond the random model: a new database's header against real
// SQLite's, empty trees, deep trees, appends, overflow reuse, prefix seeks, rollback and
// cursors that watch another cursor write.
#include "btree/btree.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "btree/btree_cursor.h"
#include "btree/record.h"
#include "common/varint.h"
#include "tests/btree/btree_env.h"
#include "tests/btree/tree_check.h"
#include "tests/support/temp_dir.h"

namespace simlite::btree {
namespace {

using simlite::testing::RealSqliteExec;
using simlite::testing::RealSqliteQuery;
using testing::AddSchemaRow;
using testing::BtreeEnv;
using testing::CursorPayload;
using testing::TreeChecker;

std::vector<uint8_t> IntRecord(std::initializer_list<int64_t> values) {
  RecordBuilder builder;
  builder.Reset();
  for (int64_t v : values) builder.AddInteger(v);
  auto record = builder.Finish();
  return {record.begin(), record.end()};
}

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A new database written by the btree has the header and page-1 layout real SQLite gives a
// new database with the same schema row (apart from the version that wrote it).
TEST(BtreeTest, NewDatabaseMatchesRealSqlite) {
  simlite::testing::TempDir dir;
  const std::string ours = dir.File("ours.db");
  const std::string theirs = dir.File("theirs.db");
  const std::string sql = "CREATE TABLE t(x)";
  RealSqliteExec(theirs, "PRAGMA page_size=4096; " + sql);
  {
    BtreeEnv env;
    env.Open(ours, 4096);
    Pgno root = 0;
    ASSERT_EQ(env.btree->CreateTable(&root), Rc::kOk);
    EXPECT_EQ(root, 2u);
    AddSchemaRow(env.btree.get(), 1, "table", "t", "t", root, sql);
    ASSERT_EQ(env.pager->SetHeader(pager::HeaderField::kSchemaCookie, 1), Rc::kOk);
  }
  auto a = ReadFile(ours);
  auto b = ReadFile(theirs);
  ASSERT_EQ(a.size(), b.size());
  // Offsets 92..99: version-valid-for and the writer's version number.
  EXPECT_EQ(std::memcmp(a.data(), b.data(), 92), 0);
  EXPECT_EQ(std::memcmp(a.data() + 100, b.data() + 100, a.size() - 100), 0);
}

TEST(BtreeTest, EmptyTrees) {
  BtreeEnv env;
  env.Open(":memory:", 512);
  Pgno table_root = 0;
  Pgno index_root = 0;
  ASSERT_EQ(env.btree->CreateTable(&table_root), Rc::kOk);
  ASSERT_EQ(env.btree->CreateIndex(&index_root), Rc::kOk);
  KeyInfo key_info;
  BtCursor table;
  BtCursor index;
  table.Open(env.btree.get(), table_root, true, nullptr);
  index.Open(env.btree.get(), index_root, true, &key_info);
  bool empty = false;
  ASSERT_EQ(table.First(&empty), Rc::kOk);
  EXPECT_TRUE(empty);
  ASSERT_EQ(index.Last(&empty), Rc::kOk);
  EXPECT_TRUE(empty);
  int result = 0;
  ASSERT_EQ(table.SeekRowid(5, &result), Rc::kOk);
  EXPECT_FALSE(table.valid());
  EXPECT_EQ(result, -1);
  bool exact = true;
  ASSERT_EQ(index.SeekKey(IntRecord({1}), &exact), Rc::kOk);
  EXPECT_FALSE(index.valid());
  EXPECT_FALSE(exact);
  EXPECT_EQ(table.Delete(), Rc::kMisuse);
  // Insert then delete the only entry: the root leaf is empty again.
  ASSERT_EQ(table.Insert(7, IntRecord({7})), Rc::kOk);
  ASSERT_EQ(table.Delete(), Rc::kOk);
  bool at_end = false;
  ASSERT_EQ(table.Next(&at_end), Rc::kOk);
  EXPECT_TRUE(at_end);
  // A table tree is not an index tree.
  BtCursor wrong;
  wrong.Open(env.btree.get(), index_root, false, nullptr);
  EXPECT_EQ(wrong.First(&empty), Rc::kCorrupt);
}

// An empty file is an empty database: the schema table reads as empty without a write.
TEST(BtreeTest, EmptyFileReadsAsEmptySchema) {
  simlite::testing::TempDir dir;
  const std::string path = dir.File("empty.db");
  std::ofstream(path).close();
  auto io = io::CreateDefaultIo();
  std::unique_ptr<pager::Pager> pager;
  ASSERT_EQ(pager::Pager::Open(io.get(), path, {}, &pager), Rc::kOk);
  Btree btree(pager.get());
  ASSERT_EQ(btree.BeginRead(), Rc::kOk);
  {
    BtCursor schema;
    schema.Open(&btree, 1, false, nullptr);
    bool empty = false;
    ASSERT_EQ(schema.First(&empty), Rc::kOk);
    EXPECT_TRUE(empty);
  }
  btree.EndRead();
}

// Rowids arriving in order fill leaves completely (SQLite's balance_quick): the file is as
// small as the one real SQLite writes for the same rows.
TEST(BtreeTest, AppendsPackLikeSqlite) {
  simlite::testing::TempDir dir;
  const std::string ours = dir.File("ours.db");
  const std::string theirs = dir.File("theirs.db");
  constexpr int64_t kRows = 50000;
  RealSqliteExec(theirs,
                 "PRAGMA page_size=1024; CREATE TABLE t(a, b);"
                 "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " +
                     std::to_string(kRows) + ") INSERT INTO t SELECT x, x * 7 FROM c;");
  {
    BtreeEnv env;
    env.Open(ours, 1024);
    Pgno root = 0;
    ASSERT_EQ(env.btree->CreateTable(&root), Rc::kOk);
    AddSchemaRow(env.btree.get(), 1, "table", "t", "t", root, "CREATE TABLE t(a, b)");
    BtCursor cursor;
    cursor.Open(env.btree.get(), root, true, nullptr);
    for (int64_t rowid = 1; rowid <= kRows; rowid++) {
      ASSERT_EQ(cursor.Insert(rowid, IntRecord({rowid, rowid * 7})), Rc::kOk);
    }
    TreeChecker checker(env.pager.get());
    uint64_t entries = 0;
    ASSERT_TRUE(checker.CheckTree(1, nullptr, &entries));
    ASSERT_TRUE(checker.CheckTree(root, nullptr, &entries));
    EXPECT_EQ(entries, uint64_t{kRows});
    ASSERT_TRUE(checker.CheckPageAccounting());
  }
  EXPECT_EQ(RealSqliteQuery(ours, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(RealSqliteQuery(ours, "SELECT sum(b) FROM t"),
            RealSqliteQuery(theirs, "SELECT sum(b) FROM t"));
  const double ours_pages = static_cast<double>(ReadFile(ours).size());
  const double theirs_pages = static_cast<double>(ReadFile(theirs).size());
  EXPECT_LT(ours_pages, theirs_pages * 1.02);
}

// A deep tree (small pages, many rows) grows and shrinks back to an empty root leaf, every
// freed page on the freelist.
TEST(BtreeTest, DeepTreeGrowsAndShrinks) {
  BtreeEnv env;
  env.Open(":memory:", 512);
  Pgno root = 0;
  ASSERT_EQ(env.btree->CreateIndex(&root), Rc::kOk);
  KeyInfo key_info;
  BtCursor cursor;
  cursor.Open(env.btree.get(), root, true, &key_info);
  std::vector<int64_t> keys(60000);
  for (size_t key_idx = 0; key_idx < keys.size(); key_idx++) keys[key_idx] = key_idx;
  std::mt19937 rng(3);
  std::shuffle(keys.begin(), keys.end(), rng);
  // Wide keys: few per page, so the tree gets deep.
  auto key_record = [](int64_t key) { return IntRecord({key, key * 3, -key, key, 1}); };
  for (int64_t key : keys) ASSERT_EQ(cursor.InsertKey(key_record(key)), Rc::kOk);
  TreeChecker checker(env.pager.get());
  uint64_t entries = 0;
  ASSERT_TRUE(checker.CheckTree(root, &key_info, &entries));
  EXPECT_EQ(entries, keys.size());
  std::shuffle(keys.begin(), keys.end(), rng);
  for (int64_t key : keys) {
    bool exact = false;
    ASSERT_EQ(cursor.SeekKey(key_record(key), &exact), Rc::kOk);
    ASSERT_TRUE(exact);
    ASSERT_EQ(cursor.Delete(), Rc::kOk);
  }
  bool empty = false;
  ASSERT_EQ(cursor.First(&empty), Rc::kOk);
  EXPECT_TRUE(empty);
  // Pages 1 (schema) and root remain; every other page is free.
  EXPECT_EQ(env.pager->GetHeader(pager::HeaderField::kFreelistCount), env.pager->page_count() - 2);
}

// Overwriting a row frees its overflow chain; the next big row reuses the freed pages.
TEST(BtreeTest, OverflowPagesAreReused) {
  BtreeEnv env;
  env.Open(":memory:", 1024);
  Pgno root = 0;
  ASSERT_EQ(env.btree->CreateTable(&root), Rc::kOk);
  BtCursor cursor;
  cursor.Open(env.btree.get(), root, true, nullptr);
  std::vector<uint8_t> big(1 << 20, 0x5a);
  ASSERT_EQ(cursor.Insert(1, big), Rc::kOk);
  const Pgno pages = env.pager->page_count();
  EXPECT_GT(pages, (1u << 20) / 1020);
  ASSERT_EQ(cursor.Insert(1, std::vector<uint8_t>(10, 1)), Rc::kOk);
  EXPECT_EQ(env.pager->GetHeader(pager::HeaderField::kFreelistCount), pages - 2);
  big[12345] = 7;
  ASSERT_EQ(cursor.Insert(2, big), Rc::kOk);
  EXPECT_EQ(env.pager->page_count(), pages);
  EXPECT_EQ(CursorPayload(cursor), big);
  // Ranges that cross overflow page boundaries.
  std::vector<uint8_t> slice(3000);
  ASSERT_EQ(cursor.ReadPayload(11000, slice), Rc::kOk);
  EXPECT_TRUE(std::equal(slice.begin(), slice.end(), big.begin() + 11000));
  EXPECT_EQ(cursor.ReadPayload(big.size() - 10, slice), Rc::kCorrupt);  // past the end
}

// Prefix keys compare equal to every entry they start: SeekKey finds the first such entry,
// SeekKeyAfter the first entry past all of them.
TEST(BtreeTest, PrefixSeeks) {
  BtreeEnv env;
  env.Open(":memory:", 512);
  Pgno root = 0;
  ASSERT_EQ(env.btree->CreateIndex(&root), Rc::kOk);
  KeyInfo key_info;
  BtCursor cursor;
  cursor.Open(env.btree.get(), root, true, &key_info);
  for (int64_t a = 0; a < 300; a++) {
    for (int64_t b = 0; b < 5; b++) ASSERT_EQ(cursor.InsertKey(IntRecord({a, b})), Rc::kOk);
  }
  for (int64_t a : {0, 17, 150, 299}) {
    bool exact = false;
    ASSERT_EQ(cursor.SeekKey(IntRecord({a}), &exact), Rc::kOk);
    EXPECT_TRUE(exact);
    EXPECT_EQ(CursorPayload(cursor), IntRecord({a, 0}));
    ASSERT_EQ(cursor.SeekKeyAfter(IntRecord({a})), Rc::kOk);
    if (a == 299) {
      EXPECT_FALSE(cursor.valid());
    } else {
      EXPECT_EQ(CursorPayload(cursor), IntRecord({a + 1, 0}));
    }
  }
  bool exact = true;
  ASSERT_EQ(cursor.SeekKey(IntRecord({1000}), &exact), Rc::kOk);
  EXPECT_FALSE(cursor.valid());
  EXPECT_FALSE(exact);
}

TEST(BtreeTest, RollbackRestoresTreesAndInvalidatesCursors) {
  simlite::testing::TempDir dir;
  for (const std::string& path : {std::string(":memory:"), dir.File("rollback.db")}) {
    BtreeEnv env;
    env.Open(path, 512);
    Pgno root = 0;
    ASSERT_EQ(env.btree->CreateTable(&root), Rc::kOk);
    BtCursor cursor;
    cursor.Open(env.btree.get(), root, true, nullptr);
    for (int64_t rowid = 0; rowid < 500; rowid++) {
      ASSERT_EQ(cursor.Insert(rowid, IntRecord({rowid})), Rc::kOk);
    }
    env.CommitAndContinue();
    const Pgno pages = env.pager->page_count();
    for (int64_t rowid = 0; rowid < 500; rowid += 2) {
      int result = 0;
      ASSERT_EQ(cursor.SeekRowid(rowid, &result), Rc::kOk);
      ASSERT_EQ(cursor.Delete(), Rc::kOk);
    }
    ASSERT_EQ(cursor.Insert(9999, std::vector<uint8_t>(5000, 1)), Rc::kOk);
    env.btree->Rollback();
    EXPECT_FALSE(cursor.valid());
    EXPECT_EQ(env.pager->page_count(), pages);
    bool at_end = false;
    ASSERT_EQ(cursor.First(&at_end), Rc::kOk);
    for (int64_t rowid = 0; rowid < 500; rowid++) {
      ASSERT_FALSE(at_end);
      ASSERT_EQ(cursor.rowid(), rowid);
      ASSERT_EQ(cursor.Next(&at_end), Rc::kOk);
    }
    EXPECT_TRUE(at_end);
  }
}

// A cursor whose entry another cursor deletes moves on to the neighbours on its next step.
TEST(BtreeTest, CursorSurvivesAnotherCursorsWrites) {
  BtreeEnv env;
  env.Open(":memory:", 512);
  Pgno root = 0;
  ASSERT_EQ(env.btree->CreateTable(&root), Rc::kOk);
  BtCursor writer;
  BtCursor reader;
  writer.Open(env.btree.get(), root, true, nullptr);
  reader.Open(env.btree.get(), root, false, nullptr);
  for (int64_t rowid = 0; rowid < 2000; rowid++) {
    ASSERT_EQ(writer.Insert(rowid, IntRecord({rowid})), Rc::kOk);
  }
  int result = 0;
  ASSERT_EQ(reader.SeekRowid(1000, &result), Rc::kOk);
  // Delete the reader's row and many around it (pages merge), insert before it.
  for (int64_t rowid = 900; rowid < 1100; rowid++) {
    ASSERT_EQ(writer.SeekRowid(rowid, &result), Rc::kOk);
    ASSERT_EQ(writer.Delete(), Rc::kOk);
  }
  ASSERT_EQ(writer.Insert(950, IntRecord({950})), Rc::kOk);
  EXPECT_TRUE(reader.needs_restore());
  bool at_end = false;
  ASSERT_EQ(reader.Next(&at_end), Rc::kOk);
  EXPECT_EQ(reader.rowid(), 1100);
  ASSERT_EQ(reader.Prev(&at_end), Rc::kOk);
  EXPECT_EQ(reader.rowid(), 950);
  // A read-only cursor cannot write.
  EXPECT_EQ(reader.Insert(1, IntRecord({1})), Rc::kReadOnly);
}

}  // namespace
}  // namespace simlite::btree
