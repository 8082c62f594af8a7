#include "io/uring_io.h"

#include <cassert>
#include <cerrno>
#include <cstring>

namespace simlite::io {

std::unique_ptr<UringIo> UringIo::Create() {
  std::unique_ptr<UringIo> io(new UringIo());
  if (io_uring_queue_init(kRingEntries, &io->ring_, 0) != 0) {
    io->ring_.ring_fd = -1;
    return nullptr;
  }
  return io;
}

UringIo::~UringIo() {
  if (ring_.ring_fd < 0) return;
  // Bounded: every in-flight operation completes or fails.
  while (in_flight_ > 0 && ReapOne()) {
  }
  io_uring_queue_exit(&ring_);
}

io_uring_sqe* UringIo::GetSqe() {
  io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
  if (sqe != nullptr) return sqe;
  // The submission queue is full: hand it to the kernel and try again.
  io_uring_submit(&ring_);
  return io_uring_get_sqe(&ring_);
}

void UringIo::Queue(IoOp* op, unsigned sqe_flags) {
  io_uring_sqe* sqe = GetSqe();
  if (sqe == nullptr) {
    // Cannot happen after a submit frees the queue; fall back to running it in place.
    Execute(op);
    return;
  }
  switch (op->kind) {
    case OpKind::kRead:
      io_uring_prep_read(sqe, op->file, op->buffer + op->bytes, op->length - op->bytes,
                         op->offset + op->bytes);
      break;
    case OpKind::kWrite:
      io_uring_prep_write(sqe, op->file, op->buffer + op->bytes, op->length - op->bytes,
                          op->offset + op->bytes);
      break;
    case OpKind::kSync:
      io_uring_prep_fsync(sqe, op->file, IORING_FSYNC_DATASYNC);
      break;
    case OpKind::kTruncate:
      assert(false && "truncate is executed synchronously");
      break;
  }
  if (sqe_flags != 0) io_uring_sqe_set_flags(sqe, sqe_flags);
  io_uring_sqe_set_data(sqe, op);
  in_flight_++;
}

void UringIo::Submit(std::span<IoOp> batch) {
  for (IoOp& op : batch) {
    op.done = false;
    op.bytes = 0;
    op.result = Rc::kOk;
  }
  // A batch with a barrier is one linked chain: the kernel runs it in order and cancels
  // the rest of the chain at the first failure (io.h's failure rule), in one submission.
  // A batch without one (reads, read-ahead) runs unordered, in parallel.
  const bool ordered = HasBarrier(batch);
  for (size_t op_idx = 0; op_idx < batch.size(); op_idx++) {
    IoOp* op = &batch[op_idx];
    if (op->kind == OpKind::kTruncate) {
      // A barrier without an io_uring opcode here: end the chain, wait for it, and truncate
      // in place only if all of it succeeded.
      io_uring_submit(&ring_);
      if (Wait(batch.first(op_idx)) != Rc::kOk) {
        CancelFrom(batch, op_idx);
        return;
      }
      Execute(op);
      if (op->result != Rc::kOk) {
        CancelFrom(batch, op_idx + 1);
        return;
      }
      continue;
    }
    bool link = ordered && op_idx + 1 < batch.size() &&
                batch[op_idx + 1].kind != OpKind::kTruncate;
    Queue(op, link ? IOSQE_IO_LINK : 0);
  }
  io_uring_submit(&ring_);
}

void UringIo::Complete(IoOp* op, int res) {
  if (res == -ECANCELED) {
    op->result = Rc::kIoErr;  // an earlier operation of its chain failed
    op->done = true;
    return;
  }
  if (res < 0) {
    switch (op->kind) {
      case OpKind::kRead: op->result = Rc::kIoErrRead; break;
      case OpKind::kWrite:
        op->result = (res == -ENOSPC || res == -EDQUOT) ? Rc::kFull : Rc::kIoErrWrite;
        break;
      default: op->result = Rc::kIoErrFsync; break;
    }
    op->done = true;
    return;
  }
  if (op->kind == OpKind::kSync) {
    op->done = true;
    return;
  }
  op->bytes += static_cast<uint32_t>(res);
  if (op->bytes >= op->length) {
    op->done = true;
    return;
  }
  if (res == 0) {
    if (op->kind == OpKind::kRead) {
      std::memset(op->buffer + op->bytes, 0, op->length - op->bytes);
      op->result = Rc::kIoErrShortRead;
    } else {
      op->result = Rc::kIoErrWrite;
    }
    op->done = true;
    return;
  }
  // A partial transfer: queue the rest. (In a linked chain the kernel has already canceled
  // what followed, so the batch fails as a whole, as it must.)
  Queue(op, 0);
  io_uring_submit(&ring_);
}

bool UringIo::ReapOne() {
  io_uring_cqe* cqe = nullptr;
  int rc = 0;
  do {
    rc = io_uring_wait_cqe(&ring_, &cqe);
  } while (rc == -EINTR);
  if (rc != 0) return false;
  auto* op = static_cast<IoOp*>(io_uring_cqe_get_data(cqe));
  int res = cqe->res;
  io_uring_cqe_seen(&ring_, cqe);
  assert(in_flight_ > 0);
  in_flight_--;
  Complete(op, res);
  return true;
}

Rc UringIo::Wait(std::span<IoOp> batch) {
  for (IoOp& op : batch) {
    while (!op.done) {
      if (!ReapOne()) {
        // The ring itself failed; report every unfinished operation as failed.
        op.result = op.kind == OpKind::kRead ? Rc::kIoErrRead : Rc::kIoErrWrite;
        op.done = true;
      }
    }
  }
  return FirstError(batch);
}

}  // namespace simlite::io
