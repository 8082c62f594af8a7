// A bump allocator for AST nodes. Nodes are allocated by pointer bump inside large blocks and
// freed all at once when the arena is destroyed: a parse allocates nothing per node from the
// heap. Invariants: objects placed in an arena are trivially destructible (their destructors
// never run), and an allocation never moves (blocks are only added, never reallocated).
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <string_view>
#include <type_traits>
#include <utility>

namespace simlite::parser {

class Arena {
 public:
  Arena() = default;
  ~Arena();
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  Arena(Arena&& other) noexcept;
  Arena& operator=(Arena&& other) noexcept;

  // Returns `bytes` bytes aligned to `align` (a power of two <= 16), valid until the arena is
  // destroyed. Never returns null (allocation failure aborts, like operator new).
  void* Allocate(size_t bytes, size_t align) {
    assert(align != 0 && (align & (align - 1)) == 0 && align <= kMaxAlign);
    uintptr_t at = (reinterpret_cast<uintptr_t>(cursor_) + align - 1) & ~(align - 1);
    if (cursor_ == nullptr || at + bytes > reinterpret_cast<uintptr_t>(limit_)) {
      return AllocateSlow(bytes, align);
    }
    cursor_ = reinterpret_cast<std::byte*>(at + bytes);
    return reinterpret_cast<void*>(at);
  }

  // Constructs a T in the arena. T must be trivially destructible.
  template <class T, class... Args>
  T* New(Args&&... args) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    return new (Allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
  }

  // Uninitialized room for `count` objects of T (trivially copyable).
  template <class T>
  T* AllocateArray(size_t count) {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
    return static_cast<T*>(Allocate(sizeof(T) * (count == 0 ? 1 : count), alignof(T)));
  }

  // Copies `text` into the arena and appends a NUL (not counted in the returned view).
  std::string_view CopyString(std::string_view text) {
    char* copy = AllocateArray<char>(text.size() + 1);
    if (!text.empty()) std::memcpy(copy, text.data(), text.size());
    copy[text.size()] = '\0';
    return std::string_view(copy, text.size());
  }

  // Bytes handed out plus bytes lost to alignment and block tails (for tests and limits).
  size_t BytesReserved() const { return bytes_reserved_; }

 private:
  static constexpr size_t kMaxAlign = 16;
  static constexpr size_t kFirstBlockBytes = 4096;
  static constexpr size_t kMaxBlockBytes = 64 * 1024;

  struct BlockHeader {
    BlockHeader* previous;
    size_t bytes;
  };

  void* AllocateSlow(size_t bytes, size_t align);
  void FreeBlocks();

  BlockHeader* last_block_ = nullptr;
  std::byte* cursor_ = nullptr;
  std::byte* limit_ = nullptr;
  size_t next_block_bytes_ = kFirstBlockBytes;
  size_t bytes_reserved_ = 0;
};

// A growable array whose storage lives in an Arena; itself trivially destructible so it can
// sit inside AST nodes. Growing copies into a larger arena array (the old one is abandoned,
// at most doubling the memory of a list).
template <class T>
class ArenaList {
 public:
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

  void PushBack(Arena* arena, const T& value) {
    if (size_ == capacity_) Grow(arena);
    data_[size_++] = value;
  }

  uint32_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](uint32_t index) {
    assert(index < size_);
    return data_[index];
  }
  const T& operator[](uint32_t index) const {
    assert(index < size_);
    return data_[index];
  }
  T& back() {
    assert(size_ > 0);
    return data_[size_ - 1];
  }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

 private:
  void Grow(Arena* arena) {
    uint32_t capacity = capacity_ == 0 ? 4 : capacity_ * 2;
    T* data = arena->AllocateArray<T>(capacity);
    if (size_ != 0) std::memcpy(static_cast<void*>(data), data_, sizeof(T) * size_);
    data_ = data;
    capacity_ = capacity;
  }

  T* data_ = nullptr;
  uint32_t size_ = 0;
  uint32_t capacity_ = 0;
};

}  // namespace simlite::parser
