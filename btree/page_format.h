// The b-tree page format (fileformat2.html, "B-tree Pages", "Cell Payload Overflow Pages"):
// page types, the page header, cell parsing and the payload-spill formulas. Pure functions
// over byte buffers, shared by the b-tree code and by integrity checking.
//
// Every offset, size and count read from a page is checked against the page's usable size
// before it is used; a violation is SIMLITE_CORRUPT(), never an assert.
#pragma once

#include <cstdint>
#include <span>

#include "common/result_code.h"
#include "common/varint.h"
#include "pager/pager.h"

namespace simlite::btree {

using pager::Pgno;

// The page-type flag byte at the start of a b-tree page header.
enum class PageType : uint8_t {
  kIndexInterior = 2,
  kTableInterior = 5,
  kIndexLeaf = 10,
  kTableLeaf = 13,
};

constexpr uint32_t kLeafHeaderSize = 8;
constexpr uint32_t kInteriorHeaderSize = 12;
constexpr uint32_t kCellPointerSize = 2;
// SQLite never gives a cell fewer than 4 bytes on the page, so that a freed cell can always
// become a freeblock; a 2- or 3-byte table-leaf cell occupies 4 bytes.
constexpr uint32_t kMinCellSize = 4;
constexpr uint32_t kFreeblockMinSize = 4;
// A well-formed page never has more fragmented bytes than this.
constexpr uint32_t kMaxFragmentBytes = 60;
// The largest payload a cell may describe (SQLite: 2147483647 bytes).
constexpr uint64_t kMaxPayloadSize = 0x7fffffff;
// Bytes of an overflow page before its content: the next page number.
constexpr uint32_t kOverflowHeaderSize = 4;

// The byte offset of the b-tree page header within page pgno (page 1 holds the database
// header first).
constexpr uint32_t PageHeaderOffset(Pgno pgno) {
  return pgno == 1 ? pager::kHeaderSize : 0;
}

// Everything about a page's type that the cell format depends on.
struct PageKind {
  PageType type = PageType::kTableLeaf;
  bool leaf = true;
  bool intkey = true;    // a table b-tree page (rowid keys)
  bool has_data = true;  // a table leaf: payload after the rowid
  uint8_t header_size = kLeafHeaderSize;
  uint8_t child_size = 0;  // 4 on interior pages: the left-child pointer of each cell
  uint32_t max_local = 0;  // X of the spill formula (0 on table interior pages)
  uint32_t min_local = 0;  // M of the spill formula
};

// Whether `flag` is one of the four b-tree page types.
constexpr bool IsValidPageType(uint8_t flag) {
  return flag == static_cast<uint8_t>(PageType::kIndexInterior) ||
         flag == static_cast<uint8_t>(PageType::kTableInterior) ||
         flag == static_cast<uint8_t>(PageType::kIndexLeaf) ||
         flag == static_cast<uint8_t>(PageType::kTableLeaf);
}
// The kind of a page of `type` in a database of usable size `usable_size`.
PageKind MakePageKind(PageType type, uint32_t usable_size);
// The leaf or interior type of the same tree kind.
constexpr PageType LeafTypeOf(bool intkey) {
  return intkey ? PageType::kTableLeaf : PageType::kIndexLeaf;
}
constexpr PageType InteriorTypeOf(bool intkey) {
  return intkey ? PageType::kTableInterior : PageType::kIndexInterior;
}

// The spill formulas. X for a table leaf: U-35; for index pages: ((U-12)*64/255)-23.
uint32_t TableLeafMaxLocal(uint32_t usable_size);
uint32_t IndexMaxLocal(uint32_t usable_size);
// M for every page kind: ((U-12)*32/255)-23.
uint32_t MinLocal(uint32_t usable_size);
// The payload bytes kept on the b-tree page for a payload of `payload_size` bytes.
uint32_t LocalPayloadSize(uint64_t payload_size, uint32_t max_local, uint32_t min_local,
                          uint32_t usable_size);
// The number of overflow pages that hold the rest of a payload.
uint64_t OverflowPageCount(uint64_t payload_size, uint32_t local_size, uint32_t usable_size);

// One parsed cell.
struct CellInfo {
  int64_t key = 0;                   // table pages: the rowid
  uint64_t payload_size = 0;         // total payload bytes, local and overflow
  const uint8_t* payload = nullptr;  // the local payload
  uint32_t local_size = 0;           // payload bytes on the page
  uint32_t cell_size = 0;            // bytes the cell occupies on the page (>= kMinCellSize)
  Pgno overflow = 0;                 // the first overflow page, or 0
  Pgno left_child = 0;               // interior pages: the child to the cell's left
};

// Parses the cell at cell[0..available) of a page of kind `kind`. Errors: kCorrupt when the
// cell does not fit in `available` bytes or describes an impossible payload.
Rc ParseCell(const PageKind& kind, uint32_t usable_size, const uint8_t* cell, uint32_t available,
             CellInfo* info);

// The size a cell of `kind` takes for a payload (index pages: the key; table leaves: the
// data) of `payload_size` bytes and rowid `rowid`, and how much of the payload stays local.
uint32_t CellSizeFor(const PageKind& kind, uint32_t usable_size, int64_t rowid,
                     uint64_t payload_size, uint32_t* local_size);

// The decoded fixed fields of a b-tree page header.
struct PageHeader {
  PageType type = PageType::kTableLeaf;
  uint32_t first_freeblock = 0;
  uint32_t cell_count = 0;
  uint32_t content_start = 0;  // the stored 0 already mapped to 65536
  uint32_t fragment_bytes = 0;
  Pgno right_child = 0;  // interior pages only
};

// Reads and validates the header of page `pgno` (page[0..usable_size)): a valid type, the
// cell pointer array ending at or before the content area, the content area inside the
// usable size. Errors: kCorrupt.
Rc ReadPageHeader(const uint8_t* page, Pgno pgno, uint32_t usable_size, PageHeader* header);

// ReadPageHeader's checks on the fields a page view keeps (BtreePage::Init reads only
// those): whether the type is valid and the cell pointers and the content area fit. Sets
// *cell_count and *content_start (0 read as 65536) either way.
inline bool ReadPageBounds(const uint8_t* page, uint32_t hdr, uint32_t usable_size,
                           uint32_t* cell_count, uint32_t* content_start) {
  const uint8_t flag = page[hdr];
  *cell_count = Get2(page + hdr + 3);
  *content_start = Get2(page + hdr + 5);
  if (*content_start == 0) *content_start = 65536;
  const bool leaf = (flag & 8) != 0;
  const uint32_t pointers_end =
      hdr + (leaf ? kLeafHeaderSize : kInteriorHeaderSize) + kCellPointerSize * *cell_count;
  return IsValidPageType(flag) && pointers_end <= *content_start &&
         *content_start <= usable_size;
}

// Walks the freeblock chain and returns the page's free bytes: the unallocated gap, every
// freeblock and the fragmented bytes. Errors: kCorrupt for a freeblock outside the content
// area, out of order, overlapping or closer than 4 bytes to the next, or a total that exceeds
// the page.
Rc ComputeFreeSpace(const uint8_t* page, Pgno pgno, uint32_t usable_size, const PageHeader& header,
                    uint32_t* free_bytes);

// What CheckPageLayout found wrong, with the numbers SQLite's integrity_check reports.
struct LayoutProblem {
  enum class Kind : uint8_t {
    kNone,
    kHeader,       // the page header or the freeblock chain is malformed
    kCellOffset,   // cell `cell_idx` starts at `offset`, outside the content area
    kCellExtends,  // cell `cell_idx` at `offset` is malformed or extends off the page
    kOverlap,      // byte `offset` belongs to two cells or freeblocks
    kFragments,    // `fragments_found` unaccounted bytes, the header says `fragments_reported`
  };
  Kind kind = Kind::kNone;
  uint32_t cell_idx = 0;
  uint32_t offset = 0;
  uint32_t fragments_found = 0;
  uint32_t fragments_reported = 0;
};

// The full layout check integrity checking needs: every cell inside the content area, no
// two cells or freeblocks sharing a byte, and the bytes that belong to neither equal to the
// header's fragment count. `scratch` must hold usable_size bytes. Errors: kCorrupt, with
// the first problem found in *problem when it is given.
Rc CheckPageLayout(const uint8_t* page, Pgno pgno, uint32_t usable_size, std::span<uint8_t> scratch,
                   LayoutProblem* problem = nullptr);

}  // namespace simlite::btree
