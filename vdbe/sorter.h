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
//  4. Spilling (unbounded, with an Io): once the records in memory reach the spill threshold
//     they are stable-sorted and appended to a temporary file as one run, and memory is
//     emptied; Sort() then spills the rest and merges the runs, a record of an earlier run
//     first among equals, so the output is the same as an in-memory stable sort's. The file
//     is closed (and so deleted) by Reset, Release and the destructor.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "btree/record.h"
#include "common/result_code.h"
#include "io/io.h"

namespace simlite::vdbe {

// Compares two records as CompareRecords does (*rc = kCorrupt when one is malformed).
int CompareSorterRecords(std::span<const uint8_t> a, std::span<const uint8_t> b,
                         const btree::KeyInfo& key_info, Rc* rc);

class VdbeSorter {
 public:
  // SQLite spills past its page cache's worth of records (2000 pages of 4 KiB by default).
  static constexpr size_t kDefaultSpillThreshold = size_t{8} << 20;

  VdbeSorter() = default;
  ~VdbeSorter() { Release(); }
  VdbeSorter(const VdbeSorter&) = delete;
  VdbeSorter& operator=(const VdbeSorter&) = delete;

  // Empties the sorter and sets its order (key_info must outlive it); unbounded. With an
  // `io`, large inputs spill to temporary files through it (invariant 4).
  void Reset(const btree::KeyInfo* key_info, io::Io* io = nullptr);
  // Drops the records and closes the temporary file.
  void Release();
  void set_spill_threshold(size_t bytes) { spill_threshold_ = bytes; }
  // How many runs went to the temporary file (for tests).
  size_t spilled_runs() const { return runs_.size(); }
  // Keeps only the `bound` smallest records from now on (bound > 0).
  void SetBound(int64_t bound) { bound_ = bound; }

  // Adds a record. Errors: kCorrupt when records cannot be compared (malformed).
  Rc Insert(std::span<const uint8_t> record);
  // Sorts; *empty is true when there is no record. Then positions on the first record.
  Rc Sort(bool* empty);
  // Moves to the next record; *at_end is true after the last. Errors: io errors (merging).
  Rc Next(bool* at_end);
  // The current record (after Sort, before the end); valid until the next Next.
  std::span<const uint8_t> current() const;
  bool at_end() const { return merging_ ? heap_.empty() : position_ >= order_.size(); }

 private:
  // A record in the arena, with its first field as an order-preserving 64-bit prefix where
  // that field is an integer (kInteger) or a text compared as BINARY (kText: its first 8
  // bytes, zero-padded). Two entries of the same prefix kind whose prefixes differ are
  // ordered by them alone (SQLite's vdbeSorterCompareInt / Text do the same from the
  // record); otherwise the records are compared.
  enum class PrefixKind : uint8_t { kNone, kInteger, kText };
  struct Entry {
    uint32_t offset = 0;
    uint32_t size = 0;
    uint64_t prefix = 0;
    PrefixKind kind = PrefixKind::kNone;
  };
  // The entry for `record`, about to be appended to the arena.
  Entry MakeEntry(std::span<const uint8_t> record) const;

  std::span<const uint8_t> Bytes(const Entry& entry) const {
    return {arena_.data() + entry.offset, entry.size};
  }
  // a < b in the sorter's order (records are unique by their trailing sequence numbers).
  bool Less(const Entry& a, const Entry& b);
  Rc InsertBounded(std::span<const uint8_t> record);
  void Compact();

  // Spilling and merging (sorter_merge.cpp).
  struct Run {
    uint64_t offset = 0;  // in the temporary file: [4-byte length, record] ...
    uint64_t size = 0;
  };
  struct RunReader {
    uint64_t next = 0;  // file offset of the next record
    uint64_t end = 0;
    uint64_t buffer_offset = 0;  // file offset of buffer[0]
    std::vector<uint8_t> buffer;
    std::span<const uint8_t> record;  // the current record, in buffer
  };
  Rc SpillRun();
  Rc StartMerge(bool* empty);
  // Reads the reader's next record; *done when its run is over.
  Rc Advance(RunReader* reader, bool* done);
  Rc Fill(RunReader* reader, uint64_t from, uint64_t need);
  // Reader a's record comes before reader b's (an earlier run first among equals).
  bool ReaderBefore(size_t a, size_t b);
  const btree::KeyInfo* key_info_ = nullptr;
  int64_t bound_ = 0;
  std::vector<uint8_t> arena_;
  std::vector<Entry> order_;  // the heap while bounded and unsorted; sorted after Sort()
  size_t position_ = 0;
  size_t live_bytes_ = 0;
  Rc compare_rc_ = Rc::kOk;

  io::Io* io_ = nullptr;
  io::FileId file_ = io::kNoFile;
  uint64_t file_size_ = 0;
  size_t spill_threshold_ = kDefaultSpillThreshold;
  std::vector<Run> runs_;
  std::vector<uint8_t> spill_buffer_;
  bool merging_ = false;
  std::vector<RunReader> readers_;
  std::vector<size_t> heap_;  // reader indexes; the front's record is the current one
};

}  // namespace simlite::vdbe
