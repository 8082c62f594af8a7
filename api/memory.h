// The C API's allocator (sqlite3_malloc / sqlite3_free): everything the library hands to an
// application to free with sqlite3_free comes from Allocate.
#pragma once

#include <cstdint>
#include <string_view>

namespace simlite::api {

// null for n == 0 or n too large (as sqlite3_malloc64).
void* Allocate(uint64_t n);
void* Reallocate(void* block, uint64_t n);
void Free(void* block);
// A NUL-terminated copy of text from Allocate (null when out of memory).
char* CopyString(std::string_view text);

struct MemoryStatus {
  int64_t used;            // bytes outstanding
  int64_t highwater;       // the most ever outstanding since the last reset
  int64_t allocations;     // blocks outstanding
  int64_t largest_request;
};
MemoryStatus ReadMemoryStatus(bool reset_highwater);

}  // namespace simlite::api
