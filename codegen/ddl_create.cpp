// CREATE TABLE, CREATE INDEX and CREATE VIEW (lang_createtable.html, lang_createindex.html,
// lang_createview.html). Each writes its sqlite_schema rows exactly as SQLite does — the same
// SQL text, the same sqlite_autoindex_T_N rows in the same order — so that SQLite reads the
// files; then bumps the schema cookie and asks the host to reload the schema.
#include "codegen/ddl.h"

#include "vdbe/numeric.h"


namespace simlite::codegen {

namespace {

bool IsReservedName(std::string_view name) {
  return name.size() >= 7 && SameName(name.substr(0, 7), "sqlite_");
}

Rc CheckMainSchema(CodegenContext* ctx, const parser::QualifiedName& name, bool temp) {
  if (temp) return ctx->Error("temporary tables and views are not supported yet");
  if (name.schema.IsSet() && !SameName(name.schema.text, "main")) {
    if (SameName(name.schema.text, "temp")) {
      return ctx->Error("temporary tables and views are not supported yet");
    }
    return ctx->Error("unknown database " + std::string(name.schema.text));
  }
  return Rc::kOk;
}

// A free name for a new table or view (SQLite's checks and messages).
Rc CheckNewTableName(CodegenContext* ctx, std::string_view name, bool if_not_exists,
                     bool* exists) {
  *exists = false;
  if (IsReservedName(name)) {
    return ctx->Error("object name reserved for internal use: " + std::string(name));
  }
  if (const Table* table = ctx->schema().FindTable(name)) {
    if (if_not_exists) {
      *exists = true;
      return Rc::kOk;
    }
    return ctx->Error(std::string(table->is_view ? "view " : "table ") + std::string(name) +
                      " already exists");
  }
  if (ctx->schema().FindIndex(name) != nullptr) {
    return ctx->Error("there is already an index named " + std::string(name));
  }
  return Rc::kOk;
}

// The text from `begin` to the statement's terminating ';' (or the end of the text).
std::string_view TextToEnd(CodegenContext* ctx, uint32_t begin, uint32_t tail) {
  std::string_view sql = ctx->sql();
  uint32_t end = tail;
  if (end > begin && end <= sql.size() && sql[end - 1] == ';') end--;
  return sql.substr(begin, end - begin);
}

}  // namespace

void EmitSchemaRow(CodegenContext* ctx, int cursor, std::string_view type,
                   std::string_view name, std::string_view table_name, int root_reg,
                   const std::string* sql, int rowid_reg) {
  ProgramBuilder& b = ctx->builder();
  const int first = b.AllocRegisters(5);
  b.Add(Opcode::kString8, 0, first);
  b.SetP4Constant(vdbe::Mem::Text(type));
  b.Add(Opcode::kString8, 0, first + 1);
  b.SetP4Constant(vdbe::Mem::Text(name));
  b.Add(Opcode::kString8, 0, first + 2);
  b.SetP4Constant(vdbe::Mem::Text(table_name));
  if (root_reg != 0) {
    b.Add(Opcode::kSCopy, root_reg, first + 3);
  } else {
    b.Add(Opcode::kInteger, 0, first + 3);
  }
  if (sql != nullptr) {
    b.Add(Opcode::kString8, 0, first + 4);
    b.SetP4Constant(vdbe::Mem::Text(*sql));
  } else {
    b.Add(Opcode::kNull, 0, first + 4);
  }
  const int record = b.AllocRegister();
  b.Add(Opcode::kMakeRecord, first, 5, record);
  b.SetP4Affinity("BBBDB");
  if (rowid_reg == 0) {
    rowid_reg = b.AllocRegister();
    b.Add(Opcode::kNewRowid, cursor, rowid_reg);
  }
  b.Add(Opcode::kInsert, cursor, record, rowid_reg);
}

void EmitSchemaChanged(CodegenContext* ctx) {
  ProgramBuilder& b = ctx->builder();
  b.Add(Opcode::kSetCookie, 0, 1, static_cast<int>(ctx->schema().cookie() + 1));
  b.Add(Opcode::kParseSchema);
}

int OpenSchemaTable(CodegenContext* ctx) {
  ProgramBuilder& b = ctx->builder();
  const int cursor = b.AllocCursor();
  b.Add(Opcode::kOpenWrite, cursor, 1);
  b.SetP4Int(5);
  return cursor;
}

Rc CompileCreateTable(CodegenContext* ctx, const parser::CreateTableStmt& stmt, uint32_t tail) {
  (void)tail;
  SIMLITE_TRY(CheckMainSchema(ctx, stmt.name, stmt.temp));
  std::string_view name = stmt.name.name.text;
  bool exists = false;
  SIMLITE_TRY(CheckNewTableName(ctx, name, stmt.if_not_exists, &exists));
  if (exists) return Rc::kOk;
  if (stmt.as_select != nullptr) return ctx->Error("CREATE TABLE ... AS is not supported yet");
  Table table;
  std::vector<std::unique_ptr<Index>> autoindexes;
  std::string error;
  if (BuildTable(stmt, ctx->sql(), name, &table, &autoindexes, &error) != Rc::kOk) {
    return ctx->Error(std::move(error));
  }
  if (table.without_rowid) return ctx->Error("WITHOUT ROWID tables are not supported yet");
  if (table.autoincrement) return ctx->Error("AUTOINCREMENT is not supported yet");
  const std::string sql =
      "CREATE TABLE " +
      std::string(ctx->sql().substr(stmt.name.name.span.begin,
                                    stmt.span.end - stmt.name.name.span.begin));
  ctx->UseTransaction(true);
  ProgramBuilder& b = ctx->builder();
  const int format = b.AllocRegister();
  b.Add(Opcode::kReadCookie, 0, format, 2);
  const int has_format = b.Add(Opcode::kIf, format);
  b.Add(Opcode::kSetCookie, 0, 2, 4);
  b.Add(Opcode::kSetCookie, 0, 5, 1);
  b.JumpHere(has_format);
  const int root = b.AllocRegister();
  b.Add(Opcode::kCreateBtree, 0, root, 1);
  const int cursor = OpenSchemaTable(ctx);
  // A placeholder row first, so the table's row comes before its autoindexes' (as SQLite's).
  const int rowid = b.AllocRegister();
  const int placeholder = b.AllocRegister();
  b.Add(Opcode::kNewRowid, cursor, rowid);
  b.Add(Opcode::kNull, 0, placeholder);
  b.Add(Opcode::kInsert, cursor, placeholder, rowid);
  for (const auto& index : autoindexes) {
    const int index_root = b.AllocRegister();
    b.Add(Opcode::kCreateBtree, 0, index_root, 2);
    EmitSchemaRow(ctx, cursor, "index", index->name, table.name, index_root, nullptr, 0);
  }
  EmitSchemaRow(ctx, cursor, "table", table.name, table.name, root, &sql, rowid);
  EmitSchemaChanged(ctx);
  return Rc::kOk;
}

Rc CompileCreateIndex(CodegenContext* ctx, const parser::CreateIndexStmt& stmt, uint32_t tail) {
  SIMLITE_TRY(CheckMainSchema(ctx, stmt.name, false));
  std::string_view name = stmt.name.name.text;
  Table* table = ctx->schema().FindTable(stmt.table.text);
  if (table == nullptr) return ctx->Error("no such table: main." + std::string(stmt.table.text));
  if (table->is_view) return ctx->Error("views may not be indexed");
  if (IsReservedName(table->name)) {
    return ctx->Error("table " + std::string(table->root == 1 ? "sqlite_master" : table->name) +
                      " may not be indexed");
  }
  if (IsReservedName(name)) {
    return ctx->Error("object name reserved for internal use: " + std::string(name));
  }
  if (ctx->schema().FindIndex(name) != nullptr) {
    if (stmt.if_not_exists) return Rc::kOk;
    return ctx->Error("index " + std::string(name) + " already exists");
  }
  if (ctx->schema().FindTable(name) != nullptr) {
    return ctx->Error("there is already a table named " + std::string(name));
  }
  Index index;
  std::string error;
  if (BuildIndex(stmt, table, &index, &error) != Rc::kOk) return ctx->Error(std::move(error));
  if (index.where != nullptr) return ctx->Error("partial indexes are not supported yet");
  for (const IndexColumn& column : index.columns) {
    if (column.column == kExpressionColumn) {
      return ctx->Error("indexes on expressions are not supported yet");
    }
  }
  const std::string sql = std::string(stmt.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
                          std::string(TextToEnd(ctx, stmt.name.name.span.begin, tail));
  ctx->UseTransaction(true);
  ProgramBuilder& b = ctx->builder();
  const int root = b.AllocRegister();
  b.Add(Opcode::kCreateBtree, 0, root, 2);
  const int cursor = OpenSchemaTable(ctx);
  EmitSchemaRow(ctx, cursor, "index", index.name, table->name, root, &sql, 0);
  return PopulateIndex(ctx, *table, index, root);
}

Rc PopulateIndex(CodegenContext* ctx, const Table& table, const Index& index, int root_reg) {
  ProgramBuilder& b = ctx->builder();
  const int table_cursor = b.AllocCursor();
  const int index_cursor = b.AllocCursor();
  b.Add(Opcode::kOpenRead, table_cursor, static_cast<int>(table.root));
  b.SetP4Int(static_cast<int32_t>(table.columns.size()));
  b.Add(Opcode::kOpenWrite, index_cursor, root_reg);
  b.SetP4KeyInfo(index.key_info);
  b.SetP5(vdbe::kP5RootInRegister);
  const int done = b.NewLabel();
  b.Add(Opcode::kRewind, table_cursor, done);
  const int top = b.current_address();
  const int count = static_cast<int>(index.columns.size());
  const int key = b.AllocRegisters(count + 1);
  for (int column_idx = 0; column_idx < count; column_idx++) {
    const int column = index.columns[static_cast<size_t>(column_idx)].column;
    if (column == kRowidColumn || column == table.rowid_alias) {
      b.Add(Opcode::kRowid, table_cursor, key + column_idx);
    } else {
      b.Add(Opcode::kColumn, table_cursor, column, key + column_idx);
      const Column& source = table.columns[static_cast<size_t>(column)];
      if (source.has_constant_default && !source.constant_default.IsNull()) {
        b.SetP4Constant(source.constant_default);
      }
    }
  }
  b.Add(Opcode::kRowid, table_cursor, key + count);
  if (index.unique) {
    const int ok = b.NewLabel();
    b.Add(Opcode::kNoConflict, index_cursor, ok, key);
    b.SetP4Int(count);
    std::string text;
    for (const IndexColumn& column : index.columns) {
      if (!text.empty()) text += ", ";
      text += table.name + "." +
              (column.column >= 0 ? table.columns[static_cast<size_t>(column.column)].name
                                  : std::string("rowid"));
    }
    b.Add(Opcode::kHalt, static_cast<int>(Rc::kConstraintUnique),
          static_cast<int>(vdbe::OnError::kAbort));
    b.SetP4Text(std::move(text));
    b.SetP5(2);
    b.ResolveLabel(ok);
  }
  const int record = b.AllocRegister();
  b.Add(Opcode::kMakeRecord, key, count + 1, record);
  b.Add(Opcode::kIdxInsert, index_cursor, record);
  b.Add(Opcode::kNext, table_cursor, top);
  b.ResolveLabel(done);
  EmitSchemaChanged(ctx);
  return Rc::kOk;
}

Rc CompileCreateView(CodegenContext* ctx, const parser::CreateViewStmt& stmt, uint32_t tail) {
  SIMLITE_TRY(CheckMainSchema(ctx, stmt.name, stmt.temp));
  std::string_view name = stmt.name.name.text;
  bool exists = false;
  SIMLITE_TRY(CheckNewTableName(ctx, name, stmt.if_not_exists, &exists));
  if (exists) return Rc::kOk;
  // As SQLite, the view's SELECT is not checked until the view is used.
  std::string_view text = TextToEnd(ctx, stmt.name.name.span.begin, tail);
  while (!text.empty() && vdbe::IsSpace(static_cast<uint8_t>(text.back()))) {
    text.remove_suffix(1);
  }
  const std::string sql = "CREATE VIEW " + std::string(text);
  ctx->UseTransaction(true);
  const int cursor = OpenSchemaTable(ctx);
  EmitSchemaRow(ctx, cursor, "view", name, name, 0, &sql, 0);
  EmitSchemaChanged(ctx);
  return Rc::kOk;
}

}  // namespace simlite::codegen
