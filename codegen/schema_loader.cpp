// LoadSchema: builds the Schema from the rows of sqlite_schema, parsing each row's SQL as
// SQLite does when it opens a database: tables and views first, then indexes (an autoindex
// row, whose sql is NULL, gives the root page of an index its table's CREATE TABLE made).
#include "codegen/schema_loader.h"

#include <algorithm>
#include <vector>

#include "btree/btree_cursor.h"
#include "btree/record.h"
#include "pager/pager.h"

namespace simlite::codegen {

namespace {

struct SchemaRow {
  std::string type;
  std::string name;
  std::string table_name;
  int64_t root = 0;
  bool has_sql = false;
  std::string sql;
};

std::string TextOf(const btree::ValueView& value) {
  if (value.type != btree::ValueType::kText && value.type != btree::ValueType::kBlob) return "";
  return std::string(reinterpret_cast<const char*>(value.bytes), value.size);
}

Rc ReadRows(btree::Btree* btree, std::vector<SchemaRow>* rows) {
  btree::BtCursor cursor;
  cursor.Open(btree, 1, false, nullptr);
  bool at_end = false;
  SIMLITE_TRY(cursor.First(&at_end));
  std::vector<uint8_t> buffer;
  while (!at_end) {
    std::span<const uint8_t> payload;
    SIMLITE_TRY(cursor.Payload(&buffer, &payload));
    btree::RecordReader reader;
    SIMLITE_TRY(reader.Init(payload.data(), static_cast<uint32_t>(payload.size())));
    btree::ValueView values[5];
    for (uint32_t column_idx = 0; column_idx < 5; column_idx++) {
      SIMLITE_TRY(reader.Column(column_idx, &values[column_idx]));
    }
    SchemaRow row;
    row.type = TextOf(values[0]);
    row.name = TextOf(values[1]);
    row.table_name = TextOf(values[2]);
    row.root = values[3].type == btree::ValueType::kInteger ? values[3].i : 0;
    row.has_sql = values[4].type == btree::ValueType::kText;
    row.sql = TextOf(values[4]);
    rows->push_back(std::move(row));
    SIMLITE_TRY(cursor.Next(&at_end));
  }
  return Rc::kOk;
}

Rc Malformed(const SchemaRow& row, std::string detail, std::string* error) {
  *error = "malformed database schema (" + row.name + ")";
  if (!detail.empty()) *error += " - " + detail;
  return Rc::kCorrupt;
}

Rc Parse(const SchemaRow& row, parser::StmtKind kind, std::unique_ptr<ParsedSql>* parsed,
         std::string* error) {
  auto result = std::make_unique<ParsedSql>();
  result->sql = row.sql;
  parser::ParseError parse_error;
  if (parser::ParseOne(result->sql, 0, parser::ParseOptions{}, &result->result, &parse_error) !=
          Rc::kOk ||
      result->result.statements().empty() || result->result.statements()[0].stmt == nullptr) {
    return Malformed(row, parse_error.message, error);
  }
  result->stmt = result->result.statements()[0].stmt;
  if (result->stmt->kind != kind) return Malformed(row, "", error);
  *parsed = std::move(result);
  return Rc::kOk;
}

Rc LoadTable(Schema* schema, const SchemaRow& row, std::string* error) {
  std::unique_ptr<ParsedSql> parsed;
  SIMLITE_TRY(Parse(row, parser::StmtKind::kCreateTable, &parsed, error));
  const auto& stmt = *parsed->stmt->As<parser::CreateTableStmt>();
  auto table = std::make_unique<Table>();
  std::vector<std::unique_ptr<Index>> autoindexes;
  std::string build_error;
  if (BuildTable(stmt, parsed->sql, stmt.name.name.text, table.get(), &autoindexes,
                 schema->collations(), &build_error) != Rc::kOk) {
    return Malformed(row, build_error, error);
  }
  if (schema->FindTable(table->name) != nullptr) return Malformed(row, "", error);
  table->root = static_cast<pager::Pgno>(row.root);
  table->parsed = std::move(parsed);
  Table* added = schema->AddTable(std::move(table));
  for (auto& index : autoindexes) {
    index->table = added;
    added->indexes.push_back(schema->AddIndex(std::move(index)));
  }
  return Rc::kOk;
}

Rc LoadView(Schema* schema, const SchemaRow& row, std::string* error) {
  std::unique_ptr<ParsedSql> parsed;
  SIMLITE_TRY(Parse(row, parser::StmtKind::kCreateView, &parsed, error));
  const auto& stmt = *parsed->stmt->As<parser::CreateViewStmt>();
  auto view = std::make_unique<Table>();
  view->name = std::string(stmt.name.name.text);
  view->is_view = true;
  view->view_select = stmt.select;
  for (const parser::Name& column : stmt.columns) view->view_columns.emplace_back(column.text);
  view->parsed = std::move(parsed);
  if (schema->FindTable(view->name) != nullptr) return Malformed(row, "", error);
  schema->AddTable(std::move(view));
  return Rc::kOk;
}

Rc LoadIndex(Schema* schema, const SchemaRow& row, std::string* error) {
  if (!row.has_sql) {
    Index* index = schema->FindIndex(row.name);
    if (index == nullptr) return Malformed(row, "orphan index", error);
    index->root = static_cast<pager::Pgno>(row.root);
    return Rc::kOk;
  }
  std::unique_ptr<ParsedSql> parsed;
  SIMLITE_TRY(Parse(row, parser::StmtKind::kCreateIndex, &parsed, error));
  const auto& stmt = *parsed->stmt->As<parser::CreateIndexStmt>();
  Table* table = schema->FindTable(stmt.table.text);
  if (table == nullptr || table->is_view) return Malformed(row, "", error);
  auto index = std::make_unique<Index>();
  std::string build_error;
  if (BuildIndex(stmt, table, index.get(), schema->collations(), &build_error) != Rc::kOk) {
    return Malformed(row, build_error, error);
  }
  if (schema->FindIndex(index->name) != nullptr) return Malformed(row, "", error);
  index->root = static_cast<pager::Pgno>(row.root);
  index->parsed = std::move(parsed);
  table->indexes.push_back(schema->AddIndex(std::move(index)));
  return Rc::kOk;
}

Rc LoadTrigger(Schema* schema, const Catalog* catalog, const SchemaRow& row,
               std::string* error) {
  std::unique_ptr<ParsedSql> parsed;
  SIMLITE_TRY(Parse(row, parser::StmtKind::kCreateTrigger, &parsed, error));
  const auto* stmt = parsed->stmt->As<parser::CreateTriggerStmt>();
  Table* table = nullptr;
  if (schema->db() == kTempDb && catalog != nullptr && stmt->table.schema.IsSet()) {
    table = catalog->FindTable(stmt->table);
  } else {
    table = schema->FindTable(stmt->table.name.text);
    if (table == nullptr && schema->db() == kTempDb && catalog != nullptr) {
      table = catalog->FindTable(stmt->table);
    }
  }
  // A temp trigger whose table went with a DETACH is left out (as SQLite's, it fires no more).
  if (table == nullptr && schema->db() == kTempDb) return Rc::kOk;
  if (table == nullptr || schema->FindTrigger(stmt->name.name.text) != nullptr) {
    return Malformed(row, "", error);
  }
  auto trigger = std::make_unique<Trigger>();
  trigger->name = std::string(stmt->name.name.text);
  trigger->table_name = table->name;
  trigger->table = table;
  trigger->stmt = stmt;
  trigger->parsed = std::move(parsed);
  Trigger* added = schema->AddTrigger(std::move(trigger));
  // Inserted where the table's foreign triggers begin (Table::triggers): the table's own
  // follow each other in creation order, the foreign ones come newest first after them.
  auto foreign = std::find_if(table->triggers.begin(), table->triggers.end(),
                              [&](const Trigger* other) { return other->db != table->db; });
  table->triggers.insert(foreign, added);
  return Rc::kOk;
}

}  // namespace

Rc LoadSchema(btree::Btree* btree, Schema* schema, const Catalog* catalog, std::string* error) {
  schema->Clear();
  std::vector<SchemaRow> rows;
  SIMLITE_TRY(ReadRows(btree, &rows));
  for (const SchemaRow& row : rows) {
    if (row.type == "table") {
      SIMLITE_TRY(LoadTable(schema, row, error));
    } else if (row.type == "view") {
      SIMLITE_TRY(LoadView(schema, row, error));
    }
  }
  for (const SchemaRow& row : rows) {
    if (row.type == "index") SIMLITE_TRY(LoadIndex(schema, row, error));
  }
  for (const SchemaRow& row : rows) {
    if (row.type == "trigger") SIMLITE_TRY(LoadTrigger(schema, catalog, row, error));
  }
  schema->set_cookie(btree->pager()->GetHeader(pager::HeaderField::kSchemaCookie));
  schema->set_loaded(true);
  return Rc::kOk;
}

}  // namespace simlite::codegen
