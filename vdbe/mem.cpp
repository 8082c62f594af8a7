// Mem storage: owned and borrowed bytes (invariants in mem.h).
#include "vdbe/mem.h"

#include <algorithm>

namespace simlite::vdbe {

uint8_t* Mem::Buffer(uint32_t n) {
  if (n <= kInlineCapacity) return inline_;
  if (n > heap_capacity_) {
    // Grow geometrically so that a register fed growing values reallocates rarely.
    uint32_t capacity = std::max(n, heap_capacity_ < UINT32_MAX / 2 ? heap_capacity_ * 2 : n);
    delete[] heap_;
    heap_ = new uint8_t[capacity];
    heap_capacity_ = capacity;
  }
  return heap_;
}

uint8_t* Mem::AllocBytes(ValueType type, uint32_t n) {
  assert(type == ValueType::kText || type == ValueType::kBlob);
  uint8_t* buffer = Buffer(n);
  type_ = type;
  data_ = buffer;
  size_ = n;
  return buffer;
}

void Mem::SetOwned(ValueType type, const void* p, uint32_t n) {
  const uint8_t* source = static_cast<const uint8_t*>(p);
  // The source may lie inside our own buffers (e.g. a substring of this value); Buffer() may
  // free heap_, so copy such a source aside first when the heap would be replaced.
  bool in_heap = heap_ != nullptr && source >= heap_ && source < heap_ + heap_capacity_;
  if (in_heap && n > heap_capacity_) {
    uint8_t* fresh = new uint8_t[n];
    std::memcpy(fresh, source, n);
    delete[] heap_;
    heap_ = fresh;
    heap_capacity_ = n;
    SetRef(type, heap_, n);
    return;
  }
  uint8_t* buffer = Buffer(n);
  if (n > 0) std::memmove(buffer, source, n);
  SetRef(type, buffer, n);
}

void Mem::MakeOwned() {
  if (!IsTextOrBlob() || OwnsBytes()) return;
  SetOwned(type_, data_, size_);
}

void Mem::CopyFrom(const Mem& other) {
  if (other.IsTextOrBlob()) {
    SetOwned(other.type_, other.data_, other.size_);
    return;
  }
  type_ = other.type_;
  u_ = other.u_;
  read_as_text_ = other.read_as_text_;
}

void Mem::ShallowCopyFrom(const Mem& other) {
  if (other.IsTextOrBlob()) {
    SetRef(other.type_, other.data_, other.size_);
    return;
  }
  type_ = other.type_;
  u_ = other.u_;
  read_as_text_ = other.read_as_text_;
}

void Mem::MoveFrom(Mem* other) {
  type_ = other->type_;
  u_ = other->u_;
  read_as_text_ = other->read_as_text_;
  size_ = other->size_;
  if (other->heap_ != nullptr) {
    // Take the other's heap buffer (ours, if any, is freed) so a move never allocates.
    delete[] heap_;
    heap_ = other->heap_;
    heap_capacity_ = other->heap_capacity_;
    other->heap_ = nullptr;
    other->heap_capacity_ = 0;
  }
  if (other->data_ == other->inline_) {
    std::memcpy(inline_, other->inline_, other->size_);
    data_ = inline_;
  } else {
    data_ = other->data_;
  }
  other->type_ = ValueType::kNull;
}

ValueView Mem::View() const {
  ValueView v;
  v.type = type_;
  if (type_ == ValueType::kInteger) v.i = u_.i;
  if (type_ == ValueType::kReal) v.r = u_.r;
  if (IsTextOrBlob()) {
    v.bytes = data_;
    v.size = size_;
  }
  return v;
}

void Mem::SetFromView(const ValueView& v) {
  switch (v.type) {
    case ValueType::kNull:
      SetNull();
      break;
    case ValueType::kInteger:
      SetInt(v.i);
      break;
    case ValueType::kReal:
      SetReal(v.r);
      break;
    case ValueType::kText:
    case ValueType::kBlob:
      SetRef(v.type, v.bytes, v.size);
      break;
  }
}

}  // namespace simlite::vdbe
