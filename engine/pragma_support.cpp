// ConnectionImpl: what PRAGMA statements read and change at run time — the connection's
// settings, the rows of table-valued schema pragmas, and the integrity check over the
// schema's b-trees.
#include <algorithm>
#include <cctype>

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
    {"automatic_index", 1},   {"busy_timeout", 0},      {"cache_size", -2000},
    {"case_sensitive_like", 0}, {"cell_size_check", 0}, {"defer_foreign_keys", 0},
    {"foreign_keys", 0},      {"fullfsync", 0},         {"ignore_check_constraints", 0},
    {"legacy_alter_table", 0}, {"locking_mode", 0},     {"query_only", 0},
    {"read_uncommitted", 0},  {"recursive_triggers", 0}, {"reverse_unordered_selects", 0},
    {"secure_delete", 0},     {"synchronous", 2},       {"temp_store", 0},
    {"trusted_schema", 1},    {"wal_autocheckpoint", 1000},
};

}  // namespace

Rc ConnectionImpl::Setting(std::string_view name, const vdbe::Mem* value, vdbe::Mem* result) {
  std::string key = codegen::LowerName(name);
  if (key == "page_size") {
    result->SetInt(pager_->page_size());
    return Rc::kOk;
  }
  if (key == "journal_mode") {
    result->SetText(pager_->in_memory() ? "memory" : "delete");
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
    // Boolean settings take on/off/yes/no/true/false as SQLite does.
    if (converted.type() == btree::ValueType::kText) {
      std::string word = codegen::LowerName(converted.chars());
      if (word == "on" || word == "yes" || word == "true") converted.SetInt(1);
      if (word == "off" || word == "no" || word == "false") converted.SetInt(0);
    }
    vdbe::ApplyAffinity(&converted, vdbe::Affinity::kInteger);
    if (converted.type() == btree::ValueType::kInteger) {
      // case_sensitive_like redefines like(): statements compiled before compile again (as
      // SQLite expires them when a function changes).
      if (key == "case_sensitive_like" && converted.i() != found->second.i()) {
        compile_generation_++;
      }
      found->second = converted;
    }
  }
  result->CopyFrom(found->second);
  return Rc::kOk;
}

// PRAGMA cache_size: N > 0 pages, N < 0 KiB; at least 10 pages, as SQLite's sorter.
size_t ConnectionImpl::SorterMemoryLimit() {
  vdbe::Mem cache_size;
  const size_t page_size = pager_->page_size();
  int64_t bytes = 2000 * 1024;
  if (Setting("cache_size", nullptr, &cache_size) == Rc::kOk &&
      cache_size.type() == btree::ValueType::kInteger) {
    // Clamped so that the product cannot overflow (a cache past 2^40 bytes is "unlimited").
    const int64_t value = std::clamp<int64_t>(cache_size.i(), -(int64_t{1} << 30),
                                              int64_t{1} << 24);
    bytes = value >= 0 ? value * static_cast<int64_t>(page_size) : -value * 1024;
  }
  return static_cast<size_t>(std::max<int64_t>(bytes, 10 * static_cast<int64_t>(page_size)));
}

Rc ConnectionImpl::PragmaRows(std::string_view name, const vdbe::Mem* argument,
                              std::vector<std::vector<vdbe::Mem>>* rows) {
  codegen::PragmaTable table;
  if (!codegen::SchemaPragmaTable(schema_, name, argument, &table)) return Rc::kInternal;
  *rows = std::move(table.rows);
  return Rc::kOk;
}

Rc ConnectionImpl::CheckIntegrity(int max_errors, std::string* result) {
  std::vector<btree::TreeToCheck> trees{{1, false, nullptr}};
  for (const auto& [name, table] : schema_.tables()) {
    if (table->root > 1 && !table->is_view) trees.push_back({table->root, false, nullptr});
  }
  for (const auto& [name, index] : schema_.indexes()) {
    if (index->root == 0) continue;
    if (std::string undefined = codegen::UndefinedCollation(schema_, *index); !undefined.empty()) {
      return SetError(Rc::kError, "no such collation sequence: " + undefined);
    }
    trees.push_back({index->root, true, &index->key_info});
  }
  std::vector<std::string> findings;
  SIMLITE_TRY(btree::CheckIntegrity(pager_.get(), trees, static_cast<uint32_t>(max_errors),
                                    &findings));
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
