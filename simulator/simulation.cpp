#include "simulator/simulation.h"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string_view>

#include "simulator/metamorphic.h"
#include "simulator/sim_disk.h"
#include "simulator/sim_io.h"
#include "simulator/sql_engine.h"

namespace simlite::sim {

namespace {

constexpr int kMaxRecoveryAttempts = 4;
constexpr int kIoErrFsync = 10 | (4 << 8);  // SQLITE_IOERR_FSYNC

void HashInto(uint64_t* hash, const std::string& text) {
  for (unsigned char ch : text) {
    *hash ^= ch;
    *hash *= 0x100000001b3ULL;
  }
  *hash ^= 0xff;
  *hash *= 0x100000001b3ULL;
}

std::string Describe(const Outcome& outcome) {
  std::string text = "rc=" + std::to_string(outcome.rc);
  if (!outcome.message.empty()) text += " \"" + outcome.message + "\"";
  text += " changes=" + std::to_string(outcome.changes) +
          " last_insert_rowid=" + std::to_string(outcome.last_insert_rowid) + " rows=[";
  for (size_t row_idx = 0; row_idx < outcome.rows.size() && row_idx < 20; row_idx++) {
    text += (row_idx ? ", " : "") + outcome.rows[row_idx];
  }
  if (outcome.rows.size() > 20) text += ", ... (" + std::to_string(outcome.rows.size()) + ")";
  return text + "]";
}

// The result codes an injected I/O fault may surface as (primary codes): BUSY (a refused
// lock: one connection never meets another's), IOERR, CORRUPT (a short read of a page), FULL,
// CANTOPEN, NOTADB.
bool IsFaultCode(int rc) {
  const int primary = rc & 0xff;
  return primary == 5 || primary == 10 || primary == 11 || primary == 13 || primary == 14 ||
         primary == 26;
}

bool HasIoFaults(const FaultRates& faults) {
  return faults.read_error || faults.write_error || faults.sync_error || faults.truncate_error ||
         faults.short_write || faults.disk_full || faults.lock_error;
}

// In runs with several connections each statement names its connection in a leading comment,
// "/* c1 */ INSERT ...", which both engines skip; returns the statement without it.
std::string WithoutConnection(const std::string& sql, size_t* connection) {
  *connection = 0;
  if (sql.rfind("/* c", 0) != 0) return sql;
  const size_t end = sql.find(" */ ");
  if (end == std::string::npos) return sql;
  *connection = std::strtoull(sql.c_str() + 4, nullptr, 10);
  return sql.substr(end + 4);
}

bool IsCommit(const std::string& sql) {
  return sql.rfind("COMMIT", 0) == 0 || sql.rfind("END", 0) == 0;
}

// INSERT, REPLACE, UPDATE or DELETE.
bool ChangesRows(const std::string& sql) {
  for (const char* word : {"INSERT", "REPLACE", "UPDATE", "DELETE"}) {
    if (sql.rfind(word, 0) == 0) return true;
  }
  return false;
}

bool IsTransactionControl(const std::string& sql) {
  // (PRAGMA too: the oracle must not wrap a checkpoint in a savepoint.)
  for (const char* word :
       {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "END", "PRAGMA"}) {
    if (sql.rfind(word, 0) == 0) return true;
  }
  return false;
}

bool Contains(const std::string& sql, const char* word) {
  return sql.find(word) != std::string::npos;
}

// The row with every integer written as the real of the same value ("I:1" as "R:1"), so that
// values that compare equal look equal.
std::string NumbersAsReals(const std::string& row) {
  std::string out;
  size_t begin = 0;
  while (begin <= row.size()) {
    size_t end = row.find('|', begin);
    if (end == std::string::npos) end = row.size();
    std::string value = row.substr(begin, end - begin);
    if (value == "R:-0") value = "R:0";  // -0.0 and 0.0 compare equal
    if (value.rfind("I:", 0) == 0) {
      char number[64];
      std::snprintf(number, sizeof(number), "R:%.17g",
                    static_cast<double>(std::strtoll(value.c_str() + 2, nullptr, 10)));
      value = number;
    }
    out += (begin > 0 ? "|" : "") + value;
    begin = end + 1;
  }
  return out;
}

// The values of a canonical row ("I:1|R:2.5|T:'a'"; the workload's text has no '|').
std::vector<std::string> RowValues(const std::string& row) {
  std::vector<std::string> values;
  size_t begin = 0;
  while (begin <= row.size()) {
    size_t end = row.find('|', begin);
    if (end == std::string::npos) end = row.size();
    values.push_back(row.substr(begin, end - begin));
    begin = end + 1;
  }
  return values;
}

// Whether two lists of rows are the same but for REALs a few units in the last place apart.
// A sum of REALs rounds by the order in which it adds them, and that is the order of the
// rows the plan delivers: SQLite reads `a < x OR a IS NULL` through two index lookups (its
// MULTI-INDEX OR), simlite scans (docs/compat.md); both are sums SQL allows.
bool SameButRounding(const std::vector<std::string>& expected,
                     const std::vector<std::string>& actual) {
  if (expected.size() != actual.size()) return false;
  for (size_t row_idx = 0; row_idx < expected.size(); row_idx++) {
    const std::vector<std::string> want = RowValues(expected[row_idx]);
    const std::vector<std::string> got = RowValues(actual[row_idx]);
    if (want.size() != got.size()) return false;
    for (size_t value_idx = 0; value_idx < want.size(); value_idx++) {
      if (want[value_idx] == got[value_idx]) continue;
      if (want[value_idx].rfind("R:", 0) != 0 || got[value_idx].rfind("R:", 0) != 0) {
        return false;
      }
      const double x = std::strtod(want[value_idx].c_str() + 2, nullptr);
      const double y = std::strtod(got[value_idx].c_str() + 2, nullptr);
      if (!(std::fabs(x - y) <= 1e-12 * std::max(std::fabs(x), std::fabs(y)))) return false;
    }
  }
  return true;
}

// Compares the outcomes of one statement; an empty string when they agree.
//
// Where SQL leaves a choice to the engine, equal-comparing values may differ in type: which
// row of a DISTINCT / GROUP BY / compound group represents it (1 or 1.0), and the order of
// ORDER BY ties (every result column is an ORDER BY term, so tied rows compare equal). Such
// statements compare with integers written as reals; with ORDER BY but no LIMIT, the exact
// rows must still be the same multiset.
std::string Compare(const std::string& sql, Outcome expected, Outcome actual,
                    bool compare_messages, bool compare_changes, std::string* aspect = nullptr) {
  const bool ordered = Contains(sql, " ORDER BY ");
  const bool choice = ordered || Contains(sql, "DISTINCT") || Contains(sql, " GROUP BY ") ||
                      Contains(sql, " UNION ") || Contains(sql, " INTERSECT ") ||
                      Contains(sql, " EXCEPT ");
  std::vector<std::string> expected_rows = expected.rows;
  std::vector<std::string> actual_rows = actual.rows;
  if (choice) {
    for (std::string& row : expected_rows) row = NumbersAsReals(row);
    for (std::string& row : actual_rows) row = NumbersAsReals(row);
  }
  if (!ordered) {
    std::sort(expected_rows.begin(), expected_rows.end());
    std::sort(actual_rows.begin(), actual_rows.end());
  }
  // PRAGMA results are the engine's own (real SQLite runs in memory: its wal_checkpoint
  // says 0|-1|-1): only success or failure compares.
  bool same_rows = expected_rows == actual_rows || sql.rfind("PRAGMA", 0) == 0;
  const bool sums = Contains(sql, "sum(") || Contains(sql, "total(") || Contains(sql, "avg(");
  // (Rows sorted as text may come in other orders where a rounded digit differs: such
  // rows still fail.)
  if (!same_rows && sums) same_rows = SameButRounding(expected_rows, actual_rows);
  if (same_rows && ordered && !Contains(sql, " LIMIT ") && !Contains(sql, "DISTINCT") &&
      !Contains(sql, " GROUP BY ") && !Contains(sql, " UNION ") &&
      !Contains(sql, " INTERSECT ") && !Contains(sql, " EXCEPT ")) {
    std::sort(expected.rows.begin(), expected.rows.end());
    std::sort(actual.rows.begin(), actual.rows.end());
    same_rows =
        expected.rows == actual.rows || (sums && SameButRounding(expected.rows, actual.rows));
  }
  // Which name "ambiguous column name: X" names when several are ambiguous follows each
  // engine's order of resolution (docs/compat.md): the message compares without the name.
  constexpr std::string_view kAmbiguous = "ambiguous column name: ";
  const bool both_ambiguous = expected.message.rfind(kAmbiguous, 0) == 0 &&
                              actual.message.rfind(kAmbiguous, 0) == 0;
  bool same = expected.rc == actual.rc && same_rows &&
              (!compare_changes || expected.changes == actual.changes) &&
              expected.last_insert_rowid == actual.last_insert_rowid &&
              (!compare_messages || expected.message == actual.message || both_ambiguous);
  if (same) return "";
  if (aspect != nullptr) {
    *aspect = expected.rc != actual.rc ? "result code"
              : !same_rows            ? "rows"
              : compare_changes && expected.changes != actual.changes ? "changes()"
              : expected.last_insert_rowid != actual.last_insert_rowid ? "last_insert_rowid()"
                                                                       : "message";
  }
  return "statement: " + sql + "\n  sqlite:  " + Describe(expected) + "\n  simlite: " +
         Describe(actual);
}

// Everything a recovered database must agree on: schema and every table's rows.
std::string DumpState(SqlEngine* engine) {
  std::string dump;
  Outcome schema = engine->Run(
      "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name");
  if (schema.rc != 0) return "error: " + schema.message;
  for (const std::string& row : schema.rows) dump += row + "\n";
  Outcome tables =
      engine->Run("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  for (const std::string& row : tables.rows) {
    std::string name = row.substr(3, row.size() - 4);  // T:'name'
    Outcome rows = engine->Run("SELECT * FROM \"" + name + "\" ORDER BY rowid");
    if (rows.rc != 0) return "error: " + rows.message;
    for (const std::string& data : rows.rows) dump += name + ": " + data + "\n";
  }
  return dump;
}

// Real SQLite's integrity_check of the simulated disk's database file, written out.
std::string CheckImage(const SimDisk& disk) {
  std::shared_ptr<SimFile> file = disk.Find("sim.db");
  if (!file) return "ok";
  // One file per process: simulators run side by side (ctest -j). The name never reaches
  // the run's results.
  std::string path = (std::filesystem::temp_directory_path() /
                      ("simlite-sim-image-" + std::to_string(getpid()) + ".db"))
                         .string();
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-journal");
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(file->current.data()),
             static_cast<std::streamsize>(file->current.size()));
  for (const char* suffix : {"-wal", "-journal"}) {
    std::shared_ptr<SimFile> side = disk.Find(std::string("sim.db") + suffix);
    if (!side) continue;
    std::ofstream(path + suffix, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(side->current.data()),
               static_cast<std::streamsize>(side->current.size()));
  }
  sqlite3* db = nullptr;
  std::string verdict = "cannot open";
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      verdict = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    } else {
      verdict = sqlite3_errmsg(db);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  for (const char* suffix : {"", "-wal", "-journal", "-shm"}) {
    // SIMLITE_SIM_KEEP_IMAGE=DIR keeps the files there (triage).
    if (const char* keep = std::getenv("SIMLITE_SIM_KEEP_IMAGE")) {
      std::error_code ignored;
      std::filesystem::copy_file(path + suffix, std::string(keep) + "/sim.db" + suffix,
                                 std::filesystem::copy_options::overwrite_existing, ignored);
    }
    std::filesystem::remove(path + suffix);
  }
  return verdict;
}

class Run {
 public:
  Run(const SwarmConfig& config, const RunOptions& options)
      : config_(config),
        options_(options),
        random_(config.seed ^ 0xc4a54),
        scheduler_random_(config.seed ^ 0x5c4ed) {
    settings_.page_size = config.page_size;
    settings_.cache_pages = config.cache_pages;
    settings_.wal = config.wal;
  }

