// ConnectionImpl and StatementImpl: the engine API (connection.h) over the pager, the b-trees,
// codegen and the VM.
//
// Transactions (as SQLite's autocommit rules): a statement's first Transaction opcode starts a
// read (or write) transaction; with autocommit on, a writing statement commits when it halts
// (if no other writing statement is still running), and the read transaction ends when the
// last running statement finishes. BEGIN turns autocommit off until COMMIT or ROLLBACK.
// A statement that fails undoes what its conflict action says: the whole transaction in
// autocommit mode (except FAIL, which keeps and commits the changes made before the failure),
// and in an explicit transaction ROLLBACK undoes the transaction, ABORT the statement.
//
// The schema is loaded at the first Prepare; after this connection changes it, read again in the
// same snapshot (at the next Prepare, or just after the commit: SQLite keeps in memory
// the schema its own DDL made, cookie included; a ROLLBACK [TO] drops it instead), and a
// statement whose program finds the schema cookie changed (kSchema) is compiled again from its
// text and re-run, as sqlite3_prepare_v2 statements are.
//
// Databases (SQLite's db->aDb): 0 main, 1 temp (a temporary file opened when first used, as
// SQLite's), 2.. attached (ATTACH / DETACH). Each has its pager, b-trees, schema and
// transaction state; a transaction spans every database a statement touched, and commits them
// one after the other, main first (SQLite's super-journal, which makes a commit across several
// databases atomic, is not kept: docs/compat.md).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "btree/btree.h"
#include "codegen/schema.h"
#include "engine/connection.h"
#include "pager/pager.h"
#include "vdbe/function.h"
#include "vdbe/program.h"
#include "vdbe/vm.h"

