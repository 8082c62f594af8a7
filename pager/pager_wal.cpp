// The pager's journal modes: entering and leaving WAL mode, opening and closing the WAL, and
// checkpoints (wal.html; walformat.html 2.3.2, "Transition into and out of WAL-mode").
#include <cassert>

#include "pager/page_cache.h"
#include "pager/pager.h"
#include "pager/rollback_journal.h"
#include "pager/wal_journal.h"

namespace simlite::pager {

namespace {

wal::SyncMode WalSyncMode(Synchronous synchronous) {
  switch (synchronous) {
    case Synchronous::kOff: return wal::SyncMode::kOff;
    case Synchronous::kNormal: return wal::SyncMode::kNormal;
    case Synchronous::kFull:
    case Synchronous::kExtra: return wal::SyncMode::kFull;
  }
  return wal::SyncMode::kFull;
}

}  // namespace

void Pager::MakeRollbackSink(JournalModeOption mode) {
  switch (mode) {
    case JournalModeOption::kTruncate:
      sink_ = std::make_unique<RollbackJournal>(io_, file_, path_ + "-journal",
                                                JournalMode::kTruncate);
      return;
    case JournalModeOption::kPersist:
      sink_ = std::make_unique<RollbackJournal>(io_, file_, path_ + "-journal",
                                                JournalMode::kPersist);
      return;
    case JournalModeOption::kDelete:
    case JournalModeOption::kWal:  // the transactions that enter and leave WAL mode
      sink_ = std::make_unique<RollbackJournal>(io_, file_, path_ + "-journal",
                                                JournalMode::kDelete);
      return;
    case JournalModeOption::kMemory:
    case JournalModeOption::kOff:
      sink_.reset();  // BeginWrite falls back to writing pages straight to the file
      return;
  }
}

CommitSink* Pager::ActiveSink() const {
  if (wal_) return wal_.get();
  return sink_.get();
}

JournalModeOption Pager::journal_mode() const {
  return wal_ ? JournalModeOption::kWal : options_.journal_mode;
}

void Pager::set_synchronous(Synchronous synchronous) {
  options_.synchronous = synchronous;
  if (wal_) wal_->wal().set_sync_mode(WalSyncMode(synchronous));
}

Rc Pager::OpenWalIfPresent() {
  if (no_wal_open_) return Rc::kOk;
  uint64_t file_size = 0;
  SIMLITE_TRY(io_->Size(file_, &file_size));
  const std::string wal_path = path_ + "-wal";
  bool wal_exists = false;
  SIMLITE_TRY(io_->Exists(wal_path, &wal_exists));
  if (file_size == 0) {
    // A WAL next to an empty database belongs to no database: SQLite deletes it.
    if (!wal_exists) return Rc::kOk;
    Rc rc = io_->Delete(wal_path);
    return rc == Rc::kIoErrDeleteNoEnt ? Rc::kOk : rc;
  }
  if (!wal_exists) {
    // A WAL database whose last connection closed cleanly: the header says WAL.
    uint8_t versions[2] = {};
    Rc rc = io_->Read(file_, 18, versions, 2);
    if (rc != Rc::kOk && rc != Rc::kIoErrShortRead) return rc;
    if (versions[1] != 2) return Rc::kOk;
  }
  return OpenWal();
}

Rc Pager::OpenWal() {
  SIMLITE_TRY(WalJournal::Open(io_, file_, path_, WalSyncMode(options_.synchronous), &wal_));
  page_source_ = wal_.get();
  cache_suspect_ = true;  // what was cached in rollback mode is re-read through the WAL
  return Rc::kOk;
}

Rc Pager::CloseWal() {
  // The last connection is the one that can take EXCLUSIVE (every other holds SHARED); it
  // goes there from SHARED through PENDING, as SQLite's close does.
  bool last = lock_->level() == LockLevel::kShared && lock_->RaiseForRecovery() == Rc::kOk;
  Rc rc = wal_->wal().Close(/*checkpoint_and_delete=*/last, page_size_);
  page_source_ = nullptr;
  wal_.reset();
  cache_suspect_ = true;
  return rc;
}

Rc Pager::SetFileFormatVersion(uint8_t version) {
  assert(state_ == State::kReading && !wal_);
  SIMLITE_TRY(BeginWrite());
  Rc rc = MakeWritable(page1_);
  if (rc == Rc::kOk) {
    page1_.data()[18] = version;
    page1_.data()[19] = version;
    rc = Commit();
  }
  if (state_ == State::kWriting) Rollback();  // MakeWritable failed, or Commit got kBusy
  return rc;
}

Rc Pager::SetJournalMode(JournalModeOption mode) {
  assert(state_ == State::kIdle);
  if (!lock_) return Rc::kOk;  // ":memory:" and temporary databases keep their own modes
  if (mode == JournalModeOption::kWal) {
    if (wal_) return Rc::kOk;
    if (read_only()) return Rc::kReadOnly;
    const JournalModeOption previous = options_.journal_mode;
    options_.journal_mode = mode;
    Rc rc = BeginRead();  // converts the database, then opens its WAL
    if (rc == Rc::kOk) {
      EndRead();
    } else {
      options_.journal_mode = previous;
    }
    return rc;
  }
  options_.journal_mode = mode;
  if (!wal_) {
    // Learn whether the file is a WAL database this connection has not read yet.
    SIMLITE_TRY(BeginRead());
    EndRead();
  }
  if (wal_) SIMLITE_TRY(LeaveWalMode());
  MakeRollbackSink(mode);
  return Rc::kOk;
}

Rc Pager::LeaveWalMode() {
  // Only the last connection may leave WAL mode: anyone else holds SHARED.
  Rc rc = lock_->RaiseForRecovery();
  if (rc != Rc::kOk) {
    Rc ignored = lock_->Lower(LockLevel::kShared);
    (void)ignored;
    return rc;
  }
  rc = wal_->wal().Close(/*checkpoint_and_delete=*/true, page_size_);
  page_source_ = nullptr;
  wal_.reset();
  cache_suspect_ = true;
  Rc lower_rc = lock_->Lower(LockLevel::kNone);
  SIMLITE_TRY(rc);
  SIMLITE_TRY(lower_rc);
  // The header still says WAL; rewrite it without reopening the WAL it names.
  no_wal_open_ = true;
  rc = BeginRead();
  if (rc == Rc::kOk) {
    rc = SetFileFormatVersion(1);
    EndRead();
  }
  no_wal_open_ = false;
  last_header_valid_ = false;
  return rc;
}

Rc Pager::Checkpoint(wal::CheckpointMode mode, int* log_frames, int* checkpointed_frames) {
  assert(state_ == State::kIdle);
  last_header_valid_ = false;  // the file's size and page 1 may change
  if (log_frames != nullptr) *log_frames = -1;
  if (checkpointed_frames != nullptr) *checkpointed_frames = -1;
  if (!lock_) return Rc::kOk;
  if (!wal_) {
    // As SQLite: a connection that has not opened the WAL checkpoints nothing, unless it was
    // told to use WAL mode (then the file may be a WAL database it has not read yet).
    if (options_.journal_mode != JournalModeOption::kWal) return Rc::kOk;
    SIMLITE_TRY(BeginRead());
    EndRead();
    if (!wal_) return Rc::kOk;
  }
  return wal_->wal().Checkpoint(mode, page_size_, busy_handler_, log_frames,
                                checkpointed_frames);
}

}  // namespace simlite::pager
