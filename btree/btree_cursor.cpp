// BtCursor: navigation, seeks and payload access. See btree_cursor.h for the invariants.
#include "btree/btree_cursor.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "common/corrupt.h"
#include "common/varint.h"

namespace simlite::btree {

void BtCursor::Open(Btree* btree, Pgno root, bool writable, const KeyInfo* key_info) {
  Close();
  btree_ = btree;
  root_ = root;
  writable_ = writable;
  key_info_ = key_info;
  intkey_ = key_info == nullptr;
  state_ = State::kInvalid;
  skip_ = 0;
  btree_->Link(this);
}

void BtCursor::Close() {
  if (btree_ == nullptr) return;
  PopTo(-1);
  btree_->Unlink(this);
  btree_ = nullptr;
  state_ = State::kInvalid;
}

void BtCursor::PopTo(int level) {
  while (depth_ > level) {
    pages_[depth_].Release();
    views_[depth_].Reset();
    depth_--;
  }
}

Rc BtCursor::MoveToRoot(bool* empty) {
  *empty = false;
  skip_ = 0;
  PopTo(0);
  pager::Pager* pager = btree_->pager();
  if (root_ == 1 && pager->page_count() == 0) {
    // A database file with no pages yet: an empty schema table.
    PopTo(-1);
    state_ = State::kInvalid;
    *empty = true;
    return Rc::kOk;
  }
  if (depth_ < 0) {
    Rc rc = btree_->GetPage(root_, &pages_[0], &views_[0]);
    if (rc != Rc::kOk) {
      pages_[0].Release();
      state_ = State::kInvalid;
      return rc;
    }
    depth_ = 0;
  } else {
    // The root stays pinned between seeks; its header may have changed since.
    SIMLITE_TRY(views_[0].Init(pages_[0].data(), root_, btree_->usable_size()));
  }
  if (views_[0].intkey() != intkey_) return SIMLITE_CORRUPT();
  idx_[0] = 0;
  state_ = State::kInvalid;
  if (views_[0].leaf() && views_[0].cell_count() == 0) *empty = true;
  return Rc::kOk;
}

Rc BtCursor::MoveToChild(Pgno child) {
  if (depth_ + 1 >= static_cast<int>(kMaxDepth)) return SIMLITE_CORRUPT();
  const int level = depth_ + 1;
  Rc rc = btree_->GetPage(child, &pages_[level], &views_[level]);
  if (rc != Rc::kOk) {
    pages_[level].Release();
    return rc;
  }
  depth_ = level;
  idx_[level] = 0;
  if (views_[level].intkey() != intkey_) return SIMLITE_CORRUPT();
  // Only a root may be empty: an empty leaf below the root is corrupt for navigation.
  if (views_[level].leaf() && views_[level].cell_count() == 0) return SIMLITE_CORRUPT();
  return Rc::kOk;
}

Rc BtCursor::MoveToLeftmost() {
  while (!page().leaf()) {
    Pgno child = 0;
    idx() = 0;
    SIMLITE_TRY(page().Child(0, &child));
    SIMLITE_TRY(MoveToChild(child));
  }
  idx() = 0;
  return ParseCurrent();
}

Rc BtCursor::MoveToRightmost() {
  while (!page().leaf()) {
    Pgno child = 0;
    idx() = page().cell_count();
    SIMLITE_TRY(page().Child(idx(), &child));
    SIMLITE_TRY(MoveToChild(child));
  }
  if (page().cell_count() == 0) return SIMLITE_CORRUPT();
  idx() = page().cell_count() - 1;
  return ParseCurrent();
}

Rc BtCursor::ParseCurrent() {
  state_ = State::kValid;
  chain_pgno_ = 0;
  Rc rc = page().Cell(idx(), &info_);
  if (rc != Rc::kOk) state_ = State::kInvalid;
  return rc;
}

Rc BtCursor::First(bool* empty) {
  SIMLITE_TRY(MoveToRoot(empty));
  if (*empty) return Rc::kOk;
  return MoveToLeftmost();
}

Rc BtCursor::Last(bool* empty) {
  // Already there (NewRowid after an append): a valid cursor's pages are current (invariant
  // 3: another cursor's write would have saved its position).
  if (state_ == State::kValid && skip_ == 0 && AtLastEntry()) {
    *empty = false;
    return Rc::kOk;
  }
  SIMLITE_TRY(MoveToRoot(empty));
  if (*empty) return Rc::kOk;
  return MoveToRightmost();
}

Rc BtCursor::ClimbToNext(bool* at_end) {
  *at_end = false;
  for (;;) {
    if (depth_ == 0) {
      state_ = State::kInvalid;
      *at_end = true;
      return Rc::kOk;
    }
    PopTo(depth_ - 1);
    if (idx() < page().cell_count()) break;
  }
  // An index tree's interior cell is itself the next entry; a table tree goes on down the
  // next subtree.
  if (!intkey_) return ParseCurrent();
  idx()++;
  Pgno child = 0;
  SIMLITE_TRY(page().Child(idx(), &child));
  SIMLITE_TRY(MoveToChild(child));
  return MoveToLeftmost();
}

Rc BtCursor::ClimbToPrev(bool* at_end) {
  *at_end = false;
  for (;;) {
    if (depth_ == 0) {
      state_ = State::kInvalid;
      *at_end = true;
      return Rc::kOk;
    }
    PopTo(depth_ - 1);
    if (idx() > 0) break;
  }
  idx()--;
  if (!intkey_) return ParseCurrent();
  Pgno child = 0;
  SIMLITE_TRY(page().Child(idx(), &child));
  SIMLITE_TRY(MoveToChild(child));
  return MoveToRightmost();
}

Rc BtCursor::Next(bool* at_end) {
  SIMLITE_TRY(Restore());
  *at_end = state_ != State::kValid;
  if (*at_end) return Rc::kOk;
  if (skip_ > 0) {
    skip_ = 0;
    return Rc::kOk;
  }
  skip_ = 0;
  if (!page().leaf()) {
    // On an index interior cell: the next entry is the leftmost of the subtree after it.
    idx()++;
    Pgno child = 0;
    SIMLITE_TRY(page().Child(idx(), &child));
    SIMLITE_TRY(MoveToChild(child));
    return MoveToLeftmost();
  }
  if (++idx() < page().cell_count()) return ParseCurrent();
  return ClimbToNext(at_end);
}

Rc BtCursor::Prev(bool* at_end) {
  SIMLITE_TRY(Restore());
  *at_end = state_ != State::kValid;
  if (*at_end) return Rc::kOk;
  if (skip_ < 0) {
    skip_ = 0;
    return Rc::kOk;
  }
  skip_ = 0;
  if (!page().leaf()) {
    Pgno child = 0;
    SIMLITE_TRY(page().Child(idx(), &child));
    SIMLITE_TRY(MoveToChild(child));
    return MoveToRightmost();
  }
  if (idx() > 0) {
    idx()--;
    return ParseCurrent();
  }
  return ClimbToPrev(at_end);
}

bool BtCursor::AtLastEntry() const {
  if (idx_[depth_] + 1 != views_[depth_].cell_count()) return false;
  for (int level = 0; level < depth_; level++) {
    if (idx_[level] != views_[level].cell_count()) return false;
  }
  return true;
}

Rc BtCursor::SeekRowid(int64_t rowid, int* result) {
  assert(intkey_);
  // Fast paths for the common patterns: seeking the current row again, and appending past
  // the last row (rowids in increasing order).
  if (state_ == State::kValid && skip_ == 0) {
    if (info_.key == rowid) {
      *result = 0;
      return Rc::kOk;
    }
    if (info_.key < rowid && AtLastEntry()) {
      *result = -1;
      return Rc::kOk;
    }
    // A rowid within the current leaf's range is on that leaf (rowids near the last one
    // sought: an index scan over rows inserted in the same order, a join on rowids).
    const BtreePage& leaf = page();
    int64_t first = 0;
    int64_t last = 0;
    SIMLITE_TRY(leaf.CellRowid(0, &first));
    SIMLITE_TRY(leaf.CellRowid(leaf.cell_count() - 1, &last));
    if (first <= rowid && rowid <= last) return SeekRowidInLeaf(rowid, result);
  }
  bool empty = false;
  SIMLITE_TRY(MoveToRoot(&empty));
  if (empty) {
    *result = -1;
    return Rc::kOk;
  }
  for (;;) {
    BtreePage& current = page();
    if (current.leaf()) return SeekRowidInLeaf(rowid, result);
    uint32_t lo = 0;
    uint32_t hi = current.cell_count();
    while (lo < hi) {
      const uint32_t mid = lo + (hi - lo) / 2;
      int64_t key = 0;
      SIMLITE_TRY(current.CellRowid(mid, &key));
      if (key < rowid) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    // Keys in the left subtree of a cell are <= the cell's key.
    idx() = lo;
    Pgno child = 0;
    SIMLITE_TRY(current.Child(lo, &child));
    SIMLITE_TRY(MoveToChild(child));
  }
}

// The binary search of SeekRowid on the leaf the cursor is on (not empty).
Rc BtCursor::SeekRowidInLeaf(int64_t rowid, int* result) {
  const BtreePage& leaf = page();
  uint32_t lo = 0;
  uint32_t hi = leaf.cell_count();
  bool exact = false;
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    int64_t key = 0;
    SIMLITE_TRY(leaf.CellRowid(mid, &key));
    if (key < rowid) {
      lo = mid + 1;
    } else {
      hi = mid;
      exact = key == rowid;
    }
  }
  if (lo < leaf.cell_count()) {
    idx() = lo;
    *result = exact ? 0 : 1;
  } else {
    idx() = lo - 1;  // lo > 0: only the root may be empty, handled by the caller
    *result = -1;
  }
  skip_ = 0;
  return ParseCurrent();
}

namespace {

// The key of the index cell at offset pc of `page` when it lies whole on the page with a
// payload size of one or two bytes (SQLite's max1bytePayload and the two-byte case of its
// index seek): true and *key set; false for anything else, compared the long way.
[[gnu::always_inline]] inline bool LocalKey(const BtreePage& page, uint32_t pc,
                                            std::span<const uint8_t>* key) {
  const uint32_t start = pc + page.kind().child_size;
  const uint8_t* data = page.data();
  // A well-formed index cell holds at least 2 bytes after its child pointer (the payload
  // size, then the record's header size): no byte past the page is read.
  if (start + 2 > page.usable_size()) return false;
  uint32_t size = data[start];
  uint32_t payload = start + 1;
  if (size >= 0x80) [[unlikely]] {
    size = data[start + 1] < 0x80 ? ((size & 0x7fu) << 7) | data[start + 1] : UINT32_MAX;
    payload++;
  }
  if (size > page.kind().max_local || payload + size > page.usable_size()) return false;
  *key = {data + payload, size};
  return true;
}

}  // namespace

Rc BtCursor::CompareCell(const BtreePage& page, uint32_t idx, SearchKey* key, int* cmp) {
  uint32_t pc = 0;
  SIMLITE_TRY(page.CellOffset(idx, &pc));
  std::span<const uint8_t> cell_key;
  if (LocalKey(page, pc, &cell_key)) {
    Rc rc = Rc::kOk;
    *cmp = CompareRecordWithKey(cell_key, key, *key_info_, &rc);
    return rc;
  }
  return CompareLargeCell(page, idx, key, cmp);
}

Rc BtCursor::CompareLargeCell(const BtreePage& page, uint32_t idx, SearchKey* key, int* cmp) {
  CellInfo info;
  SIMLITE_TRY(page.Cell(idx, &info));
  std::span<const uint8_t> cell_key(info.payload, info.local_size);
  if (info.local_size < info.payload_size) {
    cell_key_.resize(info.payload_size);
    SIMLITE_TRY(ReadCellPayload(info, 0, cell_key_));
    cell_key = cell_key_;
  }
  Rc rc = Rc::kOk;
  *cmp = CompareRecordWithKeySlow(cell_key, key, *key_info_, &rc);
  return rc;
}

Rc BtCursor::SearchCells(const BtreePage& page, uint32_t lo, uint32_t hi, SearchKey* key,
                         bool equal_is_less, uint32_t* found, int* found_cmp) {
  // CompareCell with its common case inline: a key whole on the page whose first field
  // decides (CompareFirstField). Anything else is compared out of line.
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    uint32_t pc = 0;
    SIMLITE_TRY(page.CellOffset(mid, &pc));
    std::span<const uint8_t> cell_key;
    int cmp = kFirstFieldUndecided;
    if (LocalKey(page, pc, &cell_key)) cmp = CompareFirstField(cell_key, *key);
    if (cmp == kFirstFieldEqual) [[unlikely]] {
      Rc rc = Rc::kOk;
      cmp = CompareRecordWithKeyPastFirst(cell_key, key, *key_info_, &rc);
      SIMLITE_TRY(rc);
    } else if (cmp == kFirstFieldUndecided) [[unlikely]] {
      SIMLITE_TRY(CompareCell(page, mid, key, &cmp));
    }
    if (cmp < 0 || (cmp == 0 && equal_is_less)) {
      lo = mid + 1;
    } else {
      hi = mid;
      *found_cmp = cmp;
    }
  }
  *found = lo;
  return Rc::kOk;
}

