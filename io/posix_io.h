// PosixIo: the portable backend. Data operations run synchronously inside Submit with
// pread/pwrite/fdatasync/ftruncate; Wait only collects results. Locks are open-file-
// description locks (F_OFD_SETLK): they belong to the handle, so closing one handle never
// drops another's locks, and they conflict with the process-associated POSIX locks that
// SQLite's unix VFS takes on the same bytes.
//
// The wal-index shared memory is the database's "-shm" file, mmap()ed region by region; each
// database handle opens the file itself, so its lock slots (bytes 120..127) and the DMS byte
// (128) are that handle's OFD locks, which exclude other handles and other processes alike.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "io/batch.h"
#include "io/io.h"

namespace simlite::io {

class PosixIo : public Io {
 public:
  PosixIo();
  ~PosixIo() override = default;

  Rc Open(std::string_view path, OpenFlags flags, FileId* file) override;
  Rc OpenTemp(FileId* file) override;
  void Close(FileId file) override;
  Rc Delete(std::string_view path) override;
  Rc Exists(std::string_view path, bool* exists) override;
  Rc FullPathname(std::string_view path, std::string* full) override;
  Rc Size(FileId file, uint64_t* size) override;
  Rc Lock(FileId file, uint64_t offset, uint64_t length, LockKind kind) override;
  Rc TestLock(FileId file, uint64_t offset, uint64_t length, LockKind kind,
              bool* held) override;
  Rc ShmMap(FileId db_file, uint32_t region_idx, uint32_t region_size, bool extend,
            uint8_t** region) override;
  Rc ShmLock(FileId db_file, uint32_t slot, uint32_t count, LockKind kind) override;
  void ShmBarrier(FileId db_file) override;
  void ShmUnmap(FileId db_file, bool delete_shm) override;
  void Submit(std::span<IoOp> batch) override;
  Rc Wait(std::span<IoOp> batch) override;
  Clock& clock() override { return clock_; }
  Random& random() override { return random_; }
  std::string_view name() const override { return "posix"; }

 protected:
  // Runs one operation to completion, synchronously, and fills its result fields.
  static void Execute(IoOp* op);

 private:
  // One database handle's attachment to its "-shm" file.
  struct Shm {
    int fd = -1;
    std::string path;
    uint32_t region_size = 0;
    std::vector<uint8_t*> regions;  // null where not mapped yet
  };
  // Opens the -shm file and takes the DMS lock, reinitialising the file when no other handle
  // holds the DMS lock (SQLite's unixLockSharedMemory protocol).
  Rc AttachShm(FileId db_file, Shm* shm);
  Rc MapShmRegion(Shm* shm, uint32_t region_idx, bool extend, uint8_t** region);

  RealClock clock_;
  Random random_;
  std::unordered_map<FileId, std::string> paths_;  // of files opened by path
  std::unordered_map<FileId, Shm> shms_;
};

// The backend chosen at run time: SIMLITE_IO=uring or =posix forces one; otherwise io_uring
// when it initialises, else posix. Never returns null.
std::unique_ptr<Io> CreateDefaultIo();



}  // namespace simlite::io
