// Connection-level queries and settings: change counters, autocommit, interrupt, file names,
// status and configuration (sqlite3_db_config), and the busy handler.
#include <cstdarg>
#include <cstring>

#include "api/database.h"
#include "api/uri.h"

using simlite::api::IsUsable;

namespace {

// The SQLITE_DBCONFIG_* options that take (int, int*): simlite keeps their values so that
// applications read back what they set; they do not change the engine's behaviour yet.
constexpr int kFirstFlagOption = SQLITE_DBCONFIG_ENABLE_FKEY;
constexpr int kFlagOptionCount = SQLITE_DBCONFIG_MAX - kFirstFlagOption + 1;

// Each option's default, from SQLITE_DBCONFIG_ENABLE_FKEY on (Debian's build).
constexpr int kFlagDefaults[kFlagOptionCount] = {
    0,  // ENABLE_FKEY
    1,  // ENABLE_TRIGGER
    0,  // ENABLE_FTS3_TOKENIZER
    0,  // ENABLE_LOAD_EXTENSION
    0,  // NO_CKPT_ON_CLOSE
    0,  // ENABLE_QPSG
    0,  // TRIGGER_EQP
    0,  // RESET_DATABASE
    0,  // DEFENSIVE
    0,  // WRITABLE_SCHEMA
    0,  // LEGACY_ALTER_TABLE
    1,  // DQS_DML
    1,  // DQS_DDL
    1,  // ENABLE_VIEW
    0,  // LEGACY_FILE_FORMAT
    1,  // TRUSTED_SCHEMA
};

int* FlagSlot(sqlite3* db, int op) {
  if (db->config_flags.empty()) {
    db->config_flags.assign(std::begin(kFlagDefaults), std::end(kFlagDefaults));
  }
  return &db->config_flags[static_cast<size_t>(op - kFirstFlagOption)];
}

bool IsMain(const char* schema) {
  return schema == nullptr || std::strcmp(schema, "main") == 0;
}

}  // namespace

