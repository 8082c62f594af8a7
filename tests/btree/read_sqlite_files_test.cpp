// Acceptance: simlite's cursors read files written by real SQLite — page sizes 512 to 65536,
// 100k-row tables, payloads overflowing up to 1 MB, unique / multi-column / DESC / NOCASE
// indexes, files with many deletes (freelist pages), VACUUMed or not — and return exactly the
// rows and index entries SQLite returns, in the same order.
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

using simlite::testing::CanonicalRecord;
using simlite::testing::RealSqliteExec;
using simlite::testing::RealSqliteRows;
using simlite::testing::TempDir;

constexpr int kRows = 100000;

struct FileCase {
  int page_size;
  bool vacuum;
};

std::string CaseName(const ::testing::TestParamInfo<FileCase>& info) {
  return "page" + std::to_string(info.param.page_size) + (info.param.vacuum ? "_vacuum" : "");
}

// Walks a whole tree in order (backwards too), as canonical rows: "I:rowid|<record>" for a
// table, "<record>" for an index.
std::vector<std::string> WalkTree(Btree* btree, Pgno root, const KeyInfo* key_info,
                                  bool backwards = false) {
  std::vector<std::string> rows;
  BtCursor cursor;
  cursor.Open(btree, root, /*writable=*/false, key_info);
  bool done = false;
  EXPECT_EQ(backwards ? cursor.Last(&done) : cursor.First(&done), Rc::kOk);
  std::vector<uint8_t> buffer;
  while (!done) {
    std::span<const uint8_t> payload;
    EXPECT_EQ(cursor.Payload(&buffer, &payload), Rc::kOk);
    std::string record;
    EXPECT_EQ(CanonicalRecord(payload, &record), Rc::kOk);
    rows.push_back(key_info ? record : "I:" + std::to_string(cursor.rowid()) + "|" + record);
    Rc rc = backwards ? cursor.Prev(&done) : cursor.Next(&done);
    EXPECT_EQ(rc, Rc::kOk);
    if (rc != Rc::kOk) break;
  }
  return rows;
}

class ReadSqliteFilesTest : public ::testing::TestWithParam<FileCase> {
 protected:
  void SetUp() override {
    path_ = dir_.File("real.db");
    std::string sql =
        "PRAGMA page_size=" + std::to_string(GetParam().page_size) + ";"
        "CREATE TABLE t(a, b, c);"
        "CREATE TABLE big(id INTEGER PRIMARY KEY, payload);"
        "CREATE INDEX t_a ON t(a);"
        "CREATE UNIQUE INDEX t_bc ON t(b, c);"
        "CREATE INDEX t_c_desc ON t(c DESC, a);"
        "CREATE INDEX t_a_nocase ON t(a COLLATE NOCASE);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<" +
        std::to_string(kRows) +
        ") INSERT INTO t SELECT CASE i % 6 WHEN 0 THEN i WHEN 1 THEN i * 0.5 WHEN 2 THEN "
        "'Text' || (i * 7 % 1000) WHEN 3 THEN randomblob(i % 40) WHEN 4 THEN 'text' || i ELSE "
        "NULL END, i, printf('%08d', i * 7919 % 100003) FROM n;"
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM n WHERE i<20)"
        " INSERT INTO big SELECT i, randomblob(i * 52428) FROM n;"
        "INSERT INTO big VALUES(100, randomblob(1048576));"
        "DELETE FROM t WHERE b % 3 = 0; DELETE FROM big WHERE id % 2 = 0;";
    if (GetParam().vacuum) sql += "VACUUM;";
    RealSqliteExec(path_, sql);
    io_ = io::CreateDefaultIo();
    ASSERT_EQ(pager::Pager::Open(io_.get(), path_, pager::PagerOptions{}, &pager_), Rc::kOk);
    btree_ = std::make_unique<Btree>(pager_.get());
    ASSERT_EQ(btree_->BeginRead(), Rc::kOk);
  }
  void TearDown() override {
    if (btree_) btree_->EndRead();
  }
  // sqlite_schema's name -> rootpage, read through simlite's cursor.
  std::map<std::string, Pgno> Roots() {
    std::map<std::string, Pgno> roots;
    BtCursor cursor;
    cursor.Open(btree_.get(), 1, false, nullptr);
    bool done = false;
    EXPECT_EQ(cursor.First(&done), Rc::kOk);
    std::vector<uint8_t> buffer;
    while (!done) {
      std::span<const uint8_t> payload;
      EXPECT_EQ(cursor.Payload(&buffer, &payload), Rc::kOk);
      RecordReader reader;
      ValueView name, rootpage;
      EXPECT_EQ(reader.Init(payload.data(), static_cast<uint32_t>(payload.size())), Rc::kOk);
      EXPECT_EQ(reader.Column(1, &name), Rc::kOk);
      EXPECT_EQ(reader.Column(3, &rootpage), Rc::kOk);
      roots[std::string(reinterpret_cast<const char*>(name.bytes), name.size)] =
          static_cast<Pgno>(rootpage.i);
      EXPECT_EQ(cursor.Next(&done), Rc::kOk);
    }
    return roots;
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<io::Io> io_;
  std::unique_ptr<pager::Pager> pager_;
  std::unique_ptr<Btree> btree_;
};

