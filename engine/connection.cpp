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
  for (int db : {codegen::kMainDb, codegen::kTempDb}) {
    auto database = std::make_unique<Database>(db);
    database->name = db == codegen::kMainDb ? "main" : "temp";
    database->schema.set_collations(&collations_);
    dbs_.push_back(std::move(database));
  }
  dbs_[codegen::kTempDb]->schema.set_loaded(true);  // empty until the temp database opens
  RebuildCatalog();
}

void ConnectionImpl::RebuildCatalog() {
  catalog_.Clear();
  for (const auto& database : dbs_) {
    catalog_.Add({database->name, database->file, &database->schema, database->pager != nullptr});
  }
}

bool ConnectionImpl::InTransaction() const {
  return std::any_of(dbs_.begin(), dbs_.end(),
                     [](const auto& database) { return database->txn != TxnState::kNone; });
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
  for (auto& database : dbs_) {
    if (database->txn == TxnState::kWrite) database->btree->Rollback();
    if (database->txn != TxnState::kNone) database->btree->EndRead();
    database->btree.reset();
    database->pager.reset();
  }
}

Rc ConnectionImpl::SetError(Rc rc, std::string message) {
  error_code_ = rc;
  error_message_ = std::move(message);
  error_offset_ = -1;
  return rc;
}

Rc ConnectionImpl::OpenPager(Database* database, std::string_view path,
                             const OpenOptions& options) {
  const bool file = !path.empty() && path != ":memory:";
  if (file && !options.create) {
    bool exists = false;
    Rc rc = io_->Exists(path, &exists);
    if (rc != Rc::kOk || !exists) return Rc::kCantOpen;
  }
  pager::PagerOptions pager_options;
  pager_options.page_size = options.page_size;
  pager_options.cache_pages = options.cache_pages;
  pager_options.read_only = options.read_only;
  SIMLITE_TRY(pager::Pager::Open(io_, path, pager_options, &database->pager));
  database->btree = std::make_unique<btree::Btree>(database->pager.get());
  database->file.clear();
  if (file) SIMLITE_TRY(io_->FullPathname(path, &database->file));
  if (busy_handler_ != nullptr) {
    database->pager->SetBusyHandler([this](int) { return InvokeBusyHandler(); });
  }
  return Rc::kOk;
}

Rc ConnectionImpl::OpenDatabase(std::string_view path, const OpenOptions& options) {
  open_options_ = options;
  open_options_.io = nullptr;
  Rc rc = OpenPager(dbs_[codegen::kMainDb].get(), path, options);
  RebuildCatalog();
  if (rc != Rc::kOk) return SetError(rc, "unable to open database file");
  return SetError(Rc::kOk, "not an error");
}

Rc ConnectionImpl::OpenTempDatabase() {
  Database* temp = dbs_[codegen::kTempDb].get();
  if (temp->pager != nullptr) return Rc::kOk;
  OpenOptions options;
  options.create = true;
  Rc rc = OpenPager(temp, "", options);
  if (rc != Rc::kOk) {
    temp->btree.reset();
    temp->pager.reset();
    return rc;
  }
  temp->schema.set_loaded(false);
  RebuildCatalog();
  return Rc::kOk;
}

Rc ConnectionImpl::LoadSchemaOf(Database* database, std::string* error) {
  const bool temporary = database->txn == TxnState::kNone;
  if (temporary) {
    // As SQLite's schema load: a read that finds the file locked waits through the busy
    // handler; a load that fails leaves the handler a fresh count for the next attempt.
    Rc rc = RetryWhileBusy([&] { return database->btree->BeginRead(); });
    if (rc != Rc::kOk) {
      ResetBusyCount();
      *error = database->pager->error_message();
      return rc;
    }
  }
  Rc rc = codegen::LoadSchema(database->btree.get(), &database->schema, &catalog_, error);
  if (temporary) database->btree->EndRead();
  return rc;
}

