// Schema objects and their construction from CREATE TABLE / CREATE INDEX statements, with the
// rules SQLite applies while parsing them (rowid aliases, autoindexes and their numbering).
#include "codegen/schema.h"

#include <cassert>

namespace simlite::codegen {

std::string LowerName(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
  return lower;
}

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t char_idx = 0; char_idx < a.size(); char_idx++) {
    char x = a[char_idx];
    char y = b[char_idx];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + ('a' - 'A'));
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + ('a' - 'A'));
    if (x != y) return false;
  }
  return true;
}

bool CollationByName(const Schema& schema, std::string_view name, Collation* collation) {
  if (schema.collations() == nullptr) return vdbe::BuiltinCollation(name, collation);
  return schema.collations()->Find(name, collation);
}

bool ExpressionCollation(const Schema& schema, std::string_view name, Collation* collation) {
  if (schema.collations() == nullptr) return vdbe::BuiltinCollation(name, collation);
  // Not asked of collation_needed here: the compiler asks when the program needs it.
  return schema.collations()->Declare(name, collation);
}

namespace {

// A collation named in a schema object's definition (BuildTable's contract).
bool DeclareCollation(vdbe::CollationRegistry* collations, std::string_view name,
                      Collation* collation) {
  if (collations == nullptr) return vdbe::BuiltinCollation(name, collation);
  return collations->Declare(name, collation);
}

std::string UndefinedName(const Schema& schema, Collation collation) {
  vdbe::CollationRegistry* collations = schema.collations();
  if (collations == nullptr || collations->Resolve(collation)) return "";
  return std::string(collations->Name(collation));
}

}  // namespace

std::string UndefinedCollation(const Schema& schema, const Table& table) {
  for (const Column& column : table.columns) {
    std::string name = UndefinedName(schema, column.collation);
    if (!name.empty()) return name;
  }
  return "";
}

bool IndexCollationsDefined(const Schema& schema, const Index& index) {
  if (schema.collations() == nullptr) return true;
  for (const IndexColumn& column : index.columns) {
    if (!schema.collations()->Defined(column.collation)) return false;
  }
  return true;
}

std::string UndefinedCollation(const Schema& schema, const Index& index) {
  for (const IndexColumn& column : index.columns) {
    std::string name = UndefinedName(schema, column.collation);
    if (!name.empty()) return name;
  }
  return "";
}

int Table::FindColumn(std::string_view name) const {
  for (size_t column_idx = 0; column_idx < columns.size(); column_idx++) {
    if (SameName(columns[column_idx].name, name)) return static_cast<int>(column_idx);
  }
  return -1;
}

bool Table::IsRowidName(std::string_view name) const {
  if (without_rowid || is_view) return false;
  if (!SameName(name, "rowid") && !SameName(name, "oid") && !SameName(name, "_rowid_")) {
    return false;
  }
  return FindColumn(name) < 0;
}

Schema::Schema(int db) : db_(db) { AddSchemaTable(); }

namespace {

// The key under which a schema keeps its schema table, and the names it answers to.
constexpr std::string_view kSchemaTableKey = "sqlite_schema";

bool IsSchemaTableName(std::string_view key, bool temp) {
  if (key == "sqlite_master" || key == "sqlite_schema") return true;
  return temp && (key == "sqlite_temp_master" || key == "sqlite_temp_schema");
}

}  // namespace

void Schema::AddSchemaTable() {
  auto table = std::make_unique<Table>();
  table->name = db_ == kTempDb ? "sqlite_temp_master" : "sqlite_schema";
  table->db = db_;
  table->root = 1;
  static constexpr const char* kNames[] = {"type", "name", "tbl_name", "rootpage", "sql"};
  static constexpr const char* kTypes[] = {"text", "text", "text", "int", "text"};
  for (int column_idx = 0; column_idx < 5; column_idx++) {
    Column column;
    column.name = kNames[column_idx];
    column.type = kTypes[column_idx];
    column.affinity = vdbe::AffinityFromTypeName(column.type);
    table->columns.push_back(std::move(column));
  }
  tables_[std::string(kSchemaTableKey)] = std::move(table);
}

Table* Schema::FindTable(std::string_view name) const {
  std::string key = LowerName(name);
  if (IsSchemaTableName(key, db_ == kTempDb)) key = kSchemaTableKey;
  auto found = tables_.find(key);
  return found == tables_.end() ? nullptr : found->second.get();
}

