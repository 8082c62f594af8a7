// UringIo: the io_uring backend. A batch becomes one submission. A batch with a barrier
// (sync or truncate) is one chain of IOSQE_IO_LINK'ed operations, so the kernel runs it in
// order and cancels the rest at the first failure (io.h's ordering and failure rules); other
// batches go out unlinked and run in parallel. Metadata calls
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
  // Queues the remaining part of op (all of it when nothing was transferred yet), with
  // io_uring SQE flags (IOSQE_IO_LINK).
  void Queue(IoOp* op, unsigned sqe_flags);
  io_uring_sqe* GetSqe();
  // Reaps one completion, waiting for it; returns false on a ring failure.
  bool ReapOne();
  void Complete(IoOp* op, int res);

  io_uring ring_{};
  unsigned in_flight_ = 0;  // operations submitted and not yet reaped
};

}  // namespace simlite::io
