// Crash safety of the pager with the rollback journal, on the simulated disk: random write
// transactions, a power loss at a random io operation (unsynced writes kept, dropped or
// torn), then recovery — itself crashed at random now and then — must give exactly the last
// committed state, or the state of the commit that was in flight.
#include <gtest/gtest.h>

#include <memory>

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

// One transaction: changes some pages, maybe adds some; returns the model state it commits.
Rc RunTransaction(Pager* pager, io::Random& random, uint32_t txn, const ModelState& before,
                  ModelState* after) {
  *after = before;
  SIMLITE_TRY(pager->BeginWrite());
  uint64_t changes = 1 + random.Uniform(6);
  for (uint64_t change_idx = 0; change_idx < changes; change_idx++) {
    PageRef page;
    if (pager->page_count() < 2 || random.OneIn(3)) {
      SIMLITE_TRY(pager->Allocate(&page));
    } else {
      SIMLITE_TRY(pager->Get(2 + static_cast<Pgno>(random.Uniform(pager->page_count() - 1)),
                             &page));
      SIMLITE_TRY(pager->MakeWritable(page));
    }
    Stamp(page.data(), page.pgno(), txn);
    after->writer[page.pgno()] = txn;
  }
  SIMLITE_TRY(pager->SetHeader(HeaderField::kUserVersion, txn));
  after->user_version = txn;
  after->page_count = pager->page_count();
  if (random.OneIn(5)) {
    pager->Rollback();
    *after = before;
    return Rc::kOk;
  }
  return pager->Commit();
}

// Opens the database and reads its state; crashes (and returns false) on io failure.
bool Recover(sim::SimDisk* disk, uint64_t seed, uint64_t crash_at, ModelState* state) {
  sim::SimIo io(disk, seed);
  io.CrashAtOperation(crash_at);
  std::unique_ptr<Pager> pager;
  PagerOptions options;
  options.page_size = kPageSize;
  if (Pager::Open(&io, "db", options, &pager) != Rc::kOk) return false;
  if (pager->BeginRead() != Rc::kOk) return false;
  bool ok = ReadState(pager.get(), state);
  pager->EndRead();
  EXPECT_TRUE(ok || io.crashed()) << "recovered database holds a torn page";
  return ok && !io.crashed();
}

TEST(PagerCrash, JournalRecoversLastCommitAcrossPowerLoss) {
  int crashes_mid_commit = 0;
  for (uint64_t seed = 1; seed <= 300; seed++) {
    sim::SimDisk disk;
    io::Random random(seed);
    ModelState committed, in_flight;
    {
      sim::SimIo io(&disk, seed);
      io.CrashAtOperation(1 + random.Uniform(400));
      std::unique_ptr<Pager> pager;
      PagerOptions options;
      options.page_size = kPageSize;
      ASSERT_EQ(Pager::Open(&io, "db", options, &pager), Rc::kOk);
      for (uint32_t txn = 1; txn < 100 && !io.crashed(); txn++) {
        if (pager->BeginRead() != Rc::kOk) break;
        Rc rc = RunTransaction(pager.get(), random, txn, committed, &in_flight);
        if (rc == Rc::kOk) committed = in_flight;
        if (pager->state() == Pager::State::kWriting) pager->Rollback();
        pager->EndRead();
        if (rc != Rc::kOk) break;
      }
      if (!(committed == in_flight)) crashes_mid_commit++;
    }
    // Power loss, then recovery; recovery itself may crash a few times.
    ModelState recovered;
    bool done = false;
    for (int attempt = 0; attempt < 4 && !done; attempt++) {
      disk.Crash(random);
      uint64_t crash_at = attempt < 3 && random.OneIn(2) ? 1 + random.Uniform(20) : 0;
      done = Recover(&disk, seed * 10 + attempt, crash_at, &recovered);
    }
    ASSERT_TRUE(done) << "seed " << seed;
    if (recovered.page_count == 0) recovered = ModelState{};  // never committed anything
    EXPECT_TRUE(recovered == committed || recovered == in_flight)
        << "seed " << seed << ": recovered user_version " << recovered.user_version
        << ", committed " << committed.user_version << ", in flight " << in_flight.user_version;
  }
  EXPECT_GT(crashes_mid_commit, 30);  // the interesting case must actually happen
}

}  // namespace
}  // namespace simlite::pager
