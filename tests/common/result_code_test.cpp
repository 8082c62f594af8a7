// Our result codes must be SQLite's, number for number, and word for word in ErrStr.
#include "common/result_code.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace simlite {
namespace {

struct CodePair {
  Rc ours;
  int sqlite;
};

const CodePair kCodes[] = {
    {Rc::kOk, SQLITE_OK},
    {Rc::kError, SQLITE_ERROR},
    {Rc::kBusy, SQLITE_BUSY},
    {Rc::kIoErr, SQLITE_IOERR},
    {Rc::kCorrupt, SQLITE_CORRUPT},
    {Rc::kFull, SQLITE_FULL},
    {Rc::kCantOpen, SQLITE_CANTOPEN},
    {Rc::kNotADb, SQLITE_NOTADB},
    {Rc::kRow, SQLITE_ROW},
    {Rc::kDone, SQLITE_DONE},
    {Rc::kIoErrRead, SQLITE_IOERR_READ},
    {Rc::kIoErrShortRead, SQLITE_IOERR_SHORT_READ},
    {Rc::kIoErrWrite, SQLITE_IOERR_WRITE},
    {Rc::kIoErrFsync, SQLITE_IOERR_FSYNC},
    {Rc::kIoErrTruncate, SQLITE_IOERR_TRUNCATE},
    {Rc::kIoErrFstat, SQLITE_IOERR_FSTAT},
    {Rc::kIoErrUnlock, SQLITE_IOERR_UNLOCK},
    {Rc::kIoErrDelete, SQLITE_IOERR_DELETE},
    {Rc::kIoErrAccess, SQLITE_IOERR_ACCESS},
    {Rc::kIoErrLock, SQLITE_IOERR_LOCK},
    {Rc::kIoErrShmMap, SQLITE_IOERR_SHMMAP},
    {Rc::kIoErrDeleteNoEnt, SQLITE_IOERR_DELETE_NOENT},
    {Rc::kIoErrData, SQLITE_IOERR_DATA},
    {Rc::kIoErrCorruptFs, SQLITE_IOERR_CORRUPTFS},
    {Rc::kBusyRecovery, SQLITE_BUSY_RECOVERY},
    {Rc::kBusySnapshot, SQLITE_BUSY_SNAPSHOT},
    {Rc::kBusyTimeout, SQLITE_BUSY_TIMEOUT},
    {Rc::kCantOpenNoTempDir, SQLITE_CANTOPEN_NOTEMPDIR},
    {Rc::kCantOpenIsDir, SQLITE_CANTOPEN_ISDIR},
    {Rc::kCorruptSequence, SQLITE_CORRUPT_SEQUENCE},
    {Rc::kCorruptIndex, SQLITE_CORRUPT_INDEX},
    {Rc::kReadOnlyDirectory, SQLITE_READONLY_DIRECTORY},
    {Rc::kAbortRollback, SQLITE_ABORT_ROLLBACK},
    {Rc::kConstraintCheck, SQLITE_CONSTRAINT_CHECK},
    {Rc::kConstraintNotNull, SQLITE_CONSTRAINT_NOTNULL},
    {Rc::kConstraintPrimaryKey, SQLITE_CONSTRAINT_PRIMARYKEY},
    {Rc::kConstraintUnique, SQLITE_CONSTRAINT_UNIQUE},
    {Rc::kConstraintDataType, SQLITE_CONSTRAINT_DATATYPE},
    {Rc::kNoticeRecoverWal, SQLITE_NOTICE_RECOVER_WAL},
    {Rc::kNoticeRecoverRollback, SQLITE_NOTICE_RECOVER_ROLLBACK},
};

TEST(ResultCode, ValuesMatchSqlite) {
  for (const CodePair& pair : kCodes) {
    EXPECT_EQ(static_cast<int>(pair.ours), pair.sqlite);
  }
}

TEST(ResultCode, ErrStrMatchesSqlite) {
  for (int code = 0; code <= 28; code++) {
    EXPECT_STREQ(ErrStr(static_cast<Rc>(code)), sqlite3_errstr(code)) << code;
  }
  for (const CodePair& pair : kCodes) {
    EXPECT_STREQ(ErrStr(pair.ours), sqlite3_errstr(pair.sqlite)) << pair.sqlite;
  }
}

TEST(ResultCode, PrimaryCode) {
  EXPECT_EQ(PrimaryCode(Rc::kIoErrShortRead), Rc::kIoErr);
  EXPECT_EQ(PrimaryCode(Rc::kBusySnapshot), Rc::kBusy);
  EXPECT_EQ(PrimaryCode(Rc::kDone), Rc::kDone);
}

}  // namespace
}  // namespace simlite