TEST_P(ReadSqliteFilesTest, SchemaRowsMatch) {
  EXPECT_EQ(WalkTree(btree_.get(), 1, nullptr),
            RealSqliteRows(path_, "SELECT rowid, * FROM sqlite_schema ORDER BY rowid"));
}

TEST_P(ReadSqliteFilesTest, TableRowsMatchBothWays) {
  std::map<std::string, Pgno> roots = Roots();
  std::vector<std::string> expected = RealSqliteRows(path_, "SELECT rowid, * FROM t ORDER BY rowid");
  ASSERT_EQ(expected.size(), static_cast<size_t>(kRows - kRows / 3));
  EXPECT_EQ(WalkTree(btree_.get(), roots["t"], nullptr), expected);
  std::vector<std::string> backwards = WalkTree(btree_.get(), roots["t"], nullptr, true);
  std::reverse(backwards.begin(), backwards.end());
  EXPECT_EQ(backwards, expected);
}

TEST_P(ReadSqliteFilesTest, OverflowPayloadsUpTo1MbMatch) {
  // The INTEGER PRIMARY KEY is the rowid; the record stores NULL in its place.
  EXPECT_EQ(WalkTree(btree_.get(), Roots()["big"], nullptr),
            RealSqliteRows(path_, "SELECT rowid, NULL, payload FROM big ORDER BY rowid"));
}

TEST_P(ReadSqliteFilesTest, IndexEntriesMatch) {
  std::map<std::string, Pgno> roots = Roots();
  KeyInfo binary;
  KeyInfo desc_first{{Collation::kBinary, Collation::kBinary}, {true, false}};
  KeyInfo nocase{{Collation::kNoCase}, {false}};
  EXPECT_EQ(WalkTree(btree_.get(), roots["t_a"], &binary),
            RealSqliteRows(path_, "SELECT a, rowid FROM t ORDER BY a, rowid"));
  EXPECT_EQ(WalkTree(btree_.get(), roots["t_bc"], &binary),
            RealSqliteRows(path_, "SELECT b, c, rowid FROM t ORDER BY b, c, rowid"));
  EXPECT_EQ(WalkTree(btree_.get(), roots["t_c_desc"], &desc_first),
            RealSqliteRows(path_, "SELECT c, a, rowid FROM t ORDER BY c DESC, a, rowid"));
  EXPECT_EQ(WalkTree(btree_.get(), roots["t_a_nocase"], &nocase),
            RealSqliteRows(path_,
                           "SELECT a, rowid FROM t ORDER BY a COLLATE NOCASE, rowid"));
}

TEST_P(ReadSqliteFilesTest, SeeksFindWhatSqliteFinds) {
  std::map<std::string, Pgno> roots = Roots();
  BtCursor table;
  table.Open(btree_.get(), roots["t"], false, nullptr);
  std::mt19937 random(GetParam().page_size);
  for (int seek_idx = 0; seek_idx < 2000; seek_idx++) {
    int64_t rowid = static_cast<int64_t>(random() % (kRows + 10)) - 5;
    int result = 0;
    ASSERT_EQ(table.SeekRowid(rowid, &result), Rc::kOk);
    bool present = rowid >= 1 && rowid <= kRows && rowid % 3 != 0;
    EXPECT_EQ(result == 0, present) << rowid;
  }
  // The unique index on (b, c): a seek by b alone lands on that row's entry.
  KeyInfo binary;
  BtCursor index;
  index.Open(btree_.get(), roots["t_bc"], false, &binary);
  RecordBuilder key;
  for (int seek_idx = 0; seek_idx < 2000; seek_idx++) {
    int64_t b = static_cast<int64_t>(random() % (kRows + 10));
    key.Reset();
    key.AddInteger(b);
    bool exact = false;
    ASSERT_EQ(index.SeekKey(key.Finish(), &exact), Rc::kOk);
    bool present = b >= 1 && b <= kRows && b % 3 != 0;
    EXPECT_EQ(exact, present) << b;
    if (present) {
      std::vector<uint8_t> buffer;
      std::span<const uint8_t> payload;
      ASSERT_EQ(index.Payload(&buffer, &payload), Rc::kOk);
      RecordReader reader;
      ValueView first;
      ASSERT_EQ(reader.Init(payload.data(), static_cast<uint32_t>(payload.size())), Rc::kOk);
      ASSERT_EQ(reader.Column(0, &first), Rc::kOk);
      EXPECT_EQ(first.i, b);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Files, ReadSqliteFilesTest,
                         ::testing::Values(FileCase{512, false}, FileCase{1024, false},
                                           FileCase{4096, false}, FileCase{65536, false},
                                           FileCase{512, true}, FileCase{4096, true}),
                         CaseName);

}  // namespace
}  // namespace simlite::btree
