// Vm: the virtual machine that runs a Program (SQLite's Vdbe). One Vm per prepared statement.
//
// Invariants:
//  1. Registers are one contiguous vector of Mems, sized from the program when a run starts
//     and reused across runs; cursors likewise. Nothing is allocated per row by the opcodes
//     of scans and simple expressions: text copied into a register reuses its buffer.
//  2. Register values are never borrowed from b-tree pages (Column copies), so a result row
//     stays valid until the next Step however cursors move; registers may borrow from the
//     program's constants and from other registers (SCopy), whose lifetime the code
//     generator guarantees.
//  3. The VM talks to the database only through its VmHost (transactions, the btree, the
//     connection's counters) and to the outside world only through the host's io::Io
//     (transient tables), never directly.
//
// States: kReady --Step--> kRunning (a row is available after kRow) --Halt or error--> kHalted.
// Reset() from any state returns to kReady, closing cursors and releasing transient tables
// (the host is told the run ended, so it can commit or roll back).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "btree/btree.h"
#include "btree/record.h"
#include "common/result_code.h"
#include "io/io.h"
#include "vdbe/ephemeral_store.h"
#include "vdbe/function.h"
#include "vdbe/mem.h"
#include "vdbe/program.h"
#include "vdbe/vdbe_cursor.h"

namespace simlite::vdbe {

class WindowPartition;  // window.h

// The connection, as a running program sees it.
class VmHost {
 public:
  virtual ~VmHost() = default;
  // Databases are named by index, as opcodes name them: 0 main, 1 temp, 2.. attached.
  // Begins a read or write transaction on database `db` if none is active, or upgrades a
  // read transaction; exclusive (BEGIN EXCLUSIVE) also keeps other connections from reading
  // (rollback-journal modes). Errors: kBusy, kReadOnly, io errors; *error gets the message.
  // statement_journal: Program::statement_journal() of the running program.
  // defer_lock: the program allows its read transactions to begin with their locks
  // deferred (Program::may_defer_read_lock; the host decides, see Pager invariant 7).
  virtual Rc BeginTransaction(int db, bool write, bool exclusive, bool statement_journal,
                              bool defer_lock, std::string* error) = 0;
  // Pager invariant 7, when the program is about to return a row while a read transaction it
  // began still has its lock deferred: TakeDeferredLocks takes them (the program may read
  // on; errors: kInternalSnapshotMoved, the program must run again); EndDeferredReads ends
  // the connection's transactions now if they are all reads with their locks deferred (the
  // program will read no more pages, and has closed its b-tree cursors), and says whether
  // it did. No deferred lock may outlive the step.
  virtual Rc TakeDeferredLocks() = 0;
  virtual bool EndDeferredReads() = 0;
  // Database `db`'s b-trees (valid inside a transaction on it).
  virtual btree::Btree* btree(int db) = 0;
  virtual io::Io* io() = 0;
  virtual const FunctionEnv* function_env() = 0;
  // BEGIN (autocommit false), COMMIT (true), ROLLBACK (true, rollback). Errors as SQLite's:
  // "cannot start a transaction within a transaction", "cannot commit - no transaction is
  // active", "cannot rollback - no transaction is active".
  virtual Rc SetAutoCommit(bool autocommit, bool rollback, std::string* error) = 0;
  // SAVEPOINT name (kOpen), RELEASE name, ROLLBACK TO name. Errors as SQLite's: "no such
  // savepoint: name".
  virtual Rc Savepoint(SavepointOp op, std::string_view name, std::string* error) = 0;
  virtual void SetLastInsertRowid(int64_t rowid) = 0;
  // Database `db`'s schema changed (DDL): the host reloads it after the statement.
  virtual void SchemaChanged(int db) = 0;
  // PRAGMA settings the connection keeps (cache_size, foreign_keys, journal_mode, ...): sets
  // `name` to *value when value is not null, then *result = its value. Errors: kError.
  virtual Rc Setting(std::string_view name, const Mem* value, Mem* result,
                     std::string* error) = 0;
  // PRAGMA wal_checkpoint(mode): *busy 1 when the checkpoint could not finish (SQLITE_BUSY),
  // and the WAL's frame counts (-1 when not in WAL mode).
  virtual Rc WalCheckpoint(int mode, int* busy, int* log_frames, int* checkpointed_frames) = 0;
  // The rows of schema pragma `name` (table_info, index_list, ...) for `argument` in database
  // `schema` (null for none: all), as the table-valued function pragma_<name>() gives them.
  virtual Rc PragmaRows(std::string_view name, const Mem* argument, const Mem* schema,
                        std::vector<std::vector<Mem>>* rows) = 0;
  // How many bytes of records a sorter keeps in memory before spilling to a temporary file
  // (SQLite's: the page cache's size, PRAGMA cache_size).
  virtual size_t SorterMemoryLimit() = 0;
  // PRAGMA integrity_check of database `db` (-1: every open one): *result = "ok" or the
  // findings, one per line, at most max_errors.
  virtual Rc CheckIntegrity(int db, int max_errors, std::string* result) = 0;
  virtual bool interrupted() = 0;
  // How many of the connection's statements are running (this one included).
  virtual int running_statements() const = 0;
};

class Vm {
 public:
  enum class State : uint8_t { kReady, kRunning, kHalted };

