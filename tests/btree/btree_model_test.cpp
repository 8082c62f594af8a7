// Randomized model tests: table and index b-trees against std::map / std::set models, over
// memory and file pagers and page sizes 512, 4096 and 65536, with payloads from 0 bytes to
// 1 MB. Every step checks the cursor against the model; periodically the whole tree is walked
// both ways and checked page by page (tree_check.h); file databases are finally checked by
// real SQLite's PRAGMA integrity_check.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "btree/btree.h"
#include "btree/btree_cursor.h"
#include "btree/record.h"
#include "tests/btree/btree_env.h"
#include "tests/btree/tree_check.h"
#include "tests/support/temp_dir.h"

namespace simlite::btree {
namespace {

using testing::BtreeEnv;
using testing::CursorPayload;
using testing::PatternBytes;
using testing::PatternText;
using testing::TreeChecker;

constexpr int kOpsPerTree = 20000;
constexpr int kCommitEvery = 500;
constexpr int kCheckEvery = 2500;

// Per mille of each operation; the rest are seeks. Phases alternate between growing the tree
// and shrinking it to empty.
struct OpMix {
  uint32_t insert;
  uint32_t remove;
  uint32_t remove_range;
};
OpMix PhaseMix(int op) {
  return (op / 4000) % 2 == 0 ? OpMix{650, 100, 5} : OpMix{120, 330, 15};
}

class BtreeModelTest : public ::testing::TestWithParam<std::tuple<uint32_t, bool>> {
 protected:
  void SetUp() override {
    page_size_ = std::get<0>(GetParam());
    in_memory_ = std::get<1>(GetParam());
    path_ = in_memory_ ? ":memory:" : dir_.File("model.db");
    // A small cache for files, so that pages are evicted and read back.
    env_.Open(path_, page_size_, in_memory_ ? 2000 : 64);
    rng_.seed(page_size_ * 2 + (in_memory_ ? 1 : 0));
  }

 public:
  // Mostly small payloads, some spilling to a few overflow pages, a few up to 1 MB.
  uint32_t RandomSize(uint32_t small_max) {
    const uint32_t r = rng_() % 1000;
    if (r < 650) return rng_() % small_max;
    if (r < 930) return rng_() % (2 * page_size_);
    if (r < 997) return rng_() % 30000;
    return rng_() % (1u << 20);
  }

  void MaybeCommit(int op) {
    if (op % kCommitEvery == kCommitEvery - 1) env_.CommitAndContinue();
  }

 protected:
  // Closes the file, reopens it, and lets real SQLite check it.
  void ReopenAndCheckWithSqlite(const std::string& count_sql, size_t expected_rows) {
    if (in_memory_) return;
    env_.Close();
    auto result = simlite::testing::RealSqliteQuery(path_, "PRAGMA integrity_check");
    EXPECT_EQ(result, "ok");
    EXPECT_EQ(simlite::testing::RealSqliteQuery(path_, count_sql), std::to_string(expected_rows));
    env_.Open(path_, page_size_);
  }

