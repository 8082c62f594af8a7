// The C++ engine API: what the shell, the C API (api/), the simulator and the tests use to
// run SQL. A Connection is one database connection (SQLite's sqlite3*); a Statement is one
// prepared statement (sqlite3_stmt*). Single-threaded: a connection and its statements are
// used from one thread at a time.
//
// Errors: every call returns an Rc (SQLite's primary or extended code); the connection keeps
// the message of the last error, worded as SQLite words it (error_message()).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/result_code.h"
#include "codegen/authorizer.h"
#include "io/io.h"
#include "vdbe/collation_registry.h"
#include "vdbe/function.h"
#include "vdbe/mem.h"

namespace simlite::engine {

struct OpenOptions {
  bool read_only = false;
  bool create = true;            // create the file when missing (SQLITE_OPEN_CREATE)
  io::Io* io = nullptr;          // null: the default backend (io::CreateDefaultIo)
  uint32_t page_size = 4096;     // for a new database
  uint32_t cache_pages = 2000;
};

class Statement;

class Connection {
 public:
  // Opens the database at path (":memory:" or "" as in SQLite). On failure *connection is
  // still set, holding the error message (like sqlite3_open), unless out of memory.
  static Rc Open(std::string_view path, const OpenOptions& options,
                 std::unique_ptr<Connection>* connection);
  virtual ~Connection() = default;

  // Compiles the first statement of sql. *tail is the number of bytes consumed (through
  // the statement's ';'). *statement is null when the text holds no statement (only spaces,
  // comments or ';'). Errors: kError with "near \"X\": syntax error", "no such table: t", ...
  virtual Rc Prepare(std::string_view sql, std::unique_ptr<Statement>* statement,
                     size_t* tail) = 0;

  virtual const std::string& error_message() const = 0;
  virtual Rc error_code() const = 0;
  virtual int64_t changes() const = 0;        // rows changed by the last INSERT/UPDATE/DELETE
  virtual int64_t total_changes() const = 0;
  virtual int64_t last_insert_rowid() const = 0;
  virtual bool autocommit() const = 0;        // no explicit transaction is open
  // Makes running statements fail with kInterrupt. May be called from another thread.
  virtual void Interrupt() = 0;

  // For the C API (api/). Each has a default so that an engine without the feature still
  // builds; the default is what the C API then reports.

