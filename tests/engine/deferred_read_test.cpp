// Read transactions with their lock deferred (Pager invariant 7) through whole statements: a
// WAL-mode statement that begins on the snapshot its connection has cached takes no read lock
// while its pages come from the cache; at its first file read it takes the lock, and runs
// again from the start if someone committed meanwhile; a row goes out only once the lock is
// held, or once the statement will read no more pages (then it gives the snapshot up).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/connection.h"
#include "simulator/sim_io.h"
#include "tests/support/engine_exec.h"
#include "tests/support/read_lock_hook.h"

namespace simlite::engine {
namespace {

using testing::EngineText;
using testing::ReadLockHook;

Rc Exec(Connection* db, const std::string& sql, std::vector<std::string>* rows = nullptr) {
  return testing::EngineExec(db, sql, rows);
}

std::string One(Connection* db, const std::string& sql) {
  std::vector<std::string> rows;
  EXPECT_EQ(Exec(db, sql, &rows), Rc::kOk) << sql;
  return rows.size() == 1 ? rows[0] : "(" + std::to_string(rows.size()) + " rows)";
}

class DeferredReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    io_ = std::make_unique<sim::SimIo>(&disk_, 11);
    hook_ = std::make_unique<ReadLockHook>(io_.get());
    reader_ = Open(hook_.get());
    writer_ = Open(io_.get());
    ASSERT_EQ(Exec(writer_.get(), "PRAGMA journal_mode=WAL"), Rc::kOk);
    ASSERT_EQ(Exec(writer_.get(), "CREATE TABLE t(a INTEGER PRIMARY KEY, b, pad)"), Rc::kOk);
    // 300 rows of about 110 bytes: about 70 pages of 512 bytes, against a reader's cache
    // of 10.
    ASSERT_EQ(Exec(writer_.get(),
                   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
                   "INSERT INTO t SELECT i, i, randomblob(100) FROM n"),
              Rc::kOk);
  }

  std::unique_ptr<Connection> Open(io::Io* io) {
    OpenOptions options;
    options.io = io;
    options.page_size = 512;
    options.cache_pages = 10;
    std::unique_ptr<Connection> db;
    EXPECT_EQ(Connection::Open("db", options, &db), Rc::kOk);
    return db;
  }

  sim::SimDisk disk_;
  std::unique_ptr<sim::SimIo> io_;
  std::unique_ptr<ReadLockHook> hook_;
  std::unique_ptr<Connection> reader_;
  std::unique_ptr<Connection> writer_;
};

TEST_F(DeferredReadTest, PointLookupsOnAnUnchangedSnapshotTakeNoReadLock) {
  for (int warm_up = 0; warm_up < 2; warm_up++) {
    EXPECT_EQ(One(reader_.get(), "SELECT b FROM t WHERE a = 7"), "7");
    EXPECT_EQ(One(reader_.get(), "SELECT count(*) FROM t WHERE a < 3"), "2");
  }
  const int locks = hook_->read_locks;
  for (int round = 0; round < 20; round++) {
    EXPECT_EQ(One(reader_.get(), "SELECT b FROM t WHERE a = 7"), "7");
    EXPECT_EQ(One(reader_.get(), "SELECT count(*) FROM t WHERE a < 3"), "2");
  }
  EXPECT_EQ(hook_->read_locks, locks);
  // Another connection's commit: the next statement locks, and sees it.
  ASSERT_EQ(Exec(writer_.get(), "UPDATE t SET b = -7 WHERE a = 7"), Rc::kOk);
  EXPECT_EQ(One(reader_.get(), "SELECT b FROM t WHERE a = 7"), "-7");
  EXPECT_GT(hook_->read_locks, locks);
  // Nor does a statement inside BEGIN ... COMMIT defer: the transaction outlives it.
  const int locks_before_begin = hook_->read_locks;
  ASSERT_EQ(Exec(reader_.get(), "BEGIN"), Rc::kOk);
  EXPECT_EQ(One(reader_.get(), "SELECT b FROM t WHERE a = 7"), "-7");
  ASSERT_EQ(Exec(reader_.get(), "COMMIT"), Rc::kOk);
  EXPECT_GT(hook_->read_locks, locks_before_begin);
}

