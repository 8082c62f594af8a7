// DirectFileSink: the commit strategy used until a journal exists. It writes the committed
// pages straight into the database file and syncs it, in one io batch. It is not crash safe
// (a crash mid-commit can leave a partial transaction): the rollback journal and WAL
// strategies replace it.
#pragma once

#include "io/io.h"
#include "pager/pager.h"

namespace simlite::pager {

class DirectFileSink final : public CommitSink {
 public:
  DirectFileSink(io::Io* io, io::FileId file) : io_(io), file_(file) {}
  Rc BeginTransaction(Pgno, uint32_t) override { return Rc::kOk; }
  Rc BeforeFirstChange(Pgno, const uint8_t*) override { return Rc::kOk; }
  Rc Commit(std::span<const PageRef* const> pages, Pgno page_count,
            uint32_t page_size) override;
  void Reset() override {}
  Rc RestoreAfterFailedCommit() override { return Rc::kOk; }  // nothing to restore from

 private:
  io::Io* io_;
  io::FileId file_;
  std::vector<io::IoOp> batch_;  // reused across commits
};

}  // namespace simlite::pager
