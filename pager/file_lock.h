// FileLock: SQLite's five lock levels on a database file (lockingv3.html), taken as POSIX
// advisory locks on the same bytes SQLite's unix VFS uses, so that simlite and SQLite
// processes exclude each other:
//   PENDING byte  = 0x40000000: a write lock there stops new SHARED locks.
//   RESERVED byte = 0x40000001: a write lock there marks the one writer.
//   SHARED range  = 0x40000002, 510 bytes: readers hold a read lock on all of it; EXCLUSIVE
//                   is a write lock on all of it.
// A SHARED lock is taken by read-locking PENDING first (so a pending writer turns new readers
// away), then the SHARED range, then dropping PENDING.
#pragma once

#include <cstdint>

#include "common/result_code.h"
#include "io/io.h"

namespace simlite::pager {

enum class LockLevel : uint8_t { kNone, kShared, kReserved, kPending, kExclusive };

class FileLock {
 public:
  static constexpr uint64_t kPendingByte = 0x40000000;
  static constexpr uint64_t kReservedByte = kPendingByte + 1;
  static constexpr uint64_t kSharedFirst = kPendingByte + 2;
  static constexpr uint64_t kSharedSize = 510;

  FileLock(io::Io* io, io::FileId file) : io_(io), file_(file) {}

  // Raises the lock to `level` (a no-op if already there). Levels are taken in order:
  // kShared from kNone; kReserved, kPending, kExclusive from kShared or above.
  // Errors: kBusy when another connection's lock conflicts (the level then stays as it was,
  // except that a failed kExclusive keeps kPending, as SQLite does, so that new readers
  // stay away while the writer waits for old ones); io errors.
  Rc Raise(LockLevel level);
  // From kShared straight to kExclusive through kPending, without kReserved: how a reader
  // takes over a hot journal, since holding RESERVED would tell other connections that the
  // journal is live rather than hot (lockingv3.html, 4.1). Errors: kBusy.
  Rc RaiseForRecovery();
  // Lowers the lock to kShared or kNone.
  Rc Lower(LockLevel level);
  // Whether another connection holds RESERVED (or above) on the file.
  Rc OtherHasReserved(bool* held);

  LockLevel level() const { return level_; }

 private:
  Rc TakeShared();

  io::Io* io_;
  io::FileId file_;
  LockLevel level_ = LockLevel::kNone;
};

}  // namespace simlite::pager
