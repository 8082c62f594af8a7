// Recovery: rebuilding the wal-index from the WAL file (walformat.html, "Recovery"), after a
// crash or whenever no connection was attached (the -shm content is then discarded).
#include <algorithm>
#include <cassert>
#include <cstring>

#include "wal/wal.h"

namespace simlite::wal {

namespace {
// Frames read per io operation while scanning.
constexpr uint64_t kScanFrames = 64;
}  // namespace

Rc Wal::Recover() {
  assert(write_lock_);
  // Invariant 5: every lock but the read locks, so that no one writes, checkpoints or
  // recovers meanwhile. A checkpointer already holds WAL_CKPT_LOCK.
  const uint32_t first = index_.holds_exclusive(kCheckpointLock) ? kRecoverLock : kCheckpointLock;
  const uint32_t count = ReadLock(0) - first;
  SIMLITE_TRY(index_.LockExclusive(first, count));
  IndexHeader recovered;
  Rc rc = ScanLog(&recovered);
  if (rc == Rc::kOk) {
    index_.WriteHeader(&recovered);
    hdr_ = recovered;
    rc = ResetReadMarks(recovered.max_frame);
  }
  index_.UnlockExclusive(first, count);
  return rc;
}

Rc Wal::ScanLog(IndexHeader* recovered) {
  *recovered = IndexHeader{};
  uint64_t wal_size = 0;
  SIMLITE_TRY(io_->Size(wal_file_, &wal_size));
  if (wal_size <= kWalHeaderSize) return Rc::kOk;  // no frames: an empty WAL
  uint8_t header_bytes[kWalHeaderSize];
  SIMLITE_TRY(io_->Read(wal_file_, 0, header_bytes, kWalHeaderSize));
  WalHeader header;
  if (!DecodeWalHeader(header_bytes, &header)) return Rc::kOk;  // never synced: empty
  if (header.version != kWalFormatVersion) return Rc::kCantOpen;
  const uint32_t page_size = header.page_size;
  const bool big_endian = header.big_endian_words();
  recovered->big_endian_checksum = big_endian ? 1 : 0;
  std::memcpy(recovered->salt, header.salt, 8);
  checkpoint_seq_ = header.checkpoint_seq;
  Checksum sum = header.checksum;
  const uint64_t frame_bytes = uint64_t{page_size} + kFrameHeaderSize;
  const uint64_t frame_total =
      std::min<uint64_t>((wal_size - kWalHeaderSize) / frame_bytes, UINT32_MAX - 1);
  copy_buffer_.resize(kScanFrames * frame_bytes);
  // One pass, stopping at the first invalid frame; only frames up to the last commit frame
  // count. Bounded by the file's size.
  for (uint64_t first = 1; first <= frame_total; first += kScanFrames) {
    const uint64_t count = std::min(kScanFrames, frame_total - first + 1);
    SIMLITE_TRY(io_->Read(wal_file_, FrameOffset(static_cast<uint32_t>(first), page_size),
                          copy_buffer_.data(), static_cast<uint32_t>(count * frame_bytes)));
    for (uint64_t frame_idx = 0; frame_idx < count; frame_idx++) {
      const uint8_t* frame = copy_buffer_.data() + frame_idx * frame_bytes;
      const auto frame_number = static_cast<uint32_t>(first + frame_idx);
      Pgno pgno = 0;
      uint32_t db_size_after = 0;
      if (!DecodeFrame(big_endian, recovered->salt, frame, frame + kFrameHeaderSize, page_size,
                       &sum, &pgno, &db_size_after)) {
        return Rc::kOk;
      }
      SIMLITE_TRY(index_.Append(frame_number, pgno, recovered->max_frame));
      if (db_size_after != 0) {
        recovered->max_frame = frame_number;
        recovered->page_count = db_size_after;
        recovered->page_size_code =
            static_cast<uint16_t>(page_size == kMaxPageSize ? 1 : page_size);
        recovered->frame_checksum[0] = sum.s0;
        recovered->frame_checksum[1] = sum.s1;
      }
    }
  }
  return Rc::kOk;
}

Rc Wal::ResetReadMarks(uint32_t max_frame) {
  // Nothing is known to be in the database file: a reader of this WAL must read all of it.
  index_.set_backfill(0);
  index_.set_backfill_attempted(max_frame);
  index_.set_read_mark(0, 0);
  for (uint32_t reader = 1; reader < kReaderCount; reader++) {
    Rc rc = index_.LockExclusive(ReadLock(reader), 1);
    if (rc == Rc::kBusy) continue;  // a reader keeps its mark
    SIMLITE_TRY(rc);
    index_.set_read_mark(reader, reader == 1 && max_frame > 0 ? max_frame : kReadMarkUnused);
    index_.UnlockExclusive(ReadLock(reader), 1);
  }
  return Rc::kOk;
}

}  // namespace simlite::wal
