// WalJournal: the pager's WAL mode. As a CommitSink it commits by appending the transaction's
// pages to the WAL (frames, commit frame and sync in one io batch); as a PageSource it gives
// the pager each page the read snapshot finds in the WAL. The WAL protocol is wal::Wal's.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pager/pager.h"
#include "wal/wal.h"

namespace simlite::pager {

class WalJournal final : public CommitSink, public PageSource {
 public:
  // Opens the WAL of the database open as db_file at db_path. Errors: kCantOpen.
  static Rc Open(io::Io* io, io::FileId db_file, const std::string& db_path,
                 wal::SyncMode sync, std::unique_ptr<WalJournal>* journal);

  // CommitSink. BeginTransaction takes the WAL's writer lock (kBusy, kBusySnapshot).
  Rc BeginTransaction(Pgno page_count, uint32_t page_size) override;
  Rc BeforeFirstChange(Pgno, const uint8_t*) override { return Rc::kOk; }
  // Appends the pages at or below page_count; the last is the commit frame. A transaction
  // that changed no such page and left the size alone changes nothing and writes nothing.
  Rc Commit(std::span<const PageRef* const> pages, Pgno page_count,
            uint32_t page_size) override;
  void Reset() override { wal_->EndWrite(); }
  // Nothing to restore: an unpublished commit is invisible, and its frames get overwritten.
  Rc RestoreAfterFailedCommit() override { return Rc::kOk; }

  // PageSource.
  Rc BeginSnapshot(bool* changed, bool defer_lock) override {
    return wal_->BeginRead(changed, defer_lock);
  }
  void EndSnapshot() override { wal_->EndRead(); }
  bool lock_deferred() const override { return wal_->lock_deferred(); }
  Rc TakeDeferredLock() override { return wal_->TakeDeferredLock(); }
  Pgno SnapshotPageCount() const override { return wal_->page_count(); }
  Rc ReadPage(Pgno pgno, uint32_t offset, uint8_t* data, uint32_t length,
              bool* found) override;

  wal::Wal& wal() { return *wal_; }

 private:
  explicit WalJournal(std::unique_ptr<wal::Wal> wal) : wal_(std::move(wal)) {}

  std::unique_ptr<wal::Wal> wal_;
  Pgno page_count_at_begin_ = 0;
  std::vector<wal::FramePage> frames_;  // reused across commits
};

}  // namespace simlite::pager
