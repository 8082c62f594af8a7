#include "io/batch.h"

#include <cassert>

namespace simlite::io {

Rc FirstError(std::span<const IoOp> batch) {
  for (const IoOp& op : batch) {
    assert(op.done);
    if (op.result != Rc::kOk) return op.result;
  }
  return Rc::kOk;
}

void CancelFrom(std::span<IoOp> batch, size_t first) {
  for (size_t op_idx = first; op_idx < batch.size(); op_idx++) {
    batch[op_idx].result = Rc::kIoErr;
    batch[op_idx].bytes = 0;
    batch[op_idx].done = true;
  }
}

bool HasBarrier(std::span<const IoOp> batch) {
  for (const IoOp& op : batch) {
    if (op.kind == OpKind::kSync || op.kind == OpKind::kTruncate) return true;
  }
  return false;
}

}  // namespace simlite::io