  uint32_t page_size_ = 0;
  bool in_memory_ = false;
  std::string path_;
  simlite::testing::TempDir dir_;
  BtreeEnv env_;
  std::mt19937 rng_;
};

// Moves `cursor` up to `steps` entries forward or backward together with the model iterator
// `it`, checking each position with expect_at(it, at_end).
template <typename Container, typename ExpectAt>
void StepAlong(BtCursor& cursor, Container& model, typename Container::iterator it, bool forward,
               uint32_t steps, ExpectAt expect_at) {
  for (uint32_t step = 0; step < steps && it != model.end(); step++) {
    bool at_end = false;
    if (forward) {
      ASSERT_EQ(cursor.Next(&at_end), Rc::kOk);
      ++it;
    } else {
      ASSERT_EQ(cursor.Prev(&at_end), Rc::kOk);
      it = it == model.begin() ? model.end() : std::prev(it);
    }
    ASSERT_NO_FATAL_FAILURE(expect_at(it, at_end));
  }
}

// A second cursor walks forward while another one writes: First when it has no position,
// else Next, which must reach the model's first entry after the key it saw last
// (btree_cursor.h, invariant 3).
template <typename Container, typename Key, typename KeyOf, typename Matches>
void StepReaderAlong(BtCursor& reader, Container& model, std::optional<Key>* last, KeyOf key_of,
                     Matches matches) {
  bool at_end = false;
  typename Container::iterator it;
  if (!*last) {
    ASSERT_EQ(reader.First(&at_end), Rc::kOk);
    it = model.begin();
  } else {
    ASSERT_EQ(reader.Next(&at_end), Rc::kOk);
    it = model.upper_bound(**last);
  }
  ASSERT_EQ(at_end, it == model.end());
  if (at_end) {
    last->reset();
    return;
  }
  ASSERT_NO_FATAL_FAILURE(matches(reader, *it));
  *last = key_of(*it);
}

// Walks the whole tree forward, then backward, matching each entry against the model.
template <typename Container, typename Matches>
void WalkBothWays(BtCursor& walker, const Container& model, Matches matches) {
  bool at_end = false;
  ASSERT_EQ(walker.First(&at_end), Rc::kOk);
  for (const auto& entry : model) {
    ASSERT_FALSE(at_end);
    ASSERT_NO_FATAL_FAILURE(matches(walker, entry));
    ASSERT_EQ(walker.Next(&at_end), Rc::kOk);
  }
  ASSERT_TRUE(at_end);
  ASSERT_EQ(walker.Last(&at_end), Rc::kOk);
  for (auto it = model.rbegin(); it != model.rend(); ++it) {
    ASSERT_FALSE(at_end);
    ASSERT_NO_FATAL_FAILURE(matches(walker, *it));
    ASSERT_EQ(walker.Prev(&at_end), Rc::kOk);
  }
  ASSERT_TRUE(at_end);
}

// ---- Table trees ----

struct RowSpec {
  uint32_t size = 0;
  uint32_t seed = 0;
};

// A row of table t(x): a record holding one blob.
std::vector<uint8_t> RowRecord(RowSpec spec) {
  auto blob = PatternBytes(spec.size, spec.seed);
  RecordBuilder builder;
  builder.Reset();
  builder.AddBlob(blob.data(), spec.size);
  auto record = builder.Finish();
  return {record.begin(), record.end()};
}

class TableModel {
 public:
  TableModel(BtreeModelTest* test, Btree* btree, Pgno root, std::mt19937* rng)
      : test_(test), btree_(btree), root_(root), rng_(*rng) {
    cursor_.Open(btree, root, true, nullptr);
    reader_.Open(btree, root, false, nullptr);
  }

  int64_t RandomRowid() {
    const uint32_t r = rng_() % 1000;
    if (r == 0) return INT64_MIN + rng_() % 4;
    if (r == 1) return INT64_MAX - rng_() % 4;
    if (r < 5) return (int64_t{1} << 40) + rng_() % 8;
    return static_cast<int64_t>(rng_() % 20000) - 50;
  }

  void Insert(uint32_t size) {
    const int64_t rowid = RandomRowid();
    const RowSpec spec{size, static_cast<uint32_t>(rng_())};
    const auto record = RowRecord(spec);
    ASSERT_EQ(cursor_.Insert(rowid, record), Rc::kOk);
    ASSERT_TRUE(cursor_.valid());
    ASSERT_EQ(cursor_.rowid(), rowid);
    ASSERT_EQ(cursor_.payload_size(), record.size());
    model_[rowid] = spec;
  }