  ~Run() {
    if (!oracle_path_.empty()) {
      others_.clear();
      oracle_.reset();
      for (const char* suffix : {"", "-wal", "-journal", "-shm"}) {
        std::filesystem::remove(oracle_path_ + suffix);
      }
    }
  }

  RunResult Execute() {
    const size_t connections = std::max<uint32_t>(config_.connections, 1);
    if (connections > 1) {
      // Several connections share one database: real SQLite's on a file of its own.
      oracle_path_ = (std::filesystem::temp_directory_path() /
                      ("simlite-sim-oracle-" + std::to_string(getpid()) + ".db"))
                         .string();
      for (const char* suffix : {"", "-wal", "-journal", "-shm"}) {
        std::filesystem::remove(oracle_path_ + suffix);
      }
      oracle_ = OpenRealSqliteFile(oracle_path_, config_.page_size, config_.cache_pages,
                                   config_.wal);
    } else {
      oracle_ = OpenRealSqlite();
    }
    if (!Reopen(0)) return result_;
    for (size_t connection = 1; connection < connections; connection++) {
      Connection other;
      std::string error;
      other.simlite = OpenSimlite(io_.get(), settings_, &error);
      if (!other.simlite) {
        Fail("open", "cannot open simlite connection " + std::to_string(connection) + ": " +
                         error);
        return result_;
      }
      other.oracle = OpenRealSqliteFile(oracle_path_, config_.page_size, config_.cache_pages,
                                        config_.wal);
      others_.push_back(std::move(other));
    }
    if (connections > 1) {
      // Real SQLite's connections read the schema when they open (its PRAGMAs above need it);
      // simlite's read it now too, so that both go on from the same loaded schema.
      simlite_->Run("SELECT count(*) FROM sqlite_schema");
      for (Connection& other : others_) other.simlite->Run("SELECT count(*) FROM sqlite_schema");
    }
    if (options_.script) {
      for (const std::string& sql : *options_.script) {
        if (!Step(sql, /*may_crash=*/false)) break;
      }
    } else {
      Workload workload(config_);
      size_t current = 0;  // the connection the scheduler runs statements on
      auto on_connection = [&](std::string sql) {
        return connections > 1 ? "/* c" + std::to_string(current) + " */ " + sql : sql;
      };
      for (const std::string& sql : workload.Schema()) {
        if (!Step(on_connection(sql), false)) return Finish();
      }
      for (uint64_t op_idx = 0; op_idx < options_.operations; op_idx++) {
        if (connections > 1 && scheduler_random_.OneIn(3)) {
          current = scheduler_random_.Uniform(connections);
        }
        if (!Step(on_connection(workload.Next()), true)) break;
      }
    }
    return Finish();
  }

