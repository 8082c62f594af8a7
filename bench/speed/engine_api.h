// EngineApi: the part of SQLite's C API that simlite-speed calls, loaded with dlopen() from one
// libsqlite3.so.0 (simlite's or the system's). Each library is opened RTLD_LOCAL and the
// benchmark links neither, so the two engines' sqlite3_* symbols never meet in one scope.
#pragma once

#include <sqlite3.h>  // types and constants only: nothing here calls a sqlite3_* directly

#include <string>

namespace simlite::bench {

class EngineApi {
 public:
  // Opens `library_path` and resolves every function below. On failure returns false and
  // sets *error to dlerror()'s words; the object is then unusable.
  bool Load(const std::string& library_path, std::string* error);

  decltype(&::sqlite3_open_v2) open_v2 = nullptr;
  decltype(&::sqlite3_close_v2) close_v2 = nullptr;
  decltype(&::sqlite3_prepare_v2) prepare_v2 = nullptr;
  decltype(&::sqlite3_step) step = nullptr;
  decltype(&::sqlite3_reset) reset = nullptr;
  decltype(&::sqlite3_finalize) finalize = nullptr;
  decltype(&::sqlite3_bind_int64) bind_int64 = nullptr;
  decltype(&::sqlite3_bind_double) bind_double = nullptr;
  decltype(&::sqlite3_bind_text) bind_text = nullptr;
  decltype(&::sqlite3_column_count) column_count = nullptr;
  decltype(&::sqlite3_column_type) column_type = nullptr;
  decltype(&::sqlite3_column_int64) column_int64 = nullptr;
  decltype(&::sqlite3_column_double) column_double = nullptr;
  decltype(&::sqlite3_column_text) column_text = nullptr;
  decltype(&::sqlite3_column_blob) column_blob = nullptr;
  decltype(&::sqlite3_column_bytes) column_bytes = nullptr;
  decltype(&::sqlite3_changes) changes = nullptr;
  decltype(&::sqlite3_errmsg) errmsg = nullptr;
  decltype(&::sqlite3_libversion) libversion = nullptr;

 private:
  void* handle_ = nullptr;  // never closed: the process (a forked child) exits instead
};

}  // namespace simlite::bench