Index* Schema::FindIndex(std::string_view name) const {
  auto found = indexes_.find(LowerName(name));
  return found == indexes_.end() ? nullptr : found->second.get();
}

Table* Schema::AddTable(std::unique_ptr<Table> table) {
  table->db = db_;
  std::string key = LowerName(table->name);
  assert(tables_.find(key) == tables_.end());
  Table* added = table.get();
  tables_[key] = std::move(table);
  return added;
}

Index* Schema::AddIndex(std::unique_ptr<Index> index) {
  index->db = db_;
  std::string key = LowerName(index->name);
  assert(indexes_.find(key) == indexes_.end());
  Index* added = index.get();
  indexes_[key] = std::move(index);
  return added;
}

Trigger* Schema::FindTrigger(std::string_view name) const {
  auto found = triggers_.find(LowerName(name));
  return found == triggers_.end() ? nullptr : found->second.get();
}

Trigger* Schema::AddTrigger(std::unique_ptr<Trigger> trigger) {
  trigger->db = db_;
  std::string key = LowerName(trigger->name);
  assert(triggers_.find(key) == triggers_.end());
  Trigger* added = trigger.get();
  triggers_[key] = std::move(trigger);
  return added;
}

bool Schema::HasForeignTriggers() const {
  for (const auto& [key, trigger] : triggers_) {
    if (trigger->table->db != db_) return true;
  }
  return false;
}

void Schema::Clear() {
  // Unlink the temp triggers of other databases' tables first (invariant 4).
  for (const auto& [key, trigger] : triggers_) {
    if (trigger->table->db != db_) std::erase(trigger->table->triggers, trigger.get());
  }
  triggers_.clear();
  tables_.clear();
  indexes_.clear();
  AddSchemaTable();
  loaded_ = false;
  cookie_ = 0;
}

int Catalog::FindDatabase(std::string_view name) const {
  for (int db = 0; db < size(); db++) {
    if (SameName(databases_[static_cast<size_t>(db)].name, name)) return db;
  }
  return -1;
}

template <typename Fn>
auto Catalog::Search(std::string_view schema_name, Fn find) const -> decltype(find(schema(0))) {
  if (!schema_name.empty()) {
    const int db = FindDatabase(schema_name);
    return db < 0 ? nullptr : find(schema(db));
  }
  // Temp first, then main, then the attached databases.
  for (int slot = 0; slot < size(); slot++) {
    const int db = slot == kMainDb ? kTempDb : slot == kTempDb ? kMainDb : slot;
    if (db >= size()) continue;
    if (auto* found = find(schema(db))) return found;
  }
  return nullptr;
}

Table* Catalog::FindTable(std::string_view schema_name, std::string_view name) const {
  if (schema_name.empty()) {
    // An unqualified schema table is main's, or temp's by its temp names.
    const std::string key = LowerName(name);
    if (IsSchemaTableName(key, false)) return schema(kMainDb).FindTable(key);
    if (IsSchemaTableName(key, true)) {
      return size() > kTempDb ? schema(kTempDb).FindTable(key) : nullptr;
    }
  }
  return Search(schema_name, [&](const Schema& schema) { return schema.FindTable(name); });
}

Index* Catalog::FindIndex(std::string_view schema_name, std::string_view name) const {
  return Search(schema_name, [&](const Schema& schema) { return schema.FindIndex(name); });
}

Trigger* Catalog::FindTrigger(std::string_view schema_name, std::string_view name) const {
  return Search(schema_name, [&](const Schema& schema) { return schema.FindTrigger(name); });
}

void FillKeyInfo(Index* index, const btree::CustomCollations* custom) {
  index->key_info.custom = custom;
  index->key_info.collations.clear();
  index->key_info.descending.clear();
  for (const IndexColumn& column : index->columns) {
    index->key_info.collations.push_back(column.collation);
    index->key_info.descending.push_back(column.descending);
  }
  index->key_info.collations.push_back(Collation::kBinary);
  index->key_info.descending.push_back(false);
}