 private:
  // Opens simlite on the disk, with a fresh SimIo whose crash point (if any) is armed.
  bool Reopen(uint64_t crash_after) {
    simlite_.reset();
    CountFaults();
    io_ = std::make_unique<SimIo>(&disk_, random_.Next());
    if (crash_after) io_->CrashAtOperation(crash_after);
    std::string error;
    simlite_ = OpenSimlite(io_.get(), settings_, &error);
    // I/O faults from the first statement on (opening is the crash tests' business).
    if (!options_.script) io_->set_faults(config_.faults);
    if (!simlite_ && !io_->crashed()) Fail("open", "cannot open simlite: " + error);
    return simlite_ != nullptr;
  }

  // Adds the faults the current SimIo injected to the run's counts (before it goes).
  void CountFaults() {
    if (!io_) return;
    for (size_t kind = 0; kind < static_cast<size_t>(FaultKind::kCount); kind++) {
      result_.injected[kind] += io_->stats().injected[kind];
    }
  }

  // Records the run's first failure; `kind` says which oracle failed and how (the shrinker
  // keeps a reduction only where the same kind of failure comes at the same statement).
  // at_statement: the failure belongs to the statement last run (not to the run's end).
  void Fail(const std::string& kind, const std::string& failure, bool at_statement = true) {
    if (result_.failed) return;
    result_.failed = true;
    result_.failure = failure;
    result_.failure_kind = kind;
    if (at_statement && !result_.statements.empty()) {
      result_.failure_statement = result_.statements.back();
    }
    if (std::getenv("SIMLITE_SIM_KEEP_IMAGE") != nullptr) {
      result_.failure += "\nreal SQLite's integrity_check of the disk image now: " +
                         CheckImage(disk_);
    }
  }