  // Runs `program` (not owned; it must outlive the Vm) against `host`.
  Vm(const Program* program, VmHost* host);
  ~Vm();
  Vm(const Vm&) = delete;
  Vm& operator=(const Vm&) = delete;

  // Runs to the next result row (kRow) or the end (kDone); any other code is an error whose
  // message is error_message() and whose undo scope is on_error().
  Rc Step();
  // Back to kReady: closes cursors, drops transient tables, keeps bindings.
  void Reset();

  // The current result row (after kRow), valid until the next Step or Reset.
  std::span<const Mem> row() const { return row_; }

  // Parameters (1-based). Binding is allowed only in kReady.
  Rc Bind(int index, const Mem& value);
  void ClearBindings();

  State state() const { return state_; }
  const std::string& error_message() const { return error_message_; }
  OnError on_error() const { return on_error_; }
  // Rows counted by this run's Insert/Delete with the NChange flag.
  int64_t changes() const { return changes_; }
  // Rows changed by triggers (they count in total_changes() only).
  int64_t nested_changes() const { return nested_changes_; }
  // Rows changed by the trigger statements that ended (ResetCount, TriggerEnd): SQLite adds
  // them to total_changes() as each ends, so they count even when the statement fails later
  // (a statement that fails half-way counts nothing).
  int64_t ended_trigger_changes() const { return ended_trigger_changes_; }
  // The run wrote to the database (a write transaction was requested).
  bool wrote() const { return wrote_; }
  // The run began a read transaction with its lock deferred (Pager invariant 7): if it
  // fails with kInternalSnapshotMoved it has returned no row and may run again.
  bool began_deferred_read() const { return began_deferred_read_; }
  // Whether this run changed a b-tree (a transient one included).
  bool modified() const { return write_generation_ != generation_at_start_; }

 private:
  friend struct VmOps;

  Rc Run();
  // The opcodes outside the loop's fast path, by family.
  Rc Dispatch(const Instruction& op);
  Rc DispatchCursor(const Instruction& op);
  Rc DispatchWrite(const Instruction& op);
  Rc StartRun();
  // At a result row, with a read lock deferred: see VmHost::TakeDeferredLocks.
  Rc SettleDeferredLocks();
  Rc ExplainStep();
  Rc Fail(Rc rc, std::string message);
  // A row changed by a trigger's statement: counted for the trigger program running.
  void CountNestedChange() {
    nested_changes_++;
    if (!trigger_changes_.empty()) trigger_changes_.back()++;
  }

  const Program* program_;
  VmHost* host_;
  State state_ = State::kReady;
  int pc_ = 0;
  std::vector<Mem> registers_;
  std::vector<std::unique_ptr<VdbeCursor>> cursors_;
  std::vector<Mem> variables_;
  std::vector<uint8_t> once_done_;
  std::vector<std::unique_ptr<AggregateFunction>> aggregates_;  // by accumulator register
  std::vector<std::unique_ptr<WindowPartition>> windows_;       // by window pass (P1)
  std::span<const Mem> row_;
  EphemeralStore ephemeral_;
  btree::RecordBuilder record_builder_;  // MakeRecord
  btree::RecordBuilder key_builder_;     // seek keys built from registers
  StepTime step_time_;
  FunctionContext function_context_;
  Mem function_result_;
  Mem scratch_;  // an operator's result when its target is also an operand
  uint64_t write_generation_ = 1;
  uint64_t generation_at_start_ = 1;
  int last_compare_ = 0;
  int64_t changes_ = 0;
  int64_t nested_changes_ = 0;
  // The changes of each trigger program running since its last statement ended (TriggerBegin
  // pushes, TriggerEnd pops); its depth is the triggers' nesting, bounded by the schema's
  // triggers.
  std::vector<int64_t> trigger_changes_;
  int64_t ended_trigger_changes_ = 0;
  bool wrote_ = false;
  // A read transaction this run began may still have its lock deferred (Pager invariant 7);
  // the lock must be settled before a row goes out, for the caller may run other statements.
  bool lock_deferred_ = false;
  bool began_deferred_read_ = false;
  OnError on_error_ = OnError::kAbort;
  std::string error_message_;
  std::vector<Mem> explain_row_;
};

}  // namespace simlite::vdbe