namespace {

// A declared type that is exactly one of STRICT tables' type names (ANY, BLOB, INT, INTEGER,
// REAL, TEXT) reads back in upper case, as SQLite keeps those as a type code; any other keeps
// its spelling ("varchar(10)").
std::string StandardTypeName(std::string_view type) {
  for (std::string_view standard : {"ANY", "BLOB", "INT", "INTEGER", "REAL", "TEXT"}) {
    if (SameName(type, standard)) return std::string(standard);
  }
  return std::string(type);
}

// What BuildTable works on.
struct TableBuilder {
  const parser::CreateTableStmt& stmt;
  std::string_view sql;
  Table* table;
  std::vector<std::unique_ptr<Index>>* autoindexes;
  vdbe::CollationRegistry* collations;
  std::string* error;
  bool has_primary_key = false;

  Rc Fail(std::string message) {
    *error = std::move(message);
    return Rc::kError;
  }
  std::string_view Text(parser::SourceSpan span) const {
    return sql.substr(span.begin, span.end - span.begin);
  }
};

// The column named by an indexed term (a bare name, possibly with COLLATE), with the term's
// collation if it has one.
Rc TermColumn(TableBuilder* b, const parser::OrderingTerm& term, IndexColumn* column) {
  const parser::Expr* expr = term.expr;
  bool has_collation = false;
  if (expr->kind == parser::ExprKind::kCollate) {
    const auto* collate = expr->As<parser::CollateExpr>();
    if (!DeclareCollation(b->collations, collate->collation.text, &column->collation)) {
      return b->Fail("no such collation sequence: " + std::string(collate->collation.text));
    }
    has_collation = true;
    expr = collate->operand;
  }
  std::string_view name;
  if (expr->kind == parser::ExprKind::kColumn) {
    name = expr->As<parser::ColumnExpr>()->column.text;
  } else if (expr->kind == parser::ExprKind::kLiteral &&
             expr->As<parser::LiteralExpr>()->literal == parser::LiteralKind::kString) {
    name = expr->As<parser::LiteralExpr>()->text;  // SQLite accepts 'a' as a column name here
  } else {
    return b->Fail("expressions prohibited in PRIMARY KEY and UNIQUE constraints");
  }
  column->column = b->table->FindColumn(name);
  if (column->column < 0) {
    return b->Fail("no such column: " + std::string(name));
  }
  if (!has_collation) {
    column->collation = b->table->columns[static_cast<size_t>(column->column)].collation;
  }
  column->descending = term.order == parser::SortOrder::kDesc;
  return Rc::kOk;
}

// Adds an autoindex for UNIQUE or PRIMARY KEY unless an equal one exists (SQLite reuses it,
// merging the ON CONFLICT clauses).
Rc AddAutoindex(TableBuilder* b, std::vector<IndexColumn> columns, ConflictAction conflict,
                IndexOrigin origin) {
  for (auto& existing : *b->autoindexes) {
    if (existing->columns.size() != columns.size()) continue;
    bool same = true;
    for (size_t column_idx = 0; column_idx < columns.size() && same; column_idx++) {
      same = existing->columns[column_idx].column == columns[column_idx].column &&
             existing->columns[column_idx].collation == columns[column_idx].collation;
    }
    if (!same) continue;
    if (existing->on_conflict != conflict && existing->on_conflict != ConflictAction::kDefault &&
        conflict != ConflictAction::kDefault) {
      return b->Fail("conflicting ON CONFLICT clauses specified");
    }
    if (existing->on_conflict == ConflictAction::kDefault) existing->on_conflict = conflict;
    if (origin == IndexOrigin::kPrimaryKey) existing->origin = origin;
    return Rc::kOk;
  }
  auto index = std::make_unique<Index>();
  index->name = "sqlite_autoindex_" + b->table->name + "_" +
                std::to_string(b->autoindexes->size() + 1);
  index->table_name = b->table->name;
  index->table = b->table;
  index->columns = std::move(columns);
  index->unique = true;
  index->on_conflict = conflict;
  index->origin = origin;
  FillKeyInfo(index.get(), b->collations);
  b->autoindexes->push_back(std::move(index));
  return Rc::kOk;
}

Rc AddPrimaryKey(TableBuilder* b, std::vector<IndexColumn> columns, ConflictAction conflict,
                 bool autoincrement, bool column_constraint_desc) {
  if (b->has_primary_key) {
    return b->Fail("table \"" + b->table->name + "\" has more than one primary key");
  }
  b->has_primary_key = true;
  for (const IndexColumn& column : columns) {
    b->table->columns[static_cast<size_t>(column.column)].primary_key = true;
  }
  if (columns.size() == 1 && !column_constraint_desc &&
      SameName(b->table->columns[static_cast<size_t>(columns[0].column)].type, "INTEGER")) {
    b->table->rowid_alias = columns[0].column;
    b->table->autoincrement = autoincrement;
    b->table->pk_conflict = conflict;
    return Rc::kOk;
  }
  if (autoincrement) return b->Fail("AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY");
  for (const IndexColumn& column : columns) b->table->primary_key.push_back(column.column);
  return AddAutoindex(b, std::move(columns), conflict, IndexOrigin::kPrimaryKey);
}

Rc AddCheck(TableBuilder* b, const parser::Name& name, const parser::Expr* expr) {
  CheckConstraint check;
  check.name = name.IsSet() ? std::string(name.text) : std::string(b->Text(expr->span));
  check.expr = expr;
  b->table->checks.push_back(std::move(check));
  return Rc::kOk;
}

Rc AddColumnConstraint(TableBuilder* b, int column_idx, const parser::ColumnConstraint& cons) {
  Column& column = b->table->columns[static_cast<size_t>(column_idx)];
  IndexColumn index_column;
  index_column.column = column_idx;
  index_column.collation = column.collation;
  switch (cons.kind) {
    case parser::ColumnConstraintKind::kPrimaryKey:
      index_column.descending = cons.order == parser::SortOrder::kDesc;
      return AddPrimaryKey(b, {index_column}, cons.conflict, cons.autoincrement,
                           cons.order == parser::SortOrder::kDesc);
    case parser::ColumnConstraintKind::kNotNull:
      column.not_null = true;
      column.not_null_conflict = cons.conflict;
      return Rc::kOk;
    case parser::ColumnConstraintKind::kUnique:
      return AddAutoindex(b, {index_column}, cons.conflict, IndexOrigin::kUnique);
    case parser::ColumnConstraintKind::kCheck:
      return AddCheck(b, cons.name, cons.expr);
    case parser::ColumnConstraintKind::kDefault:
      column.default_value = cons.expr;
      return Rc::kOk;
    case parser::ColumnConstraintKind::kCollate:
      if (!DeclareCollation(b->collations, cons.collation.text, &column.collation)) {
        return b->Fail("no such collation sequence: " + std::string(cons.collation.text));
      }
      // "c UNIQUE COLLATE NOCASE": the column's own UNIQUE / PRIMARY KEY autoindex, made
      // before the COLLATE, takes it too (as SQLite's sqlite3AddCollateType does). Only
      // single-column autoindexes exist while columns are read.
      for (const auto& index : *b->autoindexes) {
        if (index->columns.size() == 1 && index->columns[0].column == column_idx) {
          index->columns[0].collation = column.collation;
          FillKeyInfo(index.get(), b->collations);
        }
      }
      return Rc::kOk;
    default:
      return Rc::kOk;  // NULL, REFERENCES, deferral: no effect on storage
  }
}

Rc AddTableConstraint(TableBuilder* b, const parser::TableConstraint& cons) {
  std::vector<IndexColumn> columns;
  if (cons.kind == parser::TableConstraintKind::kPrimaryKey ||
      cons.kind == parser::TableConstraintKind::kUnique) {
    for (const parser::OrderingTerm& term : cons.columns) {
      IndexColumn column;
      SIMLITE_TRY(TermColumn(b, term, &column));
      columns.push_back(column);
    }
  }
  switch (cons.kind) {
    case parser::TableConstraintKind::kPrimaryKey:
      return AddPrimaryKey(b, std::move(columns), cons.conflict, cons.autoincrement, false);
    case parser::TableConstraintKind::kUnique:
      return AddAutoindex(b, std::move(columns), cons.conflict, IndexOrigin::kUnique);
    case parser::TableConstraintKind::kCheck:
      return AddCheck(b, cons.name, cons.check);
    case parser::TableConstraintKind::kForeignKey:
      return Rc::kOk;
  }
  return Rc::kOk;
}

// A literal default as a value (OP_Column's P4 for rows written before the column existed).
void SetConstantDefault(Column* column) {
  const parser::Expr* expr = column->default_value;
  bool negative = false;
  if (expr != nullptr && expr->kind == parser::ExprKind::kUnary) {
    const auto* unary = expr->As<parser::UnaryExpr>();
    if (unary->op != parser::UnaryOp::kNegate && unary->op != parser::UnaryOp::kPlus) return;
    negative = unary->op == parser::UnaryOp::kNegate;
    expr = unary->operand;
  }
  if (expr == nullptr || expr->kind != parser::ExprKind::kLiteral) return;
  const auto* literal = expr->As<parser::LiteralExpr>();
  vdbe::Mem value;
  switch (literal->literal) {
    case parser::LiteralKind::kInteger:
    case parser::LiteralKind::kFloat: {
      std::string text = (negative ? "-" : "") + std::string(literal->text);
      value = vdbe::Mem::Text(text);
      vdbe::ApplyAffinity(&value, Affinity::kNumeric);
      if (value.type() == btree::ValueType::kText) return;  // hex: left to codegen
      break;
    }
    case parser::LiteralKind::kString:
      if (negative) return;
      value = vdbe::Mem::Text(literal->text);
      break;
    case parser::LiteralKind::kNull:
      break;
    default:
      return;
  }
  vdbe::ApplyAffinity(&value, column->affinity);
  column->has_constant_default = true;
  column->constant_default = std::move(value);
}

}  // namespace

