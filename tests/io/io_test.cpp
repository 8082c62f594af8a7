// The same cases on every real io backend: both must honour io.h's contract identically.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "io/posix_io.h"
#include "io/uring_io.h"

namespace simlite::io {
namespace {

std::unique_ptr<Io> MakeBackend(const std::string& name) {
  if (name == "uring") return UringIo::Create();
  return std::make_unique<PosixIo>();
}

class IoTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    io_ = MakeBackend(GetParam());
    ASSERT_NE(io_, nullptr) << "backend " << GetParam() << " failed to initialise";
    ASSERT_EQ(io_->name(), GetParam());
    char dir_template[] = "/tmp/simlite_io_test_XXXXXX";
    ASSERT_NE(mkdtemp(dir_template), nullptr);
    dir_ = dir_template;
  }
  void TearDown() override {
    for (FileId file : open_files_) io_->Close(file);
    std::string command = "rm -rf '" + dir_ + "'";
    ASSERT_EQ(std::system(command.c_str()), 0);
  }
  std::string Path(const char* name) const { return dir_ + "/" + name; }
  FileId OpenNew(const char* name) {
    FileId file = kNoFile;
    EXPECT_EQ(io_->Open(Path(name), OpenFlags{.create = true}, &file), Rc::kOk);
    open_files_.push_back(file);
    return file;
  }
  uint64_t SizeOf(FileId file) {
    uint64_t size = 0;
    EXPECT_EQ(io_->Size(file, &size), Rc::kOk);
    return size;
  }

  std::unique_ptr<Io> io_;
  std::string dir_;
  std::vector<FileId> open_files_;
};

TEST_P(IoTest, WriteThenReadBack) {
  FileId file = OpenNew("a");
  const char text[] = "hello, pages";
  ASSERT_EQ(io_->Write(file, 0, reinterpret_cast<const uint8_t*>(text), sizeof(text)), Rc::kOk);
  uint8_t back[sizeof(text)] = {};
  ASSERT_EQ(io_->Read(file, 0, back, sizeof(back)), Rc::kOk);
  EXPECT_EQ(std::memcmp(back, text, sizeof(text)), 0);
  EXPECT_EQ(SizeOf(file), sizeof(text));
}

