// The io layer: the only door from the engine to the outside world (DESIGN.md, "seams").
// Files, file locks, the clock and randomness all enter here, so that a simulated backend
// (simulator/) can replace every one of them and a run replays from its seed.
//
// Model. Metadata calls (Open, Close, Delete, Exists, Size, Lock, and the Shm* calls for the
// wal-index) are synchronous: they are rare and a synchronous VFS can always express them.
// Data operations (read, write, sync, truncate) are asynchronous, io_uring style: the
// caller fills a batch of IoOp, Submit()s it and later Wait()s for it; a backend may
// complete the operations in any order, except that a sync or truncate is a barrier: it
// starts only after every earlier operation of its batch has completed, and no later
// operation of the batch starts before it completes. A caller that needs ordering within a
// batch (a commit's frames, then its fsync) relies on exactly that; overlapping writes in
// one batch without a barrier between them are a caller bug.
// Failure: a barrier runs only if every earlier operation of its batch succeeded. After a
// failure, no later barrier — and nothing after one — executes: those operations complete
// with kIoErr, unstarted. (Operations between the failure and the next barrier may or may
// not run.) So a commit batch "journal, sync, database, sync" never syncs, nor touches the
// database, after a journal write failed.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/result_code.h"
#include "io/clock.h"
#include "io/random.h"

namespace simlite::io {

// A handle to an open file, issued by a backend. Negative values are never valid.
using FileId = int32_t;
constexpr FileId kNoFile = -1;

struct OpenFlags {
  bool read_write = true;  // else read-only
  bool create = false;     // create the file if it does not exist
  bool exclusive = false;  // with create: fail if it exists
};

enum class OpKind : uint8_t { kRead, kWrite, kSync, kTruncate };

// One asynchronous data operation. The caller owns the IoOp and its buffer until Wait()
// returns for the batch that holds it.
struct IoOp {
  OpKind kind = OpKind::kRead;
  FileId file = kNoFile;
  uint64_t offset = 0;        // read/write: byte offset; truncate: the new size in bytes
  uint8_t* buffer = nullptr;  // read: destination; write: source (never modified)
  uint32_t length = 0;        // read/write: bytes

  // Set by the backend at completion.
  Rc result = Rc::kOk;  // read: kIoErrShortRead when the file ended early (rest zero-filled)
  uint32_t bytes = 0;   // read/write: bytes transferred
  bool done = false;

  static IoOp Read(FileId file, uint64_t offset, uint8_t* buffer, uint32_t length) {
    return IoOp{OpKind::kRead, file, offset, buffer, length};
  }
  static IoOp Write(FileId file, uint64_t offset, const uint8_t* buffer, uint32_t length) {
    return IoOp{OpKind::kWrite, file, offset, const_cast<uint8_t*>(buffer), length};
  }
  static IoOp Sync(FileId file) { return IoOp{OpKind::kSync, file}; }
  static IoOp Truncate(FileId file, uint64_t size) {
    return IoOp{OpKind::kTruncate, file, size};
  }
};

// The kinds of byte-range lock (POSIX advisory locks, compatible with SQLite's unix VFS).
enum class LockKind : uint8_t { kUnlock, kShared, kExclusive };

// The wal-index shared memory (walformat.html): regions of this many bytes, and this many lock
// slots (WAL_WRITE_LOCK, WAL_CKPT_LOCK, WAL_RECOVER_LOCK, WAL_READ_LOCK(0..4)). A file backend
// keeps the memory in the database's "-shm" file, the lock slots on its bytes 120..127 and
// the "dead man switch" (DMS) on byte 128, exactly as SQLite's unix VFS does.
constexpr uint32_t kShmRegionSize = 32768;
constexpr uint32_t kShmLockSlots = 8;

class Io {
 public:
  virtual ~Io() = default;

  // Opens (or with flags.create, creates) the file at path. On success *file is a new
  // handle. Errors: kCantOpen (missing, permission), kCantOpenIsDir (a directory).
  virtual Rc Open(std::string_view path, OpenFlags flags, FileId* file) = 0;

  // Opens a new anonymous read-write file that disappears when closed (SQLite's temporary
  // databases and spill files). Errors: kCantOpenNoTempDir.
  virtual Rc OpenTemp(FileId* file) = 0;

  // Closes the handle and releases every lock it holds. Never fails in a way a caller can
  // act on; a bad handle is a caller bug (asserted by backends that can tell).
  virtual void Close(FileId file) = 0;

  // Removes the file at path. Errors: kIoErrDeleteNoEnt (no such file), kIoErrDelete.
  virtual Rc Delete(std::string_view path) = 0;

  // *exists tells whether a file is at path. Errors: kIoErrAccess.
  virtual Rc Exists(std::string_view path, bool* exists) = 0;

  // *full = path as an absolute path with "." and ".." elements resolved (SQLite's
  // xFullPathname; PRAGMA database_list shows it). A backend without a working directory
  // (the simulator's) gives the path unchanged. Errors: kCantOpenFullPath.
  virtual Rc FullPathname(std::string_view path, std::string* full) {
    full->assign(path);
    return Rc::kOk;
  }

  // *size is the file's current size in bytes, counting writes that have completed.
  // Errors: kIoErrFstat.
  virtual Rc Size(FileId file, uint64_t* size) = 0;

  // Takes, changes or releases an advisory lock on bytes [offset, offset+length) of the
  // file, without waiting. Locks are held per handle: two handles in one process exclude
  // each other as two processes do. Errors: kBusy when another handle holds a conflicting
  // lock; kIoErrLock / kIoErrUnlock otherwise.
  virtual Rc Lock(FileId file, uint64_t offset, uint64_t length, LockKind kind) = 0;