Rc BuildTable(const parser::CreateTableStmt& stmt, std::string_view sql, std::string_view name,
              Table* table, std::vector<std::unique_ptr<Index>>* autoindexes,
              vdbe::CollationRegistry* collations, std::string* error) {
  TableBuilder b{stmt, sql, table, autoindexes, collations, error};
  table->name = std::string(name);
  table->without_rowid = stmt.without_rowid;
  for (const parser::ColumnDef& def : stmt.columns) {
    if (table->FindColumn(def.name.text) >= 0) {
      return b.Fail("duplicate column name: " + std::string(def.name.text));
    }
    Column column;
    column.name = std::string(def.name.text);
    column.type = StandardTypeName(def.type.text);
    column.affinity = vdbe::AffinityFromTypeName(column.type);
    table->columns.push_back(std::move(column));
    const int column_idx = static_cast<int>(table->columns.size() - 1);
    for (const parser::ColumnConstraint& cons : def.constraints) {
      SIMLITE_TRY(AddColumnConstraint(&b, column_idx, cons));
    }
  }
  for (const parser::TableConstraint& cons : stmt.constraints) {
    SIMLITE_TRY(AddTableConstraint(&b, cons));
  }
  if (table->without_rowid && !b.has_primary_key) {
    return b.Fail("PRIMARY KEY missing on table " + table->name);
  }
  for (Column& column : table->columns) SetConstantDefault(&column);
  return Rc::kOk;
}

