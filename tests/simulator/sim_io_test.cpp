// SimIo: durability bookkeeping, seeded crashes, faults, and determinism.
#include "simulator/sim_io.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "pager/pager.h"

namespace simlite::sim {
namespace {

std::vector<uint8_t> Bytes(size_t length, uint8_t value) {
  return std::vector<uint8_t>(length, value);
}

TEST(SimIo, SyncedDataSurvivesEveryCrash) {
  for (uint64_t seed = 1; seed <= 50; seed++) {
    SimDisk disk;
    {
      SimIo io(&disk, seed);
      io::FileId file;
      ASSERT_EQ(io.Open("db", io::OpenFlags{.create = true}, &file), Rc::kOk);
      auto synced = Bytes(4096, 0xaa);
      ASSERT_EQ(io.Write(file, 0, synced.data(), 4096), Rc::kOk);
      ASSERT_EQ(io.Sync(file), Rc::kOk);
      auto unsynced = Bytes(4096, 0xbb);
      ASSERT_EQ(io.Write(file, 4096, unsynced.data(), 4096), Rc::kOk);
      io.Close(file);
    }
    io::Random crash_random(seed);
    disk.Crash(crash_random);
    const std::vector<uint8_t>& image = disk.Find("db")->current;
    ASSERT_GE(image.size(), 4096u);
    for (size_t byte_idx = 0; byte_idx < 4096; byte_idx++) ASSERT_EQ(image[byte_idx], 0xaa);
    // The unsynced page is there whole, partly (whole sectors), or not at all.
    for (size_t byte_idx = 4096; byte_idx < image.size(); byte_idx++) {
      ASSERT_TRUE(image[byte_idx] == 0xbb || image[byte_idx] == 0) << byte_idx;
    }
  }
}

TEST(SimIo, CrashesLoseSomeUnsyncedWritesAndKeepOthers) {
  int lost = 0, kept = 0, torn = 0;
  for (uint64_t seed = 1; seed <= 200; seed++) {
    SimDisk disk;
    SimIo io(&disk, seed);
    io::FileId file;
    ASSERT_EQ(io.Open("db", io::OpenFlags{.create = true}, &file), Rc::kOk);
    auto data = Bytes(4096, 0xcc);
    ASSERT_EQ(io.Write(file, 0, data.data(), 4096), Rc::kOk);
    io::Random crash_random(seed);
    disk.Crash(crash_random);
    const std::vector<uint8_t>& image = disk.Find("db")->current;
    size_t present = static_cast<size_t>(std::count(image.begin(), image.end(), 0xcc));
    if (present == 0) lost++;
    else if (present == 4096) kept++;
    else torn++;
  }
  EXPECT_GT(lost, 20);
  EXPECT_GT(kept, 20);
  EXPECT_GT(torn, 20);
}

TEST(SimIo, FaultsSurfaceAsResultCodes) {
  SimDisk disk;
  SimIo io(&disk, 7);
  io::FileId file;
  ASSERT_EQ(io.Open("db", io::OpenFlags{.create = true}, &file), Rc::kOk);
  auto data = Bytes(100, 1);
  io.set_faults(FaultRates{.write_error = 1});
  EXPECT_EQ(io.Write(file, 0, data.data(), 100), Rc::kIoErrWrite);
  io.set_faults(FaultRates{.disk_full = 1});
  EXPECT_EQ(io.Write(file, 0, data.data(), 100), Rc::kFull);
  io.set_faults(FaultRates{});
  ASSERT_EQ(io.Write(file, 0, data.data(), 100), Rc::kOk);
  io.set_faults(FaultRates{.read_error = 1});
  EXPECT_EQ(io.Read(file, 0, data.data(), 100), Rc::kIoErrRead);
  io.set_faults(FaultRates{.sync_error = 1});
  EXPECT_EQ(io.Sync(file), Rc::kIoErrFsync);
  io.set_faults(FaultRates{.read_bit_flip = 1});
  std::vector<uint8_t> back(100);
  ASSERT_EQ(io.Read(file, 0, back.data(), 100), Rc::kOk);
  int flipped = 0;
  for (uint8_t byte : back) flipped += byte != 1;
  EXPECT_EQ(flipped, 1);
  EXPECT_GE(io.stats().faults, 5u);
}

TEST(SimIo, FailureCancelsLaterBarriersAndWhatFollows) {
  SimDisk disk;
  SimIo io(&disk, 5);
  io::FileId journal, database;
  ASSERT_EQ(io.Open("journal", io::OpenFlags{.create = true}, &journal), Rc::kOk);
  ASSERT_EQ(io.Open("db", io::OpenFlags{.create = true}, &database), Rc::kOk);
  auto data = Bytes(64, 7);
  io.set_faults(FaultRates{.write_error = 1});  // every write fails
  std::vector<io::IoOp> batch = {io::IoOp::Write(journal, 0, data.data(), 64),
                                 io::IoOp::Sync(journal),
                                 io::IoOp::Write(database, 0, data.data(), 64),
                                 io::IoOp::Sync(database)};
  EXPECT_EQ(io.Run(batch), Rc::kIoErrWrite);
  EXPECT_EQ(batch[1].result, Rc::kIoErr);
  EXPECT_EQ(batch[3].result, Rc::kIoErr);
  EXPECT_EQ(io.stats().syncs, 0u);
  EXPECT_EQ(disk.Find("db")->current.size(), 0u);
}

TEST(SimIo, CrashPointFailsEveryLaterOperation) {
  SimDisk disk;
  SimIo io(&disk, 3);
  io::FileId file;
  ASSERT_EQ(io.Open("db", io::OpenFlags{.create = true}, &file), Rc::kOk);
  io.CrashAtOperation(3);
  auto data = Bytes(10, 1);
  EXPECT_EQ(io.Write(file, 0, data.data(), 10), Rc::kOk);
  EXPECT_EQ(io.Write(file, 10, data.data(), 10), Rc::kOk);
  EXPECT_EQ(io.Sync(file), Rc::kIoErrFsync);
  EXPECT_TRUE(io.crashed());
  EXPECT_EQ(io.Read(file, 0, data.data(), 10), Rc::kIoErrRead);
}

TEST(SimIo, LocksExcludeOtherHandles) {
  SimDisk disk;
  SimIo io(&disk, 1);
  io::FileId first, second;
  ASSERT_EQ(io.Open("db", io::OpenFlags{.create = true}, &first), Rc::kOk);
  ASSERT_EQ(io.Open("db", io::OpenFlags{}, &second), Rc::kOk);
  EXPECT_EQ(io.Lock(first, 100, 10, io::LockKind::kShared), Rc::kOk);
  EXPECT_EQ(io.Lock(second, 105, 1, io::LockKind::kShared), Rc::kOk);
  EXPECT_EQ(io.Lock(second, 100, 10, io::LockKind::kExclusive), Rc::kBusy);
  EXPECT_EQ(io.Lock(first, 100, 5, io::LockKind::kUnlock), Rc::kOk);
  // first still holds 105..109 shared.
  EXPECT_EQ(io.Lock(second, 100, 5, io::LockKind::kExclusive), Rc::kOk);
  EXPECT_EQ(io.Lock(second, 105, 1, io::LockKind::kExclusive), Rc::kBusy);
  io.Close(first);
  EXPECT_EQ(io.Lock(second, 105, 1, io::LockKind::kExclusive), Rc::kOk);
}

// One scripted run: its trace hash and final image.
std::pair<uint64_t, std::vector<uint8_t>> ScriptedRun(uint64_t seed) {
  SimDisk disk;
  SimIo io(&disk, seed, FaultRates{.write_error = 5, .read_bit_flip = 5});
  io::FileId file;
  EXPECT_EQ(io.Open("db", io::OpenFlags{.create = true}, &file), Rc::kOk);
  std::vector<io::IoOp> batch;
  std::vector<std::vector<uint8_t>> pages;
  for (int page_idx = 0; page_idx < 16; page_idx++) {
    pages.push_back(Bytes(512, static_cast<uint8_t>(page_idx)));
  }
  for (int page_idx = 0; page_idx < 16; page_idx++) {
    batch.push_back(io::IoOp::Write(file, 512 * page_idx, pages[page_idx].data(), 512));
  }
  batch.push_back(io::IoOp::Sync(file));
  Rc ignored = io.Run(batch);
  (void)ignored;
  std::vector<uint8_t> back(512 * 16);
  ignored = io.Read(file, 0, back.data(), 512 * 16);
  io.Close(file);
  io::Random crash_random(seed);
  disk.Crash(crash_random);
  return {io.trace_hash() ^ static_cast<uint64_t>(io.clock().NowUnixMs()), back};
}

TEST(SimIo, SameSeedSameRun) {
  for (uint64_t seed = 1; seed <= 20; seed++) {
    EXPECT_EQ(ScriptedRun(seed), ScriptedRun(seed)) << seed;
  }
  EXPECT_NE(ScriptedRun(1).first, ScriptedRun(2).first);
}

TEST(SimIo, PagerCommitSurvivesCrash) {
  SimDisk disk;
  {
    SimIo io(&disk, 11);
    std::unique_ptr<pager::Pager> pager;
    ASSERT_EQ(pager::Pager::Open(&io, "test.db", pager::PagerOptions{}, &pager), Rc::kOk);
    ASSERT_EQ(pager->BeginRead(), Rc::kOk);
    ASSERT_EQ(pager->BeginWrite(), Rc::kOk);
    pager::PageRef page;
    ASSERT_EQ(pager->Allocate(&page), Rc::kOk);
    std::memset(page.data(), 0x42, 4096);
    page.Release();
    ASSERT_EQ(pager->Commit(), Rc::kOk);
  }
  io::Random crash_random(5);
  disk.Crash(crash_random);
  SimIo io(&disk, 12);
  std::unique_ptr<pager::Pager> pager;
  ASSERT_EQ(pager::Pager::Open(&io, "test.db", pager::PagerOptions{}, &pager), Rc::kOk);
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  ASSERT_EQ(pager->page_count(), 2u);
  pager::PageRef page;
  ASSERT_EQ(pager->Get(2, &page), Rc::kOk);
  EXPECT_EQ(page.data()[4095], 0x42);
}

TEST(SimIo, SharedMemoryIsPerDatabaseAndResetWhenAllDetached) {
  SimDisk disk;
  SimIo io(&disk, 3);
  io::FileId first, second;
  ASSERT_EQ(io.Open("db", io::OpenFlags{.create = true}, &first), Rc::kOk);
  ASSERT_EQ(io.Open("db", io::OpenFlags{}, &second), Rc::kOk);
  uint8_t* a = nullptr;
  uint8_t* b = nullptr;
  ASSERT_EQ(io.ShmMap(first, 0, io::kShmRegionSize, /*extend=*/false, &a), Rc::kOk);
  EXPECT_EQ(a, nullptr);
  ASSERT_EQ(io.ShmMap(first, 0, io::kShmRegionSize, /*extend=*/true, &a), Rc::kOk);
  ASSERT_NE(a, nullptr);
  a[7] = 1;
  ASSERT_EQ(io.ShmMap(second, 0, io::kShmRegionSize, /*extend=*/false, &b), Rc::kOk);
  ASSERT_EQ(b, a);  // one machine, one memory
  EXPECT_EQ(io.ShmLock(first, 1, 1, io::LockKind::kExclusive), Rc::kOk);
  EXPECT_EQ(io.ShmLock(second, 1, 1, io::LockKind::kShared), Rc::kBusy);
  io.Close(first);  // closing drops its locks and detaches it
  EXPECT_EQ(io.ShmLock(second, 1, 1, io::LockKind::kExclusive), Rc::kOk);
  io.ShmUnmap(second, /*delete_shm=*/false);
  // Everyone detached: the next to attach starts from empty memory.
  ASSERT_EQ(io.ShmMap(second, 0, io::kShmRegionSize, /*extend=*/false, &b), Rc::kOk);
  EXPECT_EQ(b, nullptr);
  io.Close(second);
}

}  // namespace
}  // namespace simlite::sim
