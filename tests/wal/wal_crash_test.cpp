// Crash safety of WAL mode on the simulated disk (the WAL twin of tests/pager/crash_test.cpp):
// random write transactions, checkpoints of every mode, automatic checkpoints, a second
// connection holding snapshots, and the last connection's checkpoint-and-delete; a power
// loss at a random io operation (unsynced writes kept, dropped or torn); then recovery,
// itself crashed now and then, including in the checkpoint of its close.
//  synchronous=FULL: the recovered database is the last committed state, or the state of
//    the commit in flight.
//  synchronous=NORMAL: it is some committed state no older than the last complete
//    checkpoint (commits since may be lost, never torn), or the one in flight.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "pager/pager.h"
#include "simulator/sim_io.h"
#include "tests/support/stamped_pages.h"

namespace simlite::pager {
namespace {

constexpr uint32_t kPageSize = 1024;

using ModelState = simlite::testing::StampedState;

void Stamp(uint8_t* data, Pgno pgno, uint32_t txn) {
  simlite::testing::Stamp(data, kPageSize, pgno, txn);
}

bool ReadState(Pager* pager, ModelState* state) {
  return simlite::testing::ReadStampedState(pager, state);
}

PagerOptions Options(Synchronous synchronous, uint32_t autocheckpoint) {
  PagerOptions options;
  options.page_size = kPageSize;
  options.journal_mode = JournalModeOption::kWal;
  options.synchronous = synchronous;
  options.wal_autocheckpoint_pages = autocheckpoint;
  return options;
}

// Where the simulated process was when the crash came, over all seeds.
struct CrashCounts {
  int commit = 0;
  int checkpoint = 0;
  int autocheckpoint = 0;
  int close = 0;
  int recovery = 0;
};

class WalCrashTest : public ::testing::TestWithParam<Synchronous> {
 protected:
  // One seed's run on a fresh disk; reports a wrong recovered state as a test failure.
  void RunSeed(uint64_t seed, CrashCounts* counts);
  // One seed's run with io errors (no crash): every failure must leave the last committed
  // state, for this connection, a second one, and after a power loss at the end. Lock
  // faults make reads, writes and checkpoints busy now and then.
  void RunSeedWithIoErrors(uint64_t seed, int* failed_commits, int* failed_checkpoints);

 private:
  Rc RunTransaction(Pager* pager, uint32_t txn, ModelState* after);
  void MaybeCheckpoint(Pager* pager, sim::SimIo* io, CrashCounts* counts);
  void MoveReader(Pager* reader, sim::SimIo* io);
  bool Recover(uint64_t seed, uint64_t crash_at, ModelState* state, CrashCounts* counts);

