// A structural checker for b-trees in tests: walks a tree page by page and checks what the
// btree layer promises (btree.h invariants 1-2): exact page layouts, one page kind per tree,
// leaves at one depth, no empty non-root page, keys in strictly increasing order within the
// bounds the dividers set, overflow chains of the length the payload needs. It marks every
// page it visits, so that CheckPageAccounting can prove that tree pages, overflow pages and
// freelist pages together are exactly the database's pages.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "btree/btree_cursor.h"
#include "btree/page_format.h"
#include "btree/record.h"
#include "common/varint.h"
#include "pager/pager.h"

namespace simlite::btree::testing {

class TreeChecker {
 public:
  explicit TreeChecker(pager::Pager* pager)
      : pager_(pager), owner_(pager->page_count() + 1, 0), scratch_(pager->page_size()) {}

  // Checks the tree at root; key_info is null for a table tree. Returns the entry count.
  ::testing::AssertionResult CheckTree(Pgno root, const KeyInfo* key_info, uint64_t* entries) {
    key_info_ = key_info;
    entries_ = 0;
    leaf_depth_ = -1;
    prev_key_.reset();
    prev_record_.clear();
    has_prev_record_ = false;
    auto result = CheckPage(root, 0, std::nullopt, std::nullopt, true);
    *entries = entries_;
    return result;
  }

  // Marks the freelist's pages and checks that every page is used exactly once.
  ::testing::AssertionResult CheckPageAccounting() {
    const uint32_t usable = pager_->usable_size();
    Pgno trunk = pager_->GetHeader(pager::HeaderField::kFreelistTrunk);
    uint32_t free_pages = 0;
    while (trunk != 0) {
      if (!Mark(trunk)) return ::testing::AssertionFailure() << "freelist trunk reused " << trunk;
      free_pages++;
      pager::PageRef ref;
      if (pager_->Get(trunk, &ref) != Rc::kOk) return ::testing::AssertionFailure() << "trunk";
      const uint32_t leaves = Get4(ref.data() + 4);
      if (leaves > usable / 4 - 2) return ::testing::AssertionFailure() << "trunk leaf count";
      for (uint32_t leaf_idx = 0; leaf_idx < leaves; leaf_idx++) {
        const Pgno leaf = Get4(ref.data() + 8 + 4 * leaf_idx);
        if (!Mark(leaf)) return ::testing::AssertionFailure() << "free leaf reused " << leaf;
        free_pages++;
      }
      trunk = Get4(ref.data());
    }
    if (free_pages != pager_->GetHeader(pager::HeaderField::kFreelistCount)) {
      return ::testing::AssertionFailure() << "freelist count " << free_pages;
    }
    for (Pgno pgno = 1; pgno <= pager_->page_count(); pgno++) {
      if (owner_[pgno] == 0) return ::testing::AssertionFailure() << "page never used " << pgno;
    }
    return ::testing::AssertionSuccess();
  }

 private:
  bool Mark(Pgno pgno) {
    if (pgno == 0 || pgno >= owner_.size() || owner_[pgno] != 0) return false;
    owner_[pgno] = 1;
    return true;
  }

