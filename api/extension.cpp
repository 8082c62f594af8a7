// Features simlite does not have yet, answered as SQLite answers when they are not available:
// loadable extensions (SQLite built with SQLITE_OMIT_LOAD_EXTENSION's behaviour: loading is
// refused with an error message), virtual tables (modules cannot be registered: SQLITE_ERROR;
// the vtab functions are only valid inside a virtual table's methods, which never run:
// SQLITE_MISUSE), and application VFSes (sqlite3_vfs_find sees only simlite's own "unix").
#include <cstring>

#include "api/database.h"
#include "api/memory.h"

using simlite::api::IsUsable;

namespace {

constexpr char kNoExtensions[] = "simlite does not load extensions";
constexpr char kNoVirtualTables[] = "simlite does not support virtual tables";

int NoRandomness(sqlite3_vfs*, int n, char* out) {
  sqlite3_randomness(n, out);
  return n;
}

int Sleep(sqlite3_vfs*, int microseconds) {
  sqlite3_sleep((microseconds + 999) / 1000);
  return microseconds;
}

int NoLastError(sqlite3_vfs*, int, char*) { return 0; }

int NoOpen(sqlite3_vfs*, sqlite3_filename, sqlite3_file*, int, int*) { return SQLITE_CANTOPEN; }

// The one VFS simlite has: its io/ layer, under SQLite's name for the default Unix VFS. Only
// the methods that need no file work; files are opened through sqlite3_open_v2.
sqlite3_vfs unix_vfs = {
    .iVersion = 1,
    .szOsFile = static_cast<int>(sizeof(sqlite3_file)),
    .mxPathname = 512,
    .pNext = nullptr,
    .zName = "unix",
    .pAppData = nullptr,
    .xOpen = NoOpen,
    .xDelete = nullptr,
    .xAccess = nullptr,
    .xFullPathname = nullptr,
    .xDlOpen = nullptr,
    .xDlError = nullptr,
    .xDlSym = nullptr,
    .xDlClose = nullptr,
    .xRandomness = NoRandomness,
    .xSleep = Sleep,
    .xCurrentTime = nullptr,
    .xGetLastError = NoLastError,
    .xCurrentTimeInt64 = nullptr,
    .xSetSystemCall = nullptr,
    .xGetSystemCall = nullptr,
    .xNextSystemCall = nullptr,
};

// Registered VFSes (the application's), most recently registered default first.
sqlite3_vfs* vfs_list = &unix_vfs;

}  // namespace

extern "C" {

int sqlite3_enable_load_extension(sqlite3* db, int) {
  return IsUsable(db) ? SQLITE_OK : SQLITE_MISUSE;
}

int sqlite3_load_extension(sqlite3* db, const char*, const char*, char** errmsg) {
  if (errmsg != nullptr) *errmsg = nullptr;
  if (!IsUsable(db)) return SQLITE_MISUSE;
  if (errmsg != nullptr) *errmsg = simlite::api::CopyString(kNoExtensions);
  return simlite::api::SetError(db, SQLITE_ERROR, kNoExtensions);
}

int sqlite3_create_module_v2(sqlite3* db, const char*, const sqlite3_module*, void* arg,
                             void (*destroy)(void*)) {
  if (destroy != nullptr) destroy(arg);
  if (!IsUsable(db)) return SQLITE_MISUSE;
  return simlite::api::SetError(db, SQLITE_ERROR, kNoVirtualTables);
}

int sqlite3_create_module(sqlite3* db, const char* name, const sqlite3_module* module,
                          void* arg) {
  return sqlite3_create_module_v2(db, name, module, arg, nullptr);
}

int sqlite3_declare_vtab(sqlite3* db, const char*) {
  (void)db;
  return SQLITE_MISUSE;
}

int sqlite3_vtab_config(sqlite3*, int, ...) { return SQLITE_MISUSE; }
int sqlite3_vtab_on_conflict(sqlite3*) { return SQLITE_ABORT; }
int sqlite3_vtab_nochange(sqlite3_context*) { return 0; }
const char* sqlite3_vtab_collation(sqlite3_index_info*, int) { return "BINARY"; }

// Virtual tables overload functions; with none, there is nothing to overload.
int sqlite3_overload_function(sqlite3* db, const char*, int) {
  return IsUsable(db) ? SQLITE_OK : SQLITE_MISUSE;
}

sqlite3_vfs* sqlite3_vfs_find(const char* name) {
  for (sqlite3_vfs* vfs = vfs_list; vfs != nullptr; vfs = vfs->pNext) {
    if (name == nullptr || std::strcmp(name, vfs->zName) == 0) return vfs;
  }
  return nullptr;
}

// An application's VFS joins the list (so that sqlite3_vfs_find sees it, as programs that wrap
// the default VFS expect), but simlite opens databases through its own io/ layer.
int sqlite3_vfs_register(sqlite3_vfs* vfs, int make_default) {
  if (vfs == nullptr) return SQLITE_MISUSE;
  sqlite3_vfs_unregister(vfs);
  if (make_default != 0 || vfs_list == nullptr) {
    vfs->pNext = vfs_list;
    vfs_list = vfs;
  } else {
    vfs->pNext = vfs_list->pNext;
    vfs_list->pNext = vfs;
  }
  return SQLITE_OK;
}

int sqlite3_vfs_unregister(sqlite3_vfs* vfs) {
  if (vfs == nullptr) return SQLITE_MISUSE;
  for (sqlite3_vfs** link = &vfs_list; *link != nullptr; link = &(*link)->pNext) {
    if (*link == vfs) {
      *link = vfs->pNext;
      break;
    }
  }
  return SQLITE_OK;
}

}  // extern "C"
