// The two engines simlite-sim drives with the same statements: real SQLite (the oracle) and
// simlite over the simulated disk. Results come back in one canonical form so they can be
// compared value for value.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "simulator/sim_disk.h"
#include "simulator/sim_io.h"

namespace simlite::sim {

struct Outcome {
  int rc = 0;            // the extended result code (SQLITE_OK, SQLITE_CONSTRAINT_UNIQUE, ...)
  std::string message;   // the error message, when rc is an error
  std::vector<std::string> rows;  // canonical rows ("I:1|T:'a'|N")
  int64_t changes = 0;
  int64_t last_insert_rowid = 0;
};

class SqlEngine {
 public:
  virtual ~SqlEngine() = default;
  // Runs one statement to completion (all rows).
  virtual Outcome Run(const std::string& sql) = 0;
  // No explicit transaction is open.
  virtual bool autocommit() = 0;
  // Makes changes() and last_insert_rowid() 0, as on a connection just opened (the oracle
  // follows simlite's reopening after a crash).
  virtual void ForgetConnectionState() {}
  // Real SQLite only: the database's bytes, and replacing them (any transaction is rolled
  // back first), so the oracle can return to the state of an earlier moment.
  virtual std::string Snapshot() { return ""; }
  virtual void Restore(const std::string& /*image*/) {}
  virtual void SetLastInsertRowid(int64_t /*rowid*/) {}
};

// Real SQLite on an in-memory database.
std::unique_ptr<SqlEngine> OpenRealSqlite();
// Real SQLite on the database file at `path` (one more connection to it when it is open
// already), with synchronous OFF, that page size (for a new file), cache and journal mode.
std::unique_ptr<SqlEngine> OpenRealSqliteFile(const std::string& path, uint32_t page_size,
                                              uint32_t cache_pages, bool wal);

struct SimliteSettings {
  uint32_t page_size = 4096;
  uint32_t cache_pages = 2000;
  bool wal = false;
};
// simlite over `io` (a SimIo on the run's disk), database file "sim.db". Null when this build
// has no SQL engine.
std::unique_ptr<SqlEngine> OpenSimlite(io::Io* io, const SimliteSettings& settings,
                                       std::string* error);

}  // namespace simlite::sim
