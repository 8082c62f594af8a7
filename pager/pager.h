// The pager: the page cache, the database header, the freelist and transactions over one
// database file (or over memory, for ":memory:" databases).
//
// Invariants
//  1. Pages are numbered from 1; page_count() pages exist. Page 1 starts with the 100-byte
//     database header (fileformat2.html, "The Database Header").
//  2. A PageRef pins its frame: a pinned frame is never evicted or reused, so page data
//     pointers stay valid while any PageRef to the page is alive.
//  3. Outside a write transaction no page is dirty. Inside one, a page becomes dirty only
//     through MakeWritable(), which is where a journal strategy sees the original content.
//  4. The file is written only at Commit() (by the CommitSink), so that Rollback() of a file
//     database only has to forget dirty frames. A ":memory:" database has no file: its
//     frames are never evicted, and MakeWritable keeps the originals for Rollback.
//  5. Every page read from the file is validated by its user (btree), never trusted: a
//     header that does not describe a valid database gives kNotADb or kCorrupt at
//     BeginRead, never a crash.
//  6. WAL mode (header bytes 18/19 == 2, or a "-wal" file next to a non-empty database):
//     a page is read from the PageSource (the WAL snapshot) when it has the page, else from
//     the file; commits append to the WAL instead of touching the file, and take no RESERVED
//     or EXCLUSIVE lock (the WAL's writer lock excludes writers). The SHARED lock is held from
//     the first read until the pager closes, so that no one deletes the WAL under us; the
//     last connection to close checkpoints and deletes the WAL, as SQLite does.
//  7. A WAL-mode read transaction may begin with its lock deferred (BeginRead(defer_lock)):
//     it began on the very snapshot its cache holds, so pages that hit the cache need no
//     lock; the first page read from a file takes it, and fails with kInternalSnapshotMoved
//     when the snapshot moved on meanwhile (wal::Wal, invariant 6). Page 1 stays pinned, so
//     the header never needs the file.
//
// States:  kIdle --BeginRead--> kReading --BeginWrite--> kWriting
//          kReading --EndRead--> kIdle;  kWriting --Commit/Rollback--> kReading
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result_code.h"
#include "io/io.h"
#include "pager/file_lock.h"
#include "wal/wal.h"

namespace simlite::pager {

using Pgno = uint32_t;
constexpr Pgno kNoPage = 0;

constexpr uint32_t kMinPageSize = 512;
constexpr uint32_t kMaxPageSize = 65536;
constexpr uint32_t kHeaderSize = 100;
// The page holding the lock bytes at file offset 2^30 (lockingv3.html) is never used.
constexpr uint64_t kPendingByte = 0x40000000;
constexpr Pgno LockBytePage(uint32_t page_size) {
  return static_cast<Pgno>(kPendingByte / page_size) + 1;
}
// SQLite's reference build limits a database to this many pages (SQLITE_MAX_PAGE_COUNT).
constexpr Pgno kMaxPageCount = 1073741823;

// Offsets of database header fields that upper layers read or change.
enum class HeaderField : uint32_t {
  kFileChangeCounter = 24,
  kPageCount = 28,
  kFreelistTrunk = 32,
  kFreelistCount = 36,
  kSchemaCookie = 40,
  kSchemaFormat = 44,
  kDefaultCacheSize = 48,
  kLargestRootPage = 52,  // nonzero: auto-vacuum database (pointer-map pages present)
  kTextEncoding = 56,
  kUserVersion = 60,
  kIncrementalVacuum = 64,
  kApplicationId = 68,
  kVersionValidFor = 92,
  kSqliteVersion = 96,
};

// How a file database commits (PRAGMA journal_mode). kMemory and kOff keep no journal on
// disk: a crash mid-commit can corrupt the database, as in SQLite. kWal: the database is (or
// at the first read becomes) a WAL database; WAL mode is a property of the file, so a WAL
// database opened with any other option stays in WAL mode (wal.html 3.3).
enum class JournalModeOption : uint8_t { kDelete, kTruncate, kPersist, kMemory, kOff, kWal };

// PRAGMA synchronous. In WAL mode: kFull and kExtra sync the WAL at every commit (a commit
// that returned survives a power loss); kNormal syncs only at checkpoints (a power loss may
// lose recent commits, never tear one); kOff never syncs. The rollback journal always syncs
// as kFull does.
enum class Synchronous : uint8_t { kOff, kNormal, kFull, kExtra };

struct PagerOptions {
  JournalModeOption journal_mode = JournalModeOption::kDelete;
  Synchronous synchronous = Synchronous::kFull;
  // WAL mode: after a commit leaves the WAL at least this many frames long, the read
  // transaction's end runs a PASSIVE checkpoint (PRAGMA wal_autocheckpoint; 0 disables).
  uint32_t wal_autocheckpoint_pages = 1000;
  uint32_t page_size = 4096;     // for a new database; an existing one keeps its own
  uint8_t reserved_bytes = 0;    // for a new database
  uint32_t cache_pages = 2000;   // frames in the pool (it grows if all are pinned or dirty)
  bool read_only = false;
};

class Pager;
struct Frame;

// A pinned page. Move-only; unpins on destruction or Release().
class PageRef {
 public:
  PageRef() = default;
  PageRef(PageRef&& other) noexcept : pager_(other.pager_), frame_(other.frame_) {
    other.pager_ = nullptr;
    other.frame_ = nullptr;
  }
  PageRef& operator=(PageRef&& other) noexcept;
  PageRef(const PageRef&) = delete;
  PageRef& operator=(const PageRef&) = delete;
  ~PageRef() { Release(); }

