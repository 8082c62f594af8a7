#include "common/result_code.h"

namespace simlite {

const char* ErrStr(Rc rc) {
  // Special cases SQLite words by their extended code.
  if (rc == Rc::kAbortRollback) return "abort due to ROLLBACK";
  switch (PrimaryCode(rc)) {
    case Rc::kOk: return "not an error";
    case Rc::kError: return "SQL logic error";
    case Rc::kPerm: return "access permission denied";
    case Rc::kAbort: return "query aborted";
    case Rc::kBusy: return "database is locked";
    case Rc::kLocked: return "database table is locked";
    case Rc::kNoMem: return "out of memory";
    case Rc::kReadOnly: return "attempt to write a readonly database";
    case Rc::kInterrupt: return "interrupted";
    case Rc::kIoErr: return "disk I/O error";
    case Rc::kCorrupt: return "database disk image is malformed";
    case Rc::kNotFound: return "unknown operation";
    case Rc::kFull: return "database or disk is full";
    case Rc::kCantOpen: return "unable to open database file";
    case Rc::kProtocol: return "locking protocol";
    case Rc::kSchema: return "database schema has changed";
    case Rc::kTooBig: return "string or blob too big";
    case Rc::kConstraint: return "constraint failed";
    case Rc::kMismatch: return "datatype mismatch";
    case Rc::kMisuse: return "bad parameter or other API misuse";
    case Rc::kAuth: return "authorization denied";
    case Rc::kRange: return "column index out of range";
    case Rc::kNotADb: return "file is not a database";
    case Rc::kNotice: return "notification message";
    case Rc::kWarning: return "warning message";
    case Rc::kRow: return "another row available";
    case Rc::kDone: return "no more rows available";
    default: return "unknown error";
  }
}

}  // namespace simlite
