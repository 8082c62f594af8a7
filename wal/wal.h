// Wal: one connection's write-ahead log (wal.html; fileformat2.html 4; walformat.html), the
// protocol SQLite's processes follow, so that simlite and SQLite can share a WAL database.
//
// A reader takes a snapshot: the wal-index header (mxFrame, the database size, the salts) and
// a shared lock on a read slot. READ_LOCK(0) means "everything is in the database file, I
// ignore the WAL"; READ_LOCK(i>0) means "I read frames up to my mxFrame, so a checkpoint may
// copy no frame past read-mark[i] into the database". One writer at a time holds
// WAL_WRITE_LOCK and appends frames; a checkpoint (WAL_CKPT_LOCK) copies frames that every
// reader can spare into the database; when it has copied them all and nobody reads the WAL,
// the next writer restarts the WAL from its beginning with new salts.
//
// Invariants
//  1. hdr_ is this connection's snapshot: frames 1..hdr_.max_frame, as published when the
//     read began (or by this connection's own last commit). With READ_LOCK(i>0) pages come
//     from frames [min_frame_, hdr_.max_frame], the rest from the database file.
//  2. Frames reach the WAL file before the wal-index mentions them, and the wal-index header
//     (its mxFrame) is published last: a commit becomes visible exactly then.
//  3. A checkpoint copies no frame past a read mark that a reader holds, and raises nBackfill
//     only after the copied pages were written (and, when it copied the whole WAL, synced).
//  4. The WAL restarts only when nBackfill == mxFrame and no connection holds
//     READ_LOCK(1..4); restarting bumps salt-1 and draws salt-2, so old frames are invalid.
//  5. Recovery (an uninitialised or torn wal-index) runs under WAL_WRITE_LOCK, CKPT and
//     RECOVER, replays the WAL to its last valid commit frame, and publishes the result.
//  6. A read with its lock deferred holds no read slot: it began when the published header
//     equalled hdr_ (nothing committed since this connection's last snapshot), so its
//     caller may serve pages it cached under that snapshot and read no file. Its first file
//     access (FindFrame, BeginWrite, TakeDeferredLock) takes a slot as BeginRead does; if the
//     header has moved on by then, the snapshot is lost: hdr_ stays the old one (so the next
//     BeginRead reports a change) and every file access fails with kInternalSnapshotMoved
//     until EndRead. Nothing a deferred read does is visible to other connections: a reader
//     that reads no file pins nothing.
//
// States:  idle --BeginRead--> reading --BeginWrite--> writing --EndWrite--> reading
//          idle --BeginRead(defer)--> deferred --first file access--> reading (or lost)
//          reading/deferred/lost --EndRead--> idle;  Checkpoint and Close only when idle.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/result_code.h"
#include "io/io.h"
#include "wal/wal_format.h"
#include "wal/wal_index.h"

namespace simlite::wal {

enum class CheckpointMode : uint8_t { kPassive, kFull, kRestart, kTruncate };

// PRAGMA synchronous as it applies to a WAL: kFull syncs the WAL at every commit; kNormal
// syncs only at checkpoints (a commit may be lost to a power failure, never torn); kOff never
// syncs.
enum class SyncMode : uint8_t { kOff, kNormal, kFull };

// A page to append to the WAL.
struct FramePage {
  Pgno pgno;
  const uint8_t* data;  // page_size bytes
};

// Called when a FULL / RESTART / TRUNCATE checkpoint finds a lock busy, with the number of
// earlier calls for this wait; returns true to try again (after waiting on the io clock).
using BusyHandler = std::function<bool(int attempt)>;

class Wal {
 public:
  // Opens (creating it if needed) the WAL "<db_path>-wal" of the database open as db_file.
  // The wal-index is not touched until the first BeginRead or Checkpoint. Errors: kCantOpen.
  static Rc Open(io::Io* io, io::FileId db_file, const std::string& db_path, SyncMode sync,
                 std::unique_ptr<Wal>* wal);
  ~Wal();
  Wal(const Wal&) = delete;
  Wal& operator=(const Wal&) = delete;

  // Takes a snapshot (running recovery if the wal-index needs it). *changed tells whether it
  // may differ from this connection's previous snapshot (then cached pages are stale).
  // defer_lock: when the published header is the previous snapshot's, take no read slot yet
  // (invariant 6; *changed is then false). Errors: kBusyRecovery (another connection is
  // recovering), kProtocol (the wal-index kept changing under us), kCantOpen (a wal-index of
  // an unknown version), io errors.
  Rc BeginRead(bool* changed, bool defer_lock = false);
  void EndRead();
  // Whether the read's lock is still deferred (invariant 6).
  bool lock_deferred() const { return lock_deferred_; }
  // Takes the deferred read's slot now, if it has none. Errors: kInternalSnapshotMoved (the
  // snapshot is lost: the caller must end the read and begin again), BeginRead's errors.
  Rc TakeDeferredLock();

  // The database size in pages at the snapshot; 0 when the WAL does not say (the caller
  // then sizes the database from its file).
  Pgno page_count() const { return hdr_.page_count; }
  // The snapshot's last frame (0: the WAL holds nothing this snapshot reads).
  uint32_t max_frame() const { return hdr_.max_frame; }

