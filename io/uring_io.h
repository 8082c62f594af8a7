// UringIo: the io_uring backend. A batch becomes one submission: reads and writes go out
// together, and a sync in the batch carries IOSQE_IO_DRAIN so that it runs after every
// earlier operation and before every later one (the ordering rule of io.h). Metadata calls
// and locks are PosixIo's. io_uring has no truncate on the kernels we target, so a truncate
// drains the ring and runs synchronously, which keeps the same barrier semantics.
#pragma once

#include <liburing.h>

#include <memory>

#include "io/posix_io.h"

namespace simlite::io {

class UringIo final : public PosixIo {
 public:
  // Returns null when io_uring cannot be set up here (old kernel, seccomp, limits).
  static std::unique_ptr<UringIo> Create();
  ~UringIo() override;

  void Submit(std::span<IoOp> batch) override;
  Rc Wait(std::span<IoOp> batch) override;
  std::string_view name() const override { return "uring"; }

 private:
  static constexpr unsigned kRingEntries = 256;

  UringIo() = default;
  // Queues the remaining part of op (all of it when nothing was transferred yet).
  void Queue(IoOp* op, bool drain);
  io_uring_sqe* GetSqe();
  // Reaps one completion, waiting for it; returns false on a ring failure.
  bool ReapOne();
  void Complete(IoOp* op, int res);

  io_uring ring_{};
  unsigned in_flight_ = 0;  // operations submitted and not yet reaped
};

}  // namespace simlite::io
