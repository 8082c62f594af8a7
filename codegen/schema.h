// The schema of the main database as codegen sees it: tables, their columns and constraints,
// indexes (those of CREATE INDEX and the sqlite_autoindex_T_N ones SQLite makes for UNIQUE and
// PRIMARY KEY), and views. It is built from the SQL text in sqlite_schema (schema_loader.cpp)
// and rebuilt whenever the schema cookie changes.
//
// Invariants:
//  1. Every table, index and view owns the parse of its SQL (ParsedSql), so AST pointers held
//     by the schema (defaults, CHECK expressions, view selects, partial-index WHEREs) live as
//     long as the object.
//  2. Names are looked up case-insensitively (ASCII), as SQLite does; the maps' keys are the
//     lower-cased names, so iteration order is by name and never by pointer.
//  3. table->indexes lists its indexes in creation order (autoindexes of the CREATE TABLE
//     first); constraint checks visit them newest first, as SQLite's list does.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "btree/record.h"
#include "parser/ast.h"
#include "parser/parser.h"
#include "pager/pager.h"
#include "vdbe/mem.h"
#include "vdbe/value.h"

namespace simlite::codegen {

using btree::Collation;
using parser::ConflictAction;
using vdbe::Affinity;

// The text of one schema statement and its parse (invariant 1). Not movable: the parse
// refers to `sql`.
struct ParsedSql {
  std::string sql;
  parser::ParseResult result;
  const parser::Stmt* stmt = nullptr;
};

struct Column {
  std::string name;
  std::string type;  // the declared type as written; "" when none
  Affinity affinity = Affinity::kBlob;
  Collation collation = Collation::kBinary;
  bool not_null = false;
  ConflictAction not_null_conflict = ConflictAction::kDefault;
  bool primary_key = false;
  const parser::Expr* default_value = nullptr;  // null: DEFAULT NULL
  // The default as a constant, when it is one (for rows shorter than the table: OP_Column's
  // P4). Null when default_value is not a literal.
  bool has_constant_default = false;
  vdbe::Mem constant_default;
};

struct Index;

struct CheckConstraint {
  std::string name;  // CONSTRAINT name, or the expression's text
  const parser::Expr* expr = nullptr;
};

struct Table {
  std::string name;
  pager::Pgno root = 0;
  std::vector<Column> columns;
  int rowid_alias = -1;  // the INTEGER PRIMARY KEY column, or -1
  bool autoincrement = false;
  bool without_rowid = false;
  bool is_view = false;
  ConflictAction pk_conflict = ConflictAction::kDefault;
  std::vector<int> primary_key;  // PRIMARY KEY columns (empty: none, or the rowid alias)
  std::vector<CheckConstraint> checks;
  std::vector<Index*> indexes;  // invariant 3
  const parser::Select* view_select = nullptr;
  std::vector<std::string> view_columns;  // CREATE VIEW v(a, b): the names given
  std::unique_ptr<ParsedSql> parsed;

  // The column named `name` (case-insensitive), or -1.
  int FindColumn(std::string_view name) const;
  // True when `name` is rowid, oid or _rowid_ and no column is called so.
  bool IsRowidName(std::string_view name) const;
};

// Where an index column's value comes from.
constexpr int kRowidColumn = -1;
constexpr int kExpressionColumn = -2;

struct IndexColumn {
  int column = 0;  // table column, kRowidColumn, or kExpressionColumn
  const parser::Expr* expr = nullptr;  // kExpressionColumn
  Collation collation = Collation::kBinary;
  bool descending = false;
};

enum class IndexOrigin : uint8_t { kCreateIndex, kUnique, kPrimaryKey };

struct Index {
  std::string name;
  std::string table_name;
  Table* table = nullptr;
  pager::Pgno root = 0;
  std::vector<IndexColumn> columns;
  bool unique = false;
  ConflictAction on_conflict = ConflictAction::kDefault;
  IndexOrigin origin = IndexOrigin::kCreateIndex;
  const parser::Expr* where = nullptr;  // a partial index's WHERE
  btree::KeyInfo key_info;              // the columns, then the rowid
  std::unique_ptr<ParsedSql> parsed;    // null for autoindexes
};

class Schema {
 public:
  Schema();

  Table* FindTable(std::string_view name) const;
  Index* FindIndex(std::string_view name) const;
  // Adds a table (with its autoindexes) or an index; the name must be free.
  Table* AddTable(std::unique_ptr<Table> table);
  Index* AddIndex(std::unique_ptr<Index> index);
  void Clear();

  // The cookie the schema was read at.
  uint32_t cookie() const { return cookie_; }
  void set_cookie(uint32_t cookie) { cookie_ = cookie; }
  bool loaded() const { return loaded_; }
  void set_loaded(bool loaded) { loaded_ = loaded; }

  const std::map<std::string, std::unique_ptr<Table>>& tables() const { return tables_; }
  const std::map<std::string, std::unique_ptr<Index>>& indexes() const { return indexes_; }

 private:
  void AddSchemaTable();

  std::map<std::string, std::unique_ptr<Table>> tables_;
  std::map<std::string, std::unique_ptr<Index>> indexes_;
  uint32_t cookie_ = 0;
  bool loaded_ = false;
};

// ASCII lower case, SQLite's case folding for names.
std::string LowerName(std::string_view name);
bool SameName(std::string_view a, std::string_view b);

// SQLite's collation names (case-insensitive); false when unknown.
bool CollationByName(std::string_view name, Collation* collation);

// Builds a table from its CREATE TABLE statement: columns, constraints, and the autoindexes
// (without root pages). Errors (kError) with SQLite's messages in *error, e.g. "duplicate
// column name: x", "table \"t\" has more than one primary key".
Rc BuildTable(const parser::CreateTableStmt& stmt, std::string_view sql, std::string_view name,
              Table* table,
              std::vector<std::unique_ptr<Index>>* autoindexes, std::string* error);

// Builds an index from its CREATE INDEX statement over `table`.
Rc BuildIndex(const parser::CreateIndexStmt& stmt, Table* table, Index* index,
              std::string* error);

// The KeyInfo of an index: each column's collation and direction, then the rowid.
void FillKeyInfo(Index* index);

}  // namespace simlite::codegen
