// BtreePage: a parsed, mutable view of one b-tree page's bytes (SQLite's MemPage). It does
// not own the bytes: they belong to a pinned pager frame (or to a scratch copy).
//
// Invariants
//  1. After Init succeeds, the header fields cached here match the page bytes, the cell
//     pointer array lies inside the page and ends at or before the content area.
//  2. Every mutation keeps the page well formed for SQLite: cells and freeblocks never share
//     a byte, freeblocks are in ascending order at least 4 bytes apart, and every other byte
//     of the content area is counted in the header's fragment count.
//  3. Overflow cells: a cell that did not fit is kept outside the page, at its logical index
//     (SQLite's apOvfl). Once a page has one, every later insert becomes one too, so the
//     logical indexes of in-page cells stay what they were. Only balancing removes them.
#pragma once

#include <cassert>
#include <cstdint>
#include <span>

#include "btree/page_format.h"
#include "common/result_code.h"
#include "common/varint.h"

namespace simlite::btree {

class BtreePage {
 public:
  static constexpr uint32_t kMaxOverflowCells = 16;

  struct OverflowCell {
    uint32_t idx = 0;  // the logical index of the cell among the page's cells
    const uint8_t* cell = nullptr;
    uint32_t size = 0;
  };

  // Parses the header of page pgno, whose bytes are data[0..usable_size). Errors: kCorrupt.
  Rc Init(uint8_t* data, Pgno pgno, uint32_t usable_size);
  // Writes an empty page of `type` into data and parses it.
  void Format(uint8_t* data, Pgno pgno, uint32_t usable_size, PageType type);
  // Forgets the page (the view becomes unusable until the next Init).
  void Reset() { data_ = nullptr; }

  uint8_t* data() const { return data_; }
  Pgno pgno() const { return pgno_; }
  const PageKind& kind() const { return kind_; }
  bool leaf() const { return kind_.leaf; }
  bool intkey() const { return kind_.intkey; }
  uint32_t cell_count() const { return cell_count_; }
  uint32_t header_offset() const { return hdr_; }
  uint32_t usable_size() const { return usable_size_; }
  Pgno right_child() const;

  // The byte offset of cell idx (< cell_count), checked to lie in the content area.
  Rc CellOffset(uint32_t idx, uint32_t* offset) const {
    assert(idx < cell_count_);
    const uint32_t pc = Get2(data_ + hdr_ + kind_.header_size + kCellPointerSize * idx);
    if (pc < content_start_ || pc > usable_size_ - kMinCellSize) return CellOffsetCorrupt();
    *offset = pc;
    return Rc::kOk;
  }
  // Parses cell idx (< cell_count). Errors: kCorrupt.
  Rc Cell(uint32_t idx, CellInfo* info) const;
  // The rowid of cell idx on a table page (the fast path of rowid seeks). Inline for the
  // common cell: a one-byte payload size (leaf) and a rowid of one to three bytes, all inside
  // the page; the rest goes the general way.
  Rc CellRowid(uint32_t idx, int64_t* rowid) const {
    assert(kind_.intkey);
    uint32_t pc = 0;
    SIMLITE_TRY(CellOffset(idx, &pc));
    // The rowid's varint follows the payload size (leaf) or the child pointer (interior).
    const uint32_t at = pc + (kind_.leaf ? 1 : 4);
    // CellOffset leaves kMinCellSize bytes from the cell's start; past that, check.
    if ((kind_.leaf && data_[pc] >= 0x80) || at + 3 > usable_size_) {
      return CellRowidSlow(pc, rowid);
    }
    const uint8_t* p = data_ + at;
    if (p[0] < 0x80) {
      *rowid = p[0];
    } else if (p[1] < 0x80) {
      *rowid = (int64_t{p[0] & 0x7f} << 7) | p[1];
    } else if (p[2] < 0x80) {
      *rowid = (int64_t{p[0] & 0x7f} << 14) | (int64_t{p[1] & 0x7f} << 7) | p[2];
    } else {
      return CellRowidSlow(pc, rowid);
    }
    return Rc::kOk;
  }
  // Child idx of an interior page: the left child of cell idx, or the right child when
  // idx == cell_count. Errors: kCorrupt (a pointer to page 0 or 1, or a malformed cell).
  Rc Child(uint32_t idx, Pgno* child) const;
  // Sets child idx (see Child). The page must be writable.
  Rc SetChild(uint32_t idx, Pgno child);

