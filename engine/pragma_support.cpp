// ConnectionImpl: what PRAGMA statements read and change at run time — the connection's
// settings, the rows of table-valued schema pragmas, and the integrity check over the
// schema's b-trees.
#include <algorithm>
#include <cctype>

#include "btree/btree_cursor.h"
#include "btree/integrity_check.h"
#include "codegen/pragma.h"
#include "codegen/schema.h"
#include "engine/connection_impl.h"
#include "vdbe/value.h"

namespace simlite::engine {

namespace {

// Settings and their SQLite defaults (pragma.html). journal_mode is worked out per database.
struct DefaultSetting {
  const char* name;
  int64_t value;
};
constexpr DefaultSetting kDefaults[] = {
    {"automatic_index", 1},   {"cache_size", -2000},
    {"case_sensitive_like", 0}, {"cell_size_check", 0}, {"defer_foreign_keys", 0},
    {"foreign_keys", 0},      {"fullfsync", 0},         {"ignore_check_constraints", 0},
    {"legacy_alter_table", 0}, {"locking_mode", 0},     {"query_only", 0},
    {"read_uncommitted", 0},  {"recursive_triggers", 0}, {"reverse_unordered_selects", 0},
    {"secure_delete", 0},     {"synchronous", 2},       {"temp_store", 0},
    {"trusted_schema", 1},    {"wal_autocheckpoint", 1000},
};

}  // namespace

Rc ConnectionImpl::Setting(std::string_view name, const vdbe::Mem* value, vdbe::Mem* result,
                           std::string* error) {
  std::string key = codegen::LowerName(name);
  if (key == "page_size") {
    result->SetInt(main_pager()->page_size());
    return Rc::kOk;
  }
  if (key == "journal_mode") return JournalModeSetting(value, result, error);
  if (key == "busy_timeout") {
    // The timeout sqlite3_busy_timeout set; a busy handler of the application clears it.
    if (value != nullptr) {
      vdbe::Mem converted;
      converted.CopyFrom(*value);
      vdbe::ApplyAffinity(&converted, vdbe::Affinity::kInteger);
      if (converted.type() == btree::ValueType::kInteger) {
        SetBusyTimeout(static_cast<int>(std::clamp<int64_t>(converted.i(), 0, INT32_MAX)));
      }
    }
    result->SetInt(busy_timeout_ms_);
    return Rc::kOk;
  }
  if (settings_.empty()) {
    for (const DefaultSetting& setting : kDefaults) {
      settings_[setting.name] = vdbe::Mem::Int(setting.value);
    }
  }
  auto found = settings_.find(key);
  if (found == settings_.end()) return Rc::kError;
  if (value != nullptr) {
    vdbe::Mem converted;
    converted.CopyFrom(*value);
    // Boolean settings take on/off/yes/no/true/false as SQLite does; synchronous its levels.
    if (converted.type() == btree::ValueType::kText) {
      std::string word = codegen::LowerName(converted.chars());
      if (word == "on" || word == "yes" || word == "true") converted.SetInt(1);
      if (word == "off" || word == "no" || word == "false") converted.SetInt(0);
      if (key == "synchronous") {
        if (word == "normal") converted.SetInt(1);
        if (word == "full") converted.SetInt(2);
        if (word == "extra") converted.SetInt(3);
      }
    }
    vdbe::ApplyAffinity(&converted, vdbe::Affinity::kInteger);
    if (converted.type() == btree::ValueType::kInteger) {
      // case_sensitive_like redefines like(): statements compiled before compile again (as
      // SQLite expires them when a function changes).
      if (key == "case_sensitive_like" && converted.i() != found->second.i()) {
        compile_generation_++;
      }
      // synchronous keeps a level 0..3 (SQLite masks other numbers the same way).
      if (key == "synchronous") converted.SetInt(converted.i() & 3);
      found->second = converted;
      ApplySetting(key, converted.i());
    }
  }
  result->CopyFrom(found->second);
  return Rc::kOk;
}

void ConnectionImpl::ApplySetting(const std::string& key, int64_t value) {
  if (key == "synchronous") {
    main_pager()->set_synchronous(static_cast<pager::Synchronous>(value));
  } else if (key == "wal_autocheckpoint") {
    main_pager()->set_wal_autocheckpoint(
        static_cast<uint32_t>(std::clamp<int64_t>(value, 0, INT32_MAX)));
  }
}

namespace {

constexpr const char* kJournalModeNames[] = {"delete", "truncate", "persist",
                                             "memory", "off",      "wal"};

}  // namespace

Rc ConnectionImpl::CreateWalDatabase() {
  // As SQLite: WAL mode on an empty file writes page 1 (saying WAL) at once, through the
  // rollback journal, so that the first transaction already goes to the WAL.
  btree::Btree* btree = main_btree();
  SIMLITE_TRY(btree->BeginRead());
  Rc rc = btree->BeginWrite();
  if (rc == Rc::kOk) rc = btree->Commit();
  if (main_pager()->state() == pager::Pager::State::kWriting) btree->Rollback();
  btree->EndRead();
  return rc;
}

Rc ConnectionImpl::JournalModeSetting(const vdbe::Mem* value, vdbe::Mem* result,
                                      std::string* error) {
  using pager::JournalModeOption;
  pager::Pager* pager = main_pager();
  if (pager->in_memory()) {
    result->SetText("memory");
    return Rc::kOk;
  }
  // The file's header says whether it is a WAL database: read it first.
  Rc rc = InReadTransaction([] { return Rc::kOk; });
  if (rc != Rc::kOk) {
    *error = error_message_;
    return rc;
  }
  if (value != nullptr && value->type() == btree::ValueType::kText) {
    const std::string word = codegen::LowerName(value->chars());
    const JournalModeOption current = pager->journal_mode();
    for (size_t mode_idx = 0; mode_idx < std::size(kJournalModeNames); mode_idx++) {
      const auto mode = static_cast<JournalModeOption>(mode_idx);
      if (word != kJournalModeNames[mode_idx] || mode == current) continue;
      const bool wal_change = mode == JournalModeOption::kWal || current == JournalModeOption::kWal;
      if (InTransaction() || !autocommit_) {
        if (!wal_change) break;  // between rollback modes: kept until the transaction ends
        *error = mode == JournalModeOption::kWal
                     ? "cannot change into wal mode from within a transaction"
                     : "cannot change out of wal mode from within a transaction";
        return Rc::kError;
      }
      rc = pager->SetJournalMode(mode);
      if (rc == Rc::kOk && mode == JournalModeOption::kWal && pager->page_count() == 0) {
        rc = CreateWalDatabase();
      }
      if (rc != Rc::kOk) {
        *error = pager->error_message().empty() ? ErrStr(rc) : pager->error_message();
        return rc;
      }
      break;
    }
  }
  result->SetText(kJournalModeNames[static_cast<size_t>(pager->journal_mode())]);
  return Rc::kOk;
}

Rc ConnectionImpl::WalCheckpoint(int mode, int* busy, int* log_frames,
                                 int* checkpointed_frames) {
  *busy = 0;
  // As sqlite3_wal_checkpoint: not while this connection is in a transaction.
  if (InTransaction()) return Rc::kLocked;
  Rc rc = main_pager()->Checkpoint(static_cast<wal::CheckpointMode>(mode), log_frames,
                             checkpointed_frames);
  if (PrimaryCode(rc) == Rc::kBusy) {
    *busy = 1;
    return Rc::kOk;
  }
  return rc;
}

// PRAGMA cache_size: N > 0 pages, N < 0 KiB; at least 10 pages, as SQLite's sorter.
size_t ConnectionImpl::SorterMemoryLimit() {
  vdbe::Mem cache_size;
  const size_t page_size = main_pager()->page_size();
  int64_t bytes = 2000 * 1024;
  std::string error;
  if (Setting("cache_size", nullptr, &cache_size, &error) == Rc::kOk &&
      cache_size.type() == btree::ValueType::kInteger) {
    // Clamped so that the product cannot overflow (a cache past 2^40 bytes is "unlimited").
    const int64_t value = std::clamp<int64_t>(cache_size.i(), -(int64_t{1} << 30),
                                              int64_t{1} << 24);
    bytes = value >= 0 ? value * static_cast<int64_t>(page_size) : -value * 1024;
  }
  return static_cast<size_t>(std::max<int64_t>(bytes, 10 * static_cast<int64_t>(page_size)));
}

Rc ConnectionImpl::PragmaRows(std::string_view name, const vdbe::Mem* argument,
                              const vdbe::Mem* schema,
                              std::vector<std::vector<vdbe::Mem>>* rows) {
  std::string schema_name;
  if (schema != nullptr && !schema->IsNull()) {
    vdbe::Mem copy;
    copy.CopyFrom(*schema);
    vdbe::ApplyAffinity(&copy, vdbe::Affinity::kText);
    schema_name = std::string(copy.chars());
  }
  codegen::PragmaTable table;
  if (!codegen::SchemaPragmaTable(catalog_, name, argument, schema_name, &table)) {
    return Rc::kInternal;
  }
  *rows = std::move(table.rows);
  return Rc::kOk;
}

namespace {

// The entries of the b-tree at root (key_info: an index's).
Rc CountEntries(btree::Btree* btree, pager::Pgno root, const btree::KeyInfo* key_info,
                uint64_t* count) {
  btree::BtCursor cursor;
  cursor.Open(btree, root, /*writable=*/false, key_info);
  *count = 0;
  bool at_end = false;
  SIMLITE_TRY(cursor.First(&at_end));
  while (!at_end) {
    (*count)++;
    SIMLITE_TRY(cursor.Next(&at_end));
  }
  return Rc::kOk;
}

}  // namespace

Rc ConnectionImpl::CheckIndexEntryCounts(Database& database, uint32_t max_findings,
                                         std::vector<std::string>* findings) {
  for (const auto& [name, table] : database.schema.tables()) {
    if (table->is_view || table->root <= 1 || table->indexes.empty()) continue;
    uint64_t rows = 0;
    SIMLITE_TRY(CountEntries(database.btree.get(), table->root, nullptr, &rows));
    for (const codegen::Index* index : table->indexes) {
      if (index->where != nullptr || index->root == 0) continue;
      uint64_t entries = 0;
      SIMLITE_TRY(CountEntries(database.btree.get(), index->root, &index->key_info, &entries));
      if (entries == rows || findings->size() >= max_findings) continue;
      findings->push_back("wrong # of entries in index " + index->name);
    }
  }
  return Rc::kOk;
}

Rc ConnectionImpl::CheckIntegrity(int db, int max_errors, std::string* result) {
  std::vector<std::string> findings;
  for (size_t check_db = 0; check_db < dbs_.size(); check_db++) {
    if (db >= 0 && check_db != static_cast<size_t>(db)) continue;
    Database& database = *dbs_[check_db];
    // Temp never opened, or a database with no page yet: nothing to check.
    if (database.btree == nullptr || database.pager->page_count() == 0) continue;
    const codegen::Schema& schema = database.schema;
    std::vector<btree::TreeToCheck> trees{{1, false, nullptr}};
    for (const auto& [name, table] : schema.tables()) {
      if (table->root > 1 && !table->is_view) trees.push_back({table->root, false, nullptr});
    }
    for (const auto& [name, index] : schema.indexes()) {
      if (index->root == 0) continue;
      if (std::string undefined = codegen::UndefinedCollation(schema, *index);
          !undefined.empty()) {
        return SetError(Rc::kError, "no such collation sequence: " + undefined);
      }
      trees.push_back({index->root, true, &index->key_info});
    }
    // SQLite heads the findings of a database other than main with its name.
    std::vector<std::string> found;
    const uint32_t left = static_cast<uint32_t>(max_errors) -
                          static_cast<uint32_t>(std::min<size_t>(findings.size(), max_errors));
    if (left == 0) break;
    SIMLITE_TRY(btree::CheckIntegrity(database.pager.get(), trees, left, &found));
    // Sound trees: each index (but a partial one) holds one entry per row of its table.
    if (found.empty()) SIMLITE_TRY(CheckIndexEntryCounts(database, left, &found));
    if (!found.empty() && check_db != codegen::kMainDb) {
      found.front() = "*** in database " + database.name + " ***\n" + found.front();
    }
    findings.insert(findings.end(), found.begin(), found.end());
  }
  if (findings.empty()) {
    *result = "ok";
    return Rc::kOk;
  }
  result->clear();
  for (const std::string& finding : findings) {
    if (!result->empty()) *result += "\n";
    *result += finding;
  }
  return Rc::kOk;
}

}  // namespace simlite::engine