  sim::SimDisk disk_;
  io::Random random_{0};
  std::vector<ModelState> history_;  // every committed state, oldest first
  size_t durable_idx_ = 0;           // NORMAL: history_ up to here survives any crash
  ModelState in_flight_;
  uint32_t autocheckpoint_ = 0;
};

Rc WalCrashTest::RunTransaction(Pager* pager, uint32_t txn, ModelState* after) {
  *after = history_.back();
  SIMLITE_TRY(pager->BeginWrite());
  uint64_t changes = 1 + random_.Uniform(6);
  for (uint64_t change_idx = 0; change_idx < changes; change_idx++) {
    PageRef page;
    if (pager->page_count() < 2 || random_.OneIn(3)) {
      SIMLITE_TRY(pager->Allocate(&page));
    } else {
      SIMLITE_TRY(pager->Get(2 + static_cast<Pgno>(random_.Uniform(pager->page_count() - 1)),
                             &page));
      SIMLITE_TRY(pager->MakeWritable(page));
    }
    Stamp(page.data(), page.pgno(), txn);
    after->writer[page.pgno()] = txn;
  }
  if (random_.OneIn(2)) {  // else page 1 stays out of the commit unless the size changed
    SIMLITE_TRY(pager->SetHeader(HeaderField::kUserVersion, txn));
    after->user_version = txn;
  }
  after->page_count = pager->page_count();
  if (random_.OneIn(6)) {
    pager->Rollback();
    *after = history_.back();
    return Rc::kOk;
  }
  return pager->Commit();
}

void WalCrashTest::MaybeCheckpoint(Pager* pager, sim::SimIo* io, CrashCounts* counts) {
  if (!random_.OneIn(5)) return;
  auto mode = static_cast<wal::CheckpointMode>(random_.Uniform(4));
  int log = 0, done = 0;
  Rc rc = pager->Checkpoint(mode, &log, &done);
  if (io->crashed()) {
    counts->checkpoint++;
  } else if (rc == Rc::kOk && log == done) {
    durable_idx_ = history_.size() - 1;  // the WAL was synced, then copied whole
  }
}

void WalCrashTest::MoveReader(Pager* reader, sim::SimIo* io) {
  if (!random_.OneIn(4)) return;
  if (reader->state() == Pager::State::kReading) {
    reader->EndRead();
    return;
  }
  if (reader->BeginRead() != Rc::kOk) return;
  // Isolation: whatever it sees is one of the committed states.
  ModelState seen;
  if (!ReadState(reader, &seen)) {
    EXPECT_TRUE(io->crashed()) << "a reader found a torn page";
    return;
  }
  if (seen.page_count == 0) seen = ModelState{};
  bool known = false;
  for (const ModelState& state : history_) known = known || state == seen;
  EXPECT_TRUE(known) << "a reader saw a state that was never committed";
}

bool WalCrashTest::Recover(uint64_t seed, uint64_t crash_at, ModelState* state,
                           CrashCounts* counts) {
  sim::SimIo io(&disk_, seed);
  io.CrashAtOperation(crash_at);
  bool ok = false;
  {
    std::unique_ptr<Pager> pager;
    if (Pager::Open(&io, "db", Options(GetParam(), autocheckpoint_), &pager) != Rc::kOk) {
      return false;
    }
    if (pager->BeginRead() == Rc::kOk) {
      ok = ReadState(pager.get(), state);
      EXPECT_TRUE(ok || io.crashed()) << "recovered database holds a torn page";
      pager->EndRead();
    }
  }  // the close checkpoints and deletes the WAL: it may crash too
  if (io.crashed()) counts->recovery++;
  return ok && !io.crashed();
}

void WalCrashTest::RunSeed(uint64_t seed, CrashCounts* counts) {
  disk_ = sim::SimDisk();
  random_.Seed(seed);
  history_.assign(1, ModelState{});
  durable_idx_ = 0;
  autocheckpoint_ = static_cast<uint32_t>(random_.Uniform(3)) * 6;  // off, 6 or 12 frames
  {
    sim::SimIo io(&disk_, seed);
    io.CrashAtOperation(1 + random_.Uniform(400));
    std::unique_ptr<Pager> pager, reader;
    ASSERT_EQ(Pager::Open(&io, "db", Options(GetParam(), autocheckpoint_), &pager), Rc::kOk);
    ASSERT_EQ(Pager::Open(&io, "db", Options(GetParam(), autocheckpoint_), &reader), Rc::kOk);
    const uint32_t txn_limit = 5 + static_cast<uint32_t>(random_.Uniform(100));
    for (uint32_t txn = 1; txn < txn_limit && !io.crashed(); txn++) {
      MaybeCheckpoint(pager.get(), &io, counts);
      MoveReader(reader.get(), &io);
      if (io.crashed() || pager->BeginRead() != Rc::kOk) break;
      Rc rc = RunTransaction(pager.get(), txn, &in_flight_);
      if (rc == Rc::kOk && !(in_flight_ == history_.back())) history_.push_back(in_flight_);
      if (pager->state() == Pager::State::kWriting) pager->Rollback();
      if (io.crashed()) counts->commit++;
      pager->EndRead();
      if (io.crashed()) counts->autocheckpoint += rc == Rc::kOk;
      if (rc != Rc::kOk) break;
    }
    reader.reset();
    if (!io.crashed()) {
      // Often crash in the close: its checkpoint takes a few dozen operations at most.
      if (random_.OneIn(2)) io.CrashAtOperation(io.operation_count() + 1 + random_.Uniform(30));
      pager.reset();  // the last connection: checkpoint, delete the WAL
      if (io.crashed()) counts->close++;
    }
    if (GetParam() == Synchronous::kFull || !io.crashed()) durable_idx_ = history_.size() - 1;
  }
  ModelState recovered;
  bool done = false;
  for (int attempt = 0; attempt < 5 && !done; attempt++) {
    disk_.Crash(random_);
    uint64_t crash_at = attempt < 4 && random_.OneIn(2) ? 1 + random_.Uniform(40) : 0;
    done = Recover(seed * 10 + attempt, crash_at, &recovered, counts);
  }
  ASSERT_TRUE(done) << "seed " << seed;
  if (recovered.page_count == 0) recovered = ModelState{};
  bool acceptable = recovered == in_flight_;
  for (size_t state_idx = durable_idx_; state_idx < history_.size(); state_idx++) {
    acceptable = acceptable || recovered == history_[state_idx];
  }
  EXPECT_TRUE(acceptable) << "seed " << seed << ": recovered user_version "
                          << recovered.user_version << ", " << history_.size()
                          << " commits, durable through " << durable_idx_;
}

void WalCrashTest::RunSeedWithIoErrors(uint64_t seed, int* failed_commits,
                                       int* failed_checkpoints) {
  disk_ = sim::SimDisk();
  random_.Seed(seed);
  history_.assign(1, ModelState{});
  autocheckpoint_ = static_cast<uint32_t>(random_.Uniform(3)) * 6;
  sim::FaultRates faults{.write_error = 60, .sync_error = 40, .truncate_error = 20,
                         .short_write = 60, .lock_error = 40};
  {
    sim::SimIo io(&disk_, seed, faults);
    std::unique_ptr<Pager> pager, checker;
    ASSERT_EQ(Pager::Open(&io, "db", Options(GetParam(), autocheckpoint_), &pager), Rc::kOk);
    ASSERT_EQ(Pager::Open(&io, "db", Options(GetParam(), autocheckpoint_), &checker), Rc::kOk);
    for (uint32_t txn = 1; txn < 60; txn++) {
      int log = 0, done = 0;
      auto mode = static_cast<wal::CheckpointMode>(random_.Uniform(4));
      Rc checkpoint_rc = pager->Checkpoint(mode, &log, &done);
      *failed_checkpoints += PrimaryCode(checkpoint_rc) == Rc::kIoErr;
      if (pager->BeginRead() != Rc::kOk) continue;  // recovering a hot journal can fail too
      Rc rc = RunTransaction(pager.get(), txn, &in_flight_);
      if (rc == Rc::kOk && !(in_flight_ == history_.back())) history_.push_back(in_flight_);
      *failed_commits += PrimaryCode(rc) == Rc::kIoErr;
      if (pager->state() == Pager::State::kWriting) pager->Rollback();
      pager->EndRead();
      if (checker->BeginRead() != Rc::kOk) continue;
      ModelState seen;
      ASSERT_TRUE(ReadState(checker.get(), &seen)) << "seed " << seed;
      if (seen.page_count == 0) seen = ModelState{};
      ASSERT_TRUE(seen == history_.back()) << "seed " << seed << " after txn " << txn;
      checker->EndRead();
    }
    io.set_faults(sim::FaultRates{});
    checker.reset();
    pager.reset();  // a clean close: checkpoint, sync, delete the WAL
  }
  CrashCounts ignored;
  ModelState recovered;
  disk_.Crash(random_);
  ASSERT_TRUE(Recover(seed, 0, &recovered, &ignored));
  if (recovered.page_count == 0) recovered = ModelState{};
  EXPECT_TRUE(recovered == history_.back()) << "seed " << seed;
}

TEST_P(WalCrashTest, IoErrorsLeaveTheLastCommittedState) {
  int failed_commits = 0, failed_checkpoints = 0;
  for (uint64_t seed = 1; seed <= 200 && !HasFailure(); seed++) {
    RunSeedWithIoErrors(seed, &failed_commits, &failed_checkpoints);
  }
  EXPECT_GT(failed_commits, 50);
  EXPECT_GT(failed_checkpoints, 50);
}

TEST_P(WalCrashTest, RecoversACommittedStateAfterPowerLoss) {
  CrashCounts counts;
  for (uint64_t seed = 1; seed <= 600; seed++) {
    RunSeed(seed, &counts);
    if (HasFailure()) break;
  }
  // Every interesting moment must actually be hit.
  EXPECT_GT(counts.commit, 20);
  EXPECT_GT(counts.checkpoint, 5);
  EXPECT_GT(counts.autocheckpoint, 5);
  EXPECT_GT(counts.close, 15);
  EXPECT_GT(counts.recovery, 20);
  RecordProperty("crashes_in_commit", counts.commit);
  RecordProperty("crashes_in_checkpoint", counts.checkpoint);
  RecordProperty("crashes_in_autocheckpoint", counts.autocheckpoint);
  RecordProperty("crashes_in_close", counts.close);
  RecordProperty("crashes_in_recovery", counts.recovery);
}

INSTANTIATE_TEST_SUITE_P(Sync, WalCrashTest,
                         ::testing::Values(Synchronous::kFull, Synchronous::kNormal),
                         [](const auto& info) {
                           return info.param == Synchronous::kFull ? "full" : "normal";
                         });

}  // namespace
}  // namespace simlite::pager
