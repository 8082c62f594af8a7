// EphemeralStore: the transient tables and indexes of one running statement (sorters,
// DISTINCT, IN lists, materialized subqueries, compound selects) as b-trees of a private
// ":memory:" database. Opened at the first use and emptied when the statement ends, so that
// re-running a statement reuses the same pager (no allocation per run once warm).
//
// Invariants: while open, the private pager is in a write transaction; every cursor on it is
// closed before Release() rolls that transaction back.
#pragma once

#include <memory>

#include "btree/btree.h"
#include "common/result_code.h"
#include "io/io.h"
#include "pager/pager.h"

namespace simlite::vdbe {

class EphemeralStore {
 public:
  // Creates a new empty tree (a table when index is false); *root receives its root page.
  Rc NewTree(io::Io* io, bool index, pager::Pgno* root);
  btree::Btree* btree() { return btree_.get(); }
  // Forgets every tree (their cursors must be closed).
  void Release();

 private:
  Rc Open(io::Io* io);

  std::unique_ptr<pager::Pager> pager_;
  std::unique_ptr<btree::Btree> btree_;
  bool in_transaction_ = false;
};

}  // namespace simlite::vdbe