Rc BtCursor::DescendToLeaf(SearchKey* key, bool equal_is_less, bool* empty, int* leaf_cmp) {
  // Entries that go left of the key (smaller, or equal when equal_is_less) come first in the
  // tree. When the current leaf's first entry goes left and its last does not, the place is
  // inside this leaf, wherever the descent from the root would lead: keys near the last one
  // sought (index entries inserted or deleted in index order) need no descent.
  auto goes_left = [equal_is_less](int cmp) { return cmp < 0 || (cmp == 0 && equal_is_less); };
  key->Classify(*key_info_);  // so that the first comparison takes the inline way too
  *leaf_cmp = kFirstFieldUndecided;
  if (state_ == State::kValid && skip_ == 0 && page().leaf() && page().cell_count() >= 2) {
    int first = 0;
    int last = 0;
    SIMLITE_TRY(CompareCell(page(), 0, key, &first));
    SIMLITE_TRY(CompareCell(page(), page().cell_count() - 1, key, &last));
    // Past the last entry of the rightmost leaf (every level above on its right child): the
    // end of the tree, where a descent would lead too (keys that arrive in order, as the
    // uniqueness check of CREATE UNIQUE INDEX looks them up).
    bool rightmost = goes_left(last);
    for (int level = 0; rightmost && level < depth_; level++) {
      rightmost = idx_[level] == views_[level].cell_count();
    }
    if (rightmost) {
      state_ = State::kInvalid;
      *empty = false;
      idx() = page().cell_count();
      return Rc::kOk;
    }
    if (goes_left(first) && !goes_left(last)) {
      state_ = State::kInvalid;  // as after a descent: the caller positions the cursor
      *empty = false;
      *leaf_cmp = last;
      return SearchCells(page(), 1, page().cell_count() - 1, key, equal_is_less, &idx(),
                         leaf_cmp);
    }
  }
  SIMLITE_TRY(MoveToRoot(empty));
  if (*empty) return Rc::kOk;
  for (;;) {
    BtreePage& current = page();
    int cmp = kFirstFieldUndecided;
    SIMLITE_TRY(SearchCells(current, 0, current.cell_count(), key, equal_is_less, &idx(), &cmp));
    if (current.leaf()) {
      *leaf_cmp = cmp;
      return Rc::kOk;
    }
    Pgno child = 0;
    SIMLITE_TRY(current.Child(idx(), &child));
    SIMLITE_TRY(MoveToChild(child));
  }
}

