#include "tests/support/stamped_pages.h"

#include <cstring>

#include "common/varint.h"

namespace simlite::testing {

namespace {
uint8_t Fill(pager::Pgno pgno, uint32_t txn) {
  return static_cast<uint8_t>((pgno * 7 + txn) & 0xff);
}
}  // namespace

void Stamp(uint8_t* data, uint32_t page_size, pager::Pgno pgno, uint32_t txn) {
  std::memset(data, Fill(pgno, txn), page_size);
  Put4(data, pgno);
  Put4(data + 4, txn);
}

bool ReadStampedState(pager::Pager* pager, StampedState* state) {
  state->page_count = pager->page_count();
  state->user_version = pager->GetHeader(pager::HeaderField::kUserVersion);
  state->writer.clear();
  for (pager::Pgno pgno = 2; pgno <= pager->page_count(); pgno++) {
    pager::PageRef page;
    if (pager->Get(pgno, &page) != Rc::kOk) return false;
    uint32_t txn = Get4(page.data() + 4);
    if (Get4(page.data()) != pgno) return false;
    for (uint32_t byte_idx = 8; byte_idx < pager->page_size(); byte_idx++) {
      if (page.data()[byte_idx] != Fill(pgno, txn)) return false;
    }
    state->writer[pgno] = txn;
  }
  return true;
}

}  // namespace simlite::testing
