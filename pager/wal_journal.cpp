#include "pager/wal_journal.h"

namespace simlite::pager {

Rc WalJournal::Open(io::Io* io, io::FileId db_file, const std::string& db_path,
                    wal::SyncMode sync, std::unique_ptr<WalJournal>* journal) {
  std::unique_ptr<wal::Wal> wal;
  SIMLITE_TRY(wal::Wal::Open(io, db_file, db_path, sync, &wal));
  journal->reset(new WalJournal(std::move(wal)));
  return Rc::kOk;
}

Rc WalJournal::BeginTransaction(Pgno page_count, uint32_t) {
  page_count_at_begin_ = page_count;
  return wal_->BeginWrite();
}

Rc WalJournal::Commit(std::span<const PageRef* const> pages, Pgno page_count,
                      uint32_t page_size) {
  frames_.clear();
  for (const PageRef* page : pages) {
    // Pages past the new end are never read again: SQLite leaves them out too.
    if (page->pgno() <= page_count) frames_.push_back({page->pgno(), page->data()});
  }
  if (frames_.empty()) {
    if (page_count == page_count_at_begin_) return Rc::kOk;
    return Rc::kInternal;  // the pager changes page 1 whenever the size changes
  }
  return wal_->WriteFrames(frames_, page_size, page_count);
}

Rc WalJournal::ReadPage(Pgno pgno, uint32_t offset, uint8_t* data, uint32_t length,
                        bool* found) {
  uint32_t frame = 0;
  SIMLITE_TRY(wal_->FindFrame(pgno, &frame));
  *found = frame != 0;
  if (frame == 0) return Rc::kOk;
  return wal_->ReadFrame(frame, offset, data, length);
}

}  // namespace simlite::pager
