#include "io/posix_io.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "io/uring_io.h"

namespace simlite::io {
namespace {

uint64_t OsSeed() {
  uint64_t seed = 0;
  if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed)) seed = static_cast<uint64_t>(getpid());
  return seed;
}

// Retries a system call interrupted by a signal; returns its last result.
template <typename Fn>
auto RetryEintr(Fn fn) {
  for (;;) {
    auto result = fn();
    if (result >= 0 || errno != EINTR) return result;
  }
}

void ReadOp(IoOp* op) {
  uint32_t done_bytes = 0;
  while (done_bytes < op->length) {
    ssize_t n = RetryEintr([&] {
      return pread(op->file, op->buffer + done_bytes, op->length - done_bytes,
                   static_cast<off_t>(op->offset + done_bytes));
    });
    if (n < 0) {
      op->result = Rc::kIoErrRead;
      break;
    }
    if (n == 0) {
      // End of file: SQLite's contract zero-fills the rest and reports a short read.
      std::memset(op->buffer + done_bytes, 0, op->length - done_bytes);
      op->result = Rc::kIoErrShortRead;
      break;
    }
    done_bytes += static_cast<uint32_t>(n);
  }
  op->bytes = done_bytes;
}

void WriteOp(IoOp* op) {
  uint32_t done_bytes = 0;
  while (done_bytes < op->length) {
    ssize_t n = RetryEintr([&] {
      return pwrite(op->file, op->buffer + done_bytes, op->length - done_bytes,
                    static_cast<off_t>(op->offset + done_bytes));
    });
    if (n <= 0) {
      op->result = (n < 0 && (errno == ENOSPC || errno == EDQUOT)) ? Rc::kFull
                                                                     : Rc::kIoErrWrite;
      break;
    }
    done_bytes += static_cast<uint32_t>(n);
  }
  op->bytes = done_bytes;
}

}  // namespace

PosixIo::PosixIo() : random_(OsSeed()) {}

void PosixIo::Execute(IoOp* op) {
  op->result = Rc::kOk;
  op->bytes = 0;
  switch (op->kind) {
    case OpKind::kRead:
      ReadOp(op);
      break;
    case OpKind::kWrite:
      WriteOp(op);
      break;
    case OpKind::kSync:
      if (RetryEintr([&] { return fdatasync(op->file); }) != 0) op->result = Rc::kIoErrFsync;
      break;
    case OpKind::kTruncate:
      if (RetryEintr([&] { return ftruncate(op->file, static_cast<off_t>(op->offset)); }) !=
          0) {
        op->result = Rc::kIoErrTruncate;
      }
      break;
  }
  op->done = true;
}

Rc PosixIo::Open(std::string_view path, OpenFlags flags, FileId* file) {
  *file = kNoFile;
  int mode = flags.read_write ? O_RDWR : O_RDONLY;
  if (flags.create) mode |= O_CREAT;
  if (flags.create && flags.exclusive) mode |= O_EXCL;
  std::string path_z(path);
  int fd = RetryEintr([&] { return ::open(path_z.c_str(), mode | O_CLOEXEC, 0644); });
  if (fd < 0) return errno == EISDIR ? Rc::kCantOpenIsDir : Rc::kCantOpen;
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Rc::kCantOpenIsDir;
  }
  *file = fd;
  return Rc::kOk;
}

Rc PosixIo::OpenTemp(FileId* file) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/simlite_XXXXXX";
  int fd = mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) {
    *file = kNoFile;
    return Rc::kCantOpenNoTempDir;
  }
  ::unlink(path.c_str());  // the file lives as long as the handle
  *file = fd;
  return Rc::kOk;
}

void PosixIo::Close(FileId file) {
  assert(file >= 0);
  ::close(file);
}

Rc PosixIo::Delete(std::string_view path) {
  std::string path_z(path);
  if (::unlink(path_z.c_str()) == 0) return Rc::kOk;
  return errno == ENOENT ? Rc::kIoErrDeleteNoEnt : Rc::kIoErrDelete;
}

Rc PosixIo::Exists(std::string_view path, bool* exists) {
  std::string path_z(path);
  if (::access(path_z.c_str(), F_OK) == 0) {
    *exists = true;
    return Rc::kOk;
  }
  *exists = false;
  return (errno == ENOENT || errno == ENOTDIR) ? Rc::kOk : Rc::kIoErrAccess;
}

Rc PosixIo::Size(FileId file, uint64_t* size) {
  struct stat st;
  if (fstat(file, &st) != 0) {
    *size = 0;
    return Rc::kIoErrFstat;
  }
  *size = static_cast<uint64_t>(st.st_size);
  return Rc::kOk;
}

namespace {
struct flock MakeFlock(uint64_t offset, uint64_t length, LockKind kind) {
  struct flock lock;
  std::memset(&lock, 0, sizeof(lock));
  lock.l_type = kind == LockKind::kUnlock ? F_UNLCK : kind == LockKind::kShared ? F_RDLCK
                                                                                 : F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = static_cast<off_t>(offset);
  lock.l_len = static_cast<off_t>(length);
  lock.l_pid = 0;  // required for open-file-description locks
  return lock;
}
}  // namespace

Rc PosixIo::TestLock(FileId file, uint64_t offset, uint64_t length, LockKind kind,
                     bool* held) {
  struct flock lock = MakeFlock(offset, length, kind);
  *held = false;
  if (RetryEintr([&] { return fcntl(file, F_OFD_GETLK, &lock); }) != 0) {
    return Rc::kIoErrCheckReservedLock;
  }
  *held = lock.l_type != F_UNLCK;
  return Rc::kOk;
}

Rc PosixIo::Lock(FileId file, uint64_t offset, uint64_t length, LockKind kind) {
  struct flock lock = MakeFlock(offset, length, kind);
  if (RetryEintr([&] { return fcntl(file, F_OFD_SETLK, &lock); }) == 0) return Rc::kOk;
  if (errno == EAGAIN || errno == EACCES) return Rc::kBusy;
  return kind == LockKind::kUnlock ? Rc::kIoErrUnlock : Rc::kIoErrLock;
}

void PosixIo::Submit(std::span<IoOp> batch) {
  for (IoOp& op : batch) op.done = false;
  // Running the operations in batch order satisfies every barrier trivially.
  for (IoOp& op : batch) Execute(&op);
}

Rc PosixIo::Wait(std::span<IoOp> batch) { return FirstError(batch); }

Rc FirstError(std::span<const IoOp> batch) {
  for (const IoOp& op : batch) {
    assert(op.done);
    if (op.result != Rc::kOk) return op.result;
  }
  return Rc::kOk;
}

std::unique_ptr<Io> CreateDefaultIo() {
  const char* forced = std::getenv("SIMLITE_IO");
  std::string_view choice = forced ? forced : "";
  if (choice != "posix") {
    std::unique_ptr<Io> uring = UringIo::Create();
    if (uring) return uring;
  }
  return std::make_unique<PosixIo>();
}

}  // namespace simlite::io
