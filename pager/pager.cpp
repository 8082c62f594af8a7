#include "common/planted.h"
#include "pager/pager.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "common/corrupt.h"
#include "common/varint.h"
#include "pager/direct_file_sink.h"
#include "pager/page_cache.h"
#include "pager/rollback_journal.h"
#include "pager/wal_journal.h"

namespace simlite::pager {

namespace {

constexpr char kMagic[] = "SQLite format 3";  // 16 bytes with its terminating NUL
constexpr uint32_t kSqliteVersionNumber = 3040001;

bool ValidPageSize(uint32_t page_size) {
  return page_size >= kMinPageSize && page_size <= kMaxPageSize &&
         (page_size & (page_size - 1)) == 0;
}

}  // namespace

// The frame type is the cache's; the pager knows it only through PageCache.
class Pager::Cache : public PageCache {
 public:
  using PageCache::PageCache;
};

// ---- PageRef ----

PageRef& PageRef::operator=(PageRef&& other) noexcept {
  if (this != &other) {
    Release();
    pager_ = other.pager_;
    frame_ = other.frame_;
    other.pager_ = nullptr;
    other.frame_ = nullptr;
  }
  return *this;
}

void PageRef::Release() {
  if (frame_ != nullptr) pager_->Unpin(frame_);
  pager_ = nullptr;
  frame_ = nullptr;
}

Pgno PageRef::pgno() const { return frame_->pgno; }
uint8_t* PageRef::data() const { return frame_->data.get(); }
bool PageRef::writable() const { return frame_->dirty; }

// ---- Pager ----

Pager::Pager(io::Io* io, io::FileId file, std::string path, const PagerOptions& options)
    : io_(io),
      file_(file),
      path_(std::move(path)),
      options_(options),
      page_size_(options.page_size),
      reserved_bytes_(options.reserved_bytes) {}

Pager::~Pager() {
  if (state_ == State::kWriting) Rollback();
  if (state_ == State::kReading) {
    autocheckpoint_due_ = false;
    EndRead();
  }
  page1_.Release();
  cache_.reset();
  if (wal_) {
    Rc ignored = CloseWal();
    (void)ignored;  // a WAL left behind is recovered by the next connection
  }
  if (lock_) {
    Rc ignored = lock_->Lower(LockLevel::kNone);
    (void)ignored;  // closing the handle releases every lock anyway
  }
  if (file_ != io::kNoFile) io_->Close(file_);
}

Rc Pager::Open(io::Io* io, std::string_view path, const PagerOptions& options,
               std::unique_ptr<Pager>* pager) {
  if (!ValidPageSize(options.page_size) || options.page_size - options.reserved_bytes < 480) {
    return Rc::kMisuse;
  }
  io::FileId file = io::kNoFile;
  if (path.empty()) {
    SIMLITE_TRY(io->OpenTemp(&file));
  } else if (path != ":memory:") {
    io::OpenFlags flags{.read_write = !options.read_only, .create = !options.read_only};
    SIMLITE_TRY(io->Open(path, flags, &file));
  }
  pager->reset(new Pager(io, file, std::string(path), options));
  Pager& opened = **pager;
  if (!path.empty() && path != ":memory:") {
    opened.lock_ = std::make_unique<FileLock>(io, file);
    opened.MakeRollbackSink(options.journal_mode);
  }
  return Rc::kOk;
}

void Pager::SetCommitSink(std::unique_ptr<CommitSink> sink) { sink_ = std::move(sink); }

void Pager::ResetCache() {
  page1_.Release();
  cache_ = std::make_unique<Cache>(options_.cache_pages, page_size_);
}

Rc Pager::BeginRead(bool defer_lock) {
  assert(state_ == State::kIdle);
  error_message_.clear();
  if (in_memory()) {
    if (!cache_) ResetCache();
    state_ = State::kReading;
    return Rc::kOk;
  }
  bool snapshot_changed = false;
  if (lock_) SIMLITE_TRY(BeginFileRead(&snapshot_changed, defer_lock));
  state_ = State::kReading;
  Rc rc = ReadHeader(snapshot_changed);
  if (rc != Rc::kOk) {
    page1_.Release();
    state_ = State::kIdle;
    if (lock_) EndFileRead();
    return rc;
  }
  // journal_mode=WAL on a rollback-mode database converts it at its first read.
  if (options_.journal_mode == JournalModeOption::kWal && !wal_ && lock_ && !read_only() &&
      page_count_ > 0 && !no_wal_open_) {
    rc = SetFileFormatVersion(2);
    EndRead();
    SIMLITE_TRY(rc);
    return BeginRead();  // opens the WAL: the header says so now
  }
  return Rc::kOk;
}

// Between two read transactions in rollback mode, SQLite stats the WAL and the file and
// reads the header again. Here one header read decides: after the SHARED lock and the
// hot-journal check, a header byte-for-byte the same as the last transaction's (which said
// rollback mode) means no one committed since, as every rollback-mode commit moves the change
// counter. Then no WAL can have appeared (entering WAL mode is such a commit: it rewrites
// bytes 18/19), and the file has its old size (only a commit or a hot-journal rollback
// changes it, and the check just made rules the second out).
Rc Pager::BeginFileRead(bool* changed, bool defer_lock) {
  SIMLITE_TRY(lock_->Raise(LockLevel::kShared));
  Rc rc = Rc::kOk;
  prefetch_ = Prefetch::kNone;
  if (!wal_) {
    rc = RecoverHotJournal();
    if (rc == Rc::kOk) rc = PrefetchHeader();
    if (rc == Rc::kOk && prefetch_ != Prefetch::kUnchanged) rc = OpenWalIfPresent();
  }
  if (rc == Rc::kOk && page_source_ != nullptr) {
    // Invariant 7: only a read that will trust what it cached may go without its lock.
    const bool trusted = last_header_valid_ && !cache_suspect_ && cache_ != nullptr;
    rc = page_source_->BeginSnapshot(changed, defer_lock && trusted);
  }
  if (rc != Rc::kOk) EndFileRead();
  return rc;
}

Rc Pager::PrefetchHeader() {
  Rc rc = io_->Read(file_, 0, prefetched_header_, kHeaderSize);
  if (rc == Rc::kIoErrShortRead) return Rc::kOk;  // a new or short file: the slow path
  SIMLITE_TRY(rc);
  const bool rollback_mode = last_header_[18] == 1 && last_header_[19] == 1;
  const bool same = last_header_valid_ && !cache_suspect_ && !no_wal_open_ && rollback_mode &&
                    std::memcmp(last_header_, prefetched_header_, kHeaderSize) == 0;
  prefetch_ = same ? Prefetch::kUnchanged : Prefetch::kRead;
  return Rc::kOk;
}

void Pager::EndFileRead() {
  if (page_source_ != nullptr) {
    page_source_->EndSnapshot();
    return;  // invariant 6: WAL mode keeps its SHARED lock until the pager closes
  }
  Rc ignored = lock_->Lower(LockLevel::kNone);
  (void)ignored;  // an unlock failure leaves nothing for the caller to do
}

Rc Pager::RecoverHotJournal() {
  const std::string journal_path = path_ + "-journal";
  bool hot = false;
  SIMLITE_TRY(RollbackJournal::IsHot(io_, journal_path, &hot));
  if (!hot) return Rc::kOk;
  bool reserved = false;
  SIMLITE_TRY(lock_->OtherHasReserved(&reserved));
  if (reserved) return Rc::kOk;  // a live writer's journal, not a hot one
  SIMLITE_TRY(lock_->RaiseForRecovery());
  // Re-check under the exclusive lock: another reader may have recovered it first.
  Rc rc = RollbackJournal::IsHot(io_, journal_path, &hot);
  if (rc == Rc::kOk && hot) rc = RollbackJournal::PlayBack(io_, file_, journal_path);
  cache_suspect_ = true;
  Rc lower_rc = lock_->Lower(LockLevel::kShared);
  return rc != Rc::kOk ? rc : lower_rc;
}

Rc Pager::TakeDeferredLock() {
  assert(state_ != State::kIdle);
  return page_source_ != nullptr ? page_source_->TakeDeferredLock() : Rc::kOk;
}

void Pager::EndRead() {
  assert(state_ == State::kReading);
  if (!in_memory()) page1_.Release();
  state_ = State::kIdle;
  if (lock_) EndFileRead();
  if (autocheckpoint_due_) {
    // As SQLite's wal hook: after the transaction, and whatever the checkpoint's outcome.
    autocheckpoint_due_ = false;
    Rc ignored = Checkpoint(wal::CheckpointMode::kPassive, nullptr, nullptr);
    (void)ignored;
  }
}

Rc Pager::ReadHeader(bool snapshot_changed) {
  // The prefetched header is this transaction's only outside WAL mode (OpenWalIfPresent may
  // have opened the WAL since). In WAL mode an unchanged snapshot (the wal-index header is
  // the same, and this connection has not written or checkpointed since: both forget the
  // header) shows the same header and page count as the last transaction: reading them again
  // would find what is remembered.
  const bool wal_unchanged = page_source_ != nullptr && !snapshot_changed &&
                             last_header_valid_ && !cache_suspect_;
  const Prefetch prefetch = page_source_ == nullptr ? prefetch_
                            : wal_unchanged         ? Prefetch::kUnchanged
                                                    : Prefetch::kNone;
  prefetch_ = Prefetch::kNone;
  last_header_valid_ = false;
  uint64_t file_size = last_file_size_;
  if (prefetch != Prefetch::kUnchanged) SIMLITE_TRY(io_->Size(file_, &file_size));
  uint8_t header[kHeaderSize];
  bool header_in_wal = false;
  Pgno known_pages = 0;
  if (page_source_ != nullptr) {
    if (prefetch == Prefetch::kUnchanged) {
      header_in_wal = last_header_in_wal_;
    } else {
      SIMLITE_TRY(page_source_->ReadPage(1, 0, header, kHeaderSize, &header_in_wal));
    }
    known_pages = page_source_->SnapshotPageCount();
  }
  if (file_size == 0 && !header_in_wal) {
    // An empty file is an empty database of the configured page size.
    if (!cache_ || page_size_ != options_.page_size) {
      page_size_ = options_.page_size;
      reserved_bytes_ = options_.reserved_bytes;
      ResetCache();
    } else {
      cache_->DiscardUnpinned();
    }
    page_count_ = 0;
    return Rc::kOk;
  }
  if (prefetch == Prefetch::kUnchanged) {
    std::memcpy(header, last_header_, kHeaderSize);
  } else if (prefetch == Prefetch::kRead) {
    std::memcpy(header, prefetched_header_, kHeaderSize);
  } else if (!header_in_wal) {
    Rc rc = io_->Read(file_, 0, header, kHeaderSize);
    if (rc != Rc::kOk && rc != Rc::kIoErrShortRead) return rc;
  }
  SIMLITE_TRY(ValidateHeader(header, file_size, known_pages));
  // Another connection may have changed the file since this cache was filled: SQLite's rule
  // is that the file change counter moves on every commit, so an unchanged counter means
  // the cached pages are still current. In WAL mode a commit need not touch page 1: the
  // WAL snapshot says whether anything changed.
  uint32_t change_counter = Get4(header + 24);
  bool stale = page_source_ != nullptr ? snapshot_changed
                                       : change_counter != cached_change_counter_;
  if (!cache_ || cache_->page_size() != page_size_) {
    ResetCache();
  } else if (stale || cache_suspect_) {
    page1_.Release();
    cache_->DiscardUnpinned();
  }
  cache_suspect_ = false;
  cached_change_counter_ = change_counter;
  if (!no_wal_open_) {
    std::memcpy(last_header_, header, kHeaderSize);
    last_file_size_ = file_size;
    last_header_in_wal_ = header_in_wal;
    last_header_valid_ = true;
  }
  return Get(1, &page1_);
}

Rc Pager::ValidateHeader(const uint8_t* header, uint64_t file_size, Pgno known_pages) {
  if (std::memcmp(header, kMagic, sizeof(kMagic)) != 0) return Rc::kNotADb;
  uint32_t page_size = Get2(header + 16);
  if (page_size == 1) page_size = kMaxPageSize;
  if (!ValidPageSize(page_size)) return Rc::kNotADb;
  // Read version above 2: a future format we cannot read. Write version above 2: read-only.
  if (header[19] > 2 || header[18] == 0 || header[19] == 0) return Rc::kNotADb;
  if (header[21] != 64 || header[22] != 32 || header[23] != 32) return Rc::kNotADb;
  uint32_t reserved = header[20];
  if (page_size - reserved < 480) return Rc::kNotADb;
  uint32_t encoding = Get4(header + 56);
  if (encoding == 2 || encoding == 3) {
    error_message_ = "unsupported file format: simlite reads UTF-8 databases only";
    return Rc::kError;
  }
  if (encoding > 3) return SIMLITE_CORRUPT();
  Pgno file_pages = known_pages != 0 ? known_pages
                                     : static_cast<Pgno>(std::min<uint64_t>(
                                           file_size / page_size, kMaxPageCount));
  Pgno header_pages = Get4(header + 28);
  // The in-header size is valid only when the version-valid-for number matches the change
  // counter (fileformat2.html, "In-header database size").
  bool header_size_valid = header_pages != 0 && Get4(header + 24) == Get4(header + 92);
  Pgno page_count = header_size_valid ? header_pages : file_pages;
  if (page_count > file_pages) return SIMLITE_CORRUPT();
  page_size_ = page_size;
  reserved_bytes_ = static_cast<uint8_t>(reserved);
  page_count_ = page_count;
  return Rc::kOk;
}

Rc Pager::BeginWrite() {
  assert(state_ == State::kReading);
  last_header_valid_ = false;  // this transaction may change the header and the page count
  if (options_.read_only) return Rc::kReadOnly;
  if (!sink_ && !in_memory()) sink_ = std::make_unique<DirectFileSink>(io_, file_);
  // Invariant 6: in WAL mode the WAL's writer lock, not RESERVED, marks the one writer.
  const bool file_locks = lock_ && !wal_;
  if (file_locks) SIMLITE_TRY(lock_->Raise(LockLevel::kReserved));
  page_count_at_begin_ = page_count_;
  if (CommitSink* sink = ActiveSink()) {
    Rc rc = sink->BeginTransaction(page_count_, page_size_);
    if (rc != Rc::kOk) {
      if (file_locks) {
        Rc ignored = lock_->Lower(LockLevel::kShared);
        (void)ignored;
      }
      return rc;
    }
  }
  state_ = State::kWriting;
  if (page_count_ == 0) {
    Rc rc = InitNewDatabase();
    if (rc != Rc::kOk) {
      Rollback();
      return rc;
    }
  }
  return Rc::kOk;
}

Rc Pager::LockExclusive() {
  assert(state_ == State::kWriting);
  if (!lock_ || wal_) return Rc::kOk;
  return lock_->Raise(LockLevel::kExclusive);
}

Rc Pager::InitNewDatabase() {
  PageRef page;
  SIMLITE_TRY(Allocate(&page));
  assert(page.pgno() == 1);
  uint8_t* header = page.data();
  std::memcpy(header, kMagic, sizeof(kMagic));
  Put2(header + 16, page_size_ == kMaxPageSize ? 1 : page_size_);
  // Write and read versions: 1 for a rollback journal, 2 for WAL. A new database is created
  // through the rollback journal even for WAL (SQLite deletes a WAL next to an empty file).
  const uint8_t version = options_.journal_mode == JournalModeOption::kWal ? 2 : 1;
  header[18] = version;
  header[19] = version;
  header[20] = reserved_bytes_;
  header[21] = 64;
  header[22] = 32;
  header[23] = 32;
  Put4(header + static_cast<uint32_t>(HeaderField::kSchemaFormat), 4);
  Put4(header + static_cast<uint32_t>(HeaderField::kTextEncoding), 1);
  page1_ = std::move(page);
  return Rc::kOk;
}

Rc Pager::Commit() {
  assert(state_ == State::kWriting);
  if (lock_ && !wal_) {
    Rc lock_rc = lock_->Raise(LockLevel::kExclusive);
    if (PrimaryCode(lock_rc) == Rc::kBusy) return lock_rc;  // still writing; may retry
    if (lock_rc != Rc::kOk) {
      Rollback();
      return lock_rc;
    }
  }
  Rc rc = CommitDirtyPages();
  if (rc != Rc::kOk) {
    // The file may be part-written: restore it from the journal now if we can (else the
    // journal stays hot for the next reader), and trust no cached page.
    if (CommitSink* sink = ActiveSink()) {
      Rc ignored = sink->RestoreAfterFailedCommit();
      (void)ignored;
    }
    cache_suspect_ = true;
    Rollback();
    return rc;
  }
  savepoints_.clear();
  cache_->CleanAll(/*evictable=*/!in_memory());
  if (!in_memory()) cache_->ShrinkToCapacity();
  memory_originals_.clear();
  if (CommitSink* sink = ActiveSink()) sink->Reset();
  state_ = State::kReading;
  if (wal_) {
    const uint32_t threshold = options_.wal_autocheckpoint_pages;
    autocheckpoint_due_ = threshold > 0 && wal_->wal().max_frame() >= threshold;
    return Rc::kOk;
  }
  if (lock_) SIMLITE_TRY(lock_->Lower(LockLevel::kShared));
  return Rc::kOk;
}

Rc Pager::CommitDirtyPages() {
  size_t dirty_count = 0;
  cache_->ForEachDirty([&](Frame*) { dirty_count++; });
  if (dirty_count == 0) return Rc::kOk;
  // Every commit moves the file change counter and records this library's version
  // (fileformat2.html, header offsets 24, 92 and 96), and the in-header size. In WAL mode
  // only a commit that changes page 1 does, as in SQLite: the WAL index tracks changes.
  if (!wal_ || page1_.writable() || Get4(page1_.data() + 28) != page_count_) {
    SIMLITE_TRY(MakeWritable(page1_));
    uint8_t* header = page1_.data();
    uint32_t change_counter = Get4(header + 24) + 1;
    Put4(header + 24, change_counter);
    Put4(header + 28, page_count_);
    Put4(header + 92, change_counter);
    Put4(header + 96, kSqliteVersionNumber);
    cached_change_counter_ = change_counter;
  }
  if (in_memory()) return Rc::kOk;

  std::vector<Frame*> dirty;
  dirty.reserve(dirty_count + 1);
  cache_->ForEachDirty([&](Frame* frame) { dirty.push_back(frame); });
  std::sort(dirty.begin(), dirty.end(),
            [](const Frame* a, const Frame* b) { return a->pgno < b->pgno; });
  std::vector<PageRef> pinned;
  pinned.reserve(dirty.size());
  for (Frame* frame : dirty) {
    frame->pin_count++;
    pinned.push_back(PageRef(this, frame));
  }
  std::vector<const PageRef*> pages;
  pages.reserve(pinned.size());
  for (const PageRef& page : pinned) pages.push_back(&page);
  return ActiveSink()->Commit(pages, page_count_, page_size_);
}

void Pager::Rollback(bool keep_lock) {
  assert(state_ == State::kWriting);
  savepoints_.clear();
  if (in_memory()) {
    RestoreMemoryOriginals();
  } else {
    // Nothing reached the file (invariant 4): forget unpinned changed pages, and re-read
    // the pinned ones (page 1, or a page a caller still holds) from the file.
    page_count_ = page_count_at_begin_;
    std::vector<Frame*> dirty;
    cache_->ForEachDirty([&](Frame* frame) { dirty.push_back(frame); });
    cache_->CleanAll(/*evictable=*/false);
    for (Frame* frame : dirty) {
      if (frame->pin_count == 0) {
        cache_->Discard(frame);
      } else if (ReadPage(frame) != Rc::kOk) {
        // The page could not be read back: no cached page is trusted until the next read
        // transaction reloads them (ReadHeader).
        std::memset(frame->data.get(), 0, page_size_);
        cache_suspect_ = true;
      }
    }
  }
  if (CommitSink* sink = ActiveSink()) sink->Reset();
  page_count_ = page_count_at_begin_;
  if (page_count_ == 0) page1_.Release();
  state_ = State::kReading;
  if (lock_ && !wal_ && !keep_lock) {
    Rc ignored = lock_->Lower(LockLevel::kShared);
    (void)ignored;
  }
}

void Pager::RestoreMemoryOriginals() {
  for (auto& [pgno, original] : memory_originals_) {
    Frame* frame = cache_->Lookup(pgno);
    assert(frame != nullptr);
    if (original) std::memcpy(frame->data.get(), original.get(), page_size_);
    cache_->Unpin(frame, /*evictable=*/false);
  }
  std::vector<Frame*> dirty;
  cache_->ForEachDirty([&](Frame* frame) { dirty.push_back(frame); });
  cache_->CleanAll(/*evictable=*/false);
  // Pages that did not exist before the transaction are forgotten.
  for (Frame* frame : dirty) {
    if (frame->pgno > page_count_at_begin_ && frame != page1_.frame_) cache_->Discard(frame);
  }
  memory_originals_.clear();
}

Rc Pager::ReadPage(Frame* frame) {
  if (in_memory() || frame->pgno > FilePageLimit()) {
    std::memset(frame->data.get(), 0, page_size_);
    return Rc::kOk;
  }
  if (page_source_ != nullptr) {
    bool found = false;
    SIMLITE_TRY(page_source_->ReadPage(frame->pgno, 0, frame->data.get(), page_size_, &found));
    if (found) return Rc::kOk;
  }
  uint64_t offset = uint64_t{frame->pgno - 1} * page_size_;
  Rc rc = io_->Read(file_, offset, frame->data.get(), page_size_);
  // A page past the end of the file reads as zeros, as in SQLite.
  return rc == Rc::kIoErrShortRead ? Rc::kOk : rc;
}

Pgno Pager::FilePageLimit() const {
  return state_ == State::kWriting ? page_count_at_begin_ : page_count_;
}

Frame* Pager::Pin(Pgno pgno, bool* cached) {
  Frame* frame = cache_->Lookup(pgno);
  *cached = frame != nullptr;
  if (frame == nullptr) frame = cache_->Assign(pgno, /*evict_allowed=*/!in_memory());
  return frame;
}

Rc Pager::Get(Pgno pgno, PageRef* page) {
  assert(state_ != State::kIdle);
  page->Release();
  if (pgno == kNoPage || pgno > page_count_) return SIMLITE_CORRUPT();
  bool cached = false;
  Frame* frame = Pin(pgno, &cached);
  if (!cached) {
    Rc rc = ReadPage(frame);
    if (rc != Rc::kOk) {
      cache_->Discard(frame);
      return rc;
    }
  }
  *page = PageRef(this, frame);
  return Rc::kOk;
}

void Pager::Unpin(Frame* frame) { cache_->Unpin(frame, /*evictable=*/!in_memory()); }

Rc Pager::MakeWritable(PageRef& page) {
  assert(state_ == State::kWriting);
  assert(page.valid());
  Frame* frame = page.frame_;
  if (!savepoints_.empty() && frame->savepoint < savepoints_.back().id) SaveSavepointImage(frame);
  if (frame->dirty) return Rc::kOk;
  if (in_memory()) {
    std::unique_ptr<uint8_t[]> original;
    if (frame->pgno <= page_count_at_begin_) {
      original = std::make_unique<uint8_t[]>(page_size_);
      std::memcpy(original.get(), frame->data.get(), page_size_);
    }
    memory_originals_.emplace_back(frame->pgno, std::move(original));
  } else {
    SIMLITE_TRY(sink_->BeforeFirstChange(frame->pgno, frame->data.get()));
  }
  cache_->MarkDirty(frame);
  return Rc::kOk;
}

int Pager::OpenSavepoint() {
  assert(state_ == State::kWriting);
  savepoints_.push_back({++savepoint_counter_, page_count_, {}});
  return savepoint_depth();
}

void Pager::SaveSavepointImage(Frame* frame) {
  std::shared_ptr<uint8_t[]> image;
  for (auto mark = savepoints_.rbegin(); mark != savepoints_.rend() && frame->savepoint < mark->id;
       ++mark) {
    if (frame->pgno > mark->page_count) continue;  // the page did not exist when it was opened
    if (!image) {
      image = std::make_shared_for_overwrite<uint8_t[]>(page_size_);
      std::memcpy(image.get(), frame->data.get(), page_size_);
    }
    mark->images.emplace_back(frame->pgno, image);
  }
  frame->savepoint = savepoints_.back().id;
}

void Pager::RollbackToSavepoint(int depth) {
  assert(state_ == State::kWriting && depth >= 1 && depth <= savepoint_depth());
  SavepointMark& mark = savepoints_[static_cast<size_t>(depth - 1)];
  if (planted::On(planted::kSavepointLosesPage) && mark.images.size() >= 2) {
    mark.images.pop_back();
  }
  for (auto& [pgno, image] : mark.images) {
    Frame* frame = cache_->Lookup(pgno);
    assert(frame != nullptr && frame->dirty);
    std::memcpy(frame->data.get(), image.get(), page_size_);
    cache_->Unpin(frame, /*evictable=*/false);
  }
  // Pages added since the mark are forgotten.
  std::vector<Frame*> added;
  cache_->ForEachDirty([&](Frame* frame) {
    if (frame->pgno > mark.page_count && frame->pin_count == 0) added.push_back(frame);
  });
  for (Frame* frame : added) cache_->Discard(frame);
  std::erase_if(memory_originals_,
                [&](const auto& original) { return original.first > mark.page_count; });
  page_count_ = mark.page_count;
  // Mark `depth` stays open, as if opened now: a new id, so that it holds no page.
  savepoints_.resize(static_cast<size_t>(depth));
  mark.images.clear();
  mark.id = ++savepoint_counter_;
}

void Pager::ReleaseSavepoint(int depth) {
  assert(depth >= 1 && depth <= savepoint_depth());
  savepoints_.resize(static_cast<size_t>(depth - 1));
}

uint32_t Pager::GetHeader(HeaderField field) const {
  if (!page1_.valid()) return 0;
  return Get4(page1_.data() + static_cast<uint32_t>(field));
}

Rc Pager::SetHeader(HeaderField field, uint32_t value) {
  assert(state_ == State::kWriting);
  SIMLITE_TRY(MakeWritable(page1_));
  Put4(page1_.data() + static_cast<uint32_t>(field), value);
  return Rc::kOk;
}

Pager::Stats Pager::stats() const {
  Stats stats;
  if (cache_) {
    stats.hits = cache_->hits();
    stats.misses = cache_->misses();
    stats.evictions = cache_->evictions();
    stats.frames = cache_->frame_count();
  }
  return stats;
}

}  // namespace simlite::pager
