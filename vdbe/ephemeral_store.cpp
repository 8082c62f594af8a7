// EphemeralStore: transient b-trees in a private in-memory database.
#include "vdbe/ephemeral_store.h"

namespace simlite::vdbe {

Rc EphemeralStore::Open(io::Io* io) {
  if (pager_ == nullptr) {
    pager::PagerOptions options;
    options.cache_pages = 64;
    options.journal_mode = pager::JournalModeOption::kOff;
    SIMLITE_TRY(pager::Pager::Open(io, ":memory:", options, &pager_));
    btree_ = std::make_unique<btree::Btree>(pager_.get());
  }
  if (!in_transaction_) {
    SIMLITE_TRY(btree_->BeginRead());
    Rc rc = btree_->BeginWrite();
    if (rc != Rc::kOk) {
      btree_->EndRead();
      return rc;
    }
    in_transaction_ = true;
  }
  return Rc::kOk;
}

Rc EphemeralStore::NewTree(io::Io* io, bool index, pager::Pgno* root) {
  SIMLITE_TRY(Open(io));
  return index ? btree_->CreateIndex(root) : btree_->CreateTable(root);
}

void EphemeralStore::Release() {
  if (!in_transaction_) return;
  btree_->Rollback();
  btree_->EndRead();
  in_transaction_ = false;
}

}  // namespace simlite::vdbe