TEST_P(IoTest, ShortReadAtEofZeroFills) {
  FileId file = OpenNew("a");
  const uint8_t data[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  ASSERT_EQ(io_->Write(file, 0, data, sizeof(data)), Rc::kOk);
  uint8_t back[32];
  std::memset(back, 0xaa, sizeof(back));
  IoOp op = IoOp::Read(file, 4, back, sizeof(back));
  EXPECT_EQ(io_->Run({&op, 1}), Rc::kIoErrShortRead);
  EXPECT_EQ(op.bytes, 6u);
  EXPECT_EQ(back[0], 5);
  EXPECT_EQ(back[5], 10);
  for (size_t byte_idx = 6; byte_idx < sizeof(back); byte_idx++) EXPECT_EQ(back[byte_idx], 0);
  // Entirely past the end: nothing read, all zero.
  std::memset(back, 0xaa, sizeof(back));
  op = IoOp::Read(file, 1000, back, sizeof(back));
  EXPECT_EQ(io_->Run({&op, 1}), Rc::kIoErrShortRead);
  EXPECT_EQ(op.bytes, 0u);
  EXPECT_EQ(back[31], 0);
}

TEST_P(IoTest, WritePastEofLeavesZeroHole) {
  FileId file = OpenNew("a");
  const uint8_t one = 0x5a;
  ASSERT_EQ(io_->Write(file, 8191, &one, 1), Rc::kOk);
  EXPECT_EQ(SizeOf(file), 8192u);
  uint8_t back[8192];
  ASSERT_EQ(io_->Read(file, 0, back, sizeof(back)), Rc::kOk);
  EXPECT_EQ(back[0], 0);
  EXPECT_EQ(back[8190], 0);
  EXPECT_EQ(back[8191], 0x5a);
}

TEST_P(IoTest, TruncateShrinksAndGrows) {
  FileId file = OpenNew("a");
  std::vector<uint8_t> data(4096, 7);
  ASSERT_EQ(io_->Write(file, 0, data.data(), 4096), Rc::kOk);
  ASSERT_EQ(io_->Truncate(file, 1000), Rc::kOk);
  EXPECT_EQ(SizeOf(file), 1000u);
  ASSERT_EQ(io_->Truncate(file, 5000), Rc::kOk);
  EXPECT_EQ(SizeOf(file), 5000u);
  uint8_t back = 1;
  ASSERT_EQ(io_->Read(file, 4000, &back, 1), Rc::kOk);
  EXPECT_EQ(back, 0);
}

TEST_P(IoTest, BatchOfWritesSyncAndTruncateKeepsOrder) {
  FileId file = OpenNew("a");
  constexpr int kPages = 64;
  constexpr uint32_t kPageSize = 4096;
  std::vector<uint8_t> pages(kPages * kPageSize);
  for (int page_idx = 0; page_idx < kPages; page_idx++) {
    std::memset(&pages[page_idx * kPageSize], page_idx + 1, kPageSize);
  }
  std::vector<IoOp> batch;
  for (int page_idx = 0; page_idx < kPages; page_idx++) {
    batch.push_back(IoOp::Write(file, static_cast<uint64_t>(page_idx) * kPageSize,
                                &pages[page_idx * kPageSize], kPageSize));
  }
  batch.push_back(IoOp::Sync(file));
  // After the barrier: shrink to 10 pages, then read page 9 back.
  batch.push_back(IoOp::Truncate(file, 10 * kPageSize));
  uint8_t back[kPageSize];
  batch.push_back(IoOp::Read(file, 9 * kPageSize, back, kPageSize));
  ASSERT_EQ(io_->Run(batch), Rc::kOk);
  for (const IoOp& op : batch) EXPECT_TRUE(op.done);
  EXPECT_EQ(back[0], 10);
  EXPECT_EQ(back[kPageSize - 1], 10);
  EXPECT_EQ(SizeOf(file), 10 * kPageSize);
}

TEST_P(IoTest, FailureCancelsLaterBarriersAndWhatFollows) {
  FileId good = OpenNew("good");
  OpenNew("ro");
  FileId read_only = kNoFile;
  ASSERT_EQ(io_->Open(Path("ro"), OpenFlags{.read_write = false}, &read_only), Rc::kOk);
  open_files_.push_back(read_only);
  const uint8_t journal[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  const uint8_t database[8] = {9, 9, 9, 9, 9, 9, 9, 9};
  // "journal write, sync, database write, sync", where the journal write fails.
  std::vector<IoOp> batch = {IoOp::Write(read_only, 0, journal, 8), IoOp::Sync(read_only),
                             IoOp::Write(good, 0, database, 8), IoOp::Sync(good)};
  EXPECT_EQ(io_->Run(batch), Rc::kIoErrWrite);
  for (const IoOp& op : batch) EXPECT_TRUE(op.done);
  EXPECT_EQ(batch[1].result, Rc::kIoErr);
  EXPECT_EQ(batch[2].result, Rc::kIoErr);
  EXPECT_EQ(batch[3].result, Rc::kIoErr);
  EXPECT_EQ(SizeOf(good), 0u) << "the database write ran after the failed journal write";
  // The same batch shape without a failure runs whole.
  std::vector<IoOp> fine = {IoOp::Write(good, 0, journal, 8), IoOp::Sync(good),
                            IoOp::Write(good, 8, database, 8), IoOp::Sync(good)};
  EXPECT_EQ(io_->Run(fine), Rc::kOk);
  EXPECT_EQ(SizeOf(good), 16u);
}

TEST_P(IoTest, SyncSucceeds) {
  FileId file = OpenNew("a");
  const uint8_t byte = 1;
  ASSERT_EQ(io_->Write(file, 0, &byte, 1), Rc::kOk);
  EXPECT_EQ(io_->Sync(file), Rc::kOk);
}

TEST_P(IoTest, BadHandleGivesIoErrors) {
  constexpr FileId kBad = 1 << 20;
  uint8_t byte = 0;
  EXPECT_EQ(io_->Read(kBad, 0, &byte, 1), Rc::kIoErrRead);
  EXPECT_EQ(io_->Write(kBad, 0, &byte, 1), Rc::kIoErrWrite);
  EXPECT_EQ(io_->Sync(kBad), Rc::kIoErrFsync);
  EXPECT_EQ(io_->Truncate(kBad, 0), Rc::kIoErrTruncate);
  uint64_t size = 0;
  EXPECT_EQ(io_->Size(kBad, &size), Rc::kIoErrFstat);
}

TEST_P(IoTest, ReadOnlyHandleRefusesWrites) {
  OpenNew("a");
  FileId file = kNoFile;
  ASSERT_EQ(io_->Open(Path("a"), OpenFlags{.read_write = false}, &file), Rc::kOk);
  open_files_.push_back(file);
  const uint8_t byte = 1;
  EXPECT_EQ(io_->Write(file, 0, &byte, 1), Rc::kIoErrWrite);
}

TEST_P(IoTest, MissingFilesAndDirectories) {
  FileId file = kNoFile;
  EXPECT_EQ(io_->Open(Path("missing"), OpenFlags{}, &file), Rc::kCantOpen);
  EXPECT_EQ(file, kNoFile);
  EXPECT_EQ(io_->Open(Path("no/such/dir"), OpenFlags{.create = true}, &file), Rc::kCantOpen);
  EXPECT_EQ(io_->Open(dir_, OpenFlags{.read_write = false}, &file), Rc::kCantOpenIsDir);
  EXPECT_EQ(io_->Delete(Path("missing")), Rc::kIoErrDeleteNoEnt);
  bool exists = true;
  ASSERT_EQ(io_->Exists(Path("missing"), &exists), Rc::kOk);
  EXPECT_FALSE(exists);
  OpenNew("present");
  ASSERT_EQ(io_->Exists(Path("present"), &exists), Rc::kOk);
  EXPECT_TRUE(exists);
  EXPECT_EQ(io_->Delete(Path("present")), Rc::kOk);
  ASSERT_EQ(io_->Exists(Path("present"), &exists), Rc::kOk);
  EXPECT_FALSE(exists);
  EXPECT_EQ(io_->Open(Path("x"), OpenFlags{.create = true, .exclusive = true}, &file), Rc::kOk);
  open_files_.push_back(file);
  EXPECT_EQ(io_->Open(Path("x"), OpenFlags{.create = true, .exclusive = true}, &file),
            Rc::kCantOpen);
}

TEST_P(IoTest, LocksExcludeOtherHandles) {
  FileId first = OpenNew("db");
  FileId second = kNoFile;
  ASSERT_EQ(io_->Open(Path("db"), OpenFlags{}, &second), Rc::kOk);
  open_files_.push_back(second);
  constexpr uint64_t kPending = 0x40000000;
  EXPECT_EQ(io_->Lock(first, kPending, 1, LockKind::kShared), Rc::kOk);
  EXPECT_EQ(io_->Lock(second, kPending, 1, LockKind::kShared), Rc::kOk);
  EXPECT_EQ(io_->Lock(second, kPending, 1, LockKind::kExclusive), Rc::kBusy);
  EXPECT_EQ(io_->Lock(first, kPending, 1, LockKind::kUnlock), Rc::kOk);
  EXPECT_EQ(io_->Lock(second, kPending, 1, LockKind::kExclusive), Rc::kOk);
  EXPECT_EQ(io_->Lock(first, kPending, 1, LockKind::kShared), Rc::kBusy);
  // Closing a third handle on the same file keeps the second's lock (OFD locks).
  FileId third = kNoFile;
  ASSERT_EQ(io_->Open(Path("db"), OpenFlags{}, &third), Rc::kOk);
  io_->Close(third);
  EXPECT_EQ(io_->Lock(first, kPending, 1, LockKind::kShared), Rc::kBusy);
}

TEST_P(IoTest, TestLockSeesOtherHandlesOnly) {
  FileId first = OpenNew("db");
  FileId second = kNoFile;
  ASSERT_EQ(io_->Open(Path("db"), OpenFlags{}, &second), Rc::kOk);
  open_files_.push_back(second);
  constexpr uint64_t kReserved = 0x40000001;
  bool held = true;
  ASSERT_EQ(io_->TestLock(second, kReserved, 1, LockKind::kExclusive, &held), Rc::kOk);
  EXPECT_FALSE(held);
  ASSERT_EQ(io_->Lock(first, kReserved, 1, LockKind::kExclusive), Rc::kOk);
  ASSERT_EQ(io_->TestLock(second, kReserved, 1, LockKind::kExclusive, &held), Rc::kOk);
  EXPECT_TRUE(held);
  ASSERT_EQ(io_->TestLock(first, kReserved, 1, LockKind::kExclusive, &held), Rc::kOk);
  EXPECT_FALSE(held);  // its own lock is no conflict
  // Testing takes nothing: the holder can still release and the other can then lock.
  ASSERT_EQ(io_->Lock(first, kReserved, 1, LockKind::kUnlock), Rc::kOk);
  EXPECT_EQ(io_->Lock(second, kReserved, 1, LockKind::kExclusive), Rc::kOk);
}

TEST_P(IoTest, TempFilesAreAnonymous) {
  FileId file = kNoFile;
  ASSERT_EQ(io_->OpenTemp(&file), Rc::kOk);
  open_files_.push_back(file);
  const uint8_t data[3] = {1, 2, 3};
  ASSERT_EQ(io_->Write(file, 100, data, 3), Rc::kOk);
  EXPECT_EQ(SizeOf(file), 103u);
}

TEST_P(IoTest, RandomIsSeededPerBackendAndClockMoves) {
  int64_t before = io_->clock().NowUnixMs();
  io_->clock().SleepUs(2000);
  EXPECT_GE(io_->clock().NowUnixMs(), before + 1);
  Random a(42), b(42);
  for (int draw_idx = 0; draw_idx < 100; draw_idx++) EXPECT_EQ(a.Next(), b.Next());
}

TEST_P(IoTest, SharedMemoryIsSharedAndLockedPerHandle) {
  FileId first = OpenNew("db");
  FileId second = kNoFile;
  ASSERT_EQ(io_->Open(Path("db"), OpenFlags{}, &second), Rc::kOk);
  open_files_.push_back(second);
  uint8_t* a = nullptr;
  ASSERT_EQ(io_->ShmMap(first, 0, kShmRegionSize, /*extend=*/false, &a), Rc::kOk);
  EXPECT_EQ(a, nullptr);  // no region yet, and not asked to create one
  ASSERT_EQ(io_->ShmMap(first, 0, kShmRegionSize, /*extend=*/true, &a), Rc::kOk);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a[0], 0);
  EXPECT_EQ(a[kShmRegionSize - 1], 0);
  a[100] = 42;
  uint8_t* b = nullptr;
  ASSERT_EQ(io_->ShmMap(second, 0, kShmRegionSize, /*extend=*/false, &b), Rc::kOk);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b[100], 42);
  b[200] = 7;
  EXPECT_EQ(a[200], 7);
  uint8_t* region2 = nullptr;
  ASSERT_EQ(io_->ShmMap(first, 2, kShmRegionSize, /*extend=*/true, &region2), Rc::kOk);
  ASSERT_NE(region2, nullptr);
  uint8_t* region1 = nullptr;
  ASSERT_EQ(io_->ShmMap(second, 1, kShmRegionSize, /*extend=*/false, &region1), Rc::kOk);
  EXPECT_NE(region1, nullptr);  // creating region 2 created region 1
  // The -shm file backs it, region by region.
  bool exists = false;
  ASSERT_EQ(io_->Exists(Path("db-shm"), &exists), Rc::kOk);
  EXPECT_TRUE(exists);
  // Lock slots: handles exclude each other as processes do.
  EXPECT_EQ(io_->ShmLock(first, 0, 1, LockKind::kExclusive), Rc::kOk);
  EXPECT_EQ(io_->ShmLock(second, 0, 1, LockKind::kShared), Rc::kBusy);
  EXPECT_EQ(io_->ShmLock(second, 3, 2, LockKind::kShared), Rc::kOk);
  EXPECT_EQ(io_->ShmLock(first, 4, 1, LockKind::kShared), Rc::kOk);
  EXPECT_EQ(io_->ShmLock(first, 4, 1, LockKind::kUnlock), Rc::kOk);
  EXPECT_EQ(io_->ShmLock(first, 3, 1, LockKind::kExclusive), Rc::kBusy);
  EXPECT_EQ(io_->ShmLock(first, 0, 1, LockKind::kUnlock), Rc::kOk);
  EXPECT_EQ(io_->ShmLock(second, 0, 1, LockKind::kExclusive), Rc::kOk);
  // Detaching drops the handle's locks; the last one may delete the memory.
  io_->ShmUnmap(second, /*delete_shm=*/false);
  EXPECT_EQ(io_->ShmLock(first, 0, 8, LockKind::kExclusive), Rc::kOk);
  io_->ShmUnmap(first, /*delete_shm=*/true);
  ASSERT_EQ(io_->Exists(Path("db-shm"), &exists), Rc::kOk);
  EXPECT_FALSE(exists);
}

