// An io that dies: it fails every write, sync and truncate (and file deletion) after the
// first `budget` ones, the way a process killed mid-commit stops changing its files. With
// tear_first, the first failing write lands half-way, as an interrupted write may.
#pragma once

#include "io/io.h"
#include "io/posix_io.h"

namespace simlite::testing {

class DyingIo : public io::IoWrapper {
 public:
  DyingIo(io::Io* target, int budget, bool tear_first = false)
      : IoWrapper(target), budget_(budget), tear_first_(tear_first) {}
  void Submit(std::span<io::IoOp> batch) override {
    for (io::IoOp& op : batch) {
      if (op.kind == io::OpKind::kRead || budget_-- > 0) {
        Rc ignored = target()->Run({&op, 1});
        (void)ignored;
        continue;
      }
      if (tear_first_ && op.kind == io::OpKind::kWrite && op.length > 1) {
        io::IoOp half = io::IoOp::Write(op.file, op.offset, op.buffer, op.length / 2);
        Rc ignored = target()->Run({&half, 1});
        (void)ignored;
      }
      tear_first_ = false;
      op.result = Rc::kIoErrWrite;
      op.done = true;
    }
  }
  Rc Wait(std::span<io::IoOp> batch) override { return io::FirstError(batch); }
  Rc Delete(std::string_view path) override {
    return budget_-- > 0 ? target()->Delete(path) : Rc::kIoErrDelete;
  }

 private:
  int budget_;
  bool tear_first_;
};

}  // namespace simlite::testing
