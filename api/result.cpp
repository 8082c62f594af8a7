// sqlite3_result_*: what an application-defined function returns, written into the call's
// result (vdbe::FunctionContext). Text and blobs are copied, and an application destructor
// runs at once; a value over the connection's length limit becomes SQLITE_TOOBIG.
#include <cstring>
#include <string>

#include "api/database.h"
#include "api/function.h"
#include "api/utf16.h"
#include "api/value.h"

using simlite::Rc;
using simlite::vdbe::Mem;
using simlite::vdbe::ValueType;

namespace {

using Destructor = void (*)(void*);

void Dispose(const void* bytes, Destructor destructor) {
  if (bytes != nullptr && destructor != SQLITE_STATIC && destructor != SQLITE_TRANSIENT) {
    destructor(const_cast<void*>(bytes));
  }
}

void ResultBytes(sqlite3_context* context, const void* bytes, uint64_t n, ValueType type,
                 Destructor destructor) {
  Mem* result = context->call->result();
  if (bytes == nullptr) {
    result->SetNull();
  } else if (n > static_cast<uint64_t>(context->function->db->limits[SQLITE_LIMIT_LENGTH])) {
    context->call->SetTooBig();
  } else if (type == ValueType::kText) {
    result->SetText(bytes, static_cast<uint32_t>(n));
  } else {
    result->SetBlob(bytes, static_cast<uint32_t>(n));
  }
  Dispose(bytes, destructor);
}

void ResultText16(sqlite3_context* context, const void* text, int64_t n_bytes, int encoding,
                  Destructor destructor) {
  if (text == nullptr) {
    context->call->result()->SetNull();
    return;
  }
  std::string utf8;
  simlite::api::Utf16ToUtf8(text, simlite::api::Utf16Span(text, n_bytes), encoding, &utf8);
  Dispose(text, destructor);
  ResultBytes(context, utf8.data(), utf8.size(), ValueType::kText, SQLITE_TRANSIENT);
}

void SetError(sqlite3_context* context, std::string message, int code) {
  context->call->SetError(message, static_cast<Rc>(code));
}

}  // namespace

extern "C" {

void sqlite3_result_blob(sqlite3_context* context, const void* blob, int n,
                         void (*destructor)(void*)) {
  ResultBytes(context, blob, n < 0 ? 0 : static_cast<uint64_t>(n), ValueType::kBlob,
              destructor);
}

void sqlite3_result_blob64(sqlite3_context* context, const void* blob, sqlite3_uint64 n,
                           void (*destructor)(void*)) {
  ResultBytes(context, blob, n, ValueType::kBlob, destructor);
}

void sqlite3_result_double(sqlite3_context* context, double value) {
  context->call->result()->SetReal(value);
}

void sqlite3_result_error(sqlite3_context* context, const char* message, int n) {
  if (message == nullptr) message = "";
  size_t length = n < 0 ? std::strlen(message) : static_cast<size_t>(n);
  int code = context->call->failed() ? static_cast<int>(context->call->rc()) : SQLITE_ERROR;
  SetError(context, std::string(message, length), code);
}

void sqlite3_result_error16(sqlite3_context* context, const void* message, int n) {
  std::string utf8;
  if (message != nullptr) {
    simlite::api::Utf16ToUtf8(message, simlite::api::Utf16Span(message, n),
                              simlite::api::NativeUtf16(), &utf8);
  }
  sqlite3_result_error(context, utf8.c_str(), -1);
}

void sqlite3_result_error_toobig(sqlite3_context* context) { context->call->SetTooBig(); }

void sqlite3_result_error_nomem(sqlite3_context* context) {
  SetError(context, sqlite3_errstr(SQLITE_NOMEM), SQLITE_NOMEM);
}

// The code of the error; its message stays, or is SQLite's wording of the code.
void sqlite3_result_error_code(sqlite3_context* context, int code) {
  std::string message =
      context->call->failed() ? context->call->error() : std::string(sqlite3_errstr(code));
  SetError(context, std::move(message), code == SQLITE_OK ? SQLITE_ERROR : code);
}

void sqlite3_result_int(sqlite3_context* context, int value) {
  context->call->result()->SetInt(value);
}

void sqlite3_result_int64(sqlite3_context* context, sqlite3_int64 value) {
  context->call->result()->SetInt(value);
}

void sqlite3_result_null(sqlite3_context* context) { context->call->result()->SetNull(); }

void sqlite3_result_text(sqlite3_context* context, const char* text, int n,
                         void (*destructor)(void*)) {
  uint64_t length = n >= 0 || text == nullptr ? static_cast<uint64_t>(n < 0 ? 0 : n)
                                              : std::strlen(text);
  ResultBytes(context, text, length, ValueType::kText, destructor);
}

void sqlite3_result_text64(sqlite3_context* context, const char* text, sqlite3_uint64 n,
                           void (*destructor)(void*), unsigned char encoding) {
  if (encoding == SQLITE_UTF16) encoding = static_cast<unsigned char>(simlite::api::NativeUtf16());
  if (encoding == SQLITE_UTF16LE || encoding == SQLITE_UTF16BE) {
    int64_t bytes = n > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(n);
    ResultText16(context, text, bytes, encoding, destructor);
    return;
  }
  ResultBytes(context, text, n, ValueType::kText, destructor);
}

void sqlite3_result_text16(sqlite3_context* context, const void* text, int n,
                           void (*destructor)(void*)) {
  ResultText16(context, text, n, simlite::api::NativeUtf16(), destructor);
}

void sqlite3_result_text16le(sqlite3_context* context, const void* text, int n,
                             void (*destructor)(void*)) {
  ResultText16(context, text, n, SQLITE_UTF16LE, destructor);
}

void sqlite3_result_text16be(sqlite3_context* context, const void* text, int n,
                             void (*destructor)(void*)) {
  ResultText16(context, text, n, SQLITE_UTF16BE, destructor);
}

void sqlite3_result_value(sqlite3_context* context, sqlite3_value* value) {
  if (value == nullptr) {
    context->call->result()->SetNull();
  } else {
    context->call->result()->CopyFrom(*value->mem);
  }
}

// Pointers are NULL to SQL; simlite does not pass them on (bindptr.html).
void sqlite3_result_pointer(sqlite3_context* context, void* pointer, const char*,
                            void (*destructor)(void*)) {
  context->call->result()->SetNull();
  if (pointer != nullptr && destructor != nullptr) destructor(pointer);
}

void sqlite3_result_zeroblob(sqlite3_context* context, int n) {
  sqlite3_result_zeroblob64(context, n < 0 ? 0 : static_cast<sqlite3_uint64>(n));
}

int sqlite3_result_zeroblob64(sqlite3_context* context, sqlite3_uint64 n) {
  if (n > static_cast<uint64_t>(context->function->db->limits[SQLITE_LIMIT_LENGTH])) {
    context->call->SetTooBig();
    return SQLITE_TOOBIG;
  }
  uint8_t* bytes = context->call->result()->AllocBytes(ValueType::kBlob, static_cast<uint32_t>(n));
  std::memset(bytes, 0, static_cast<size_t>(n));
  return SQLITE_OK;
}

// simlite's values carry no subtype (see the SQL function subtype()).
void sqlite3_result_subtype(sqlite3_context*, unsigned int) {}

}  // extern "C"