Rc BtCursor::SeekIndex(SearchKey* key, bool equal_is_less, int* found_cmp) {
  assert(!intkey_);
  bool empty = false;
  SIMLITE_TRY(DescendToLeaf(key, equal_is_less, &empty, found_cmp));
  if (empty) return Rc::kOk;
  if (idx() < page().cell_count()) return ParseCurrent();
  *found_cmp = kFirstFieldUndecided;  // another cell than the descent's
  bool at_end = false;
  return ClimbToNext(&at_end);
}

Rc BtCursor::SeekKey(std::span<const uint8_t> key, bool* exact) {
  SearchKey search_key;
  search_key.Init(key);
  return SeekKey(&search_key, exact);
}

Rc BtCursor::SeekKey(SearchKey* key, bool* exact) {
  *exact = false;
  int cmp = kFirstFieldUndecided;
  SIMLITE_TRY(SeekIndex(key, /*equal_is_less=*/false, &cmp));
  if (state_ != State::kValid) return Rc::kOk;
  if (cmp == kFirstFieldUndecided) SIMLITE_TRY(CompareCell(page(), idx(), key, &cmp));
  *exact = cmp == 0;
  return Rc::kOk;
}

Rc BtCursor::SeekKeyAfter(std::span<const uint8_t> key) {
  SearchKey search_key;
  search_key.Init(key);
  return SeekKeyAfter(&search_key);
}

