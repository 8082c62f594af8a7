// The replaced global operator new / delete of the test binary: each allocation bumps a
// per-thread counter, then memory comes from malloc and goes back to free. Every non-aligned
// form is replaced, so a pointer from any of them is freed by a matching one; the aligned
// forms keep the library's (they allocate with aligned_alloc, which free releases).
#include "tests/support/alloc_counter.h"

#include <cstdlib>
#include <new>

namespace simlite::testing {
namespace {

// Trivial and constant-initialised, so it is usable even while a thread starts or exits.
thread_local uint64_t allocation_count = 0;

void* CountedAllocate(std::size_t size) {
  allocation_count++;
  // malloc(0) may return null; operator new must return a unique pointer.
  return std::malloc(size == 0 ? 1 : size);
}

}  // namespace

uint64_t AllocationCount() { return allocation_count; }

}  // namespace simlite::testing

void* operator new(std::size_t size) {
  void* p = simlite::testing::CountedAllocate(size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return simlite::testing::CountedAllocate(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return simlite::testing::CountedAllocate(size);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
