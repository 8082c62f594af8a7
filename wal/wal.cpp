#include "common/planted.h"
#include "wal/wal.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "common/corrupt.h"
#include "common/varint.h"

namespace simlite::wal {

namespace {

// Bounds the snapshot retry loop (SQLite gives up after 100 attempts too), sleeping a little
// longer each time once the first few quick retries failed.
constexpr uint32_t kMaxReadAttempts = 100;
constexpr uint32_t kQuickReadAttempts = 5;
// A commit's frames go out as writes of at most this many frames each (one batch in all).
constexpr uint32_t kFramesPerWrite = 256;

int64_t RetryDelayUs(uint32_t attempt) {
  if (attempt < 10) return 1;
  int64_t steps = attempt - 9;
  return steps * steps * 39;
}

}  // namespace

Rc Wal::Open(io::Io* io, io::FileId db_file, const std::string& db_path, SyncMode sync,
             std::unique_ptr<Wal>* wal) {
  std::string wal_path = db_path + "-wal";
  io::FileId wal_file = io::kNoFile;
  SIMLITE_TRY(io->Open(wal_path, io::OpenFlags{.create = true}, &wal_file));
  wal->reset(new Wal(io, db_file, wal_file, std::move(wal_path), sync));
  return Rc::kOk;
}

Wal::~Wal() {
  if (wal_file_ != io::kNoFile) {
    EndRead();
    Rc ignored = Close(/*checkpoint_and_delete=*/false, 0);
    (void)ignored;
  }
}

// ---- Reading ----

bool Wal::TryIndexHeader(bool* changed) {
  IndexHeader published;
  if (!index_.TryReadHeader(&published)) return false;
  if (!(published == hdr_)) {
    *changed = true;
    hdr_ = published;
  }
  return true;
}

Rc Wal::ReadIndexHeader(bool* changed) {
  bool mapped = false;
  SIMLITE_TRY(index_.MapHeader(/*extend=*/write_lock_, &mapped));
  if (!mapped || !TryIndexHeader(changed)) {
    // Torn by a writer at work, or in need of recovery: only the writer lock tells which.
    const bool took_write_lock = !write_lock_;
    if (took_write_lock) {
      SIMLITE_TRY(index_.LockExclusive(kWriteLock, 1));
      write_lock_ = true;
    }
    Rc rc = index_.MapHeader(/*extend=*/true, &mapped);
    if (rc == Rc::kOk && !TryIndexHeader(changed)) {
      rc = Recover();
      *changed = true;
    }
    if (took_write_lock) EndWrite();
    SIMLITE_TRY(rc);
  }
  if (hdr_.version != kIndexFormatVersion) return Rc::kCantOpen;
  return Rc::kOk;
}

Rc Wal::TryBeginRead(bool use_wal, uint32_t attempt, bool* retry) {
  *retry = false;
  if (attempt > kQuickReadAttempts) {
    if (attempt > kMaxReadAttempts) return Rc::kProtocol;
    io_->clock().SleepUs(RetryDelayUs(attempt));
  }
  if (!use_wal) {
    bool changed = false;
    Rc rc = ReadIndexHeader(&changed);
    changed_ = changed_ || changed;
    if (rc == Rc::kBusy) {
      // Busy: a writer mid-commit (retry) or a recovery in progress (report it).
      bool mapped = false;
      if (index_.MapHeader(/*extend=*/false, &mapped) != Rc::kOk || !mapped) {
        *retry = true;
        return Rc::kOk;
      }
      Rc recover_rc = index_.LockShared(kRecoverLock);
      if (recover_rc == Rc::kOk) {
        index_.UnlockShared(kRecoverLock);
        *retry = true;
        return Rc::kOk;
      }
      return recover_rc == Rc::kBusy ? Rc::kBusyRecovery : recover_rc;
    }
    SIMLITE_TRY(rc);
  }
  if (!use_wal && index_.backfill() == hdr_.max_frame) {
    // Everything is in the database file: read it alone, under READ_LOCK(0).
    Rc rc = index_.LockShared(ReadLock(0));
    index_.Barrier();
    if (rc == Rc::kOk) {
      if (!index_.HeaderEquals(hdr_)) {
        index_.UnlockShared(ReadLock(0));
        *retry = true;
        return Rc::kOk;
      }
      read_lock_ = 0;
      return Rc::kOk;
    }
    if (rc != Rc::kBusy) return rc;  // busy: a checkpoint is copying; use the WAL instead
  }
  return TakeReadMark(retry);
}

Rc Wal::TakeReadMark(bool* retry) {
  // The read mark closest to (not past) our mxFrame; if none equals it, try to set one.
  const uint32_t max_frame = hdr_.max_frame;
  uint32_t best_mark = 0;
  uint32_t best_reader = 0;
  for (uint32_t reader = 1; reader < kReaderCount; reader++) {
    uint32_t mark = index_.read_mark(reader);
    if (best_mark <= mark && mark <= max_frame) {
      best_mark = mark;
      best_reader = reader;
    }
  }
  Rc rc = Rc::kOk;
  if (best_mark < max_frame || best_reader == 0) {
    for (uint32_t reader = 1; reader < kReaderCount; reader++) {
      rc = index_.LockExclusive(ReadLock(reader), 1);
      if (rc == Rc::kOk) {
        index_.set_read_mark(reader, max_frame);
        best_mark = max_frame;
        best_reader = reader;
        index_.UnlockExclusive(ReadLock(reader), 1);
        break;
      }
      if (rc != Rc::kBusy) return rc;
    }
  }
  if (best_reader == 0) {
    *retry = rc == Rc::kBusy;
    return *retry ? Rc::kOk : Rc::kReadOnlyCantInit;
  }
  rc = index_.LockShared(ReadLock(best_reader));
  if (rc != Rc::kOk) {
    *retry = rc == Rc::kBusy;
    return *retry ? Rc::kOk : rc;
  }
  // Frames up to nBackfill are in the database file already. Re-check under the lock that
  // neither the mark nor the header moved (a restart or checkpoint in between).
  min_frame_ = index_.backfill() + 1;
  index_.Barrier();
  if (index_.read_mark(best_reader) != best_mark || !index_.HeaderEquals(hdr_)) {
    index_.UnlockShared(ReadLock(best_reader));
    *retry = true;
    return Rc::kOk;
  }
  read_lock_ = static_cast<int>(best_reader);
  return Rc::kOk;
}

Rc Wal::RetryBeginRead(bool use_wal) {
  Rc rc = Rc::kOk;
  bool retry = true;
  // Bounded: TryBeginRead gives up with kProtocol after kMaxReadAttempts.
  for (uint32_t attempt = 1; retry && rc == Rc::kOk; attempt++) {
    rc = TryBeginRead(use_wal, attempt, &retry);
  }
  return rc;
}

Rc Wal::BeginRead(bool* changed, bool defer_lock) {
  assert(read_lock_ == kNoReadLock && !write_lock_ && !lock_deferred_ && !snapshot_lost_);
  changed_ = false;
  if (defer_lock && TryDeferredRead()) {
    *changed = false;
    return Rc::kOk;
  }
  Rc rc = RetryBeginRead(/*use_wal=*/false);
  *changed = changed_;
  return rc;
}

bool Wal::TryDeferredRead() {
  // hdr_ must be a snapshot this connection took (a zero one never matches a published
  // header: is_init is set in every one).
  bool mapped = false;
  if (index_.MapHeader(/*extend=*/false, &mapped) != Rc::kOk || !mapped) return false;
  IndexHeader published;
  if (!index_.TryReadHeader(&published) || !(published == hdr_)) return false;
  lock_deferred_ = true;
  return true;
}

Rc Wal::TakeDeferredLock() {
  if (snapshot_lost_) return Rc::kInternalSnapshotMoved;
  if (!lock_deferred_) return Rc::kOk;
  lock_deferred_ = false;
  const IndexHeader snapshot = hdr_;
  changed_ = false;
  Rc rc = RetryBeginRead(/*use_wal=*/false);
  if (rc == Rc::kOk && hdr_ == snapshot) return Rc::kOk;
  // Someone committed (or recovered) since the read began: its pages may differ from those
  // the caller served from its cache. Give the slot back and keep the old header, so that
  // the next BeginRead reports the change.
  if (read_lock_ != kNoReadLock) {
    index_.UnlockShared(ReadLock(static_cast<uint32_t>(read_lock_)));
    read_lock_ = kNoReadLock;
  }
  hdr_ = snapshot;
  snapshot_lost_ = true;
  return rc == Rc::kOk ? Rc::kInternalSnapshotMoved : rc;
}

void Wal::EndRead() {
  lock_deferred_ = false;
  snapshot_lost_ = false;
  EndWrite();
  if (read_lock_ != kNoReadLock) {
    index_.UnlockShared(ReadLock(static_cast<uint32_t>(read_lock_)));
    read_lock_ = kNoReadLock;
  }
}

Rc Wal::FindFrame(Pgno pgno, uint32_t* frame) {
  *frame = 0;
  if (read_lock_ == kNoReadLock) SIMLITE_TRY(TakeDeferredLock());
  assert(read_lock_ != kNoReadLock);
  if (read_lock_ == 0 || hdr_.max_frame == 0) return Rc::kOk;
  const uint32_t last = planted::On(planted::kWalLastFrameIgnored) && hdr_.max_frame > 1
                            ? hdr_.max_frame - 1
                            : hdr_.max_frame;
  return index_.Find(pgno, min_frame_, last, frame);
}

Rc Wal::ReadFrame(uint32_t frame, uint32_t offset, uint8_t* buffer, uint32_t length) {
  const uint32_t page_size = hdr_.page_size();
  assert(frame >= 1 && frame <= hdr_.max_frame && offset + length <= page_size);
  return io_->Read(wal_file_, FrameOffset(frame, page_size) + kFrameHeaderSize + offset,
                   buffer, length);
}

// ---- Writing ----

Rc Wal::BeginWrite() {
  if (read_lock_ == kNoReadLock) {
    // A deferred read that moved on cannot write on top of its snapshot.
    Rc rc = TakeDeferredLock();
    if (rc == Rc::kInternalSnapshotMoved) return Rc::kBusySnapshot;
    SIMLITE_TRY(rc);
  }
  assert(read_lock_ != kNoReadLock && !write_lock_);
  SIMLITE_TRY(index_.LockExclusive(kWriteLock, 1));
  write_lock_ = true;
  if (!index_.HeaderEquals(hdr_)) {
    // Someone committed after our snapshot: writing on top of it would lose their commit.
    EndWrite();
    return Rc::kBusySnapshot;
  }
  return Rc::kOk;
}

void Wal::EndWrite() {
  if (!write_lock_) return;
  index_.UnlockExclusive(kWriteLock, 1);
  write_lock_ = false;
}

uint32_t Wal::RandomSalt() { return static_cast<uint32_t>(io_->random().Next() >> 32); }

void Wal::RestartHeader(uint32_t salt2) {
  checkpoint_seq_++;
  hdr_.max_frame = 0;
  Put4(hdr_.salt, Get4(hdr_.salt) + 1);
  std::memcpy(hdr_.salt + 4, &salt2, 4);
  index_.WriteHeader(&hdr_);
  index_.set_backfill(0);
  index_.set_backfill_attempted(0);
  index_.set_read_mark(1, 0);
  for (uint32_t reader = 2; reader < kReaderCount; reader++) {
    index_.set_read_mark(reader, kReadMarkUnused);
  }
}

Rc Wal::RestartLogIfPossible() {
  if (read_lock_ != 0) return Rc::kOk;
  // READ_LOCK(0): the whole WAL is in the database. If no one reads the WAL, start over.
  assert(index_.backfill() == hdr_.max_frame);
  if (index_.backfill() > 0) {
    uint32_t salt2 = RandomSalt();
    Rc rc = index_.LockExclusive(ReadLock(1), kReaderCount - 1);
    if (rc == Rc::kOk) {
      RestartHeader(salt2);
      index_.UnlockExclusive(ReadLock(1), kReaderCount - 1);
    } else if (rc != Rc::kBusy) {
      return rc;
    }
  }
  // The commit will make this snapshot read the WAL: trade READ_LOCK(0) for a read mark.
  index_.UnlockShared(ReadLock(0));
  read_lock_ = kNoReadLock;
  return RetryBeginRead(/*use_wal=*/true);
}

void Wal::EncodeFrames(std::span<const FramePage> pages, uint32_t page_size,
                       Pgno db_size_after, bool big_endian, const uint8_t* salt,
                       Checksum* sum) {
  const size_t frame_bytes = size_t{page_size} + kFrameHeaderSize;
  frames_.resize(pages.size() * frame_bytes);
  for (size_t page_idx = 0; page_idx < pages.size(); page_idx++) {
    uint8_t* frame = frames_.data() + page_idx * frame_bytes;
    const bool commit = page_idx + 1 == pages.size();
    EncodeFrameHeader(big_endian, pages[page_idx].pgno, commit ? db_size_after : 0, salt,
                      pages[page_idx].data, page_size, sum, frame);
    std::memcpy(frame + kFrameHeaderSize, pages[page_idx].data, page_size);
  }
}

Rc Wal::WriteFrames(std::span<const FramePage> pages, uint32_t page_size,
                    Pgno db_size_after) {
  assert(write_lock_ && !pages.empty());
  SIMLITE_TRY(RestartLogIfPossible());
  if (hdr_.max_frame > 0 && hdr_.page_size() != page_size) return SIMLITE_CORRUPT();
  IndexHeader next = hdr_;
  Checksum sum{next.frame_checksum[0], next.frame_checksum[1]};
  uint8_t wal_header[kWalHeaderSize];
  batch_.clear();
  if (next.max_frame == 0) {
    // A new WAL (or a restarted one): a fresh header, synced before any frame can count.
    if (checkpoint_seq_ == 0) {
      for (uint32_t half = 0; half < 2; half++) Put4(next.salt + 4 * half, RandomSalt());
    }
    WalHeader header;
    header.magic = kWalMagic | (NativeBigEndian() ? 1u : 0u);
    header.version = kWalFormatVersion;
    header.page_size = page_size;
    header.checkpoint_seq = checkpoint_seq_;
    std::memcpy(header.salt, next.salt, 8);
    EncodeWalHeader(&header, wal_header);
    next.big_endian_checksum = header.big_endian_words() ? 1 : 0;
    sum = header.checksum;
    batch_.push_back(io::IoOp::Write(wal_file_, 0, wal_header, kWalHeaderSize));
    if (sync_ != SyncMode::kOff) batch_.push_back(io::IoOp::Sync(wal_file_));
  }
  EncodeFrames(pages, page_size, db_size_after, next.big_endian_checksum != 0, next.salt,
               &sum);
  const size_t frame_bytes = size_t{page_size} + kFrameHeaderSize;
  for (size_t first = 0; first < pages.size(); first += kFramesPerWrite) {
    size_t count = std::min<size_t>(kFramesPerWrite, pages.size() - first);
    batch_.push_back(io::IoOp::Write(
        wal_file_, FrameOffset(next.max_frame + 1 + static_cast<uint32_t>(first), page_size),
        frames_.data() + first * frame_bytes, static_cast<uint32_t>(count * frame_bytes)));
  }
  if (sync_ == SyncMode::kFull) batch_.push_back(io::IoOp::Sync(wal_file_));
  SIMLITE_TRY(io_->Run(batch_));
  // Invariant 2: the frames are in the file; now the index, and the header last.
  for (size_t page_idx = 0; page_idx < pages.size(); page_idx++) {
    SIMLITE_TRY(index_.Append(next.max_frame + 1 + static_cast<uint32_t>(page_idx),
                              pages[page_idx].pgno, next.max_frame));
  }
  next.max_frame += static_cast<uint32_t>(pages.size());
  next.page_count = db_size_after;
  next.change++;
  next.page_size_code = static_cast<uint16_t>(page_size == kMaxPageSize ? 1 : page_size);
  next.frame_checksum[0] = sum.s0;
  next.frame_checksum[1] = sum.s1;
  index_.WriteHeader(&next);
  hdr_ = next;
  return Rc::kOk;
}

}  // namespace simlite::wal
