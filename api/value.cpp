// sqlite3_value_*: reading a value through the C API (value.h), with SQLite's conversions
// (vdbe/value.h: sqlite3_value_int64 / _double / _text rules).
#include "api/value.h"

#include <cstring>
#include <new>

#include "api/utf16.h"
#include "vdbe/builtin.h"
#include "vdbe/value.h"

using simlite::vdbe::Mem;
using simlite::vdbe::ValueType;

namespace simlite::api {

int TypeCode(const Mem& m) {
  switch (m.type()) {
    case ValueType::kNull: return SQLITE_NULL;
    case ValueType::kInteger: return SQLITE_INTEGER;
    case ValueType::kReal: return SQLITE_FLOAT;
    case ValueType::kText: return SQLITE_TEXT;
    case ValueType::kBlob: return SQLITE_BLOB;
  }
  return SQLITE_NULL;
}

}  // namespace simlite::api

const unsigned char* sqlite3_value::Text() {
  if (mem->IsNull()) return nullptr;
  if (!text_valid) {
    if (mem->IsTextOrBlob()) {
      text.assign(mem->chars());
    } else {
      simlite::vdbe::NumberText scratch;
      text.assign(simlite::vdbe::TextOf(*mem, &scratch));
    }
    text_valid = true;
  }
  return reinterpret_cast<const unsigned char*>(text.c_str());
}

const void* sqlite3_value::Blob() {
  if (mem->IsTextOrBlob()) return mem->size() == 0 ? nullptr : mem->bytes();
  return Text();
}

int sqlite3_value::Bytes() {
  if (mem->IsTextOrBlob()) return static_cast<int>(mem->size());
  if (mem->IsNull()) return 0;
  Text();
  return static_cast<int>(text.size());
}

const void* sqlite3_value::Text16(int encoding) {
  if (mem->IsNull()) return nullptr;
  if (text16_encoding != encoding) {
    std::string_view utf8;
    simlite::vdbe::NumberText scratch;
    utf8 = mem->IsTextOrBlob() ? mem->chars() : simlite::vdbe::TextOf(*mem, &scratch);
    simlite::api::Utf8ToUtf16(utf8, encoding, &text16);
    text16_encoding = encoding;
  }
  return text16.c_str();
}

int sqlite3_value::Bytes16() {
  if (mem->IsNull()) return 0;
  Text16(simlite::api::NativeUtf16());
  return static_cast<int>(text16.size() * 2);
}

int sqlite3_value::Type() const { return simlite::api::TypeCode(*mem); }

extern "C" {

const void* sqlite3_value_blob(sqlite3_value* value) {
  return value == nullptr ? nullptr : value->Blob();
}

double sqlite3_value_double(sqlite3_value* value) {
  return value == nullptr ? 0.0 : simlite::vdbe::ToReal(*value->mem);
}

int sqlite3_value_int(sqlite3_value* value) {
  return value == nullptr ? 0 : simlite::vdbe::builtin::ToInt32(*value->mem);
}

sqlite3_int64 sqlite3_value_int64(sqlite3_value* value) {
  return value == nullptr ? 0 : simlite::vdbe::ToInt64(*value->mem);
}

void* sqlite3_value_pointer(sqlite3_value* value, const char* type) {
  if (value == nullptr || value->pointer == nullptr || type == nullptr ||
      value->pointer_type == nullptr || std::strcmp(type, value->pointer_type) != 0) {
    return nullptr;
  }
  return value->pointer;
}

const unsigned char* sqlite3_value_text(sqlite3_value* value) {
  return value == nullptr ? nullptr : value->Text();
}

const void* sqlite3_value_text16(sqlite3_value* value) {
  return value == nullptr ? nullptr : value->Text16(simlite::api::NativeUtf16());
}

const void* sqlite3_value_text16le(sqlite3_value* value) {
  return value == nullptr ? nullptr : value->Text16(SQLITE_UTF16LE);
}

const void* sqlite3_value_text16be(sqlite3_value* value) {
  return value == nullptr ? nullptr : value->Text16(SQLITE_UTF16BE);
}

int sqlite3_value_bytes(sqlite3_value* value) { return value == nullptr ? 0 : value->Bytes(); }

int sqlite3_value_bytes16(sqlite3_value* value) {
  return value == nullptr ? 0 : value->Bytes16();
}

int sqlite3_value_type(sqlite3_value* value) {
  return value == nullptr ? SQLITE_NULL : value->Type();
}

// The type the value would have after NUMERIC affinity: a text that reads as a number counts
// as that number. (SQLite converts the value in place; simlite reports the same type without
// changing the value.)
int sqlite3_value_numeric_type(sqlite3_value* value) {
  if (value == nullptr) return SQLITE_NULL;
  if (value->mem->type() != ValueType::kText) return value->Type();
  double r = 0;
  bool is_int = false;
  if (!simlite::vdbe::builtin::NumericValue(*value->mem, &r, &is_int)) return SQLITE_TEXT;
  return is_int ? SQLITE_INTEGER : SQLITE_FLOAT;
}

int sqlite3_value_nochange(sqlite3_value*) { return 0; }

int sqlite3_value_frombind(sqlite3_value* value) {
  return value != nullptr && value->from_bind ? 1 : 0;
}

int sqlite3_value_encoding(sqlite3_value* value) {
  return value == nullptr ? 0 : SQLITE_UTF8;
}

unsigned int sqlite3_value_subtype(sqlite3_value* value) {
  return value == nullptr ? 0 : value->subtype;
}

sqlite3_value* sqlite3_value_dup(const sqlite3_value* value) {
  if (value == nullptr) return nullptr;
  auto* copy = new (std::nothrow) sqlite3_value;
  if (copy == nullptr) return nullptr;
  copy->Assign(*value->mem);
  copy->subtype = value->subtype;
  copy->from_bind = value->from_bind;
  return copy;
}

void sqlite3_value_free(sqlite3_value* value) { delete value; }

}  // extern "C"
