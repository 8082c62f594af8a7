// Result codes: SQLite's primary and extended result codes, with SQLite's numeric values, so
// that the C API can return them unchanged (rescode.html). Every fallible function in the
// engine returns an Rc; [[nodiscard]] on the type makes an ignored result a compile error
// (warnings are errors).
#pragma once

#include <cstdint>

namespace simlite {

enum class [[nodiscard]] Rc : int32_t {
  kOk = 0,
  kError = 1,
  kInternal = 2,
  kPerm = 3,
  kAbort = 4,
  kBusy = 5,
  kLocked = 6,
  kNoMem = 7,
  kReadOnly = 8,
  kInterrupt = 9,
  kIoErr = 10,
  kCorrupt = 11,
  kNotFound = 12,
  kFull = 13,
  kCantOpen = 14,
  kProtocol = 15,
  kEmpty = 16,
  kSchema = 17,
  kTooBig = 18,
  kConstraint = 19,
  kMismatch = 20,
  kMisuse = 21,
  kNoLfs = 22,
  kAuth = 23,
  kFormat = 24,
  kRange = 25,
  kNotADb = 26,
  kNotice = 27,
  kWarning = 28,
  kRow = 100,
  kDone = 101,

  // Extended codes: primary | (n << 8).
  kIoErrRead = 10 | (1 << 8),
  kIoErrShortRead = 10 | (2 << 8),
  kIoErrWrite = 10 | (3 << 8),
  kIoErrFsync = 10 | (4 << 8),
  kIoErrDirFsync = 10 | (5 << 8),
  kIoErrTruncate = 10 | (6 << 8),
  kIoErrFstat = 10 | (7 << 8),
  kIoErrUnlock = 10 | (8 << 8),
  kIoErrRdLock = 10 | (9 << 8),
  kIoErrDelete = 10 | (10 << 8),
  kIoErrNoMem = 10 | (12 << 8),
  kIoErrAccess = 10 | (13 << 8),
  kIoErrCheckReservedLock = 10 | (14 << 8),
  kIoErrLock = 10 | (15 << 8),
  kIoErrClose = 10 | (16 << 8),
  kIoErrShmOpen = 10 | (18 << 8),
  kIoErrShmSize = 10 | (19 << 8),
  kIoErrShmLock = 10 | (20 << 8),
  kIoErrShmMap = 10 | (21 << 8),
  kIoErrSeek = 10 | (22 << 8),
  kIoErrDeleteNoEnt = 10 | (23 << 8),
  kIoErrData = 10 | (32 << 8),
  kIoErrCorruptFs = 10 | (33 << 8),
  // simlite's own, never returned to an application: a statement whose read began without
  // its lock found the snapshot gone at its first file read and must run again (wal.h,
  // invariant 6).
  kInternalSnapshotMoved = 2 | (100 << 8),
  kBusyRecovery = 5 | (1 << 8),
  kBusySnapshot = 5 | (2 << 8),
  kBusyTimeout = 5 | (3 << 8),
  kCantOpenNoTempDir = 14 | (1 << 8),
  kCantOpenIsDir = 14 | (2 << 8),
  kCantOpenFullPath = 14 | (3 << 8),
  kCorruptSequence = 11 | (2 << 8),
  kCorruptIndex = 11 | (3 << 8),
  kReadOnlyRecovery = 8 | (1 << 8),
  kReadOnlyCantLock = 8 | (2 << 8),
  kReadOnlyRollback = 8 | (3 << 8),
  kReadOnlyDbMoved = 8 | (4 << 8),
  kReadOnlyCantInit = 8 | (5 << 8),
  kReadOnlyDirectory = 8 | (6 << 8),
  kAbortRollback = 4 | (2 << 8),
  kConstraintCheck = 19 | (1 << 8),
  kConstraintCommitHook = 19 | (2 << 8),
  kConstraintForeignKey = 19 | (3 << 8),
  kConstraintFunction = 19 | (4 << 8),
  kConstraintNotNull = 19 | (5 << 8),
  kConstraintPrimaryKey = 19 | (6 << 8),
  kConstraintTrigger = 19 | (7 << 8),
  kConstraintUnique = 19 | (8 << 8),
  kConstraintVtab = 19 | (9 << 8),
  kConstraintRowid = 19 | (10 << 8),
  kConstraintPinned = 19 | (11 << 8),
  kConstraintDataType = 19 | (12 << 8),
  kNoticeRecoverWal = 27 | (1 << 8),
  kNoticeRecoverRollback = 27 | (2 << 8),
};

// The primary code of an extended one (its low byte).
constexpr Rc PrimaryCode(Rc rc) { return static_cast<Rc>(static_cast<int32_t>(rc) & 0xff); }

constexpr bool IsOk(Rc rc) { return rc == Rc::kOk; }

// The English text SQLite's sqlite3_errstr() gives for a code (by its primary code).
const char* ErrStr(Rc rc);

}  // namespace simlite

// Returns from the enclosing function when `expr` is not kOk.
#define SIMLITE_TRY(expr)                                   \
  do {                                                      \
    ::simlite::Rc simlite_try_rc_ = (expr);                 \
    if (simlite_try_rc_ != ::simlite::Rc::kOk) return simlite_try_rc_; \
  } while (0)
