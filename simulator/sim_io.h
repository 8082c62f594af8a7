// SimIo: the simulated io backend (DESIGN.md). Files live on a SimDisk; time is a
// ManualClock that only sleeps and simulated latency move; randomness and every fault come
// from one seed, so a run replays bit for bit.
//
// Operations of a batch complete in a seeded order (any order the io.h contract allows: a
// sync or truncate stays a barrier), each after a seeded latency on the simulated clock.
// Faults, each drawn per operation at its configured rate (one in N; 0 disables it):
//   EIO on read, write, sync and truncate; short writes (a prefix lands, then EIO); ENOSPC;
//   lock failures (kBusy, on file and shared-memory locks); bit flips on read. Crash(): from
//   then on every operation fails, until the harness drops the engine and calls
//   SimDisk::Crash to model the power loss.
// Shared memory (the wal-index) lives in this SimIo, one per database path, like the -shm
// file of one machine: it is reset when the first handle attaches after all had detached,
// and lost with the SimIo (a crash), since SQLite never needs it to survive one.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "io/io.h"
#include "simulator/sim_disk.h"

namespace simlite::sim {

struct FaultRates {
  uint32_t read_error = 0;  // one in N reads fails with kIoErrRead
  uint32_t write_error = 0;
  uint32_t sync_error = 0;
  uint32_t truncate_error = 0;
  uint32_t short_write = 0;  // a prefix of the write lands, then kIoErrWrite
  uint32_t disk_full = 0;    // kFull, nothing written
  uint32_t lock_error = 0;   // a lock request fails with kBusy
  uint32_t read_bit_flip = 0;  // one bit of the data read is flipped
};

// The kinds of injected fault, as FaultRates lists them (for counting).
enum class FaultKind : uint8_t {
  kRead, kWrite, kSync, kTruncate, kShortWrite, kDiskFull, kLock, kBitFlip, kCount
};
constexpr const char* kFaultKindNames[] = {"read",  "write",     "sync", "truncate",
                                           "short", "disk-full", "lock", "bit-flip"};

// Counters of what happened, for tests and the simulator's report.
struct SimStats {
  uint64_t reads = 0;
  uint64_t writes = 0;
  uint64_t syncs = 0;
  uint64_t faults = 0;
  uint64_t injected[static_cast<size_t>(FaultKind::kCount)] = {};  // faults by kind
};

class SimIo final : public io::Io {
 public:
  SimIo(SimDisk* disk, uint64_t seed, FaultRates faults = {});
  ~SimIo() override;

  Rc Open(std::string_view path, io::OpenFlags flags, io::FileId* file) override;
  Rc OpenTemp(io::FileId* file) override;
  void Close(io::FileId file) override;
  Rc Delete(std::string_view path) override;
  Rc Exists(std::string_view path, bool* exists) override;
  Rc Size(io::FileId file, uint64_t* size) override;
  Rc Lock(io::FileId file, uint64_t offset, uint64_t length, io::LockKind kind) override;
  Rc TestLock(io::FileId file, uint64_t offset, uint64_t length, io::LockKind kind,
              bool* held) override;
  Rc ShmMap(io::FileId db_file, uint32_t region_idx, uint32_t region_size, bool extend,
            uint8_t** region) override;
  Rc ShmLock(io::FileId db_file, uint32_t slot, uint32_t count, io::LockKind kind) override;
  void ShmBarrier(io::FileId) override {}  // one thread: program order is memory order
  void ShmUnmap(io::FileId db_file, bool delete_shm) override;
  void Submit(std::span<io::IoOp> batch) override;
  Rc Wait(std::span<io::IoOp> batch) override;
  io::Clock& clock() override { return clock_; }
  io::Random& random() override { return engine_random_; }
  std::string_view name() const override { return "sim"; }

  // From now on every operation fails (kIoErr...), as if the process had lost its disk at
  // the moment of a power cut. The harness then discards the engine and crashes the disk.
  void Crash() { crashed_ = true; }
  bool crashed() const { return crashed_; }
  // Crash automatically when the operation counter reaches this value (0: never).
  void CrashAtOperation(uint64_t operation) { crash_at_operation_ = operation; }

  // Data operations executed so far (what CrashAtOperation counts).
  uint64_t operation_count() const { return operation_count_; }
  void set_faults(const FaultRates& faults) { faults_ = faults; }
  const FaultRates& faults() const { return faults_; }
  const SimStats& stats() const { return stats_; }
  // A running hash of every operation and its outcome (for --check-determinism).
  uint64_t trace_hash() const { return trace_hash_; }

 private:
  struct Handle {
    std::shared_ptr<SimFile> file;
    bool read_write = false;
    std::string path;  // empty for temporary files
    bool shm_attached = false;
  };
  struct LockEntry {
    io::FileId holder;
    uint64_t offset;
    uint64_t length;
    io::LockKind kind;
  };
  // The wal-index memory of one database path.
  struct Shm {
    uint32_t region_size = 0;
    std::vector<std::unique_ptr<uint8_t[]>> regions;
    std::vector<LockEntry> locks;  // offsets are lock slots
    std::vector<io::FileId> attached;
  };

  bool Fault(uint32_t one_in, FaultKind kind);
  // Whether a lock of `kind` by `file` on the range conflicts with another handle's lock.
  bool Conflicts(io::FileId file, const std::vector<LockEntry>& entries, uint64_t offset,
                 uint64_t length, io::LockKind kind) const;
  // Takes, changes or releases `file`'s lock on a range of `entries` (kBusy on conflict).
  Rc ApplyLock(std::vector<LockEntry>* entries, io::FileId file, uint64_t offset,
               uint64_t length, io::LockKind kind);
  Shm* AttachedShm(io::FileId file);
  void Execute(io::IoOp* op);
  void ExecuteRead(Handle& handle, io::IoOp* op);
  void ExecuteWrite(Handle& handle, io::IoOp* op);
  void Trace(uint64_t value);
  Handle* FindHandle(io::FileId file);

  SimDisk* disk_;
  io::ManualClock clock_;
  io::Random fault_random_;   // faults, ordering and latency
  io::Random engine_random_;  // what the engine draws (random(), temp names)
  FaultRates faults_;
  std::map<io::FileId, Handle> handles_;
  io::FileId next_file_ = 3;
  uint64_t next_temp_ = 0;
  std::map<SimFile*, std::vector<LockEntry>> locks_;
  std::map<std::string, Shm> shms_;  // by database path
  bool crashed_ = false;
  uint64_t operation_count_ = 0;
  uint64_t crash_at_operation_ = 0;
  uint64_t trace_hash_ = 0xcbf29ce484222325ULL;
  SimStats stats_;
};

}  // namespace simlite::sim
