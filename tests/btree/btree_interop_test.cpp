// Interop with real SQLite: files whose tables and indexes were written by this btree (with
// proper sqlite_schema rows) pass SQLite's PRAGMA integrity_check and read back the same rows;
// files SQLite changed afterwards read back through this btree the same as through SQLite;
// Drop and Clear leave no page unaccounted for.
#include <gtest/gtest.h>

#include <map>
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

using simlite::testing::RealSqliteExec;
using simlite::testing::RealSqliteQuery;
using testing::AddSchemaRow;
using testing::BtreeEnv;
using testing::CursorPayload;
using testing::PatternText;

std::vector<uint8_t> Record(int64_t a, const std::string& b) {
  RecordBuilder builder;
  builder.Reset();
  builder.AddInteger(a);
  builder.AddText(b.data(), static_cast<uint32_t>(b.size()));
  auto record = builder.Finish();
  return {record.begin(), record.end()};
}

// The index si ON s(b) holds (b, rowid).
std::vector<uint8_t> IndexRecord(const std::string& b, int64_t rowid) {
  RecordBuilder builder;
  builder.Reset();
  builder.AddText(b.data(), static_cast<uint32_t>(b.size()));
  builder.AddInteger(rowid);
  auto record = builder.Finish();
  return {record.begin(), record.end()};
}

// Param: page size and reserved bytes per page (usable size = their difference; 480 is the
// smallest SQLite allows, and usable sizes may be odd).
class BtreeInteropTest : public ::testing::TestWithParam<std::tuple<uint32_t, uint8_t>> {
 protected:
  void SetUp() override { path_ = dir_.File("interop.db"); }

  uint32_t PageSize() const { return std::get<0>(GetParam()); }
  void Open(BtreeEnv& env) { env.Open(path_, PageSize(), 2000, std::get<1>(GetParam())); }

  // Table s(a, b) with index si(b), written through the btree: rows (i, text) for rowids
  // 3*i, text lengths from 0 to several pages, then every fifth row deleted.
  void WriteTableAndIndex(BtreeEnv& env, std::map<int64_t, std::string>* rows) {
    Pgno table_root = 0;
    Pgno index_root = 0;
    ASSERT_EQ(env.btree->CreateTable(&table_root), Rc::kOk);
    ASSERT_EQ(env.btree->CreateIndex(&index_root), Rc::kOk);
    AddSchemaRow(env.btree.get(), 1, "table", "s", "s", table_root,
                 "CREATE TABLE s(a INTEGER, b TEXT)");
    AddSchemaRow(env.btree.get(), 2, "index", "si", "s", index_root, "CREATE INDEX si ON s(b)");
    ASSERT_EQ(env.pager->SetHeader(pager::HeaderField::kSchemaCookie, 1), Rc::kOk);
    KeyInfo key_info;
    BtCursor table;
    BtCursor index;
    table.Open(env.btree.get(), table_root, true, nullptr);
    index.Open(env.btree.get(), index_root, true, &key_info);
    std::mt19937 rng(PageSize());
    for (int64_t row = 0; row < 1500; row++) {
      const int64_t rowid = 3 * ((row * 7919) % 1500);  // a scattered insertion order
      const uint32_t size = rng() % 20 == 0 ? rng() % (3 * PageSize()) : rng() % 40;
      const std::string text = PatternText(size, static_cast<uint32_t>(rowid));
      ASSERT_EQ(table.Insert(rowid, Record(rowid / 3, text)), Rc::kOk);
      ASSERT_EQ(index.InsertKey(IndexRecord(text, rowid)), Rc::kOk);
      (*rows)[rowid] = text;
    }
    for (auto it = rows->begin(); it != rows->end();) {
      if (it->first % 5 != 0) {
        ++it;
        continue;
      }
      int result = 0;
      bool exact = false;
      ASSERT_EQ(table.SeekRowid(it->first, &result), Rc::kOk);
      ASSERT_EQ(result, 0);
      ASSERT_EQ(table.Delete(), Rc::kOk);
      ASSERT_EQ(index.SeekKey(IndexRecord(it->second, it->first), &exact), Rc::kOk);
      ASSERT_TRUE(exact);
      ASSERT_EQ(index.Delete(), Rc::kOk);
      it = rows->erase(it);
    }
  }

