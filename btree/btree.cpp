// Btree: transactions, tree creation and destruction, overflow chains and the cursor list.
// See btree.h for the invariants.
#include "common/planted.h"
#include "btree/btree.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "btree/btree_cursor.h"
#include "common/corrupt.h"
#include "common/varint.h"

namespace simlite::btree {

using pager::PageRef;

Btree::Btree(pager::Pager* pager) : pager_(pager) {}

Btree::~Btree() {
  assert(cursors_ == nullptr);
}

Rc Btree::BeginRead(bool defer_lock) {
  SIMLITE_TRY(pager_->BeginRead(defer_lock));
  const uint32_t page_size = pager_->page_size();
  if (scratch_.page_size == page_size) return Rc::kOk;
  // The largest cell is a table-leaf cell (under page_size bytes); a page holds at most
  // page_size / 6 cells (4-byte cells and their 2-byte pointers).
  scratch_.page_size = page_size;
  scratch_.page.assign(page_size, 0);
  scratch_.cell.assign(page_size + 32, 0);
  scratch_.siblings.assign(3 * size_t{page_size}, 0);
  scratch_.dividers.assign(2 * (size_t{page_size} + 32), 0);
  const size_t max_cells = 3 * (page_size / 6 + 1) + 2 + 2 * BtreePage::kMaxOverflowCells;
  scratch_.cells.assign(max_cells, nullptr);
  scratch_.sizes.assign(max_cells, 0);
  for (auto& arena : scratch_.arena) arena.assign(4 * size_t{page_size} + 256, 0);
  ResetArenas();
  return Rc::kOk;
}

void Btree::EndRead() {
  InvalidateCursors();
  pager_->EndRead();
}

Rc Btree::BeginWrite() {
  // Auto-vacuum databases keep pointer-map pages that every page move must update.
  if (pager_->GetHeader(pager::HeaderField::kLargestRootPage) != 0) return Rc::kReadOnly;
  const bool fresh = pager_->page_count() == 0;
  SIMLITE_TRY(pager_->BeginWrite());
  if (!fresh) return Rc::kOk;
  PageRef page1;
  Rc rc = pager_->Get(1, &page1);
  if (rc == Rc::kOk) rc = pager_->MakeWritable(page1);
  if (rc != Rc::kOk) {
    pager_->Rollback();
    return rc;
  }
  BtreePage view;
  view.Format(page1.data(), 1, usable_size(), PageType::kTableLeaf);
  return Rc::kOk;
}

Rc Btree::Commit() {
  Rc rc = pager_->Commit();
  // A commit that failed for good has rolled the transaction back: no cursor may trust its
  // pages.
  if (rc != Rc::kOk && pager_->state() != pager::Pager::State::kWriting) InvalidateCursors();
  return rc;
}

void Btree::Rollback(bool keep_readers) {
  if (keep_readers) {
    // Read-only cursors keep their place as a key and re-seek it in the tree as it was before
    // the transaction (SQLite's rollback that changed no schema); the others are invalidated.
    for (BtCursor* cursor = cursors_; cursor != nullptr; cursor = cursor->next_) {
      if (cursor->writable_ || cursor->SavePosition() != Rc::kOk) Invalidate(cursor);
    }
  } else {
    InvalidateCursors();
  }
  // (Nothing to undo after a commit that failed: it rolled back already.)
  if (pager_->state() == pager::Pager::State::kWriting) pager_->Rollback();
}

Rc Btree::GetPage(Pgno pgno, PageRef* ref, BtreePage* page) {
  SIMLITE_TRY(pager_->Get(pgno, ref));
  return page->Init(ref->data(), pgno, usable_size());
}

Rc Btree::MakeWritable(PageRef& ref) {
  uint8_t* before = ref.data();
  SIMLITE_TRY(pager_->MakeWritable(ref));
  assert(ref.data() == before);
  (void)before;
  return Rc::kOk;
}

Rc Btree::CreateTree(PageType type, Pgno* root) {
  PageRef ref;
  SIMLITE_TRY(pager_->Allocate(&ref));
  BtreePage view;
  view.Format(ref.data(), ref.pgno(), usable_size(), type);
  *root = ref.pgno();
  return Rc::kOk;
}

Rc Btree::CreateTable(Pgno* root) {
  return CreateTree(PageType::kTableLeaf, root);
}
Rc Btree::CreateIndex(Pgno* root) {
  return CreateTree(PageType::kIndexLeaf, root);
}

Rc Btree::Drop(Pgno root) {
  if (root < 2) return Rc::kMisuse;
  if (HasCursor(root)) return Rc::kLocked;
  return ClearTree(root, /*free_root=*/true);
}

Rc Btree::Clear(Pgno root) {
  SIMLITE_TRY(SaveCursors(root, nullptr));
  if (root == 1 && pager_->page_count() == 0) return Rc::kOk;
  return ClearTree(root, /*free_root=*/false);
}

Rc Btree::ClearTree(Pgno root, bool free_root) {
  PageRef ref;
  BtreePage view;
  SIMLITE_TRY(GetPage(root, &ref, &view));
  const bool intkey = view.intkey();
  ref.Release();
  uint32_t visited = 0;
  return ClearPage(root, intkey, 0, free_root, &visited);
}

Rc Btree::ClearPage(Pgno pgno, bool intkey, uint32_t depth, bool free_root, uint32_t* visited) {
  if (depth >= BtCursor::kMaxDepth || ++*visited > pager_->page_count()) {
    return SIMLITE_CORRUPT();
  }
  PageRef ref;
  BtreePage page;
  SIMLITE_TRY(GetPage(pgno, &ref, &page));
  if (page.intkey() != intkey) return SIMLITE_CORRUPT();
  for (uint32_t cell_idx = 0; cell_idx < page.cell_count(); cell_idx++) {
    CellInfo info;
    SIMLITE_TRY(page.Cell(cell_idx, &info));
    SIMLITE_TRY(FreeOverflow(info));
    if (!page.leaf()) SIMLITE_TRY(ClearPage(info.left_child, intkey, depth + 1, true, visited));
  }
  if (!page.leaf()) {
    Pgno right = 0;
    SIMLITE_TRY(page.Child(page.cell_count(), &right));
    SIMLITE_TRY(ClearPage(right, intkey, depth + 1, true, visited));
  }
  if (free_root) {
    ref.Release();
    return pager_->Free(pgno);
  }
  SIMLITE_TRY(MakeWritable(ref));
  page.Format(ref.data(), pgno, usable_size(), LeafTypeOf(intkey));
  return Rc::kOk;
}

Rc Btree::WriteOverflow(std::span<const uint8_t> payload, uint32_t local_size, Pgno* first) {
  assert(payload.size() > local_size);
  const uint32_t per_page = usable_size() - kOverflowHeaderSize;
  const uint8_t* src = payload.data() + local_size;
  size_t remaining = payload.size() - local_size;
  *first = 0;
  PageRef prev;
  while (remaining > 0) {
    PageRef page;
    SIMLITE_TRY(pager_->Allocate(&page));
    if (prev.valid()) {
      Put4(prev.data(), page.pgno());
    } else {
      *first = page.pgno();
    }
    const size_t n = std::min<size_t>(remaining, per_page);
    std::memcpy(page.data() + kOverflowHeaderSize, src, n);
    src += n;
    remaining -= n;
    prev = std::move(page);
  }
  return Rc::kOk;
}

Rc Btree::FreeOverflow(const CellInfo& info) {
  const uint64_t count = OverflowPageCount(info.payload_size, info.local_size, usable_size());
  if (count == 0) return Rc::kOk;
  if (count >= pager_->page_count()) return SIMLITE_CORRUPT();
  Pgno pgno = info.overflow;
  for (uint64_t page_idx = 0; page_idx < count; page_idx++) {
    if (pgno < 2 || pgno > pager_->page_count()) return SIMLITE_CORRUPT();
    Pgno next = 0;
    // The last page's next pointer is not needed: spare reading it.
    if (page_idx + 1 < count) {
      PageRef page;
      SIMLITE_TRY(pager_->Get(pgno, &page));
      next = Get4(page.data());
    }
    if (page_idx + 1 == count && page_idx > 0 && planted::On(planted::kOverflowPageLeak)) break;
    SIMLITE_TRY(pager_->Free(pgno));
    pgno = next;
  }
  return Rc::kOk;
}

Rc Btree::ArenaCopy(int arena, const uint8_t* cell, uint32_t size, const uint8_t** copy) {
  std::vector<uint8_t>& bytes = scratch_.arena[arena];
  uint32_t& used = scratch_.arena_used[arena];
  if (used + size > bytes.size()) return SIMLITE_CORRUPT();
  std::memcpy(bytes.data() + used, cell, size);
  *copy = bytes.data() + used;
  used += size;
  return Rc::kOk;
}

void Btree::ResetArenas() {
  scratch_.arena_used[0] = 0;
  scratch_.arena_used[1] = 0;
  scratch_.current_arena = 0;
}

Rc Btree::SaveCursors(Pgno root, const BtCursor* except) {
  for (BtCursor* cursor = cursors_; cursor != nullptr; cursor = cursor->next_) {
    if (cursor == except || cursor->root_ != root) continue;
    SIMLITE_TRY(cursor->SavePosition());
  }
  return Rc::kOk;
}

bool Btree::HasCursor(Pgno root) const {
  for (const BtCursor* cursor = cursors_; cursor != nullptr; cursor = cursor->next_) {
    if (cursor->root_ == root) return true;
  }
  return false;
}

void Btree::Invalidate(BtCursor* cursor) {
  cursor->PopTo(-1);
  cursor->state_ = BtCursor::State::kInvalid;
  cursor->skip_ = 0;
}

void Btree::InvalidateCursors() {
  for (BtCursor* cursor = cursors_; cursor != nullptr; cursor = cursor->next_) Invalidate(cursor);
}

void Btree::Link(BtCursor* cursor) {
  cursor->prev_ = nullptr;
  cursor->next_ = cursors_;
  if (cursors_ != nullptr) cursors_->prev_ = cursor;
  cursors_ = cursor;
}

void Btree::Unlink(BtCursor* cursor) {
  if (cursor->prev_ != nullptr) {
    cursor->prev_->next_ = cursor->next_;
  } else {
    cursors_ = cursor->next_;
  }
  if (cursor->next_ != nullptr) cursor->next_->prev_ = cursor->prev_;
  cursor->prev_ = cursor->next_ = nullptr;
}

}  // namespace simlite::btree
