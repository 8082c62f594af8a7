#include "parser/arena.h"

#include <algorithm>

namespace simlite::parser {

Arena::~Arena() {
  FreeBlocks();
}

Arena::Arena(Arena&& other) noexcept
    : last_block_(std::exchange(other.last_block_, nullptr)),
      cursor_(std::exchange(other.cursor_, nullptr)),
      limit_(std::exchange(other.limit_, nullptr)),
      next_block_bytes_(std::exchange(other.next_block_bytes_, kFirstBlockBytes)),
      bytes_reserved_(std::exchange(other.bytes_reserved_, 0)) {}

Arena& Arena::operator=(Arena&& other) noexcept {
  if (this != &other) {
    FreeBlocks();
    last_block_ = std::exchange(other.last_block_, nullptr);
    cursor_ = std::exchange(other.cursor_, nullptr);
    limit_ = std::exchange(other.limit_, nullptr);
    next_block_bytes_ = std::exchange(other.next_block_bytes_, kFirstBlockBytes);
    bytes_reserved_ = std::exchange(other.bytes_reserved_, 0);
  }
  return *this;
}

void Arena::FreeBlocks() {
  while (last_block_ != nullptr) {
    BlockHeader* previous = last_block_->previous;
    delete[] reinterpret_cast<std::byte*>(last_block_);
    last_block_ = previous;
  }
}

// Starts a new block big enough for the request. Blocks grow geometrically up to
// kMaxBlockBytes so a small statement costs one small block and a huge one few blocks.
void* Arena::AllocateSlow(size_t bytes, size_t align) {
  size_t header_bytes = (sizeof(BlockHeader) + kMaxAlign - 1) & ~(kMaxAlign - 1);
  size_t block_bytes = std::max(next_block_bytes_, header_bytes + bytes + align);
  next_block_bytes_ = std::min(next_block_bytes_ * 2, kMaxBlockBytes);
  std::byte* raw = new std::byte[block_bytes];
  auto* header = reinterpret_cast<BlockHeader*>(raw);
  header->previous = last_block_;
  header->bytes = block_bytes;
  last_block_ = header;
  bytes_reserved_ += block_bytes;
  cursor_ = raw + header_bytes;
  limit_ = raw + block_bytes;
  uintptr_t at = (reinterpret_cast<uintptr_t>(cursor_) + align - 1) & ~(align - 1);
  assert(at + bytes <= reinterpret_cast<uintptr_t>(limit_));
  cursor_ = reinterpret_cast<std::byte*>(at + bytes);
  return reinterpret_cast<void*>(at);
}

}  // namespace simlite::parser