  // Checks the cursor against model position `it` (end: the cursor ran off the tree).
  void ExpectAt(std::map<int64_t, RowSpec>::iterator it, bool at_end, bool check_payload) {
    if (it == model_.end()) {
      ASSERT_TRUE(at_end);
      ASSERT_FALSE(cursor_.valid());
      return;
    }
    ASSERT_FALSE(at_end);
    ASSERT_TRUE(cursor_.valid());
    ASSERT_EQ(cursor_.rowid(), it->first);
    const auto record = RowRecord(it->second);
    ASSERT_EQ(cursor_.payload_size(), record.size());
    if (!check_payload) return;
    ASSERT_EQ(CursorPayload(cursor_), record);
    // A random slice, read through the overflow chain.
    const uint64_t offset = rng_() % (record.size() + 1);
    std::vector<uint8_t> slice(rng_() % (record.size() - offset + 1));
    ASSERT_EQ(cursor_.ReadPayload(offset, slice), Rc::kOk);
    ASSERT_TRUE(std::equal(slice.begin(), slice.end(), record.begin() + offset));
  }

  std::map<int64_t, RowSpec>::iterator Before(int64_t rowid) {
    auto it = model_.lower_bound(rowid);
    return it == model_.begin() ? model_.end() : std::prev(it);
  }

  // A random rowid: most of the time one that exists.
  int64_t RandomTarget() {
    const int64_t rowid = RandomRowid();
    if (rng_() % 5 == 0 || model_.empty()) return rowid;
    auto it = model_.lower_bound(rowid);
    return it == model_.end() ? model_.begin()->first : it->first;
  }

  void Delete() {
    const int64_t rowid = RandomTarget();
    int result = 0;
    ASSERT_EQ(cursor_.SeekRowid(rowid, &result), Rc::kOk);
    if (result != 0) {
      ASSERT_EQ(model_.count(rowid), 0u);
      return;
    }
    ASSERT_EQ(model_.count(rowid), 1u);
    ASSERT_EQ(cursor_.Delete(), Rc::kOk);
    model_.erase(rowid);
    bool at_end = false;
    if (rng_() % 2 == 0) {
      ASSERT_EQ(cursor_.Next(&at_end), Rc::kOk);
      ExpectAt(model_.upper_bound(rowid), at_end, false);
    } else {
      ASSERT_EQ(cursor_.Prev(&at_end), Rc::kOk);
      ExpectAt(Before(rowid), at_end, false);
    }
  }

  // Deletes a run of consecutive entries with Delete + Next.
  void DeleteRange() {
    int result = 0;
    ASSERT_EQ(cursor_.SeekRowid(RandomTarget(), &result), Rc::kOk);
    bool at_end = !cursor_.valid();
    if (!at_end && result < 0) {
      ASSERT_EQ(cursor_.Next(&at_end), Rc::kOk);
    }
    const uint32_t count = rng_() % 40;
    for (uint32_t step = 0; step < count && !at_end; step++) {
      const int64_t rowid = cursor_.rowid();
      ASSERT_EQ(cursor_.Delete(), Rc::kOk);
      ASSERT_EQ(model_.erase(rowid), 1u);
      ASSERT_EQ(cursor_.Next(&at_end), Rc::kOk);
      ExpectAt(model_.upper_bound(rowid), at_end, false);
    }
  }

  void Seek() {
    const int64_t target = RandomRowid();
    int result = 0;
    ASSERT_EQ(cursor_.SeekRowid(target, &result), Rc::kOk);
    if (model_.empty()) {
      ASSERT_FALSE(cursor_.valid());
      ASSERT_LT(result, 0);
      return;
    }
    ASSERT_TRUE(cursor_.valid());
    auto it = model_.find(cursor_.rowid());
    ASSERT_NE(it, model_.end());
    if (result == 0) {
      ASSERT_EQ(it->first, target);
    } else if (result < 0) {
      ASSERT_LT(it->first, target);
      ASSERT_TRUE(std::next(it) == model_.end() || std::next(it)->first > target);
    } else {
      ASSERT_GT(it->first, target);
      ASSERT_TRUE(it == model_.begin() || std::prev(it)->first < target);
    }
    ExpectAt(it, false, it->second.size < 100000 || rng_() % 8 == 0);
    const bool forward = rng_() % 2 == 0;
    StepAlong(cursor_, model_, it, forward, rng_() % 6,
              [&](auto at, bool at_end) { ExpectAt(at, at_end, false); });
  }

