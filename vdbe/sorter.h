// VdbeSorter: the sorter behind SorterOpen / SorterInsert / SorterSort / SorterNext (ORDER BY,
// GROUP BY): records collected in memory, then stable-sorted by a KeyInfo and read back in
// order. With a bound (SorterLimit: ORDER BY ... LIMIT n), only the n smallest records are kept,
// in a heap, so a top-n query holds n records whatever the input size.
//
// Invariants:
//  1. Before Sort(), records are only added; after it, only read (Next, current()).
//  2. Unbounded, every record lives in one byte arena that is reused across runs (its
//     capacity is kept), so sorting allocates nothing per record once warm.
//  3. Bounded, at most `bound` records are kept at any time.
// Spilling to a temporary file through io/ is not done yet: a sorter holds its input in memory.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "btree/record.h"
#include "common/result_code.h"

namespace simlite::vdbe {

class VdbeSorter {
 public:
  // Empties the sorter and sets its order (key_info must outlive it); unbounded.
  void Reset(const btree::KeyInfo* key_info);
  // Keeps only the `bound` smallest records from now on (bound > 0).
  void SetBound(int64_t bound) { bound_ = bound; }

  // Adds a record. Errors: kCorrupt when records cannot be compared (malformed).
  Rc Insert(std::span<const uint8_t> record);
  // Sorts; *empty is true when there is no record. Then positions on the first record.
  Rc Sort(bool* empty);
  // Moves to the next record; *at_end is true after the last.
  void Next(bool* at_end);
  // The current record (after Sort, before the end).
  std::span<const uint8_t> current() const;
  bool at_end() const { return position_ >= order_.size(); }

 private:
  struct Entry {
    uint32_t offset;
    uint32_t size;
  };

  std::span<const uint8_t> Bytes(const Entry& entry) const {
    return {arena_.data() + entry.offset, entry.size};
  }
  // a < b in the sorter's order (records are unique by their trailing sequence numbers).
  bool Less(const Entry& a, const Entry& b);
  Rc InsertBounded(std::span<const uint8_t> record);
  void Compact();

  const btree::KeyInfo* key_info_ = nullptr;
  int64_t bound_ = 0;
  std::vector<uint8_t> arena_;
  std::vector<Entry> order_;  // the heap while bounded and unsorted; sorted after Sort()
  size_t position_ = 0;
  size_t live_bytes_ = 0;
  Rc compare_rc_ = Rc::kOk;
};

}  // namespace simlite::vdbe
