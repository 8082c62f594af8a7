// VdbeSorter: stable order by a KeyInfo (directions, collations, mixed types), and the top-n
// bound keeping exactly the n smallest records whatever the input order.
#include "vdbe/sorter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "btree/record.h"

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
    sorter->Next(&at_end);
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

}  // namespace
}  // namespace simlite::vdbe
