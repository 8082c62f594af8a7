// EngineApi: dlopen() and dlsym() of the C API's functions.
#include "bench/speed/engine_api.h"

#include <dlfcn.h>

namespace simlite::bench {

namespace {

// Resolves `name` into *function; false (and *error set) when the library lacks it.
template <typename Function>
bool Resolve(void* handle, const char* name, Function* function, std::string* error) {
  void* symbol = dlsym(handle, name);
  if (symbol == nullptr) {
    *error = std::string("missing symbol ") + name;
    return false;
  }
  *function = reinterpret_cast<Function>(symbol);
  return true;
}

}  // namespace

bool EngineApi::Load(const std::string& library_path, std::string* error) {
  // RTLD_LOCAL: this library's symbols stay out of the global scope, so a second libsqlite3
  // loaded later binds its own internal calls to itself, not to this one.
  handle_ = dlopen(library_path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle_ == nullptr) {
    const char* why = dlerror();
    *error = why ? why : ("cannot load " + library_path);
    return false;
  }
  return Resolve(handle_, "sqlite3_open_v2", &open_v2, error) &&
         Resolve(handle_, "sqlite3_close_v2", &close_v2, error) &&
         Resolve(handle_, "sqlite3_prepare_v2", &prepare_v2, error) &&
         Resolve(handle_, "sqlite3_step", &step, error) &&
         Resolve(handle_, "sqlite3_reset", &reset, error) &&
         Resolve(handle_, "sqlite3_finalize", &finalize, error) &&
         Resolve(handle_, "sqlite3_bind_int64", &bind_int64, error) &&
         Resolve(handle_, "sqlite3_bind_double", &bind_double, error) &&
         Resolve(handle_, "sqlite3_bind_text", &bind_text, error) &&
         Resolve(handle_, "sqlite3_column_count", &column_count, error) &&
         Resolve(handle_, "sqlite3_column_type", &column_type, error) &&
         Resolve(handle_, "sqlite3_column_int64", &column_int64, error) &&
         Resolve(handle_, "sqlite3_column_double", &column_double, error) &&
         Resolve(handle_, "sqlite3_column_text", &column_text, error) &&
         Resolve(handle_, "sqlite3_column_blob", &column_blob, error) &&
         Resolve(handle_, "sqlite3_column_bytes", &column_bytes, error) &&
         Resolve(handle_, "sqlite3_changes", &changes, error) &&
         Resolve(handle_, "sqlite3_errmsg", &errmsg, error) &&
         Resolve(handle_, "sqlite3_libversion", &libversion, error);
}

}  // namespace simlite::bench
