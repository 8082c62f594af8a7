// BtCursor: a position in one b-tree, held as the stack of pinned pages from the root to the
// current page (SQLite's BtCursor).
//
// Invariants
//  1. kValid: pages_[0..depth_] are pinned and parsed, pages_[level + 1] is child idx_[level]
//     of pages_[level], and the cursor rests on cell idx_[depth_] of pages_[depth_] — always
//     a leaf for a table tree; for an index tree, an interior cell is an entry too.
//  2. Navigation and seeks allocate nothing; depth never exceeds kMaxDepth (deeper is
//     kCorrupt, which also ends any cycle of child pointers).
//  3. kRequireSeek: another cursor changed the tree; the position is saved as a key and no
//     page is pinned. Next/Prev/Restore re-seek it. An entry that vanished meanwhile leaves
//     the cursor between its neighbours, as after Delete.
//  4. After Delete, Next() moves to the entry that followed the deleted one and Prev() to the
//     one before it (skip_ records which of them the cursor already rests on).
//
// States: kInvalid (no entry: not positioned, or past either end) --seek/First/Last-->
// kValid --Next/Prev past an end--> kInvalid; kValid --another cursor writes--> kRequireSeek
// --Restore--> kValid or kInvalid; any --error in a write--> kFault (only Close works).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "btree/btree.h"
#include "btree/btree_page.h"
#include "btree/record.h"
#include "common/result_code.h"
#include "pager/pager.h"

namespace simlite::btree {

// Balancing state (balance.cpp).
struct BalanceSiblings;
struct BalanceDistribution;

class BtCursor {
 public:
  // SQLite's BTCURSOR_MAX_DEPTH: no valid tree is deeper.
  static constexpr uint32_t kMaxDepth = 20;

  BtCursor() = default;
  ~BtCursor() { Close(); }
  BtCursor(const BtCursor&) = delete;
  BtCursor& operator=(const BtCursor&) = delete;

  // Opens the cursor on the tree rooted at `root`: a table tree when key_info is null, an
  // index tree ordered by *key_info otherwise (it must outlive the cursor). A writable
  // cursor needs a write transaction for its writes. The cursor starts kInvalid.
  void Open(Btree* btree, Pgno root, bool writable, const KeyInfo* key_info);
  void Close();

  // Positions on the first / last entry; *empty is true (and the cursor kInvalid) when the
  // tree has none. Errors: kCorrupt, io.
  Rc First(bool* empty);
  Rc Last(bool* empty);
  // Moves to the next / previous entry; *at_end is true (cursor kInvalid) when there is none.
  // A kInvalid cursor stays kInvalid with *at_end true.
  Rc Next(bool* at_end);
  Rc Prev(bool* at_end);

  // Table trees: positions on rowid, or on a neighbour. *result: 0 exact; <0 the cursor is
  // on an entry smaller than rowid (none is larger in that leaf); >0 on an entry larger.
  // An empty tree leaves the cursor kInvalid with *result = -1.
  Rc SeekRowid(int64_t rowid, int* result);
  // Index trees: positions on the first entry that compares >= key (a key with fewer fields
  // compares equal to every entry it is a prefix of); *exact tells whether it compares
  // equal. kInvalid when no entry is >= key.
  Rc SeekKey(std::span<const uint8_t> key, bool* exact);
  // Index trees: positions on the first entry that compares > key (kInvalid when none).
  Rc SeekKeyAfter(std::span<const uint8_t> key);
  // As SeekKey and SeekKeyAfter, for a key already decoded (a seek from values).
  Rc SeekKey(SearchKey* key, bool* exact);
  Rc SeekKeyAfter(SearchKey* key);

  // Table trees: inserts (rowid, payload), replacing the entry with that rowid if any. The
  // cursor ends on the new entry. Errors: kReadOnly (cursor not writable), kTooBig, kFull,
  // kCorrupt, io. After an error the transaction must be rolled back.
  Rc Insert(int64_t rowid, std::span<const uint8_t> payload);
  // Index trees: inserts the key record, replacing an entry that compares equal. The cursor
  // ends on the new entry.
  Rc InsertKey(std::span<const uint8_t> key);
  // Deletes the entry the cursor is on (kValid required); see invariant 4.
  Rc Delete();

  // Re-seeks a kRequireSeek cursor (a no-op otherwise).
  Rc Restore();

  bool valid() const { return state_ == State::kValid; }
  bool needs_restore() const { return state_ == State::kRequireSeek; }
  // The current entry (kValid required): its rowid (table trees), total payload size and
  // the payload bytes stored on the b-tree page, zero-copy while the cursor stays put.
  int64_t rowid() const;
  uint64_t payload_size() const;
  std::span<const uint8_t> PayloadLocal() const;
  // Copies payload[offset, offset + dst.size()) of the current entry into dst, following
  // the overflow chain. Errors: kCorrupt (offset + size beyond the payload, a bad chain), io.
  Rc ReadPayload(uint64_t offset, std::span<uint8_t> dst);
  // The whole payload: the local bytes when nothing overflows, else a copy in *buffer.
  Rc Payload(std::vector<uint8_t>* buffer, std::span<const uint8_t>* payload);

  Pgno root() const { return root_; }

 private:
  friend class Btree;
  enum class State : uint8_t { kInvalid, kValid, kRequireSeek, kFault };

  BtreePage& page() { return views_[depth_]; }
  const BtreePage& page() const { return views_[depth_]; }
  uint32_t& idx() { return idx_[depth_]; }

