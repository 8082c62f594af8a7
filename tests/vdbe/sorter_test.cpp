// VdbeSorter: stable order by a KeyInfo (directions, collations, mixed types), and the top-n
// bound keeping exactly the n smallest records whatever the input order.
#include "vdbe/sorter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "btree/record.h"
#include "io/posix_io.h"

namespace simlite::vdbe {
namespace {

std::vector<uint8_t> Record(int64_t key, const std::string& text, int64_t sequence) {
  btree::RecordBuilder builder;
  builder.Reset();
  builder.AddInteger(key);
  builder.AddText(text.data(), static_cast<uint32_t>(text.size()));
  builder.AddInteger(sequence);
  std::span<const uint8_t> record = builder.Finish();
  return {record.begin(), record.end()};
}

// The records' (key, sequence) pairs in the sorter's output order.
std::vector<std::pair<int64_t, int64_t>> Drain(VdbeSorter* sorter) {
  std::vector<std::pair<int64_t, int64_t>> out;
  bool empty = false;
  EXPECT_EQ(sorter->Sort(&empty), Rc::kOk);
  bool at_end = empty;
  while (!at_end) {
    btree::RecordReader reader;
    std::span<const uint8_t> record = sorter->current();
    EXPECT_EQ(reader.Init(record.data(), static_cast<uint32_t>(record.size())), Rc::kOk);
    btree::ValueView key;
    btree::ValueView sequence;
    EXPECT_EQ(reader.Column(0, &key), Rc::kOk);
    EXPECT_EQ(reader.Column(2, &sequence), Rc::kOk);
    out.emplace_back(key.i, sequence.i);
    EXPECT_EQ(sorter->Next(&at_end), Rc::kOk);
  }
  return out;
}

TEST(SorterTest, SortsByKeyInfoStably) {
  btree::KeyInfo key_info;
  key_info.collations = {btree::Collation::kBinary, btree::Collation::kBinary};
  key_info.descending = {true, false};
  VdbeSorter sorter;
  sorter.Reset(&key_info);
  std::mt19937 rng(3);
  std::vector<std::pair<int64_t, int64_t>> expected;
  for (int64_t sequence = 0; sequence < 500; sequence++) {
    const int64_t key = static_cast<int64_t>(rng() % 40) - 1000000000LL * (sequence % 3);
    ASSERT_EQ(sorter.Insert(Record(key, "same", sequence)), Rc::kOk);
    expected.emplace_back(key, sequence);
  }
  // Descending keys; equal keys keep their insertion order (the text ties too).
  std::stable_sort(expected.begin(), expected.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  EXPECT_EQ(Drain(&sorter), expected);
}

TEST(SorterTest, BoundKeepsTheSmallest) {
  btree::KeyInfo key_info;
  key_info.collations = {btree::Collation::kBinary, btree::Collation::kBinary,
                         btree::Collation::kBinary};
  key_info.descending = {false, false, false};
  for (int64_t bound : {1, 7, 100, 1000}) {
    VdbeSorter sorter;
    sorter.Reset(&key_info);
    sorter.SetBound(bound);
    std::mt19937 rng(static_cast<uint32_t>(bound));
    std::vector<std::pair<int64_t, int64_t>> all;
    for (int64_t sequence = 0; sequence < 5000; sequence++) {
      const int64_t key = static_cast<int64_t>(rng() % 300);
      ASSERT_EQ(sorter.Insert(Record(key, "t", sequence)), Rc::kOk);
      all.emplace_back(key, sequence);
    }
    std::sort(all.begin(), all.end());
    all.resize(static_cast<size_t>(bound));
    EXPECT_EQ(Drain(&sorter), all) << "bound " << bound;
  }
}

TEST(SorterTest, SpillsRunsToATemporaryFileAndMergesThemInOrder) {
  btree::KeyInfo key_info;
  key_info.collations = {btree::Collation::kBinary};
  key_info.descending = {false};
  std::unique_ptr<io::Io> io = io::CreateDefaultIo();
  for (size_t threshold : {size_t{1}, size_t{2048}, size_t{100000}}) {
    VdbeSorter sorter;
    sorter.Reset(&key_info, io.get());
    sorter.set_spill_threshold(threshold);
    std::mt19937 rng(static_cast<uint32_t>(threshold));
    std::vector<std::tuple<int64_t, size_t, int64_t>> all;  // key, text length, sequence
    for (int64_t sequence = 0; sequence < 3000; sequence++) {
      const int64_t key = static_cast<int64_t>(rng() % 50);
      // Some records are larger than a run reader's buffer.
      const size_t length = sequence % 997 == 0 ? 200000 : 1 + rng() % 40;
      ASSERT_EQ(sorter.Insert(Record(key, std::string(length, 'a'), sequence)), Rc::kOk);
      all.emplace_back(key, length, sequence);
    }
    std::sort(all.begin(), all.end());  // the key, then the other fields (binary)
    std::vector<std::pair<int64_t, int64_t>> expected;
    for (const auto& [key, length, sequence] : all) expected.emplace_back(key, sequence);
    EXPECT_EQ(Drain(&sorter), expected) << "threshold " << threshold;
    EXPECT_GT(sorter.spilled_runs(), threshold < 100000 ? size_t{10} : size_t{0});
    // Reusing the sorter after a spill starts clean.
    sorter.Reset(&key_info, io.get());
    ASSERT_EQ(sorter.Insert(Record(1, "x", 0)), Rc::kOk);
    EXPECT_EQ(Drain(&sorter).size(), 1u);
  }
}

TEST(SorterTest, SpilledSortMatchesTheInMemorySort) {
  btree::KeyInfo key_info;
  key_info.collations = {btree::Collation::kBinary};
  key_info.descending = {true};
  std::unique_ptr<io::Io> io = io::CreateDefaultIo();
  VdbeSorter memory;
  VdbeSorter spilled;
  memory.Reset(&key_info);
  spilled.Reset(&key_info, io.get());
  spilled.set_spill_threshold(4096);
  std::mt19937 rng(11);
  for (int64_t sequence = 0; sequence < 20000; sequence++) {
    const std::vector<uint8_t> record =
        Record(static_cast<int64_t>(rng() % 100), std::string(rng() % 8, 'q'), sequence % 7);
    ASSERT_EQ(memory.Insert(record), Rc::kOk);
    ASSERT_EQ(spilled.Insert(record), Rc::kOk);
  }
  EXPECT_EQ(Drain(&spilled), Drain(&memory));
  EXPECT_GT(spilled.spilled_runs(), 10u);
}


// First fields of every kind the sorter's prefixes treat apart (integers of every width,
// texts sharing 8-byte prefixes, with NULs, shorter than 8 bytes) and of the kinds they leave
// to the record comparison (reals, NULLs, blobs), under BINARY and NOCASE, both directions:
// the sorter's order is a stable sort by CompareRecords.
TEST(SorterTest, FirstFieldPrefixesKeepTheRecordOrder) {
  std::mt19937 rng(11);
  auto random_first = [&](btree::RecordBuilder* builder, std::string* text) {
    switch (rng() % 6) {
      case 0: {
        const int64_t magnitude = int64_t{1} << (rng() % 63);
        builder->AddInteger(rng() % 2 == 0 ? magnitude + static_cast<int64_t>(rng() % 3)
                                           : -magnitude);
        break;
      }
      case 1:
        builder->AddInteger(static_cast<int64_t>(rng() % 5) - 2);
        break;
      case 2:
        builder->AddReal(static_cast<double>(rng() % 7) / 2 - 1);
        break;
      case 3:
      case 4: {
        static const char* const kTexts[] = {"", "a", "A", "ab", "abcdefgh", "abcdefghi",
                                             "abcdefgh\x01", "abcdefgi", "b"};
        *text = kTexts[rng() % 9];
        if (rng() % 4 == 0) *text += std::string(1, '\0');
        builder->AddText(text->data(), static_cast<uint32_t>(text->size()));
        break;
      }
      default:
        if (rng() % 2 == 0) {
          builder->AddNull();
        } else {
          builder->AddBlob("ab", 2);
        }
        break;
    }
  };
  for (btree::Collation collation : {btree::Collation::kBinary, btree::Collation::kNoCase}) {
    for (bool descending : {false, true}) {
      btree::KeyInfo key_info;
      key_info.collations = {collation, btree::Collation::kBinary};
      key_info.descending = {descending, false};
      VdbeSorter sorter;
      sorter.Reset(&key_info);
      std::vector<std::vector<uint8_t>> records;
      for (int64_t sequence = 0; sequence < 400; sequence++) {
        btree::RecordBuilder builder;
        builder.Reset();
        std::string text;
        random_first(&builder, &text);
        builder.AddInteger(static_cast<int64_t>(rng() % 3));  // ties of the first field
        std::span<const uint8_t> record = builder.Finish();
        records.emplace_back(record.begin(), record.end());
        ASSERT_EQ(sorter.Insert(records.back()), Rc::kOk);
      }
      std::vector<std::vector<uint8_t>> expected = records;
      Rc rc = Rc::kOk;
      std::stable_sort(expected.begin(), expected.end(), [&](const auto& a, const auto& b) {
        return btree::CompareRecords(a, b, key_info, &rc) < 0;
      });
      ASSERT_EQ(rc, Rc::kOk);
      bool empty = false;
      ASSERT_EQ(sorter.Sort(&empty), Rc::kOk);
      std::vector<std::vector<uint8_t>> sorted;
      for (bool at_end = empty; !at_end;) {
        std::span<const uint8_t> record = sorter.current();
        sorted.emplace_back(record.begin(), record.end());
        ASSERT_EQ(sorter.Next(&at_end), Rc::kOk);
      }
      EXPECT_EQ(sorted, expected) << "collation " << static_cast<int>(collation)
                                  << (descending ? " DESC" : " ASC");
    }
  }
}

}  // namespace
}  // namespace simlite::vdbe