Rc BtCursor::SeekKeyAfter(SearchKey* key) {
  int cmp = 0;
  return SeekIndex(key, /*equal_is_less=*/true, &cmp);
}

int64_t BtCursor::rowid() const {
  assert(state_ == State::kValid && intkey_);
  return info_.key;
}

uint64_t BtCursor::payload_size() const {
  assert(state_ == State::kValid);
  return info_.payload_size;
}

std::span<const uint8_t> BtCursor::PayloadLocal() const {
  assert(state_ == State::kValid);
  return {info_.payload, info_.local_size};
}

Rc BtCursor::ReadPayload(uint64_t offset, std::span<uint8_t> dst) {
  assert(state_ == State::kValid);
  return ReadCellPayload(info_, offset, dst);
}

Rc BtCursor::Payload(std::vector<uint8_t>* buffer, std::span<const uint8_t>* payload) {
  assert(state_ == State::kValid);
  if (info_.local_size == info_.payload_size) {
    *payload = PayloadLocal();
    return Rc::kOk;
  }
  buffer->resize(info_.payload_size);
  SIMLITE_TRY(ReadCellPayload(info_, 0, *buffer));
  *payload = *buffer;
  return Rc::kOk;
}

Rc BtCursor::ReadCellPayload(const CellInfo& info, uint64_t offset, std::span<uint8_t> dst) {
  if (offset > info.payload_size || dst.size() > info.payload_size - offset) {
    return SIMLITE_CORRUPT();
  }
  if (dst.empty()) return Rc::kOk;
  uint8_t* out = dst.data();
  uint64_t remaining = dst.size();
  if (offset < info.local_size) {
    const uint64_t n = std::min<uint64_t>(remaining, info.local_size - offset);
    std::memcpy(out, info.payload + offset, n);
    out += n;
    remaining -= n;
    offset += n;
  }
  if (remaining == 0) return Rc::kOk;
  pager::Pager* pager = btree_->pager();
  const uint32_t per_page = btree_->usable_size() - kOverflowHeaderSize;
  const uint64_t count =
      OverflowPageCount(info.payload_size, info.local_size, btree_->usable_size());
  if (count >= pager->page_count()) return SIMLITE_CORRUPT();
  uint64_t target = (offset - info.local_size) / per_page;
  // Sequential reads of the current cell resume where the last one stopped.
  const bool resume = &info == &info_ && chain_pgno_ != 0 && chain_page_idx_ <= target;
  uint64_t page_idx = resume ? chain_page_idx_ : 0;
  Pgno pgno = resume ? chain_pgno_ : info.overflow;
  pager::PageRef page;
  for (;;) {
    if (pgno < 2 || page_idx >= count) return SIMLITE_CORRUPT();
    SIMLITE_TRY(pager->Get(pgno, &page));
    if (page_idx == target) {
      const uint64_t in_page = (offset - info.local_size) % per_page;
      const uint64_t n = std::min<uint64_t>(remaining, per_page - in_page);
      std::memcpy(out, page.data() + kOverflowHeaderSize + in_page, n);
      out += n;
      remaining -= n;
      offset += n;
      target++;
      if (&info == &info_) {
        chain_page_idx_ = page_idx;
        chain_pgno_ = pgno;
      }
      if (remaining == 0) return Rc::kOk;
    }
    pgno = Get4(page.data());
    page_idx++;
  }
}

