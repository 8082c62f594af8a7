#include "simulator/sim_io.h"

#include "io/batch.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace simlite::sim {

namespace {

constexpr int64_t kSimEpochMs = 1'700'000'000'000;  // a fixed "now" for every run
constexpr uint64_t kMaxLatencyUs = 500;

bool Overlaps(uint64_t a_offset, uint64_t a_length, uint64_t b_offset, uint64_t b_length) {
  return a_offset < b_offset + b_length && b_offset < a_offset + a_length;
}

Rc FailureFor(io::OpKind kind) {
  switch (kind) {
    case io::OpKind::kRead: return Rc::kIoErrRead;
    case io::OpKind::kWrite: return Rc::kIoErrWrite;
    case io::OpKind::kSync: return Rc::kIoErrFsync;
    case io::OpKind::kTruncate: return Rc::kIoErrTruncate;
  }
  return Rc::kIoErr;
}

}  // namespace

SimIo::SimIo(SimDisk* disk, uint64_t seed, FaultRates faults)
    : disk_(disk),
      clock_(kSimEpochMs),
      fault_random_(seed),
      engine_random_(seed ^ 0x5eed5eed5eed5eedULL),
      faults_(faults) {}

SimIo::~SimIo() = default;

bool SimIo::Fault(uint32_t one_in, FaultKind kind) {
  if (one_in == 0 || !fault_random_.OneIn(one_in)) return false;
  stats_.faults++;
  stats_.injected[static_cast<size_t>(kind)]++;
  return true;
}

void SimIo::Trace(uint64_t value) {
  trace_hash_ ^= value;
  trace_hash_ *= 0x100000001b3ULL;
}

SimIo::Handle* SimIo::FindHandle(io::FileId file) {
  auto it = handles_.find(file);
  return it == handles_.end() ? nullptr : &it->second;
}

Rc SimIo::Open(std::string_view path, io::OpenFlags flags, io::FileId* file) {
  *file = io::kNoFile;
  if (crashed_) return Rc::kCantOpen;
  std::string key(path);
  std::shared_ptr<SimFile> sim_file = disk_->Find(key);
  if (sim_file && flags.create && flags.exclusive) return Rc::kCantOpen;
  if (!sim_file) {
    if (!flags.create) return Rc::kCantOpen;
    sim_file = disk_->Create(key);
  }
  *file = next_file_++;
  handles_[*file] = Handle{sim_file, flags.read_write, key};
  Trace(0x0e);
  return Rc::kOk;
}

Rc SimIo::OpenTemp(io::FileId* file) {
  std::string path = "/sim-temp/" + std::to_string(next_temp_++);
  SIMLITE_TRY(Open(path, io::OpenFlags{.create = true, .exclusive = true}, file));
  disk_->Remove(path);  // anonymous: lives as long as the handle
  handles_[*file].path.clear();
  return Rc::kOk;
}

void SimIo::Close(io::FileId file) {
  Handle* handle = FindHandle(file);
  assert(handle != nullptr && "closing a handle that is not open");
  if (handle == nullptr) return;
  ShmUnmap(file, /*delete_shm=*/false);
  auto locks = locks_.find(handle->file.get());
  if (locks != locks_.end()) {
    std::erase_if(locks->second, [&](const LockEntry& entry) { return entry.holder == file; });
  }
  handles_.erase(file);
}

Rc SimIo::Delete(std::string_view path) {
  if (crashed_) return Rc::kIoErrDelete;
  return disk_->Remove(std::string(path)) ? Rc::kOk : Rc::kIoErrDeleteNoEnt;
}

Rc SimIo::Exists(std::string_view path, bool* exists) {
  *exists = false;
  if (crashed_) return Rc::kIoErrAccess;
  *exists = disk_->Find(std::string(path)) != nullptr;
  return Rc::kOk;
}

Rc SimIo::Size(io::FileId file, uint64_t* size) {
  *size = 0;
  Handle* handle = FindHandle(file);
  if (crashed_ || handle == nullptr) return Rc::kIoErrFstat;
  *size = handle->file->current.size();
  return Rc::kOk;
}

Rc SimIo::Lock(io::FileId file, uint64_t offset, uint64_t length, io::LockKind kind) {
  Handle* handle = FindHandle(file);
  if (crashed_ || handle == nullptr) {
    return kind == io::LockKind::kUnlock ? Rc::kIoErrUnlock : Rc::kIoErrLock;
  }
  if (length == 0) length = UINT64_MAX - offset;  // POSIX: to the end of the file
  return ApplyLock(&locks_[handle->file.get()], file, offset, length, kind);
}

