// Helpers every io backend uses on batches (io.h's ordering and failure rules).
#pragma once

#include <cstddef>
#include <span>

#include "io/io.h"

namespace simlite::io {

// The first failed result in batch order, or kOk. Every operation must be done.
Rc FirstError(std::span<const IoOp> batch);
// Completes batch[first..] unstarted, with kIoErr (the failure rule of io.h).
void CancelFrom(std::span<IoOp> batch, size_t first);
// Whether the batch holds a barrier (a sync or a truncate).
bool HasBarrier(std::span<const IoOp> batch);

}  // namespace simlite::io