  void StepReader() {
    StepReaderAlong(
        reader_, model_, &reader_key_, [](const auto& entry) { return entry.first; },
        [](BtCursor& reader, const auto& entry) { ASSERT_EQ(reader.rowid(), entry.first); });
  }

  void FullCheck(pager::Pager* pager) {
    TreeChecker checker(pager);
    uint64_t entries = 0;
    if (root_ != 1) {
      ASSERT_TRUE(checker.CheckTree(1, nullptr, &entries));
    }
    ASSERT_TRUE(checker.CheckTree(root_, nullptr, &entries));
    ASSERT_EQ(entries, model_.size());
    ASSERT_TRUE(checker.CheckPageAccounting());
    BtCursor walker;
    walker.Open(btree_, root_, false, nullptr);
    WalkBothWays(walker, model_, [](BtCursor& cursor, const auto& entry) {
      ASSERT_EQ(cursor.rowid(), entry.first);
      ASSERT_EQ(cursor.payload_size(), RowRecord(entry.second).size());
    });
  }

  void Insert() { Insert(test_->RandomSize(60)); }

  size_t size() const { return model_.size(); }

 private:
  BtreeModelTest* test_;
  Btree* btree_;
  Pgno root_;
  std::mt19937& rng_;
  std::map<int64_t, RowSpec> model_;
  BtCursor cursor_;
  BtCursor reader_;
  std::optional<int64_t> reader_key_;
};

// ---- Index trees ----

// An entry of the WITHOUT ROWID table w(a, b, c, PRIMARY KEY(a, b, c)): its index b-tree
// holds records (a INTEGER, b TEXT, c INTEGER), ordered field by field.
using IndexKey = std::tuple<int64_t, std::string, int64_t>;

std::vector<uint8_t> KeyRecord(const IndexKey& key, uint32_t fields = 3) {
  RecordBuilder builder;
  builder.Reset();
  builder.AddInteger(std::get<0>(key));
  if (fields > 1) {
    builder.AddText(std::get<1>(key).data(), static_cast<uint32_t>(std::get<1>(key).size()));
  }
  if (fields > 2) builder.AddInteger(std::get<2>(key));
  auto record = builder.Finish();
  return {record.begin(), record.end()};
}

class IndexModel {
 public:
  IndexModel(BtreeModelTest* test, Btree* btree, Pgno root, std::mt19937* rng)
      : test_(test), btree_(btree), root_(root), rng_(*rng) {
    cursor_.Open(btree, root, true, &key_info_);
    reader_.Open(btree, root, false, &key_info_);
  }

  IndexKey RandomKey() {
    const uint32_t size = test_->RandomSize(12);
    return {static_cast<int64_t>(rng_() % 40) - 5, PatternText(size, rng_() % 7),
            static_cast<int64_t>(rng_() % 1000)};
  }

  // A random existing key (or the end of the model when it is empty).
  std::set<IndexKey>::iterator RandomEntry() {
    auto it = model_.lower_bound(RandomKey());
    if (it == model_.end() && !model_.empty()) it = model_.begin();
    return it;
  }

  void ExpectAt(std::set<IndexKey>::iterator it, bool at_end) {
    if (it == model_.end()) {
      ASSERT_TRUE(at_end);
      ASSERT_FALSE(cursor_.valid());
      return;
    }
    ASSERT_FALSE(at_end);
    ASSERT_TRUE(cursor_.valid());
    ASSERT_EQ(CursorPayload(cursor_), KeyRecord(*it));
  }

  std::set<IndexKey>::iterator Before(std::set<IndexKey>::iterator it) {
    return it == model_.begin() ? model_.end() : std::prev(it);
  }

  void Insert() {
    const IndexKey key = RandomKey();
    const auto record = KeyRecord(key);
    ASSERT_EQ(cursor_.InsertKey(record), Rc::kOk);
    ASSERT_TRUE(cursor_.valid());
    ASSERT_EQ(CursorPayload(cursor_), record);
    model_.insert(key);
  }

