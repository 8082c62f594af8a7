// TEMPORARY: entry points whose implementation is in progress; each reports "not available".
#include "api/database.h"

extern "C" {

sqlite3_backup* sqlite3_backup_init(sqlite3* dest, const char*, sqlite3*, const char*) {
  if (dest != nullptr) simlite::api::SetError(dest, SQLITE_ERROR, "backup is not available");
  return nullptr;
}
int sqlite3_backup_step(sqlite3_backup*, int) { return SQLITE_MISUSE; }
int sqlite3_backup_finish(sqlite3_backup*) { return SQLITE_OK; }
int sqlite3_backup_remaining(sqlite3_backup*) { return 0; }
int sqlite3_backup_pagecount(sqlite3_backup*) { return 0; }
int sqlite3_blob_open(sqlite3* db, const char*, const char*, const char*, sqlite3_int64, int,
                      sqlite3_blob** blob) {
  *blob = nullptr;
  return simlite::api::SetError(db, SQLITE_ERROR, "incremental blob I/O is not available");
}
int sqlite3_blob_reopen(sqlite3_blob*, sqlite3_int64) { return SQLITE_MISUSE; }
int sqlite3_blob_close(sqlite3_blob*) { return SQLITE_OK; }
int sqlite3_blob_bytes(sqlite3_blob*) { return 0; }
int sqlite3_blob_read(sqlite3_blob*, void*, int, int) { return SQLITE_MISUSE; }
int sqlite3_blob_write(sqlite3_blob*, const void*, int, int) { return SQLITE_MISUSE; }
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
char* sqlite3_expanded_sql(sqlite3_stmt*) { return nullptr; }
int sqlite3_stmt_isexplain(sqlite3_stmt*) { return 0; }
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
