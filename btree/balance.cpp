// Balancing: SQLite's one general mechanism (its balance_nonroot, balance_deeper and
// balance_shallower), written anew.
//
// The page at the cursor's current level is out of limits: it has overflow cells (an insert
// did not fit), or more than 2/3 of it is free (a delete). It is balanced together with up
// to two siblings: every cell of the siblings, plus the parent's dividers between them, is
// gathered in key order and dealt out again over as many pages as needed (reusing the old
// pages, allocating or freeing the difference). The parent gets the new dividers, which may
// make it overflow or leave it underfull; the loop then goes one level up. A root that
// overflows moves its content into a new child first (deeper); a root left with no divider
// and one child that fits in it takes that child's content (shallower).
//
// Invariants of the result: no page overflows; no non-root page is empty; no interior page
// but the root has fewer than one cell, and the root has at least one unless it is a leaf.
#include <algorithm>
#include <cassert>
#include <cstring>

#include "btree/btree_cursor.h"
#include "common/corrupt.h"
#include "common/varint.h"

namespace simlite::btree {

namespace {

// New pages one balance may produce. Greedy filling puts more than a page's worth of bytes
// on each pair of neighbouring pages, so 3 full siblings plus the overflow cells of one of
// them never need more.
constexpr uint32_t kMaxNewPages = BtreePage::kMaxOverflowCells;
constexpr uint32_t kMaxSiblings = 3;
// Bytes copied after a divider cell so that a 1..3-byte index-leaf cell can be read as the
// 4 bytes it occupies.
constexpr uint32_t kDividerSlack = 8;

}  // namespace

struct BalanceDistribution {
  uint32_t count = 0;
  uint32_t end[kMaxNewPages] = {};   // one past each page's last cell
  uint32_t used[kMaxNewPages] = {};  // bytes of cells and pointers on each page
};

namespace {

// The first cell of page j: cells between pages (dividers) belong to no page unless the
// pages are table leaves, whose dividers are copies of keys.
uint32_t PageStart(const BalanceDistribution& d, uint32_t j, uint32_t gap) {
  return j == 0 ? 0 : d.end[j - 1] + gap;
}

// Fills pages left to right, then moves cells rightwards while that evens out neighbours
// (and so that no page stays empty). min_pages forces a second page when the content must
// not stay on one (a root that cannot take it).
Rc Distribute(std::span<const uint16_t> sizes, bool leaf_data, uint32_t capacity,
              uint32_t min_pages, BalanceDistribution* d) {
  const uint32_t n = static_cast<uint32_t>(sizes.size());
  const uint32_t gap = leaf_data ? 0 : 1;
  d->count = 0;
  for (uint32_t start = 0;;) {
    if (d->count == kMaxNewPages) return SIMLITE_CORRUPT();
    uint32_t used = 0;
    uint32_t cell_idx = start;
    while (cell_idx < n && used + sizes[cell_idx] + kCellPointerSize <= capacity) {
      used += sizes[cell_idx++] + kCellPointerSize;
    }
    if (cell_idx == start && cell_idx < n) return SIMLITE_CORRUPT();
    d->end[d->count] = cell_idx;
    d->used[d->count++] = used;
    if (cell_idx >= n) break;
    start = cell_idx + gap;
  }
  if (d->count < min_pages) {
    assert(d->count == 1 && min_pages == 2);
    if (!leaf_data) {
      if (n < 2) return SIMLITE_CORRUPT();
      d->end[0] = n - 1;  // the last cell becomes the divider
      d->used[0] -= sizes[n - 1] + kCellPointerSize;
    }
    d->end[1] = n;
    d->used[1] = 0;
    d->count = 2;
  }
  for (uint32_t j = d->count - 1; j >= 1; j--) {
    for (;;) {
      if (d->end[j - 1] - PageStart(*d, j - 1, gap) <= 1) break;
      const uint32_t last = d->end[j - 1] - 1;
      const uint32_t moving_in = leaf_data ? last : d->end[j - 1];
      const uint32_t gain = sizes[moving_in] + kCellPointerSize;
      const uint32_t loss = sizes[last] + kCellPointerSize;
      if (d->used[j] + gain > capacity) break;
      if (d->used[j] != 0 && d->used[j] + gain > d->used[j - 1] - loss) break;
      d->end[j - 1]--;
      d->used[j - 1] -= loss;
      d->used[j] += gain;
    }
    if (d->end[j] == PageStart(*d, j, gap)) return SIMLITE_CORRUPT();
  }
  return Rc::kOk;
}

}  // namespace

// The pages a balance works on: up to 3 consecutive children of the parent, their copies
// (cells are read from the copies while the pages are rewritten) and the dividers.
struct BalanceSiblings {
  uint32_t count = 0;
  uint32_t first = 0;  // parent index of the first sibling (and of the first divider)
  Pgno pgno[kMaxSiblings] = {};
  pager::PageRef ref[kMaxSiblings];
  BtreePage copy[kMaxSiblings];
  uint8_t* divider[kMaxSiblings - 1] = {};
  uint32_t divider_size[kMaxSiblings - 1] = {};
  uint32_t cell_count = 0;  // cells gathered into scratch cells/sizes
};

Rc BtCursor::Balance() {
  // Balancing reshapes the path the cursor stands on: it must seek again afterwards.
  state_ = State::kInvalid;
  skip_ = 0;
  // Each round either finishes or moves one level up (a deeper root adds one level).
  for (uint32_t round = 0; round <= 2 * kMaxDepth; round++) {
    BtreePage& current = page();
    if (current.overflow_count() == 0) {
      if (depth_ == 0) return Rc::kOk;
      bool underfull = false;
      SIMLITE_TRY(current.Underfull(&underfull));
      if (!underfull) return Rc::kOk;
    }
    if (depth_ == 0) {
      SIMLITE_TRY(BalanceDeeper());
    } else if (CanBalanceQuick()) {
      SIMLITE_TRY(BalanceQuick());
    } else {
      SIMLITE_TRY(BalanceNonroot());
    }
  }
  return SIMLITE_CORRUPT();
}

Rc BtCursor::BalanceDeeper() {
  assert(depth_ == 0 && page().overflow_count() > 0);
  SIMLITE_TRY(MakeLevelWritable(0));
  BtreePage& root = views_[0];
  pager::PageRef child_ref;
  SIMLITE_TRY(btree_->pager()->Allocate(&child_ref));
  Btree::Scratch& scratch = btree_->scratch_;
  const uint32_t count = root.cell_count();
  for (uint32_t cell_idx = 0; cell_idx < count; cell_idx++) {
    uint32_t offset = 0;
    CellInfo info;
    SIMLITE_TRY(root.CellOffset(cell_idx, &offset));
    SIMLITE_TRY(root.Cell(cell_idx, &info));
    scratch.cells[cell_idx] = root.data() + offset;
    scratch.sizes[cell_idx] = static_cast<uint16_t>(info.cell_size);
  }
  // The child has at least the root's room (page 1 loses 100 bytes to the file header).
  BtreePage child;
  child.Format(child_ref.data(), child_ref.pgno(), btree_->usable_size(), root.kind().type);
  SIMLITE_TRY(child.Rebuild(root.kind().type, {scratch.cells.data(), count},
                            {scratch.sizes.data(), count}, root.right_child()));
  child.TakeOverflowFrom(root);
  SIMLITE_TRY(root.Rebuild(InteriorTypeOf(intkey_), {}, {}, child_ref.pgno()));
  idx_[0] = 0;
  pages_[1] = std::move(child_ref);
  views_[1] = child;
  idx_[1] = 0;
  depth_ = 1;
  return Rc::kOk;
}

bool BtCursor::CanBalanceQuick() const {
  const BtreePage& leaf = page();
  const BtreePage& parent = views_[depth_ - 1];
  // A table leaf keeps all its cells; an index leaf gives its last one up as the divider,
  // so it needs two.
  const uint32_t min_cells = leaf.kind().has_data ? 1 : 2;
  return leaf.leaf() && leaf.overflow_count() == 1 && leaf.cell_count() >= min_cells &&
         leaf.overflow_cell(0).idx == leaf.cell_count() &&
         idx_[depth_ - 1] == parent.cell_count() && parent.overflow_count() == 0;
}

// SQLite's balance_quick: a row appended past the end of a table's rightmost leaf (rowids
// arriving in order) goes alone onto a new rightmost leaf, and the old leaf stays full.
// simlite does the same for an index leaf (keys arriving in order: CREATE INDEX from its
// sorter, an index on an increasing column), whose divider is an entry: the old leaf's last
// one moves up into the parent.
Rc BtCursor::BalanceQuick() {
  Btree::Scratch& scratch = btree_->scratch_;
  BtreePage& leaf = page();
  BtreePage& parent = views_[depth_ - 1];
  const PageType type = leaf.kind().type;
  SIMLITE_TRY(MakeLevelWritable(depth_ - 1));
  pager::PageRef new_ref;
  SIMLITE_TRY(btree_->pager()->Allocate(&new_ref));
  const BtreePage::OverflowCell appended = leaf.overflow_cell(0);
  const uint16_t size = static_cast<uint16_t>(appended.size);
  BtreePage view;
  view.Format(new_ref.data(), new_ref.pgno(), btree_->usable_size(), type);
  SIMLITE_TRY(view.Rebuild(type, {&appended.cell, 1}, {&size, 1}, 0));
  leaf.ClearOverflow();
  uint8_t* cell = scratch.cell.data();
  Put4(cell, leaf.pgno());
  uint32_t cell_size = 0;
  if (leaf.kind().has_data) {
    // The old leaf keeps its place as the left child of a divider holding its largest rowid.
    int64_t last_rowid = 0;
    SIMLITE_TRY(leaf.CellRowid(leaf.cell_count() - 1, &last_rowid));
    cell_size = 4 + static_cast<uint32_t>(PutVarint(cell + 4, static_cast<uint64_t>(last_rowid)));
  } else {
    SIMLITE_TRY(MoveLastCellUp(&leaf, parent.kind(), cell, &cell_size));
  }
  const uint32_t divider_idx = parent.cell_count();
  SIMLITE_TRY(parent.SetChild(divider_idx, new_ref.pgno()));
  PopTo(depth_ - 1);
  const int arena = 1 - scratch.current_arena;
  scratch.arena_used[arena] = 0;
  SIMLITE_TRY(InsertDivider(divider_idx, cell, cell_size));
  scratch.current_arena = arena;
  return Rc::kOk;
}

// Takes the last cell off index leaf `leaf` and writes it at cell + 4 (after the child
// pointer already there) as a cell of an interior index page; *size: the whole cell's size.
Rc BtCursor::MoveLastCellUp(BtreePage* leaf, const PageKind& parent_kind, uint8_t* cell,
                            uint32_t* size) {
  const uint32_t last = leaf->cell_count() - 1;
  uint32_t offset = 0;
  CellInfo info;
  SIMLITE_TRY(leaf->CellOffset(last, &offset));
  SIMLITE_TRY(leaf->Cell(last, &info));
  std::memcpy(cell + 4, leaf->data() + offset, info.cell_size);
  CellInfo divider;
  SIMLITE_TRY(
      ParseCell(parent_kind, btree_->usable_size(), cell, info.cell_size + 4, &divider));
  *size = divider.cell_size;
  return leaf->DropCell(last, info.cell_size);
}

// Inserts a new divider cell into the current page (the parent of a balanced page), as an
// overflow cell in the other arena (the one not holding the balanced page's overflow cells)
// when it does not fit. The caller makes that arena current once the balance step is done.
Rc BtCursor::InsertDivider(uint32_t idx, const uint8_t* cell, uint32_t size) {
  Btree::Scratch& scratch = btree_->scratch_;
  bool fitted = false;
  SIMLITE_TRY(page().InsertCell(idx, cell, size, scratch.page.data(), &fitted));
  if (fitted) return Rc::kOk;
  const int arena = 1 - scratch.current_arena;
  const uint8_t* copy = nullptr;
  SIMLITE_TRY(btree_->ArenaCopy(arena, cell, size, &copy));
  return page().AddOverflowCell(idx, copy, size);
}

Rc BtCursor::LoadSiblings(BalanceSiblings* s) {
  const int level = depth_;
  BtreePage& parent = views_[level - 1];
  if (parent.overflow_count() != 0 || parent.leaf()) return SIMLITE_CORRUPT();
  const uint32_t n = parent.cell_count();
  const uint32_t child_idx = idx_[level - 1];
  s->count = std::min(kMaxSiblings, n + 1);
  s->first = child_idx == 0 ? 0 : std::min(child_idx - 1, n + 1 - s->count);
  Btree::Scratch& scratch = btree_->scratch_;
  const uint32_t usable = btree_->usable_size();
  const PageType type = views_[level].kind().type;
  for (uint32_t j = 0; j < s->count; j++) {
    SIMLITE_TRY(parent.Child(s->first + j, &s->pgno[j]));
    for (int ancestor = 0; ancestor < level; ancestor++) {
      if (views_[ancestor].pgno() == s->pgno[j]) return SIMLITE_CORRUPT();
    }
    for (uint32_t other = 0; other < j; other++) {
      if (s->pgno[other] == s->pgno[j]) return SIMLITE_CORRUPT();
    }
    BtreePage view;
    if (s->first + j == child_idx) {
      s->ref[j] = std::move(pages_[level]);
    } else {
      SIMLITE_TRY(btree_->GetPage(s->pgno[j], &s->ref[j], &view));
      if (view.kind().type != type) return SIMLITE_CORRUPT();
    }
    if (s->ref[j].pgno() != s->pgno[j]) return SIMLITE_CORRUPT();
    SIMLITE_TRY(btree_->MakeWritable(s->ref[j]));
    uint8_t* copy = scratch.siblings.data() + size_t{j} * scratch.page_size;
    std::memcpy(copy, s->ref[j].data(), scratch.page_size);
    SIMLITE_TRY(s->copy[j].Init(copy, s->pgno[j], usable));
    if (s->first + j == child_idx) s->copy[j].TakeOverflowFrom(views_[level]);
  }
  views_[level].Reset();
  depth_ = level - 1;  // pages_[level] moved into s->ref
  for (uint32_t j = 0; j + 1 < s->count; j++) {
    uint32_t offset = 0;
    CellInfo info;
    SIMLITE_TRY(parent.CellOffset(s->first + j, &offset));
    SIMLITE_TRY(parent.Cell(s->first + j, &info));
    s->divider[j] = scratch.dividers.data() + j * (size_t{scratch.page_size} + 32);
    std::memcpy(s->divider[j], parent.data() + offset, info.cell_size);
    std::memset(s->divider[j] + info.cell_size, 0, kDividerSlack);
    s->divider_size[j] = info.cell_size;
  }
  return Rc::kOk;
}

namespace {

// The size of cell in_page of `page`, which starts at `offset`: the common cells (a one-byte
// payload size kept whole on the page) straight from their first bytes, the rest through a
// full parse. CellOffset leaves at least kMinCellSize bytes from the offset.
Rc CellSizeAt(const BtreePage& page, uint32_t in_page, uint32_t offset, uint32_t* size) {
  const PageKind& kind = page.kind();
  const uint8_t* cell = page.data() + offset;
  const uint32_t available = page.usable_size() - offset;
  uint32_t fast = 0;
  if (!kind.intkey) {
    const uint32_t pos = kind.child_size;
    if (available > pos && cell[pos] < 0x80 && cell[pos] <= kind.max_local) {
      fast = pos + 1 + cell[pos];
    }
  } else {
    const uint32_t pos = kind.leaf ? 1 : 4;
    uint64_t rowid = 0;
    const int n = (kind.leaf && cell[0] >= 0x80)
                      ? 0
                      : GetVarint(cell + pos, available - pos, &rowid);
    if (n > 0) fast = pos + static_cast<uint32_t>(n) + (kind.leaf ? cell[0] : 0);
  }
  if (fast != 0) {
    fast = std::max(fast, kMinCellSize);
    if (fast <= available) {
      *size = fast;
      return Rc::kOk;
    }
  }
  CellInfo info;
  SIMLITE_TRY(page.Cell(in_page, &info));
  *size = info.cell_size;
  return Rc::kOk;
}

}  // namespace

// Appends the cells of `page` (overflow cells at their logical places) to the scratch list.
Rc BtCursor::GatherCells(const BtreePage& page, BalanceSiblings* s) {
  Btree::Scratch& scratch = btree_->scratch_;
  const uint32_t total = page.cell_count() + page.overflow_count();
  if (s->cell_count + total > scratch.cells.size()) return SIMLITE_CORRUPT();
  uint32_t in_page = 0;
  uint32_t overflow = 0;
  for (uint32_t logical = 0; logical < total; logical++) {
    const uint32_t at = s->cell_count++;
    if (overflow < page.overflow_count() && page.overflow_cell(overflow).idx == logical) {
      scratch.cells[at] = page.overflow_cell(overflow).cell;
      scratch.sizes[at] = static_cast<uint16_t>(page.overflow_cell(overflow).size);
      overflow++;
      continue;
    }
    if (in_page >= page.cell_count()) return SIMLITE_CORRUPT();
    uint32_t offset = 0;
    uint32_t size = 0;
    SIMLITE_TRY(page.CellOffset(in_page, &offset));
    SIMLITE_TRY(CellSizeAt(page, in_page++, offset, &size));
    scratch.cells[at] = page.data() + offset;
    scratch.sizes[at] = static_cast<uint16_t>(size);
  }
  return Rc::kOk;
}

// Gathers every cell of the siblings in key order, with the dividers between them brought
// down: an index leaf takes a divider without its child pointer, an interior page takes it
// with the left sibling's right child as its child pointer, table leaves drop them.
Rc BtCursor::GatherAll(BalanceSiblings* s) {
  Btree::Scratch& scratch = btree_->scratch_;
  const PageKind& kind = s->copy[0].kind();
  s->cell_count = 0;
  for (uint32_t j = 0; j < s->count; j++) {
    SIMLITE_TRY(GatherCells(s->copy[j], s));
    if (j + 1 == s->count || kind.has_data) continue;
    if (s->cell_count >= scratch.cells.size()) return SIMLITE_CORRUPT();
    uint8_t* divider = s->divider[j];
    uint32_t size = s->divider_size[j];
    if (kind.leaf) {
      CellInfo info;
      SIMLITE_TRY(
          ParseCell(kind, btree_->usable_size(), divider + 4, size - 4 + kMinCellSize, &info));
      divider += 4;
      size = info.cell_size;
    } else {
      Put4(divider, s->copy[j].right_child());
    }
    scratch.cells[s->cell_count] = divider;
    scratch.sizes[s->cell_count++] = static_cast<uint16_t>(size);
  }
  return Rc::kOk;
}

Rc BtCursor::BalanceNonroot() {
  SIMLITE_TRY(MakeLevelWritable(depth_ - 1));
  BalanceSiblings s;
  SIMLITE_TRY(LoadSiblings(&s));
  SIMLITE_TRY(GatherAll(&s));
  Btree::Scratch& scratch = btree_->scratch_;
  const PageKind kind = s.copy[0].kind();
  const std::span<const uint8_t* const> cells(scratch.cells.data(), s.cell_count);
  const std::span<const uint16_t> sizes(scratch.sizes.data(), s.cell_count);
  BtreePage& parent = page();
  const uint32_t capacity = btree_->usable_size() - kind.header_size;
  BalanceDistribution d;
  SIMLITE_TRY(Distribute(sizes, kind.has_data, capacity, 1, &d));
  if (depth_ == 0 && parent.cell_count() + 1 == s.count && d.count == 1) {
    // The root would keep no divider and one child: it takes the child's content instead.
    if (BtreePage::SpaceFor(sizes) <= parent.Capacity(kind.leaf)) return BalanceShallower(&s);
    SIMLITE_TRY(Distribute(sizes, kind.has_data, capacity, 2, &d));
  }
  Pgno new_pgno[kMaxNewPages] = {};
  SIMLITE_TRY(WriteNewPages(&s, d, new_pgno));
  return UpdateParent(s, d, new_pgno);
}

Rc BtCursor::BalanceShallower(BalanceSiblings* s) {
  Btree::Scratch& scratch = btree_->scratch_;
  const PageKind kind = s->copy[0].kind();
  const Pgno right = kind.leaf ? 0 : s->copy[s->count - 1].right_child();
  for (uint32_t j = 0; j < s->count; j++) {
    s->ref[j].Release();
    SIMLITE_TRY(btree_->pager()->Free(s->pgno[j]));
  }
  return page().Rebuild(kind.type, {scratch.cells.data(), s->cell_count},
                        {scratch.sizes.data(), s->cell_count}, right);
}

// Puts the distributed cells on the old pages (and new ones), freeing old pages not needed.
Rc BtCursor::WriteNewPages(BalanceSiblings* s, const BalanceDistribution& d, Pgno* new_pgno) {
  Btree::Scratch& scratch = btree_->scratch_;
  const PageKind kind = s->copy[0].kind();
  const uint32_t gap = kind.has_data ? 0 : 1;
  pager::PageRef refs[kMaxNewPages];
  for (uint32_t j = 0; j < d.count; j++) {
    if (j < s->count) {
      refs[j] = std::move(s->ref[j]);
    } else {
      SIMLITE_TRY(btree_->pager()->Allocate(&refs[j]));
    }
    new_pgno[j] = refs[j].pgno();
  }
  for (uint32_t j = d.count; j < s->count; j++) {
    s->ref[j].Release();
    SIMLITE_TRY(btree_->pager()->Free(s->pgno[j]));
  }
  for (uint32_t j = 0; j < d.count; j++) {
    const uint32_t start = PageStart(d, j, gap);
    Pgno right = 0;
    if (!kind.leaf) {
      right = j + 1 < d.count ? Get4(scratch.cells[d.end[j]]) : s->copy[s->count - 1].right_child();
    }
    BtreePage view;
    view.Format(refs[j].data(), new_pgno[j], btree_->usable_size(), kind.type);
    SIMLITE_TRY(view.Rebuild(kind.type, {scratch.cells.data() + start, d.end[j] - start},
                             {scratch.sizes.data() + start, d.end[j] - start}, right));
  }
  return Rc::kOk;
}

// Replaces the old dividers in the parent by one per new page boundary, and points the
// parent's pointer that led to the last old sibling at the last new page.
Rc BtCursor::UpdateParent(const BalanceSiblings& s, const BalanceDistribution& d,
                          const Pgno* new_pgno) {
  Btree::Scratch& scratch = btree_->scratch_;
  BtreePage& parent = page();
  const PageKind kind = s.copy[0].kind();
  const uint32_t usable = btree_->usable_size();
  for (uint32_t j = 0; j + 1 < s.count; j++) {
    SIMLITE_TRY(parent.DropCell(s.first, s.divider_size[j]));
  }
  SIMLITE_TRY(parent.SetChild(s.first, new_pgno[d.count - 1]));
  // The other arena receives overflowing dividers: what it held belongs to pages below.
  const int arena = 1 - scratch.current_arena;
  scratch.arena_used[arena] = 0;
  uint8_t* cell = scratch.cell.data();
  for (uint32_t j = 0; j + 1 < d.count; j++) {
    uint32_t size = 0;
    if (kind.has_data) {
      // A table-leaf boundary: the divider is the largest rowid of the left page.
      CellInfo last;
      const uint32_t last_idx = d.end[j] - 1;
      SIMLITE_TRY(ParseCell(kind, usable, scratch.cells[last_idx], scratch.sizes[last_idx], &last));
      size = 4 + static_cast<uint32_t>(PutVarint(cell + 4, static_cast<uint64_t>(last.key)));
    } else if (kind.leaf) {
      std::memcpy(cell + 4, scratch.cells[d.end[j]], scratch.sizes[d.end[j]]);
      CellInfo info;
      SIMLITE_TRY(ParseCell(parent.kind(), usable, cell, scratch.sizes[d.end[j]] + 4, &info));
      size = info.cell_size;
    } else {
      size = scratch.sizes[d.end[j]];
      std::memcpy(cell, scratch.cells[d.end[j]], size);
    }
    Put4(cell, new_pgno[j]);
    SIMLITE_TRY(InsertDivider(s.first + j, cell, size));
  }
  scratch.current_arena = arena;
  return Rc::kOk;
}

}  // namespace simlite::btree