  bool Step(const std::string& sql, bool may_crash) {
    result_.statements.push_back(sql);
    HashInto(&result_.hash, sql);
    size_t connection = 0;
    const std::string bare = WithoutConnection(sql, &connection);
    if (connection > others_.size()) connection = 0;  // a script for more connections
    SqlEngine& simlite = connection == 0 ? *simlite_ : *others_[connection - 1].simlite;
    SqlEngine& oracle = connection == 0 ? *oracle_ : *others_[connection - 1].oracle;
    const bool control = IsTransactionControl(bare);
    bool crash = may_crash && config_.crash_one_in != 0 && !control &&
                 random_.OneIn(config_.crash_one_in);
    bool autocommit = oracle.autocommit();
    if (io_->faults().read_bit_flip != 0) return StepOnFlippedReads(sql, simlite);
    if (crash && autocommit) {
      oracle_->Run("SAVEPOINT simlite_crash");
    }
    // With I/O faults, the oracle keeps what it needs to follow simlite back: the state at
    // the transaction's start, and a savepoint around the statement.
    const bool io_faults = HasIoFaults(io_->faults());
    if (io_faults) {
      if (autocommit) transaction_image_ = oracle_->Snapshot();
      if (!control) oracle_->Run("SAVEPOINT simlite_fault");
    }
    Outcome expected = oracle.Run(sql);
    if (crash) {
      // Within the statement's first 40 operations; half the time within its first 8, where
      // a small statement's commit (its writes, then the sync) lies.
      const uint64_t draw = random_.Uniform(40);
      io_->CrashAtOperation(io_->operation_count() + 1 + (draw < 20 ? draw : draw % 8));
    }
    Outcome actual = simlite.Run(sql);
    // (A RELEASE of the outermost savepoint commits too: SQLite's leaves the transaction and
    // the savepoint open when the commit is refused.)
    const bool commits = IsCommit(bare) || (bare.rfind("RELEASE", 0) == 0 && oracle.autocommit());
    if ((actual.rc & 0xff) == 5 && expected.rc == 0 && commits && io_faults &&
        !simlite.autocommit()) {
      // A refused lock failed the COMMIT and left the transaction open, as SQLite's does: the
      // application tries again (here, with faults off).
      const FaultRates faults = io_->faults();
      io_->set_faults({});
      actual = simlite.Run(sql);
      io_->set_faults(faults);
    }
    if (std::getenv("SIMLITE_SIM_TRACE") != nullptr) {
      std::fprintf(stderr, "%s\n  -> %s\n", sql.c_str(), Describe(actual).c_str());
    }
    if (crash && io_->crashed()) return RecoverFromCrash(autocommit);
    if (crash) {
      io_->CrashAtOperation(0);
    }
    if (io_faults && IsFaultCode(actual.rc) && actual.rc != expected.rc) {
      return RecoverFromFault(sql, actual, autocommit, control, crash);
    }
    if (io_faults && !control) oracle_->Run("RELEASE simlite_fault");
    // A successful commit writes over the frames of a commit whose sync failed.
    // (A statement that changes no row commits nothing: it leaves those frames be.)
    const bool dml = ChangesRows(bare);
    const bool ddl = bare.rfind("CREATE", 0) == 0 || bare.rfind("DROP", 0) == 0;
    if (actual.rc == 0 && simlite.autocommit() && (ddl || (dml && actual.changes > 0))) {
      unsynced_commit_image_.clear();
    }
    if (crash && autocommit) oracle_->Run("RELEASE simlite_crash");
    HashInto(&result_.hash, Describe(actual));
    // After a fault, changes() tells of the statement the fault failed on one side only,
    // until the next INSERT, UPDATE or DELETE.
    if (dml && expected.rc == 0 && actual.rc == 0) changes_unknown_ = false;
    std::string aspect;
    std::string difference =
        Compare(bare, expected, actual, options_.compare_messages, !changes_unknown_, &aspect);
    if (!difference.empty()) {
      Fail("differs: " + aspect, sql == bare ? difference : sql + "\n" + difference);
    }
    if (!result_.failed && actual.rc == 0 && options_.metamorphic) {
      CheckMetamorphic(bare, &simlite);
    }
    return !result_.failed;
  }

