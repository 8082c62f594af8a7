// struct sqlite3_value: a value as the C API shows it (a column of the current row, a function's
// argument, a copy from sqlite3_value_dup), with the conversions the accessors hand out.
//
// Invariants:
//  1. mem points at the value: at owned (a copy) or at a Mem of the engine that outlives every
//     use the C API allows (a column until the next step, an argument for the call).
//  2. The text that sqlite3_value_text / _text16 return lives in text / text16 until the value
//     changes (Reset), or for UTF-16 until text in the other byte order is asked for. (SQLite
//     may also invalidate the UTF-8 text when UTF-16 is asked for; keeping it is allowed.)
//  3. The value's type never changes through an accessor: sqlite3_value_text on an INTEGER
//     renders text beside it, and sqlite3_value_type still says INTEGER.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "api/sqlite3.h"
#include "vdbe/mem.h"

struct sqlite3_value {
  // Makes the value refer to m (invariant 1); clears the cached conversions.
  void Reset(const simlite::vdbe::Mem* m) {
    mem = m;
    text_valid = false;
    text16_encoding = 0;
    subtype = 0;
    pointer = nullptr;
  }
  // Makes the value an owned copy of m.
  void Assign(const simlite::vdbe::Mem& m) {
    owned = m;
    Reset(&owned);
  }

  // The value's text with a NUL after it (sqlite3_value_text), or null for NULL.
  const unsigned char* Text();
  // The value's bytes as sqlite3_value_blob returns them (null for NULL and empty values).
  const void* Blob();
  int Bytes();
  // UTF-16 text in byte order `encoding` (SQLITE_UTF16LE or SQLITE_UTF16BE), NUL-terminated;
  // null for NULL.
  const void* Text16(int encoding);
  int Bytes16();
  int Type() const;

  const simlite::vdbe::Mem* mem = nullptr;
  simlite::vdbe::Mem owned;
  std::string text;  // invariant 2
  bool text_valid = false;
  std::u16string text16;
  int text16_encoding = 0;  // SQLITE_UTF16LE or SQLITE_UTF16BE when text16 is valid
  bool from_bind = false;  // sqlite3_value_frombind
  unsigned subtype = 0;
  // sqlite3_bind_pointer / sqlite3_result_pointer: a pointer that is NULL to SQL.
  void* pointer = nullptr;
  const char* pointer_type = nullptr;
};

namespace simlite::api {

// SQLite's sqlite3_value_type code of a Mem's type.
int TypeCode(const vdbe::Mem& m);

}  // namespace simlite::api
