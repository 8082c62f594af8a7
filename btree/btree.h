// The b-tree layer (fileformat2.html, "B-tree Pages"): the database's table (rowid) and index
// b-trees over the pager. A Btree owns what every tree of one database shares: the scratch
// memory that balancing and cell building use (sized once the page size is known, so that
// row operations allocate nothing), the list of open cursors, and tree creation/destruction.
//
// Invariants
//  1. Every page of a tree is reachable from its root by exactly one path; all leaves are at
//     the same depth (at most BtCursor::kMaxDepth); all pages of a tree are of one kind
//     (table or index). Overflow pages belong to exactly one cell; free pages are on the
//     pager's freelist and nowhere else.
//  2. After every completed operation no page overflows, every non-root page holds at least
//     one cell, and a root interior page holds at least one cell.
//  3. When a cursor changes a tree, every other cursor on that tree has first saved its
//     position (kRequireSeek) and released its pages, so no cursor ever reads a page through
//     stale parsed state.
//  4. Content read from pages is never trusted: bad pointers, sizes and counts give
//     kCorrupt; loops over pages are bounded by the depth limit or by page_count.
//
// States (of the underlying pager): kIdle --BeginRead--> kReading --BeginWrite--> kWriting;
// Commit/Rollback return to kReading, EndRead to kIdle. Cursors live inside a read or write
// transaction; EndRead and Rollback invalidate them.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "btree/btree_page.h"
#include "btree/page_format.h"
#include "common/result_code.h"
#include "pager/pager.h"

namespace simlite::btree {

class BtCursor;

class Btree {
 public:
  // The btree uses `pager` (not owned; it must outlive the Btree).
  explicit Btree(pager::Pager* pager);
  ~Btree();
  Btree(const Btree&) = delete;
  Btree& operator=(const Btree&) = delete;

  // Starts a read transaction (see Pager::BeginRead, defer_lock too) and sizes the scratch
  // memory for the database's page size.
  Rc BeginRead(bool defer_lock = false);
  // Ends the read transaction; open cursors are invalidated (their pages released).
  void EndRead();
  // Starts a write transaction. A new (empty) database gets page 1: the header the pager
  // writes and an empty sqlite_schema table leaf at offset 100. Errors: the pager's, and
  // kReadOnly for an auto-vacuum database (pointer-map pages are not maintained yet).
  Rc BeginWrite();
  // Commits (see Pager::Commit). Cursors stay usable, unless the commit failed and rolled
  // back.
  Rc Commit();
  // Rolls back; open cursors are invalidated first. keep_readers (the transaction changed no
  // schema): read-only cursors keep their place instead, re-seeking it in the tree as it was
  // before the transaction, so that reading statements go on as in SQLite.
  void Rollback(bool keep_readers = false);

  // Creates an empty table (intkey) or index b-tree; *root receives its root page.
  // Errors: kFull, kCorrupt, io errors.
  Rc CreateTable(Pgno* root);
  Rc CreateIndex(Pgno* root);
  // Frees every page of the tree at root (overflow chains included) to the freelist.
  // Errors: kLocked when a cursor is open on the tree, kMisuse for page 1, kCorrupt.
  Rc Drop(Pgno root);
  // Deletes every entry of the tree at root, freeing all its pages but the root, which
  // becomes an empty leaf. Cursors open on the tree see it empty. Errors: kCorrupt, io.
  Rc Clear(Pgno root);

  pager::Pager* pager() const { return pager_; }
  uint32_t usable_size() const { return pager_->usable_size(); }

 private:
  friend class BtCursor;

  // Scratch memory, sized for the page size at BeginRead: nothing is allocated per row.
  struct Scratch {
    uint32_t page_size = 0;
    std::vector<uint8_t> page;      // defragmenting
    std::vector<uint8_t> cell;      // the cell being built for an insert
    std::vector<uint8_t> compare;   // an overwritten cell's overflow payload, to compare
    std::vector<uint8_t> siblings;  // balancing: copies of up to 3 sibling pages
    std::vector<uint8_t> dividers;  // balancing: copies of the parent's dividers
    std::vector<const uint8_t*> cells;
    std::vector<uint16_t> sizes;
    // Two arenas for overflow cells: one holds the overflow cells of the page being
    // balanced, the other receives the dividers its parent gets (SQLite's apOvfl storage).
    std::vector<uint8_t> arena[2];
    uint32_t arena_used[2] = {0, 0};
    int current_arena = 0;
  };

  // Pins page pgno and parses it as a b-tree page. Errors: kCorrupt, io.
  Rc GetPage(Pgno pgno, pager::PageRef* ref, BtreePage* page);
  // Makes a pinned page writable; its parsed view stays valid (the bytes do not move).
  Rc MakeWritable(pager::PageRef& ref);
  Rc CreateTree(PageType type, Pgno* root);
  Rc ClearTree(Pgno root, bool free_root);
  // Frees the pages below (and, with free_root, including) pgno. `visited` counts pages so
  // that a cyclic tree ends in kCorrupt.
  Rc ClearPage(Pgno pgno, bool intkey, uint32_t depth, bool free_root, uint32_t* visited);

  // Writes payload[local_size..] to a new chain of overflow pages; *first gets its head.
  Rc WriteOverflow(std::span<const uint8_t> payload, uint32_t local_size, Pgno* first);
  // Frees the overflow chain of a cell (nothing when the payload is all local).
  Rc FreeOverflow(const CellInfo& info);
  // Copies `size` bytes into the current overflow arena; *copy points at them.
  Rc ArenaCopy(int arena, const uint8_t* cell, uint32_t size, const uint8_t** copy);
  void ResetArenas();

  // Saves the position of, and unpins, every cursor on root except `except`.
  Rc SaveCursors(Pgno root, const BtCursor* except);
  bool HasCursor(Pgno root) const;
  void InvalidateCursors();
  static void Invalidate(BtCursor* cursor);
  void Link(BtCursor* cursor);
  void Unlink(BtCursor* cursor);

  pager::Pager* pager_;
  Scratch scratch_;
  BtCursor* cursors_ = nullptr;  // intrusive list of open cursors
};

}  // namespace simlite::btree