  void Release();
  bool valid() const { return frame_ != nullptr; }
  Pgno pgno() const;
  // The page's bytes (page_size of them). Writing them is allowed only after
  // Pager::MakeWritable() on this page in the current write transaction.
  uint8_t* data() const;
  bool writable() const;

 private:
  friend class Pager;
  PageRef(Pager* pager, Frame* frame) : pager_(pager), frame_(frame) {}
  Pager* pager_ = nullptr;
  Frame* frame_ = nullptr;
};

// Where committed pages go: the journal strategy (direct write now; WAL and the rollback
// journal plug in here). Commit receives every dirty page, sorted by page number.
class CommitSink {
 public:
  virtual ~CommitSink() = default;
  // A write transaction starts on a database of page_count pages of page_size bytes.
  virtual Rc BeginTransaction(Pgno page_count, uint32_t page_size) = 0;
  // Called once per page per transaction, before the page is first changed: the place for
  // a rollback journal to save `original` (page_size bytes; for a page past the end of the
  // database at transaction start, its content is zero).
  virtual Rc BeforeFirstChange(Pgno pgno, const uint8_t* original) = 0;
  // Makes the transaction durable: writes `pages` (ascending pgno) and sets the database
  // size to page_count pages. On failure the transaction is not committed.
  virtual Rc Commit(std::span<const PageRef* const> pages, Pgno page_count,
                    uint32_t page_size) = 0;
  // Forgets what BeforeFirstChange saved (after commit or rollback).
  virtual void Reset() = 0;
  // After a failed Commit, which may have written part of the database file: puts the file
  // back as it was before the transaction, if this strategy can.
  virtual Rc RestoreAfterFailedCommit() = 0;
};

// Where the pager looks for a page before the database file (the WAL, in WAL mode). Each read
// transaction of the pager is a snapshot of the source.
class PageSource {
 public:
  virtual ~PageSource() = default;
  // Starts a snapshot. *changed: pages cached under an earlier snapshot may be stale.
  // defer_lock: if nothing changed since the last snapshot, lock it only at the first
  // ReadPage (wal::Wal, invariant 6). Errors: kBusy and its extended codes, kProtocol, io
  // errors.
  virtual Rc BeginSnapshot(bool* changed, bool defer_lock) = 0;
  virtual void EndSnapshot() = 0;
  // Whether the snapshot's lock is deferred still; TakeDeferredLock takes it (errors:
  // kInternalSnapshotMoved, the snapshot is gone; BeginSnapshot's errors).
  virtual bool lock_deferred() const = 0;
  virtual Rc TakeDeferredLock() = 0;
  // The database size in pages at the snapshot, or 0 when the source does not know (the
  // database file's size then decides).
  virtual Pgno SnapshotPageCount() const = 0;
  // When the snapshot has page pgno, copies bytes [offset, offset + length) of it to data
  // and sets *found; otherwise clears *found and the page comes from the database file.
  virtual Rc ReadPage(Pgno pgno, uint32_t offset, uint8_t* data, uint32_t length,
                      bool* found) = 0;
};

class WalJournal;

class Pager {
 public:
  enum class State : uint8_t { kIdle, kReading, kWriting };