  // *held tells whether another handle holds a lock on the range that would conflict with a
  // lock of `kind` (SQLite's "is there a RESERVED lock?" test, which must not take the lock
  // itself). Errors: kIoErrCheckReservedLock.
  virtual Rc TestLock(FileId file, uint64_t offset, uint64_t length, LockKind kind,
                      bool* held) = 0;

  // Shared memory, tied to an open database file as SQLite's xShmMap is; every connection
  // to the database (in any process) sees the same bytes.
  //
  // Maps region region_idx (bytes [region_idx * region_size, +region_size)) and sets *region
  // to its first byte; the pointer stays valid until ShmUnmap or Close of db_file. The first
  // call for db_file attaches the memory: when no other handle (in any process) is attached,
  // the memory's old content is discarded, since it may be left by a crashed process. A
  // region that does not exist yet is created zero-filled when `extend`, else *region is
  // null (and kOk). region_size is the same on every call. Errors: kBusy (another handle is
  // attaching right now), kIoErrShmOpen, kIoErrShmSize, kIoErrShmMap.
  virtual Rc ShmMap(FileId db_file, uint32_t region_idx, uint32_t region_size, bool extend,
                    uint8_t** region) = 0;

  // Takes (kShared, kExclusive) or releases (kUnlock) lock slots [slot, slot+count), without
  // waiting; slot + count <= kShmLockSlots. Locks belong to the handle: another handle
  // conflicts as another process does, while a request on slots this handle already holds
  // replaces its lock (fcntl semantics; callers keep their own books). Errors: kBusy on a
  // conflict; kIoErrShmLock. Requires a prior ShmMap.
  virtual Rc ShmLock(FileId db_file, uint32_t slot, uint32_t count, LockKind kind) = 0;

  // A full memory barrier: stores made before it are seen by every other process before the
  // stores made after it.
  virtual void ShmBarrier(FileId db_file) = 0;

  // Detaches from the shared memory (unmapping its regions and dropping its locks); with
  // delete_shm also removes it (a "-shm" file), which only the last connection may do. A
  // no-op when not attached. Close(db_file) detaches without deleting.
  virtual void ShmUnmap(FileId db_file, bool delete_shm) = 0;

  // Starts every operation of the batch (see the ordering rule at the top of this file).
  // The results arrive through Wait.
  virtual void Submit(std::span<IoOp> batch) = 0;

  // Returns when every operation of the batch is done. Returns the result of the first
  // failed operation in batch order, or kOk.
  virtual Rc Wait(std::span<IoOp> batch) = 0;

  virtual Clock& clock() = 0;
  virtual Random& random() = 0;

  // The backend's name, "posix", "uring" or "sim", for diagnostics and tests.
  virtual std::string_view name() const = 0;

  // Conveniences: one operation, submitted and waited for.
  Rc Run(std::span<IoOp> batch) {
    Submit(batch);
    return Wait(batch);
  }
  Rc Read(FileId file, uint64_t offset, uint8_t* buffer, uint32_t length) {
    IoOp op = IoOp::Read(file, offset, buffer, length);
    return Run({&op, 1});
  }
  Rc Write(FileId file, uint64_t offset, const uint8_t* buffer, uint32_t length) {
    IoOp op = IoOp::Write(file, offset, buffer, length);
    return Run({&op, 1});
  }
  Rc Sync(FileId file) {
    IoOp op = IoOp::Sync(file);
    return Run({&op, 1});
  }
  Rc Truncate(FileId file, uint64_t size) {
    IoOp op = IoOp::Truncate(file, size);
    return Run({&op, 1});
  }
};

// Forwards every call to another Io, so that a test or fault-injecting backend overrides
// only what it needs (LevelDB's EnvWrapper).
class IoWrapper : public Io {
 public:
  explicit IoWrapper(Io* target) : target_(target) {}
  Rc Open(std::string_view path, OpenFlags flags, FileId* file) override {
    return target_->Open(path, flags, file);
  }
  Rc OpenTemp(FileId* file) override { return target_->OpenTemp(file); }
  void Close(FileId file) override { target_->Close(file); }
  Rc Delete(std::string_view path) override { return target_->Delete(path); }
  Rc Exists(std::string_view path, bool* exists) override {
    return target_->Exists(path, exists);
  }
  Rc FullPathname(std::string_view path, std::string* full) override {
    return target_->FullPathname(path, full);
  }
  Rc Size(FileId file, uint64_t* size) override { return target_->Size(file, size); }
  Rc Lock(FileId file, uint64_t offset, uint64_t length, LockKind kind) override {
    return target_->Lock(file, offset, length, kind);
  }
  Rc TestLock(FileId file, uint64_t offset, uint64_t length, LockKind kind,
              bool* held) override {
    return target_->TestLock(file, offset, length, kind, held);
  }
  Rc ShmMap(FileId db_file, uint32_t region_idx, uint32_t region_size, bool extend,
            uint8_t** region) override {
    return target_->ShmMap(db_file, region_idx, region_size, extend, region);
  }
  Rc ShmLock(FileId db_file, uint32_t slot, uint32_t count, LockKind kind) override {
    return target_->ShmLock(db_file, slot, count, kind);
  }
  void ShmBarrier(FileId db_file) override { target_->ShmBarrier(db_file); }
  void ShmUnmap(FileId db_file, bool delete_shm) override {
    target_->ShmUnmap(db_file, delete_shm);
  }
  void Submit(std::span<IoOp> batch) override { target_->Submit(batch); }
  Rc Wait(std::span<IoOp> batch) override { return target_->Wait(batch); }
  Clock& clock() override { return target_->clock(); }
  Random& random() override { return target_->random(); }
  std::string_view name() const override { return target_->name(); }

 protected:
  Io* target() const { return target_; }

 private:
  Io* target_;
};

}  // namespace simlite::io
