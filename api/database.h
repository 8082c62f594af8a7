// struct sqlite3: one database connection of the C API, over an engine::Connection.
//
// Invariants:
//  1. magic tells the handle's state: kOpen (usable), kSick (sqlite3_open failed: only the
//     error functions and sqlite3_close work), kZombie (sqlite3_close_v2 was called while
//     statements were alive: the last sqlite3_finalize frees the handle). SQLite's own misuse
//     checks (sqlite3SafetyCheckOk) test the same states, and we return SQLITE_MISUSE where it
//     does.
//  2. error_code / error_message are the connection's error state as sqlite3_errcode,
//     sqlite3_extended_errcode and sqlite3_errmsg report it: set by every API call that SQLite
//     documents as setting it, from the engine's message or from SQLite's fixed wording. The
//     pointer sqlite3_errmsg returns stays valid until the next call that changes the state.
//  3. statements lists every prepared statement of the connection, newest first (the order
//     sqlite3_next_stmt walks).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/function.h"
#include "api/mutex.h"
#include "api/sqlite3.h"
#include "common/result_code.h"
#include "engine/connection.h"

namespace simlite::api {

// How many SQLITE_LIMIT_* categories there are.
constexpr int kLimitCount = 12;

enum class Magic : uint32_t {
  kOpen = 0xa029a697,
  kSick = 0x4b771290,
  kZombie = 0x64cffc7f,
  kClosed = 0x9f3c2d26,
};

// An application collation in one text encoding (sqlite3_create_collation_v2). It lives until
// it is replaced or removed in its encoding, or its connection closes; xDestroy runs then,
// once. The engine's comparator for the name (collation.cpp) points at one of these.
struct UserCollation {
  ~UserCollation() {
    if (destroy != nullptr) destroy(arg);
  }
  std::string name;
  int encoding = SQLITE_UTF8;  // SQLITE_UTF8, SQLITE_UTF16LE or SQLITE_UTF16BE
  void* arg = nullptr;
  int (*compare)(void*, int, const void*, int, const void*) = nullptr;
  void (*destroy)(void*) = nullptr;
};

}  // namespace simlite::api

struct sqlite3 {
  simlite::api::Magic magic = simlite::api::Magic::kOpen;
  // Application-defined functions (function.h); declared before the connection, which refers
  // to them, so that the connection is destroyed first.
  std::vector<std::unique_ptr<simlite::api::UserFunction>> functions;
  std::vector<std::unique_ptr<simlite::api::UserCollation>> collations;  // the same
  std::unique_ptr<simlite::engine::Connection> connection;
  std::string filename;  // as given to sqlite3_open (NUL-terminated for sqlite3_db_filename)

  // Error state (invariant 2). error_offset is sqlite3_error_offset's byte offset, or -1.
  int error_code = SQLITE_OK;
  // The message: error_text when it is SQLite's fixed wording of the code (no copy: steps set
  // SQLITE_ROW at every row), else error_message.
  std::string error_message;
  const char* error_text = nullptr;
  int error_offset = -1;
  std::u16string error_message16;  // sqlite3_errmsg16's copy
  // sqlite3_extended_result_codes: 0xff (primary codes only) or ~0 (extended codes).
  int error_mask = 0xff;

  sqlite3_stmt* statements = nullptr;  // invariant 3
  int open_blobs = 0;                  // sqlite3_blob handles (they count as statements)
  int open_backups = 0;                // sqlite3_backup objects reading or writing this db
  int limits[simlite::api::kLimitCount] = {};
  bool read_only = false;
  std::vector<int> config_flags;  // sqlite3_db_config's (int, int*) options, once one is used
  // The strings the last sqlite3_table_column_metadata returned.
  std::string metadata_type;
  std::string metadata_collation;

  // Callbacks the application registered.
  int (*busy_handler)(void*, int) = nullptr;
  void* busy_arg = nullptr;
  int busy_timeout_ms = 0;
  unsigned trace_mask = 0;
  int (*trace_callback)(unsigned, void*, void*, void*) = nullptr;
  void* trace_arg = nullptr;
  int (*progress_handler)(void*) = nullptr;
  void* progress_arg = nullptr;
  int progress_ops = 0;
  int (*authorizer)(void*, int, const char*, const char*, const char*, const char*) = nullptr;
  void* authorizer_arg = nullptr;
  void (*collation_needed)(void*, sqlite3*, int, const char*) = nullptr;
  void (*collation_needed16)(void*, sqlite3*, int, const void*) = nullptr;
  void* collation_needed_arg = nullptr;
  int (*commit_hook)(void*) = nullptr;
  void* commit_arg = nullptr;
  void (*rollback_hook)(void*) = nullptr;
  void* rollback_arg = nullptr;
  void (*update_hook)(void*, int, const char*, const char*, sqlite3_int64) = nullptr;
  void* update_arg = nullptr;

  // sqlite3_db_mutex: the library itself never takes it (a connection is used from one thread
  // at a time, as engine/connection.h requires); applications may.
  sqlite3_mutex mutex{SQLITE_MUTEX_RECURSIVE};
};

namespace simlite::api {

// SQLite's sqlite3SafetyCheckOk: a handle that may be used (not null, open, not sick).
bool IsUsable(const sqlite3* db);
// sqlite3SafetyCheckSickOrOk: a handle whose error state may be read.
bool IsReadable(const sqlite3* db);

// Sets the error state to `code` with SQLite's wording for it (sqlite3_errstr), or to
// `message` when given. Returns code masked by the connection's error mask, for returning.
int SetError(sqlite3* db, int code, std::string_view message = {});
int SetError(sqlite3* db, Rc rc, std::string_view message = {});
// Sets the error state from the engine connection's last error (code rc).
int SetEngineError(sqlite3* db, Rc rc);
// SQLITE_OK with "not an error".
void ClearError(sqlite3* db);
// The message of the error state (what sqlite3_errmsg returns).
inline const char* ErrorMessage(const sqlite3* db) {
  return db->error_text != nullptr ? db->error_text : db->error_message.c_str();
}
// What an API function returns for `code`: masked to the primary code unless extended result
// codes are on.
inline int Masked(const sqlite3* db, int code) { return code & db->error_mask; }

// The default values of the SQLITE_LIMIT_* categories (Debian's build of SQLite 3.40.1).
extern const int kDefaultLimits[kLimitCount];

// Unlinks stmt from db's list (sqlite3_finalize), then FreeIfZombie.
void ForgetStatement(sqlite3* db, sqlite3_stmt* stmt);
// Frees a zombie db (sqlite3_close_v2) once no statement, blob or backup uses it.
void FreeIfZombie(sqlite3* db);
// True while statements, blobs or backups use db (sqlite3_close refuses then).
bool InUse(const sqlite3* db);

}  // namespace simlite::api
