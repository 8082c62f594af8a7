// PRAGMA (pragma.html): the pragmas clients rely on. Schema pragmas (table_info, index_list,
// ...) are answered from the schema when the statement is compiled; header values through
// ReadCookie / SetCookie; connection settings and the integrity check through the host at run
// time. As in SQLite, an unknown pragma is no error and returns nothing.
#include <optional>

#include "codegen/pragma.h"

#include "codegen/ddl.h"
#include "vdbe/mem.h"
#include "vdbe/value.h"

namespace simlite::codegen {

namespace {

using Row = std::vector<vdbe::Mem>;

// Returns the rows as constants, with the given column names.
void EmitRows(CodegenContext* ctx, const std::vector<std::string>& names,
              const std::vector<Row>& rows) {
  ProgramBuilder& b = ctx->builder();
  vdbe::Program* program = b.program();
  program->column_names() = names;
  program->column_decltypes().assign(names.size(), "");
  const int first = b.AllocRegisters(static_cast<int>(names.size()));
  for (const Row& row : rows) {
    for (size_t column_idx = 0; column_idx < row.size(); column_idx++) {
      const int reg = first + static_cast<int>(column_idx);
      const vdbe::Mem& value = row[column_idx];
      switch (value.type()) {
        case btree::ValueType::kNull:
          b.Add(Opcode::kNull, 0, reg);
          break;
        case btree::ValueType::kInteger:
          b.Add(Opcode::kInt64, 0, reg);
          b.SetP4Constant(value);
          break;
        default:
          b.Add(Opcode::kString8, 0, reg);
          b.SetP4Constant(value);
          break;
      }
    }
    b.Add(Opcode::kResultRow, first, static_cast<int>(names.size()));
  }
}

vdbe::Mem Text(std::string_view text) { return vdbe::Mem::Text(text); }
vdbe::Mem Int(int64_t value) { return vdbe::Mem::Int(value); }

const char* CollationName(Collation collation) {
  switch (collation) {
    case Collation::kNoCase:
      return "NOCASE";
    case Collation::kRtrim:
      return "RTRIM";
    default:
      return "BINARY";
  }
}

// The text of a column's DEFAULT as table_info shows it: as written, without the outer
// parentheses of "DEFAULT (expr)".
vdbe::Mem DefaultText(const Table& table, const Column& column) {
  if (column.default_value == nullptr || table.parsed == nullptr) return vdbe::Mem();
  parser::SourceSpan span = column.default_value->span;
  std::string_view sql = table.parsed->sql;
  if (span.end > sql.size()) return vdbe::Mem();
  std::string_view text = sql.substr(span.begin, span.end - span.begin);
  return Text(text);
}

void TableInfo(const Table* table_ptr, bool extended, PragmaTable* out) {
  static const Table kNoTable;
  const Table& table = table_ptr != nullptr ? *table_ptr : kNoTable;
  for (size_t column_idx = 0; column_idx < table.columns.size(); column_idx++) {
    const Column& column = table.columns[column_idx];
    int64_t pk = 0;
    if (static_cast<int>(column_idx) == table.rowid_alias) pk = 1;
    for (size_t key_idx = 0; key_idx < table.primary_key.size(); key_idx++) {
      if (table.primary_key[key_idx] == static_cast<int>(column_idx)) pk = key_idx + 1;
    }
    Row row = {Int(static_cast<int64_t>(column_idx)), Text(column.name), Text(column.type),
               Int(column.not_null ? 1 : 0), DefaultText(table, column), Int(pk)};
    if (extended) row.push_back(Int(0));
    out->rows.push_back(std::move(row));
  }
  out->names = {"cid", "name", "type", "notnull", "dflt_value", "pk"};
  if (extended) out->names.push_back("hidden");
}

void IndexList(const Table* table, PragmaTable* out) {
  for (size_t index_idx = table != nullptr ? table->indexes.size() : 0; index_idx-- > 0;) {
    const Index& index = *table->indexes[index_idx];
    const char* origin = index.origin == IndexOrigin::kCreateIndex ? "c"
                         : index.origin == IndexOrigin::kUnique    ? "u"
                                                                   : "pk";
    out->rows.push_back({Int(static_cast<int64_t>(out->rows.size())), Text(index.name),
                         Int(index.unique ? 1 : 0), Text(origin), Int(index.where != nullptr)});
  }
  out->names = {"seq", "name", "unique", "origin", "partial"};
}

void IndexInfo(const Index* index, bool extended, PragmaTable* out) {
  auto column_name = [&](int column) {
    return column >= 0 ? Text(index->table->columns[static_cast<size_t>(column)].name)
                       : vdbe::Mem();
  };
  const size_t count = index != nullptr ? index->columns.size() : 0;
  for (size_t column_idx = 0; column_idx < count; column_idx++) {
    const IndexColumn& column = index->columns[column_idx];
    Row row = {Int(static_cast<int64_t>(column_idx)), Int(column.column),
               column_name(column.column)};
    if (extended) {
      row.push_back(Int(column.descending ? 1 : 0));
      row.push_back(Text(CollationName(column.collation)));
      row.push_back(Int(1));
    }
    out->rows.push_back(std::move(row));
  }
  if (extended && index != nullptr) {
    out->rows.push_back({Int(static_cast<int64_t>(count)), Int(-1), vdbe::Mem(), Int(0),
                         Text("BINARY"), Int(0)});
  }
  out->names = extended ? std::vector<std::string>{"seqno", "cid", "name", "desc", "coll", "key"}
                        : std::vector<std::string>{"seqno", "cid", "name"};
}

// A header value (SQLite's cookie number): read, or set to the pragma's value.
Rc Cookie(CodegenContext* ctx, int db, std::string_view name, int cookie,
          std::optional<int64_t> value) {
  ProgramBuilder& b = ctx->builder();
  if (value.has_value()) {
    ctx->UseTransaction(db, true);
    b.Add(Opcode::kSetCookie, db, cookie, static_cast<int>(*value));
    if (cookie == 1) b.Add(Opcode::kParseSchema, db);
    return Rc::kOk;
  }
  ctx->UseTransaction(db, false);
  const int reg = b.AllocRegister();
  b.Add(Opcode::kReadCookie, db, reg, cookie);
  b.Add(Opcode::kResultRow, reg, 1);
  b.program()->column_names() = {std::string(name)};
  b.program()->column_decltypes() = {""};
  return Rc::kOk;
}

// The pragma's value as an integer, when it has one that reads as one.
std::optional<int64_t> IntegerValue(const parser::PragmaStmt& stmt) {
  if (!stmt.has_value) return std::nullopt;
  vdbe::Mem value = vdbe::Mem::Text(stmt.value.text);
  vdbe::ApplyAffinity(&value, Affinity::kInteger);
  if (value.type() != btree::ValueType::kInteger) return std::nullopt;
  return stmt.negative ? -value.i() : value.i();
}

Rc Setting(CodegenContext* ctx, const parser::PragmaStmt& stmt, std::string_view name) {
  ProgramBuilder& b = ctx->builder();
  int value = 0;
  if (stmt.has_value) {
    value = b.AllocRegister();
    std::string text = (stmt.negative ? "-" : "") + std::string(stmt.value.text);
    b.Add(Opcode::kString8, 0, value);
    b.SetP4Constant(vdbe::Mem::Text(text));
  }
  const int result = b.AllocRegister();
  b.Add(Opcode::kPragmaSetting, value, result);
  b.SetP4Text(std::string(name));
  // A setting that is set returns nothing, except those that say their new value (as SQLite).
  if (!stmt.has_value || name == "journal_mode" || name == "busy_timeout" ||
      name == "wal_autocheckpoint") {
    b.Add(Opcode::kResultRow, result, 1);
    b.program()->column_names() = {std::string(name)};
    b.program()->column_decltypes() = {""};
  }
  return Rc::kOk;
}

bool IsSetting(std::string_view name) {
  static constexpr std::string_view kSettings[] = {
      "automatic_index",  "busy_timeout",       "cache_size",         "case_sensitive_like",
      "cell_size_check",  "defer_foreign_keys", "foreign_keys",       "fullfsync",
      "ignore_check_constraints", "journal_mode", "legacy_alter_table", "locking_mode",
      "page_size",        "query_only",         "read_uncommitted",   "recursive_triggers",
      "reverse_unordered_selects", "secure_delete", "synchronous",    "temp_store",
      "trusted_schema",   "wal_autocheckpoint"};
  for (std::string_view setting : kSettings) {
    if (setting == name) return true;
  }
  return false;
}

Rc SchemaPragma(CodegenContext* ctx, const parser::PragmaStmt& stmt, std::string_view name,
                bool* handled) {
  PragmaTable table;
  const vdbe::Mem argument = vdbe::Mem::Text(stmt.value.text);
  *handled = SchemaPragmaTable(ctx->catalog(), name, stmt.has_value ? &argument : nullptr,
                               stmt.name.schema.IsSet() ? stmt.name.schema.text : "", &table);
  if (*handled) EmitRows(ctx, table.names, table.rows);
  return Rc::kOk;
}

}  // namespace

bool SchemaPragmaTable(const Catalog& catalog, std::string_view name, const vdbe::Mem* argument,
                       std::string_view schema_name, PragmaTable* out) {
  std::string text;
  if (argument != nullptr && !argument->IsNull()) {
    vdbe::Mem copy;
    copy.CopyFrom(*argument);
    vdbe::ApplyAffinity(&copy, Affinity::kText);
    text = std::string(copy.chars());
  }
  const bool named = argument != nullptr && !argument->IsNull();
  out->hidden_columns = 2;
  if (name == "table_info" || name == "table_xinfo") {
    const Table* table = named ? catalog.FindTable(schema_name, text) : nullptr;
    TableInfo(table != nullptr && !table->is_view ? table : nullptr, name == "table_xinfo", out);
  } else if (name == "index_list") {
    IndexList(named ? catalog.FindTable(schema_name, text) : nullptr, out);
  } else if (name == "index_info" || name == "index_xinfo") {
    IndexInfo(named ? catalog.FindIndex(schema_name, text) : nullptr, name == "index_xinfo",
              out);
  } else if (name == "database_list") {
    out->names = {"seq", "name", "file"};
    for (int db = 0; db < catalog.size(); db++) {
      const Catalog::Database& database = catalog.database(db);
      if (!database.open) continue;  // temp, until first used
      out->rows.push_back({Int(db), Text(database.name), Text(database.file)});
    }
    out->hidden_columns = 0;
  } else if (name == "encoding") {
    out->names = {"encoding"};
    out->rows = {{Text("UTF-8")}};
    out->hidden_columns = 0;
  } else {
    return false;
  }
  return true;
}

Rc CompilePragma(CodegenContext* ctx, const parser::PragmaStmt& stmt) {
  int db = kMainDb;
  if (stmt.name.schema.IsSet()) {
    db = ctx->catalog().FindDatabase(stmt.name.schema.text);
    if (db < 0) return ctx->Error("unknown database " + std::string(stmt.name.schema.text));
  }
  // SQLITE_PRAGMA: the name as written, the value (with its minus sign), the database when
  // the schema is written. IGNORE: the statement does nothing.
  bool ignore = false;
  const std::string value = (stmt.negative ? "-" : "") + std::string(stmt.value.text);
  SIMLITE_TRY(ctx->Authorize(AuthAction::kPragma, stmt.name.name.text,
                             stmt.has_value ? AuthArg(value) : AuthArg(),
                             stmt.name.schema.IsSet() ? AuthArg(ctx->DatabaseName(db)) : AuthArg(),
                             &ignore));
  if (ignore) return Rc::kOk;
  const std::string name = LowerName(stmt.name.name.text);
  bool handled = false;
  SIMLITE_TRY(SchemaPragma(ctx, stmt, name, &handled));
  if (handled) return Rc::kOk;
  ProgramBuilder& b = ctx->builder();
  if (name == "user_version") return Cookie(ctx, db, name, 6, IntegerValue(stmt));
  if (name == "application_id") return Cookie(ctx, db, name, 8, IntegerValue(stmt));
  if (name == "schema_version") return Cookie(ctx, db, name, 1, IntegerValue(stmt));
  if (name == "freelist_count") return Cookie(ctx, db, name, 0, std::nullopt);
  if (name == "page_count" || name == "max_page_count") {
    ctx->UseTransaction(db, false);
    const int reg = b.AllocRegister();
    b.Add(name == "page_count" ? Opcode::kPagecount : Opcode::kMaxPgcnt, db, reg);
    b.Add(Opcode::kResultRow, reg, 1);
    b.program()->column_names() = {name};
    b.program()->column_decltypes() = {""};
    return Rc::kOk;
  }
  if (name == "integrity_check" || name == "quick_check") {
    // Every database, or the one named (P3: its index, -1 for all).
    for (int check_db = 0; check_db < ctx->catalog().size(); check_db++) {
      if (stmt.name.schema.IsSet() ? check_db == db : ctx->catalog().database(check_db).open) {
        ctx->UseTransaction(check_db, false);
      }
    }
    const int reg = b.AllocRegister();
    std::optional<int64_t> limit = IntegerValue(stmt);
    b.Add(Opcode::kIntegrityCk, reg, static_cast<int>(limit.value_or(100)),
          stmt.name.schema.IsSet() ? db : -1);
    b.Add(Opcode::kResultRow, reg, 1);
    b.program()->column_names() = {name};
    b.program()->column_decltypes() = {""};
    return Rc::kOk;
  }
  if (name == "wal_checkpoint") {
    // PASSIVE unless the argument names another mode (wal::CheckpointMode's order).
    static constexpr std::string_view kModes[] = {"passive", "full", "restart", "truncate"};
    int mode = 0;
    for (int mode_idx = 0; mode_idx < 4; mode_idx++) {
      if (stmt.has_value && SameName(stmt.value.text, kModes[mode_idx])) mode = mode_idx;
    }
    const int reg = b.AllocRegisters(3);
    b.Add(Opcode::kCheckpoint, 0, mode, reg);
    b.Add(Opcode::kResultRow, reg, 3);
    b.program()->column_names() = {"busy", "log", "checkpointed"};
    b.program()->column_decltypes() = {"", "", ""};
    return Rc::kOk;
  }
  if (IsSetting(name)) return Setting(ctx, stmt, name);
  return Rc::kOk;  // unknown pragmas are ignored, as in SQLite
}

}  // namespace simlite::codegen
