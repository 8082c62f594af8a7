// The b-tree page format: see page_format.h. Every number read from a page is bounds-checked
// here before anything dereferences it.
#include "btree/page_format.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "common/corrupt.h"
#include "common/varint.h"

namespace simlite::btree {

uint32_t TableLeafMaxLocal(uint32_t usable_size) {
  return usable_size - 35;
}
uint32_t IndexMaxLocal(uint32_t usable_size) {
  return (usable_size - 12) * 64 / 255 - 23;
}
uint32_t MinLocal(uint32_t usable_size) {
  return (usable_size - 12) * 32 / 255 - 23;
}

PageKind MakePageKind(PageType type, uint32_t usable_size) {
  PageKind kind;
  kind.type = type;
  kind.leaf = type == PageType::kTableLeaf || type == PageType::kIndexLeaf;
  kind.intkey = type == PageType::kTableLeaf || type == PageType::kTableInterior;
  kind.has_data = type == PageType::kTableLeaf;
  kind.header_size = static_cast<uint8_t>(kind.leaf ? kLeafHeaderSize : kInteriorHeaderSize);
  kind.child_size = kind.leaf ? 0 : 4;
  if (kind.has_data) {
    kind.max_local = TableLeafMaxLocal(usable_size);
  } else if (!kind.intkey) {
    kind.max_local = IndexMaxLocal(usable_size);
  }
  kind.min_local = MinLocal(usable_size);
  return kind;
}

uint32_t LocalPayloadSize(uint64_t payload_size, uint32_t max_local, uint32_t min_local,
                          uint32_t usable_size) {
  if (payload_size <= max_local) return static_cast<uint32_t>(payload_size);
  uint64_t surplus = min_local + (payload_size - min_local) % (usable_size - 4);
  return surplus <= max_local ? static_cast<uint32_t>(surplus) : min_local;
}

uint64_t OverflowPageCount(uint64_t payload_size, uint32_t local_size, uint32_t usable_size) {
  if (payload_size <= local_size) return 0;
  uint64_t per_page = usable_size - kOverflowHeaderSize;
  return (payload_size - local_size + per_page - 1) / per_page;
}

namespace {

// Table interior cell: a child pointer and a rowid, no payload.
Rc ParseTableInteriorCell(const uint8_t* cell, uint32_t available, CellInfo* info) {
  if (available < 5) return SIMLITE_CORRUPT();
  info->left_child = Get4(cell);
  uint64_t key = 0;
  int key_bytes = GetVarint(cell + 4, available - 4, &key);
  if (key_bytes == 0) return SIMLITE_CORRUPT();
  info->key = static_cast<int64_t>(key);
  info->payload_size = 0;
  info->payload = nullptr;
  info->local_size = 0;
  info->overflow = 0;
  info->cell_size = 4 + static_cast<uint32_t>(key_bytes);
  return Rc::kOk;
}

}  // namespace

Rc ParseCell(const PageKind& kind, uint32_t usable_size, const uint8_t* cell, uint32_t available,
             CellInfo* info) {
  if (kind.intkey && !kind.leaf) return ParseTableInteriorCell(cell, available, info);
  uint32_t pos = 0;
  info->left_child = 0;
  if (!kind.leaf) {
    if (available < 4) return SIMLITE_CORRUPT();
    info->left_child = Get4(cell);
    pos = 4;
  }
  uint64_t payload_size = 0;
  int n = GetVarint(cell + pos, available - pos, &payload_size);
  if (n == 0 || payload_size > kMaxPayloadSize) return SIMLITE_CORRUPT();
  pos += static_cast<uint32_t>(n);
  info->key = 0;
  if (kind.has_data) {
    uint64_t rowid = 0;
    n = GetVarint(cell + pos, available - pos, &rowid);
    if (n == 0) return SIMLITE_CORRUPT();
    pos += static_cast<uint32_t>(n);
    info->key = static_cast<int64_t>(rowid);
  }
  uint32_t local = LocalPayloadSize(payload_size, kind.max_local, kind.min_local, usable_size);
  info->payload_size = payload_size;
  info->local_size = local;
  info->payload = cell + pos;
  uint64_t end = uint64_t{pos} + local;
  info->overflow = 0;
  if (local < payload_size) {
    if (end + 4 > available) return SIMLITE_CORRUPT();
    info->overflow = Get4(cell + end);
    end += 4;
  }
  end = std::max<uint64_t>(end, kMinCellSize);
  if (end > available) return SIMLITE_CORRUPT();
  info->cell_size = static_cast<uint32_t>(end);
  return Rc::kOk;
}

uint32_t CellSizeFor(const PageKind& kind, uint32_t usable_size, int64_t rowid,
                     uint64_t payload_size, uint32_t* local_size) {
  const uint64_t key = static_cast<uint64_t>(rowid);
  if (kind.intkey && !kind.leaf) {
    *local_size = 0;
    return 4 + static_cast<uint32_t>(VarintLength(key));
  }
  uint32_t local = LocalPayloadSize(payload_size, kind.max_local, kind.min_local, usable_size);
  *local_size = local;
  uint32_t size = kind.child_size + static_cast<uint32_t>(VarintLength(payload_size)) + local;
  if (kind.has_data) size += static_cast<uint32_t>(VarintLength(key));
  if (local < payload_size) size += 4;
  return std::max(size, kMinCellSize);
}

Rc ReadPageHeader(const uint8_t* page, Pgno pgno, uint32_t usable_size, PageHeader* header) {
  const uint32_t hdr = PageHeaderOffset(pgno);
  if (!ReadPageBounds(page, hdr, usable_size, &header->cell_count, &header->content_start)) {
    return SIMLITE_CORRUPT();
  }
  header->type = static_cast<PageType>(page[hdr]);
  const bool leaf = (page[hdr] & 8) != 0;
  header->first_freeblock = Get2(page + hdr + 1);
  header->fragment_bytes = page[hdr + 7];
  header->right_child = leaf ? 0 : Get4(page + hdr + 8);
  return Rc::kOk;
}

namespace {

uint32_t PointersEnd(Pgno pgno, const PageHeader& header) {
  const bool leaf = header.type == PageType::kTableLeaf || header.type == PageType::kIndexLeaf;
  return PageHeaderOffset(pgno) + (leaf ? kLeafHeaderSize : kInteriorHeaderSize) +
         kCellPointerSize * header.cell_count;
}

// Calls visit(offset, size) for each freeblock after validating it (see ComputeFreeSpace).
template <typename Visit>
Rc WalkFreeblocks(const uint8_t* page, uint32_t usable_size, const PageHeader& header,
                  Visit visit) {
  uint32_t pc = header.first_freeblock;
  if (pc == 0) return Rc::kOk;
  if (pc < header.content_start) return SIMLITE_CORRUPT();
  // Each freeblock starts at least 8 bytes after the previous one: the loop is bounded.
  for (;;) {
    if (pc > usable_size - kFreeblockMinSize) return SIMLITE_CORRUPT();
    const uint32_t next = Get2(page + pc);
    const uint32_t size = Get2(page + pc + 2);
    if (size < kFreeblockMinSize || pc + size > usable_size) return SIMLITE_CORRUPT();
    visit(pc, size);
    if (next == 0) return Rc::kOk;
    if (next < pc + size + kFreeblockMinSize) return SIMLITE_CORRUPT();
    pc = next;
  }
}

}  // namespace

Rc ComputeFreeSpace(const uint8_t* page, Pgno pgno, uint32_t usable_size, const PageHeader& header,
                    uint32_t* free_bytes) {
  const uint32_t pointers_end = PointersEnd(pgno, header);
  uint64_t total = header.fragment_bytes + (header.content_start - pointers_end);
  SIMLITE_TRY(
      WalkFreeblocks(page, usable_size, header, [&](uint32_t, uint32_t size) { total += size; }));
  if (total > usable_size - pointers_end) return SIMLITE_CORRUPT();
  *free_bytes = static_cast<uint32_t>(total);
  return Rc::kOk;
}

Rc CheckPageLayout(const uint8_t* page, Pgno pgno, uint32_t usable_size, std::span<uint8_t> scratch,
                   LayoutProblem* problem) {
  assert(scratch.size() >= usable_size);
  LayoutProblem ignored;
  LayoutProblem& found = problem != nullptr ? *problem : ignored;
  found = LayoutProblem{};
  auto fail = [&](LayoutProblem::Kind kind, uint32_t cell_idx, uint32_t offset) {
    found.kind = kind;
    found.cell_idx = cell_idx;
    found.offset = offset;
    return SIMLITE_CORRUPT();
  };
  PageHeader header;
  if (ReadPageHeader(page, pgno, usable_size, &header) != Rc::kOk) {
    return fail(LayoutProblem::Kind::kHeader, 0, 0);
  }
  const PageKind kind = MakePageKind(header.type, usable_size);
  uint8_t* used = scratch.data();
  std::memset(used, 0, usable_size);
  bool overlap = false;
  uint32_t overlap_at = 0;
  auto mark = [&](uint32_t start, uint32_t size) {
    for (uint32_t byte_idx = start; byte_idx < start + size; byte_idx++) {
      if (used[byte_idx] != 0 && !overlap) {
        overlap = true;
        overlap_at = byte_idx;
      }
      used[byte_idx] = 1;
    }
  };
  const uint32_t pointers = PageHeaderOffset(pgno) + kind.header_size;
  for (uint32_t cell_idx = 0; cell_idx < header.cell_count; cell_idx++) {
    const uint32_t pc = Get2(page + pointers + kCellPointerSize * cell_idx);
    if (pc < header.content_start || pc > usable_size - kMinCellSize) {
      return fail(LayoutProblem::Kind::kCellOffset, cell_idx, pc);
    }
    CellInfo info;
    if (ParseCell(kind, usable_size, page + pc, usable_size - pc, &info) != Rc::kOk) {
      return fail(LayoutProblem::Kind::kCellExtends, cell_idx, pc);
    }
    mark(pc, info.cell_size);
  }
  if (WalkFreeblocks(page, usable_size, header, mark) != Rc::kOk) {
    return fail(LayoutProblem::Kind::kHeader, 0, 0);
  }
  if (overlap) return fail(LayoutProblem::Kind::kOverlap, 0, overlap_at);
  uint32_t unaccounted = 0;
  for (uint32_t byte_idx = header.content_start; byte_idx < usable_size; byte_idx++) {
    unaccounted += used[byte_idx] == 0 ? 1 : 0;
  }
  if (unaccounted != header.fragment_bytes) {
    found.fragments_found = unaccounted;
    found.fragments_reported = header.fragment_bytes;
    return fail(LayoutProblem::Kind::kFragments, 0, 0);
  }
  return Rc::kOk;
}

}  // namespace simlite::btree