namespace simlite::engine {

class ConnectionImpl final : public Connection,
                             public vdbe::VmHost,
                             public vdbe::ConnectionInfo {
 public:
  ConnectionImpl(std::unique_ptr<io::Io> owned_io, io::Io* io);
  ~ConnectionImpl() override;

  Rc OpenDatabase(std::string_view path, const OpenOptions& options);
  uint64_t compile_generation() const { return compile_generation_; }

  // Connection
  Rc Prepare(std::string_view sql, std::unique_ptr<Statement>* statement,
             size_t* tail) override;
  const std::string& error_message() const override { return error_message_; }
  Rc error_code() const override { return error_code_; }
  int error_offset() const override { return error_offset_; }
  int64_t changes() const override { return changes_; }
  int64_t total_changes() const override { return total_changes_; }
  int64_t last_insert_rowid() const override { return last_insert_rowid_; }
  bool autocommit() const override { return autocommit_; }
  void Interrupt() override { interrupted_ = true; }
  Rc PageCount(uint32_t* pages) override;
  Rc Serialize(std::string* image) override;
  Rc TableColumnMetadata(std::string_view table, std::string_view column,
                         ColumnMetadata* metadata) override;
  Rc Checkpoint(int mode, int* log_frames, int* checkpointed_frames) override;
  void SetWalAutocheckpoint(int pages) override {
    main_pager()->set_wal_autocheckpoint(pages < 0 ? 0 : static_cast<uint32_t>(pages));
  }
  void SetBusyHandler(std::function<bool(int attempt)> handler) override;
  void SetBusyTimeout(int ms) override;
  void SetFunctionArgLimit(int max_args) override { functions_.set_max_args(max_args); }
  void SetProgressHandler(int ticks, std::function<bool()> handler) override {
    progress_ticks_ = handler != nullptr && ticks > 0 ? ticks : 0;
    progress_handler_ = progress_ticks_ > 0 ? std::move(handler) : nullptr;
    progress_countdown_ = progress_ticks_;
  }
  Rc SetFunction(const vdbe::FunctionDef* def) override {
    functions_.Set(def);
    return Rc::kOk;
  }
  Rc SetCollation(std::string_view name, CollationComparator comparator) override;
  void SetCollationNeeded(std::function<void(std::string_view name)> callback) override {
    collations_.SetNeededCallback(std::move(callback));
  }
  void SetAuthorizer(codegen::Authorizer authorizer) override {
    authorizer_ = std::move(authorizer);
    compile_generation_++;  // as SQLite expires its statements
  }

  // VmHost
  Rc BeginTransaction(int db, bool write, bool exclusive, bool statement_journal,
                      bool defer_lock, std::string* error) override;
  Rc TakeDeferredLocks() override;
  bool EndDeferredReads() override;
  btree::Btree* btree(int db) override { return dbs_[static_cast<size_t>(db)]->btree.get(); }
  io::Io* io() override { return io_; }
  const vdbe::FunctionEnv* function_env() override { return &function_env_; }
  Rc SetAutoCommit(bool autocommit, bool rollback, std::string* error) override;
  Rc Savepoint(vdbe::SavepointOp op, std::string_view name, std::string* error) override;
  void SetLastInsertRowid(int64_t rowid) override { last_insert_rowid_ = rowid; }
  void SchemaChanged(int db) override {
    Database& database = *dbs_[static_cast<size_t>(db)];
    database.schema.set_loaded(false);
    database.changed_schema = true;
    database.read_back_schema = true;
  }
  Rc Setting(std::string_view name, const vdbe::Mem* value, vdbe::Mem* result,
             std::string* error) override;
  Rc WalCheckpoint(int mode, int* busy, int* log_frames, int* checkpointed_frames) override;
  size_t SorterMemoryLimit() override;
  Rc PragmaRows(std::string_view name, const vdbe::Mem* argument, const vdbe::Mem* schema,
                std::vector<std::vector<vdbe::Mem>>* rows) override;
  Rc CheckIntegrity(int db, int max_errors, std::string* result) override;
  // Also where the progress handler runs: the VM asks at each step and every 1024 rows.
  bool interrupted() override;
  int running_statements() const override { return active_statements_; }
  void set_defer_read_locks(bool defer) { defer_read_locks_ = defer; }

  // ConnectionInfo (for changes(), total_changes(), last_insert_rowid())
  int64_t Changes() override { return changes_; }
  int64_t TotalChanges() override { return total_changes_; }
  int64_t LastInsertRowid() override { return last_insert_rowid_; }
  Rc Attach(std::string_view file, std::string_view name, std::string* error) override;
  Rc Detach(std::string_view name, std::string* error) override;

  // For statements. Compiles the first statement of `sql` (its text must stay alive only for
  // the call); *program is null for text without a statement.
  Rc Compile(std::string_view sql, std::unique_ptr<vdbe::Program>* program, uint32_t* tail);
  // A statement starts running (its first Step since a reset).
  void StatementStarted();
  // A running statement halted with `rc` (kDone or an error): commits or rolls back as the
  // rules above say, and updates the change counters. Returns the statement's final code
  // (a commit can still fail).
  Rc StatementEnded(Rc rc, const vdbe::Vm& vm, const vdbe::Program& program);
  // A statement was reset or finalized while running.
  void StatementAbandoned();
  Rc SetError(Rc rc, std::string message);
  void ForceSchemaReload() {
    for (auto& database : dbs_) database->schema.set_loaded(false);
  }
  // A statement step starts: the busy handler's count starts again (SQLite's VDBE does so).
  void ResetBusyCount() { busy_count_ = 0; }

 private:
  enum class TxnState : uint8_t { kNone, kRead, kWrite };

  // One database of the connection. Schemas stay at one address while the database is
  // attached (the catalog points at them).
  struct Database {
    explicit Database(int db) : schema(db) {}
    std::string name;  // "main", "temp", or the ATTACH name
    std::string file;  // for PRAGMA database_list
    std::unique_ptr<pager::Pager> pager;  // null: temp, not opened yet
    std::unique_ptr<btree::Btree> btree;
    codegen::Schema schema;
    TxnState txn = TxnState::kNone;
    // The statement savepoint (a statement writing inside an explicit transaction): its
    // pager savepoint mark, 0 when none is open.
    int statement_mark = 0;
    bool changed_schema = false;  // the write transaction changed the schema
    // The schema was dropped because the transaction's own DDL changed it, and is to be read
    // back from what the transaction commits (SQLite keeps that schema in memory); false once
    // a ROLLBACK [TO] has dropped it as SQLite does, for the next prepare to read afresh.
    bool read_back_schema = false;
  };

  pager::Pager* main_pager() { return dbs_[codegen::kMainDb]->pager.get(); }
  btree::Btree* main_btree() { return dbs_[codegen::kMainDb]->btree.get(); }
  // Opens database `db`'s file as a pager with the connection's options.
  Rc OpenPager(Database* database, std::string_view path, const OpenOptions& options);
  // The temp database, opened when a statement first uses it.
  Rc OpenTempDatabase();
  // Makes catalog_ list dbs_ again (after ATTACH, DETACH, or the temp database opening).
  void RebuildCatalog();
  // True while any database has a transaction open.
  bool InTransaction() const;
  // Loads the schema of `database` (the caller holds a read transaction on it, or none).
  Rc LoadSchemaOf(Database* database, std::string* error);
  // Just after `database` committed (its read transaction still open): reads back the schema
  // the transaction's own DDL left, if read_back_schema says so.
  void ReadBackSchema(Database* database);

  Rc EnsureSchema();
  // Whether another connection changed a loaded schema (its cookie, read in the current or a
  // new read transaction, moved); marks those schemas for reloading.
  bool SchemaIsStale();
  // Sets the busy handler, keeping busy_timeout_ms_.
  void InstallBusyHandler(std::function<bool(int attempt)> handler);
  // Calls the busy handler with the number of calls so far, as SQLite's: once the handler
  // gives up, it is not called again until the next statement step (ResetBusyCount).
  bool InvokeBusyHandler();
  // From no transaction on `database`: a read transaction, upgraded to a write one when
  // write. On failure nothing stays open (no lock is held while a busy handler waits).
  // defer_lock: a read transaction may begin with its lock deferred (Pager invariant 7).
  Rc BeginFromIdle(Database* database, bool write, bool exclusive, bool defer_lock,
                   std::string* error);
  // Upgrades the read transaction to a write one (and takes EXCLUSIVE when exclusive); on
  // failure the read transaction stays.
  Rc BeginWriteFromRead(Database* database, bool exclusive, std::string* error);
  // PRAGMA journal_mode=WAL on an empty database: creates page 1, in WAL format.
  Rc CreateWalDatabase();
  // integrity_check's comparison of each index (but a partial one) with its table: "wrong #
  // of entries in index NAME" (SQLite's words) when the counts differ. The trees are sound.
  Rc CheckIndexEntryCounts(Database& database, uint32_t max_findings,
                           std::vector<std::string>* findings);
  // Runs body in a read transaction: the current one, or one begun and ended for it.
  Rc InReadTransaction(const std::function<Rc()>& body);
  // Runs attempt again while it fails with kBusy and the busy handler says to retry. (A
  // template, not a std::function: it runs at every statement's start, and a capturing
  // std::function may allocate.) Bounded by the handler, which gives up (a timeout on the io
  // clock, or the application's).
  template <typename Attempt>
  Rc RetryWhileBusy(Attempt attempt) {
    for (;;) {
      Rc rc = attempt();
      if (rc != Rc::kBusy || !InvokeBusyHandler()) return rc;
    }
  }
  Rc CommitIfDone();
  // PRAGMA journal_mode: reads, or switches (between statements only for WAL), the mode.
  Rc JournalModeSetting(const vdbe::Mem* value, vdbe::Mem* result, std::string* error);
  // Gives a changed setting its effect on the pager or the connection.
  void ApplySetting(const std::string& key, int64_t value);
  // Closes the statement savepoint, undoing the statement's changes when roll_back.
  void EndStatementSavepoint(bool roll_back);
  void RollbackTransaction();
  void EndReadIfIdle();
  // Ends every database's read transaction (none may be writing).
  void EndReads();

  std::unique_ptr<io::Io> owned_io_;
  io::Io* io_;
  vdbe::CollationRegistry collations_;  // the schemas' ids index it
  std::vector<std::unique_ptr<Database>> dbs_;  // by database index
  codegen::Catalog catalog_;
  OpenOptions open_options_;  // the main database's: attached ones open with the same
  vdbe::FunctionEnv function_env_;
  vdbe::FunctionRegistry functions_;  // the built-ins and the application's (SetFunction)
  codegen::Authorizer authorizer_;     // null: none
  std::function<bool(int attempt)> busy_handler_;  // null: a busy lock fails at once
  int busy_count_ = 0;  // calls of busy_handler_ since the last reset; -1: it gave up
  int busy_timeout_ms_ = 0;                         // PRAGMA busy_timeout
  std::function<bool()> progress_handler_;          // null: none
  int progress_ticks_ = 0;
  int progress_countdown_ = 0;
  bool autocommit_ = true;
  // COMMIT (or the RELEASE that ends the transaction) ran in the current statement: if the
  // commit finds readers in the way (kBusy), the transaction stays open, as in SQLite.
  bool explicit_commit_ = false;
  // Atomic: sqlite3_interrupt may come from another thread while a statement runs.
  std::atomic<bool> interrupted_{false};
  // SAVEPOINT's named savepoints, outermost first. pager_marks: per database, its pager's
  // savepoint mark (0 until that database's transaction writes: marks only exist in a write
  // transaction, and one opened before the first write is opened when it begins).
  // starts_transaction: opened in autocommit mode, so releasing it commits.
  struct NamedSavepoint {
    std::string name;
    std::vector<int> pager_marks;
    bool starts_transaction = false;
    int& mark(size_t db) {
      if (pager_marks.size() <= db) pager_marks.resize(db + 1, 0);
      return pager_marks[db];
    }
  };
  std::vector<NamedSavepoint> savepoints_;
  // The savepoints a COMMIT or RELEASE of the current statement ended: back if it is kept
  // waiting (kBusy).
  std::vector<NamedSavepoint> committed_savepoints_;
  int active_statements_ = 0;
  // Pager invariant 7: a read transaction may begin with its lock deferred only when the
  // statement that begins it runs alone, in autocommit mode, with no progress handler (no
  // application code can run SQL on the connection mid-step), and not in the second run of
  // a statement whose snapshot moved (StatementImpl::Step), which must make progress.
  bool defer_read_locks_ = true;
  int64_t changes_ = 0;
  int64_t total_changes_ = 0;
  int64_t last_insert_rowid_ = 0;
  Rc error_code_ = Rc::kOk;
  std::string error_message_;
  // PRAGMA settings kept for clients that set and read them (most have no effect yet).
  std::map<std::string, vdbe::Mem> settings_;
  // Bumped when a setting changes what statements compile to (CompileOptions): statements
  // compiled under an older generation compile again before they next start.
  uint64_t compile_generation_ = 0;
  int error_offset_ = -1;
};

class StatementImpl final : public Statement {
 public:
  StatementImpl(ConnectionImpl* connection, std::string sql,
                std::unique_ptr<vdbe::Program> program);
  ~StatementImpl() override;

  Rc Step() override;
  Rc Reset() override;
  int parameter_count() const override { return program_->variable_count(); }
  int ParameterIndex(std::string_view name) const override;
  std::string_view ParameterName(int index) const override;
  Rc Bind(int index, const vdbe::Mem& value) override;
  Rc ClearBindings() override;
  int column_count() const override {
    return static_cast<int>(program_->column_names().size());
  }
  std::string_view column_name(int column) const override;
  std::string_view column_decltype(int column) const override;
  const vdbe::Mem& column(int column) const override;
  std::string_view sql() const override { return sql_; }
  bool read_only() const override { return program_->read_only(); }

 private:
  // Step's runs: again after a schema change or a lost snapshot.
  Rc StepOnce();
  // Compiles the statement again after a schema change, keeping its bindings.
  Rc Reprepare();

  ConnectionImpl* connection_;
  std::string sql_;
  std::unique_ptr<vdbe::Program> program_;
  std::unique_ptr<vdbe::Vm> vm_;
  std::vector<vdbe::Mem> bindings_;
  bool running_ = false;
  uint64_t compile_generation_ = 0;  // the connection's when the program was compiled
  vdbe::Mem null_;
};

}  // namespace simlite::engine
