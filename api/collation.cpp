// Application-defined collations: not available. The engine compares text with its three
// built-in collations only (BINARY, NOCASE, RTRIM: btree/record.h), so a new collation cannot
// be registered: SQLITE_ERROR with a message, and (as SQLite documents for a failed
// sqlite3_create_collation_v2) xDestroy is not called. Removing one (a null xCompare) succeeds:
// there is none to remove. SQL that names an unknown collation fails as in SQLite ("no such
// collation sequence").
#include "api/database.h"

namespace {

constexpr char kNoCollations[] = "simlite does not support application-defined collations";

}  // namespace

extern "C" {

int sqlite3_create_collation_v2(sqlite3* db, const char* name, int, void*,
                                int (*compare)(void*, int, const void*, int, const void*),
                                void (*)(void*)) {
  if (!simlite::api::IsUsable(db) || name == nullptr) return SQLITE_MISUSE;
  if (compare == nullptr) {
    simlite::api::ClearError(db);
    return SQLITE_OK;
  }
  return simlite::api::SetError(db, SQLITE_ERROR, kNoCollations);
}

int sqlite3_create_collation(sqlite3* db, const char* name, int encoding, void* arg,
                             int (*compare)(void*, int, const void*, int, const void*)) {
  return sqlite3_create_collation_v2(db, name, encoding, arg, compare, nullptr);
}

// The callback would be asked for collations the engine cannot use anyway: it is recorded
// nowhere and never called.
int sqlite3_collation_needed(sqlite3* db, void*, void (*)(void*, sqlite3*, int, const char*)) {
  return simlite::api::IsUsable(db) ? SQLITE_OK : SQLITE_MISUSE;
}

}  // extern "C"