// The reader has row 300's page cached, not row 1's; the writer commits just before the
// reader's lock is taken, at the read of row 1's page. Served the new row 1 and the cached
// row 300, the sum would be neither snapshot's (302); the statement must run again and see
// the commit whole.
TEST_F(DeferredReadTest, AStatementWhoseSnapshotMovesRunsAgainOnTheNewOne) {
  EXPECT_EQ(One(reader_.get(), "SELECT b FROM t WHERE a = 300"), "300");
  EXPECT_EQ(One(reader_.get(), "SELECT b FROM t WHERE a = 300"), "300");
  bool committed = false;
  hook_->action = [&] {
    EXPECT_EQ(Exec(writer_.get(), "UPDATE t SET b = b + 1"), Rc::kOk);
    committed = true;
  };
  EXPECT_EQ(One(reader_.get(), "SELECT sum(b) FROM t WHERE a IN (1, 300)"), "303");
  EXPECT_TRUE(committed);
  EXPECT_EQ(One(reader_.get(), "SELECT sum(b) FROM t"), "45450");
}

// A scan that has returned a row reads on: it took its lock before the row went out, so it
// keeps its snapshot (and holds checkpoints back) as in SQLite.
TEST_F(DeferredReadTest, AScanHoldsItsSnapshotOnceItReturnedARow) {
  // The scan's first row comes from the cache: it goes out before any file read.
  EXPECT_EQ(One(reader_.get(), "SELECT b FROM t WHERE a = 1"), "1");
  EXPECT_EQ(One(reader_.get(), "SELECT b FROM t WHERE a = 1"), "1");
  const int locks = hook_->read_locks;
  std::unique_ptr<Statement> scan;
  size_t tail = 0;
  ASSERT_EQ(reader_->Prepare("SELECT a, b FROM t ORDER BY a", &scan, &tail), Rc::kOk);
  ASSERT_EQ(scan->Step(), Rc::kRow);
  EXPECT_EQ(EngineText(scan->column(1)), "1");
  EXPECT_EQ(hook_->read_locks, locks + 1);
  ASSERT_EQ(Exec(writer_.get(), "UPDATE t SET b = b + 1000"), Rc::kOk);
  int log = 0, done = 0;
  EXPECT_EQ(writer_->Checkpoint(/*SQLITE_CHECKPOINT_RESTART*/ 2, &log, &done), Rc::kBusy);
  int rows = 1;
  int64_t sum = 1;
  Rc rc;
  while ((rc = scan->Step()) == Rc::kRow) {
    rows++;
    sum += std::stoll(EngineText(scan->column(1)));
  }
  EXPECT_EQ(rc, Rc::kDone);
  EXPECT_EQ(rows, 300);
  EXPECT_EQ(sum, 45150);
  scan.reset();
  EXPECT_EQ(One(reader_.get(), "SELECT sum(b) FROM t"), "345150");
}

// docs/compat.md: a statement that has returned the last row it will read gives up its
// snapshot then, not at its end: another connection may checkpoint past it, which SQLite,
// holding the snapshot until the statement is stepped to its end or reset, would refuse.
TEST_F(DeferredReadTest, AStatementGivesUpItsSnapshotAtItsLastRow) {
  EXPECT_EQ(One(reader_.get(), "SELECT b FROM t WHERE a = 9"), "9");
  std::unique_ptr<Statement> lookup;
  size_t tail = 0;
  ASSERT_EQ(reader_->Prepare("SELECT b FROM t WHERE a = 9", &lookup, &tail), Rc::kOk);
  ASSERT_EQ(lookup->Step(), Rc::kRow);
  EXPECT_EQ(EngineText(lookup->column(0)), "9");
  ASSERT_EQ(Exec(writer_.get(), "UPDATE t SET b = -9 WHERE a = 9"), Rc::kOk);
  int log = 0, done = 0;
  EXPECT_EQ(writer_->Checkpoint(/*SQLITE_CHECKPOINT_TRUNCATE*/ 3, &log, &done), Rc::kOk);
  EXPECT_EQ(EngineText(lookup->column(0)), "9");  // the row stays as it was returned
  EXPECT_EQ(One(reader_.get(), "SELECT b FROM t WHERE a = 9"), "-9");
  EXPECT_EQ(lookup->Step(), Rc::kDone);
}

