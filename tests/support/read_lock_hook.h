// An io that counts the WAL read-slot locks its connection takes (READ_LOCK(0..4) of the
// wal-index), and once armed runs an action at the next one, before the lock is taken: the
// moment at which another process could commit.
#pragma once

#include <functional>
#include <utility>

#include "io/io.h"
#include "wal/wal_index.h"

namespace simlite::testing {

class ReadLockHook final : public io::IoWrapper {
 public:
  explicit ReadLockHook(io::Io* target) : io::IoWrapper(target) {}
  Rc ShmLock(io::FileId db_file, uint32_t slot, uint32_t count, io::LockKind kind) override {
    if (kind != io::LockKind::kUnlock && slot >= wal::ReadLock(0) &&
        slot < wal::ReadLock(0) + wal::kReaderCount) {
      read_locks++;
      if (action) {
        std::function<void()> run = std::move(action);
        action = nullptr;
        run();
      }
    }
    return io::IoWrapper::ShmLock(db_file, slot, count, kind);
  }
  int read_locks = 0;
  std::function<void()> action;
};

}  // namespace simlite::testing
