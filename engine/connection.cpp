// ConnectionImpl: opening, compiling, and the transaction rules of connection_impl.h.
#include <algorithm>
#include <cassert>
#include <cstring>
#include <iterator>

#include "codegen/compiler.h"
#include "codegen/schema_loader.h"
#include "engine/connection_impl.h"
#include "io/posix_io.h"
#include "parser/parser.h"

namespace simlite::engine {

Rc Connection::Open(std::string_view path, const OpenOptions& options,
                    std::unique_ptr<Connection>* connection) {
  std::unique_ptr<io::Io> owned;
  io::Io* io = options.io;
  if (io == nullptr) {
    owned = io::CreateDefaultIo();
    io = owned.get();
  }
  auto impl = std::make_unique<ConnectionImpl>(std::move(owned), io);
  Rc rc = impl->OpenDatabase(path, options);
  *connection = std::move(impl);
  return rc;
}

ConnectionImpl::ConnectionImpl(std::unique_ptr<io::Io> owned_io, io::Io* io)
    : owned_io_(std::move(owned_io)), io_(io) {
  function_env_.clock = &io_->clock();
  function_env_.random = &io_->random();
  function_env_.connection = this;
  schema_.set_collations(&collations_);
}

Rc ConnectionImpl::SetCollation(std::string_view name, CollationComparator comparator) {
  btree::Collation collation = btree::Collation::kBinary;
  const bool replaces = collations_.Declare(name, &collation) &&
                        btree::IsCustomCollation(collation) && collations_.Defined(collation);
  if (replaces && active_statements_ > 0) {
    return SetError(Rc::kBusy,
                    "unable to delete/modify collation sequence due to active statements");
  }
  if (!collations_.Set(name, std::move(comparator))) {
    return SetError(Rc::kError, "too many collation sequences");
  }
  compile_generation_++;  // statements compiled with the old one compile again
  return SetError(Rc::kOk, "not an error");
}

ConnectionImpl::~ConnectionImpl() {
  if (txn_ == TxnState::kWrite) btree_->Rollback();
  if (txn_ != TxnState::kNone) btree_->EndRead();
  btree_.reset();
  pager_.reset();
}

Rc ConnectionImpl::SetError(Rc rc, std::string message) {
  error_code_ = rc;
  error_message_ = std::move(message);
  error_offset_ = -1;
  return rc;
}

Rc ConnectionImpl::OpenDatabase(std::string_view path, const OpenOptions& options) {
  const bool file = !path.empty() && path != ":memory:";
  if (file && !options.create) {
    bool exists = false;
    Rc rc = io_->Exists(path, &exists);
    if (rc != Rc::kOk || !exists) return SetError(Rc::kCantOpen, "unable to open database file");
  }
  pager::PagerOptions pager_options;
  pager_options.page_size = options.page_size;
  pager_options.cache_pages = options.cache_pages;
  pager_options.read_only = options.read_only;
  Rc rc = pager::Pager::Open(io_, path, pager_options, &pager_);
  if (rc != Rc::kOk) return SetError(rc, "unable to open database file");
  btree_ = std::make_unique<btree::Btree>(pager_.get());
  return SetError(Rc::kOk, "not an error");
}

Rc ConnectionImpl::EnsureSchema() {
  if (schema_.loaded()) return Rc::kOk;
  const bool temporary = txn_ == TxnState::kNone;
  if (temporary) {
    // As SQLite's schema load: a read that finds the file locked waits through the busy
    // handler; a load that fails leaves the handler a fresh count for the next attempt.
    Rc rc = RetryWhileBusy([&] { return btree_->BeginRead(); });
    if (rc != Rc::kOk) {
      ResetBusyCount();
      std::string message = pager_->error_message();
      return SetError(rc, message.empty() ? ErrStr(rc) : message);
    }
  }
  std::string error;
  Rc rc = codegen::LoadSchema(btree_.get(), &schema_, &error);
  if (temporary) btree_->EndRead();
  if (rc != Rc::kOk) return SetError(rc, error.empty() ? ErrStr(rc) : error);
  return Rc::kOk;
}

void ConnectionImpl::SetBusyHandler(std::function<bool(int attempt)> handler) {
  busy_timeout_ms_ = 0;
  InstallBusyHandler(std::move(handler));
}

void ConnectionImpl::InstallBusyHandler(std::function<bool(int attempt)> handler) {
  busy_handler_ = std::move(handler);
  busy_count_ = 0;
  if (busy_handler_ == nullptr) {
    pager_->SetBusyHandler(nullptr);
    return;
  }
  // Checkpoints wait through the same handler and count.
  pager_->SetBusyHandler([this](int) { return InvokeBusyHandler(); });
}

bool ConnectionImpl::InvokeBusyHandler() {
  if (busy_handler_ == nullptr || busy_count_ < 0) return false;
  if (!busy_handler_(busy_count_)) {
    busy_count_ = -1;  // given up: not called again until the next statement step
    return false;
  }
  busy_count_++;
  return true;
}

void ConnectionImpl::SetBusyTimeout(int ms) {
  busy_timeout_ms_ = std::max(ms, 0);
  if (ms <= 0) {
    InstallBusyHandler(nullptr);
    return;
  }
  // SQLite's schedule: short sleeps first, then 100 ms at a time, until ms have passed.
  static constexpr int kDelaysMs[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
  io::Clock* clock = &io_->clock();
  InstallBusyHandler([clock, ms](int attempt) {
    int slept_ms = 0;
    for (int step_idx = 0; step_idx < attempt; step_idx++) {
      slept_ms += kDelaysMs[std::min<size_t>(step_idx, std::size(kDelaysMs) - 1)];
    }
    if (slept_ms >= ms) return false;
    int delay_ms = kDelaysMs[std::min<size_t>(attempt, std::size(kDelaysMs) - 1)];
    clock->SleepUs(int64_t{std::min(delay_ms, ms - slept_ms)} * 1000);
    return true;
  });
}

Rc ConnectionImpl::RetryWhileBusy(const std::function<Rc()>& attempt) {
  // Bounded by the handler, which gives up (a timeout on the io clock, or the application's).
  for (;;) {
    Rc rc = attempt();
    if (rc != Rc::kBusy || !InvokeBusyHandler()) return rc;
  }
}

Rc ConnectionImpl::InReadTransaction(const std::function<Rc()>& body) {
  const bool temporary = txn_ == TxnState::kNone;
  if (temporary) {
    Rc rc = RetryWhileBusy([&] { return btree_->BeginRead(); });
    if (rc != Rc::kOk) return SetError(rc, ErrStr(rc));
  }
  Rc rc = body();
  if (temporary) btree_->EndRead();
  return rc == Rc::kOk ? Rc::kOk : SetError(rc, ErrStr(rc));
}

Rc ConnectionImpl::PageCount(uint32_t* pages) {
  *pages = 0;
  return InReadTransaction([&] {
    *pages = pager_->page_count();
    return Rc::kOk;
  });
}

Rc ConnectionImpl::Serialize(std::string* image) {
  image->clear();
  Rc rc = InReadTransaction([&] {
    const uint32_t page_size = pager_->page_size();
    image->resize(static_cast<size_t>(pager_->page_count()) * page_size);
    for (pager::Pgno pgno = 1; pgno <= pager_->page_count(); pgno++) {
      pager::PageRef page;
      SIMLITE_TRY(pager_->Get(pgno, &page));
      std::memcpy(image->data() + static_cast<size_t>(pgno - 1) * page_size, page.data(),
                  page_size);
    }
    return Rc::kOk;
  });
  if (rc != Rc::kOk) image->clear();
  return rc;
}

Rc ConnectionImpl::TableColumnMetadata(std::string_view table_name, std::string_view column,
                                       ColumnMetadata* metadata) {
  *metadata = ColumnMetadata();
  SIMLITE_TRY(EnsureSchema());
  const codegen::Table* table = schema_.FindTable(table_name);
  std::string error = "no such table column: " + std::string(table_name) + "." +
                      std::string(column);
  if (table == nullptr || table->is_view) return SetError(Rc::kError, error);
  if (column.empty()) return Rc::kOk;
  int column_idx = table->FindColumn(column);
  if (column_idx < 0 && table->IsRowidName(column)) column_idx = table->rowid_alias;
  if (column_idx < 0) {
    if (!table->IsRowidName(column) || table->without_rowid) return SetError(Rc::kError, error);
    metadata->declared_type = "INTEGER";
    metadata->primary_key = true;
    return Rc::kOk;
  }
  const codegen::Column& def = table->columns[static_cast<size_t>(column_idx)];
  metadata->declared_type = def.type;
  static constexpr const char* kCollations[] = {"BINARY", "NOCASE", "RTRIM"};
  metadata->collation = kCollations[static_cast<int>(def.collation)];
  metadata->not_null = def.not_null;
  metadata->primary_key = def.primary_key;
  metadata->autoincrement = table->autoincrement && column_idx == table->rowid_alias;
  return Rc::kOk;
}

Rc ConnectionImpl::Checkpoint(int mode, int* log_frames, int* checkpointed_frames) {
  *log_frames = -1;
  *checkpointed_frames = -1;
  if (txn_ != TxnState::kNone) {
    return SetError(Rc::kLocked, "database table is locked");
  }
  ResetBusyCount();  // as sqlite3_wal_checkpoint_v2: a fresh count for its waits
  Rc rc = pager_->Checkpoint(static_cast<wal::CheckpointMode>(mode), log_frames,
                             checkpointed_frames);
  return rc == Rc::kOk ? Rc::kOk : SetError(rc, ErrStr(rc));
}

Rc ConnectionImpl::Compile(std::string_view sql, std::unique_ptr<vdbe::Program>* program,
                           uint32_t* tail) {
  program->reset();
  parser::ParseResult parse;
  parser::ParseError parse_error;
  if (parser::ParseOne(sql, 0, parser::ParseOptions{}, &parse, &parse_error) != Rc::kOk) {
    Rc rc = SetError(Rc::kError, parse_error.message);
    error_offset_ = static_cast<int>(parse_error.offset);
    return rc;
  }
  const parser::ParsedStatement& statement = parse.statements()[0];
  *tail = statement.tail;
  if (statement.stmt == nullptr) return SetError(Rc::kOk, "not an error");
  // Transaction control needs no schema: a ROLLBACK must work when the schema cannot be read.
  const parser::StmtKind kind = statement.stmt->kind;
  const bool transaction_control =
      kind == parser::StmtKind::kBegin || kind == parser::StmtKind::kCommit ||
      kind == parser::StmtKind::kRollback || kind == parser::StmtKind::kSavepoint ||
      kind == parser::StmtKind::kRelease;
  if (!transaction_control) SIMLITE_TRY(EnsureSchema());
  std::string error;
  codegen::CompileOptions options;
  options.authorizer = authorizer_ != nullptr ? &authorizer_ : nullptr;
  vdbe::Mem like;
  if (Setting("case_sensitive_like", nullptr, &like, &error) == Rc::kOk) {
    options.case_sensitive_like = like.type() == btree::ValueType::kInteger && like.i() != 0;
  }
  Rc rc = codegen::Compile(statement, &parse, &schema_, options, program, &error,
                             &functions_);
  if (rc != Rc::kOk && !transaction_control && SchemaIsStale()) {
    // Another connection changed the schema since it was loaded: as SQLite's prepare, load
    // it again and compile once more before reporting the error.
    schema_.set_loaded(false);
    SIMLITE_TRY(EnsureSchema());
    error.clear();
    rc = codegen::Compile(statement, &parse, &schema_, options, program, &error, &functions_);
  }
  if (rc != Rc::kOk) return SetError(rc, error);
  return SetError(Rc::kOk, "not an error");
}

bool ConnectionImpl::SchemaIsStale() {
  if (!schema_.loaded()) return false;
  // As SQLite: a look at the cookie (through the busy handler); if the file stays locked, the
  // compile error stands.
  const bool temporary = txn_ == TxnState::kNone;
  if (temporary && RetryWhileBusy([&] { return btree_->BeginRead(); }) != Rc::kOk) return false;
  const uint32_t cookie = pager_->GetHeader(pager::HeaderField::kSchemaCookie);
  if (temporary) btree_->EndRead();
  return cookie != schema_.cookie();
}

Rc ConnectionImpl::Prepare(std::string_view sql, std::unique_ptr<Statement>* statement,
                           size_t* tail) {
  statement->reset();
  // The parser needs a NUL after the text; the statement keeps its own copy of its text.
  std::string text(sql);
  uint32_t consumed = 0;
  std::unique_ptr<vdbe::Program> program;
  Rc rc = Compile(text, &program, &consumed);
  if (tail != nullptr) *tail = consumed;
  if (rc != Rc::kOk || program == nullptr) return rc;
  *statement = std::make_unique<StatementImpl>(this, text.substr(0, consumed), std::move(program));
  return Rc::kOk;
}

Rc ConnectionImpl::BeginFromIdle(bool write, bool exclusive, std::string* error) {
  assert(txn_ == TxnState::kNone);
  Rc rc = btree_->BeginRead();
  if (rc != Rc::kOk) {
    *error = pager_->error_message();
    return rc;
  }
  txn_ = TxnState::kRead;
  if (!write) return Rc::kOk;
  if (pager_->read_only()) {
    *error = "attempt to write a readonly database";
    rc = Rc::kReadOnly;
  } else {
    rc = BeginWriteFromRead(exclusive, error);
  }
  if (rc != Rc::kOk) {
    // As SQLite: the read transaction opened only to become a write one is given back, so a
    // writer that could not start holds no lock that keeps others from committing.
    btree_->EndRead();
    txn_ = TxnState::kNone;
    return rc;
  }
  txn_ = TxnState::kWrite;
  return Rc::kOk;
}

Rc ConnectionImpl::BeginWriteFromRead(bool exclusive, std::string* error) {
  Rc rc = btree_->BeginWrite();
  if (rc == Rc::kOk && exclusive) {
    // As SQLite: the wait for EXCLUSIVE (readers to finish) goes through the busy handler,
    // whatever transaction is open; RESERVED (another writer) never waits here.
    rc = RetryWhileBusy([&] { return pager_->LockExclusive(); });
    // Nothing was written yet. As SQLite, RESERVED and PENDING stay held until the read
    // transaction ends (other writers and new readers are kept out meanwhile).
    if (rc != Rc::kOk) pager_->Rollback(/*keep_lock=*/true);
  }
  if (rc != Rc::kOk) *error = pager_->error_message();
  return rc;
}

Rc ConnectionImpl::BeginTransaction(bool write, bool exclusive, std::string* error) {
  if (txn_ == TxnState::kNone) {
    // Only a connection with no transaction open waits through the busy handler, as in SQLite:
    // one that holds a snapshot and waits to write could wait forever for a writer that waits
    // for it to finish reading.
    Rc rc = RetryWhileBusy([&] { return BeginFromIdle(write, exclusive, error); });
    if (rc != Rc::kOk) return rc;
  } else if (write && txn_ == TxnState::kRead) {
    if (pager_->read_only()) {
      *error = "attempt to write a readonly database";
      return Rc::kReadOnly;
    }
    SIMLITE_TRY(BeginWriteFromRead(exclusive, error));
    txn_ = TxnState::kWrite;
  }
  if (txn_ == TxnState::kWrite) {
    for (NamedSavepoint& savepoint : savepoints_) {
      if (savepoint.pager_mark == 0) savepoint.pager_mark = pager_->OpenSavepoint();
    }
  }
  // Inside an explicit transaction a failing statement must be undone alone.
  if (write && !autocommit_ && statement_mark_ == 0) statement_mark_ = pager_->OpenSavepoint();
  return Rc::kOk;
}

Rc ConnectionImpl::Savepoint(vdbe::SavepointOp op, std::string_view name, std::string* error) {
  if (op == vdbe::SavepointOp::kOpen) {
    NamedSavepoint savepoint{std::string(name), 0, autocommit_};
    if (txn_ == TxnState::kWrite) savepoint.pager_mark = pager_->OpenSavepoint();
    savepoints_.push_back(std::move(savepoint));
    autocommit_ = false;
    return Rc::kOk;
  }
  auto found = std::find_if(savepoints_.rbegin(), savepoints_.rend(), [&](const auto& savepoint) {
    return codegen::SameName(savepoint.name, name);
  });
  if (found == savepoints_.rend()) {
    *error = "no such savepoint: " + std::string(name);
    return Rc::kError;
  }
  const size_t index = static_cast<size_t>(savepoints_.rend() - found) - 1;
  const int mark = savepoints_[index].pager_mark;
  const bool marked = mark != 0 && txn_ == TxnState::kWrite;
  if (op == vdbe::SavepointOp::kRelease) {
    if (savepoints_[index].starts_transaction) {
      // Releasing the savepoint that began the transaction commits it (at the statement's end).
      explicit_commit_ = true;
      committed_savepoints_ = std::move(savepoints_);
      savepoints_.clear();
      autocommit_ = true;
      return Rc::kOk;
    }
    if (marked) pager_->ReleaseSavepoint(mark);
    savepoints_.resize(index);
    return Rc::kOk;
  }
  // ROLLBACK TO: the savepoint stays, the newer ones go.
  if (marked) {
    pager_->RollbackToSavepoint(mark);
    // The undone statements may have changed the schema.
    if (txn_changed_schema_) schema_.set_loaded(false);
  }
  savepoints_.resize(index + 1);
  return Rc::kOk;
}

Rc ConnectionImpl::SetAutoCommit(bool autocommit, bool rollback, std::string* error) {
  if (!autocommit) {
    if (!autocommit_) {
      *error = "cannot start a transaction within a transaction";
      return Rc::kError;
    }
    autocommit_ = false;
    return Rc::kOk;
  }
  if (autocommit_) {
    *error = rollback ? "cannot rollback - no transaction is active"
                      : "cannot commit - no transaction is active";
    return Rc::kError;
  }
  if (rollback) {
    RollbackTransaction();
  } else {
    explicit_commit_ = true;
    committed_savepoints_ = std::move(savepoints_);
  }
  savepoints_.clear();
  autocommit_ = true;
  return Rc::kOk;
}

void ConnectionImpl::RollbackTransaction() {
  statement_mark_ = 0;
  savepoints_.clear();
  if (txn_ == TxnState::kWrite) {
    btree_->Rollback(/*keep_readers=*/!txn_changed_schema_);
    txn_ = TxnState::kRead;
    // As SQLite: the schema is read again only if the rolled-back transaction changed it
    // (reading it needs the file, which another connection may hold locked).
    if (txn_changed_schema_) schema_.set_loaded(false);
    txn_changed_schema_ = false;
  }
}

void ConnectionImpl::EndReadIfIdle() {
  if (autocommit_ && active_statements_ == 0 && txn_ != TxnState::kNone) {
    if (txn_ == TxnState::kWrite) RollbackTransaction();
    btree_->EndRead();
    txn_ = TxnState::kNone;
  }
}

void ConnectionImpl::EndStatementSavepoint(bool roll_back) {
  const int mark = statement_mark_;
  if (mark == 0) return;
  statement_mark_ = 0;
  if (txn_ != TxnState::kWrite || pager_->savepoint_depth() < mark) return;
  if (roll_back) {
    pager_->RollbackToSavepoint(mark);
    // The statement may have changed the schema.
    if (txn_changed_schema_) schema_.set_loaded(false);
  }
  pager_->ReleaseSavepoint(mark);
}

Rc ConnectionImpl::CommitIfDone() {
  EndStatementSavepoint(false);
  const bool explicit_commit = explicit_commit_;
  explicit_commit_ = false;
  std::vector<NamedSavepoint> committed_savepoints = std::move(committed_savepoints_);
  committed_savepoints_.clear();
  if (!autocommit_ || txn_ != TxnState::kWrite) return Rc::kOk;
  // Readers in the way of the EXCLUSIVE lock (rollback journal): wait through the busy handler.
  Rc rc = RetryWhileBusy([&] { return btree_->Commit(); });
  if (rc == Rc::kOk) {
    txn_ = TxnState::kRead;
    txn_changed_schema_ = false;
    return Rc::kOk;
  }
  if (rc == Rc::kBusy) {
    // As SQLite: a COMMIT that is kept waiting leaves the transaction open (and the PENDING
    // lock held) so that it can be run again; a writing statement in autocommit mode is
    // rolled back instead, even while other statements of the connection still read.
    if (explicit_commit) {
      autocommit_ = false;
      savepoints_ = std::move(committed_savepoints);  // they still stand, as in SQLite
    } else {
      RollbackTransaction();
    }
    return SetError(rc, "database is locked");
  }
  RollbackTransaction();
  return SetError(rc, ErrStr(rc));
}

bool ConnectionImpl::interrupted() {
  if (progress_handler_ != nullptr && --progress_countdown_ <= 0) {
    progress_countdown_ = progress_ticks_;
    if (progress_handler_()) interrupted_ = true;
  }
  return interrupted_;
}

void ConnectionImpl::StatementStarted() {
  // An interrupt that came while no statement ran is forgotten (sqlite3_interrupt).
  if (active_statements_ == 0) interrupted_ = false;
  active_statements_++;
}

void ConnectionImpl::StatementAbandoned() {
  assert(active_statements_ > 0);
  active_statements_--;
  if (active_statements_ == 0) interrupted_ = false;
  Rc rc = CommitIfDone();
  (void)rc;
  EndReadIfIdle();
}

Rc ConnectionImpl::StatementEnded(Rc rc, const vdbe::Vm& vm, const vdbe::Program& program) {
  assert(active_statements_ > 0);
  active_statements_--;
  if (active_statements_ == 0) interrupted_ = false;
  if (rc == Rc::kDone) {
    if (program.counts_changes()) {
      changes_ = vm.changes();
      total_changes_ += vm.changes() + vm.nested_changes();
    }
    Rc commit = CommitIfDone();
    EndReadIfIdle();
    if (commit != Rc::kOk) return commit;
    Rc ok = SetError(Rc::kOk, "not an error");
    (void)ok;
    return Rc::kDone;
  }
  rc = SetError(rc, vm.error_message().empty() ? ErrStr(rc) : vm.error_message());
  if (program.counts_changes()) changes_ = 0;
  if (vm.wrote()) {
    const vdbe::OnError action = vm.on_error();
    if (action == vdbe::OnError::kFail) {
      if (program.counts_changes()) {
        changes_ = vm.changes();
        total_changes_ += vm.changes();
      }
      Rc commit = CommitIfDone();
      (void)commit;
    } else {
      const Rc primary = PrimaryCode(rc);
      // SQLite rolls back the whole transaction for these, whatever the conflict action.
      const bool severe = primary == Rc::kIoErr || primary == Rc::kFull ||
                          primary == Rc::kNoMem || primary == Rc::kInterrupt ||
                          primary == Rc::kCorrupt;
      if (autocommit_ || action == vdbe::OnError::kRollback || severe) {
        RollbackTransaction();
        autocommit_ = true;
      } else {
        EndStatementSavepoint(/*roll_back=*/true);
      }
    }
  }
  EndReadIfIdle();
  return rc;
}

}  // namespace simlite::engine