namespace {

// Whether a compile error is a name the schema lacks, after which SQLite looks at the schema
// cookie (its Parse.checkSchema: a table, view, column, index or trigger not found).
bool FailedLookup(std::string_view error) {
  for (std::string_view prefix : {"no such table: ", "no such view: ", "no such column: ",
                                  "no such index: ", "no such trigger: "}) {
    if (error.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

}  // namespace

bool ConnectionImpl::SchemaIsStale() {
  bool stale = false;
  for (auto& database : dbs_) {
    if (database->btree == nullptr || !database->schema.loaded()) continue;
    // As SQLite: a look at the cookie (through the busy handler); if the file stays locked,
    // the compile error stands.
    const bool temporary = database->txn == TxnState::kNone;
    if (temporary && RetryWhileBusy([&] { return database->btree->BeginRead(); }) != Rc::kOk) {
      continue;
    }
    const uint32_t cookie =
        database->pager->GetHeader(pager::HeaderField::kSchemaCookie);
    if (temporary) database->btree->EndRead();
    if (cookie != database->schema.cookie()) {
      database->schema.set_loaded(false);
      stale = true;
    }
  }
  return stale;
}

Rc ConnectionImpl::EnsureSchema() {
  // The temp schema's triggers on other databases' tables are unlinked before those tables
  // are rebuilt, and linked again after (codegen/schema.h, invariant 4): temp loads last.
  codegen::Schema& temp = dbs_[codegen::kTempDb]->schema;
  for (size_t db = 0; db < dbs_.size(); db++) {
    if (db != codegen::kTempDb && !dbs_[db]->schema.loaded() && temp.HasForeignTriggers()) {
      temp.Clear();
    }
  }
  for (size_t slot = 0; slot < dbs_.size(); slot++) {
    const size_t db = slot + 1 < dbs_.size() ? (slot < codegen::kTempDb ? slot : slot + 1)
                                             : codegen::kTempDb;
    Database& database = *dbs_[db];
    if (database.schema.loaded() || database.btree == nullptr) continue;
    std::string error;
    Rc rc = LoadSchemaOf(&database, &error);
    if (rc != Rc::kOk) return SetError(rc, error.empty() ? ErrStr(rc) : error);
  }
  return Rc::kOk;
}

void ConnectionImpl::SetBusyHandler(std::function<bool(int attempt)> handler) {
  busy_timeout_ms_ = 0;
  InstallBusyHandler(std::move(handler));
}

void ConnectionImpl::InstallBusyHandler(std::function<bool(int attempt)> handler) {
  busy_handler_ = std::move(handler);
  busy_count_ = 0;
  for (auto& database : dbs_) {
    if (database->pager == nullptr) continue;
    // Checkpoints wait through the same handler and count.
    if (busy_handler_ == nullptr) {
      database->pager->SetBusyHandler(nullptr);
    } else {
      database->pager->SetBusyHandler([this](int) { return InvokeBusyHandler(); });
    }
  }
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

Rc ConnectionImpl::InReadTransaction(const std::function<Rc()>& body) {
  const bool temporary = dbs_[codegen::kMainDb]->txn == TxnState::kNone;
  if (temporary) {
    Rc rc = RetryWhileBusy([&] { return main_btree()->BeginRead(); });
    if (rc != Rc::kOk) return SetError(rc, ErrStr(rc));
  }
  Rc rc = body();
  if (temporary) main_btree()->EndRead();
  return rc == Rc::kOk ? Rc::kOk : SetError(rc, ErrStr(rc));
}

Rc ConnectionImpl::PageCount(uint32_t* pages) {
  *pages = 0;
  return InReadTransaction([&] {
    *pages = main_pager()->page_count();
    return Rc::kOk;
  });
}

Rc ConnectionImpl::Serialize(std::string* image) {
  image->clear();
  pager::Pager* pager = main_pager();
  Rc rc = InReadTransaction([&] {
    const uint32_t page_size = pager->page_size();
    image->resize(static_cast<size_t>(pager->page_count()) * page_size);
    for (pager::Pgno pgno = 1; pgno <= pager->page_count(); pgno++) {
      pager::PageRef page;
      SIMLITE_TRY(pager->Get(pgno, &page));
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
  const codegen::Table* table = catalog_.FindTable("", table_name);
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
  if (InTransaction()) {
    return SetError(Rc::kLocked, "database table is locked");
  }
  ResetBusyCount();  // as sqlite3_wal_checkpoint_v2: a fresh count for its waits
  Rc rc = main_pager()->Checkpoint(static_cast<wal::CheckpointMode>(mode), log_frames,
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
    // SQLite reports no offset for text that ends before its statement does.
    error_offset_ = parse_error.message == "incomplete input"
                        ? -1
                        : static_cast<int>(parse_error.offset);
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
  Rc rc = codegen::Compile(statement, &parse, &catalog_, options, program, &error,
                             &functions_);
  // A statement that does not compile may name what another connection has just created:
  // when a lookup failed and a schema cookie moved since the schema was loaded, load it again
  // and compile again (SQLite's schemaIsValid after a failed lookup; other errors stand).
  if (rc != Rc::kOk && !transaction_control && FailedLookup(error) && SchemaIsStale()) {
    SIMLITE_TRY(EnsureSchema());
    error.clear();
    rc = codegen::Compile(statement, &parse, &catalog_, options, program, &error, &functions_);
  }
  if (rc != Rc::kOk) return SetError(rc, error);
  return SetError(Rc::kOk, "not an error");
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

Rc ConnectionImpl::BeginFromIdle(Database* database, bool write, bool exclusive,
                                 bool defer_lock, std::string* error) {
  assert(database->txn == TxnState::kNone);
  Rc rc = database->btree->BeginRead(defer_lock && !write);
  if (rc != Rc::kOk) {
    *error = database->pager->error_message();
    return rc;
  }
  database->txn = TxnState::kRead;
  if (!write) return Rc::kOk;
  if (database->pager->read_only()) {
    *error = "attempt to write a readonly database";
    rc = Rc::kReadOnly;
  } else {
    rc = BeginWriteFromRead(database, exclusive, error);
  }
  if (rc != Rc::kOk) {
    // As SQLite: the read transaction opened only to become a write one is given back, so a
    // writer that could not start holds no lock that keeps others from committing.
    database->btree->EndRead();
    database->txn = TxnState::kNone;
    return rc;
  }
  database->txn = TxnState::kWrite;
  return Rc::kOk;
}

Rc ConnectionImpl::BeginWriteFromRead(Database* database, bool exclusive, std::string* error) {
  Rc rc = database->btree->BeginWrite();
  if (rc == Rc::kOk && exclusive) {
    // As SQLite: the wait for EXCLUSIVE (readers to finish) goes through the busy handler,
    // whatever transaction is open; RESERVED (another writer) never waits here.
    rc = RetryWhileBusy([&] { return database->pager->LockExclusive(); });
    // Nothing was written yet. As SQLite, RESERVED and PENDING stay held until the read
    // transaction ends (other writers and new readers are kept out meanwhile).
    if (rc != Rc::kOk) database->pager->Rollback(/*keep_lock=*/true);
  }
  if (rc != Rc::kOk) *error = database->pager->error_message();
  return rc;
}

Rc ConnectionImpl::BeginTransaction(int db, bool write, bool exclusive, bool statement_journal,
                                    bool defer_lock, std::string* error) {
  if (db == codegen::kTempDb) {
    Rc rc = OpenTempDatabase();
    if (rc != Rc::kOk) {
      *error = "unable to open a temporary database file for storing temporary tables";
      return rc;
    }
  }
  Database& database = *dbs_[static_cast<size_t>(db)];
  if (database.txn == TxnState::kNone) {
    // Only a connection with no transaction open waits through the busy handler, as in SQLite:
    // one that holds a snapshot and waits to write could wait forever for a writer that waits
    // for it to finish reading.
    const bool defer = defer_lock && !write && autocommit_ && active_statements_ == 1 &&
                       progress_handler_ == nullptr && defer_read_locks_;
    Rc rc = RetryWhileBusy(
        [&] { return BeginFromIdle(&database, write, exclusive, defer, error); });
    if (rc != Rc::kOk) return rc;
  } else if (write && database.txn == TxnState::kRead) {
    if (database.pager->read_only()) {
      *error = "attempt to write a readonly database";
      return Rc::kReadOnly;
    }
    SIMLITE_TRY(BeginWriteFromRead(&database, exclusive, error));
    database.txn = TxnState::kWrite;
  }
  if (database.txn == TxnState::kWrite) {
    for (NamedSavepoint& savepoint : savepoints_) {
      int& mark = savepoint.mark(static_cast<size_t>(db));
      if (mark == 0) mark = database.pager->OpenSavepoint();
    }
  }
  // Inside an explicit transaction a failing statement must be undone alone (unless it
  // cannot fail after its first write: see the error path of Step).
  if (write && statement_journal && !autocommit_ && database.statement_mark == 0) {
    database.statement_mark = database.pager->OpenSavepoint();
  }
  return Rc::kOk;
}

Rc ConnectionImpl::Savepoint(vdbe::SavepointOp op, std::string_view name, std::string* error) {
  if (op == vdbe::SavepointOp::kOpen) {
    NamedSavepoint savepoint{std::string(name), {}, autocommit_};
    for (size_t db = 0; db < dbs_.size(); db++) {
      if (dbs_[db]->txn == TxnState::kWrite) savepoint.mark(db) = dbs_[db]->pager->OpenSavepoint();
    }
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
  if (op == vdbe::SavepointOp::kRelease && savepoints_[index].starts_transaction) {
    // Releasing the savepoint that began the transaction commits it (at the statement's end).
    explicit_commit_ = true;
    committed_savepoints_ = std::move(savepoints_);
    savepoints_.clear();
    autocommit_ = true;
    return Rc::kOk;
  }
  for (size_t db = 0; db < dbs_.size(); db++) {
    const int mark = savepoints_[index].mark(db);
    if (mark == 0 || dbs_[db]->txn != TxnState::kWrite) continue;
    if (op == vdbe::SavepointOp::kRelease) {
      dbs_[db]->pager->ReleaseSavepoint(mark);
    } else {
      dbs_[db]->pager->RollbackToSavepoint(mark);
      // The undone statements may have changed the schema: as SQLite, drop it (the next
      // prepare reads it, after the commit if none comes before).
      if (dbs_[db]->changed_schema) {
        dbs_[db]->schema.set_loaded(false);
        dbs_[db]->read_back_schema = false;
      }
    }
  }
  // RELEASE drops the savepoint and the newer ones; ROLLBACK TO keeps it.
  savepoints_.resize(op == vdbe::SavepointOp::kRelease ? index : index + 1);
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
  savepoints_.clear();
  for (auto& database : dbs_) {
    database->statement_mark = 0;
    if (database->txn != TxnState::kWrite) continue;
    database->btree->Rollback(/*keep_readers=*/!database->changed_schema);
    database->txn = TxnState::kRead;
    // As SQLite: the schema is read again only if the rolled-back transaction changed it
    // (reading it needs the file, which another connection may hold locked).
    if (database->changed_schema) database->schema.set_loaded(false);
    database->changed_schema = false;
    database->read_back_schema = false;
  }
}

void ConnectionImpl::EndReadIfIdle() {
  if (!autocommit_ || active_statements_ != 0 || !InTransaction()) return;
  RollbackTransaction();  // a write transaction still open here did not commit
  EndReads();
}

void ConnectionImpl::EndReads() {
  for (auto& database : dbs_) {
    if (database->txn == TxnState::kNone) continue;
    database->btree->EndRead();
    database->txn = TxnState::kNone;
  }
}

Rc ConnectionImpl::TakeDeferredLocks() {
  for (auto& database : dbs_) {
    if (database->txn != TxnState::kNone) SIMLITE_TRY(database->pager->TakeDeferredLock());
  }
  return Rc::kOk;
}

bool ConnectionImpl::EndDeferredReads() {
  // Only the statement that began them runs in them (see defer_read_locks_). If any
  // transaction holds its lock, or has none to defer (the temp database, a rollback-mode
  // one), they all end as usual, with the statement.
  if (!autocommit_ || active_statements_ != 1) return false;
  for (auto& database : dbs_) {
    if (database->txn == TxnState::kWrite) return false;
    if (database->txn == TxnState::kRead && !database->pager->lock_deferred()) return false;
  }
  EndReads();
  return true;
}

void ConnectionImpl::EndStatementSavepoint(bool roll_back) {
  for (auto& database : dbs_) {
    const int mark = database->statement_mark;
    if (mark == 0) continue;
    database->statement_mark = 0;
    if (database->txn != TxnState::kWrite || database->pager->savepoint_depth() < mark) continue;
    if (roll_back) {
      database->pager->RollbackToSavepoint(mark);
      // The statement may have changed the schema.
      if (database->changed_schema) database->schema.set_loaded(false);
    }
    database->pager->ReleaseSavepoint(mark);
  }
}

Rc ConnectionImpl::CommitIfDone() {
  EndStatementSavepoint(false);
  const bool explicit_commit = explicit_commit_;
  explicit_commit_ = false;
  std::vector<NamedSavepoint> committed_savepoints = std::move(committed_savepoints_);
  committed_savepoints_.clear();
  if (!autocommit_) return Rc::kOk;
  // Main first, then the others; a failure rolls back what has not committed yet.
  for (auto& database : dbs_) {
    if (database->txn != TxnState::kWrite) continue;
    // Readers in the way of the EXCLUSIVE lock (rollback journal): wait through the busy
    // handler.
    Rc rc = RetryWhileBusy([&] { return database->btree->Commit(); });
    if (rc == Rc::kOk) {
      database->txn = TxnState::kRead;
      database->changed_schema = false;
      ReadBackSchema(database.get());
      continue;
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
  return Rc::kOk;
}

void ConnectionImpl::ReadBackSchema(Database* database) {
  assert(database->txn == TxnState::kRead);
  const bool read_back = database->read_back_schema;
  database->read_back_schema = false;
  // The temp schema is the connection's own: no other connection changes it, and the next
  // prepare reads it as it is now.
  if (!read_back || database->schema.loaded() || database == dbs_[codegen::kTempDb].get()) {
    return;
  }
  // SQLite's DDL updates the connection's schema as it runs, cookie included, so after the
  // commit the connection knows the schema its own DDL made; another connection's later
  // change is seen only where a statement checks the cookie (or a lookup fails). Reading it
  // at the next prepare instead would see those changes at once (simlite-sim seed 48539: an
  // upsert target found another connection's new UNIQUE index). The read transaction is
  // still the commit's own snapshot.
  codegen::Schema& temp = dbs_[codegen::kTempDb]->schema;
  if (temp.HasForeignTriggers()) temp.Clear();  // loaded again after (schema.h, invariant 4)
  std::string error;
  if (LoadSchemaOf(database, &error) != Rc::kOk) {
    database->schema.set_loaded(false);  // the next prepare tries again
  }
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
    Rc commit = CommitIfDone();
    EndReadIfIdle();
    // As SQLite: a statement whose commit failed (kept waiting by readers, then rolled back)
    // changed nothing.
    if (program.counts_changes()) {
      changes_ = commit == Rc::kOk ? vm.changes() : 0;
      if (commit == Rc::kOk) total_changes_ += vm.changes() + vm.nested_changes();
    }
    if (commit != Rc::kOk) return commit;
    Rc ok = SetError(Rc::kOk, "not an error");
    (void)ok;
    return Rc::kDone;
  }
  rc = SetError(rc, vm.error_message().empty() ? ErrStr(rc) : vm.error_message());
  if (program.counts_changes()) {
    changes_ = 0;
    // The trigger programs that ended before the failure counted already in SQLite.
    total_changes_ += vm.ended_trigger_changes();
  }
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
      // A program without a statement journal that failed after changing something (which
      // only an error SQLite counts as severe should do) has no savepoint to go back to.
      const bool unguarded = !program.statement_journal() && vm.modified();
      if (autocommit_ || action == vdbe::OnError::kRollback || severe || unguarded) {
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
