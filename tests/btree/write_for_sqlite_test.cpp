// Acceptance: files written by simlite's b-tree layer are files real SQLite reads. 100k+ random
// inserts and deletes (overflow payloads included) into a table and its index, over several
// transactions, with page sizes 512 to 65536; then real SQLite's PRAGMA integrity_check (which
// also checks every index entry against its row) says ok and SELECT returns the model's rows.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "btree/btree.h"
#include "btree/btree_cursor.h"
#include "btree/record.h"
#include "io/posix_io.h"
#include "tests/support/rows.h"
#include "tests/support/temp_dir.h"

namespace simlite::btree {
namespace {

using simlite::testing::CanonicalValue;
using simlite::testing::RealSqliteQuery;
using simlite::testing::RealSqliteRows;
using simlite::testing::TempDir;

struct Row {
  std::string a;  // a blob (may overflow)
  int64_t b;
};

// The record SQLite stores for a row of t(a, b) and for its entry in t_b(b).
std::vector<uint8_t> TableRecord(const Row& row) {
  RecordBuilder builder;
  builder.AddBlob(row.a.data(), static_cast<uint32_t>(row.a.size()));
  builder.AddInteger(row.b);
  std::span<const uint8_t> bytes = builder.Finish();
  return {bytes.begin(), bytes.end()};
}
std::vector<uint8_t> IndexRecord(const Row& row, int64_t rowid) {
  RecordBuilder builder;
  builder.AddInteger(row.b);
  builder.AddInteger(rowid);
  std::span<const uint8_t> bytes = builder.Finish();
  return {bytes.begin(), bytes.end()};
}
std::vector<uint8_t> SchemaRecord(const char* type, const char* name, Pgno root,
                                  const std::string& sql) {
  RecordBuilder builder;
  builder.AddText(type, static_cast<uint32_t>(strlen(type)));
  builder.AddText(name, static_cast<uint32_t>(strlen(name)));
  builder.AddText("t", 1);
  builder.AddInteger(root);
  builder.AddText(sql.data(), static_cast<uint32_t>(sql.size()));
  std::span<const uint8_t> bytes = builder.Finish();
  return {bytes.begin(), bytes.end()};
}

class WriteForSqliteTest : public ::testing::TestWithParam<uint32_t> {};

TEST_P(WriteForSqliteTest, RandomInsertsAndDeletesGiveAValidFile) {
  TempDir dir;
  std::string path = dir.File("simlite.db");
  auto io = io::CreateDefaultIo();
  std::unique_ptr<pager::Pager> pager;
  pager::PagerOptions options;
  options.page_size = GetParam();
  ASSERT_EQ(pager::Pager::Open(io.get(), path, options, &pager), Rc::kOk);
  Btree btree(pager.get());
  ASSERT_EQ(btree.BeginRead(), Rc::kOk);
  ASSERT_EQ(btree.BeginWrite(), Rc::kOk);
  Pgno table_root = 0, index_root = 0;
  ASSERT_EQ(btree.CreateTable(&table_root), Rc::kOk);
  ASSERT_EQ(btree.CreateIndex(&index_root), Rc::kOk);
  {
    BtCursor schema;
    schema.Open(&btree, 1, true, nullptr);
    ASSERT_EQ(schema.Insert(1, SchemaRecord("table", "t", table_root, "CREATE TABLE t(a, b)")),
              Rc::kOk);
    ASSERT_EQ(schema.Insert(2, SchemaRecord("index", "t_b", index_root,
                                            "CREATE INDEX t_b ON t(b)")),
              Rc::kOk);
  }
  ASSERT_EQ(pager->SetHeader(pager::HeaderField::kSchemaCookie, 1), Rc::kOk);
  ASSERT_EQ(btree.Commit(), Rc::kOk);

  static const KeyInfo kBinary;
  std::mt19937_64 random(GetParam());
  std::map<int64_t, Row> model;
  constexpr int kOperations = 120000;
  ASSERT_EQ(btree.BeginWrite(), Rc::kOk);
  for (int op_idx = 0; op_idx < kOperations; op_idx++) {
    BtCursor table, index;
    table.Open(&btree, table_root, true, nullptr);
    index.Open(&btree, index_root, true, &kBinary);
    bool remove = !model.empty() && random() % 4 == 0;
    if (remove) {
      auto victim = model.lower_bound(static_cast<int64_t>(random() % 1'000'000));
      if (victim == model.end()) victim = model.begin();
      int result = 0;
      ASSERT_EQ(table.SeekRowid(victim->first, &result), Rc::kOk);
      ASSERT_EQ(result, 0);
      ASSERT_EQ(table.Delete(), Rc::kOk);
      bool exact = false;
      ASSERT_EQ(index.SeekKey(IndexRecord(victim->second, victim->first), &exact), Rc::kOk);
      ASSERT_TRUE(exact);
      ASSERT_EQ(index.Delete(), Rc::kOk);
      model.erase(victim);
    } else {
      int64_t rowid = static_cast<int64_t>(random() % 1'000'000) + 1;
      if (model.count(rowid)) continue;
      size_t size = random() % 100 == 0 ? random() % 200'000 : random() % 300;
      Row row{std::string(size, static_cast<char>('a' + random() % 26)),
              static_cast<int64_t>(random() % 5000) - 2500};
      ASSERT_EQ(table.Insert(rowid, TableRecord(row)), Rc::kOk);
      ASSERT_EQ(index.InsertKey(IndexRecord(row, rowid)), Rc::kOk);
      model[rowid] = row;
    }
    if (op_idx % 20000 == 19999) {
      table.Close();
      index.Close();
      ASSERT_EQ(btree.Commit(), Rc::kOk);
      ASSERT_EQ(btree.BeginWrite(), Rc::kOk);
    }
  }
  ASSERT_EQ(btree.Commit(), Rc::kOk);
  btree.EndRead();
  pager.reset();

  EXPECT_EQ(RealSqliteQuery(path, "PRAGMA integrity_check"), "ok");
  std::vector<std::string> expected;
  for (const auto& [rowid, row] : model) {
    ValueView a{ValueType::kBlob, 0, 0, reinterpret_cast<const uint8_t*>(row.a.data()),
                static_cast<uint32_t>(row.a.size())};
    expected.push_back("I:" + std::to_string(rowid) + "|" + CanonicalValue(a) + "|I:" +
                       std::to_string(row.b));
  }
  EXPECT_EQ(RealSqliteRows(path, "SELECT rowid, a, b FROM t ORDER BY rowid"), expected);
  EXPECT_EQ(RealSqliteQuery(path, "SELECT count(*) FROM t INDEXED BY t_b WHERE b > -10000"),
            std::to_string(model.size()));
}

INSTANTIATE_TEST_SUITE_P(PageSizes, WriteForSqliteTest, ::testing::Values(512u, 4096u, 65536u));

}  // namespace
}  // namespace simlite::btree
