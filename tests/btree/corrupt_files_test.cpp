// Acceptance: damaged files — truncated, or with seeded random bytes changed in the header and
// in pages — give SQLITE_CORRUPT or SQLITE_NOTADB (or read fine), never a crash or a hang.
// Every variant is opened, its schema read, every tree walked both ways, seeked, checked, and
// written to (then rolled back). CI runs this under ASan+UBSan.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "btree/btree.h"
#include "btree/btree_cursor.h"
#include "btree/integrity_check.h"
#include "btree/record.h"
#include "io/posix_io.h"
#include "tests/support/temp_dir.h"

namespace simlite::btree {
namespace {

using simlite::testing::RealSqliteExec;
using simlite::testing::TempDir;

bool Acceptable(Rc rc) {
  return rc == Rc::kOk || rc == Rc::kCorrupt || rc == Rc::kNotADb || rc == Rc::kFull;
}

// Walks the tree at root both ways, decoding every record; returns the first failure.
Rc WalkTree(Btree* btree, Pgno root, const KeyInfo* key_info, size_t* entries) {
  for (bool backwards : {false, true}) {
    BtCursor cursor;
    cursor.Open(btree, root, false, key_info);
    bool done = false;
    SIMLITE_TRY(backwards ? cursor.Last(&done) : cursor.First(&done));
    std::vector<uint8_t> buffer;
    // Bounded: a valid tree of this file has fewer entries than bytes.
    for (size_t step = 0; !done && step < 10'000'000; step++) {
      std::span<const uint8_t> payload;
      SIMLITE_TRY(cursor.Payload(&buffer, &payload));
      RecordReader reader;
      if (reader.Init(payload.data(), static_cast<uint32_t>(payload.size())) == Rc::kOk) {
        uint32_t count = 0;
        if (reader.ColumnCount(&count) == Rc::kOk) {
          for (uint32_t column_idx = 0; column_idx < count; column_idx++) {
            ValueView value;
            if (reader.Column(column_idx, &value) != Rc::kOk) break;
          }
        }
      }
      (*entries)++;
      SIMLITE_TRY(backwards ? cursor.Prev(&done) : cursor.Next(&done));
    }
  }
  return Rc::kOk;
}

// Reads sqlite_schema's root pages (column 3) and kinds (column 0) through a cursor.
Rc ReadSchema(Btree* btree, std::vector<TreeToCheck>* trees) {
  trees->assign(1, TreeToCheck{1, false, nullptr});
  BtCursor cursor;
  cursor.Open(btree, 1, false, nullptr);
  bool done = false;
  SIMLITE_TRY(cursor.First(&done));
  std::vector<uint8_t> buffer;
  for (int row_idx = 0; !done && row_idx < 1000; row_idx++) {
    std::span<const uint8_t> payload;
    SIMLITE_TRY(cursor.Payload(&buffer, &payload));
    RecordReader reader;
    ValueView type, root;
    SIMLITE_TRY(reader.Init(payload.data(), static_cast<uint32_t>(payload.size())));
    SIMLITE_TRY(reader.Column(0, &type));
    SIMLITE_TRY(reader.Column(3, &root));
    if (root.type == ValueType::kInteger && root.i > 1 && root.i < (1 << 30)) {
      bool is_index = type.size == 5 && std::string_view(reinterpret_cast<const char*>(type.bytes), 5) == "index";
      trees->push_back(TreeToCheck{static_cast<Pgno>(root.i), is_index, nullptr});
    }
    SIMLITE_TRY(cursor.Next(&done));
  }
  return Rc::kOk;
}

// Everything a reader and a writer might do to the file; returns the first failure.
Rc Exercise(io::Io* io, const std::string& path) {
  std::unique_ptr<pager::Pager> pager;
  SIMLITE_TRY(pager::Pager::Open(io, path, pager::PagerOptions{}, &pager));
  Btree btree(pager.get());
  SIMLITE_TRY(btree.BeginRead());
  std::vector<TreeToCheck> trees;
  Rc rc = ReadSchema(&btree, &trees);
  static const KeyInfo kBinary;
  size_t entries = 0;
  for (const TreeToCheck& tree : trees) {
    if (rc != Rc::kOk) break;
    rc = WalkTree(&btree, tree.root, tree.is_index ? &kBinary : nullptr, &entries);
  }
  std::vector<std::string> findings;
  Rc check_rc = CheckIntegrity(pager.get(), trees, 50, &findings);
  if (rc == Rc::kOk) rc = check_rc;
  // Writes into whatever trees there are, then a rollback.
  if (btree.BeginWrite() == Rc::kOk) {
    for (const TreeToCheck& tree : trees) {
      BtCursor cursor;
      cursor.Open(&btree, tree.root, true, tree.is_index ? &kBinary : nullptr);
      RecordBuilder record;
      record.AddInteger(static_cast<int64_t>(tree.root));
      record.AddText("corrupt?", 8);
      Rc write_rc = tree.is_index ? cursor.InsertKey(record.Finish())
                                  : cursor.Insert(1'000'000 + tree.root, record.Finish());
      bool empty = false;
      if (write_rc == Rc::kOk) write_rc = cursor.First(&empty);
      if (write_rc == Rc::kOk && !empty) write_rc = cursor.Delete();
      if (rc == Rc::kOk) rc = write_rc;
      if (write_rc != Rc::kOk) break;
    }
    btree.Rollback();
  }
  btree.EndRead();
  return rc;
}

class CorruptFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pristine = dir_.File("pristine");
    RealSqliteExec(pristine,
                   "PRAGMA page_size=512; CREATE TABLE t(a INTEGER PRIMARY KEY, b, c);"
                   "CREATE INDEX tb ON t(b, c); CREATE TABLE u(x);"
                   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<600)"
                   " INSERT INTO t SELECT i, randomblob(i % 9 * 70), i * 3 FROM n;"
                   "INSERT INTO u SELECT b FROM t WHERE a % 7 = 0;"
                   "DELETE FROM t WHERE a % 4 = 0;");
    std::ifstream in(pristine, std::ios::binary);
    image_.assign(std::istreambuf_iterator<char>(in), {});
    io_ = io::CreateDefaultIo();
    ASSERT_EQ(Exercise(io_.get(), pristine), Rc::kOk);
  }
  Rc RunVariant(const std::string& bytes) {
    std::string path = dir_.File("variant");
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    return Exercise(io_.get(), path);
  }

  TempDir dir_;
  std::string image_;
  std::unique_ptr<io::Io> io_;
};