  // Opens the database at path: ":memory:" for an in-memory database, "" for a temporary
  // database in an anonymous file. Nothing is read until BeginRead. Errors: the io layer's
  // open errors (kCantOpen...).
  static Rc Open(io::Io* io, std::string_view path, const PagerOptions& options,
                 std::unique_ptr<Pager>* pager);
  ~Pager();
  Pager(const Pager&) = delete;
  Pager& operator=(const Pager&) = delete;

  // Starts a read transaction: reads and validates the header. Errors: kNotADb (not a
  // database, unsupported page size or format), kCorrupt (inconsistent header), kError
  // with error_message() (an unsupported text encoding), kBusy, io errors; in WAL mode also
  // kBusyRecovery and kProtocol (see wal::Wal::BeginRead). With journal_mode kWal, the first
  // read of a rollback-mode database converts it (SetJournalMode's errors).
  // defer_lock (WAL mode): when nothing changed since the last read transaction and its
  // header and cache are trusted, the transaction takes no read lock until its first page
  // read from a file (invariant 7).
  Rc BeginRead(bool defer_lock = false);
  void EndRead();
  // Invariant 7: whether the read transaction still holds no read lock, and taking it now.
  // Errors: kInternalSnapshotMoved (someone committed since the transaction began: the
  // caller must end it and begin again, serving nothing it read), BeginRead's errors.
  bool lock_deferred() const { return page_source_ != nullptr && page_source_->lock_deferred(); }
  Rc TakeDeferredLock();
  // Upgrades a read transaction to a write transaction. Errors: kReadOnly, kBusy (another
  // writer); in WAL mode kBusySnapshot (another connection committed since this read
  // transaction began: end it and begin again).
  Rc BeginWrite();
  // In a write transaction (BEGIN EXCLUSIVE): in rollback modes takes the EXCLUSIVE lock now,
  // so that no one else reads until the transaction ends; WAL mode has nothing to take.
  // Errors: kBusy (readers in the way; PENDING stays held, as SQLite's does, so the caller
  // may retry or roll back), io errors.
  Rc LockExclusive();
  // Commits the write transaction through the CommitSink; the pager stays in kReading.
  // kBusy (other readers still active) leaves the transaction open, so the caller may
  // retry; any other failure rolls it back.
  Rc Commit();
  // Discards every change of the write transaction. keep_lock: the RESERVED / PENDING lock
  // stays until the read transaction ends, as SQLite keeps it after a failed BEGIN EXCLUSIVE
  // inside a read transaction.
  void Rollback(bool keep_lock = false);

  // Savepoints (SQLite's statement journal and SAVEPOINT, kept in memory): a stack of marks
  // of the write transaction's state. OpenSavepoint pushes a mark and returns its depth (1:
  // the outermost); RollbackToSavepoint(d) puts back every page changed since mark d was
  // opened, and the page count, and leaves mark d open as if just opened; ReleaseSavepoint(d)
  // forgets marks d and deeper. Only in a write transaction; Commit and Rollback forget every
  // mark. No cursor may hold a page changed since mark d when RollbackToSavepoint(d) runs.
  int OpenSavepoint();
  void RollbackToSavepoint(int depth);
  void ReleaseSavepoint(int depth);
  int savepoint_depth() const { return static_cast<int>(savepoints_.size()); }