  // TLP and NoREC (metamorphic.h) on simlite alone, with faults off (the statement passed).
  void CheckMetamorphic(const std::string& sql, SqlEngine* simlite) {
    MetamorphicQueries queries;
    if (!DeriveMetamorphicQueries(sql, &queries)) return;
    const FaultRates faults = io_->faults();
    io_->set_faults({});
    auto sorted_rows = [&](const std::string& query, bool* ok) {
      Outcome outcome = simlite->Run(query);
      *ok = *ok && outcome.rc == 0;
      std::sort(outcome.rows.begin(), outcome.rows.end());
      return outcome.rows;
    };
    bool ok = true;
    const std::vector<std::string> whole = sorted_rows(queries.whole, &ok);
    std::vector<std::string> parts;
    for (const std::string& partition : queries.partitions) {
      const std::vector<std::string> rows = sorted_rows(partition, &ok);
      parts.insert(parts.end(), rows.begin(), rows.end());
    }
    std::sort(parts.begin(), parts.end());
    const std::vector<std::string> optimized = sorted_rows(queries.optimized_count, &ok);
    const std::vector<std::string> unoptimized = sorted_rows(queries.unoptimized_count, &ok);
    io_->set_faults(faults);
    result_.metamorphic_checks++;
    HashInto(&result_.hash, std::to_string(whole.size()) + "/" + std::to_string(parts.size()));
    // A derived query that fails (it may be refused where the original was not) proves
    // nothing either way.
    if (!ok) return;
    if (whole != parts) {
      Fail("TLP", "TLP: the partitions of " + sql + " hold " + std::to_string(parts.size()) +
           " rows, the query without WHERE " + std::to_string(whole.size()) + "\n  " +
           queries.whole + "\n  " + queries.partitions[0] + "\n  " + queries.partitions[1] +
           "\n  " + queries.partitions[2]);
    } else if (optimized != unoptimized) {
      Fail("NoREC", "NoREC: " + queries.optimized_count + " gives " +
           (optimized.empty() ? "nothing" : optimized[0]) + ", " + queries.unoptimized_count +
           " gives " + (unoptimized.empty() ? "nothing" : unoptimized[0]));
    }
  }

