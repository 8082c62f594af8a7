// sqlite3_malloc and friends: the memory the C API hands out and takes back.
//
// Every block carries a header with its size, so that sqlite3_msize and sqlite3_realloc know
// it and sqlite3_memory_used can count it. Blocks are 16-byte aligned (SQLite promises 8).
// The counters are atomic: applications call these from any thread.
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "api/memory.h"
#include "api/sqlite3.h"

namespace simlite::api {
namespace {

constexpr size_t kHeaderSize = 16;
// SQLite refuses requests this large or larger (sqlite3Malloc).
constexpr uint64_t kMaxRequest = 0x7fffff00;

std::atomic<int64_t> memory_used{0};
std::atomic<int64_t> memory_highwater{0};
std::atomic<int64_t> allocation_count{0};
std::atomic<int64_t> largest_request{0};

void Count(int64_t delta, uint64_t request) {
  int64_t used = memory_used.fetch_add(delta) + delta;
  int64_t high = memory_highwater.load();
  while (used > high && !memory_highwater.compare_exchange_weak(high, used)) {
  }
  int64_t largest = largest_request.load();
  while (static_cast<int64_t>(request) > largest &&
         !largest_request.compare_exchange_weak(largest, static_cast<int64_t>(request))) {
  }
}

uint64_t& SizeOf(void* block) {
  return *reinterpret_cast<uint64_t*>(static_cast<char*>(block) - kHeaderSize);
}

}  // namespace

void* Allocate(uint64_t n) {
  if (n == 0 || n >= kMaxRequest) return nullptr;
  char* raw = static_cast<char*>(std::malloc(n + kHeaderSize));
  if (raw == nullptr) return nullptr;
  *reinterpret_cast<uint64_t*>(raw) = n;
  Count(static_cast<int64_t>(n), n);
  allocation_count.fetch_add(1);
  return raw + kHeaderSize;
}

void Free(void* block) {
  if (block == nullptr) return;
  Count(-static_cast<int64_t>(SizeOf(block)), 0);
  allocation_count.fetch_sub(1);
  std::free(static_cast<char*>(block) - kHeaderSize);
}

void* Reallocate(void* block, uint64_t n) {
  if (block == nullptr) return Allocate(n);
  if (n == 0) {
    Free(block);
    return nullptr;
  }
  if (n >= kMaxRequest) return nullptr;
  uint64_t old_size = SizeOf(block);
  char* raw = static_cast<char*>(std::realloc(static_cast<char*>(block) - kHeaderSize,
                                              n + kHeaderSize));
  if (raw == nullptr) return nullptr;
  *reinterpret_cast<uint64_t*>(raw) = n;
  Count(static_cast<int64_t>(n) - static_cast<int64_t>(old_size), n);
  return raw + kHeaderSize;
}

char* CopyString(std::string_view text) {
  char* copy = static_cast<char*>(Allocate(text.size() + 1));
  if (copy == nullptr) return nullptr;
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  return copy;
}

MemoryStatus ReadMemoryStatus(bool reset_highwater) {
  MemoryStatus status{memory_used.load(), memory_highwater.load(), allocation_count.load(),
                      largest_request.load()};
  if (reset_highwater) {
    memory_highwater.store(status.used);
    largest_request.store(0);
  }
  return status;
}

}  // namespace simlite::api

extern "C" {

void* sqlite3_malloc(int n) { return n <= 0 ? nullptr : simlite::api::Allocate(n); }

void* sqlite3_malloc64(sqlite3_uint64 n) { return simlite::api::Allocate(n); }

void* sqlite3_realloc(void* block, int n) {
  return simlite::api::Reallocate(block, n < 0 ? 0 : static_cast<uint64_t>(n));
}

void* sqlite3_realloc64(void* block, sqlite3_uint64 n) {
  return simlite::api::Reallocate(block, n);
}

void sqlite3_free(void* block) { simlite::api::Free(block); }

sqlite3_uint64 sqlite3_msize(void* block) {
  return block == nullptr ? 0 : simlite::api::SizeOf(block);
}

sqlite3_int64 sqlite3_memory_used(void) { return simlite::api::ReadMemoryStatus(false).used; }

sqlite3_int64 sqlite3_memory_highwater(int reset_flag) {
  return simlite::api::ReadMemoryStatus(reset_flag != 0).highwater;
}

}  // extern "C"
