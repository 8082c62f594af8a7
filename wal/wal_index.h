// WalIndex: one connection's view of the wal-index, the shared memory that every connection
// to a WAL database maps (walformat.html, "The WAL-Index File Format"), byte for byte as
// SQLite lays it out, so SQLite processes and simlite can share it:
//
//   region 0, bytes 0..47    IndexHeader, first copy      (native byte order)
//             bytes 48..95   IndexHeader, second copy
//             bytes 96..135  CheckpointInfo: nBackfill, five read marks, lock bytes, ...
//             bytes 136..    page numbers of frames 1..4062, then at 16384 the 8192-slot hash
//   region k>0               page numbers of 4096 further frames, then the 8192-slot hash
//
// Each region's hash maps a page number P to the 1-based positions of its frames in that
// region: start at slot (P * 383) % 8192 and probe forward (wrapping) until an empty slot.
//
// Invariants
//  1. The header is written second copy first, then the first copy, with a barrier between;
//     a reader copies the first, then the second, and trusts them only if they are equal,
//     initialised, and the checksum over their first 40 bytes matches. So a torn header is
//     always detected and the reader retries or recovers.
//  2. Hash entries for frames above the committed mxFrame may exist (a writer that failed,
//     recovery's trailing frames). Lookups ignore them; an append over them clears them
//     first, so a region's hash always equals the inserts of its live frames, in order.
//  3. This object records the lock slots it holds. An exclusive request on a slot it holds
//     shared fails with kBusy, as within one SQLite process, instead of letting the OS turn
//     the lock over.
#pragma once

#include <cstdint>
#include <vector>

#include "common/result_code.h"
#include "io/io.h"
#include "wal/wal_format.h"

namespace simlite::wal {

// The lock slots of walformat.html 2.1.3.
constexpr uint32_t kWriteLock = 0;
constexpr uint32_t kCheckpointLock = 1;
constexpr uint32_t kRecoverLock = 2;
constexpr uint32_t kReaderCount = 5;  // WAL_READ_LOCK(0..4)
constexpr uint32_t ReadLock(uint32_t reader) { return 3 + reader; }
constexpr uint32_t kReadMarkUnused = 0xffffffff;
constexpr uint32_t kIndexFormatVersion = 3007000;

// One copy of the wal-index header (SQLite's WalIndexHdr).
struct IndexHeader {
  uint32_t version = 0;
  uint32_t unused = 0;
  uint32_t change = 0;       // moves on every commit
  uint8_t is_init = 0;
  uint8_t big_endian_checksum = 0;
  uint16_t page_size_code = 0;  // the page size, or 1 for 65536
  uint32_t max_frame = 0;       // the last committed frame (0: the WAL is empty)
  uint32_t page_count = 0;      // database size in pages after that commit
  uint32_t frame_checksum[2] = {};  // running checksum after frame max_frame
  uint8_t salt[8] = {};             // as in the WAL header (big-endian bytes)
  uint32_t checksum[2] = {};        // of bytes 0..39, native word order

  uint32_t page_size() const { return page_size_code == 1 ? 65536 : page_size_code; }
  bool operator==(const IndexHeader&) const = default;
};
static_assert(sizeof(IndexHeader) == 48);

class WalIndex {
 public:
  WalIndex(io::Io* io, io::FileId db_file) : io_(io), db_file_(db_file) {}
  ~WalIndex() { Detach(/*delete_shm=*/false); }
  WalIndex(const WalIndex&) = delete;
  WalIndex& operator=(const WalIndex&) = delete;

  // Maps region 0 (the header). extend: create it if the memory is empty. *mapped tells
  // whether it exists now. Errors: the io layer's ShmMap errors.
  Rc MapHeader(bool extend, bool* mapped);

  // Copies the header (invariant 1). False when it is torn, uninitialised or fails its
  // checksum. Requires the header region.
  bool TryReadHeader(IndexHeader* out);
  // Stamps version, is_init and checksum into *header and publishes it (invariant 1).
  void WriteHeader(IndexHeader* header);
  // Whether the published first copy equals `header` byte for byte.
  bool HeaderEquals(const IndexHeader& header);
  // mxFrame of the published first copy (which may be newer than any snapshot).
  uint32_t published_max_frame();

  // Checkpoint information (bytes 96..135). Loads and stores are single aligned words.
  uint32_t backfill();
  void set_backfill(uint32_t frames);
  uint32_t read_mark(uint32_t reader);
  void set_read_mark(uint32_t reader, uint32_t frame);
  void set_backfill_attempted(uint32_t frames);

  // Records that frame `frame` holds page `pgno`; committed_max_frame is the last frame
  // committed before this append (invariant 2). Errors: io map errors; kCorrupt when the
  // hash is full of collisions.
  Rc Append(uint32_t frame, Pgno pgno, uint32_t committed_max_frame);
  // Drops the entries of frames above max_frame from max_frame's region (walCleanupHash).
  Rc TruncateAfter(uint32_t max_frame);
  // *frame = the last frame in [min_frame, max_frame] holding pgno, or 0. Errors: kCorrupt
  // (missing region, looping hash), io map errors.
  Rc Find(Pgno pgno, uint32_t min_frame, uint32_t max_frame, uint32_t* frame);
  // *pgno = the page in frame `frame` (<= the committed mxFrame).
  Rc FramePgno(uint32_t frame, Pgno* pgno);

  // Lock slots (invariant 3). Errors: kBusy; io lock errors.
  Rc LockShared(uint32_t slot);
  Rc LockExclusive(uint32_t slot, uint32_t count);
  void UnlockShared(uint32_t slot);
  void UnlockExclusive(uint32_t slot, uint32_t count);
  bool holds_exclusive(uint32_t slot) const { return (exclusive_mask_ >> slot) & 1; }

  // Unmaps everything and drops every lock; delete_shm removes the memory too (only the
  // last connection, holding EXCLUSIVE on the database, may).
  void Detach(bool delete_shm);

  void Barrier() { io_->ShmBarrier(db_file_); }

 private:
  struct Block {
    uint32_t* pgnos;   // pgnos[i] is the page of frame first_frame + i
    uint16_t* hash;    // 8192 slots of 1-based positions into pgnos (0: empty)
    uint32_t first_frame;  // frame number of pgnos[0]
    uint32_t capacity;     // entries of pgnos
  };
  Rc MapRegion(uint32_t region_idx, bool extend, uint8_t** region);
  Rc GetBlock(uint32_t region_idx, bool extend, Block* block);
  uint8_t* header_region() const { return regions_.empty() ? nullptr : regions_[0]; }

  io::Io* io_;
  io::FileId db_file_;
  bool attached_ = false;          // ShmMap has been called: the io layer holds our DMS lock
  std::vector<uint8_t*> regions_;  // null where not mapped yet
  uint8_t shared_mask_ = 0;
  uint8_t exclusive_mask_ = 0;
};

// The region whose hash covers frame `frame` (numbered from 1).
uint32_t RegionOfFrame(uint32_t frame);

}  // namespace simlite::wal
