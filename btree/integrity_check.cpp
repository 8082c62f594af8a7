#include "btree/integrity_check.h"

#include <cassert>
#include <optional>

#include "btree/btree_page.h"
#include "btree/page_format.h"
#include "common/varint.h"

namespace simlite::btree {

namespace {

using pager::HeaderField;
using pager::PageRef;

constexpr int kMaxDepth = 20;  // SQLite's BTCURSOR_MAX_DEPTH

// The upper bound on the keys of a subtree, walked right to left as SQLite does: every key
// must be below the smallest key to its right (or equal to it, for the first key checked
// under a table divider, which is the largest rowid of its left subtree). After a subtree
// is checked, the bound holds the subtree's smallest key.
struct KeyBound {
  bool set = false;
  bool can_be_equal = true;
  int64_t rowid = 0;
  std::vector<uint8_t> key;  // index trees
};

class Checker {
 public:
  Checker(pager::Pager* pager, uint32_t max_errors, std::vector<std::string>* errors)
      : pager_(pager), max_errors_(max_errors), errors_(errors),
        seen_(pager->page_count() + 1, 0) {}

  Rc Run(std::span<const TreeToCheck> trees) {
    SIMLITE_TRY(CheckFreelist());
    for (const TreeToCheck& tree : trees) {
      if (Full()) break;
      tree_ = &tree;
      if (!MarkPage(tree.root, "")) continue;
      KeyBound bound;
      int depth = 0;
      SIMLITE_TRY(CheckPage(tree.root, 0, &bound, &depth));
    }
    CheckUnused();
    return Rc::kOk;
  }

 private:
  bool Full() const { return errors_->size() >= max_errors_; }
  void Report(const std::string& message) {
    if (!Full()) errors_->push_back(message);
  }
  static std::string CellContext(Pgno pgno, uint32_t cell_idx) {
    return "On tree page " + std::to_string(pgno) + " cell " + std::to_string(cell_idx) + ": ";
  }

  // Marks pgno as used; false, with a report, when it is out of range or already used.
  bool MarkPage(Pgno pgno, const std::string& context) {
    if (pgno < 1 || pgno > pager_->page_count()) {
      Report(context + "invalid page number " + std::to_string(pgno));
      return false;
    }
    if (seen_[pgno]) {
      Report(context + "2nd reference to page " + std::to_string(pgno));
      return false;
    }
    seen_[pgno] = 1;
    return true;
  }

  Rc CheckFreelist();
  Rc CheckOverflow(Pgno first, uint64_t payload_size, uint32_t local_size,
                   const std::string& context, std::vector<uint8_t>* payload);
  // Checks the subtree at pgno; *bound is its upper bound on entry and its smallest key
  // on return; *depth is its height (0 for a leaf).
  Rc CheckPage(Pgno pgno, int level, KeyBound* bound, int* depth);
  Rc CheckCells(BtreePage& page, int level, KeyBound* bound, int* depth);
  // Checks one key against the bound, then makes it the bound.
  void CheckKey(const std::string& context, int64_t rowid, std::span<const uint8_t> key,
                KeyBound* bound);
  // <0, 0 or >0; 0 also when the tree's key order is unknown (no KeyInfo) or a key is
  // malformed (the SQL layer's record checks report that).
  int CompareKeys(std::span<const uint8_t> a, std::span<const uint8_t> b) {
    if (tree_->key_info == nullptr) return -1;
    Rc rc = Rc::kOk;
    int cmp = CompareRecords(a, b, *tree_->key_info, &rc);
    return rc == Rc::kOk ? cmp : -1;
  }
  void CheckUnused();

