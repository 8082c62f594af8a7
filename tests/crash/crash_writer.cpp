// simlite-crash-writer DB MODE: runs the crash model's SQL transactions (crash_model.h) on DB
// through the engine API, forever, with journal mode MODE ("delete" or "wal") and synchronous
// FULL, printing "ready" once it has opened the database and "commit K" on stdout as each
// COMMIT returns. The crash test kills it with
// SIGKILL at random moments.
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "engine/connection.h"
#include "tests/crash/crash_model.h"

namespace simlite::crash {
namespace {

// Runs every statement of sql; *last_value gets the first column of the last row, if any.
Rc Run(engine::Connection* connection, const std::string& sql, int64_t* last_value) {
  size_t offset = 0;
  while (offset < sql.size()) {
    std::unique_ptr<engine::Statement> statement;
    size_t tail = 0;
    SIMLITE_TRY(connection->Prepare(std::string_view(sql).substr(offset), &statement, &tail));
    offset += tail;
    if (statement == nullptr) break;
    Rc rc = statement->Step();
    for (int row_idx = 0; rc == Rc::kRow && row_idx < 1000000; row_idx++) {
      if (last_value != nullptr) *last_value = statement->column(0).i();
      rc = statement->Step();
    }
    if (rc != Rc::kDone) return rc;
  }
  return Rc::kOk;
}

int Fail(engine::Connection* connection, const char* what, Rc rc) {
  std::fprintf(stderr, "%s: %s (%s)\n", what, ErrStr(rc), connection->error_message().c_str());
  return 1;
}

int Main(const char* path, const char* mode) {
  engine::OpenOptions options;
  options.page_size = 1024;
  std::unique_ptr<engine::Connection> connection;
  Rc rc = engine::Connection::Open(path, options, &connection);
  if (rc != Rc::kOk) return Fail(connection.get(), "open", rc);
  // The parent's checker may still be closing its handle when this process starts.
  connection->SetBusyTimeout(5000);
  const std::string setup =
      std::string("PRAGMA journal_mode=") + mode + "; PRAGMA synchronous=FULL;" + SchemaSql();
  rc = Run(connection.get(), setup, nullptr);
  if (rc != Rc::kOk) return Fail(connection.get(), "setup", rc);
  // Continue after the last transaction the file holds.
  int64_t last = 0;
  rc = Run(connection.get(), "SELECT last FROM progress WHERE id = 1", &last);
  if (rc != Rc::kOk) return Fail(connection.get(), "progress", rc);
  std::printf("ready\n");
  std::fflush(stdout);
  for (int64_t txn = last + 1;; txn++) {
    rc = Run(connection.get(), TransactionSql(txn), nullptr);
    if (rc != Rc::kOk) return Fail(connection.get(), "transaction", rc);
    std::printf("commit %lld\n", static_cast<long long>(txn));
    std::fflush(stdout);
  }
}

}  // namespace
}  // namespace simlite::crash

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: simlite-crash-writer DB delete|wal\n");
    return 2;
  }
  return simlite::crash::Main(argv[1], argv[2]);
}