  // With bits flipped in what reads return, simlite answers alone: an error (corruption found,
  // or any other the changed data leads to) or a result, and no crash, hang or sanitizer
  // report. Only the run's end is checked: simlite closes its database.
  bool StepOnFlippedReads(const std::string& sql, SqlEngine& simlite) {
    const Outcome actual = simlite.Run(sql);
    HashInto(&result_.hash, Describe(actual));
    if (actual.rc != 0) result_.faults++;
    return true;
  }

  // simlite's database as its connection sees it, read with faults off.
  std::string SimliteState() {
    const FaultRates faults = io_->faults();
    io_->set_faults({});
    std::string state = DumpState(simlite_.get());
    io_->set_faults(faults);
    return state;
  }

  // An injected I/O fault failed the statement in simlite, not in SQLite. simlite must have
  // undone the statement (its transaction going on), or the whole transaction; or, for a
  // statement that commits, the fault may have come after the commit was durable. The oracle
  // follows simlite to whichever of these its state equals.
  bool RecoverFromFault(const std::string& sql, const Outcome& actual, bool autocommit,
                        bool control, bool crash) {
    result_.faults++;
    HashInto(&result_.hash, Describe(actual));
    const std::string simlite_state = SimliteState();
    if (crash && autocommit) {
      if (!control) oracle_->Run("RELEASE simlite_fault");
      oracle_->Run("RELEASE simlite_crash");
    }
    bool same = false;
    if (!simlite_->autocommit()) {
      // The statement alone was undone.
      if (!control) {
        oracle_->Run("ROLLBACK TO simlite_fault");
        oracle_->Run("RELEASE simlite_fault");
      }
      same = DumpState(oracle_.get()) == simlite_state;
    } else {
      const bool commits = (autocommit && !control) ||
                           (!autocommit && (sql.rfind("COMMIT", 0) == 0 ||
                                            sql.rfind("END", 0) == 0 ||
                                            sql.rfind("RELEASE", 0) == 0));
      if (!control) oracle_->Run("RELEASE simlite_fault");  // (commits when autocommit)
      const std::string after = oracle_->Snapshot();
      oracle_->Restore(transaction_image_);
      same = DumpState(oracle_.get()) == simlite_state;
      if (same && commits && settings_.wal && actual.rc == kIoErrFsync) {
        // A WAL commit whose sync failed may still be on disk whole: a power loss before this
        // connection's next commit (which writes over those frames) may bring it back, as it
        // would with SQLite. Until then a recovery may show it.
        unsynced_commit_image_ = after;
      }
      if (!same && commits) {
        oracle_->Restore(after);
        same = DumpState(oracle_.get()) == simlite_state;
      }
    }
    if (!same) {
      Fail("I/O fault", "after an I/O fault in: " + sql + " (" + Describe(actual) + ")\nsimlite:\n" +
           simlite_state + "sqlite (before the statement" +
           (simlite_->autocommit() ? std::string(" or its transaction") : "") + "):\n" +
           DumpState(oracle_.get()));
      return false;
    }
    oracle_->SetLastInsertRowid(actual.last_insert_rowid);
    changes_unknown_ = true;
    return true;
  }