Rc SimIo::ApplyLock(std::vector<LockEntry>* entries, io::FileId file, uint64_t offset,
                    uint64_t length, io::LockKind kind) {
  if (kind != io::LockKind::kUnlock) {
    // Downgrading an exclusive lock never fails (fcntl cannot refuse it): no fault there.
    bool downgrade = std::any_of(entries->begin(), entries->end(), [&](const LockEntry& entry) {
      return entry.holder == file && entry.kind == io::LockKind::kExclusive &&
             Overlaps(offset, length, entry.offset, entry.length);
    });
    if (!downgrade && Fault(faults_.lock_error, FaultKind::kLock)) return Rc::kBusy;
    if (Conflicts(file, *entries, offset, length, kind)) return Rc::kBusy;
  }
  // Remove this holder's locks on the range (keeping the parts outside it), then add.
  std::vector<LockEntry> kept;
  for (const LockEntry& entry : *entries) {
    if (entry.holder != file || !Overlaps(offset, length, entry.offset, entry.length)) {
      kept.push_back(entry);
      continue;
    }
    if (entry.offset < offset) {
      kept.push_back({file, entry.offset, offset - entry.offset, entry.kind});
    }
    uint64_t end = offset + length;
    uint64_t entry_end = entry.offset + entry.length;
    if (entry_end > end) kept.push_back({file, end, entry_end - end, entry.kind});
  }
  if (kind != io::LockKind::kUnlock) kept.push_back({file, offset, length, kind});
  entries->swap(kept);
  return Rc::kOk;
}

bool SimIo::Conflicts(io::FileId file, const std::vector<LockEntry>& entries, uint64_t offset,
                      uint64_t length, io::LockKind kind) const {
  for (const LockEntry& entry : entries) {
    if (entry.holder != file && Overlaps(offset, length, entry.offset, entry.length) &&
        (kind == io::LockKind::kExclusive || entry.kind == io::LockKind::kExclusive)) {
      return true;
    }
  }
  return false;
}

Rc SimIo::TestLock(io::FileId file, uint64_t offset, uint64_t length, io::LockKind kind,
                   bool* held) {
  *held = false;
  Handle* handle = FindHandle(file);
  if (crashed_ || handle == nullptr) return Rc::kIoErrCheckReservedLock;
  if (length == 0) length = UINT64_MAX - offset;
  auto it = locks_.find(handle->file.get());
  if (it != locks_.end()) *held = Conflicts(file, it->second, offset, length, kind);
  return Rc::kOk;
}

// ---- Shared memory ----

SimIo::Shm* SimIo::AttachedShm(io::FileId file) {
  Handle* handle = FindHandle(file);
  if (handle == nullptr || !handle->shm_attached) return nullptr;
  auto it = shms_.find(handle->path);
  return it == shms_.end() ? nullptr : &it->second;
}

Rc SimIo::ShmMap(io::FileId db_file, uint32_t region_idx, uint32_t region_size, bool extend,
                 uint8_t** region) {
  *region = nullptr;
  Handle* handle = FindHandle(db_file);
  if (crashed_ || handle == nullptr || handle->path.empty()) return Rc::kIoErrShmOpen;
  Shm& shm = shms_[handle->path];
  if (!handle->shm_attached) {
    // The first to attach after everyone left starts from empty memory (the DMS rule).
    if (shm.attached.empty()) {
      shm.regions.clear();
      shm.region_size = region_size;
    }
    shm.attached.push_back(db_file);
    handle->shm_attached = true;
  }
  assert(shm.region_size == region_size);
  if (region_idx >= shm.regions.size()) {
    if (!extend) return Rc::kOk;
    while (shm.regions.size() <= region_idx) {
      shm.regions.push_back(std::make_unique<uint8_t[]>(region_size));  // zero-filled
    }
  }
  *region = shm.regions[region_idx].get();
  return Rc::kOk;
}

Rc SimIo::ShmLock(io::FileId db_file, uint32_t slot, uint32_t count, io::LockKind kind) {
  assert(count >= 1 && slot + count <= io::kShmLockSlots);
  Shm* shm = AttachedShm(db_file);
  if (crashed_ || shm == nullptr) {
    return kind == io::LockKind::kUnlock ? Rc::kOk : Rc::kIoErrShmLock;
  }
  return ApplyLock(&shm->locks, db_file, slot, count, kind);
}

void SimIo::ShmUnmap(io::FileId db_file, bool delete_shm) {
  Shm* shm = AttachedShm(db_file);
  if (shm == nullptr) return;
  std::erase_if(shm->locks, [&](const LockEntry& entry) { return entry.holder == db_file; });
  std::erase(shm->attached, db_file);
  Handle* handle = FindHandle(db_file);
  handle->shm_attached = false;
  if (delete_shm && shm->attached.empty()) shms_.erase(handle->path);
}

