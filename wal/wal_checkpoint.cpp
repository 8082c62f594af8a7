// Checkpoints (fileformat2.html 4.3; c3ref/wal_checkpoint_v2.html) and closing the WAL.
#include <algorithm>
#include <cassert>

#include "common/planted.h"
#include "common/corrupt.h"
#include "wal/wal.h"

namespace simlite::wal {

namespace {
// A checkpoint moves pages in batches of this many: one batch of WAL reads, then one batch of
// database writes.
constexpr size_t kCheckpointBatchPages = 256;
// The pending-byte page may make a database file this much larger than its pages say.
constexpr uint64_t kPendingPageSlack = 65536;
}  // namespace

Rc Wal::BusyLock(uint32_t slot, uint32_t count, const BusyHandler* busy) {
  for (int attempt = 0;; attempt++) {
    Rc rc = index_.LockExclusive(slot, count);
    // Bounded by the handler, which gives up after its timeout on the io clock.
    if (rc != Rc::kBusy || busy == nullptr || !*busy || !(*busy)(attempt)) return rc;
  }
}

Rc Wal::Checkpoint(CheckpointMode mode, uint32_t page_size, const BusyHandler& busy,
                   int* log_frames, int* checkpointed_frames) {
  assert(read_lock_ == kNoReadLock && !write_lock_);
  if (log_frames != nullptr) *log_frames = -1;
  if (checkpointed_frames != nullptr) *checkpointed_frames = -1;
  bool mapped = false;
  SIMLITE_TRY(index_.MapHeader(/*extend=*/false, &mapped));  // attaches for the locks
  SIMLITE_TRY(index_.LockExclusive(kCheckpointLock, 1));     // never waits (as SQLite)
  CheckpointMode effective = mode;
  Rc rc = Rc::kOk;
  if (mode != CheckpointMode::kPassive) {
    rc = BusyLock(kWriteLock, 1, &busy);
    if (rc == Rc::kOk) {
      write_lock_ = true;
    } else if (rc == Rc::kBusy) {
      effective = CheckpointMode::kPassive;  // do what can be done without the writer lock
      rc = Rc::kOk;
    }
  }
  bool changed = false;
  if (rc == Rc::kOk) rc = ReadIndexHeader(&changed);
  if (rc == Rc::kOk && hdr_.max_frame > 0 && hdr_.page_size() != page_size) {
    rc = SIMLITE_CORRUPT();
  }
  if (rc == Rc::kOk) {
    rc = Backfill(effective, effective == CheckpointMode::kPassive ? nullptr : &busy);
  }
  if (rc == Rc::kOk || rc == Rc::kBusy) {
    if (log_frames != nullptr) *log_frames = static_cast<int>(hdr_.max_frame);
    if (checkpointed_frames != nullptr) *checkpointed_frames = static_cast<int>(index_.backfill());
  }
  // The header read here is not a snapshot this connection's cache has seen: forget it, so
  // that the next read reports a change.
  if (changed) hdr_ = IndexHeader{};
  EndWrite();
  index_.UnlockExclusive(kCheckpointLock, 1);
  return rc == Rc::kOk && effective != mode ? Rc::kBusy : rc;
}

Rc Wal::SafeFrame(const BusyHandler** busy, uint32_t* safe_frame) {
  // Invariant 3: a reader holding READ_LOCK(i) may need the database as it was before frame
  // read-mark[i] + 1. A mark no one holds is moved up (or retired) instead.
  *safe_frame = hdr_.max_frame;
  for (uint32_t reader = 1; reader < kReaderCount; reader++) {
    uint32_t mark = index_.read_mark(reader);
    if (*safe_frame <= mark) continue;
    Rc rc = BusyLock(ReadLock(reader), 1, *busy);
    if (rc == Rc::kOk) {
      index_.set_read_mark(reader, reader == 1 ? *safe_frame : kReadMarkUnused);
      index_.UnlockExclusive(ReadLock(reader), 1);
    } else if (rc == Rc::kBusy) {
      *safe_frame = mark;
      *busy = nullptr;  // once a reader blocks us, stop waiting for the others
    } else {
      return rc;
    }
  }
  return Rc::kOk;
}

Rc Wal::Backfill(CheckpointMode mode, const BusyHandler* busy) {
  Rc rc = Rc::kOk;
  if (index_.backfill() < hdr_.max_frame) {
    uint32_t safe_frame = 0;
    SIMLITE_TRY(SafeFrame(&busy, &safe_frame));
    if (index_.backfill() < safe_frame) {
      // READ_LOCK(0) readers read only the database file: it must not change under them.
      rc = BusyLock(ReadLock(0), 1, busy);
      if (rc == Rc::kOk) {
        index_.set_backfill_attempted(safe_frame);
        rc = CopyFrames(safe_frame);
        if (rc == Rc::kOk) index_.set_backfill(safe_frame);
        index_.UnlockExclusive(ReadLock(0), 1);
      }
    }
    if (rc == Rc::kBusy) rc = Rc::kOk;  // readers in the way are no failure of PASSIVE
  }
  if (rc == Rc::kOk && mode != CheckpointMode::kPassive) rc = WaitForReaders(mode, busy);
  return rc;
}

Rc Wal::WaitForReaders(CheckpointMode mode, const BusyHandler* busy) {
  assert(write_lock_);
  if (index_.backfill() < hdr_.max_frame) return Rc::kBusy;
  if (mode == CheckpointMode::kFull) return Rc::kOk;
  // RESTART and TRUNCATE: wait until no one reads the WAL, so the next writer restarts it.
  uint32_t salt2 = RandomSalt();
  SIMLITE_TRY(BusyLock(ReadLock(1), kReaderCount - 1, busy));
  Rc rc = Rc::kOk;
  if (mode == CheckpointMode::kTruncate) {
    RestartHeader(salt2);
    rc = io_->Truncate(wal_file_, 0);
  }
  index_.UnlockExclusive(ReadLock(1), kReaderCount - 1);
  return rc;
}

Rc Wal::CopyFrames(uint32_t safe_frame) {
  // The newest frame of each page in the WAL, in page order; a page whose newest frame is
  // past safe_frame waits for a later checkpoint (an older frame of it would do no good:
  // readers past it read the WAL anyway).
  backfill_pages_.clear();
  const uint32_t backfill = index_.backfill();
  for (uint32_t frame = backfill + 1; frame <= hdr_.max_frame; frame++) {
    Pgno pgno = 0;
    SIMLITE_TRY(index_.FramePgno(frame, &pgno));
    backfill_pages_.emplace_back(pgno, frame);
  }
  std::stable_sort(backfill_pages_.begin(), backfill_pages_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  const Pgno max_page = hdr_.page_count;
  size_t kept = 0;
  for (size_t entry_idx = 0; entry_idx < backfill_pages_.size(); entry_idx++) {
    const auto [pgno, frame] = backfill_pages_[entry_idx];
    bool newest = entry_idx + 1 == backfill_pages_.size() ||
                  backfill_pages_[entry_idx + 1].first != pgno;
    if (newest && frame <= safe_frame && pgno <= max_page) backfill_pages_[kept++] = {pgno, frame};
  }
  backfill_pages_.resize(kept);
  const uint32_t page_size = hdr_.page_size();
  uint64_t db_size = 0;
  SIMLITE_TRY(io_->Size(db_file_, &db_size));
  const uint64_t needed = uint64_t{max_page} * page_size;
  if (db_size < needed &&
      db_size + kPendingPageSlack + uint64_t{hdr_.max_frame} * page_size < needed) {
    return SIMLITE_CORRUPT();  // the WAL claims a database larger than it could have made
  }
  // Copying everything the WAL holds finishes with the database's size, and a sync.
  const bool complete = safe_frame == index_.published_max_frame();
  size_t done = 0;
  do {
    size_t count = std::min(kCheckpointBatchPages, backfill_pages_.size() - done);
    bool last = done + count == backfill_pages_.size();
    SIMLITE_TRY(CopyBatch({backfill_pages_.data() + done, count}, done == 0, last && complete));
    done += count;
  } while (done < backfill_pages_.size());
  return Rc::kOk;
}

Rc Wal::CopyBatch(std::span<const std::pair<Pgno, uint32_t>> pages, bool sync_log_first,
                  bool finish) {
  const uint32_t page_size = hdr_.page_size();
  const bool sync = sync_ != SyncMode::kOff;
  copy_buffer_.resize(pages.size() * size_t{page_size});
  batch_.clear();
  // The WAL is made durable before any of it reaches the database.
  if (sync_log_first && sync) batch_.push_back(io::IoOp::Sync(wal_file_));
  for (size_t page_idx = 0; page_idx < pages.size(); page_idx++) {
    batch_.push_back(io::IoOp::Read(
        wal_file_, FrameOffset(pages[page_idx].second, page_size) + kFrameHeaderSize,
        copy_buffer_.data() + page_idx * page_size, page_size));
  }
  SIMLITE_TRY(io_->Run(batch_));
  batch_.clear();
  for (size_t page_idx = 0; page_idx < pages.size(); page_idx++) {
    batch_.push_back(io::IoOp::Write(db_file_, uint64_t{pages[page_idx].first - 1} * page_size,
                                     copy_buffer_.data() + page_idx * page_size, page_size));
  }
  if (finish) {
    batch_.push_back(io::IoOp::Truncate(db_file_, uint64_t{hdr_.page_count} * page_size));
    if (sync && !planted::On(planted::kCheckpointUnsynced)) {
      batch_.push_back(io::IoOp::Sync(db_file_));
    }
  }
  if (batch_.empty()) return Rc::kOk;
  return io_->Run(batch_);
}

Rc Wal::Close(bool checkpoint_and_delete, uint32_t page_size) {
  assert(read_lock_ == kNoReadLock && !write_lock_);
  Rc rc = Rc::kOk;
  bool delete_files = false;
  if (checkpoint_and_delete) {
    // The WAL goes only when every frame is in the database: a checkpoint may stop short
    // (a reader's slot it could not lock), and the frames after that point live nowhere else.
    int log_frames = -1;
    int checkpointed_frames = -1;
    rc = Checkpoint(CheckpointMode::kPassive, page_size, BusyHandler(), &log_frames,
                    &checkpointed_frames);
    delete_files = rc == Rc::kOk && log_frames == checkpointed_frames;
  }
  index_.Detach(delete_files);
  io_->Close(wal_file_);
  wal_file_ = io::kNoFile;
  if (delete_files) {
    Rc delete_rc = io_->Delete(wal_path_);
    if (delete_rc != Rc::kOk && delete_rc != Rc::kIoErrDeleteNoEnt) rc = delete_rc;
  }
  return rc;
}

}  // namespace simlite::wal