  // Reads table s through the btree: rowid -> b.
  static std::map<int64_t, std::string> ReadTable(BtreeEnv& env, Pgno root) {
    std::map<int64_t, std::string> rows;
    BtCursor cursor;
    cursor.Open(env.btree.get(), root, false, nullptr);
    bool at_end = false;
    EXPECT_EQ(cursor.First(&at_end), Rc::kOk);
    while (!at_end) {
      auto payload = CursorPayload(cursor);
      RecordReader reader;
      EXPECT_EQ(reader.Init(payload.data(), static_cast<uint32_t>(payload.size())), Rc::kOk);
      ValueView a;
      ValueView b;
      EXPECT_EQ(reader.Column(0, &a), Rc::kOk);
      EXPECT_EQ(reader.Column(1, &b), Rc::kOk);
      EXPECT_EQ(a.i * 3, cursor.rowid());
      rows[cursor.rowid()] = std::string(reinterpret_cast<const char*>(b.bytes), b.size);
      EXPECT_EQ(cursor.Next(&at_end), Rc::kOk);
    }
    return rows;
  }

  std::string path_;
  simlite::testing::TempDir dir_;
};

TEST_P(BtreeInteropTest, RealSqliteReadsWhatTheBtreeWrote) {
  std::map<int64_t, std::string> rows;
  {
    BtreeEnv env;
    Open(env);
    ASSERT_NO_FATAL_FAILURE(WriteTableAndIndex(env, &rows));
  }
  EXPECT_EQ(RealSqliteQuery(path_, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(RealSqliteQuery(path_, "SELECT count(*) FROM s"), std::to_string(rows.size()));
  std::string expected;
  for (const auto& [rowid, text] : rows) {
    if (!expected.empty()) expected += "\n";
    expected += std::to_string(rowid) + ":" + std::to_string(text.size());
  }
  EXPECT_EQ(RealSqliteQuery(path_, "SELECT rowid || ':' || length(b) FROM s ORDER BY rowid"),
            expected);
  // The index is used and agrees with the table.
  EXPECT_EQ(RealSqliteQuery(path_, "SELECT count(*) FROM s INDEXED BY si WHERE b >= ''"),
            std::to_string(rows.size()));
  EXPECT_EQ(RealSqliteQuery(path_,
                            "SELECT count(*) FROM s WHERE b = (SELECT b FROM s "
                            "WHERE rowid = 3)"),
            "1");
}

TEST_P(BtreeInteropTest, BtreeReadsAndChangesWhatRealSqliteChanged) {
  std::map<int64_t, std::string> rows;
  Pgno table_root = 0;
  {
    BtreeEnv env;
    Open(env);
    ASSERT_NO_FATAL_FAILURE(WriteTableAndIndex(env, &rows));
  }
  RealSqliteExec(path_,
                 "DELETE FROM s WHERE rowid % 7 = 0;"
                 "WITH RECURSIVE c(value) AS (SELECT 0 UNION ALL SELECT value + 1 FROM c"
                 " WHERE value < 400)"
                 " INSERT INTO s(rowid, a, b) SELECT 3 * (value + 2000), value + 2000,"
                 " printf('%.*c', value * 13 % 3000, 'q') FROM c;"
                 "UPDATE s SET b = b || 'xyz' WHERE rowid % 11 = 0;");
  table_root = static_cast<Pgno>(
      std::stoul(RealSqliteQuery(path_, "SELECT rootpage FROM sqlite_schema WHERE name='s'")));
  std::string expected = RealSqliteQuery(
      path_, "SELECT rowid || ':' || length(b) || ':' || substr(b, -3) FROM s ORDER BY rowid");
  {
    BtreeEnv env;
    Open(env);
    auto read = ReadTable(env, table_root);
    std::string actual;
    for (const auto& [rowid, text] : read) {
      if (!actual.empty()) actual += "\n";
      actual += std::to_string(rowid) + ":" + std::to_string(text.size()) + ":" +
                text.substr(text.size() < 3 ? 0 : text.size() - 3);
    }
    EXPECT_EQ(actual, expected);
    // Change it through the btree: delete every row with an even rowid from the table
    // and, to keep the index consistent, from the index too.
    const Pgno index_root = static_cast<Pgno>(
        std::stoul(RealSqliteQuery(path_, "SELECT rootpage FROM sqlite_schema WHERE name='si'")));
    KeyInfo key_info;
    BtCursor table;
    BtCursor index;
    table.Open(env.btree.get(), table_root, true, nullptr);
    index.Open(env.btree.get(), index_root, true, &key_info);
    for (const auto& [rowid, text] : read) {
      if (rowid % 2 != 0) continue;
      int result = 0;
      bool exact = false;
      ASSERT_EQ(table.SeekRowid(rowid, &result), Rc::kOk);
      ASSERT_EQ(table.Delete(), Rc::kOk);
      ASSERT_EQ(index.SeekKey(IndexRecord(text, rowid), &exact), Rc::kOk);
      ASSERT_TRUE(exact);
      ASSERT_EQ(index.Delete(), Rc::kOk);
    }
  }
  EXPECT_EQ(RealSqliteQuery(path_, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(RealSqliteQuery(path_, "SELECT count(*) FROM s WHERE rowid % 2 = 0"), "0");
}

// Drop frees every page (overflow chains too) and Clear every page but the root: SQLite's
// integrity_check reports any page that is neither in use nor on the freelist.
TEST_P(BtreeInteropTest, DropAndClearFreeEveryPage) {
  {
    BtreeEnv env;
    Open(env);
    Pgno keep = 0;
    Pgno dropped = 0;
    Pgno dropped_index = 0;
    ASSERT_EQ(env.btree->CreateTable(&keep), Rc::kOk);
    ASSERT_EQ(env.btree->CreateTable(&dropped), Rc::kOk);
    ASSERT_EQ(env.btree->CreateIndex(&dropped_index), Rc::kOk);
    AddSchemaRow(env.btree.get(), 1, "table", "keep", "keep", keep, "CREATE TABLE keep(a, b)");
    KeyInfo key_info;
    BtCursor k;
    BtCursor d;
    BtCursor di;
    k.Open(env.btree.get(), keep, true, nullptr);
    d.Open(env.btree.get(), dropped, true, nullptr);
    di.Open(env.btree.get(), dropped_index, true, &key_info);
    for (int64_t rowid = 1; rowid <= 600; rowid++) {
      const std::string text = PatternText(static_cast<uint32_t>(rowid * 37 % 5000), 1);
      ASSERT_EQ(k.Insert(rowid, Record(rowid, text)), Rc::kOk);
      ASSERT_EQ(d.Insert(rowid, Record(rowid, text)), Rc::kOk);
      ASSERT_EQ(di.InsertKey(IndexRecord(text, rowid)), Rc::kOk);
    }
    EXPECT_EQ(env.btree->Drop(dropped), Rc::kLocked);  // a cursor is open on it
    d.Close();
    di.Close();
    env.CommitAndContinue();
    ASSERT_EQ(env.btree->Drop(dropped), Rc::kOk);
    ASSERT_EQ(env.btree->Drop(dropped_index), Rc::kOk);
    ASSERT_EQ(env.btree->Clear(keep), Rc::kOk);
    bool empty = false;
    ASSERT_EQ(k.First(&empty), Rc::kOk);
    EXPECT_TRUE(empty);
    ASSERT_EQ(k.Insert(5, Record(5, "five")), Rc::kOk);
    EXPECT_EQ(env.btree->Drop(1), Rc::kMisuse);
  }
  EXPECT_EQ(RealSqliteQuery(path_, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(RealSqliteQuery(path_, "SELECT a || b FROM keep"), "5five");
  EXPECT_NE(RealSqliteQuery(path_, "PRAGMA freelist_count"), "0");
}

INSTANTIATE_TEST_SUITE_P(PageSizes, BtreeInteropTest,
                         ::testing::Values(std::make_tuple(512u, uint8_t{0}),
                                           std::make_tuple(512u, uint8_t{32}),
                                           std::make_tuple(4096u, uint8_t{0}),
                                           std::make_tuple(4096u, uint8_t{33}),
                                           std::make_tuple(65536u, uint8_t{0}),
                                           std::make_tuple(65536u, uint8_t{255})));

}  // namespace
}  // namespace simlite::btree
