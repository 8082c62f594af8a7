// Counts heap allocations, so a test can require that a hot path allocates nothing
// (DESIGN.md, "No allocation per row"). The test binary replaces the global operator new and
// delete (alloc_counter.cpp) with versions that count and then call malloc/free.
#pragma once

#include <cstdint>

namespace simlite::testing {

// Allocations made through operator new (every non-aligned form) by the calling thread
// since it started. Other threads' allocations are not counted, so a background thread of
// the test framework cannot make a test fail.
uint64_t AllocationCount();

// The allocations the calling thread makes between construction and count().
class AllocationCounter {
 public:
  AllocationCounter() : start_(AllocationCount()) {}
  uint64_t count() const { return AllocationCount() - start_; }

 private:
  uint64_t start_;
};

}  // namespace simlite::testing
