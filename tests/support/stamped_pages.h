// Pages stamped with who wrote them, for crash tests: each page holds its number, the
// transaction that last wrote it, and a fill derived from both, so a torn or misplaced page
// is always detected. A database of such pages reads back as a StampedState.
#pragma once

#include <cstdint>
#include <map>

#include "pager/pager.h"

namespace simlite::testing {

struct StampedState {
  pager::Pgno page_count = 0;
  uint32_t user_version = 0;
  std::map<pager::Pgno, uint32_t> writer;  // page -> the transaction that last wrote it
  bool operator==(const StampedState&) const = default;
};

// Fills a page_size-byte page as transaction txn's version of page pgno.
void Stamp(uint8_t* data, uint32_t page_size, pager::Pgno pgno, uint32_t txn);

// Reads pages 2..page_count in the pager's read transaction; false when one is not a whole
// stamp (or cannot be read).
bool ReadStampedState(pager::Pager* pager, StampedState* state);

}  // namespace simlite::testing
