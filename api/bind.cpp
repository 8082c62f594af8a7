// sqlite3_bind_*: parameters of a prepared statement. A bind to a statement that ran since its
// last reset is SQLITE_MISUSE, an index out of range SQLITE_RANGE, a value over the length
// limit SQLITE_TOOBIG; each sets the connection's error state (success clears it), as SQLite.
// Text and blobs are copied: an application destructor runs at once (SQLite may call it "when
// it has finished with" the bytes), also when the bind fails.
#include <cstring>

#include "api/database.h"
#include "api/statement.h"
#include "api/utf16.h"

using simlite::Rc;
using simlite::vdbe::Mem;
using simlite::vdbe::ValueType;

namespace simlite::api {
namespace {

using Destructor = void (*)(void*);

void Dispose(const void* bytes, Destructor destructor) {
  if (bytes != nullptr && destructor != SQLITE_STATIC && destructor != SQLITE_TRANSIENT) {
    destructor(const_cast<void*>(bytes));
  }
}

// Checks that parameter `index` may be bound now; an error code otherwise.
int CheckBindable(sqlite3_stmt* stmt, int index) {
  if (stmt->ran) return SetError(stmt->db, SQLITE_MISUSE);
  if (index < 1 || index >= static_cast<int>(stmt->bindings.size())) {
    return SetError(stmt->db, SQLITE_RANGE);
  }
  return SQLITE_OK;
}

int Bind(sqlite3_stmt* stmt, int index, const Mem& value) {
  if (stmt == nullptr) return SQLITE_MISUSE;
  int rc = CheckBindable(stmt, index);
  if (rc != SQLITE_OK) return rc;
  if (value.IsTextOrBlob() && value.size() > static_cast<uint32_t>(
                                                 stmt->db->limits[SQLITE_LIMIT_LENGTH])) {
    return SetError(stmt->db, SQLITE_TOOBIG);
  }
  Rc engine_rc = stmt->statement->Bind(index, value);
  if (engine_rc != Rc::kOk) return SetEngineError(stmt->db, engine_rc);
  stmt->bindings[static_cast<size_t>(index)] = value;
  ClearError(stmt->db);
  return SQLITE_OK;
}

// Text or blob bytes [bytes, bytes + n); null bytes bind NULL.
int BindBytes(sqlite3_stmt* stmt, int index, const void* bytes, uint64_t n, ValueType type,
              Destructor destructor) {
  Mem value;
  int rc = SQLITE_OK;
  if (bytes == nullptr) {
    rc = Bind(stmt, index, value);
  } else if (n > static_cast<uint64_t>(vdbe::kMaxLength)) {
    rc = stmt == nullptr ? SQLITE_MISUSE : CheckBindable(stmt, index);
    if (rc == SQLITE_OK) rc = SetError(stmt->db, SQLITE_TOOBIG);
  } else {
    // Borrowed: Bind copies the bytes it keeps.
    if (type == ValueType::kText) {
      value.SetTextRef(bytes, static_cast<uint32_t>(n));
    } else {
      value.SetBlobRef(bytes, static_cast<uint32_t>(n));
    }
    rc = Bind(stmt, index, value);
  }
  Dispose(bytes, destructor);
  return rc;
}

int BindText16(sqlite3_stmt* stmt, int index, const void* text, int64_t n_bytes, int encoding,
               Destructor destructor) {
  if (text == nullptr) return BindBytes(stmt, index, nullptr, 0, ValueType::kText, destructor);
  std::string utf8;
  Utf16ToUtf8(text, Utf16Span(text, n_bytes), encoding, &utf8);
  Dispose(text, destructor);
  return BindBytes(stmt, index, utf8.data(), utf8.size(), ValueType::kText, SQLITE_TRANSIENT);
}

}  // namespace
}  // namespace simlite::api

using simlite::api::Bind;
using simlite::api::BindBytes;

