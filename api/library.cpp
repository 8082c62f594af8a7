// Library-wide functions of the C API: version, initialisation and configuration, status,
// randomness and sleep (through io/), mutexes, logging, and the test-control hook.
#include <atomic>
#include <cstdarg>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include "api/builtin_call.h"
#include "api/library.h"
#include "api/memory.h"
#include "api/mutex.h"
#include "api/sqlite3.h"
#include "io/clock.h"
#include "io/posix_io.h"

namespace simlite::api {
namespace {

std::atomic<bool> initialized{false};
std::atomic<bool> uri_default{true};  // Debian builds SQLite with SQLITE_USE_URI
std::atomic<int64_t> soft_heap_limit{0};
std::atomic<int64_t> hard_heap_limit{0};

// SQLITE_CONFIG_LOG's callback.
std::mutex log_mutex;
void (*log_callback)(void*, int, const char*) = nullptr;
void* log_arg = nullptr;

int ConfigLog(va_list ap) {
  using LogFunction = void (*)(void*, int, const char*);
  LogFunction callback = va_arg(ap, LogFunction);
  void* arg = va_arg(ap, void*);
  std::lock_guard lock(log_mutex);
  log_callback = callback;
  log_arg = arg;
  return SQLITE_OK;
}

// The static mutexes (SQLITE_MUTEX_STATIC_MAIN .. _VFS3).
constexpr int kFirstStaticMutex = SQLITE_MUTEX_STATIC_MAIN;
constexpr int kLastStaticMutex = SQLITE_MUTEX_STATIC_VFS3;

sqlite3_mutex* StaticMutex(int type) {
  static const std::vector<std::unique_ptr<sqlite3_mutex>> mutexes = [] {
    std::vector<std::unique_ptr<sqlite3_mutex>> all;
    for (int type_idx = 0; type_idx <= kLastStaticMutex; type_idx++) {
      all.push_back(std::make_unique<sqlite3_mutex>(type_idx));
    }
    return all;
  }();
  return mutexes[type].get();
}

}  // namespace

bool UriDefault() { return uri_default.load(); }

void MarkInitialized() { initialized.store(true); }

io::Io& LibraryIo() {
  static io::PosixIo io;
  return io;
}

}  // namespace simlite::api

