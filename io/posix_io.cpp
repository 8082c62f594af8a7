#include "io/posix_io.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
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
  paths_[fd] = path_z;
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
  ShmUnmap(file, /*delete_shm=*/false);
  paths_.erase(file);
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

Rc PosixIo::FullPathname(std::string_view path, std::string* full) {
  std::string joined;
  if (path.empty() || path[0] != '/') {
    char cwd[4096];
    if (::getcwd(cwd, sizeof(cwd)) == nullptr) return Rc::kCantOpenFullPath;
    joined = cwd;
    joined += '/';
  }
  joined.append(path);
  // Element by element: "" and "." vanish, ".." drops the element before it.
  full->clear();
  size_t begin = 0;
  while (begin <= joined.size()) {
    size_t end = joined.find('/', begin);
    if (end == std::string::npos) end = joined.size();
    const std::string_view element(joined.data() + begin, end - begin);
    if (element == "..") {
      const size_t slash = full->rfind('/');
      full->resize(slash == std::string::npos ? 0 : slash);
    } else if (!element.empty() && element != ".") {
      *full += '/';
      full->append(element);
    }
    begin = end + 1;
  }
  if (full->empty()) *full = "/";
  return Rc::kOk;
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

// ---- Shared memory (the wal-index) ----

namespace {
// SQLite's unix VFS: the eight lock slots at bytes 120..127 of the -shm file and the DMS
// ("dead man switch") byte after them, whose locks tell whether anyone is attached.
constexpr off_t kShmLockBase = 120;
constexpr off_t kShmDmsByte = kShmLockBase + kShmLockSlots;
// A fresh -shm file is truncated to a few bytes, smaller than the wal-index header, as
// SQLite does, so that no stale header survives.
constexpr off_t kShmResetSize = 3;
constexpr off_t kOsPageSize = 4096;

bool SetDmsLock(int fd, LockKind kind) {
  struct flock lock = MakeFlock(kShmDmsByte, 1, kind);
  return RetryEintr([&] { return fcntl(fd, F_OFD_SETLK, &lock); }) == 0;
}
}  // namespace

Rc PosixIo::AttachShm(FileId db_file, Shm* shm) {
  auto path = paths_.find(db_file);
  if (path == paths_.end()) return Rc::kIoErrShmOpen;  // temporary files have no -shm
  shm->path = path->second + "-shm";
  int fd = RetryEintr(
      [&] { return ::open(shm->path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644); });
  if (fd < 0) return Rc::kIoErrShmOpen;
  struct flock probe = MakeFlock(kShmDmsByte, 1, LockKind::kExclusive);
  Rc rc = Rc::kOk;
  if (RetryEintr([&] { return fcntl(fd, F_OFD_GETLK, &probe); }) != 0) {
    rc = Rc::kIoErrLock;
  } else if (probe.l_type == F_WRLCK) {
    rc = Rc::kBusy;  // another handle is reinitialising the file right now
  } else if (probe.l_type == F_UNLCK) {
    // Nobody is attached: whatever the file holds is left over; start it afresh.
    if (!SetDmsLock(fd, LockKind::kExclusive)) {
      rc = Rc::kBusy;
    } else if (RetryEintr([&] { return ftruncate(fd, kShmResetSize); }) != 0) {
      rc = Rc::kIoErrShmOpen;
    }
  }
  // Attached: a shared DMS lock for as long as the handle stays (downgrading our own).
  if (rc == Rc::kOk && !SetDmsLock(fd, LockKind::kShared)) rc = Rc::kBusy;
  if (rc != Rc::kOk) {
    ::close(fd);
    return rc;
  }
  shm->fd = fd;
  return Rc::kOk;
}

Rc PosixIo::MapShmRegion(Shm* shm, uint32_t region_idx, bool extend, uint8_t** region) {
  const off_t region_start = static_cast<off_t>(region_idx) * shm->region_size;
  const off_t region_end = region_start + shm->region_size;
  struct stat st;
  if (fstat(shm->fd, &st) != 0) return Rc::kIoErrShmSize;
  if (st.st_size < region_end) {
    if (!extend) return Rc::kOk;  // *region stays null: the region does not exist yet
    // Grow by writing one byte into each new OS page, so that a full disk is an error here
    // rather than a SIGBUS when the mapping is first touched.
    for (off_t page_end = (st.st_size / kOsPageSize + 1) * kOsPageSize; page_end <= region_end;
         page_end += kOsPageSize) {
      const uint8_t zero = 0;
      if (RetryEintr([&] { return pwrite(shm->fd, &zero, 1, page_end - 1); }) != 1) {
        return Rc::kIoErrShmSize;
      }
    }
  }
  void* mapped = mmap(nullptr, shm->region_size, PROT_READ | PROT_WRITE, MAP_SHARED, shm->fd,
                      region_start);
  if (mapped == MAP_FAILED) return Rc::kIoErrShmMap;
  if (shm->regions.size() <= region_idx) shm->regions.resize(region_idx + 1, nullptr);
  shm->regions[region_idx] = static_cast<uint8_t*>(mapped);
  *region = shm->regions[region_idx];
  return Rc::kOk;
}

Rc PosixIo::ShmMap(FileId db_file, uint32_t region_idx, uint32_t region_size, bool extend,
                   uint8_t** region) {
  *region = nullptr;
  assert(region_size % kOsPageSize == 0);
  auto it = shms_.find(db_file);
  if (it == shms_.end()) {
    Shm shm;
    shm.region_size = region_size;
    SIMLITE_TRY(AttachShm(db_file, &shm));
    it = shms_.emplace(db_file, std::move(shm)).first;
  }
  Shm& shm = it->second;
  assert(shm.region_size == region_size);
  if (region_idx < shm.regions.size() && shm.regions[region_idx] != nullptr) {
    *region = shm.regions[region_idx];
    return Rc::kOk;
  }
  return MapShmRegion(&shm, region_idx, extend, region);
}

Rc PosixIo::ShmLock(FileId db_file, uint32_t slot, uint32_t count, LockKind kind) {
  assert(count >= 1 && slot + count <= kShmLockSlots);
  auto it = shms_.find(db_file);
  if (it == shms_.end()) return Rc::kIoErrShmLock;
  struct flock lock = MakeFlock(kShmLockBase + slot, count, kind);
  if (RetryEintr([&] { return fcntl(it->second.fd, F_OFD_SETLK, &lock); }) == 0) return Rc::kOk;
  return (errno == EAGAIN || errno == EACCES) ? Rc::kBusy : Rc::kIoErrShmLock;
}

void PosixIo::ShmBarrier(FileId) { std::atomic_thread_fence(std::memory_order_seq_cst); }

void PosixIo::ShmUnmap(FileId db_file, bool delete_shm) {
  auto it = shms_.find(db_file);
  if (it == shms_.end()) return;
  Shm& shm = it->second;
  for (uint8_t* region : shm.regions) {
    if (region != nullptr) munmap(region, shm.region_size);
  }
  if (delete_shm) ::unlink(shm.path.c_str());
  ::close(shm.fd);  // drops this handle's OFD locks, the DMS lock with them
  shms_.erase(it);
}

void PosixIo::Submit(std::span<IoOp> batch) {
  for (IoOp& op : batch) op.done = false;
  // Running the operations in batch order satisfies every barrier trivially; after a
  // failure nothing more runs (stricter than the contract asks).
  for (size_t op_idx = 0; op_idx < batch.size(); op_idx++) {
    Execute(&batch[op_idx]);
    if (batch[op_idx].result != Rc::kOk && batch[op_idx].result != Rc::kIoErrShortRead) {
      CancelFrom(batch, op_idx + 1);
      return;
    }
  }
}

Rc PosixIo::Wait(std::span<IoOp> batch) { return FirstError(batch); }

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