  ::testing::AssertionResult CheckPage(Pgno pgno, int depth, std::optional<int64_t> lower,
                                       std::optional<int64_t> upper, bool is_root) {
    using ::testing::AssertionFailure;
    if (depth > 20) return AssertionFailure() << "too deep";
    if (!Mark(pgno)) return AssertionFailure() << "page used twice: " << pgno;
    pager::PageRef ref;
    if (pager_->Get(pgno, &ref) != Rc::kOk) return AssertionFailure() << "get " << pgno;
    const uint32_t usable = pager_->usable_size();
    if (CheckPageLayout(ref.data(), pgno, usable, scratch_) != Rc::kOk) {
      return AssertionFailure() << "layout of page " << pgno;
    }
    BtreePage page;
    if (page.Init(ref.data(), pgno, usable) != Rc::kOk) return AssertionFailure() << "init";
    if (page.intkey() != (key_info_ == nullptr)) return AssertionFailure() << "page kind";
    if (!is_root && page.cell_count() == 0) return AssertionFailure() << "empty page " << pgno;
    if (is_root && !page.leaf() && page.cell_count() == 0) {
      return AssertionFailure() << "interior root without cells";
    }
    if (page.leaf()) {
      if (leaf_depth_ >= 0 && leaf_depth_ != depth) return AssertionFailure() << "depth";
      leaf_depth_ = depth;
    }
    for (uint32_t cell_idx = 0; cell_idx <= page.cell_count(); cell_idx++) {
      CellInfo info;
      if (cell_idx < page.cell_count()) {
        if (page.Cell(cell_idx, &info) != Rc::kOk) return AssertionFailure() << "cell";
      }
      if (!page.leaf()) {
        Pgno child = 0;
        if (page.Child(cell_idx, &child) != Rc::kOk) return AssertionFailure() << "child";
        const bool last = cell_idx == page.cell_count();
        std::optional<int64_t> child_upper = upper;
        if (page.intkey() && !last) child_upper = info.key;
        auto result = CheckPage(child, depth + 1, lower, child_upper, false);
        if (!result) return result;
      }
      if (cell_idx == page.cell_count()) break;
      auto result = CheckEntry(page, info, lower, upper);
      if (!result) return result;
      if (page.intkey() && !page.leaf()) lower = info.key;
    }
    return ::testing::AssertionSuccess();
  }

  // Table trees: keys within (lower, upper] and increasing along the leaves. Index trees:
  // every entry (leaf or interior, in key order) greater than the one before.
  ::testing::AssertionResult CheckEntry(const BtreePage& page, const CellInfo& info,
                                        std::optional<int64_t> lower,
                                        std::optional<int64_t> upper) {
    using ::testing::AssertionFailure;
    if ((lower && info.key <= *lower) || (upper && info.key > *upper)) {
      return AssertionFailure() << "key out of bounds " << info.key;
    }
    if (page.intkey() && page.leaf()) {
      if (prev_key_ && info.key <= *prev_key_) return AssertionFailure() << "rowid order";
      prev_key_ = info.key;
      entries_++;
    }
    if (page.intkey() && !page.leaf()) return ::testing::AssertionSuccess();
    std::vector<uint8_t> payload;
    auto chain = ReadChain(info, &payload);
    if (!chain) return chain;
    if (!page.intkey()) {
      entries_++;
      Rc rc = Rc::kOk;
      if (has_prev_record_ && CompareRecords(prev_record_, payload, *key_info_, &rc) >= 0) {
        return AssertionFailure() << "index order";
      }
      if (rc != Rc::kOk) return AssertionFailure() << "record compare";
      prev_record_ = std::move(payload);
      has_prev_record_ = true;
    }
    return ::testing::AssertionSuccess();
  }

  // Reads the whole payload, marking and counting overflow pages.
  ::testing::AssertionResult ReadChain(const CellInfo& info, std::vector<uint8_t>* payload) {
    const uint32_t usable = pager_->usable_size();
    payload->assign(info.payload, info.payload + info.local_size);
    const uint64_t count = OverflowPageCount(info.payload_size, info.local_size, usable);
    Pgno pgno = info.overflow;
    for (uint64_t page_idx = 0; page_idx < count; page_idx++) {
      if (!Mark(pgno)) return ::testing::AssertionFailure() << "overflow page " << pgno;
      pager::PageRef ref;
      if (pager_->Get(pgno, &ref) != Rc::kOk) return ::testing::AssertionFailure() << "get";
      const uint64_t n = std::min<uint64_t>(usable - 4, info.payload_size - payload->size());
      payload->insert(payload->end(), ref.data() + 4, ref.data() + 4 + n);
      pgno = Get4(ref.data());
    }
    if (count > 0 && pgno != 0) return ::testing::AssertionFailure() << "chain too long";
    return ::testing::AssertionSuccess();
  }

  pager::Pager* pager_;
  std::vector<uint8_t> owner_;
  std::vector<uint8_t> scratch_;
  const KeyInfo* key_info_ = nullptr;
  uint64_t entries_ = 0;
  int leaf_depth_ = -1;
  std::optional<int64_t> prev_key_;
  std::vector<uint8_t> prev_record_;
  bool has_prev_record_ = false;
};

}  // namespace simlite::btree::testing
