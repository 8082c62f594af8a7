// The pager in WAL mode on the simulated disk, several connections to one database: snapshot
// isolation, one writer, BUSY_SNAPSHOT, the checkpoint modes, WAL restart and truncation,
// the automatic checkpoint, recovery of the wal-index, and the last connection's cleanup.
// Expected values follow wal.html, walformat.html and c3ref/wal_checkpoint_v2.html.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <vector>

#include "common/varint.h"
#include "pager/pager.h"
#include "simulator/sim_io.h"
#include "tests/support/read_lock_hook.h"
#include "wal/wal_format.h"

namespace simlite::pager {
namespace {

using wal::CheckpointMode;

constexpr uint32_t kPageSize = 1024;

void Stamp(uint8_t* data, Pgno pgno, uint32_t version) {
  std::memset(data, static_cast<int>((pgno * 13 + version) & 0xff), kPageSize);
  Put4(data, pgno);
  Put4(data + 4, version);
}

// The version a page carries, or UINT32_MAX when it is not a stamp.
uint32_t VersionOf(const uint8_t* data, Pgno pgno) {
  uint32_t version = Get4(data + 4);
  if (Get4(data) != pgno) return UINT32_MAX;
  for (uint32_t byte_idx = 8; byte_idx < kPageSize; byte_idx++) {
    if (data[byte_idx] != static_cast<uint8_t>((pgno * 13 + version) & 0xff)) return UINT32_MAX;
  }
  return version;
}

class WalPagerTest : public ::testing::Test {
 protected:
  void SetUp() override { io_ = std::make_unique<sim::SimIo>(&disk_, 7); }

  static PagerOptions WalOptions(uint32_t autocheckpoint = 0) {
    PagerOptions options;
    options.page_size = kPageSize;
    options.journal_mode = JournalModeOption::kWal;
    options.wal_autocheckpoint_pages = autocheckpoint;
    return options;
  }

  std::unique_ptr<Pager> Connect(uint32_t autocheckpoint = 0) {
    std::unique_ptr<Pager> pager;
    EXPECT_EQ(Pager::Open(io_.get(), "db", WalOptions(autocheckpoint), &pager), Rc::kOk);
    return pager;
  }

  // One transaction stamping `pgnos` (growing the database as needed) with `version`.
  static Rc Write(Pager* pager, std::vector<Pgno> pgnos, uint32_t version) {
    SIMLITE_TRY(pager->BeginRead());
    Rc rc = pager->BeginWrite();
    for (size_t idx = 0; rc == Rc::kOk && idx < pgnos.size(); idx++) {
      PageRef page;
      while (rc == Rc::kOk && pager->page_count() < pgnos[idx]) rc = pager->Allocate(&page);
      if (rc == Rc::kOk) rc = pager->Get(pgnos[idx], &page);
      if (rc == Rc::kOk) rc = pager->MakeWritable(page);
      if (rc == Rc::kOk) Stamp(page.data(), pgnos[idx], version);
    }
    if (rc == Rc::kOk) rc = pager->Commit();
    if (pager->state() == Pager::State::kWriting) pager->Rollback();
    pager->EndRead();
    return rc;
  }

  // The version of each page 2..page_count, read in the pager's current read transaction.
  static std::vector<uint32_t> Versions(Pager* pager) {
    std::vector<uint32_t> versions;
    for (Pgno pgno = 2; pgno <= pager->page_count(); pgno++) {
      PageRef page;
      EXPECT_EQ(pager->Get(pgno, &page), Rc::kOk);
      versions.push_back(page.valid() ? VersionOf(page.data(), pgno) : UINT32_MAX);
    }
    return versions;
  }

  // The WAL header as the file holds it now.
  wal::WalHeader WalFileHeader() {
    wal::WalHeader header;
    auto file = disk_.Find("db-wal");
    EXPECT_NE(file, nullptr);
    if (file && file->current.size() >= wal::kWalHeaderSize) {
      EXPECT_TRUE(wal::DecodeWalHeader(file->current.data(), &header));
    }
    return header;
  }
  uint64_t FileSize(const char* path) {
    auto file = disk_.Find(path);
    return file ? file->current.size() : 0;
  }