  // sqlite3_error_offset: the byte offset in the SQL text of the token the last error is
  // about, or -1. Default: -1.
  virtual int error_offset() const { return -1; }
  // sqlite3_busy_handler: called when a lock the connection needs is held elsewhere (kBusy),
  // with the number of earlier calls for that lock; true tries again, false gives up (the
  // statement fails with kBusy). Null: give up at once. Default: ignored.
  virtual void SetBusyHandler(std::function<bool(int attempt)>) {}
  // sqlite3_busy_timeout: a busy handler that sleeps on the connection's clock until ms
  // milliseconds have passed in all. Default: ignored.
  virtual void SetBusyTimeout(int) {}
  // The main database's size in pages (sqlite3_backup_pagecount). Default: kError.
  virtual Rc PageCount(uint32_t* pages) {
    *pages = 0;
    return Rc::kError;
  }
  // sqlite3_serialize: the main database as a database file image (its pages in order), read
  // in a read transaction. Default: kError.
  virtual Rc Serialize(std::string* image) {
    image->clear();
    return Rc::kError;
  }
  // sqlite3_table_column_metadata: what the schema says of a column of a table of the main
  // database. An empty column only checks that the table exists; "rowid", "oid" and
  // "_rowid_" name the rowid unless a column has that name. Errors: kError when there is no
  // such table (or it is a view) or column. Default: kError.
  struct ColumnMetadata {
    std::string declared_type;  // as written; "" when none
    std::string collation = "BINARY";
    bool not_null = false;
    bool primary_key = false;
    bool autoincrement = false;
  };
  virtual Rc TableColumnMetadata(std::string_view, std::string_view, ColumnMetadata*) {
    return Rc::kError;
  }
  // sqlite3_wal_checkpoint_v2 (mode: SQLITE_CHECKPOINT_*): checkpoints a WAL database; outside
  // WAL mode both counts are -1. Errors: kBusy, kLocked (this connection is reading), io
  // errors. Default: kError.
  virtual Rc Checkpoint(int, int* log_frames, int* checkpointed_frames) {
    *log_frames = -1;
    *checkpointed_frames = -1;
    return Rc::kError;
  }
  // sqlite3_progress_handler: handler runs about every `ticks` units of a statement's work
  // (a unit: the start of a step, or 1024 rows visited); when it returns true the running
  // statements fail with kInterrupt. Null or ticks < 1: none. Default: ignored.
  virtual void SetProgressHandler(int, std::function<bool()>) {}
  // sqlite3_limit(SQLITE_LIMIT_FUNCTION_ARG): the most arguments a function call may pass
  // ("too many arguments on function f"). Default: ignored.
  virtual void SetFunctionArgLimit(int) {}
  // sqlite3_wal_autocheckpoint: checkpoint after commits that leave the WAL at least `pages`
  // long (0: never). Default: ignored.
  virtual void SetWalAutocheckpoint(int) {}
  // sqlite3_set_last_insert_rowid: what last_insert_rowid() returns until the next insert.
  // Default: ignored.
  virtual void SetLastInsertRowid(int64_t) {}
  // sqlite3_txn_state: the transaction open on the main database. Default: from autocommit()
  // (an explicit transaction counts as a write transaction, none as kNone).
  enum class TransactionState : int { kNone = 0, kRead = 1, kWrite = 2 };
  virtual TransactionState transaction_state() const {
    return autocommit() ? TransactionState::kNone : TransactionState::kWrite;
  }
  // sqlite3_create_function: makes the application-defined function *def visible to this
  // connection's SQL (def->name in lower case; def->user_data is the application's), in place
  // of an application function with the same name and argument count; it takes precedence
  // over a built-in. A def with neither scalar nor aggregate removes the function. The caller
  // keeps *def alive until it is replaced or removed or the connection closes, and prepares
  // again the statements compiled before the change. Default: kError (no such functions).
  virtual Rc SetFunction(const vdbe::FunctionDef*) { return Rc::kError; }
  // sqlite3_create_collation: registers, replaces (same name, any case) or, with a null
  // comparator, removes the application collation `name`, which orders UTF-8 texts. Statements
  // compiled before compile again before they next start. Errors: kBusy ("unable to
  // delete/modify collation sequence due to active statements") when a defined collation
  // would change while statements run; kError when there are too many collation names.
  // Default: kError.
  using CollationComparator = vdbe::CollationRegistry::Comparator;
  virtual Rc SetCollation(std::string_view, CollationComparator) { return Rc::kError; }
  // sqlite3_collation_needed: called with the name of a collation a statement uses that is not
  // registered, while the statement compiles; it may register it (SetCollation). Null: none.
  // Default: ignored.
  virtual void SetCollationNeeded(std::function<void(std::string_view name)>) {}
  // sqlite3_set_authorizer: called while statements compile (codegen/authorizer.h); null:
  // none. Statements compiled before compile again before they next start. Default: ignored.
  virtual void SetAuthorizer(codegen::Authorizer) {}
};

class Statement {
 public:
  virtual ~Statement() = default;

  // Runs to the next row (kRow) or to the end (kDone); any other code is an error, whose
  // message the connection holds. After kDone or an error, Step restarts (as
  // sqlite3_step does after an automatic reset).
  virtual Rc Step() = 0;
  virtual Rc Reset() = 0;

  // Parameters are numbered from 1. Errors: kRange for a number out of range, kMisuse
  // while the statement is running.
  virtual int parameter_count() const = 0;
  virtual int ParameterIndex(std::string_view name) const = 0;  // 0 when unknown
  virtual std::string_view ParameterName(int index) const = 0;  // "" when unnamed
  virtual Rc Bind(int index, const vdbe::Mem& value) = 0;
  virtual Rc ClearBindings() = 0;

  virtual int column_count() const = 0;
  virtual std::string_view column_name(int column) const = 0;
  // The declared type of a result column that is a table column ("" otherwise).
  virtual std::string_view column_decltype(int column) const = 0;
  // The value of a column of the current row; valid until the next Step or Reset.
  virtual const vdbe::Mem& column(int column) const = 0;

  virtual std::string_view sql() const = 0;
  virtual bool read_only() const = 0;  // makes no change to the database
};

}  // namespace simlite::engine
