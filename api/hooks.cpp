// Callbacks an application registers on a connection: tracing (run by the C API around each
// statement, statement.cpp), the progress handler, the authorizer and the commit, rollback
// and update hooks. The progress handler runs in the engine at a coarser grain than SQLite's
// (engine/connection.h); the authorizer runs in codegen while statements compile
// (codegen/authorizer.h). The engine does not call the last three yet: they are recorded and
// returned as SQLite returns them, and docs/compat.md says they do not fire.
#include "api/database.h"
#include "api/statement.h"

using simlite::api::IsUsable;

extern "C" {

int sqlite3_trace_v2(sqlite3* db, unsigned mask, int (*callback)(unsigned, void*, void*, void*),
                     void* arg) {
  if (!IsUsable(db)) return SQLITE_MISUSE;
  if (callback == nullptr) mask = 0;
  db->trace_mask = mask;
  db->trace_callback = mask == 0 ? nullptr : callback;
  db->trace_arg = arg;
  return SQLITE_OK;
}

void sqlite3_progress_handler(sqlite3* db, int ops, int (*handler)(void*), void* arg) {
  if (!IsUsable(db)) return;
  bool on = ops > 0 && handler != nullptr;
  db->progress_handler = on ? handler : nullptr;
  db->progress_arg = on ? arg : nullptr;
  db->progress_ops = on ? ops : 0;
  if (!on) {
    db->connection->SetProgressHandler(0, nullptr);
    return;
  }
  // SQLite counts virtual machine instructions; simlite's engine counts coarser units of
  // work (engine/connection.h), so the handler runs less often for the same N.
  db->connection->SetProgressHandler(ops, [handler, arg] { return handler(arg) != 0; });
}

int sqlite3_set_authorizer(sqlite3* db,
                           int (*authorizer)(void*, int, const char*, const char*, const char*,
                                             const char*),
                           void* arg) {
  if (!IsUsable(db)) return SQLITE_MISUSE;
  db->authorizer = authorizer;
  db->authorizer_arg = arg;
  if (authorizer == nullptr) {
    db->connection->SetAuthorizer(nullptr);
  } else {
    db->connection->SetAuthorizer(
        [authorizer, arg](int action, const char* arg1, const char* arg2, const char* database,
                          const char* inner) {
          return authorizer(arg, action, arg1, arg2, database, inner);
        });
  }
  // As SQLite: statements prepared before are prepared again (under the new authorizer)
  // before they next run.
  for (sqlite3_stmt* stmt = db->statements; stmt != nullptr; stmt = stmt->next) {
    stmt->expired = true;
  }
  return SQLITE_OK;
}

void* sqlite3_commit_hook(sqlite3* db, int (*hook)(void*), void* arg) {
  if (!IsUsable(db)) return nullptr;
  void* previous = db->commit_arg;
  db->commit_hook = hook;
  db->commit_arg = arg;
  return previous;
}

void* sqlite3_rollback_hook(sqlite3* db, void (*hook)(void*), void* arg) {
  if (!IsUsable(db)) return nullptr;
  void* previous = db->rollback_arg;
  db->rollback_hook = hook;
  db->rollback_arg = arg;
  return previous;
}

void* sqlite3_update_hook(sqlite3* db,
                          void (*hook)(void*, int, const char*, const char*, sqlite3_int64),
                          void* arg) {
  if (!IsUsable(db)) return nullptr;
  void* previous = db->update_arg;
  db->update_hook = hook;
  db->update_arg = arg;
  return previous;
}

}  // extern "C"