  sim::SimDisk disk_;
  std::unique_ptr<sim::SimIo> io_;
};

TEST_F(WalPagerTest, NewDatabaseEntersWalAndLastCloseCleansUp) {
  auto pager = Connect();
  ASSERT_EQ(Write(pager.get(), {2, 3}, 1), Rc::kOk);
  EXPECT_EQ(pager->journal_mode(), JournalModeOption::kWal);  // the header says 2 now
  EXPECT_EQ(disk_.Find("db")->current[18], 2);
  EXPECT_EQ(disk_.Find("db")->current[19], 2);
  uint64_t db_size = FileSize("db");
  ASSERT_EQ(Write(pager.get(), {3, 4}, 2), Rc::kOk);
  EXPECT_EQ(FileSize("db"), db_size);  // the commit went to the WAL only
  // Two pages (3 and 4) and page 1 (the size changed): three frames, one commit.
  EXPECT_EQ(FileSize("db-wal"), wal::kWalHeaderSize + 3 * (kPageSize + wal::kFrameHeaderSize));
  auto other = Connect();
  ASSERT_EQ(other->BeginRead(), Rc::kOk);
  EXPECT_EQ(Versions(other.get()), (std::vector<uint32_t>{1, 2, 2}));
  other->EndRead();
  other.reset();  // not the last connection: the WAL stays
  EXPECT_NE(disk_.Find("db-wal"), nullptr);
  pager.reset();  // the last: checkpoint, then delete the WAL
  EXPECT_EQ(disk_.Find("db-wal"), nullptr);
  EXPECT_EQ(FileSize("db"), 4 * kPageSize);
  auto reopened = Connect();
  ASSERT_EQ(reopened->BeginRead(), Rc::kOk);
  EXPECT_EQ(Versions(reopened.get()), (std::vector<uint32_t>{1, 2, 2}));
  reopened->EndRead();
}

TEST_F(WalPagerTest, ReaderKeepsItsSnapshotAcrossCommitAndCheckpoint) {
  auto writer = Connect();
  auto reader = Connect();
  ASSERT_EQ(Write(writer.get(), {2, 3, 4}, 1), Rc::kOk);
  ASSERT_EQ(Write(writer.get(), {2}, 2), Rc::kOk);
  ASSERT_EQ(reader->BeginRead(), Rc::kOk);
  EXPECT_EQ(Versions(reader.get()), (std::vector<uint32_t>{2, 1, 1}));
  ASSERT_EQ(Write(writer.get(), {3, 5}, 3), Rc::kOk);
  int log = 0, done = 0;
  ASSERT_EQ(writer->Checkpoint(CheckpointMode::kPassive, &log, &done), Rc::kOk);
  EXPECT_LT(done, log);  // the reader's snapshot holds the checkpoint back
  EXPECT_EQ(Versions(reader.get()), (std::vector<uint32_t>{2, 1, 1}));
  EXPECT_EQ(writer->Checkpoint(CheckpointMode::kFull, &log, &done), Rc::kBusy);
  reader->EndRead();
  ASSERT_EQ(reader->BeginRead(), Rc::kOk);
  EXPECT_EQ(Versions(reader.get()), (std::vector<uint32_t>{2, 3, 1, 3}));
  reader->EndRead();
  ASSERT_EQ(writer->Checkpoint(CheckpointMode::kFull, &log, &done), Rc::kOk);
  EXPECT_EQ(done, log);
}

TEST_F(WalPagerTest, OneWriterAndBusySnapshot) {
  auto first = Connect();
  auto second = Connect();
  ASSERT_EQ(Write(first.get(), {2}, 1), Rc::kOk);
  ASSERT_EQ(first->BeginRead(), Rc::kOk);
  ASSERT_EQ(first->BeginWrite(), Rc::kOk);
  ASSERT_EQ(second->BeginRead(), Rc::kOk);
  EXPECT_EQ(second->BeginWrite(), Rc::kBusy);
  first->Rollback();
  first->EndRead();
  // second's snapshot is still current: it may write.
  ASSERT_EQ(second->BeginWrite(), Rc::kOk);
  second->Rollback();
  // A commit by first after second's snapshot began: second must start over.
  ASSERT_EQ(Write(first.get(), {2}, 2), Rc::kOk);
  EXPECT_EQ(second->BeginWrite(), Rc::kBusySnapshot);
  second->EndRead();
  EXPECT_EQ(Write(second.get(), {2}, 3), Rc::kOk);
}

TEST_F(WalPagerTest, RestartBumpsSaltAndTruncateEmptiesTheWal) {
  auto pager = Connect();
  ASSERT_EQ(Write(pager.get(), {2, 3}, 1), Rc::kOk);
  ASSERT_EQ(Write(pager.get(), {2}, 2), Rc::kOk);
  wal::WalHeader before = WalFileHeader();
  int log = 0, done = 0;
  ASSERT_EQ(pager->Checkpoint(CheckpointMode::kRestart, &log, &done), Rc::kOk);
  EXPECT_EQ(log, done);
  EXPECT_GT(log, 0);
  // The next writer starts the WAL over: salt-1 + 1, a new salt-2, checkpoint sequence + 1
  // (fileformat2.html 4.4).
  ASSERT_EQ(Write(pager.get(), {3}, 3), Rc::kOk);
  wal::WalHeader after = WalFileHeader();
  EXPECT_EQ(Get4(after.salt), Get4(before.salt) + 1);
  EXPECT_NE(Get4(after.salt + 4), Get4(before.salt + 4));
  EXPECT_EQ(after.checkpoint_seq, before.checkpoint_seq + 1);
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  EXPECT_EQ(Versions(pager.get()), (std::vector<uint32_t>{2, 3}));
  pager->EndRead();
  ASSERT_EQ(pager->Checkpoint(CheckpointMode::kTruncate, &log, &done), Rc::kOk);
  EXPECT_EQ(log, 0);
  EXPECT_EQ(done, 0);
  EXPECT_EQ(FileSize("db-wal"), 0u);
  ASSERT_EQ(Write(pager.get(), {2}, 4), Rc::kOk);
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  EXPECT_EQ(Versions(pager.get()), (std::vector<uint32_t>{4, 3}));
  pager->EndRead();
}

TEST_F(WalPagerTest, AutomaticCheckpointAtThreshold) {
  auto pager = Connect(/*autocheckpoint=*/8);
  ASSERT_EQ(Write(pager.get(), {2}, 1), Rc::kOk);
  uint64_t db_size = FileSize("db");
  ASSERT_EQ(Write(pager.get(), {2, 3, 4}, 2), Rc::kOk);  // 4 frames: below the threshold
  EXPECT_EQ(FileSize("db"), db_size);
  ASSERT_EQ(Write(pager.get(), {5, 6, 7, 8}, 3), Rc::kOk);  // 9 frames: checkpointed
  EXPECT_EQ(FileSize("db"), 8 * kPageSize);
  uint64_t wal_size = FileSize("db-wal");
  ASSERT_EQ(Write(pager.get(), {2}, 4), Rc::kOk);  // restarts the WAL: it does not grow
  EXPECT_EQ(FileSize("db-wal"), wal_size);
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  EXPECT_EQ(Versions(pager.get()), (std::vector<uint32_t>{4, 2, 2, 3, 3, 3, 3}));
  pager->EndRead();
}

TEST_F(WalPagerTest, NewProcessRecoversTheIndexFromTheWal) {
  {
    auto pager = Connect();
    ASSERT_EQ(Write(pager.get(), {2, 3}, 1), Rc::kOk);
    for (uint32_t version = 2; version < 40; version++) {
      ASSERT_EQ(Write(pager.get(), {2 + version % 5, 9}, version), Rc::kOk);
    }
    // A process that dies keeps its WAL: no checkpoint, no cleanup.
    io_->Crash();
  }
  EXPECT_GT(FileSize("db-wal"), 0u);
  io_ = std::make_unique<sim::SimIo>(&disk_, 8);  // the same disk, new shared memory
  auto pager = Connect();
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  EXPECT_EQ(Versions(pager.get()),
            (std::vector<uint32_t>{35, 36, 37, 38, 39, UINT32_MAX, UINT32_MAX, 39}));
  pager->EndRead();
}

TEST_F(WalPagerTest, LeavingWalModeNeedsTheLastConnection) {
  auto pager = Connect();
  auto other = Connect();
  ASSERT_EQ(Write(pager.get(), {2}, 1), Rc::kOk);
  ASSERT_EQ(Write(pager.get(), {2}, 2), Rc::kOk);
  ASSERT_EQ(other->BeginRead(), Rc::kOk);
  other->EndRead();  // other now holds SHARED until it closes
  EXPECT_EQ(pager->SetJournalMode(JournalModeOption::kDelete), Rc::kBusy);
  EXPECT_EQ(pager->journal_mode(), JournalModeOption::kWal);
  other.reset();
  ASSERT_EQ(pager->SetJournalMode(JournalModeOption::kDelete), Rc::kOk);
  EXPECT_EQ(pager->journal_mode(), JournalModeOption::kDelete);
  EXPECT_EQ(disk_.Find("db-wal"), nullptr);
  EXPECT_EQ(disk_.Find("db")->current[18], 1);
  EXPECT_EQ(disk_.Find("db")->current[19], 1);
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  EXPECT_EQ(Versions(pager.get()), (std::vector<uint32_t>{2}));
  pager->EndRead();
  ASSERT_EQ(pager->SetJournalMode(JournalModeOption::kWal), Rc::kOk);
  EXPECT_EQ(pager->journal_mode(), JournalModeOption::kWal);
  EXPECT_EQ(disk_.Find("db")->current[19], 2);
}

TEST_F(WalPagerTest, FullCheckpointWaitsThroughTheBusyHandler) {
  auto writer = Connect();
  auto reader = Connect();
  ASSERT_EQ(Write(writer.get(), {2, 3}, 1), Rc::kOk);
  ASSERT_EQ(Write(writer.get(), {2}, 2), Rc::kOk);
  ASSERT_EQ(reader->BeginRead(), Rc::kOk);
  ASSERT_EQ(Write(writer.get(), {3}, 3), Rc::kOk);
  int calls = 0;
  writer->SetBusyHandler([&](int attempt) {
    EXPECT_EQ(attempt, calls);
    if (++calls == 3) reader->EndRead();  // the reader moves on while the checkpoint waits
    return calls < 10;
  });
  int log = 0, done = 0;
  ASSERT_EQ(writer->Checkpoint(CheckpointMode::kFull, &log, &done), Rc::kOk);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(done, log);
  // A handler that gives up: FULL does what PASSIVE can, then reports busy.
  ASSERT_EQ(reader->BeginRead(), Rc::kOk);
  ASSERT_EQ(Write(writer.get(), {2}, 4), Rc::kOk);
  writer->SetBusyHandler([](int) { return false; });
  EXPECT_EQ(writer->Checkpoint(CheckpointMode::kFull, &log, &done), Rc::kBusy);
  EXPECT_LT(done, log);
  reader->EndRead();
}

// Refuses every shared-memory lock on the readers' slots once armed, as a lock failure (or a
// reader of another process) would.
class RefuseReadLocks final : public io::IoWrapper {
 public:
  explicit RefuseReadLocks(io::Io* target) : io::IoWrapper(target) {}
  Rc ShmLock(io::FileId db_file, uint32_t slot, uint32_t count, io::LockKind kind) override {
    if (armed && kind != io::LockKind::kUnlock && slot >= wal::ReadLock(1)) return Rc::kBusy;
    return io::IoWrapper::ShmLock(db_file, slot, count, kind);
  }
  bool armed = false;
};

// Regression (simlite-sim seed 509 with lock faults): the last close's checkpoint could copy
// only part of the WAL (a reader's slot it could not lock), and the close deleted the WAL
// anyway, losing the commits after that reader's mark. It must keep the WAL then.
TEST_F(WalPagerTest, LastCloseKeepsTheWalWhenTheCheckpointStopsShort) {
  RefuseReadLocks io(io_.get());
  const PagerOptions options = WalOptions();
  std::unique_ptr<Pager> pager;
  ASSERT_EQ(Pager::Open(&io, "db", options, &pager), Rc::kOk);
  ASSERT_EQ(Write(pager.get(), {2, 3}, 1), Rc::kOk);
  // A read leaves reader 1's mark at the WAL's end; the next commit goes past it.
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  pager->EndRead();
  ASSERT_EQ(Write(pager.get(), {3, 4}, 2), Rc::kOk);
  io.armed = true;
  pager.reset();  // the last close: its checkpoint cannot pass reader 1's mark
  io.armed = false;
  ASSERT_EQ(Pager::Open(io_.get(), "db", options, &pager), Rc::kOk);
  ASSERT_EQ(pager->BeginRead(), Rc::kOk);
  EXPECT_EQ(Versions(pager.get()), (std::vector<uint32_t>{1, 2, 2}));
  pager->EndRead();
}

// Pager invariant 7: a read transaction that begins on the snapshot its cache holds takes no
// lock until it reads a file; it serves that snapshot from the cache whatever others commit.
TEST_F(WalPagerTest, DeferredReadLocksOnlyAtItsFirstFileRead) {
  testing::ReadLockHook io(io_.get());
  std::unique_ptr<Pager> reader;
  ASSERT_EQ(Pager::Open(&io, "db", WalOptions(), &reader), Rc::kOk);
  auto writer = Connect();
  ASSERT_EQ(Write(writer.get(), {2, 3, 4}, 1), Rc::kOk);
  // The first read has nothing cached: it locks, and the cache fills.
  ASSERT_EQ(reader->BeginRead(/*defer_lock=*/true), Rc::kOk);
  EXPECT_FALSE(reader->lock_deferred());
  EXPECT_EQ(Versions(reader.get()), (std::vector<uint32_t>{1, 1, 1}));
  reader->EndRead();
  const int locks_after_first_read = io.read_locks;
  EXPECT_GT(locks_after_first_read, 0);
  // Nothing committed since: no lock, and the cached pages serve.
  ASSERT_EQ(reader->BeginRead(/*defer_lock=*/true), Rc::kOk);
  EXPECT_TRUE(reader->lock_deferred());
  ASSERT_EQ(Write(writer.get(), {2, 3}, 2), Rc::kOk);
  int log = 0, done = 0;
  ASSERT_EQ(writer->Checkpoint(CheckpointMode::kTruncate, &log, &done), Rc::kOk);
  EXPECT_EQ(Versions(reader.get()), (std::vector<uint32_t>{1, 1, 1}));
  EXPECT_EQ(io.read_locks, locks_after_first_read);
  // Taking the lock now finds the snapshot gone: the transaction must begin again.
  EXPECT_EQ(reader->TakeDeferredLock(), Rc::kInternalSnapshotMoved);
  EXPECT_EQ(reader->TakeDeferredLock(), Rc::kInternalSnapshotMoved);
  reader->EndRead();
  // A change since the last read: the lock is taken at once, and the new pages read.
  ASSERT_EQ(reader->BeginRead(/*defer_lock=*/true), Rc::kOk);
  EXPECT_FALSE(reader->lock_deferred());
  EXPECT_EQ(Versions(reader.get()), (std::vector<uint32_t>{2, 2, 1}));
  reader->EndRead();
  // Unchanged again: deferred, and taking the lock keeps the snapshot.
  ASSERT_EQ(reader->BeginRead(/*defer_lock=*/true), Rc::kOk);
  EXPECT_TRUE(reader->lock_deferred());
  EXPECT_EQ(reader->TakeDeferredLock(), Rc::kOk);
  EXPECT_FALSE(reader->lock_deferred());
  EXPECT_EQ(writer->Checkpoint(CheckpointMode::kTruncate, &log, &done), Rc::kOk);
  ASSERT_EQ(Write(writer.get(), {4}, 3), Rc::kOk);
  // The reader's slot holds the WAL: a RESTART checkpoint cannot finish.
  EXPECT_EQ(writer->Checkpoint(CheckpointMode::kRestart, &log, &done), Rc::kBusy);
  EXPECT_EQ(Versions(reader.get()), (std::vector<uint32_t>{2, 2, 1}));
  reader->EndRead();
}

// A deferred read whose cache lacks a page reads it only after taking the lock; if someone
// committed since the read began, that page could be newer than the cached ones, so the read
// fails (kInternalSnapshotMoved) rather than mix two snapshots.
TEST_F(WalPagerTest, DeferredReadNeverMixesSnapshots) {
  PagerOptions options = WalOptions();
  options.cache_pages = 4;
  std::unique_ptr<Pager> reader;
  ASSERT_EQ(Pager::Open(io_.get(), "db", options, &reader), Rc::kOk);
  auto writer = Connect();
  std::vector<Pgno> pages;
  for (Pgno pgno = 2; pgno <= 12; pgno++) pages.push_back(pgno);
  ASSERT_EQ(Write(writer.get(), pages, 1), Rc::kOk);
  ASSERT_EQ(reader->BeginRead(), Rc::kOk);
  PageRef page;
  ASSERT_EQ(reader->Get(2, &page), Rc::kOk);  // cached; 12 is not (the cache holds 4)
  page.Release();
  for (Pgno pgno = 3; pgno <= 12; pgno++) ASSERT_EQ(reader->Get(pgno, &page), Rc::kOk);
  page.Release();
  ASSERT_EQ(reader->Get(2, &page), Rc::kOk);
  page.Release();
  reader->EndRead();
  ASSERT_EQ(reader->BeginRead(/*defer_lock=*/true), Rc::kOk);
  ASSERT_TRUE(reader->lock_deferred());
  ASSERT_EQ(reader->Get(2, &page), Rc::kOk);
  EXPECT_EQ(VersionOf(page.data(), 2), 1u);
  ASSERT_EQ(Write(writer.get(), pages, 2), Rc::kOk);
  EXPECT_EQ(reader->Get(3, &page), Rc::kInternalSnapshotMoved);
  reader->EndRead();
  ASSERT_EQ(reader->BeginRead(/*defer_lock=*/true), Rc::kOk);
  EXPECT_EQ(Versions(reader.get()), std::vector<uint32_t>(11, 2));
  reader->EndRead();
}

}  // namespace
}  // namespace simlite::pager