  // *frame = the snapshot's frame holding pgno, or 0 when the page comes from the database
  // file. Errors: kCorrupt (a damaged wal-index), io errors.
  Rc FindFrame(Pgno pgno, uint32_t* frame);
  // Reads bytes [offset, offset + length) of the page in `frame`.
  Rc ReadFrame(uint32_t frame, uint32_t offset, uint8_t* buffer, uint32_t length);

  // Becomes the writer (from reading). Errors: kBusy (another writer), kBusySnapshot
  // (another connection committed since this snapshot began: the caller must begin again).
  Rc BeginWrite();
  void EndWrite();
  // Commits a transaction: appends `pages` (page_size bytes each, the last one marked as the
  // commit frame carrying db_size_after), in ONE io batch with the WAL header when the WAL
  // (re)starts and the sync the sync mode asks for; then publishes the commit. The snapshot
  // moves to include it. Requires writing and at least one page. On failure nothing is
  // published. Errors: io errors; kCorrupt (the WAL's page size differs).
  Rc WriteFrames(std::span<const FramePage> pages, uint32_t page_size, Pgno db_size_after);

  // Copies committed frames into the database file (wal_checkpoint_v2 semantics; see
  // c3ref/wal_checkpoint_v2.html). page_size is the database's. busy is called (FULL,
  // RESTART, TRUNCATE only) while waiting for the writer or readers. *log_frames and
  // *checkpointed_frames (may be null) get the WAL's frames and how many are now in the
  // database, or -1 when the checkpoint could not run. Errors: kBusy (another checkpoint
  // runs; or a FULL/RESTART/TRUNCATE that could not finish), kCorrupt, io errors.
  Rc Checkpoint(CheckpointMode mode, uint32_t page_size, const BusyHandler& busy,
                int* log_frames, int* checkpointed_frames);

  // Detaches from the wal-index and closes the WAL file. With checkpoint_and_delete (the
  // caller holds EXCLUSIVE on the database: it is the last connection) first checkpoints
  // everything and, if that succeeded, deletes the WAL and the wal-index. Requires idle.
  Rc Close(bool checkpoint_and_delete, uint32_t page_size);

  void set_sync_mode(SyncMode sync) { sync_ = sync; }
  const std::string& path() const { return wal_path_; }

 private:
  static constexpr int kNoReadLock = -1;

  Wal(io::Io* io, io::FileId db_file, io::FileId wal_file, std::string wal_path, SyncMode sync)
      : io_(io), db_file_(db_file), wal_file_(wal_file), wal_path_(std::move(wal_path)),
        sync_(sync), index_(io, db_file) {}

  // ---- reading (wal.cpp) ----
  Rc ReadIndexHeader(bool* changed);
  bool TryIndexHeader(bool* changed);
  // One attempt to take a snapshot; *retry when the wal-index moved under it.
  Rc TryBeginRead(bool use_wal, uint32_t attempt, bool* retry);
  Rc RetryBeginRead(bool use_wal);
  Rc TakeReadMark(bool* retry);
  bool TryDeferredRead();
  // ---- writing (wal.cpp) ----
  Rc RestartLogIfPossible();
  void RestartHeader(uint32_t salt2);
  uint32_t RandomSalt();
  void EncodeFrames(std::span<const FramePage> pages, uint32_t page_size,
                    Pgno db_size_after, bool big_endian, const uint8_t* salt, Checksum* sum);
  // ---- recovery (wal_recovery.cpp) ----
  Rc Recover();
  Rc ScanLog(IndexHeader* recovered);
  Rc ResetReadMarks(uint32_t max_frame);
  // ---- checkpoint (wal_checkpoint.cpp) ----
  Rc Backfill(CheckpointMode mode, const BusyHandler* busy);
  Rc SafeFrame(const BusyHandler** busy, uint32_t* safe_frame);
  Rc CopyFrames(uint32_t safe_frame);
  Rc CopyBatch(std::span<const std::pair<Pgno, uint32_t>> pages, bool sync_log_first,
               bool finish);
  Rc WaitForReaders(CheckpointMode mode, const BusyHandler* busy);
  Rc BusyLock(uint32_t slot, uint32_t count, const BusyHandler* busy);

  io::Io* io_;
  io::FileId db_file_;
  io::FileId wal_file_;
  std::string wal_path_;
  SyncMode sync_;
  WalIndex index_;
  IndexHeader hdr_;                   // the snapshot (invariant 1)
  int read_lock_ = kNoReadLock;       // the read slot held shared, or kNoReadLock
  bool write_lock_ = false;
  bool lock_deferred_ = false;        // invariant 6: reading with no slot yet
  bool snapshot_lost_ = false;        // invariant 6: the deferred snapshot moved on
  uint32_t min_frame_ = 0;            // first frame the snapshot reads from the WAL
  bool changed_ = false;              // BeginRead saw a new header or ran recovery
  uint32_t checkpoint_seq_ = 0;       // of the WAL header this connection last wrote or read
  std::vector<uint8_t> frames_;       // encoded frames of the commit being written
  std::vector<uint8_t> copy_buffer_;  // pages moving from the WAL to the database
  std::vector<io::IoOp> batch_;       // reused across commits and checkpoints
  std::vector<std::pair<Pgno, uint32_t>> backfill_pages_;  // (pgno, frame) to copy
};

}  // namespace simlite::wal
