// BtCursor writes: Insert, InsertKey and Delete. Each builds or removes one cell on the page
// the cursor reached, then lets Balance() (balance.cpp) restore the page limits, then
// re-positions the cursor (btree_cursor.h, invariant 4).
#include <cassert>
#include <cstring>

#include "btree/btree_cursor.h"
#include "common/corrupt.h"
#include "common/varint.h"

namespace simlite::btree {

Rc BtCursor::BeginWriteOp() {
  if (!writable_) return Rc::kReadOnly;
  if (state_ == State::kFault) return Rc::kAbort;
  if (btree_->pager()->state() != pager::Pager::State::kWriting) return Rc::kMisuse;
  SIMLITE_TRY(btree_->SaveCursors(root_, this));
  btree_->ResetArenas();
  return Rc::kOk;
}

Rc BtCursor::MakeLevelWritable(int level) {
  return btree_->MakeWritable(pages_[level]);
}

Rc BtCursor::BuildCell(int64_t rowid, std::span<const uint8_t> payload, uint32_t* size) {
  if (payload.size() > kMaxPayloadSize) return Rc::kTooBig;
  const uint32_t usable = btree_->usable_size();
  const PageKind kind = MakePageKind(LeafTypeOf(intkey_), usable);
  uint32_t local = 0;
  *size = CellSizeFor(kind, usable, rowid, payload.size(), &local);
  uint8_t* cell = btree_->scratch_.cell.data();
  std::memset(cell, 0, kMinCellSize);
  uint32_t pos = static_cast<uint32_t>(PutVarint(cell, payload.size()));
  if (intkey_) pos += static_cast<uint32_t>(PutVarint(cell + pos, static_cast<uint64_t>(rowid)));
  if (local > 0) std::memcpy(cell + pos, payload.data(), local);
  if (local < payload.size()) {
    Pgno first = 0;
    SIMLITE_TRY(btree_->WriteOverflow(payload, local, &first));
    Put4(cell + pos + local, first);
  }
  return Rc::kOk;
}

Rc BtCursor::PlaceCell(uint32_t idx, uint32_t size) {
  SIMLITE_TRY(MakeLevelWritable(depth_));
  const uint8_t* cell = btree_->scratch_.cell.data();
  bool fitted = false;
  SIMLITE_TRY(page().InsertCell(idx, cell, size, btree_->scratch_.page.data(), &fitted));
  if (fitted) return Rc::kOk;
  const uint8_t* copy = nullptr;
  SIMLITE_TRY(btree_->ArenaCopy(btree_->scratch_.current_arena, cell, size, &copy));
  return page().AddOverflowCell(idx, copy, size);
}

// Replaces the cell the cursor rests on at `level` (whose overflow chain the caller freed)
// with the leaf-format cell in scratch_.cell; an interior cell keeps its left child.
Rc BtCursor::ReplaceCell(uint32_t level, const CellInfo& old, uint32_t size) {
  PopTo(static_cast<int>(level));
  BtreePage& target = page();
  uint8_t* cell = btree_->scratch_.cell.data();
  if (!target.leaf()) {
    std::memmove(cell + 4, cell, size);
    Put4(cell, old.left_child);
    CellInfo info;
    SIMLITE_TRY(ParseCell(target.kind(), btree_->usable_size(), cell, size + 4, &info));
    size = info.cell_size;
  }
  SIMLITE_TRY(MakeLevelWritable(depth_));
  if (size == old.cell_size) {
    uint32_t offset = 0;
    SIMLITE_TRY(target.CellOffset(idx(), &offset));
    std::memcpy(target.data() + offset, cell, size);
    return Rc::kOk;
  }
  SIMLITE_TRY(target.DropCell(idx(), old.cell_size));
  return PlaceCell(idx(), size);
}

// Whether the cell `old` already holds exactly `payload`. SQLite overwrites such a cell
// without writing its pages (btree.c's overwrite of a same-size cell compares first), so a
// statement that rewrites a row unchanged leaves the database, and in WAL mode the WAL and
// other connections' snapshots, as they were.
Rc BtCursor::HoldsPayload(const CellInfo& old, std::span<const uint8_t> payload, bool* same) {
  *same = old.payload_size == payload.size() && old.local_size <= payload.size() &&
          std::memcmp(old.payload, payload.data(), old.local_size) == 0;
  if (!*same || old.local_size == payload.size()) return Rc::kOk;
  std::vector<uint8_t>& rest = btree_->scratch_.compare;
  rest.resize(payload.size() - old.local_size);
  SIMLITE_TRY(ReadCellPayload(old, old.local_size, rest));
  *same = std::memcmp(rest.data(), payload.data() + old.local_size, rest.size()) == 0;
  return Rc::kOk;
}

Rc BtCursor::Insert(int64_t rowid, std::span<const uint8_t> payload) {
  assert(intkey_);
  SIMLITE_TRY(BeginWriteOp());
  Rc rc = [&]() -> Rc {
    int result = 0;
    SIMLITE_TRY(SeekRowid(rowid, &result));
    assert(depth_ >= 0);
    uint32_t size = 0;
    if (state_ == State::kValid && result == 0) {
      const CellInfo old = info_;
      bool same = false;
      SIMLITE_TRY(HoldsPayload(old, payload, &same));
      if (same) return Rc::kOk;
      SIMLITE_TRY(btree_->FreeOverflow(old));
      SIMLITE_TRY(BuildCell(rowid, payload, &size));
      SIMLITE_TRY(ReplaceCell(depth_, old, size));
    } else {
      SIMLITE_TRY(BuildCell(rowid, payload, &size));
      if (result < 0 && page().cell_count() > 0) idx()++;
      SIMLITE_TRY(PlaceCell(idx(), size));
    }
    if (page().overflow_count() == 0) return ParseCurrent();
    SIMLITE_TRY(Balance());
    SIMLITE_TRY(SeekRowid(rowid, &result));
    return result == 0 ? Rc::kOk : SIMLITE_CORRUPT();
  }();
  if (rc != Rc::kOk) state_ = State::kFault;
  return rc;
}

// Finds an entry equal to key next to the leaf position DescendToLeaf left: the leaf cell
// there, or (past the leaf's end) the ancestor cell that follows the leaf. *level is the
// level holding it, or -1. leaf_cmp is DescendToLeaf's.
Rc BtCursor::FindEqualIndexEntry(SearchKey* key, int leaf_cmp, int* level) {
  *level = -1;
  int candidate = depth_;
  while (candidate >= 0 && idx_[candidate] >= views_[candidate].cell_count()) candidate--;
  if (candidate < 0) return Rc::kOk;
  int cmp = candidate == depth_ ? leaf_cmp : kFirstFieldUndecided;
  if (cmp == kFirstFieldUndecided) {
    SIMLITE_TRY(CompareCell(views_[candidate], idx_[candidate], key, &cmp));
  }
  if (cmp == 0) *level = candidate;
  return Rc::kOk;
}

// Keys that arrive in order (CREATE INDEX fills an index from a sorter) go past the end of
// the tree, where the previous insert left the cursor: on the last cell of the rightmost
// leaf, the largest entry of the whole tree. A key that sorts after it needs no descent from
// the root (SQLite's append bias).
Rc BtCursor::AppendsAtEnd(SearchKey* key, bool* append) {
  *append = false;
  if (state_ != State::kValid || depth_ < 0) return Rc::kOk;
  const BtreePage& leaf = page();
  if (!leaf.leaf() || leaf.overflow_count() != 0 || idx_[depth_] + 1 != leaf.cell_count()) {
    return Rc::kOk;
  }
  for (int level = 0; level < depth_; level++) {
    if (idx_[level] != views_[level].cell_count()) return Rc::kOk;
  }
  int cmp = 0;
  SIMLITE_TRY(CompareCell(leaf, idx_[depth_], key, &cmp));
  *append = cmp < 0;
  return Rc::kOk;
}

Rc BtCursor::InsertKey(std::span<const uint8_t> key) {
  assert(!intkey_);
  SIMLITE_TRY(BeginWriteOp());
  Rc rc = [&]() -> Rc {
    SearchKey search_key;
    search_key.Init(key);
    bool append = false;
    SIMLITE_TRY(AppendsAtEnd(&search_key, &append));
    int level = -1;
    if (append) {
      idx()++;
    } else {
      bool empty = false;
      int leaf_cmp = 0;
      SIMLITE_TRY(DescendToLeaf(&search_key, /*equal_is_less=*/false, &empty, &leaf_cmp));
      assert(depth_ >= 0);
      SIMLITE_TRY(FindEqualIndexEntry(&search_key, leaf_cmp, &level));
    }
    uint32_t size = 0;
    if (level >= 0) {
      CellInfo old;
      SIMLITE_TRY(views_[level].Cell(idx_[level], &old));
      bool same = false;
      SIMLITE_TRY(HoldsPayload(old, key, &same));
      if (same) {
        PopTo(level);
        return ParseCurrent();
      }
      SIMLITE_TRY(btree_->FreeOverflow(old));
      SIMLITE_TRY(BuildCell(0, key, &size));
      SIMLITE_TRY(ReplaceCell(static_cast<uint32_t>(level), old, size));
    } else {
      SIMLITE_TRY(BuildCell(0, key, &size));
      SIMLITE_TRY(PlaceCell(idx(), size));
    }
    if (page().overflow_count() == 0) return ParseCurrent();
    SIMLITE_TRY(Balance());
    bool exact = false;
    SIMLITE_TRY(SeekKey(key, &exact));
    return exact ? Rc::kOk : SIMLITE_CORRUPT();
  }();
  if (rc != Rc::kOk) state_ = State::kFault;
  return rc;
}

Rc BtCursor::Delete() {
  SIMLITE_TRY(Restore());
  if (state_ != State::kValid) return Rc::kMisuse;
  SIMLITE_TRY(BeginWriteOp());
  Rc rc = [&]() -> Rc {
    const CellInfo info = info_;
    if (intkey_) {
      saved_rowid_ = info.key;
    } else {
      SIMLITE_TRY(CopyCurrentKey(&saved_key_));
    }
    SIMLITE_TRY(btree_->FreeOverflow(info));
    if (!page().leaf()) {
      SIMLITE_TRY(DeleteInteriorCell(info));
      return RepositionAfterDelete();
    }
    SIMLITE_TRY(MakeLevelWritable(depth_));
    SIMLITE_TRY(page().DropCell(idx(), info.cell_size));
    bool underfull = false;
    if (depth_ > 0) SIMLITE_TRY(page().Underfull(&underfull));
    if (underfull) {
      SIMLITE_TRY(Balance());
      return RepositionAfterDelete();
    }
    // The page kept its place in the tree: the cursor stays between the deleted entry's
    // neighbours without a new seek.
    if (idx() < page().cell_count()) {
      SIMLITE_TRY(ParseCurrent());
      skip_ = 1;
    } else if (page().cell_count() > 0) {
      idx()--;
      SIMLITE_TRY(ParseCurrent());
      skip_ = -1;
    } else {
      state_ = State::kInvalid;  // the root leaf is now empty
    }
    return Rc::kOk;
  }();
  if (rc != Rc::kOk) state_ = State::kFault;
  return rc;
}

// Index trees keep entries in interior cells. Deleting one moves its in-order predecessor
// (the last entry of its left subtree, always on a leaf) into its place.
Rc BtCursor::DeleteInteriorCell(const CellInfo& info) {
  const int interior_level = depth_;
  const uint32_t cell_idx = idx();
  Pgno child = 0;
  SIMLITE_TRY(page().Child(cell_idx, &child));
  SIMLITE_TRY(MoveToChild(child));
  SIMLITE_TRY(MoveToRightmost());
  // Save the predecessor: as the replacement cell (with the deleted cell's left child) in
  // scratch_.cell, and its key, to find its old leaf again if the tree reshapes.
  SIMLITE_TRY(CopyCurrentKey(&aux_key_));
  const CellInfo predecessor = info_;
  uint32_t offset = 0;
  SIMLITE_TRY(page().CellOffset(idx(), &offset));
  uint8_t* cell = btree_->scratch_.cell.data();
  Put4(cell, info.left_child);
  std::memcpy(cell + 4, page().data() + offset, predecessor.cell_size);
  BtreePage& interior = views_[interior_level];
  CellInfo replacement;
  SIMLITE_TRY(ParseCell(interior.kind(), btree_->usable_size(), cell, predecessor.cell_size + 4,
                        &replacement));
  SIMLITE_TRY(MakeLevelWritable(depth_));
  SIMLITE_TRY(page().DropCell(idx(), predecessor.cell_size));
  SIMLITE_TRY(MakeLevelWritable(interior_level));
  SIMLITE_TRY(interior.DropCell(cell_idx, info.cell_size));
  bool fitted = false;
  SIMLITE_TRY(interior.InsertCell(cell_idx, cell, replacement.cell_size,
                                  btree_->scratch_.page.data(), &fitted));
  if (fitted) return Balance();
  // The interior page overflows: balance it first (its subtree stays intact), then find
  // the leaf that lost the predecessor again and balance that.
  const uint8_t* copy = nullptr;
  SIMLITE_TRY(
      btree_->ArenaCopy(btree_->scratch_.current_arena, cell, replacement.cell_size, &copy));
  SIMLITE_TRY(interior.AddOverflowCell(cell_idx, copy, replacement.cell_size));
  PopTo(interior_level);
  SIMLITE_TRY(Balance());
  return RelocateLeafBefore(aux_key_);
}

// Descends to the leaf just before the entry `key` (the rightmost leaf of its left subtree)
// and balances from there.
Rc BtCursor::RelocateLeafBefore(std::span<const uint8_t> key) {
  btree_->ResetArenas();
  SearchKey search_key;
  search_key.Init(key);
  bool empty = false;
  int leaf_cmp = 0;
  SIMLITE_TRY(DescendToLeaf(&search_key, /*equal_is_less=*/false, &empty, &leaf_cmp));
  if (empty) return SIMLITE_CORRUPT();
  return Balance();
}

Rc BtCursor::RepositionAfterDelete() {
  PopTo(-1);
  state_ = State::kRequireSeek;
  skip_ = 0;
  return Restore();
}

}  // namespace simlite::btree