  // Pins page pgno (1..page_count()). Errors: kCorrupt (pgno out of range), io errors.
  Rc Get(Pgno pgno, PageRef* page);
  // Makes a pinned page writable in the current write transaction (marks it dirty).
  Rc MakeWritable(PageRef& page);
  // Allocates a page: the freelist's first if any, else a new one at the end. The page comes
  // back pinned, writable and zeroed. Errors: kFull (the 2^32-2 page limit), kCorrupt.
  Rc Allocate(PageRef* page);
  // Returns page pgno (not pinned by the caller) to the freelist.
  Rc Free(Pgno pgno);

  uint32_t GetHeader(HeaderField field) const;
  // Sets a 4-byte header field (page 1 becomes dirty). Only in a write transaction.
  Rc SetHeader(HeaderField field, uint32_t value);

  uint32_t page_size() const { return page_size_; }
  // Bytes of a page that b-tree content may use: page_size - reserved bytes.
  uint32_t usable_size() const { return page_size_ - reserved_bytes_; }
  Pgno page_count() const { return page_count_; }
  State state() const { return state_; }
  bool in_memory() const { return file_ == io::kNoFile; }
  bool read_only() const { return options_.read_only; }
  const std::string& error_message() const { return error_message_; }

  // Replaces the commit strategy (the default writes pages straight to the file).
  void SetCommitSink(std::unique_ptr<CommitSink> sink);

  // Switches the journal mode (PRAGMA journal_mode), in state kIdle. Into WAL: a write
  // transaction through the rollback journal sets header bytes 18/19 to 2, then the WAL
  // opens. Out of WAL: only the last connection may (EXCLUSIVE on the file, else kBusy); it
  // checkpoints, deletes the WAL and sets the bytes back to 1. ":memory:" and temporary
  // databases ignore kWal, as SQLite does. Errors: kBusy, kReadOnly, io errors.
  Rc SetJournalMode(JournalModeOption mode);
  // The journal mode in effect: kWal once the WAL is open.
  JournalModeOption journal_mode() const;
  // PRAGMA synchronous; takes effect at the next commit or checkpoint.
  void set_synchronous(Synchronous synchronous);
  void set_wal_autocheckpoint(uint32_t pages) { options_.wal_autocheckpoint_pages = pages; }
  // Called while a FULL / RESTART / TRUNCATE checkpoint waits (see wal::BusyHandler).
  void SetBusyHandler(wal::BusyHandler handler) { busy_handler_ = std::move(handler); }

  // Checkpoints a WAL database (sqlite3_wal_checkpoint_v2), in state kIdle. Not in WAL mode:
  // kOk with both counts -1. Errors: see wal::Wal::Checkpoint.
  Rc Checkpoint(wal::CheckpointMode mode, int* log_frames, int* checkpointed_frames);

  // Cache statistics, for tests and benchmarks.
  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;
    uint64_t evictions = 0;
    uint32_t frames = 0;
  };
  Stats stats() const;

 private:
  class Cache;
  friend class PageRef;