TEST_P(IoTest, FirstToAttachDiscardsStaleSharedMemory) {
  // A -shm left by a crashed process: garbage everywhere.
  FileId stale = OpenNew("db-shm");
  std::vector<uint8_t> garbage(2 * kShmRegionSize, 0xee);
  ASSERT_EQ(io_->Write(stale, 0, garbage.data(), static_cast<uint32_t>(garbage.size())), Rc::kOk);
  FileId first = OpenNew("db");
  uint8_t* a = nullptr;
  ASSERT_EQ(io_->ShmMap(first, 0, kShmRegionSize, /*extend=*/false, &a), Rc::kOk);
  EXPECT_EQ(a, nullptr);  // nobody was attached: the content is gone
  EXPECT_LT(SizeOf(stale), 136u);  // smaller than a wal-index header, as SQLite leaves it
  ASSERT_EQ(io_->ShmMap(first, 0, kShmRegionSize, /*extend=*/true, &a), Rc::kOk);
  EXPECT_EQ(a[12], 0);  // the header's isInit byte: never initialised
  EXPECT_EQ(a[200], 0);
  a[200] = 9;
  // A second handle attaching while the first is attached keeps the content.
  FileId second = kNoFile;
  ASSERT_EQ(io_->Open(Path("db"), OpenFlags{}, &second), Rc::kOk);
  open_files_.push_back(second);
  uint8_t* b = nullptr;
  ASSERT_EQ(io_->ShmMap(second, 0, kShmRegionSize, /*extend=*/false, &b), Rc::kOk);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b[200], 9);
}

INSTANTIATE_TEST_SUITE_P(Backends, IoTest, ::testing::Values("posix", "uring"),
                         [](const auto& info) { return info.param; });

TEST(DefaultIo, EnvironmentChoosesBackend) {
  const char* saved = std::getenv("SIMLITE_IO");
  std::string saved_value = saved ? saved : "";
  setenv("SIMLITE_IO", "posix", 1);
  EXPECT_EQ(CreateDefaultIo()->name(), "posix");
  setenv("SIMLITE_IO", "uring", 1);
  EXPECT_EQ(CreateDefaultIo()->name(), "uring");
  if (saved) {
    setenv("SIMLITE_IO", saved_value.c_str(), 1);
  } else {
    unsetenv("SIMLITE_IO");
  }
}

}  // namespace
}  // namespace simlite::io