  // The machine lost power during the last statement. The recovered simlite database must
  // equal real SQLite's state with or without that statement (with it only if it committed).
  bool RecoverFromCrash(bool autocommit) {
    result_.crashes++;
    std::string after = autocommit ? DumpState(oracle_.get()) : "";
    if (autocommit) {
      oracle_->Run("ROLLBACK TO simlite_crash");
      oracle_->Run("RELEASE simlite_crash");
    } else {
      oracle_->Run("ROLLBACK");  // an open transaction never survives a crash
    }
    std::string before = DumpState(oracle_.get());
    std::string recovered;
    bool opened = false;
    for (int attempt = 0; attempt < kMaxRecoveryAttempts && !opened; attempt++) {
      simlite_.reset();
      disk_.Crash(random_);
      bool crash_again = attempt + 1 < kMaxRecoveryAttempts && random_.OneIn(3);
      if (!Reopen(crash_again ? 1 + random_.Uniform(20) : 0)) continue;
      recovered = SimliteState();
      opened = !io_->crashed();
      if (!opened) continue;
      io_->CrashAtOperation(0);
    }
    if (!opened) {
      Fail("crash", "simlite could not reopen the database after a crash");
      return false;
    }
    if (recovered == before) {
      unsynced_commit_image_.clear();  // recovery stopped before those frames: gone for good
      oracle_->ForgetConnectionState();
      return true;
    }
    if (!unsynced_commit_image_.empty()) {
      // The commit whose sync failed came back whole (see RecoverFromFault).
      const std::string current = oracle_->Snapshot();
      oracle_->Restore(unsynced_commit_image_);
      unsynced_commit_image_.clear();
      if (DumpState(oracle_.get()) == recovered) {
        oracle_->ForgetConnectionState();
        return true;
      }
      oracle_->Restore(current);
    }
    if (autocommit && recovered == after) {
      // The statement had committed: bring the oracle forward again by replaying it.
      oracle_->Run(result_.statements.back());
      oracle_->ForgetConnectionState();
      return true;
    }
    Fail("crash", "after a crash in: " + result_.statements.back() + "\nrecovered:\n" + recovered +
         "expected (before the statement):\n" + before +
         (autocommit ? "or (after it):\n" + after : ""));
    return false;
  }