extern "C" {

// Debian's SQLite 3.40.1 (see sqlite3.h): the version simlite matches.
const char sqlite3_version[] = SQLITE_VERSION;
char* sqlite3_temp_directory = nullptr;
char* sqlite3_data_directory = nullptr;

const char* sqlite3_libversion(void) { return sqlite3_version; }
const char* sqlite3_sourceid(void) { return SQLITE_SOURCE_ID; }
int sqlite3_libversion_number(void) { return SQLITE_VERSION_NUMBER; }

// 2: multi-thread mode. Connections may live in different threads, but each is used by one
// thread at a time (engine/connection.h). (Debian's SQLite is serialized, 1.)
int sqlite3_threadsafe(void) { return 2; }

int sqlite3_compileoption_used(const char* name) {
  if (name == nullptr) return 0;
  simlite::vdbe::Mem arg = simlite::vdbe::Mem::Text(name);
  simlite::vdbe::Mem used = simlite::api::CallBuiltin("sqlite_compileoption_used", {&arg, 1});
  return used.type() == simlite::vdbe::ValueType::kInteger && used.i() != 0 ? 1 : 0;
}

const char* sqlite3_compileoption_get(int n) {
  // The registry's list, copied once into strings that live as long as the library.
  static const std::vector<std::string> options = [] {
    std::vector<std::string> all;
    for (int64_t option_idx = 0;; option_idx++) {
      simlite::vdbe::Mem arg = simlite::vdbe::Mem::Int(option_idx);
      simlite::vdbe::Mem option =
          simlite::api::CallBuiltin("sqlite_compileoption_get", {&arg, 1});
      if (option.type() != simlite::vdbe::ValueType::kText) break;
      all.emplace_back(option.chars());
    }
    return all;
  }();
  if (n < 0 || n >= static_cast<int>(options.size())) return nullptr;
  return options[n].c_str();
}

int sqlite3_initialize(void) {
  simlite::api::MarkInitialized();
  return SQLITE_OK;
}

int sqlite3_shutdown(void) {
  simlite::api::initialized.store(false);
  return SQLITE_OK;
}

int sqlite3_os_init(void) { return SQLITE_OK; }
int sqlite3_os_end(void) { return SQLITE_OK; }

// Accepted before sqlite3_initialize, as in SQLite. simlite has no pluggable allocator, page
// cache or mutex system: those options are accepted and ignored; the GET options report that
// there is nothing to get (SQLITE_ERROR).
int sqlite3_config(int op, ...) {
  if (simlite::api::initialized.load()) return SQLITE_MISUSE;
  va_list ap;
  va_start(ap, op);
  int rc = SQLITE_OK;
  switch (op) {
    case SQLITE_CONFIG_URI:
      simlite::api::uri_default.store(va_arg(ap, int) != 0);
      break;
    case SQLITE_CONFIG_LOG:
      rc = simlite::api::ConfigLog(ap);
      break;
    case SQLITE_CONFIG_GETMALLOC: case SQLITE_CONFIG_GETMUTEX: case SQLITE_CONFIG_GETPCACHE:
    case SQLITE_CONFIG_GETPCACHE2: case SQLITE_CONFIG_SQLLOG: case SQLITE_CONFIG_WIN32_HEAPSIZE:
      rc = SQLITE_ERROR;
      break;
    case SQLITE_CONFIG_PCACHE_HDRSZ:
      *va_arg(ap, int*) = 0;
      break;
    default:
      rc = op >= SQLITE_CONFIG_SINGLETHREAD && op <= SQLITE_CONFIG_MEMDB_MAXSIZE ? SQLITE_OK
                                                                               : SQLITE_ERROR;
      break;
  }
  va_end(ap);
  return rc;
}

int sqlite3_enable_shared_cache(int) { return SQLITE_OK; }
int sqlite3_release_memory(int) { return 0; }

sqlite3_int64 sqlite3_soft_heap_limit64(sqlite3_int64 n) {
  if (n < 0) return simlite::api::soft_heap_limit.load();
  return simlite::api::soft_heap_limit.exchange(n);
}

sqlite3_int64 sqlite3_hard_heap_limit64(sqlite3_int64 n) {
  if (n < 0) return simlite::api::hard_heap_limit.load();
  return simlite::api::hard_heap_limit.exchange(n);
}

void sqlite3_soft_heap_limit(int n) { sqlite3_soft_heap_limit64(n < 0 ? 0 : n); }

int sqlite3_status64(int op, sqlite3_int64* current, sqlite3_int64* highwater, int reset) {
  if (op < SQLITE_STATUS_MEMORY_USED || op > SQLITE_STATUS_MALLOC_COUNT || current == nullptr ||
      highwater == nullptr) {
    return SQLITE_MISUSE;
  }
  simlite::api::MemoryStatus status = simlite::api::ReadMemoryStatus(reset != 0);
  *current = 0;
  *highwater = 0;
  if (op == SQLITE_STATUS_MEMORY_USED) {
    *current = status.used;
    *highwater = status.highwater;
  } else if (op == SQLITE_STATUS_MALLOC_COUNT) {
    *current = status.allocations;
    *highwater = status.allocations;
  } else if (op == SQLITE_STATUS_MALLOC_SIZE) {
    *highwater = status.largest_request;
  }
  return SQLITE_OK;
}

int sqlite3_status(int op, int* current, int* highwater, int reset) {
  sqlite3_int64 current64 = 0;
  sqlite3_int64 highwater64 = 0;
  int rc = sqlite3_status64(op, &current64, &highwater64, reset);
  if (rc == SQLITE_OK) {
    *current = static_cast<int>(current64);
    *highwater = static_cast<int>(highwater64);
  }
  return rc;
}

void sqlite3_randomness(int n, void* buffer) {
  static std::mutex random_mutex;
  if (n <= 0 || buffer == nullptr) return;
  std::lock_guard lock(random_mutex);
  simlite::api::LibraryIo().random().Fill(static_cast<uint8_t*>(buffer),
                                          static_cast<size_t>(n));
}

int sqlite3_sleep(int ms) {
  if (ms < 0) ms = 0;
  simlite::api::LibraryIo().clock().SleepUs(static_cast<int64_t>(ms) * 1000);
  return ms;
}

void sqlite3_log(int code, const char* format, ...) {
  std::lock_guard lock(simlite::api::log_mutex);
  if (simlite::api::log_callback == nullptr) return;
  va_list ap;
  va_start(ap, format);
  char* message = sqlite3_vmprintf(format, ap);
  va_end(ap);
  simlite::api::log_callback(simlite::api::log_arg, code, message == nullptr ? "" : message);
  sqlite3_free(message);
}

// simlite has none of SQLite's internal test hooks: every operation reports 0, the value of
// an operation that does nothing.
int sqlite3_test_control(int, ...) { return 0; }

sqlite3_mutex* sqlite3_mutex_alloc(int type) {
  if (type >= simlite::api::kFirstStaticMutex && type <= simlite::api::kLastStaticMutex) {
    return simlite::api::StaticMutex(type);
  }
  if (type != SQLITE_MUTEX_FAST && type != SQLITE_MUTEX_RECURSIVE) return nullptr;
  return new (std::nothrow) sqlite3_mutex(type);
}

void sqlite3_mutex_free(sqlite3_mutex* mutex) {
  if (mutex != nullptr && mutex->type <= SQLITE_MUTEX_RECURSIVE) delete mutex;
}

void sqlite3_mutex_enter(sqlite3_mutex* mutex) {
  if (mutex != nullptr) mutex->mutex.lock();
}

int sqlite3_mutex_try(sqlite3_mutex* mutex) {
  if (mutex == nullptr) return SQLITE_OK;
  return mutex->mutex.try_lock() ? SQLITE_OK : SQLITE_BUSY;
}

void sqlite3_mutex_leave(sqlite3_mutex* mutex) {
  if (mutex != nullptr) mutex->mutex.unlock();
}

}  // extern "C"
