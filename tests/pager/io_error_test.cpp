// I/O errors at each write, sync, truncate and delete of a rollback-journal commit, one at a
// time: the commit fails or succeeds, and the database — as this pager sees it next, as a
// new pager sees it, and after a power loss — holds the transaction whole or not at all.
#include <gtest/gtest.h>

#include <memory>

#include "io/batch.h"
#include "pager/pager.h"
#include "simulator/sim_io.h"
#include "tests/support/stamped_pages.h"

namespace simlite::pager {
namespace {

using simlite::testing::ReadStampedState;
using simlite::testing::Stamp;
using simlite::testing::StampedState;

constexpr uint32_t kPageSize = 1024;

// Fails exactly the nth write, sync, truncate or delete (counting from 1), once. Batches run
// one operation at a time, in order; after a failure the rest of the batch is canceled, as
// io.h's failure rule allows.
class FailOnceIo : public io::IoWrapper {
 public:
  FailOnceIo(io::Io* target, int nth) : IoWrapper(target), nth_(nth) {}
  void Submit(std::span<io::IoOp> batch) override {
    for (size_t op_idx = 0; op_idx < batch.size(); op_idx++) {
      io::IoOp& op = batch[op_idx];
      if (op.kind != io::OpKind::kRead && ++count_ == nth_) {
        op.result = op.kind == io::OpKind::kWrite  ? Rc::kIoErrWrite
                    : op.kind == io::OpKind::kSync ? Rc::kIoErrFsync
                                                   : Rc::kIoErrTruncate;
        op.done = true;
      } else {
        Rc ignored = target()->Run({&op, 1});
        (void)ignored;
      }
      if (op.result != Rc::kOk && op.result != Rc::kIoErrShortRead) {
        io::CancelFrom(batch, op_idx + 1);
        return;
      }
    }
  }
  Rc Wait(std::span<io::IoOp> batch) override {
    for (const io::IoOp& op : batch) {
      if (op.result != Rc::kOk) return op.result;
    }
    return Rc::kOk;
  }
  Rc Delete(std::string_view path) override {
    return ++count_ == nth_ ? Rc::kIoErrDelete : target()->Delete(path);
  }
  int count() const { return count_; }

 private:
  int nth_;
  int count_ = 0;
};

PagerOptions Options(JournalModeOption mode) {
  PagerOptions options;
  options.page_size = kPageSize;
  options.journal_mode = mode;
  return options;
}

// Transaction txn rewrites some pages and adds two.
Rc WriteTransaction(Pager* pager, uint32_t txn) {
  SIMLITE_TRY(pager->BeginWrite());
  for (Pgno pgno = 2; pgno <= pager->page_count(); pgno += txn) {
    PageRef page;
    SIMLITE_TRY(pager->Get(pgno, &page));
    SIMLITE_TRY(pager->MakeWritable(page));
    Stamp(page.data(), kPageSize, pgno, txn);
  }
  for (int added = 0; added < 2; added++) {
    PageRef page;
    SIMLITE_TRY(pager->Allocate(&page));
    Stamp(page.data(), kPageSize, page.pgno(), txn);
  }
  SIMLITE_TRY(pager->SetHeader(HeaderField::kUserVersion, txn));
  return pager->Commit();
}

StampedState ReadWith(sim::SimDisk* disk, JournalModeOption mode) {
  sim::SimIo io(disk, 99);
  std::unique_ptr<Pager> pager;
  StampedState state;
  EXPECT_EQ(Pager::Open(&io, "db", Options(mode), &pager), Rc::kOk);
  Rc rc = pager->BeginRead();
  EXPECT_EQ(rc, Rc::kOk) << ErrStr(rc);
  if (rc != Rc::kOk) return state;
  EXPECT_TRUE(ReadStampedState(pager.get(), &state));
  pager->EndRead();
  return state;
}

// Runs transaction 1 (committed), then transaction 2 with operation nth failing (0: none).
// Returns the commit's result and the states: before and after transaction 2 as a
// reference, and what the same connection, a new one, and a new one after a power loss see.
struct Observed {
  Rc commit_rc = Rc::kOk;
  StampedState before, seen, reopened, after_crash;
};

Observed RunWithFailure(JournalModeOption mode, int nth) {
  Observed observed;
  sim::SimDisk disk;
  {
    sim::SimIo io(&disk, 1);
    std::unique_ptr<Pager> pager;
    EXPECT_EQ(Pager::Open(&io, "db", Options(mode), &pager), Rc::kOk);
    EXPECT_EQ(pager->BeginRead(), Rc::kOk);
    EXPECT_EQ(WriteTransaction(pager.get(), 1), Rc::kOk);
    EXPECT_TRUE(ReadStampedState(pager.get(), &observed.before));
    pager->EndRead();
  }
  {
    sim::SimIo sim_io(&disk, 2);
    FailOnceIo io(&sim_io, nth);
    std::unique_ptr<Pager> pager;
    EXPECT_EQ(Pager::Open(&io, "db", Options(mode), &pager), Rc::kOk);
    EXPECT_EQ(pager->BeginRead(), Rc::kOk);
    observed.commit_rc = WriteTransaction(pager.get(), 2);
    if (pager->state() == Pager::State::kWriting) pager->Rollback();
    pager->EndRead();
    EXPECT_EQ(pager->BeginRead(), Rc::kOk);
    EXPECT_TRUE(ReadStampedState(pager.get(), &observed.seen));
    pager->EndRead();
  }
  observed.reopened = ReadWith(&disk, mode);
  io::Random crash_random(static_cast<uint64_t>(nth));
  disk.Crash(crash_random);
  observed.after_crash = ReadWith(&disk, mode);
  return observed;
}

class IoErrorTest : public ::testing::TestWithParam<JournalModeOption> {};

TEST_P(IoErrorTest, EachFailedOperationLeavesBeforeOrAfter) {
  const Observed clean = RunWithFailure(GetParam(), 0);
  ASSERT_EQ(clean.commit_rc, Rc::kOk);
  const StampedState& before = clean.before;
  const StampedState& after = clean.seen;
  ASSERT_FALSE(before == after);
  int failed_commits = 0;
  for (int nth = 1; nth <= 40; nth++) {
    SCOPED_TRACE("failing operation " + std::to_string(nth));
    Observed observed = RunWithFailure(GetParam(), nth);
    failed_commits += observed.commit_rc != Rc::kOk;
    if (observed.commit_rc == Rc::kOk) {
      // An acknowledged commit is there, and stays there through a power loss.
      EXPECT_EQ(observed.seen, after);
      EXPECT_EQ(observed.reopened, after);
      EXPECT_EQ(observed.after_crash, after);
      continue;
    }
    // A failed commit leaves the transaction whole or absent (absent unless the failure came
    // after its commit point), the same for every connection.
    EXPECT_TRUE(observed.seen == before || observed.seen == after) << ErrStr(observed.commit_rc);
    EXPECT_EQ(observed.reopened, observed.seen);
    EXPECT_TRUE(observed.after_crash == before || observed.after_crash == after);
  }
  EXPECT_GT(failed_commits, 5);
}

INSTANTIATE_TEST_SUITE_P(RollbackModes, IoErrorTest,
                         ::testing::Values(JournalModeOption::kDelete,
                                           JournalModeOption::kTruncate,
                                           JournalModeOption::kPersist),
                         [](const auto& info) {
                           return info.param == JournalModeOption::kDelete     ? "delete"
                                  : info.param == JournalModeOption::kTruncate ? "truncate"
                                                                               : "persist";
                         });

}  // namespace
}  // namespace simlite::pager