// A statement that also reads a database whose transaction cannot defer its lock (the temp
// database here) keeps its snapshot of the WAL database to its end, as SQLite: it takes the
// lock before its row goes out, so another statement of the connection reads that snapshot.
TEST_F(DeferredReadTest, AStatementReadingTheTempDatabaseTooLocksBeforeItsRow) {
  ASSERT_EQ(Exec(reader_.get(), "CREATE TEMP TABLE x(k INTEGER PRIMARY KEY, v)"), Rc::kOk);
  ASSERT_EQ(Exec(reader_.get(), "INSERT INTO x VALUES (1, 'one')"), Rc::kOk);
  const std::string join = "SELECT t.b, x.v FROM t, temp.x WHERE t.a = 7 AND x.k = 1";
  EXPECT_EQ(One(reader_.get(), join), "7|one");
  EXPECT_EQ(One(reader_.get(), join), "7|one");
  std::unique_ptr<Statement> statement;
  size_t tail = 0;
  ASSERT_EQ(reader_->Prepare(join, &statement, &tail), Rc::kOk);
  ASSERT_EQ(statement->Step(), Rc::kRow);
  ASSERT_EQ(Exec(writer_.get(), "UPDATE t SET b = -b"), Rc::kOk);
  int log = 0, done = 0;
  EXPECT_EQ(writer_->Checkpoint(/*SQLITE_CHECKPOINT_TRUNCATE*/ 3, &log, &done), Rc::kBusy);
  // Row 250's page is not cached: read under the statement's snapshot.
  EXPECT_EQ(One(reader_.get(), "SELECT b FROM t WHERE a = 250"), "250");
  EXPECT_EQ(statement->Step(), Rc::kDone);
  statement.reset();
  EXPECT_EQ(One(reader_.get(), "SELECT b FROM t WHERE a = 250"), "-250");
}

// An attached WAL database whose statement gave its snapshot up at its last row: the
// statement holds nothing of it, so DETACH succeeds (SQLite, holding the snapshot, would say
// "database aux is locked"), and the statement then ends cleanly.
TEST_F(DeferredReadTest, DetachAfterAStatementGaveItsSnapshotUp) {
  std::unique_ptr<Connection> aux_writer;
  OpenOptions options;
  options.io = io_.get();
  ASSERT_EQ(Connection::Open("aux", options, &aux_writer), Rc::kOk);
  ASSERT_EQ(Exec(aux_writer.get(), "PRAGMA journal_mode=WAL"), Rc::kOk);
  ASSERT_EQ(Exec(aux_writer.get(), "CREATE TABLE u(a INTEGER PRIMARY KEY, b)"), Rc::kOk);
  ASSERT_EQ(Exec(aux_writer.get(), "INSERT INTO u VALUES (1, 'x')"), Rc::kOk);
  ASSERT_EQ(Exec(reader_.get(), "ATTACH 'aux' AS aux"), Rc::kOk);
  const std::string lookup = "SELECT b FROM aux.u WHERE a = 1";
  EXPECT_EQ(One(reader_.get(), lookup), "x");
  EXPECT_EQ(One(reader_.get(), lookup), "x");
  std::unique_ptr<Statement> statement;
  size_t tail = 0;
  ASSERT_EQ(reader_->Prepare(lookup, &statement, &tail), Rc::kOk);
  ASSERT_EQ(statement->Step(), Rc::kRow);
  EXPECT_EQ(Exec(reader_.get(), "DETACH aux"), Rc::kOk);
  EXPECT_EQ(EngineText(statement->column(0)), "x");
  EXPECT_EQ(statement->Step(), Rc::kDone);
  statement.reset();
  EXPECT_EQ(Exec(reader_.get(), lookup), Rc::kError);  // no such table: aux is gone
}

}  // namespace
}  // namespace simlite::engine