  void Delete() {
    auto it = RandomEntry();
    if (it == model_.end()) return;
    const IndexKey key = *it;
    bool exact = false;
    ASSERT_EQ(cursor_.SeekKey(KeyRecord(key), &exact), Rc::kOk);
    ASSERT_TRUE(exact);
    ASSERT_EQ(cursor_.Delete(), Rc::kOk);
    auto after = model_.erase(it);
    bool at_end = false;
    if (rng_() % 2 == 0) {
      ASSERT_EQ(cursor_.Next(&at_end), Rc::kOk);
      ExpectAt(after, at_end);
    } else {
      ASSERT_EQ(cursor_.Prev(&at_end), Rc::kOk);
      ExpectAt(Before(after), at_end);
    }
  }

  void DeleteRange() {
    auto it = RandomEntry();
    if (it == model_.end()) return;
    bool exact = false;
    ASSERT_EQ(cursor_.SeekKey(KeyRecord(*it), &exact), Rc::kOk);
    const uint32_t count = rng_() % 40;
    bool at_end = false;
    for (uint32_t step = 0; step < count && it != model_.end(); step++) {
      ASSERT_EQ(cursor_.Delete(), Rc::kOk);
      it = model_.erase(it);
      ASSERT_EQ(cursor_.Next(&at_end), Rc::kOk);
      ExpectAt(it, at_end);
    }
  }

  // The first entry whose first `fields` fields compare >= (or >, with after) the key's.
  std::set<IndexKey>::iterator Expected(const IndexKey& key, uint32_t fields, bool after) {
    const auto& [a, b, c] = key;
    if (fields == 3) return after ? model_.upper_bound(key) : model_.lower_bound(key);
    if (fields == 2) {
      return model_.lower_bound({a, after ? b + std::string(1, '\0') : b, INT64_MIN});
    }
    return after ? model_.lower_bound({a + 1, "", INT64_MIN})
                 : model_.lower_bound({a, "", INT64_MIN});
  }

  void Seek() {
    const IndexKey key = RandomKey();
    const uint32_t fields = 1 + rng_() % 3;
    const bool after = rng_() % 4 == 0;
    const auto record = KeyRecord(key, fields);
    bool exact = false;
    if (after) {
      ASSERT_EQ(cursor_.SeekKeyAfter(record), Rc::kOk);
    } else {
      ASSERT_EQ(cursor_.SeekKey(record, &exact), Rc::kOk);
    }
    auto it = Expected(key, fields, after);
    ASSERT_NO_FATAL_FAILURE(ExpectAt(it, !cursor_.valid()));
    if (it == model_.end()) return;
    if (!after) {
      ASSERT_EQ(exact, KeyRecord(*it, fields) == record);
    }
    const bool forward = rng_() % 2 == 0;
    StepAlong(cursor_, model_, it, forward, rng_() % 6,
              [&](auto at, bool at_end) { ExpectAt(at, at_end); });
  }

  void StepReader() {
    StepReaderAlong(
        reader_, model_, &reader_key_, [](const IndexKey& key) { return key; },
        [](BtCursor& reader, const IndexKey& key) {
          ASSERT_EQ(CursorPayload(reader), KeyRecord(key));
        });
  }

  void FullCheck(pager::Pager* pager) {
    TreeChecker checker(pager);
    uint64_t entries = 0;
    ASSERT_TRUE(checker.CheckTree(1, nullptr, &entries));
    ASSERT_TRUE(checker.CheckTree(root_, &key_info_, &entries));
    ASSERT_EQ(entries, model_.size());
    ASSERT_TRUE(checker.CheckPageAccounting());
    BtCursor walker;
    walker.Open(btree_, root_, false, &key_info_);
    WalkBothWays(walker, model_, [](BtCursor& cursor, const IndexKey& key) {
      ASSERT_EQ(CursorPayload(cursor), KeyRecord(key));
    });
  }

  size_t size() const { return model_.size(); }