  pager::Pager* pager_;
  uint32_t max_errors_;
  std::vector<std::string>* errors_;
  std::vector<uint8_t> seen_;
  const TreeToCheck* tree_ = nullptr;
  std::vector<uint8_t> scratch_;
};

Rc Checker::CheckFreelist() {
  const uint32_t expected = pager_->GetHeader(HeaderField::kFreelistCount);
  const uint32_t max_leaves = pager_->usable_size() / 4 - 2;
  uint32_t counted = 0;
  Pgno trunk = pager_->GetHeader(HeaderField::kFreelistTrunk);
  // Bounded: every trunk is marked, so a cycle ends at its second visit.
  while (trunk != 0 && !Full()) {
    if (!MarkPage(trunk, "Main freelist: ")) break;
    PageRef page;
    SIMLITE_TRY(pager_->Get(trunk, &page));
    uint32_t leaves = Get4(page.data() + 4);
    counted++;
    if (leaves > max_leaves) {
      Report("Main freelist: freelist leaf count too big on page " + std::to_string(trunk));
    } else {
      for (uint32_t leaf_idx = 0; leaf_idx < leaves; leaf_idx++) {
        MarkPage(Get4(page.data() + 8 + 4 * leaf_idx), "Main freelist: ");
      }
      counted += leaves;
    }
    trunk = Get4(page.data());
  }
  if (counted != expected) {
    Report("Main freelist: size is " + std::to_string(counted) + " but should be " +
           std::to_string(expected));
  }
  return Rc::kOk;
}

Rc Checker::CheckOverflow(Pgno first, uint64_t payload_size, uint32_t local_size,
                          const std::string& context, std::vector<uint8_t>* payload) {
  const uint32_t usable = pager_->usable_size();
  const uint64_t expected = OverflowPageCount(payload_size, local_size, usable);
  uint64_t remaining = payload_size - local_size;
  Pgno next = first;
  for (uint64_t page_idx = 0; page_idx < expected; page_idx++) {
    if (next == 0) {
      Report(context + std::to_string(expected - page_idx) + " of " + std::to_string(expected) +
             " pages missing from overflow list starting at " + std::to_string(first));
      return Rc::kOk;
    }
    if (!MarkPage(next, context)) return Rc::kOk;
    PageRef page;
    SIMLITE_TRY(pager_->Get(next, &page));
    uint64_t chunk = std::min<uint64_t>(remaining, usable - kOverflowHeaderSize);
    if (payload) {
      const uint8_t* from = page.data() + kOverflowHeaderSize;
      payload->insert(payload->end(), from, from + chunk);
    }
    remaining -= chunk;
    next = Get4(page.data());
  }
  if (next != 0) {
    Report(context + "extends off end of overflow list starting at " + std::to_string(first));
  }
  return Rc::kOk;
}

Rc Checker::CheckPage(Pgno pgno, int level, KeyBound* bound, int* depth) {
  *depth = 0;
  if (level > kMaxDepth) {
    Report("On tree page " + std::to_string(pgno) + ": tree is too deep");
    return Rc::kOk;
  }
  PageRef ref;
  SIMLITE_TRY(pager_->Get(pgno, &ref));
  BtreePage page;
  if (page.Init(ref.data(), pgno, pager_->usable_size()) != Rc::kOk) {
    Report("On tree page " + std::to_string(pgno) +
           " cell 0: btreeInitPage() returns error code 11");
    return Rc::kOk;
  }
  if (page.intkey() == tree_->is_index) {
    Report("On tree page " + std::to_string(pgno) + ": wrong page type for its tree");
    return Rc::kOk;
  }
  scratch_.resize(pager_->usable_size());
  if (CheckPageLayout(ref.data(), pgno, pager_->usable_size(), scratch_) != Rc::kOk) {
    Report("On tree page " + std::to_string(pgno) + ": corrupt page layout");
    return Rc::kOk;
  }
  return CheckCells(page, level, bound, depth);
}

void Checker::CheckKey(const std::string& context, int64_t rowid, std::span<const uint8_t> key,
                       KeyBound* bound) {
  if (!tree_->is_index) {
    if (bound->set && (bound->can_be_equal ? rowid > bound->rowid : rowid >= bound->rowid)) {
      Report(context + "Rowid " + std::to_string(rowid) + " out of order");
    }
    bound->rowid = rowid;
  } else {
    if (bound->set && CompareKeys(key, bound->key) >= 0) {
      Report(context + "Index key out of order");
    }
    bound->key.assign(key.begin(), key.end());
  }
  bound->set = true;
  bound->can_be_equal = false;
}

Rc Checker::CheckCells(BtreePage& page, int level, KeyBound* bound, int* depth) {
  const Pgno pgno = page.pgno();
  int child_depth = -1;
  // Children and cells right to left, as SQLite walks them: the right child, then each
  // cell with its left child.
  auto check_child = [&](Pgno child, const std::string& context) -> Rc {
    if (!MarkPage(child, context)) return Rc::kOk;
    int subtree_depth = 0;
    bound->can_be_equal = !tree_->is_index;
    SIMLITE_TRY(CheckPage(child, level + 1, bound, &subtree_depth));
    bound->can_be_equal = false;
    if (child_depth >= 0 && subtree_depth != child_depth) {
      Report(context + "Child page depth differs");
    }
    child_depth = subtree_depth;
    return Rc::kOk;
  };
  if (!page.leaf()) {
    SIMLITE_TRY(check_child(page.right_child(),
                            "On page " + std::to_string(pgno) + " at right child: "));
  }
  std::vector<uint8_t> key;
  for (uint32_t cell_idx = page.cell_count(); cell_idx-- > 0 && !Full();) {
    const std::string context = CellContext(pgno, cell_idx);
    CellInfo cell;
    if (page.Cell(cell_idx, &cell) != Rc::kOk) {
      Report(context + "malformed cell");
      return Rc::kOk;
    }
    bool has_payload = tree_->is_index || page.leaf();
    key.assign(cell.payload, cell.payload + (has_payload ? cell.local_size : 0));
    if (has_payload && cell.overflow != 0) {
      SIMLITE_TRY(CheckOverflow(cell.overflow, cell.payload_size, cell.local_size, context,
                                tree_->is_index ? &key : nullptr));
    }
    CheckKey(context, cell.key, key, bound);
    if (!page.leaf()) {
      Pgno child = 0;
      if (page.Child(cell_idx, &child) != Rc::kOk) {
        Report(context + "malformed cell");
        return Rc::kOk;
      }
      SIMLITE_TRY(check_child(child, context));
    }
  }
  *depth = page.leaf() ? 0 : child_depth + 1;
  return Rc::kOk;
}

void Checker::CheckUnused() {
  const Pgno page_count = pager_->page_count();
  const Pgno lock_page = pager::LockBytePage(pager_->page_size());
  const bool auto_vacuum = pager_->GetHeader(HeaderField::kLargestRootPage) != 0;
  const uint32_t ptrmap_entries = pager_->usable_size() / 5;
  for (Pgno pgno = 1; pgno <= page_count && !Full(); pgno++) {
    if (seen_[pgno] || pgno == lock_page) continue;
    // Pointer-map pages of auto-vacuum databases: page 2 and every (entries+1)th after it.
    if (auto_vacuum && pgno >= 2 && (pgno - 2) % (ptrmap_entries + 1) == 0) continue;
    Report("Page " + std::to_string(pgno) + " is never used");
  }
}

}  // namespace

Rc CheckIntegrity(pager::Pager* pager, std::span<const TreeToCheck> trees, uint32_t max_errors,
                  std::vector<std::string>* errors) {
  Checker checker(pager, max_errors, errors);
  return checker.Run(trees);
}

}  // namespace simlite::btree
