// ATTACH and DETACH (lang_attach.html, lang_detach.html): databases 2.. of the connection.
//
// An attached database opens with the main database's options (read-only with it), and its
// schema is read at once, so that a file that is not a database fails the ATTACH as in SQLite.
// Both change which index names which database, so every prepared statement compiles again
// before it next runs (SQLite expires them).
#include "engine/connection_impl.h"

namespace simlite::engine {

namespace {

// SQLITE_MAX_ATTACHED's default.
constexpr size_t kMaxAttached = 10;

}  // namespace

Rc ConnectionImpl::Attach(std::string_view file, std::string_view name, std::string* error) {
  if (dbs_.size() >= kMaxAttached + 2) {
    *error = "too many attached databases - max " + std::to_string(kMaxAttached);
    return Rc::kError;
  }
  if (catalog_.FindDatabase(name) >= 0) {
    *error = "database " + std::string(name) + " is already in use";
    return Rc::kError;
  }
  auto database = std::make_unique<Database>(static_cast<int>(dbs_.size()));
  database->name = std::string(name);
  database->schema.set_collations(&collations_);
  OpenOptions options = open_options_;
  options.create = !options.read_only;
  if (OpenPager(database.get(), file, options) != Rc::kOk) {
    *error = "unable to open database: " + std::string(file);
    return Rc::kCantOpen;
  }
  Rc rc = LoadSchemaOf(database.get(), error);
  if (rc != Rc::kOk) {
    if (error->empty()) *error = ErrStr(rc);
    return rc;
  }
  dbs_.push_back(std::move(database));
  RebuildCatalog();
  compile_generation_++;
  return Rc::kOk;
}

Rc ConnectionImpl::Detach(std::string_view name, std::string* error) {
  // The temp database counts only once open (SQLite's DETACH skips databases without a file).
  const int db = catalog_.FindDatabase(name);
  if (db < 0 || dbs_[static_cast<size_t>(db)]->btree == nullptr) {
    *error = "no such database: " + std::string(name);
    return Rc::kError;
  }
  if (db < 2) {
    *error = "cannot detach database " + std::string(name);
    return Rc::kError;
  }
  Database& database = *dbs_[static_cast<size_t>(db)];
  if (database.txn != TxnState::kNone) {
    *error = "database " + std::string(name) + " is locked";
    return Rc::kError;
  }
  // Its tables may carry temp triggers: the temp schema lets go of them first.
  codegen::Schema& temp = dbs_[codegen::kTempDb]->schema;
  if (temp.HasForeignTriggers()) temp.Clear();
  dbs_.erase(dbs_.begin() + db);
  // The databases after it move down one index: their schemas say so.
  for (size_t index = static_cast<size_t>(db); index < dbs_.size(); index++) {
    dbs_[index]->schema.set_db(static_cast<int>(index));
  }
  for (NamedSavepoint& savepoint : savepoints_) {
    if (savepoint.pager_marks.size() > static_cast<size_t>(db)) {
      savepoint.pager_marks.erase(savepoint.pager_marks.begin() + db);
    }
  }
  RebuildCatalog();
  compile_generation_++;
  return Rc::kOk;
}

}  // namespace simlite::engine
