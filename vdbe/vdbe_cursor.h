// VdbeCursor: what a VM cursor number refers to — a b-tree cursor (a table or index of the
// database, or a transient table of the statement), or a pseudo cursor over one record held
// in a register — plus the decoded form of its current record.
//
// Invariants:
//  1. The record cache (reader_) describes the entry the b-tree cursor rests on while
//     cache_valid_ is true; every move of the cursor clears it, and so does any write to any
//     b-tree (the VM bumps its write generation, which the cache compares), because a write
//     may move pages that the cached record points into.
//  2. A null row (NullRow) reads NULL for every column and has rowid 0, and Next / Prev end
//     there (SQLite's behaviour for the right side of an unmatched LEFT JOIN).
//  3. Nothing is allocated per row: an overflowing record is copied into overflow_, whose
//     capacity is kept.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "btree/btree_cursor.h"
#include "btree/record.h"
#include "common/result_code.h"
#include "vdbe/sorter.h"

namespace simlite::vdbe {

class Mem;

class VdbeCursor {
 public:
  enum class Kind : uint8_t { kClosed, kBtree, kPseudo, kSorter };

  // Opens on a b-tree (key_info null for a table). Resets every other state.
  void OpenBtree(btree::Btree* btree, pager::Pgno root, bool writable,
                 const btree::KeyInfo* key_info, bool ephemeral);
  // Opens as a pseudo cursor reading the record in register `reg`.
  void OpenPseudo(int reg);
  // Opens as a sorter ordered by key_info (which must outlive the cursor).
  // With an `io`, a large sort spills to temporary files (sorter.h).
  void OpenSorter(const btree::KeyInfo* key_info, io::Io* io);
  VdbeSorter& sorter() { return sorter_; }
  void Close();

  Kind kind() const { return kind_; }
  bool is_open() const { return kind_ != Kind::kClosed; }
  bool is_table() const { return key_info_ == nullptr; }
  bool ephemeral() const { return ephemeral_; }
  const btree::KeyInfo* key_info() const { return key_info_; }
  btree::BtCursor& bt() { return bt_; }
  int pseudo_reg() const { return pseudo_reg_; }

  // The cursor moved (or may have): forget the cached record and any null row.
  void Moved() {
    cache_valid_ = false;
    null_row_ = false;
  }
  void SetNullRow() {
    cache_valid_ = false;
    null_row_ = true;
  }
  bool null_row() const { return null_row_; }

  // The current entry's record, decoded lazily. For a pseudo cursor `pseudo` is its register.
  // `write_generation` is the VM's count of writes (invariant 1). On success *reader is
  // ready (null for a null row or a cursor past its end, whose columns are all NULL).
  Rc Record(uint64_t write_generation, const Mem* pseudo, btree::RecordReader** reader);
  // The current entry's whole payload (the record of a table row, the key of an index entry),
  // valid until the cursor moves or any b-tree is written.
  Rc Payload(std::span<const uint8_t>* payload);
  // The rowid: of the table row, or the last field of the index entry.
  Rc Rowid(uint64_t write_generation, int64_t* rowid);

  int64_t NextSequence() { return sequence_++; }

  // NewRowid's memory: the largest rowid handed out so far (-1: none yet).
  int64_t last_new_rowid = -1;

 private:
  Kind kind_ = Kind::kClosed;
  bool ephemeral_ = false;
  bool null_row_ = false;
  bool cache_valid_ = false;
  int pseudo_reg_ = 0;
  const btree::KeyInfo* key_info_ = nullptr;
  uint64_t cache_generation_ = 0;
  int64_t sequence_ = 0;
  btree::BtCursor bt_;
  VdbeSorter sorter_;
  btree::RecordReader reader_;
  std::vector<uint8_t> overflow_;
};

}  // namespace simlite::vdbe
