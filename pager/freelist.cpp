// The freelist (fileformat2.html, "The Freelist"): a chain of trunk pages, each holding the
// next trunk's number, a leaf count, and that many leaf page numbers. Header offset 32 holds
// the first trunk, offset 36 the total number of free pages (trunks and leaves).
#include <cassert>
#include <cstring>

#include "common/corrupt.h"
#include "common/varint.h"
#include "pager/page_cache.h"
#include "pager/pager.h"

namespace simlite::pager {

Rc Pager::Allocate(PageRef* page) {
  assert(state_ == State::kWriting);
  page->Release();
  if (page_count_ > 0 && GetHeader(HeaderField::kFreelistCount) > 0) {
    return AllocateFromFreelist(page);
  }
  if (page_count_ >= kMaxPageCount) return Rc::kFull;
  const Pgno old_count = page_count_;
  Pgno pgno = page_count_ + 1;
  if (pgno == LockBytePage(page_size_)) pgno++;  // stays a hole in the file
  page_count_ = pgno;
  bool cached = false;
  Frame* frame = Pin(pgno, &cached);
  *page = PageRef(this, frame);
  std::memset(frame->data.get(), 0, page_size_);
  Rc rc = MakeWritable(*page);
  if (rc != Rc::kOk) {
    page->Release();
    page_count_ = old_count;
  }
  return rc;
}

Rc Pager::AllocateFromFreelist(PageRef* page) {
  const uint32_t free_count = GetHeader(HeaderField::kFreelistCount);
  const Pgno trunk_pgno = GetHeader(HeaderField::kFreelistTrunk);
  PageRef trunk;
  SIMLITE_TRY(Get(trunk_pgno, &trunk));
  if (trunk_pgno == 1) return SIMLITE_CORRUPT();
  const uint32_t leaf_count = Get4(trunk.data() + 4);
  if (leaf_count > usable_size() / 4 - 2) return SIMLITE_CORRUPT();
  Pgno pgno = kNoPage;
  if (leaf_count == 0) {
    // The trunk itself is handed out; its successor becomes the first trunk.
    Pgno next_trunk = Get4(trunk.data());
    if (next_trunk > page_count_ || (next_trunk == 0 && free_count != 1)) {
      return SIMLITE_CORRUPT();
    }
    SIMLITE_TRY(SetHeader(HeaderField::kFreelistTrunk, next_trunk));
    pgno = trunk_pgno;
    *page = std::move(trunk);
  } else {
    pgno = Get4(trunk.data() + 8 + 4 * (leaf_count - 1));
    if (pgno < 2 || pgno > page_count_ || pgno == trunk_pgno) return SIMLITE_CORRUPT();
    SIMLITE_TRY(MakeWritable(trunk));
    Put4(trunk.data() + 4, leaf_count - 1);
    trunk.Release();
    SIMLITE_TRY(Get(pgno, page));
  }
  SIMLITE_TRY(SetHeader(HeaderField::kFreelistCount, free_count - 1));
  SIMLITE_TRY(MakeWritable(*page));
  std::memset(page->data(), 0, page_size_);
  return Rc::kOk;
}

Rc Pager::Free(Pgno pgno) {
  assert(state_ == State::kWriting);
  if (pgno < 2 || pgno > page_count_) return SIMLITE_CORRUPT();
  const uint32_t free_count = GetHeader(HeaderField::kFreelistCount);
  const Pgno trunk_pgno = GetHeader(HeaderField::kFreelistTrunk);
  if (trunk_pgno != kNoPage) {
    PageRef trunk;
    SIMLITE_TRY(Get(trunk_pgno, &trunk));
    const uint32_t leaf_count = Get4(trunk.data() + 4);
    if (leaf_count > usable_size() / 4 - 2) return SIMLITE_CORRUPT();
    // SQLite fills trunks only to usable/4 - 8 leaves, for the sake of old readers.
    if (leaf_count < usable_size() / 4 - 8) {
      SIMLITE_TRY(MakeWritable(trunk));
      Put4(trunk.data() + 8 + 4 * leaf_count, pgno);
      Put4(trunk.data() + 4, leaf_count + 1);
      return SetHeader(HeaderField::kFreelistCount, free_count + 1);
    }
  }
  // The freed page becomes the new first trunk.
  PageRef page;
  SIMLITE_TRY(Get(pgno, &page));
  SIMLITE_TRY(MakeWritable(page));
  std::memset(page.data(), 0, page_size_);
  Put4(page.data(), trunk_pgno);
  SIMLITE_TRY(SetHeader(HeaderField::kFreelistTrunk, pgno));
  return SetHeader(HeaderField::kFreelistCount, free_count + 1);
}

}  // namespace simlite::pager
