// PosixIo: the portable backend. Data operations run synchronously inside Submit with
// pread/pwrite/fdatasync/ftruncate; Wait only collects results. Locks are open-file-
// description locks (F_OFD_SETLK): they belong to the handle, so closing one handle never
// drops another's locks, and they conflict with the process-associated POSIX locks that
// SQLite's unix VFS takes on the same bytes.
#pragma once

#include <memory>

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
  Rc Size(FileId file, uint64_t* size) override;
  Rc Lock(FileId file, uint64_t offset, uint64_t length, LockKind kind) override;
  Rc TestLock(FileId file, uint64_t offset, uint64_t length, LockKind kind,
              bool* held) override;
  void Submit(std::span<IoOp> batch) override;
  Rc Wait(std::span<IoOp> batch) override;
  Clock& clock() override { return clock_; }
  Random& random() override { return random_; }
  std::string_view name() const override { return "posix"; }

 protected:
  // Runs one operation to completion, synchronously, and fills its result fields.
  static void Execute(IoOp* op);

 private:
  RealClock clock_;
  Random random_;
};

// The backend chosen at run time: SIMLITE_IO=uring or =posix forces one; otherwise io_uring
// when it initialises, else posix. Never returns null.
std::unique_ptr<Io> CreateDefaultIo();

// The first failed result in batch order, or kOk.
Rc FirstError(std::span<const IoOp> batch);

}  // namespace simlite::io
