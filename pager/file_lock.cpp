#include "pager/file_lock.h"

#include <cassert>

namespace simlite::pager {

using io::LockKind;

// SQLite takes a read lock on the PENDING byte, then the SHARED range, then drops the PENDING
// byte (three calls), so that no new reader gets in once a writer holds PENDING. Taking the
// SHARED range and then testing whether someone holds PENDING gives the same guarantee in two:
// a writer that got PENDING first sends this reader away (it drops its SHARED lock again),
// and one that gets PENDING just after the test finds this reader already in, which is the
// case SQLite's order has too. It also never makes a writer's own PENDING attempt fail.
Rc FileLock::TakeShared() {
  SIMLITE_TRY(io_->Lock(file_, kSharedFirst, kSharedSize, LockKind::kShared));
  bool pending = false;
  Rc rc = io_->TestLock(file_, kPendingByte, 1, LockKind::kShared, &pending);
  if (rc != Rc::kOk || pending) {
    Rc ignored = io_->Lock(file_, kSharedFirst, kSharedSize, LockKind::kUnlock);
    (void)ignored;  // the lock is dropped when the handle closes in any case
    return rc != Rc::kOk ? Rc::kIoErrLock : Rc::kBusy;
  }
  level_ = LockLevel::kShared;
  return Rc::kOk;
}

Rc FileLock::Raise(LockLevel level) {
  if (level <= level_) return Rc::kOk;
  if (level_ == LockLevel::kNone) SIMLITE_TRY(TakeShared());
  if (level == LockLevel::kShared) return Rc::kOk;
  if (level_ < LockLevel::kReserved) {
    SIMLITE_TRY(io_->Lock(file_, kReservedByte, 1, LockKind::kExclusive));
    level_ = LockLevel::kReserved;
  }
  if (level == LockLevel::kReserved) return Rc::kOk;
  if (level_ < LockLevel::kPending) {
    SIMLITE_TRY(io_->Lock(file_, kPendingByte, 1, LockKind::kExclusive));
    level_ = LockLevel::kPending;
  }
  if (level == LockLevel::kPending) return Rc::kOk;
  SIMLITE_TRY(io_->Lock(file_, kSharedFirst, kSharedSize, LockKind::kExclusive));
  level_ = LockLevel::kExclusive;
  return Rc::kOk;
}

Rc FileLock::RaiseForRecovery() {
  assert(level_ == LockLevel::kShared);
  SIMLITE_TRY(io_->Lock(file_, kPendingByte, 1, LockKind::kExclusive));
  level_ = LockLevel::kPending;
  SIMLITE_TRY(io_->Lock(file_, kSharedFirst, kSharedSize, LockKind::kExclusive));
  level_ = LockLevel::kExclusive;
  return Rc::kOk;
}

Rc FileLock::Lower(LockLevel level) {
  assert(level == LockLevel::kShared || level == LockLevel::kNone);
  if (level_ <= level) return Rc::kOk;
  Rc rc = Rc::kOk;
  if (level == LockLevel::kShared && level_ == LockLevel::kExclusive) {
    rc = io_->Lock(file_, kSharedFirst, kSharedSize, LockKind::kShared);
  }
  if (level == LockLevel::kNone) {
    Rc unlock_rc = io_->Lock(file_, kSharedFirst, kSharedSize, LockKind::kUnlock);
    if (rc == Rc::kOk) rc = unlock_rc;
  }
  if (level_ >= LockLevel::kReserved) {
    // Releasing PENDING and RESERVED together (offsets 0x40000000 and 0x40000001).
    Rc unlock_rc = io_->Lock(file_, kPendingByte, 2, LockKind::kUnlock);
    if (rc == Rc::kOk) rc = unlock_rc;
  }
  level_ = level;
  return rc;
}

Rc FileLock::OtherHasReserved(bool* held) {
  if (level_ >= LockLevel::kReserved) {
    *held = false;
    return Rc::kOk;
  }
  return io_->TestLock(file_, kReservedByte, 1, LockKind::kExclusive, held);
}

}  // namespace simlite::pager
