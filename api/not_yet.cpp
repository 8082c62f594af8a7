// TEMPORARY: entry points whose implementation is in progress; each reports "not available".
#include "api/database.h"

extern "C" {

unsigned char* sqlite3_serialize(sqlite3*, const char*, sqlite3_int64*, unsigned int) {
  return nullptr;
}
int sqlite3_deserialize(sqlite3* db, const char*, unsigned char*, sqlite3_int64, sqlite3_int64,
                        unsigned) {
  return simlite::api::SetError(db, SQLITE_ERROR, "deserialize is not available");
}
int sqlite3_create_collation_v2(sqlite3* db, const char*, int, void* arg,
                                int (*)(void*, int, const void*, int, const void*),
                                void (*)(void*)) {
  (void)arg;
  return simlite::api::SetError(db, SQLITE_ERROR, "collations are not available");
}
int sqlite3_create_collation(sqlite3* db, const char* name, int rep, void* arg,
                             int (*compare)(void*, int, const void*, int, const void*)) {
  return sqlite3_create_collation_v2(db, name, rep, arg, compare, nullptr);
}
int sqlite3_collation_needed(sqlite3*, void*, void (*)(void*, sqlite3*, int, const char*)) {
  return SQLITE_OK;
}
int sqlite3_table_column_metadata(sqlite3* db, const char*, const char*, const char*,
                                  char const**, char const**, int*, int*, int*) {
  return simlite::api::SetError(db, SQLITE_ERROR, "not available");
}
int sqlite3_wal_autocheckpoint(sqlite3*, int) { return SQLITE_OK; }
int sqlite3_wal_checkpoint(sqlite3*, const char*) { return SQLITE_OK; }
int sqlite3_wal_checkpoint_v2(sqlite3*, const char*, int, int*, int*) { return SQLITE_OK; }
int sqlite3_create_function16(sqlite3*, const void*, int, int, void*,
                              void (*)(sqlite3_context*, int, sqlite3_value**),
                              void (*)(sqlite3_context*, int, sqlite3_value**),
                              void (*)(sqlite3_context*)) {
  return SQLITE_MISUSE;
}

}  // extern "C"
