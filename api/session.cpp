// The session extension (sqlite3session.h): not available. simlite records no changes, so a
// session cannot be created (SQLITE_ERROR with a message on the connection); the functions
// that take a session report misuse, since no valid session can exist.
#include "api/database.h"
#include "api/sqlite3session.h"

extern "C" {

int sqlite3session_create(sqlite3* db, const char*, sqlite3_session** session) {
  if (session != nullptr) *session = nullptr;
  if (!simlite::api::IsUsable(db)) return SQLITE_MISUSE;
  return simlite::api::SetError(db, SQLITE_ERROR, "simlite does not support sessions");
}

void sqlite3session_delete(sqlite3_session*) {}
int sqlite3session_enable(sqlite3_session*, int) { return 0; }
int sqlite3session_indirect(sqlite3_session*, int) { return 0; }
int sqlite3session_attach(sqlite3_session*, const char*) { return SQLITE_MISUSE; }
void sqlite3session_table_filter(sqlite3_session*, int (*)(void*, const char*), void*) {}

int sqlite3session_changeset(sqlite3_session*, int* size, void** changeset) {
  if (size != nullptr) *size = 0;
  if (changeset != nullptr) *changeset = nullptr;
  return SQLITE_MISUSE;
}

int sqlite3session_patchset(sqlite3_session* session, int* size, void** patchset) {
  return sqlite3session_changeset(session, size, patchset);
}

int sqlite3session_isempty(sqlite3_session*) { return 1; }

}  // extern "C"