void SimIo::Submit(std::span<io::IoOp> batch) {
  for (io::IoOp& op : batch) op.done = false;
  // Between barriers, operations complete in a seeded order; a barrier runs only when
  // everything before it succeeded (io.h's failure rule), else it and all after it are
  // canceled.
  std::vector<io::IoOp*> segment;
  bool failed = false;
  auto run_segment = [&] {
    for (size_t op_idx = segment.size(); op_idx > 1; op_idx--) {
      std::swap(segment[op_idx - 1], segment[fault_random_.Uniform(op_idx)]);
    }
    for (io::IoOp* op : segment) {
      Execute(op);
      failed |= op->result != Rc::kOk && op->result != Rc::kIoErrShortRead;
    }
    segment.clear();
  };
  for (size_t op_idx = 0; op_idx < batch.size(); op_idx++) {
    io::IoOp& op = batch[op_idx];
    if (op.kind != io::OpKind::kSync && op.kind != io::OpKind::kTruncate) {
      segment.push_back(&op);
      continue;
    }
    run_segment();
    if (!failed) {
      Execute(&op);
      failed = op.result != Rc::kOk;
    }
    if (failed) {
      io::CancelFrom(batch, op.done ? op_idx + 1 : op_idx);
      return;
    }
  }
  run_segment();
}

Rc SimIo::Wait(std::span<io::IoOp> batch) {
  for (const io::IoOp& op : batch) {
    assert(op.done);
    if (op.result != Rc::kOk) return op.result;
  }
  return Rc::kOk;
}

void SimIo::Execute(io::IoOp* op) {
  op->done = true;
  op->bytes = 0;
  op->result = Rc::kOk;
  operation_count_++;
  clock_.AdvanceUs(static_cast<int64_t>(fault_random_.Uniform(kMaxLatencyUs)) + 1);
  if (crash_at_operation_ != 0 && operation_count_ >= crash_at_operation_) crashed_ = true;
  Handle* handle = FindHandle(op->file);
  if (crashed_ || handle == nullptr) {
    op->result = FailureFor(op->kind);
  } else {
    switch (op->kind) {
      case io::OpKind::kRead: ExecuteRead(*handle, op); break;
      case io::OpKind::kWrite: ExecuteWrite(*handle, op); break;
      case io::OpKind::kSync:
        stats_.syncs++;
        if (Fault(faults_.sync_error, FaultKind::kSync)) {
          op->result = Rc::kIoErrFsync;
        } else {
          handle->file->Sync();
        }
        break;
      case io::OpKind::kTruncate:
        if (!handle->read_write || Fault(faults_.truncate_error, FaultKind::kTruncate)) {
          op->result = Rc::kIoErrTruncate;
        } else {
          handle->file->Truncate(op->offset);
        }
        break;
    }
  }
  Trace((uint64_t{static_cast<uint8_t>(op->kind)} << 56) ^ (op->offset << 8) ^ op->length);
  Trace(static_cast<uint64_t>(static_cast<int32_t>(op->result)));
}

void SimIo::ExecuteRead(Handle& handle, io::IoOp* op) {
  stats_.reads++;
  if (Fault(faults_.read_error, FaultKind::kRead)) {
    op->result = Rc::kIoErrRead;
    return;
  }
  const std::vector<uint8_t>& bytes = handle.file->current;
  uint64_t available = op->offset >= bytes.size() ? 0 : bytes.size() - op->offset;
  uint32_t copied = static_cast<uint32_t>(std::min<uint64_t>(available, op->length));
  if (copied > 0) std::memcpy(op->buffer, bytes.data() + op->offset, copied);
  if (copied < op->length) {
    std::memset(op->buffer + copied, 0, op->length - copied);
    op->result = Rc::kIoErrShortRead;
  }
  op->bytes = copied;
  if (copied > 0 && Fault(faults_.read_bit_flip, FaultKind::kBitFlip)) {
    uint64_t bit = fault_random_.Uniform(uint64_t{copied} * 8);
    op->buffer[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  }
}

void SimIo::ExecuteWrite(Handle& handle, io::IoOp* op) {
  stats_.writes++;
  if (!handle.read_write || Fault(faults_.write_error, FaultKind::kWrite)) {
    op->result = Rc::kIoErrWrite;
    return;
  }
  if (Fault(faults_.disk_full, FaultKind::kDiskFull)) {
    op->result = Rc::kFull;
    return;
  }
  uint32_t length = op->length;
  if (length > 1 && Fault(faults_.short_write, FaultKind::kShortWrite)) {
    length = static_cast<uint32_t>(fault_random_.Uniform(length));
    op->result = Rc::kIoErrWrite;
  }
  if (length > 0) handle.file->Write(op->offset, op->buffer, length);
  op->bytes = length;
}

}  // namespace simlite::sim