Rc BuildIndex(const parser::CreateIndexStmt& stmt, Table* table, Index* index,
              vdbe::CollationRegistry* collations, std::string* error) {
  index->name = std::string(stmt.name.name.text);
  index->table_name = table->name;
  index->table = table;
  index->unique = stmt.unique;
  index->where = stmt.where;
  index->origin = IndexOrigin::kCreateIndex;
  for (const parser::OrderingTerm& term : stmt.columns) {
    IndexColumn column;
    const parser::Expr* expr = term.expr;
    bool has_collation = false;
    if (expr->kind == parser::ExprKind::kCollate) {
      const auto* collate = expr->As<parser::CollateExpr>();
      if (!DeclareCollation(collations, collate->collation.text, &column.collation)) {
        *error = "no such collation sequence: " + std::string(collate->collation.text);
        return Rc::kError;
      }
      has_collation = true;
      expr = collate->operand;
    }
    if (expr->kind == parser::ExprKind::kColumn) {
      std::string_view name = expr->As<parser::ColumnExpr>()->column.text;
      column.column = table->FindColumn(name);
      if (column.column < 0) {
        if (table->IsRowidName(name)) {
          column.column = kRowidColumn;
        } else {
          *error = "no such column: " + std::string(name);
          return Rc::kError;
        }
      }
      if (!has_collation && column.column >= 0) {
        column.collation = table->columns[static_cast<size_t>(column.column)].collation;
      }
    } else {
      column.column = kExpressionColumn;
      column.expr = expr;
    }
    column.descending = term.order == parser::SortOrder::kDesc;
    index->columns.push_back(column);
  }
  FillKeyInfo(index, collations);
  return Rc::kOk;
}

}  // namespace simlite::codegen