  RunResult Finish() {
    if (io_ && io_->faults().read_bit_flip != 0) {
      // Nothing to compare (StepOnFlippedReads): close, and count what was injected.
      others_.clear();
      simlite_.reset();
      if (io_) HashInto(&result_.hash, std::to_string(io_->trace_hash()));
      CountFaults();
      return result_;
    }
    // Transactions still open on any connection end in a ROLLBACK, on both engines alike.
    for (size_t connection = 0; connection < others_.size() + 1 && simlite_; connection++) {
      SqlEngine& simlite = connection == 0 ? *simlite_ : *others_[connection - 1].simlite;
      SqlEngine& oracle = connection == 0 ? *oracle_ : *others_[connection - 1].oracle;
      if (others_.empty() || result_.failed || (simlite.autocommit() && oracle.autocommit())) {
        continue;
      }
      const std::string difference =
          Compare("ROLLBACK", oracle.Run("ROLLBACK"), simlite.Run("ROLLBACK"),
                  options_.compare_messages, true);
      if (!difference.empty()) {
        Fail("end: rollback", "at the end, connection " + std::to_string(connection) + ": " +
                                  difference, false);
      }
    }
    if (!result_.failed && simlite_) {
      std::string simlite_state = SimliteState();
      std::string sqlite_state = DumpState(oracle_.get());
      if (simlite_state != sqlite_state) {
        Fail("end: state",
             "final state differs\nsimlite:\n" + simlite_state + "sqlite:\n" + sqlite_state,
             false);
      }
    }
    for (Connection& other : others_) other.simlite.reset();
    simlite_.reset();  // the last close (checkpoints a WAL, removes journals)
    if (!result_.failed) {
      std::string verdict = CheckImage(disk_);
      if (verdict != "ok") {
        Fail("end: integrity", "real SQLite's integrity_check of the disk image: " + verdict,
             false);
      }
    }
    if (io_) HashInto(&result_.hash, std::to_string(io_->trace_hash()));
    CountFaults();
    return result_;
  }

  // A connection after the first (runs with several): simlite's and real SQLite's.
  struct Connection {
    std::unique_ptr<SqlEngine> simlite;
    std::unique_ptr<SqlEngine> oracle;
  };

  SwarmConfig config_;
  RunOptions options_;
  io::Random random_;
  io::Random scheduler_random_;  // which connection runs the next statement
  std::vector<Connection> others_;
  std::string oracle_path_;  // real SQLite's database file (several connections), or ""
  SimliteSettings settings_;
  SimDisk disk_;
  std::unique_ptr<SimIo> io_;
  std::unique_ptr<SqlEngine> simlite_;
  std::unique_ptr<SqlEngine> oracle_;
  std::string transaction_image_;  // the oracle's database when its transaction began
  bool changes_unknown_ = false;   // changes() differs since a fault (see Step)
  // The oracle's database with a WAL commit whose sync failed (RecoverFromFault), until the
  // next commit; empty when there is none.
  std::string unsynced_commit_image_;
  RunResult result_;
};

}  // namespace

RunResult RunSimulation(const SwarmConfig& config, const RunOptions& options) {
  return Run(config, options).Execute();
}

std::vector<std::string> Shrink(const SwarmConfig& config, std::vector<std::string> statements,
                                bool compare_messages, int max_runs) {
  RunOptions options;
  options.compare_messages = compare_messages;
  int runs = 0;
  // The failure to keep: the replay's of the whole list (a failure a fault or crash caused
  // may not come back without them; then the replay's own failure is the one shrunk).
  options.script = &statements;
  const RunResult whole = RunSimulation(config, options);
  if (!whole.failed) return statements;
  auto fails = [&](const std::vector<std::string>& candidate) {
    runs++;
    options.script = &candidate;
    const RunResult result = RunSimulation(config, options);
    return result.failed && result.failure_kind == whole.failure_kind &&
           result.failure_statement == whole.failure_statement;
  };
  // Chunks from half the list down to single statements.
  for (size_t chunk = std::max<size_t>(1, statements.size() / 2); chunk >= 1 && runs < max_runs;
       chunk /= 2) {
    for (size_t start = 0; start < statements.size() && runs < max_runs;) {
      std::vector<std::string> candidate = statements;
      size_t end = std::min(statements.size(), start + chunk);
      candidate.erase(candidate.begin() + static_cast<std::ptrdiff_t>(start),
                      candidate.begin() + static_cast<std::ptrdiff_t>(end));
      if (!candidate.empty() && fails(candidate)) {
        statements = std::move(candidate);
      } else {
        start += chunk;
      }
    }
    if (chunk == 1) break;
  }
  return statements;
}

}  // namespace simlite::sim