  // Navigation (btree_cursor.cpp).
  Rc MoveToRoot(bool* empty);
  Rc MoveToChild(Pgno child);
  void PopTo(int level);
  Rc MoveToLeftmost();
  Rc MoveToRightmost();
  // From a leaf position past its last cell, climbs to the next entry in key order.
  Rc ClimbToNext(bool* at_end);
  Rc ClimbToPrev(bool* at_end);
  Rc ParseCurrent();
  // Whether the cursor is on the tree's last entry (the rightmost path's last cell).
  bool AtLastEntry() const;
  // Index seeks take the key as a SearchKey, parsed once per seek rather than once per
  // comparison.
  // Descends to the leaf where key belongs; the leaf's idx is the first cell that compares
  // >= key (> key with equal_is_less). *leaf_cmp is that cell's comparison with key when the
  // descent made it, else kFirstFieldUndecided.
  Rc DescendToLeaf(SearchKey* key, bool equal_is_less, bool* empty, int* leaf_cmp);
  // DescendToLeaf, then onto the next entry past a leaf's end (*found_cmp as *leaf_cmp, for
  // the entry the cursor is on).
  Rc SeekIndex(SearchKey* key, bool equal_is_less, int* found_cmp);
  // Compares cell idx of `page` with key (<0 when the cell sorts first).
  Rc CompareCell(const BtreePage& page, uint32_t idx, SearchKey* key, int* cmp);
  // The first of cells [lo, hi) of `page` that does not go left of key (compares < key, or
  // equal with equal_is_less), or hi: a binary search, the cells being in key order.
  // *found_cmp: on entry cell hi's comparison with key (kFirstFieldUndecided if unknown), on
  // return cell *found's.
  Rc SearchCells(const BtreePage& page, uint32_t lo, uint32_t hi, SearchKey* key,
                 bool equal_is_less, uint32_t* found, int* found_cmp);
  // CompareCell's way for a cell whose key is long or spills to overflow pages.
  Rc CompareLargeCell(const BtreePage& page, uint32_t idx, SearchKey* key, int* cmp);
  // Whether `key` goes right after the cursor's entry, the last of the tree (InsertKey).
  Rc AppendsAtEnd(SearchKey* key, bool* append);
  Rc ReadCellPayload(const CellInfo& info, uint64_t offset, std::span<uint8_t> dst);
  Rc CopyCurrentKey(std::vector<uint8_t>* out);
  Rc SavePosition();

  // Writes (cursor_write.cpp).
  Rc BeginWriteOp();
  Rc BuildCell(int64_t rowid, std::span<const uint8_t> payload, uint32_t* size);
  Rc PlaceCell(uint32_t idx, uint32_t size);
  Rc ReplaceCell(uint32_t level, const CellInfo& old, uint32_t size);
  Rc HoldsPayload(const CellInfo& old, std::span<const uint8_t> payload, bool* same);
  Rc FindEqualIndexEntry(SearchKey* key, int leaf_cmp, int* level);
  Rc DeleteInteriorCell(const CellInfo& info);
  Rc RelocateLeafBefore(std::span<const uint8_t> key);
  Rc RepositionAfterDelete();
  Rc SeekRowidInLeaf(int64_t rowid, int* result);
  Rc MoveLastCellUp(BtreePage* leaf, const PageKind& parent_kind, uint8_t* cell, uint32_t* size);
  Rc MakeLevelWritable(int level);

  // Balancing (balance.cpp).
  Rc Balance();
  Rc BalanceDeeper();
  Rc BalanceNonroot();
  Rc BalanceShallower(BalanceSiblings* s);
  bool CanBalanceQuick() const;
  Rc BalanceQuick();
  Rc InsertDivider(uint32_t idx, const uint8_t* cell, uint32_t size);
  Rc LoadSiblings(BalanceSiblings* s);
  Rc GatherCells(const BtreePage& page, BalanceSiblings* s);
  Rc GatherAll(BalanceSiblings* s);
  Rc WriteNewPages(BalanceSiblings* s, const BalanceDistribution& d, Pgno* new_pgno);
  Rc UpdateParent(const BalanceSiblings& s, const BalanceDistribution& d, const Pgno* new_pgno);

  Btree* btree_ = nullptr;
  Pgno root_ = 0;
  const KeyInfo* key_info_ = nullptr;
  bool writable_ = false;
  bool intkey_ = true;
  State state_ = State::kInvalid;
  int depth_ = -1;  // the current level; -1: no page pinned
  // +1: the next Next() stays on the current entry; -1: the next Prev() does.
  int8_t skip_ = 0;
  pager::PageRef pages_[kMaxDepth];
  BtreePage views_[kMaxDepth];
  uint32_t idx_[kMaxDepth] = {};
  CellInfo info_;  // the current cell, parsed on arrival
  // Where ReadPayload last left the overflow chain (for sequential reads of big payloads).
  uint64_t chain_page_idx_ = 0;
  Pgno chain_pgno_ = 0;
  // The saved position (kRequireSeek) and buffers for keys that overflow their page.
  int64_t saved_rowid_ = 0;
  std::vector<uint8_t> saved_key_;
  std::vector<uint8_t> cell_key_;
  std::vector<uint8_t> aux_key_;
  // The btree's list of open cursors.
  BtCursor* prev_ = nullptr;
  BtCursor* next_ = nullptr;
};

}  // namespace simlite::btree