  Pager(io::Io* io, io::FileId file, std::string path, const PagerOptions& options);
  void ResetCache();
  // Takes the SHARED lock, recovers a hot journal, opens the WAL if the database uses one,
  // and begins the WAL snapshot. *changed: the snapshot moved (WAL mode).
  Rc BeginFileRead(bool* changed, bool defer_lock);
  // Ends the snapshot; outside WAL mode also drops the file lock.
  void EndFileRead();
  // With a SHARED lock held: plays back a hot journal left by a crashed writer.
  Rc RecoverHotJournal();
  // With a SHARED lock held and no hot journal, outside WAL mode: reads the header into
  // prefetched_header_ and decides whether it is unchanged since the last read transaction.
  Rc PrefetchHeader();
  // With a SHARED lock held: opens the WAL when the database is in WAL mode.
  Rc OpenWalIfPresent();
  Rc OpenWal();
  // Closes the WAL; the last connection (EXCLUSIVE obtainable) checkpoints and deletes it.
  Rc CloseWal();
  // Rewrites header bytes 18/19 in a rollback-journal transaction (from state kReading).
  Rc SetFileFormatVersion(uint8_t version);
  Rc LeaveWalMode();
  void MakeRollbackSink(JournalModeOption mode);
  CommitSink* ActiveSink() const;
  bool has_locks() const { return lock_ != nullptr; }
  Rc ReadHeader(bool snapshot_changed);
  // known_pages: the database size from the WAL snapshot, or 0 to use the file's size.
  Rc ValidateHeader(const uint8_t* header, uint64_t file_size, Pgno known_pages);
  Rc InitNewDatabase();
  // Pins pgno's frame, assigning one (content undefined) when it is not cached.
  Frame* Pin(Pgno pgno, bool* cached);
  Rc ReadPage(Frame* frame);
  // Pages at or below this number have content in the file; above it they read as zeros.
  Pgno FilePageLimit() const;
  void Unpin(Frame* frame);
  Rc CommitDirtyPages();
  void RestoreMemoryOriginals();
  Rc AllocateFromFreelist(PageRef* page);
  // Saves the page's content in every open savepoint mark that lacks it.
  void SaveSavepointImage(Frame* frame);

  io::Io* io_;
  io::FileId file_;
  std::string path_;
  PagerOptions options_;
  std::unique_ptr<FileLock> lock_;  // null for ":memory:" and temporary databases
  bool cache_suspect_ = false;      // a failed commit may have left the file changed
  State state_ = State::kIdle;
  uint32_t page_size_;
  uint8_t reserved_bytes_;
  Pgno page_count_ = 0;          // pages in the database as this transaction sees it
  Pgno page_count_at_begin_ = 0; // at the start of the write transaction
  std::unique_ptr<Cache> cache_;
  PageRef page1_;                    // pinned through every transaction
  uint32_t cached_change_counter_ = 0;
  // Between read transactions (see BeginFileRead and ReadHeader): the header and file size
  // that the last one saw, and this one's header as read after the hot-journal check.
  enum class Prefetch : uint8_t { kNone, kRead, kUnchanged };
  Prefetch prefetch_ = Prefetch::kNone;
  bool last_header_valid_ = false;
  bool last_header_in_wal_ = false;  // WAL mode: page 1 was read from the WAL
  uint64_t last_file_size_ = 0;
  uint8_t last_header_[kHeaderSize] = {};
  uint8_t prefetched_header_[kHeaderSize] = {};
  std::unique_ptr<CommitSink> sink_;  // the rollback-mode strategy
  std::unique_ptr<WalJournal> wal_;   // WAL mode: the commit strategy and page source
  PageSource* page_source_ = nullptr;
  bool no_wal_open_ = false;          // leaving WAL mode: header bytes 18/19 still say 2
  bool autocheckpoint_due_ = false;   // a commit grew the WAL past the threshold
  wal::BusyHandler busy_handler_;
  // ":memory:" databases: each changed page's content at its first change (null for a page
  // that did not exist), for Rollback.
  std::vector<std::pair<Pgno, std::unique_ptr<uint8_t[]>>> memory_originals_;
  std::string error_message_;
  // A savepoint mark: the page count when it was opened, and the image (as it was then) of
  // each page changed since that existed then. Invariant: mark ids grow with depth, and a
  // page's image is saved, at its first change after a mark was opened, in every open mark
  // that lacks it (they all lack it for the same reason: the page has not changed since they
  // were opened, so one shared image serves them all); Frame::savepoint then records the
  // innermost mark's id, so mark m holds a page exactly when frame->savepoint >= m.id.
  struct SavepointMark {
    uint64_t id = 0;
    Pgno page_count = 0;
    std::vector<std::pair<Pgno, std::shared_ptr<uint8_t[]>>> images;
  };
  std::vector<SavepointMark> savepoints_;
  uint64_t savepoint_counter_ = 0;
};

}  // namespace simlite::pager
