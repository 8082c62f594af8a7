// Mem: one SQL value as the VM holds it in a register (SQLite's "Mem"/sqlite3_value).
//
// A Mem is NULL, INTEGER, REAL, TEXT or BLOB. Text and blob bytes are either borrowed (the Mem
// points at bytes it does not own, e.g. a column's content in a pinned page: zero-copy) or
// owned (copied into the Mem: an inline buffer for short values, a heap buffer beyond).
//
// Invariants:
//  1. A REAL Mem never holds a NaN: SetReal(NaN) makes the Mem NULL, as SQLite does.
//  2. For TEXT and BLOB, bytes() points at size() readable bytes (any pointer, even null, when
//     size() is 0). When owned, they live in inline_ (size <= kInlineCapacity) or heap_.
//  3. A heap buffer, once allocated, is kept (and reused) until the Mem is destroyed, so a
//     register that is assigned text row after row allocates only when a value outgrows it.
//  4. Copying a Mem (copy constructor / assignment) copies its bytes: the copy owns them.
//     ShallowCopyFrom() is the explicit zero-copy alternative.
// Text is UTF-8 (simlite supports UTF-8 databases only) and may hold NUL bytes.
#pragma once

#include <cassert>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "btree/record.h"

namespace simlite::vdbe {

using btree::Collation;
using btree::ValueType;
using btree::ValueView;

// SQLite's limit on the size of a string or blob (SQLITE_MAX_LENGTH in Debian's build).
constexpr int64_t kMaxLength = 1000000000;

class Mem {
 public:
  static constexpr uint32_t kInlineCapacity = 30;

  Mem() = default;
  Mem(const Mem& other) { CopyFrom(other); }
  Mem(Mem&& other) noexcept { MoveFrom(&other); }
  Mem& operator=(const Mem& other) {
    if (this != &other) CopyFrom(other);
    return *this;
  }
  Mem& operator=(Mem&& other) noexcept {
    if (this != &other) MoveFrom(&other);
    return *this;
  }
  ~Mem() { delete[] heap_; }

  static Mem Null() { return Mem(); }
  static Mem Int(int64_t v) {
    Mem m;
    m.SetInt(v);
    return m;
  }
  static Mem Real(double v) {
    Mem m;
    m.SetReal(v);
    return m;
  }
  static Mem Text(std::string_view s) {
    Mem m;
    m.SetText(s.data(), static_cast<uint32_t>(s.size()));
    return m;
  }
  static Mem Blob(std::string_view s) {
    Mem m;
    m.SetBlob(s.data(), static_cast<uint32_t>(s.size()));
    return m;
  }

  ValueType type() const { return type_; }
  bool IsNull() const { return type_ == ValueType::kNull; }
  bool IsNumber() const { return type_ == ValueType::kInteger || type_ == ValueType::kReal; }
  bool IsTextOrBlob() const { return type_ == ValueType::kText || type_ == ValueType::kBlob; }

  // Raw accessors; each requires the matching type (see conversions below for the others).
  int64_t i() const {
    assert(type_ == ValueType::kInteger);
    return u_.i;
  }
  double r() const {
    assert(type_ == ValueType::kReal);
    return u_.r;
  }
  const uint8_t* bytes() const { return data_; }
  uint32_t size() const { return size_; }
  // The bytes of a TEXT or BLOB as characters.
  std::string_view chars() const {
    return std::string_view(reinterpret_cast<const char*>(data_), size_);
  }

  // True when a TEXT or BLOB's bytes are owned by this Mem (false for borrowed bytes).
  bool OwnsBytes() const { return data_ == inline_ || (heap_ != nullptr && data_ == heap_); }

  void SetNull() { type_ = ValueType::kNull; }
  void SetInt(int64_t v) {
    type_ = ValueType::kInteger;
    u_.i = v;
    read_as_text_ = false;
  }
  // A NaN makes the Mem NULL (invariant 1).
  void SetReal(double v) {
    if (v != v) {
      SetNull();
      return;
    }
    type_ = ValueType::kReal;
    u_.r = v;
    read_as_text_ = false;
  }
  void SetBool(bool v) { SetInt(v ? 1 : 0); }

  // A number SQLite has also read as text in place (a Mem with both forms: replace() with an
  // empty pattern returns its first argument so). TEXT affinity leaves such a number alone
  // in a comparison (it compares as a number); stored in a TEXT column it becomes text as any
  // number does. Copies keep the mark; SetInt / SetReal clear it.
  bool read_as_text() const { return read_as_text_ && IsNumber(); }
  void MarkReadAsText() { read_as_text_ = true; }

  // Borrow: the Mem points at p[0..n) without copying; the caller keeps the bytes alive for as
  // long as the Mem refers to them.
  void SetTextRef(const void* p, uint32_t n) { SetRef(ValueType::kText, p, n); }
  void SetBlobRef(const void* p, uint32_t n) { SetRef(ValueType::kBlob, p, n); }
  // Copy: the Mem owns a copy of p[0..n). p may point into this Mem's own bytes.
  void SetText(const void* p, uint32_t n) { SetOwned(ValueType::kText, p, n); }
  void SetBlob(const void* p, uint32_t n) { SetOwned(ValueType::kBlob, p, n); }
  void SetText(std::string_view s) { SetText(s.data(), static_cast<uint32_t>(s.size())); }
  // Makes the Mem an owned TEXT or BLOB of n bytes whose content the caller then writes
  // through the returned pointer (the previous content is lost). Reuses capacity.
  uint8_t* AllocBytes(ValueType type, uint32_t n);
  // Shortens an owned TEXT or BLOB to n <= size() bytes.
  void Truncate(uint32_t n) {
    assert(n <= size_);
    size_ = n;
  }
  // Changes a TEXT into a BLOB or back, keeping the bytes (CAST between them).
  void SetTextBlobType(ValueType type) {
    assert(IsTextOrBlob() && (type == ValueType::kText || type == ValueType::kBlob));
    type_ = type;
  }

  // Copies the bytes of a borrowed TEXT or BLOB into the Mem, so that it outlives them.
  void MakeOwned();
  // Deep copy (the copy owns its bytes).
  void CopyFrom(const Mem& other);
  // Zero-copy: borrows other's bytes, which must outlive this Mem's use of them.
  void ShallowCopyFrom(const Mem& other);

  // The value as a ValueView (bytes borrowed from this Mem) and back (bytes borrowed from the
  // view's source).
  ValueView View() const;
  void SetFromView(const ValueView& v);

 private:
  void SetRef(ValueType type, const void* p, uint32_t n) {
    type_ = type;
    data_ = static_cast<const uint8_t*>(p);
    size_ = n;
  }
  void SetOwned(ValueType type, const void* p, uint32_t n);
  void MoveFrom(Mem* other);
  // The owned buffer with room for n bytes: inline_ or heap_ (grown if needed). Content is not
  // preserved.
  uint8_t* Buffer(uint32_t n);

  const uint8_t* data_ = nullptr;
  union {
    int64_t i;
    double r;
  } u_ = {0};
  uint32_t size_ = 0;
  uint32_t heap_capacity_ = 0;
  uint8_t* heap_ = nullptr;
  ValueType type_ = ValueType::kNull;
  bool read_as_text_ = false;  // MarkReadAsText
  uint8_t inline_[kInlineCapacity];
};

}  // namespace simlite::vdbe
