// I/O errors that the simulator (simlite-sim --faults io) found mishandled, each reduced to the
// moment it went wrong: the statement fails with the error, and nothing committed is lost or
// misread afterwards.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "engine/connection.h"
#include "io/batch.h"
#include "simulator/sim_io.h"
#include "tests/support/engine_exec.h"

namespace simlite::engine {
namespace {

Rc Exec(Connection* db, const std::string& sql, std::vector<std::string>* rows = nullptr) {
  return testing::EngineExec(db, sql, rows);
}

std::unique_ptr<Connection> Open(io::Io* io) {
  OpenOptions options;
  options.io = io;
  options.page_size = 512;
  std::unique_ptr<Connection> db;
  EXPECT_EQ(Connection::Open("db", options, &db), Rc::kOk);
  return db;
}

// ROLLBACK while nothing can be read: it needs no schema (the schema a DDL statement changed
// would be reloaded first), and the pages it cannot read back must not stay cached zeroed
// (they did: page 1 read as zeros, "database disk image is malformed" ever after).
TEST(IoFaultTest, RollbackWorksWhileReadsFailAndLeavesNothingStale) {
  sim::SimDisk disk;
  sim::SimIo io(&disk, 1);
  std::unique_ptr<Connection> db = Open(&io);
  ASSERT_EQ(Exec(db.get(), "CREATE TABLE t(x)"), Rc::kOk);
  ASSERT_EQ(Exec(db.get(), "INSERT INTO t VALUES (1), (2), (3)"), Rc::kOk);
  ASSERT_EQ(Exec(db.get(), "BEGIN"), Rc::kOk);
  ASSERT_EQ(Exec(db.get(), "CREATE INDEX i ON t(x)"), Rc::kOk);
  ASSERT_EQ(Exec(db.get(), "INSERT INTO t VALUES (4)"), Rc::kOk);
  sim::FaultRates every_read;
  every_read.read_error = 1;
  io.set_faults(every_read);
  EXPECT_EQ(Exec(db.get(), "ROLLBACK"), Rc::kOk);
  EXPECT_TRUE(db->autocommit());
  io.set_faults({});
  std::vector<std::string> rows;
  ASSERT_EQ(Exec(db.get(), "SELECT x FROM t ORDER BY x", &rows), Rc::kOk);
  EXPECT_EQ(rows, (std::vector<std::string>{"1", "2", "3"}));
  rows.clear();
  ASSERT_EQ(Exec(db.get(), "SELECT name FROM sqlite_schema ORDER BY name", &rows), Rc::kOk);
  EXPECT_EQ(rows, (std::vector<std::string>{"t"}));
  rows.clear();
  ASSERT_EQ(Exec(db.get(), "PRAGMA integrity_check", &rows), Rc::kOk);
  EXPECT_EQ(rows, (std::vector<std::string>{"ok"}));
}

// BEGIN IMMEDIATE compiles without the schema too (it only takes the write lock).
TEST(IoFaultTest, BeginImmediateNeedsNoSchema) {
  sim::SimDisk disk;
  sim::SimIo io(&disk, 2);
  std::unique_ptr<Connection> db = Open(&io);
  ASSERT_EQ(Exec(db.get(), "CREATE TABLE t(x)"), Rc::kOk);
  ASSERT_EQ(Exec(db.get(), "BEGIN"), Rc::kOk);
  ASSERT_EQ(Exec(db.get(), "CREATE TABLE u(y)"), Rc::kOk);  // the schema must be reloaded
  ASSERT_EQ(Exec(db.get(), "ROLLBACK"), Rc::kOk);
  EXPECT_EQ(Exec(db.get(), "BEGIN IMMEDIATE"), Rc::kOk);
  EXPECT_EQ(Exec(db.get(), "INSERT INTO t VALUES (1)"), Rc::kOk);
  EXPECT_EQ(Exec(db.get(), "COMMIT"), Rc::kOk);
}

// An io whose reads of more than one byte from a journal fail: the hot-journal check (one
// byte) works, reading the journal's header does not.
class JournalHeaderUnreadable : public io::IoWrapper {
 public:
  explicit JournalHeaderUnreadable(io::Io* target) : IoWrapper(target) {}
  Rc Open(std::string_view path, io::OpenFlags flags, io::FileId* file) override {
    Rc rc = IoWrapper::Open(path, flags, file);
    if (rc == Rc::kOk && path.ends_with("-journal")) journals_.push_back(*file);
    return rc;
  }
  void Submit(std::span<io::IoOp> batch) override {
    for (io::IoOp& op : batch) {
      const bool journal = std::find(journals_.begin(), journals_.end(), op.file) !=
                           journals_.end();
      if (op.kind == io::OpKind::kRead && journal && op.length > 1) {
        op.result = Rc::kIoErrRead;
        op.done = true;
        continue;
      }
      Rc ignored = target()->Run({&op, 1});
      (void)ignored;
    }
  }
  Rc Wait(std::span<io::IoOp> batch) override { return io::FirstError(batch); }

 private:
  std::vector<io::FileId> journals_;
};

// A hot journal whose header cannot be read must stay (it was taken for an empty journal and
// deleted, leaving the database torn), and a later recovery restores the committed state.
TEST(IoFaultTest, HotJournalSurvivesAnUnreadableHeader) {
  int hot_journals = 0;
  for (uint64_t seed = 1; seed <= 40; seed++) {
    sim::SimDisk disk;
    {
      sim::SimIo io(&disk, seed);
      std::unique_ptr<Connection> db = Open(&io);
      ASSERT_EQ(Exec(db.get(), "CREATE TABLE t(x)"), Rc::kOk);
      ASSERT_EQ(Exec(db.get(), "INSERT INTO t SELECT zeroblob(300) FROM "
                               "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s "
                               "WHERE i < 20) SELECT i FROM s)"),
                Rc::kOk);
      io.CrashAtOperation(io.operation_count() + 4 + seed);
      Rc rc = Exec(db.get(), "UPDATE t SET x = zeroblob(301)");
      if (!io.crashed()) continue;
      (void)rc;
    }
    io::Random random(seed);
    disk.Crash(random);
    std::shared_ptr<sim::SimFile> journal = disk.Find("db-journal");
    if (!journal || journal->current.empty() || journal->current[0] == 0) continue;
    hot_journals++;
    {
      sim::SimIo io(&disk, seed);
      JournalHeaderUnreadable failing(&io);
      std::unique_ptr<Connection> db = Open(&failing);
      EXPECT_NE(Exec(db.get(), "SELECT count(*) FROM t"), Rc::kOk) << "seed " << seed;
    }
    EXPECT_NE(disk.Find("db-journal"), nullptr) << "seed " << seed;
    sim::SimIo io(&disk, seed);
    std::unique_ptr<Connection> db = Open(&io);
    std::vector<std::string> rows;
    ASSERT_EQ(Exec(db.get(), "SELECT count(*), sum(length(x)) FROM t", &rows), Rc::kOk)
        << "seed " << seed;
    EXPECT_EQ(rows, (std::vector<std::string>{"20|6000"})) << "seed " << seed;
    rows.clear();
    ASSERT_EQ(Exec(db.get(), "PRAGMA integrity_check", &rows), Rc::kOk);
    EXPECT_EQ(rows, (std::vector<std::string>{"ok"})) << "seed " << seed;
  }
  EXPECT_GT(hot_journals, 3);
}

}  // namespace
}  // namespace simlite::engine