 private:
  BtreeModelTest* test_;
  Btree* btree_;
  Pgno root_;
  std::mt19937& rng_;
  KeyInfo key_info_;
  std::set<IndexKey> model_;
  BtCursor cursor_;
  BtCursor reader_;
  std::optional<IndexKey> reader_key_;
};

// Runs `ops` random operations of a TableModel or IndexModel.
template <typename Model>
void RunModel(Model& model, BtreeModelTest* test, Btree* btree, std::mt19937& rng, int ops) {
  for (int op = 0; op < ops; op++) {
    const OpMix mix = PhaseMix(op);
    const uint32_t r = rng() % 1000;
    if (r < mix.insert) {
      ASSERT_NO_FATAL_FAILURE(model.Insert());
    } else if (r < mix.insert + mix.remove) {
      ASSERT_NO_FATAL_FAILURE(model.Delete());
    } else if (r < mix.insert + mix.remove + mix.remove_range) {
      ASSERT_NO_FATAL_FAILURE(model.DeleteRange());
    } else {
      ASSERT_NO_FATAL_FAILURE(model.Seek());
    }
    if (rng() % 4 == 0) {
      ASSERT_NO_FATAL_FAILURE(model.StepReader());
    }
    test->MaybeCommit(op);
    if (op % kCheckEvery == 0) {
      ASSERT_NO_FATAL_FAILURE(model.FullCheck(btree->pager()));
    }
  }
}

TEST_P(BtreeModelTest, TableTree) {
  Pgno root = 0;
  ASSERT_EQ(env_.btree->CreateTable(&root), Rc::kOk);
  testing::AddSchemaRow(env_.btree.get(), 1, "table", "t", "t", root, "CREATE TABLE t(x)");
  size_t rows = 0;
  {
    TableModel model(this, env_.btree.get(), root, &rng_);
    ASSERT_NO_FATAL_FAILURE(RunModel(model, this, env_.btree.get(), rng_, kOpsPerTree));
    ASSERT_NO_FATAL_FAILURE(model.FullCheck(env_.pager.get()));
    rows = model.size();
  }
  ReopenAndCheckWithSqlite("SELECT count(*) FROM t", rows);
}

// Page 1 holds the file header, so its tree has 100 bytes less room: a root that cannot take
// its only child's content keeps two children instead.
TEST_P(BtreeModelTest, TreeRootedOnPageOne) {
  TableModel model(this, env_.btree.get(), 1, &rng_);
  ASSERT_NO_FATAL_FAILURE(RunModel(model, this, env_.btree.get(), rng_, kOpsPerTree / 2));
  ASSERT_NO_FATAL_FAILURE(model.FullCheck(env_.pager.get()));
}

TEST_P(BtreeModelTest, IndexTree) {
  Pgno root = 0;
  ASSERT_EQ(env_.btree->CreateIndex(&root), Rc::kOk);
  testing::AddSchemaRow(env_.btree.get(), 1, "table", "w", "w", root,
                        "CREATE TABLE w(a, b, c, PRIMARY KEY(a, b, c)) WITHOUT ROWID");
  size_t rows = 0;
  {
    IndexModel model(this, env_.btree.get(), root, &rng_);
    ASSERT_NO_FATAL_FAILURE(RunModel(model, this, env_.btree.get(), rng_, kOpsPerTree));
    ASSERT_NO_FATAL_FAILURE(model.FullCheck(env_.pager.get()));
    rows = model.size();
  }
  ReopenAndCheckWithSqlite("SELECT count(*) FROM w", rows);
}

std::string ConfigName(const ::testing::TestParamInfo<std::tuple<uint32_t, bool>>& info) {
  return std::to_string(std::get<0>(info.param)) + (std::get<1>(info.param) ? "_memory" : "_file");
}

INSTANTIATE_TEST_SUITE_P(Configs, BtreeModelTest,
                         ::testing::Combine(::testing::Values(512u, 4096u, 65536u),
                                            ::testing::Bool()),
                         ConfigName);

}  // namespace
}  // namespace simlite::btree
