// CREATE TABLE, CREATE INDEX and CREATE VIEW (lang_createtable.html, lang_createindex.html,
// lang_createview.html). Each writes its sqlite_schema rows exactly as SQLite does — the same
// SQL text, the same sqlite_autoindex_T_N rows in the same order — so that SQLite reads the
// files; then bumps the schema cookie and asks the host to reload the schema.
#include "codegen/ddl.h"

#include "codegen/expr_walk.h"
#include "codegen/row_writer.h"
#include "codegen/select_coder.h"
#include "parser/keyword.h"

#include "vdbe/numeric.h"


namespace simlite::codegen {

namespace {

bool IsReservedName(std::string_view name) {
  return name.size() >= 7 && SameName(name.substr(0, 7), "sqlite_");
}

// The database a CREATE statement makes its object in (ctx->schema_db() from then on): the one
// its name is qualified with, temp for TEMP, else main. Errors as SQLite's.
Rc TargetDatabase(CodegenContext* ctx, const parser::QualifiedName& name, bool temp, int* db) {
  *db = temp ? kTempDb : kMainDb;
  if (name.schema.IsSet()) {
    *db = ctx->catalog().FindDatabase(name.schema.text);
    if (*db < 0) return ctx->Error("unknown database " + std::string(name.schema.text));
    if (temp && *db != kTempDb) return ctx->Error("temporary table name must be unqualified");
  }
  ctx->set_schema_db(*db);
  return Rc::kOk;
}

// A free name for a new table or view in database `db` (SQLite's checks and messages).
Rc CheckNewTableName(CodegenContext* ctx, int db, std::string_view name, bool if_not_exists,
                     bool* exists) {
  *exists = false;
  if (IsReservedName(name)) {
    return ctx->Error("object name reserved for internal use: " + std::string(name));
  }
  const Schema& schema = ctx->catalog().schema(db);
  if (const Table* table = schema.FindTable(name)) {
    if (if_not_exists) {
      *exists = true;
      return Rc::kOk;
    }
    return ctx->Error(std::string(table->is_view ? "view " : "table ") + std::string(name) +
                      " already exists");
  }
  if (schema.FindIndex(name) != nullptr) {
    return ctx->Error("there is already an index named " + std::string(name));
  }
  return Rc::kOk;
}

// What SQLite refuses in an index's expressions and in a partial index's WHERE (`where`
// says which, for the message): subqueries, parameters, functions that are not deterministic,
// and the rowid (not a column there).
Rc CheckIndexExpression(CodegenContext* ctx, const Table& table, const parser::Expr* expr,
                        bool where) {
  const std::string place = where ? "partial index WHERE clauses" : "index expressions";
  return WalkExpr(expr, [&](const parser::Expr* node, bool*) -> Rc {
    switch (node->kind) {
      case parser::ExprKind::kSubquery:
      case parser::ExprKind::kExists:
        return ctx->Error("subqueries prohibited in " + place);
      case parser::ExprKind::kIn:
        if (node->As<parser::InExpr>()->form != parser::InForm::kList) {
          return ctx->Error("subqueries prohibited in " + place);
        }
        return Rc::kOk;
      case parser::ExprKind::kVariable:
        return ctx->Error("parameters prohibited in " + place);
      case parser::ExprKind::kFunction: {
        const auto* call = node->As<parser::FunctionExpr>();
        const vdbe::FunctionDef* def =
            ctx->FindFunction(call->name.text, static_cast<int>(call->args.size()));
        if (def != nullptr && def->aggregate == nullptr &&
            (def->flags & vdbe::kFunctionDeterministic) == 0) {
          return ctx->Error("non-deterministic functions prohibited in " + place);
        }
        return Rc::kOk;
      }
      case parser::ExprKind::kColumn: {
        const auto* column = node->As<parser::ColumnExpr>();
        if (table.FindColumn(column->column.text) < 0) {
          return ctx->Error("no such column: " + std::string(column->column.text));
        }
        return Rc::kOk;
      }
      default:
        return Rc::kOk;
    }
  });
}

// The text from `begin` to the statement's terminating ';' (or the end of the text).
std::string_view TextToEnd(CodegenContext* ctx, uint32_t begin, uint32_t tail) {
  std::string_view sql = ctx->sql();
  uint32_t end = tail;
  if (end > begin && end <= sql.size() && sql[end - 1] == ';') end--;
  return sql.substr(begin, end - begin);
}

// An identifier as SQLite's createTableStmt writes it: bare when it is a plain word that is
// not a keyword, else in double quotes.
std::string QuoteIdentifier(std::string_view name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) {
    plain = plain && (c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                      (c >= 'A' && c <= 'Z'));
  }
  if (plain && parser::LookupKeyword(name) == parser::Tok::kId) return std::string(name);
  std::string quoted = "\"";
  for (char c : name) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return quoted + "\"";
}

// The CREATE TABLE text SQLite makes for CREATE TABLE ... AS SELECT: each column with the
// type name of its affinity, on one line when short, else one column per line.
std::string CreateTableSql(std::string_view name, const std::vector<ResultColumnInfo>& columns) {
  size_t length = QuoteIdentifier(name).size();
  for (const ResultColumnInfo& column : columns) {
    length += QuoteIdentifier(column.subquery_name).size() + 5;
  }
  const bool short_form = length < 50;
  std::string sql = "CREATE TABLE " + QuoteIdentifier(name) + "(";
  const char* separator = short_form ? "" : "\n  ";
  for (const ResultColumnInfo& column : columns) {
    sql += separator;
    separator = short_form ? "," : ",\n  ";
    sql += QuoteIdentifier(column.subquery_name);
    switch (column.affinity) {
      case Affinity::kText:
        sql += " TEXT";
        break;
      case Affinity::kNumeric:
        sql += " NUM";
        break;
      case Affinity::kInteger:
        sql += " INT";
        break;
      case Affinity::kReal:
        sql += " REAL";
        break;
      default:
        break;
    }
  }
  return sql + (short_form ? ")" : "\n)");
}

// CREATE TABLE ... AS SELECT: the table, then the select's rows into it.
Rc CreateTableAs(CodegenContext* ctx, const parser::CreateTableStmt& stmt, std::string_view name) {
  SelectCoder describe(ctx, nullptr);
  SIMLITE_TRY(describe.AuthorizeNames(stmt.as_select));  // SQLite resolves it before SELECT
  SIMLITE_TRY(describe.Describe(stmt.as_select));
  std::vector<ResultColumnInfo> columns = describe.columns();
  std::string affinities;
  for (ResultColumnInfo& column : columns) {
    if (column.affinity <= Affinity::kNone) column.affinity = Affinity::kBlob;
    affinities += static_cast<char>(column.affinity);
  }
  const std::string sql = CreateTableSql(name, columns);
  const int db = ctx->schema_db();
  ctx->UseTransaction(db, true);
  ProgramBuilder& b = ctx->builder();
  const int root = b.AllocRegister();
  b.Add(Opcode::kCreateBtree, db, root, 1);
  const int schema_cursor = OpenSchemaTable(ctx);
  EmitSchemaRow(ctx, schema_cursor, "table", name, name, root, &sql, 0);
  const int cursor = b.AllocCursor();
  b.Add(Opcode::kOpenWrite, cursor, root, db);
  b.SetP4Int(static_cast<int32_t>(columns.size()));
  b.SetP5(vdbe::kP5RootInRegister);
  SelectCoder select(ctx, nullptr);
  SelectDest dest;
  dest.kind = SelectDest::Kind::kCallback;
  dest.callback = [&](int first, int count, int) {
    const int record = b.AllocRegister();
    const int rowid = b.AllocRegister();
    b.Add(Opcode::kMakeRecord, first, count, record);
    b.SetP4Affinity(affinities);
    b.Add(Opcode::kNewRowid, cursor, rowid);
    b.Add(Opcode::kInsert, cursor, record, rowid);
    return Rc::kOk;
  };
  SIMLITE_TRY(select.Code(stmt.as_select, dest));
  SIMLITE_TRY(AuthorizeSchemaRowUpdate(ctx));
  EmitSchemaChanged(ctx);
  return Rc::kOk;
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
  const int db = ctx->schema_db();
  b.Add(Opcode::kSetCookie, db, 1, static_cast<int>(ctx->catalog().schema(db).cookie() + 1));
  b.Add(Opcode::kParseSchema, db);
}

int OpenSchemaTable(CodegenContext* ctx) {
  ProgramBuilder& b = ctx->builder();
  const int cursor = b.AllocCursor();
  b.Add(Opcode::kOpenWrite, cursor, 1, ctx->schema_db());
  b.SetP4Int(5);
  return cursor;
}

Rc CompileCreateTable(CodegenContext* ctx, const parser::CreateTableStmt& stmt, uint32_t tail) {
  (void)tail;
  int db = kMainDb;
  SIMLITE_TRY(TargetDatabase(ctx, stmt.name, stmt.temp, &db));
  std::string_view name = stmt.name.name.text;
  bool ignore = false;  // SQLITE_IGNORE: the statement does nothing
  SIMLITE_TRY(AuthorizeCreate(ctx, AuthAction::kCreateTable, name, {}, &ignore));
  if (ignore) return Rc::kOk;
  bool exists = false;
  SIMLITE_TRY(CheckNewTableName(ctx, db, name, stmt.if_not_exists, &exists));
  if (exists) {
    ctx->VerifySchema(db, /*writes=*/true);
    return Rc::kOk;
  }
  if (stmt.as_select != nullptr) return CreateTableAs(ctx, stmt, name);
  Table table;
  std::vector<std::unique_ptr<Index>> autoindexes;
  std::string error;
  if (BuildTable(stmt, ctx->sql(), name, &table, &autoindexes, ctx->schema().collations(),
                 &error) != Rc::kOk) {
    return ctx->Error(std::move(error));
  }
  std::string undefined = UndefinedCollation(ctx->schema(), table);
  for (size_t index_idx = 0; index_idx < autoindexes.size() && undefined.empty(); index_idx++) {
    undefined = UndefinedCollation(ctx->schema(), *autoindexes[index_idx]);
  }
  if (!undefined.empty()) return ctx->Error("no such collation sequence: " + undefined);
  if (table.without_rowid) return ctx->Error("WITHOUT ROWID tables are not supported yet");
  for (const auto& index : autoindexes) {
    SIMLITE_TRY(AuthorizeCreate(ctx, AuthAction::kCreateIndex, index->name, table.name, &ignore));
    SIMLITE_TRY(AuthorizeIndexColumns(ctx, table, *index));
    SIMLITE_TRY(AuthorizeSchemaRowInsert(ctx));
  }
  SIMLITE_TRY(AuthorizeSchemaRowUpdate(ctx));
  const std::string sql =
      "CREATE TABLE " +
      std::string(ctx->sql().substr(stmt.name.name.span.begin,
                                    stmt.span.end - stmt.name.name.span.begin));
  ctx->UseTransaction(db, true);
  ProgramBuilder& b = ctx->builder();
  const int format = b.AllocRegister();
  b.Add(Opcode::kReadCookie, db, format, 2);
  const int has_format = b.Add(Opcode::kIf, format);
  b.Add(Opcode::kSetCookie, db, 2, 4);
  b.Add(Opcode::kSetCookie, db, 5, 1);
  b.JumpHere(has_format);
  const int root = b.AllocRegister();
  b.Add(Opcode::kCreateBtree, db, root, 1);
  const int cursor = OpenSchemaTable(ctx);
  // A placeholder row first, so the table's row comes before its autoindexes' (as SQLite's).
  const int rowid = b.AllocRegister();
  const int placeholder = b.AllocRegister();
  b.Add(Opcode::kNewRowid, cursor, rowid);
  b.Add(Opcode::kNull, 0, placeholder);
  b.Add(Opcode::kInsert, cursor, placeholder, rowid);
  for (const auto& index : autoindexes) {
    const int index_root = b.AllocRegister();
    b.Add(Opcode::kCreateBtree, db, index_root, 2);
    EmitSchemaRow(ctx, cursor, "index", index->name, table.name, index_root, nullptr, 0);
  }
  EmitSchemaRow(ctx, cursor, "table", table.name, table.name, root, &sql, rowid);
  if (table.autoincrement && ctx->catalog().schema(db).FindTable("sqlite_sequence") == nullptr) {
    // The first AUTOINCREMENT table brings sqlite_sequence, as in SQLite.
    static const std::string kSequenceSql = "CREATE TABLE sqlite_sequence(name,seq)";
    const int sequence_root = b.AllocRegister();
    b.Add(Opcode::kCreateBtree, db, sequence_root, 1);
    EmitSchemaRow(ctx, cursor, "table", "sqlite_sequence", "sqlite_sequence", sequence_root,
                  &kSequenceSql, 0);
  }
  EmitSchemaChanged(ctx);
  return Rc::kOk;
}

Rc CompileCreateIndex(CodegenContext* ctx, const parser::CreateIndexStmt& stmt, uint32_t tail) {
  // The index goes in its table's database; a qualified name says where the table is.
  std::string_view name = stmt.name.name.text;
  int db = kMainDb;
  if (stmt.name.schema.IsSet()) SIMLITE_TRY(TargetDatabase(ctx, stmt.name, false, &db));
  Table* table = ctx->catalog().FindTable(
      stmt.name.schema.IsSet() ? stmt.name.schema.text : std::string_view(), stmt.table.text);
  if (table == nullptr && db == kTempDb) {
    if (const Table* other = ctx->catalog().FindTable({}, stmt.table.text)) {
      return ctx->Error("cannot create a TEMP index on non-TEMP table \"" + other->name + "\"");
    }
  }
  if (table == nullptr) {
    return ctx->Error("no such table: " + std::string(ctx->DatabaseName(db)) + "." +
                      std::string(stmt.table.text));
  }
  db = table->db;
  ctx->set_schema_db(db);
  const Schema& schema = ctx->catalog().schema(db);
  if (table->is_view) return ctx->Error("views may not be indexed");
  if (IsReservedName(table->name)) {
    return ctx->Error("table " + std::string(table->root == 1 ? "sqlite_master" : table->name) +
                      " may not be indexed");
  }
  if (IsReservedName(name)) {
    return ctx->Error("object name reserved for internal use: " + std::string(name));
  }
  if (schema.FindIndex(name) != nullptr) {
    if (stmt.if_not_exists) {
      ctx->VerifySchema(db, /*writes=*/true);
      return Rc::kOk;
    }
    return ctx->Error("index " + std::string(name) + " already exists");
  }
  if (schema.FindTable(name) != nullptr) {
    return ctx->Error("there is already a table named " + std::string(name));
  }
  bool ignore = false;  // SQLITE_IGNORE: the statement does nothing
  SIMLITE_TRY(AuthorizeCreate(ctx, AuthAction::kCreateIndex, name, table->name, &ignore));
  if (ignore) return Rc::kOk;
  Index index;
  std::string error;
  if (BuildIndex(stmt, table, &index, ctx->schema().collations(), &error) != Rc::kOk) {
    return ctx->Error(std::move(error));
  }
  if (std::string undefined = UndefinedCollation(ctx->schema(), index); !undefined.empty()) {
    return ctx->Error("no such collation sequence: " + undefined);
  }
  for (const IndexColumn& column : index.columns) {
    if (column.expr != nullptr) SIMLITE_TRY(CheckIndexExpression(ctx, *table, column.expr, false));
  }
  if (index.where != nullptr) SIMLITE_TRY(CheckIndexExpression(ctx, *table, index.where, true));
  SIMLITE_TRY(AuthorizeIndexColumns(ctx, *table, index));
  SIMLITE_TRY(AuthorizeSchemaRowInsert(ctx));
  SIMLITE_TRY(ctx->Authorize(AuthAction::kReindex, index.name, {}, ctx->DatabaseName(db)));
  const std::string sql = std::string(stmt.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
                          std::string(TextToEnd(ctx, stmt.name.name.span.begin, tail));
  ctx->UseTransaction(db, true);
  ProgramBuilder& b = ctx->builder();
  const int root = b.AllocRegister();
  b.Add(Opcode::kCreateBtree, db, root, 2);
  const int cursor = OpenSchemaTable(ctx);
  EmitSchemaRow(ctx, cursor, "index", index.name, table->name, root, &sql, 0);
  SIMLITE_TRY(PopulateIndex(ctx, *table, index, root));
  EmitSchemaChanged(ctx);
  return Rc::kOk;
}

Rc CompileReindex(CodegenContext* ctx, const parser::ReindexStmt& stmt) {
  std::vector<const Index*> indexes;
  std::string_view name = stmt.name.name.text;
  const Catalog& catalog = ctx->catalog();
  const std::string_view schema_name =
      stmt.name.schema.IsSet() ? stmt.name.schema.text : std::string_view();
  Collation collation;
  if (!stmt.name.name.IsSet()) {
    for (int db = 0; db < catalog.size(); db++) {
      for (const auto& [key, index] : catalog.schema(db).indexes()) indexes.push_back(index.get());
    }
  } else if (const Index* index = catalog.FindIndex(schema_name, name)) {
    indexes.push_back(index);
  } else if (const Table* table = catalog.FindTable(schema_name, name); table && !table->is_view) {
    indexes.assign(table->indexes.begin(), table->indexes.end());
  } else if (!stmt.name.schema.IsSet() && CollationByName(ctx->schema(), name, &collation)) {
    for (int db = 0; db < catalog.size(); db++) {
      for (const auto& [key, index] : catalog.schema(db).indexes()) {
        for (const IndexColumn& column : index->columns) {
          if (column.collation == collation) {
            indexes.push_back(index.get());
            break;
          }
        }
      }
    }
  } else {
    return ctx->Error("unable to identify the object to be reindexed");
  }
  for (const Index* index : indexes) {
    SIMLITE_TRY(ctx->Authorize(AuthAction::kReindex, index->name, {},
                               ctx->DatabaseName(index->db)));
  }
  ProgramBuilder& b = ctx->builder();
  for (const Index* index : indexes) {
    ctx->UseTransaction(index->db, true);
    const int root = b.AllocRegister();
    b.Add(Opcode::kClear, static_cast<int>(index->root), index->db);
    b.Add(Opcode::kInteger, static_cast<int>(index->root), root);
    SIMLITE_TRY(PopulateIndex(ctx, *index->table, *index, root));
  }
  return Rc::kOk;
}

// A UNIQUE index is filled in table order, each key checked against those already in. Any
// other index is filled as SQLite fills one: its keys go through a sorter and into the
// b-tree in key order, which keeps every insert at the right edge of the tree instead of at
// a random place (far fewer pages touched and split). Each row's key is made as every write
// makes it (CodeIndexKey: expressions, a partial index's WHERE).
Rc PopulateIndex(CodegenContext* ctx, const Table& table, const Index& index, int root_reg) {
  ProgramBuilder& b = ctx->builder();
  const int table_cursor = b.AllocCursor();
  const int index_cursor = b.AllocCursor();
  const int count = static_cast<int>(index.columns.size());
  const int sorter = index.unique ? -1 : b.AllocCursor();
  if (!index.unique) {
    b.Add(Opcode::kSorterOpen, sorter, count + 1);
    b.SetP4KeyInfo(index.key_info);
  }
  b.Add(Opcode::kOpenRead, table_cursor, static_cast<int>(table.root), table.db);
  b.SetP4Int(static_cast<int32_t>(table.columns.size()));
  b.Add(Opcode::kOpenWrite, index_cursor, root_reg, table.db);
  b.SetP4KeyInfo(index.key_info);
  b.SetP5(vdbe::kP5RootInRegister);
  const int scanned = b.NewLabel();
  b.Add(Opcode::kRewind, table_cursor, scanned);
  const int top = b.current_address();
  const int next = b.NewLabel();
  RowWriter reader(ctx, &table, ConflictAction::kDefault);
  reader.UseTableCursor(table_cursor);
  const int row = b.AllocRegisters(static_cast<int>(table.columns.size()) + 1);
  reader.LoadCurrentRow(row);
  int key = 0;
  SIMLITE_TRY(CodeIndexKey(ctx, table, index, row, table_cursor, next, &key));
  if (index.unique) {
    const int ok = b.NewLabel();
    b.Add(Opcode::kNoConflict, index_cursor, ok, key);
    b.SetP4Int(count);
    b.Add(Opcode::kHalt, static_cast<int>(Rc::kConstraintUnique),
          static_cast<int>(vdbe::OnError::kAbort));
    b.SetP4Text(reader.IndexColumnsText(index));
    b.SetP5(2);
    b.ResolveLabel(ok);
  }
  const int record = b.AllocRegister();
  b.Add(Opcode::kMakeRecord, key, count + 1, record);
  b.Add(index.unique ? Opcode::kIdxInsert : Opcode::kSorterInsert,
        index.unique ? index_cursor : sorter, record);
  b.ResolveLabel(next);
  b.Add(Opcode::kNext, table_cursor, top);
  b.ResolveLabel(scanned);
  if (index.unique) return Rc::kOk;
  const int done = b.NewLabel();
  b.Add(Opcode::kSorterSort, sorter, done);
  const int sorted_top = b.current_address();
  b.Add(Opcode::kSorterData, sorter, record);
  b.Add(Opcode::kIdxInsert, index_cursor, record);
  b.Add(Opcode::kSorterNext, sorter, sorted_top);
  b.ResolveLabel(done);
  return Rc::kOk;
}

Rc CompileCreateTrigger(CodegenContext* ctx, const parser::CreateTriggerStmt& stmt) {
  // A trigger goes in its table's database, or in temp for TEMP (or a temp table).
  int db = kMainDb;
  SIMLITE_TRY(TargetDatabase(ctx, stmt.name, stmt.temp, &db));
  const std::string_view table_schema =
      stmt.temp || !stmt.name.schema.IsSet() ? std::string_view() : stmt.name.schema.text;
  const Table* table = ctx->catalog().FindTable(
      stmt.table.schema.IsSet() ? stmt.table.schema.text : table_schema, stmt.table.name.text);
  if (table == nullptr) {
    const std::string_view named = stmt.table.schema.IsSet() ? stmt.table.schema.text
                                                             : ctx->DatabaseName(db);
    return ctx->Error("no such table: " + std::string(named) + "." +
                      std::string(stmt.table.name.text));
  }
  // A TEMP trigger may be on another database's table (schema.h, invariant 4).
  if (!stmt.temp) db = table->db;
  ctx->set_schema_db(db);
  std::string_view name = stmt.name.name.text;
  if (ctx->catalog().schema(db).FindTrigger(name) != nullptr) {
    if (stmt.if_not_exists) {
      ctx->VerifySchema(db, /*writes=*/true);
      return Rc::kOk;
    }
    return ctx->Error("trigger " + std::string(name) + " already exists");
  }
  if (IsReservedName(name)) {
    return ctx->Error("object name reserved for internal use: " + std::string(name));
  }
  if (IsReservedName(table->name)) return ctx->Error("cannot create trigger on system table");
  const bool instead_of = stmt.timing == parser::TriggerTiming::kInsteadOf;
  if (table->is_view && !instead_of) {
    return ctx->Error(std::string("cannot create ") +
                      (stmt.timing == parser::TriggerTiming::kAfter ? "AFTER" : "BEFORE") +
                      " trigger on view: " + table->name);
  }
  if (!table->is_view && instead_of) {
    return ctx->Error("cannot create INSTEAD OF trigger on table: " + table->name);
  }
  if (instead_of) return ctx->Error("INSTEAD OF triggers are not supported yet");
  bool ignore = false;  // SQLITE_IGNORE: the statement does nothing
  SIMLITE_TRY(AuthorizeCreate(ctx, AuthAction::kCreateTrigger, name, table->name, &ignore));
  if (ignore) return Rc::kOk;
  SIMLITE_TRY(AuthorizeSchemaRowInsert(ctx));
  const std::string sql =
      "CREATE TRIGGER " +
      std::string(ctx->sql().substr(stmt.name.name.span.begin,
                                    stmt.body_span.end - stmt.name.name.span.begin));
  ctx->UseTransaction(db, true);
  const int cursor = OpenSchemaTable(ctx);
  EmitSchemaRow(ctx, cursor, "trigger", name, table->name, 0, &sql, 0);
  EmitSchemaChanged(ctx);
  return Rc::kOk;
}

Rc CompileCreateView(CodegenContext* ctx, const parser::CreateViewStmt& stmt, uint32_t tail) {
  int db = kMainDb;
  SIMLITE_TRY(TargetDatabase(ctx, stmt.name, stmt.temp, &db));
  std::string_view name = stmt.name.name.text;
  bool ignore = false;  // SQLITE_IGNORE: the statement does nothing
  SIMLITE_TRY(AuthorizeCreate(ctx, AuthAction::kCreateView, name, {}, &ignore));
  if (ignore) return Rc::kOk;
  bool exists = false;
  SIMLITE_TRY(CheckNewTableName(ctx, db, name, stmt.if_not_exists, &exists));
  if (exists) {
    ctx->VerifySchema(db, /*writes=*/true);
    return Rc::kOk;
  }
  SIMLITE_TRY(AuthorizeSchemaRowUpdate(ctx));
  // As SQLite, the view's SELECT is not checked until the view is used.
  std::string_view text = TextToEnd(ctx, stmt.name.name.span.begin, tail);
  while (!text.empty() && vdbe::IsSpace(static_cast<uint8_t>(text.back()))) {
    text.remove_suffix(1);
  }
  const std::string sql = "CREATE VIEW " + std::string(text);
  ctx->UseTransaction(db, true);
  const int cursor = OpenSchemaTable(ctx);
  EmitSchemaRow(ctx, cursor, "view", name, name, 0, &sql, 0);
  EmitSchemaChanged(ctx);
  return Rc::kOk;
}

}  // namespace simlite::codegen