TEST_F(CorruptFilesTest, TruncatedFiles) {
  int failures = 0;
  for (size_t size = 0; size < image_.size(); size += 97) {
    Rc rc = RunVariant(image_.substr(0, size));
    EXPECT_TRUE(Acceptable(rc)) << size << ": " << static_cast<int>(rc);
    failures += rc != Rc::kOk;
  }
  EXPECT_GT(failures, 0);
}

TEST_F(CorruptFilesTest, HeaderByteFlips) {
  std::mt19937 random(1);
  for (int variant = 0; variant < 1000; variant++) {
    std::string bytes = image_;
    bytes[random() % 100] = static_cast<char>(random());
    Rc rc = RunVariant(bytes);
    EXPECT_TRUE(Acceptable(rc)) << variant << ": " << static_cast<int>(rc);
  }
}

TEST_F(CorruptFilesTest, PageByteFlips) {
  std::mt19937 random(2);
  int failures = 0;
  for (int variant = 0; variant < 3000; variant++) {
    std::string bytes = image_;
    int flips = 1 + static_cast<int>(random() % 6);
    for (int flip_idx = 0; flip_idx < flips; flip_idx++) {
      bytes[100 + random() % (bytes.size() - 100)] = static_cast<char>(random());
    }
    Rc rc = RunVariant(bytes);
    EXPECT_TRUE(Acceptable(rc)) << variant << ": " << static_cast<int>(rc);
    failures += rc != Rc::kOk;
  }
  EXPECT_GT(failures, 100);
}

}  // namespace
}  // namespace simlite::btree