extern "C" {

sqlite3_int64 sqlite3_last_insert_rowid(sqlite3* db) {
  return IsUsable(db) ? db->connection->last_insert_rowid() : 0;
}

void sqlite3_set_last_insert_rowid(sqlite3* db, sqlite3_int64 rowid) {
  if (IsUsable(db)) db->connection->SetLastInsertRowid(rowid);
}

sqlite3_int64 sqlite3_changes64(sqlite3* db) {
  return IsUsable(db) ? db->connection->changes() : 0;
}

int sqlite3_changes(sqlite3* db) { return static_cast<int>(sqlite3_changes64(db)); }

sqlite3_int64 sqlite3_total_changes64(sqlite3* db) {
  return IsUsable(db) ? db->connection->total_changes() : 0;
}

int sqlite3_total_changes(sqlite3* db) { return static_cast<int>(sqlite3_total_changes64(db)); }

int sqlite3_get_autocommit(sqlite3* db) {
  return IsUsable(db) && db->connection->autocommit() ? 1 : 0;
}

void sqlite3_interrupt(sqlite3* db) {
  if (IsUsable(db)) db->connection->Interrupt();
}

int sqlite3_txn_state(sqlite3* db, const char* schema) {
  if (!IsUsable(db)) return -1;
  if (!IsMain(schema) && std::strcmp(schema, "temp") != 0) return -1;
  return static_cast<int>(db->connection->transaction_state());
}

int sqlite3_db_readonly(sqlite3* db, const char* schema) {
  if (!IsUsable(db) || !IsMain(schema)) return -1;
  return db->read_only ? 1 : 0;
}

// The main database's file name (sqlite3_filename layout, see uri.h); "" for temporary and
// in-memory databases; null for other schemas.
sqlite3_filename sqlite3_db_filename(sqlite3* db, const char* schema) {
  if (!IsUsable(db) || !IsMain(schema)) return nullptr;
  return db->filename.c_str();
}

const char* sqlite3_db_name(sqlite3* db, int n) {
  if (!IsUsable(db)) return nullptr;
  return n == 0 ? "main" : n == 1 ? "temp" : nullptr;
}

const char* sqlite3_uri_parameter(sqlite3_filename filename, const char* key) {
  return key == nullptr ? nullptr : simlite::api::UriParameter(filename, key);
}

const char* sqlite3_uri_key(sqlite3_filename filename, int n) {
  return simlite::api::UriKey(filename, n);
}

int sqlite3_uri_boolean(sqlite3_filename filename, const char* key, int default_value) {
  const char* value = sqlite3_uri_parameter(filename, key);
  if (value == nullptr) return default_value != 0;
  for (const char* yes : {"1", "on", "yes", "true"}) {
    if (sqlite3_stricmp(value, yes) == 0) return 1;
  }
  for (const char* no : {"0", "off", "no", "false"}) {
    if (sqlite3_stricmp(value, no) == 0) return 0;
  }
  return default_value != 0;
}

sqlite3_int64 sqlite3_uri_int64(sqlite3_filename filename, const char* key,
                                sqlite3_int64 default_value) {
  const char* value = sqlite3_uri_parameter(filename, key);
  if (value == nullptr) return default_value;
  char* end = nullptr;
  long long number = std::strtoll(value, &end, 10);
  return end != value && *end == '\0' ? number : default_value;
}

const char* sqlite3_filename_database(sqlite3_filename filename) { return filename; }

// simlite names no journal or WAL file of its own: null (as for an in-memory database).
const char* sqlite3_filename_journal(sqlite3_filename) { return nullptr; }
const char* sqlite3_filename_wal(sqlite3_filename) { return nullptr; }

int sqlite3_db_status(sqlite3* db, int op, int* current, int* highwater, int) {
  if (!IsUsable(db) || current == nullptr || highwater == nullptr) return SQLITE_MISUSE;
  if (op < 0 || op > SQLITE_DBSTATUS_MAX) return SQLITE_ERROR;
  *current = 0;
  *highwater = 0;
  return SQLITE_OK;
}

int sqlite3_db_cacheflush(sqlite3* db) { return IsUsable(db) ? SQLITE_OK : SQLITE_MISUSE; }
int sqlite3_db_release_memory(sqlite3* db) { return IsUsable(db) ? SQLITE_OK : SQLITE_MISUSE; }
int sqlite3_system_errno(sqlite3*) { return 0; }

// No VFS file controls yet: every operation is unknown to the (absent) VFS.
int sqlite3_file_control(sqlite3* db, const char*, int, void*) {
  return IsUsable(db) ? SQLITE_NOTFOUND : SQLITE_MISUSE;
}

sqlite3_mutex* sqlite3_db_mutex(sqlite3* db) { return db == nullptr ? nullptr : &db->mutex; }

int sqlite3_db_config(sqlite3* db, int op, ...) {
  if (!IsUsable(db)) return SQLITE_MISUSE;
  va_list ap;
  va_start(ap, op);
  int rc = SQLITE_OK;
  if (op == SQLITE_DBCONFIG_MAINDBNAME || op == SQLITE_DBCONFIG_LOOKASIDE) {
    // Accepted and ignored: simlite has no lookaside allocator and names "main" itself.
  } else if (op >= kFirstFlagOption && op <= SQLITE_DBCONFIG_MAX) {
    int value = va_arg(ap, int);
    int* out = va_arg(ap, int*);
    int* slot = FlagSlot(db, op);
    if (value > 0) *slot = 1;
    if (value == 0) *slot = 0;
    if (out != nullptr) *out = *slot;
  } else {
    rc = SQLITE_ERROR;
  }
  va_end(ap);
  return rc;
}

int sqlite3_wal_checkpoint_v2(sqlite3* db, const char* schema, int mode, int* log_frames,
                              int* checkpointed_frames) {
  if (log_frames != nullptr) *log_frames = -1;
  if (checkpointed_frames != nullptr) *checkpointed_frames = -1;
  if (!IsUsable(db)) return SQLITE_MISUSE;
  if (mode < SQLITE_CHECKPOINT_PASSIVE || mode > SQLITE_CHECKPOINT_TRUNCATE) {
    return simlite::api::SetError(db, SQLITE_MISUSE);
  }
  if (schema != nullptr && schema[0] != '\0' && !IsMain(schema)) {
    return simlite::api::SetError(db, SQLITE_ERROR, std::string("unknown database: ") + schema);
  }
  int log = -1;
  int checkpointed = -1;
  simlite::Rc rc = db->connection->Checkpoint(mode, &log, &checkpointed);
  if (log_frames != nullptr) *log_frames = log;
  if (checkpointed_frames != nullptr) *checkpointed_frames = checkpointed;
  if (rc != simlite::Rc::kOk) return simlite::api::SetEngineError(db, rc);
  simlite::api::ClearError(db);
  return SQLITE_OK;
}

int sqlite3_wal_checkpoint(sqlite3* db, const char* schema) {
  return sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
}

int sqlite3_wal_autocheckpoint(sqlite3* db, int pages) {
  if (!IsUsable(db)) return SQLITE_MISUSE;
  db->connection->SetWalAutocheckpoint(pages);
  return SQLITE_OK;
}

int sqlite3_busy_handler(sqlite3* db, int (*handler)(void*, int), void* arg) {
  if (!IsUsable(db)) return SQLITE_MISUSE;
  db->busy_handler = handler;
  db->busy_arg = arg;
  db->busy_timeout_ms = 0;
  if (handler == nullptr) {
    db->connection->SetBusyHandler(nullptr);
  } else {
    db->connection->SetBusyHandler(
        [handler, arg](int attempt) { return handler(arg, attempt) != 0; });
  }
  return SQLITE_OK;
}

int sqlite3_busy_timeout(sqlite3* db, int ms) {
  if (!IsUsable(db)) return SQLITE_MISUSE;
  db->busy_handler = nullptr;
  db->busy_arg = nullptr;
  db->busy_timeout_ms = ms > 0 ? ms : 0;
  db->connection->SetBusyTimeout(db->busy_timeout_ms);
  return SQLITE_OK;
}

}  // extern "C"