Rc BtCursor::CopyCurrentKey(std::vector<uint8_t>* out) {
  out->resize(info_.payload_size);
  return ReadCellPayload(info_, 0, *out);
}

Rc BtCursor::SavePosition() {
  if (state_ == State::kValid) {
    if (intkey_) {
      saved_rowid_ = info_.key;
    } else {
      SIMLITE_TRY(CopyCurrentKey(&saved_key_));
    }
    state_ = State::kRequireSeek;
  }
  PopTo(-1);
  return Rc::kOk;
}

Rc BtCursor::Restore() {
  if (state_ != State::kRequireSeek) return Rc::kOk;
  const int8_t saved_skip = skip_;
  bool exact = false;
  if (intkey_) {
    int result = 0;
    SIMLITE_TRY(SeekRowid(saved_rowid_, &result));
    exact = result == 0;
    if (!exact && state_ == State::kValid) skip_ = static_cast<int8_t>(result > 0 ? 1 : -1);
  } else {
    SIMLITE_TRY(SeekKey(saved_key_, &exact));
    if (!exact && state_ == State::kValid) skip_ = 1;
  }
  if (exact) {
    skip_ = saved_skip;
  } else if (state_ != State::kValid) {
    // Nothing at or after the saved entry: Prev() must reach the last entry.
    bool empty = false;
    SIMLITE_TRY(Last(&empty));
    if (!empty) skip_ = -1;
  }
  return Rc::kOk;
}

}  // namespace simlite::btree