  // Free bytes on the page (computed on first use after Init). Errors: kCorrupt.
  Rc FreeSpace(uint32_t* free_bytes);
  // True when the page has more than 2/3 of its usable size free (SQLite's trigger for
  // merging a non-root page with its siblings).
  Rc Underfull(bool* underfull);

  // Inserts `cell` (size bytes) at index idx (<= cell_count). When it does not fit, or the
  // page already has overflow cells, *fitted is false and nothing changes: the caller keeps
  // the cell as an overflow cell. `scratch` (usable_size bytes) is for defragmenting.
  Rc InsertCell(uint32_t idx, const uint8_t* cell, uint32_t size, uint8_t* scratch, bool* fitted);
  // Removes cell idx whose size is cell_size (from Cell()). The page must have no overflow
  // cells. Errors: kCorrupt.
  Rc DropCell(uint32_t idx, uint32_t cell_size);
  // Moves every cell to the end of the page so that all free space is one gap.
  Rc Defragment(uint8_t* scratch);
  // Defragment's quick way when the page has one freeblock (a cell just dropped): the cells
  // between the content area's start and it slide up over it, and only their pointers change
  // (SQLite's defragmentPage has such a way). The gap then holds the freeblock too, not the
  // fragments. No-op for no freeblock or several. Errors: kCorrupt.
  Rc SlideOverFreeblock();
  // Formats the page anew as `type` holding cells[i] (sizes[i] bytes each), in order, and
  // right_child on interior pages. The cells must fit and must not point into this page:
  // sizes read from a corrupt page may break either, which is kCorrupt (the page is then
  // half written; the caller's transaction is rolled back).
  Rc Rebuild(PageType type, std::span<const uint8_t* const> cells, std::span<const uint16_t> sizes,
             Pgno right_child);
  // The bytes the cells `sizes` need on a page (cell pointers included).
  static uint32_t SpaceFor(std::span<const uint16_t> sizes);
  // Bytes available to cells and cell pointers on an empty page of this page's number.
  uint32_t Capacity(bool leaf) const;

  uint32_t overflow_count() const { return overflow_count_; }
  const OverflowCell& overflow_cell(uint32_t k) const { return overflow_[k]; }
  // Keeps `cell` (which must stay valid) as an overflow cell at logical index idx.
  // Errors: kCorrupt when kMaxOverflowCells are already held.
  Rc AddOverflowCell(uint32_t idx, const uint8_t* cell, uint32_t size);
  void ClearOverflow() { overflow_count_ = 0; }
  // Moves other's overflow cells to this page (balance_deeper copies the root down).
  void TakeOverflowFrom(BtreePage& other);

 private:
  // CellRowid for the cell at byte offset pc, any varints.
  Rc CellRowidSlow(uint32_t pc, int64_t* rowid) const;
  // The corruption report of CellOffset, kept out of line.
  [[gnu::cold]] static Rc CellOffsetCorrupt();
  uint32_t PointersEnd() const { return hdr_ + kind_.header_size + 2 * cell_count_; }
  void SetCellCount(uint32_t count);
  void SetContentStart(uint32_t offset);
  Rc AllocateSpace(uint32_t size, uint8_t* scratch, uint32_t* offset);
  // Takes `size` bytes from the first freeblock that has them; *offset is 0 when none does.
  Rc AllocateFromFreeblocks(uint32_t size, uint32_t* offset);
  // Returns [start, start + size) to the free space, merging with neighbouring freeblocks.
  Rc FreeRange(uint32_t start, uint32_t size);

  uint8_t* data_ = nullptr;
  Pgno pgno_ = 0;
  uint32_t usable_size_ = 0;
  uint32_t hdr_ = 0;
  PageKind kind_;
  uint32_t cell_count_ = 0;
  uint32_t content_start_ = 0;
  int64_t free_bytes_ = -1;  // -1: not computed since Init
  uint32_t overflow_count_ = 0;
  OverflowCell overflow_[kMaxOverflowCells];
};

}  // namespace simlite::btree
