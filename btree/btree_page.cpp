// BtreePage: cell insertion and removal, freeblocks and defragmentation on one page. See
// btree_page.h for the invariants every mutation keeps.
#include "btree/btree_page.h"

#include <cassert>
#include <cstring>

#include "common/corrupt.h"
#include "common/varint.h"

namespace simlite::btree {

Rc BtreePage::Init(uint8_t* data, Pgno pgno, uint32_t usable_size) {
  // Only the fields a view keeps (every step of every descent comes here). On failure the
  // view is unchanged.
  const uint32_t hdr = PageHeaderOffset(pgno);
  const uint8_t flag = data[hdr];
  uint32_t cell_count = 0;
  uint32_t content_start = 0;
  if (!ReadPageBounds(data, hdr, usable_size, &cell_count, &content_start)) {
    return SIMLITE_CORRUPT();
  }
  // A view is mostly reused for pages of one kind (a cursor's view per level): keep the kind
  // when it is the same (min_local is 0 only on a view that never had one).
  if (kind_.min_local == 0 || static_cast<uint8_t>(kind_.type) != flag ||
      usable_size_ != usable_size) {
    kind_ = MakePageKind(static_cast<PageType>(flag), usable_size);
  }
  data_ = data;
  pgno_ = pgno;
  usable_size_ = usable_size;
  hdr_ = hdr;
  cell_count_ = cell_count;
  content_start_ = content_start;
  free_bytes_ = -1;
  overflow_count_ = 0;
  return Rc::kOk;
}

void BtreePage::Format(uint8_t* data, Pgno pgno, uint32_t usable_size, PageType type) {
  data_ = data;
  pgno_ = pgno;
  usable_size_ = usable_size;
  hdr_ = PageHeaderOffset(pgno);
  Rc rc = Rebuild(type, {}, {}, 0);  // no cell: always fits
  assert(rc == Rc::kOk);
  (void)rc;
}

Pgno BtreePage::right_child() const {
  return kind_.leaf ? 0 : Get4(data_ + hdr_ + 8);
}

void BtreePage::SetCellCount(uint32_t count) {
  cell_count_ = count;
  Put2(data_ + hdr_ + 3, count);
}

void BtreePage::SetContentStart(uint32_t offset) {
  content_start_ = offset;
  Put2(data_ + hdr_ + 5, offset == 65536 ? 0 : offset);
}

Rc BtreePage::CellOffsetCorrupt() {
  return SIMLITE_CORRUPT();
}

Rc BtreePage::Cell(uint32_t idx, CellInfo* info) const {
  uint32_t pc = 0;
  SIMLITE_TRY(CellOffset(idx, &pc));
  return ParseCell(kind_, usable_size_, data_ + pc, usable_size_ - pc, info);
}

Rc BtreePage::CellRowidSlow(uint32_t pc, int64_t* rowid) const {
  const uint8_t* p = data_ + pc;
  uint32_t available = usable_size_ - pc;
  if (kind_.leaf) {
    // Skip the payload-size varint.
    uint64_t ignored = 0;
    int n = GetVarint(p, available, &ignored);
    if (n == 0) return SIMLITE_CORRUPT();
    p += n;
    available -= static_cast<uint32_t>(n);
  } else {
    p += 4;
    available -= 4;
  }
  uint64_t key = 0;
  if (GetVarint(p, available, &key) == 0) return SIMLITE_CORRUPT();
  *rowid = static_cast<int64_t>(key);
  return Rc::kOk;
}

Rc BtreePage::Child(uint32_t idx, Pgno* child) const {
  assert(!kind_.leaf && idx <= cell_count_);
  Pgno pgno = 0;
  if (idx == cell_count_) {
    pgno = right_child();
  } else {
    uint32_t pc = 0;
    SIMLITE_TRY(CellOffset(idx, &pc));
    pgno = Get4(data_ + pc);
  }
  // Page 1 is the schema table's root: it is never anybody's child.
  if (pgno < 2) return SIMLITE_CORRUPT();
  *child = pgno;
  return Rc::kOk;
}

Rc BtreePage::SetChild(uint32_t idx, Pgno child) {
  assert(!kind_.leaf && idx <= cell_count_);
  if (idx == cell_count_) {
    Put4(data_ + hdr_ + 8, child);
    return Rc::kOk;
  }
  uint32_t pc = 0;
  SIMLITE_TRY(CellOffset(idx, &pc));
  Put4(data_ + pc, child);
  return Rc::kOk;
}

Rc BtreePage::FreeSpace(uint32_t* free_bytes) {
  if (free_bytes_ < 0) {
    PageHeader header;
    SIMLITE_TRY(ReadPageHeader(data_, pgno_, usable_size_, &header));
    uint32_t computed = 0;
    SIMLITE_TRY(ComputeFreeSpace(data_, pgno_, usable_size_, header, &computed));
    free_bytes_ = computed;
  }
  *free_bytes = static_cast<uint32_t>(free_bytes_);
  return Rc::kOk;
}

Rc BtreePage::Underfull(bool* underfull) {
  uint32_t free_bytes = 0;
  SIMLITE_TRY(FreeSpace(&free_bytes));
  *underfull = uint64_t{free_bytes} * 3 > uint64_t{usable_size_} * 2;
  return Rc::kOk;
}

Rc BtreePage::InsertCell(uint32_t idx, const uint8_t* cell, uint32_t size, uint8_t* scratch,
                         bool* fitted) {
  assert(idx <= cell_count_ + overflow_count_ && size >= kMinCellSize);
  *fitted = false;
  // Once a page has an overflow cell, later cells join it (invariant 3).
  if (overflow_count_ > 0) return Rc::kOk;
  uint32_t free_bytes = 0;
  SIMLITE_TRY(FreeSpace(&free_bytes));
  *fitted = size + kCellPointerSize <= free_bytes;
  if (!*fitted) return Rc::kOk;
  uint32_t offset = 0;
  SIMLITE_TRY(AllocateSpace(size, scratch, &offset));
  std::memcpy(data_ + offset, cell, size);
  uint8_t* pointer = data_ + hdr_ + kind_.header_size + kCellPointerSize * idx;
  std::memmove(pointer + kCellPointerSize, pointer, kCellPointerSize * (cell_count_ - idx));
  Put2(pointer, offset);
  SetCellCount(cell_count_ + 1);
  free_bytes_ -= size + kCellPointerSize;
  return Rc::kOk;
}

Rc BtreePage::AllocateSpace(uint32_t size, uint8_t* scratch, uint32_t* offset) {
  // The new cell pointer takes 2 bytes of the gap, so the gap must keep them.
  const uint32_t gap = PointersEnd() + kCellPointerSize;
  if (gap <= content_start_ && Get2(data_ + hdr_ + 1) != 0) {
    SIMLITE_TRY(AllocateFromFreeblocks(size, offset));
    if (*offset != 0) return Rc::kOk;
  }
  if (gap + size > content_start_) {
    SIMLITE_TRY(SlideOverFreeblock());
    if (gap + size > content_start_) SIMLITE_TRY(Defragment(scratch));
    if (gap + size > content_start_) return SIMLITE_CORRUPT();
  }
  SetContentStart(content_start_ - size);
  *offset = content_start_;
  return Rc::kOk;
}

Rc BtreePage::AllocateFromFreeblocks(uint32_t size, uint32_t* offset) {
  *offset = 0;
  uint32_t prev_link = hdr_ + 1;  // where the pointer to `pc` is stored
  uint32_t pc = Get2(data_ + prev_link);
  // Freeblocks ascend by at least 8 bytes each (checked by FreeSpace before any insert).
  while (pc != 0) {
    if (pc > usable_size_ - kFreeblockMinSize) return SIMLITE_CORRUPT();
    const uint32_t block_size = Get2(data_ + pc + 2);
    if (pc + block_size > usable_size_) return SIMLITE_CORRUPT();
    if (block_size >= size) {
      const uint32_t left = block_size - size;
      const uint32_t fragments = data_[hdr_ + 7];
      if (left >= kFreeblockMinSize) {
        // Keep the block's front as a smaller freeblock; the cell takes its end.
        Put2(data_ + pc + 2, left);
        *offset = pc + left;
        return Rc::kOk;
      }
      if (fragments + left <= kMaxFragmentBytes) {
        std::memcpy(data_ + prev_link, data_ + pc, 2);  // unlink the block
        data_[hdr_ + 7] = static_cast<uint8_t>(fragments + left);
        *offset = pc;
        return Rc::kOk;
      }
    }
    const uint32_t next = Get2(data_ + pc);
    if (next != 0 && next <= pc) return SIMLITE_CORRUPT();
    prev_link = pc;
    pc = next;
  }
  return Rc::kOk;
}

Rc BtreePage::DropCell(uint32_t idx, uint32_t cell_size) {
  assert(idx < cell_count_ && overflow_count_ == 0);
  uint32_t free_bytes = 0;
  SIMLITE_TRY(FreeSpace(&free_bytes));
  uint32_t pc = 0;
  SIMLITE_TRY(CellOffset(idx, &pc));
  if (pc + cell_size > usable_size_) return SIMLITE_CORRUPT();
  uint8_t* pointer = data_ + hdr_ + kind_.header_size + kCellPointerSize * idx;
  std::memmove(pointer, pointer + kCellPointerSize, kCellPointerSize * (cell_count_ - idx - 1));
  SetCellCount(cell_count_ - 1);
  if (cell_count_ == 0) {
    // An empty page keeps no freeblocks or fragments: all its space is one gap.
    Put2(data_ + hdr_ + 1, 0);
    data_[hdr_ + 7] = 0;
    SetContentStart(usable_size_);
    free_bytes_ = usable_size_ - PointersEnd();
    return Rc::kOk;
  }
  SIMLITE_TRY(FreeRange(pc, cell_size));
  free_bytes_ = free_bytes + cell_size + kCellPointerSize;
  return Rc::kOk;
}

Rc BtreePage::FreeRange(uint32_t start, uint32_t size) {
  uint32_t end = start + size;
  if (start < content_start_ || end > usable_size_) return SIMLITE_CORRUPT();
  // Find the freeblocks before and after the range.
  uint32_t prev = 0;
  uint32_t next = Get2(data_ + hdr_ + 1);
  while (next != 0 && next < start) {
    if (next <= prev || next > usable_size_ - kFreeblockMinSize) return SIMLITE_CORRUPT();
    prev = next;
    next = Get2(data_ + next);
  }
  if (next != 0 && (next < end || next > usable_size_ - kFreeblockMinSize)) {
    return SIMLITE_CORRUPT();
  }
  uint32_t fragments = data_[hdr_ + 7];
  // 1..3 bytes between two free ranges can belong to no cell: they are fragments, and the
  // merged freeblock takes them back.
  if (next != 0 && next - end < kFreeblockMinSize) {
    const uint32_t gap = next - end;
    if (gap > fragments) return SIMLITE_CORRUPT();
    fragments -= gap;
    end = next + Get2(data_ + next + 2);
    if (end > usable_size_) return SIMLITE_CORRUPT();
    next = Get2(data_ + next);
  }
  if (prev != 0) {
    const uint32_t prev_end = prev + Get2(data_ + prev + 2);
    if (prev_end > start) return SIMLITE_CORRUPT();
    if (start - prev_end < kFreeblockMinSize) {
      const uint32_t gap = start - prev_end;
      if (gap > fragments) return SIMLITE_CORRUPT();
      fragments -= gap;
      start = prev;
    }
  }
  data_[hdr_ + 7] = static_cast<uint8_t>(fragments);
  if (start == content_start_) {
    // The range borders the gap: the gap grows instead of the freeblock list. Only the first
    // freeblock can start the content area, so the header's link is the one to update.
    if (prev != 0 && prev != start) return SIMLITE_CORRUPT();
    Put2(data_ + hdr_ + 1, next);
    SetContentStart(end);
    return Rc::kOk;
  }
  if (prev != start) Put2(data_ + (prev == 0 ? hdr_ + 1 : prev), start);
  Put2(data_ + start, next);
  Put2(data_ + start + 2, end - start);
  return Rc::kOk;
}

Rc BtreePage::SlideOverFreeblock() {
  const uint32_t block = Get2(data_ + hdr_ + 1);
  if (block == 0 || overflow_count_ != 0) return Rc::kOk;
  if (block < content_start_ || block > usable_size_ - kFreeblockMinSize) {
    return SIMLITE_CORRUPT();
  }
  if (Get2(data_ + block) != 0) return Rc::kOk;  // several: the whole way
  const uint32_t block_size = Get2(data_ + block + 2);
  if (block_size < kFreeblockMinSize || block + block_size > usable_size_) {
    return SIMLITE_CORRUPT();
  }
  uint8_t* pointers = data_ + hdr_ + kind_.header_size;
  for (uint32_t cell_idx = 0; cell_idx < cell_count_; cell_idx++) {
    const uint32_t pc = Get2(pointers + kCellPointerSize * cell_idx);
    if (pc < content_start_ || pc > usable_size_ - kMinCellSize ||
        (pc >= block && pc < block + block_size)) {
      return SIMLITE_CORRUPT();
    }
  }
  // Every byte moved lies in [content_start_, block + block_size), inside the page.
  std::memmove(data_ + content_start_ + block_size, data_ + content_start_,
               block - content_start_);
  for (uint32_t cell_idx = 0; cell_idx < cell_count_; cell_idx++) {
    uint8_t* pointer = pointers + kCellPointerSize * cell_idx;
    const uint32_t pc = Get2(pointer);
    if (pc < block) Put2(pointer, pc + block_size);
  }
  Put2(data_ + hdr_ + 1, 0);
  SetContentStart(content_start_ + block_size);
  return Rc::kOk;
}

Rc BtreePage::Defragment(uint8_t* scratch) {
  std::memcpy(scratch + content_start_, data_ + content_start_, usable_size_ - content_start_);
  const uint32_t pointers_end = PointersEnd();
  uint32_t top = usable_size_;
  for (uint32_t cell_idx = 0; cell_idx < cell_count_; cell_idx++) {
    uint8_t* pointer = data_ + hdr_ + kind_.header_size + kCellPointerSize * cell_idx;
    const uint32_t pc = Get2(pointer);
    if (pc < content_start_ || pc > usable_size_ - kMinCellSize) return SIMLITE_CORRUPT();
    CellInfo info;
    SIMLITE_TRY(ParseCell(kind_, usable_size_, scratch + pc, usable_size_ - pc, &info));
    if (top < pointers_end + info.cell_size) return SIMLITE_CORRUPT();
    top -= info.cell_size;
    std::memcpy(data_ + top, scratch + pc, info.cell_size);
    Put2(pointer, top);
  }
  Put2(data_ + hdr_ + 1, 0);
  data_[hdr_ + 7] = 0;
  SetContentStart(top);
  free_bytes_ = top - pointers_end;
  return Rc::kOk;
}

Rc BtreePage::Rebuild(PageType type, std::span<const uint8_t* const> cells,
                      std::span<const uint16_t> sizes, Pgno right_child) {
  assert(cells.size() == sizes.size());
  kind_ = MakePageKind(type, usable_size_);
  data_[hdr_] = static_cast<uint8_t>(type);
  Put2(data_ + hdr_ + 1, 0);
  data_[hdr_ + 7] = 0;
  if (!kind_.leaf) Put4(data_ + hdr_ + 8, right_child);
  SetCellCount(static_cast<uint32_t>(cells.size()));
  overflow_count_ = 0;
  const uint32_t pointers_end = PointersEnd();
  uint32_t top = usable_size_;
  uint8_t* pointer = data_ + hdr_ + kind_.header_size;
  for (size_t cell_idx = 0; cell_idx < cells.size(); cell_idx++) {
    const uint8_t* cell = cells[cell_idx];
    const uint16_t size = sizes[cell_idx];
    // Sizes from a corrupt page: more than fits, or a source inside this page.
    if (pointers_end > top || size > top - pointers_end ||
        (cell + size > data_ && cell < data_ + usable_size_)) {
      return SIMLITE_CORRUPT();
    }
    top -= size;
    std::memcpy(data_ + top, cell, size);
    Put2(pointer + kCellPointerSize * cell_idx, top);
  }
  if (pointers_end > top) return SIMLITE_CORRUPT();
  SetContentStart(top);
  free_bytes_ = top - pointers_end;
  return Rc::kOk;
}

uint32_t BtreePage::SpaceFor(std::span<const uint16_t> sizes) {
  uint32_t total = 0;
  for (uint16_t size : sizes) total += size + kCellPointerSize;
  return total;
}

uint32_t BtreePage::Capacity(bool leaf) const {
  return usable_size_ - hdr_ - (leaf ? kLeafHeaderSize : kInteriorHeaderSize);
}

Rc BtreePage::AddOverflowCell(uint32_t idx, const uint8_t* cell, uint32_t size) {
  if (overflow_count_ == kMaxOverflowCells) return SIMLITE_CORRUPT();
  assert(overflow_count_ == 0 || overflow_[overflow_count_ - 1].idx < idx);
  overflow_[overflow_count_++] = OverflowCell{idx, cell, size};
  return Rc::kOk;
}

void BtreePage::TakeOverflowFrom(BtreePage& other) {
  overflow_count_ = other.overflow_count_;
  for (uint32_t k = 0; k < overflow_count_; k++) overflow_[k] = other.overflow_[k];
  other.overflow_count_ = 0;
}

}  // namespace simlite::btree