extern "C" {

int sqlite3_bind_blob(sqlite3_stmt* stmt, int index, const void* blob, int n,
                      void (*destructor)(void*)) {
  // A negative length reads the blob up to its first NUL, as SQLite does.
  uint64_t length = n >= 0 || blob == nullptr ? static_cast<uint64_t>(n < 0 ? 0 : n)
                                              : std::strlen(static_cast<const char*>(blob));
  return BindBytes(stmt, index, blob, length, ValueType::kBlob, destructor);
}

int sqlite3_bind_blob64(sqlite3_stmt* stmt, int index, const void* blob, sqlite3_uint64 n,
                        void (*destructor)(void*)) {
  return BindBytes(stmt, index, blob, n, ValueType::kBlob, destructor);
}

int sqlite3_bind_double(sqlite3_stmt* stmt, int index, double value) {
  return Bind(stmt, index, Mem::Real(value));
}

int sqlite3_bind_int(sqlite3_stmt* stmt, int index, int value) {
  return Bind(stmt, index, Mem::Int(value));
}

int sqlite3_bind_int64(sqlite3_stmt* stmt, int index, sqlite3_int64 value) {
  return Bind(stmt, index, Mem::Int(value));
}

int sqlite3_bind_null(sqlite3_stmt* stmt, int index) { return Bind(stmt, index, Mem()); }

int sqlite3_bind_text(sqlite3_stmt* stmt, int index, const char* text, int n,
                      void (*destructor)(void*)) {
  uint64_t length = n >= 0 || text == nullptr ? static_cast<uint64_t>(n < 0 ? 0 : n)
                                              : std::strlen(text);
  return BindBytes(stmt, index, text, length, ValueType::kText, destructor);
}

int sqlite3_bind_text16(sqlite3_stmt* stmt, int index, const void* text, int n,
                        void (*destructor)(void*)) {
  return simlite::api::BindText16(stmt, index, text, n, simlite::api::NativeUtf16(),
                                  destructor);
}

int sqlite3_bind_text64(sqlite3_stmt* stmt, int index, const char* text, sqlite3_uint64 n,
                        void (*destructor)(void*), unsigned char encoding) {
  if (encoding == SQLITE_UTF16) encoding = static_cast<unsigned char>(simlite::api::NativeUtf16());
  if (encoding == SQLITE_UTF16LE || encoding == SQLITE_UTF16BE) {
    int64_t bytes = n > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(n);
    return simlite::api::BindText16(stmt, index, text, bytes, encoding, destructor);
  }
  return BindBytes(stmt, index, text, n, ValueType::kText, destructor);
}

int sqlite3_bind_value(sqlite3_stmt* stmt, int index, const sqlite3_value* value) {
  if (value == nullptr) return Bind(stmt, index, Mem());
  return Bind(stmt, index, *value->mem);
}

// Pointers are NULL to SQL (bindptr.html); simlite does not carry them to functions.
int sqlite3_bind_pointer(sqlite3_stmt* stmt, int index, void* pointer, const char*,
                         void (*destructor)(void*)) {
  int rc = Bind(stmt, index, Mem());
  if (pointer != nullptr && destructor != nullptr) destructor(pointer);
  return rc;
}

int sqlite3_bind_zeroblob(sqlite3_stmt* stmt, int index, int n) {
  return sqlite3_bind_zeroblob64(stmt, index, n < 0 ? 0 : static_cast<sqlite3_uint64>(n));
}

int sqlite3_bind_zeroblob64(sqlite3_stmt* stmt, int index, sqlite3_uint64 n) {
  if (stmt != nullptr && n > static_cast<uint64_t>(stmt->db->limits[SQLITE_LIMIT_LENGTH])) {
    int rc = simlite::api::CheckBindable(stmt, index);
    return rc != SQLITE_OK ? rc : simlite::api::SetError(stmt->db, SQLITE_TOOBIG);
  }
  Mem value;
  uint8_t* bytes = value.AllocBytes(ValueType::kBlob, static_cast<uint32_t>(n));
  std::memset(bytes, 0, static_cast<size_t>(n));
  return Bind(stmt, index, value);
}

int sqlite3_bind_parameter_count(sqlite3_stmt* stmt) {
  return stmt == nullptr ? 0 : static_cast<int>(stmt->bindings.size()) - 1;
}

const char* sqlite3_bind_parameter_name(sqlite3_stmt* stmt, int index) {
  if (stmt == nullptr || index < 1 || index >= static_cast<int>(stmt->parameter_names.size())) {
    return nullptr;
  }
  const std::string& name = stmt->parameter_names[static_cast<size_t>(index)];
  return name.empty() ? nullptr : name.c_str();
}

int sqlite3_bind_parameter_index(sqlite3_stmt* stmt, const char* name) {
  if (stmt == nullptr || name == nullptr) return 0;
  return stmt->statement->ParameterIndex(name);
}

int sqlite3_clear_bindings(sqlite3_stmt* stmt) {
  if (stmt == nullptr) return SQLITE_OK;
  Rc rc = stmt->statement->ClearBindings();
  if (rc != Rc::kOk) return simlite::api::Masked(stmt->db, static_cast<int>(rc));
  for (Mem& binding : stmt->bindings) binding.SetNull();
  return SQLITE_OK;
}

}  // extern "C"
