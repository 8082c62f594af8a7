// Opening and closing connections, and the connection's error state (database.h).
#include "api/database.h"

#include <cstring>
#include <new>

#include "api/library.h"
#include "api/statement.h"
#include "api/uri.h"
#include "api/utf16.h"

namespace simlite::api {

// Debian's build of SQLite 3.40.1 (c3ref/c_limit_attached.html lists the categories).
const int kDefaultLimits[kLimitCount] = {
    1000000000,  // LENGTH
    1000000000,  // SQL_LENGTH
    2000,        // COLUMN
    1000,        // EXPR_DEPTH
    500,         // COMPOUND_SELECT
    250000000,   // VDBE_OP
    127,         // FUNCTION_ARG
    10,          // ATTACHED
    50000,       // LIKE_PATTERN_LENGTH
    250000,      // VARIABLE_NUMBER
    1000,        // TRIGGER_DEPTH
    8,           // WORKER_THREADS (the maximum; the default is 0, see sqlite3_limit)
};

bool IsUsable(const sqlite3* db) { return db != nullptr && db->magic == Magic::kOpen; }

bool IsReadable(const sqlite3* db) {
  return db != nullptr && (db->magic == Magic::kOpen || db->magic == Magic::kSick);
}

int SetError(sqlite3* db, int code, std::string_view message) {
  db->error_code = code;
  if (message.empty()) {
    db->error_text = sqlite3_errstr(code);
  } else {
    db->error_text = nullptr;
    db->error_message.assign(message);
  }
  db->error_offset = -1;
  return Masked(db, code);
}

int SetError(sqlite3* db, Rc rc, std::string_view message) {
  return SetError(db, static_cast<int>(rc), message);
}

int SetEngineError(sqlite3* db, Rc rc) {
  const std::string& message = db->connection->error_message();
  int code = SetError(db, rc, message);
  db->error_offset = db->connection->error_offset();
  return code;
}

void ClearError(sqlite3* db) { SetError(db, SQLITE_OK); }

void ForgetStatement(sqlite3* db, sqlite3_stmt* stmt) {
  for (sqlite3_stmt** link = &db->statements; *link != nullptr; link = &(*link)->next) {
    if (*link == stmt) {
      *link = stmt->next;
      break;
    }
  }
  FreeIfZombie(db);
}

bool InUse(const sqlite3* db) {
  return db->statements != nullptr || db->open_blobs > 0 || db->open_backups > 0;
}

void FreeIfZombie(sqlite3* db) {
  if (db->magic == Magic::kZombie && !InUse(db)) {
    db->magic = Magic::kClosed;
    delete db;
  }
}

namespace {

constexpr int kAccessFlags = SQLITE_OPEN_READONLY | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

// Opens the engine connection of a fresh handle; on failure the handle becomes sick and holds
// the error.
int OpenConnection(sqlite3* db, const char* filename, int flags) {
  ParsedName name = ParseName(filename == nullptr ? "" : filename, flags,
                              UriDefault() || (flags & SQLITE_OPEN_URI) != 0);
  // sqlite3_db_filename is "" for in-memory databases (the URI parameters still follow).
  if (name.memory) name.filename.erase(0, name.filename.find('\0'));
  db->filename = std::move(name.filename);
  if (!name.error.empty()) return SetError(db, name.error_code, name.error);
  engine::OpenOptions options;
  options.read_only = (name.open_flags & SQLITE_OPEN_READWRITE) == 0;
  options.create = (name.open_flags & SQLITE_OPEN_CREATE) != 0;
  db->read_only = options.read_only;
  std::string path = name.memory ? ":memory:" : name.path;
  Rc rc = engine::Connection::Open(path, options, &db->connection);
  // SQLite's unix VFS reports a directory as plain SQLITE_CANTOPEN (CANTOPEN_ISDIR comes from
  // its Windows VFS only).
  if (rc == Rc::kCantOpenIsDir) rc = Rc::kCantOpen;
  if (rc != Rc::kOk) {
    std::string message = db->connection != nullptr ? db->connection->error_message() : "";
    db->connection.reset();
    return SetError(db, rc, message);
  }
  return SQLITE_OK;
}

int Open(const char* filename, sqlite3** out, int flags, const char* vfs) {
  if (out == nullptr) return SQLITE_MISUSE;
  *out = nullptr;
  MarkInitialized();
  sqlite3* db = new (std::nothrow) sqlite3;
  if (db == nullptr) return SQLITE_NOMEM;
  std::copy(kDefaultLimits, kDefaultLimits + kLimitCount, db->limits);
  db->limits[SQLITE_LIMIT_WORKER_THREADS] = 0;
  if ((flags & SQLITE_OPEN_EXRESCODE) != 0) db->error_mask = ~0;
  *out = db;
  int rc = SQLITE_OK;
  // The access flags must be READONLY, READWRITE or READWRITE|CREATE; otherwise the handle
  // comes back sick, as SQLite's does.
  int access = flags & kAccessFlags;
  if (access != SQLITE_OPEN_READONLY && access != SQLITE_OPEN_READWRITE &&
      access != (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) {
    rc = SetError(db, SQLITE_MISUSE);
  } else if (vfs != nullptr && sqlite3_vfs_find(vfs) == nullptr) {
    rc = SetError(db, SQLITE_ERROR, std::string("no such vfs: ") + vfs);
  } else {
    rc = OpenConnection(db, filename, flags);
  }
  if (rc != SQLITE_OK) {
    db->magic = Magic::kSick;
    return rc;
  }
  ClearError(db);
  return SQLITE_OK;
}

// sqlite3_close and sqlite3_close_v2: with statements alive, close refuses (SQLITE_BUSY) and
// close_v2 defers the free to the last finalize.
int Close(sqlite3* db, bool defer) {
  if (db == nullptr) return SQLITE_OK;
  if (!IsReadable(db)) return SQLITE_MISUSE;
  if (InUse(db)) {
    if (!defer) {
      return SetError(db, SQLITE_BUSY,
                      "unable to close due to unfinalized statements or unfinished backups");
    }
    db->magic = Magic::kZombie;
    return SQLITE_OK;
  }
  if (db->trace_callback != nullptr && (db->trace_mask & SQLITE_TRACE_CLOSE) != 0) {
    db->trace_callback(SQLITE_TRACE_CLOSE, db->trace_arg, db, nullptr);
  }
  db->magic = Magic::kClosed;
  delete db;
  return SQLITE_OK;
}

}  // namespace
}  // namespace simlite::api

using simlite::api::IsReadable;
using simlite::api::IsUsable;

extern "C" {

int sqlite3_open_v2(const char* filename, sqlite3** db, int flags, const char* vfs) {
  return simlite::api::Open(filename, db, flags, vfs);
}

int sqlite3_open(const char* filename, sqlite3** db) {
  return simlite::api::Open(filename, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
}

int sqlite3_open16(const void* filename, sqlite3** db) {
  if (filename == nullptr) return sqlite3_open(nullptr, db);
  std::string utf8;
  simlite::api::Utf16ToUtf8(filename, simlite::api::Utf16Bytes(filename),
                            simlite::api::NativeUtf16(), &utf8);
  return sqlite3_open(utf8.c_str(), db);
}

int sqlite3_close(sqlite3* db) { return simlite::api::Close(db, false); }
int sqlite3_close_v2(sqlite3* db) { return simlite::api::Close(db, true); }

int sqlite3_errcode(sqlite3* db) {
  if (db != nullptr && !IsReadable(db)) return SQLITE_MISUSE;
  if (db == nullptr) return SQLITE_NOMEM;
  return db->error_code & db->error_mask;
}

int sqlite3_extended_errcode(sqlite3* db) {
  if (db != nullptr && !IsReadable(db)) return SQLITE_MISUSE;
  if (db == nullptr) return SQLITE_NOMEM;
  return db->error_code;
}

const char* sqlite3_errmsg(sqlite3* db) {
  if (db == nullptr) return sqlite3_errstr(SQLITE_NOMEM);
  if (!IsReadable(db)) return sqlite3_errstr(SQLITE_MISUSE);
  return simlite::api::ErrorMessage(db);
}

const void* sqlite3_errmsg16(sqlite3* db) {
  static const char16_t kOutOfMemory[] = u"out of memory";
  static const char16_t kMisuse[] = u"bad parameter or other API misuse";
  if (db == nullptr) return kOutOfMemory;
  if (!IsReadable(db)) return kMisuse;
  simlite::api::Utf8ToUtf16(simlite::api::ErrorMessage(db), simlite::api::NativeUtf16(),
                            &db->error_message16);
  return db->error_message16.c_str();
}

const char* sqlite3_errstr(int code) { return simlite::ErrStr(static_cast<simlite::Rc>(code)); }

int sqlite3_error_offset(sqlite3* db) {
  return IsReadable(db) && db->error_code != SQLITE_OK ? db->error_offset : -1;
}

int sqlite3_extended_result_codes(sqlite3* db, int on) {
  if (!IsUsable(db)) return SQLITE_MISUSE;
  db->error_mask = on != 0 ? ~0 : 0xff;
  return SQLITE_OK;
}

int sqlite3_limit(sqlite3* db, int id, int value) {
  if (!IsUsable(db) || id < 0 || id >= simlite::api::kLimitCount) return -1;
  int old = db->limits[id];
  if (value >= 0) db->limits[id] = std::min(value, simlite::api::kDefaultLimits[id]);
  if (id == SQLITE_LIMIT_FUNCTION_ARG) db->connection->SetFunctionArgLimit(db->limits[id]);
  return old;
}

}  // extern "C"
