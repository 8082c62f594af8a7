// The schema of one database as codegen sees it: tables, their columns and constraints,
// indexes (those of CREATE INDEX and the sqlite_autoindex_T_N ones SQLite makes for UNIQUE and
// PRIMARY KEY), and views. It is built from the SQL text in sqlite_schema (schema_loader.cpp)
// and rebuilt whenever the schema cookie changes. A connection has one per database: main,
// temp and the attached ones (Catalog, below).
//
// Invariants:
//  1. Every table, index and view owns the parse of its SQL (ParsedSql), so AST pointers held
//     by the schema (defaults, CHECK expressions, view selects, partial-index WHEREs) live as
//     long as the object.
//  2. Names are looked up case-insensitively (ASCII), as SQLite does; the maps' keys are the
//     lower-cased names, so iteration order is by name and never by pointer.
//  3. table->indexes lists its indexes in creation order (autoindexes of the CREATE TABLE
//     first); constraint checks visit them newest first, as SQLite's list does.
//  4. Every table, index and trigger carries the index of its database (`db`: 0 main, 1 temp,
//     2.. attached), the operand by which opcodes name that database's b-trees; an index and
//     its table are in one database, and so is a trigger and its table, except that a temp
//     trigger may be on a table of another database ("foreign"): it is owned by the temp
//     schema and listed in that table's triggers, so the temp schema is emptied (Clear, which
//     unlinks it) before the other database's schema is rebuilt, and loaded after it.
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
#include "vdbe/collation_registry.h"
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
struct Trigger;

struct CheckConstraint {
  std::string name;  // CONSTRAINT name, or the expression's text
  const parser::Expr* expr = nullptr;
};

struct Table {
  std::string name;
  int db = 0;  // invariant 4
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
  // Its own database's in creation order, then the temp triggers of a table of another
  // database, newest first (so that, fired newest first, they run first, in creation order,
  // as SQLite's do).
  std::vector<Trigger*> triggers;
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
  int db = 0;  // invariant 4
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

// CREATE TRIGGER (lang_createtrigger.html); its statement lives in `parsed`.
struct Trigger {
  std::string name;
  int db = 0;  // invariant 4
  std::string table_name;
  Table* table = nullptr;
  const parser::CreateTriggerStmt* stmt = nullptr;
  std::unique_ptr<ParsedSql> parsed;

  // BEFORE or AFTER (the default), or INSTEAD OF.
  parser::TriggerTiming timing() const {
    return stmt->timing == parser::TriggerTiming::kDefault ? parser::TriggerTiming::kBefore
                                                           : stmt->timing;
  }
};

// Database indexes that are fixed (SQLite's): attached databases follow from 2.
constexpr int kMainDb = 0;
constexpr int kTempDb = 1;

class Schema {
 public:
  // The schema of database `db` (the temp database's schema table is sqlite_temp_master).
  explicit Schema(int db = kMainDb);

  int db() const { return db_; }
  // Gives the schema another database index (DETACH moves the later databases down): it is
  // emptied, to be loaded again with the objects carrying the new index.
  void set_db(int db) {
    db_ = db;
    Clear();
  }
  // The schema table answers to sqlite_master and sqlite_schema, and in the temp database
  // also to sqlite_temp_master and sqlite_temp_schema.
  Table* FindTable(std::string_view name) const;
  Index* FindIndex(std::string_view name) const;
  // Adds a table (with its autoindexes) or an index; the name must be free.
  Table* AddTable(std::unique_ptr<Table> table);
  Index* AddIndex(std::unique_ptr<Index> index);
  Trigger* FindTrigger(std::string_view name) const;
  Trigger* AddTrigger(std::unique_ptr<Trigger> trigger);
  // Whether a trigger of this schema is on another database's table (invariant 4).
  bool HasForeignTriggers() const;
  void Clear();

  // The cookie the schema was read at.
  uint32_t cookie() const { return cookie_; }
  void set_cookie(uint32_t cookie) { cookie_ = cookie; }
  bool loaded() const { return loaded_; }
  void set_loaded(bool loaded) { loaded_ = loaded; }

  // The connection's collations: the ids that columns and indexes carry index it (null: the
  // built-ins only). Set once, before the schema is loaded; outlives the schema.
  vdbe::CollationRegistry* collations() const { return collations_; }
  void set_collations(vdbe::CollationRegistry* collations) { collations_ = collations; }

  const std::map<std::string, std::unique_ptr<Table>>& tables() const { return tables_; }
  const std::map<std::string, std::unique_ptr<Index>>& indexes() const { return indexes_; }

 private:
  void AddSchemaTable();

  std::map<std::string, std::unique_ptr<Table>> tables_;
  std::map<std::string, std::unique_ptr<Index>> indexes_;
  std::map<std::string, std::unique_ptr<Trigger>> triggers_;
  int db_ = kMainDb;
  vdbe::CollationRegistry* collations_ = nullptr;
  uint32_t cookie_ = 0;
  bool loaded_ = false;
};

// The connection's databases as codegen sees them (SQLite's db->aDb): 0 main, 1 temp, then the
// attached ones in the order of ATTACH. Unqualified names are looked up in the temp database
// first, then main, then the attached ones (lang_naming.html); schema tables by name:
// sqlite_master / sqlite_schema are main's, sqlite_temp_master / sqlite_temp_schema temp's.
// The schemas are owned by the connection; a slot's schema is never null.
class Catalog {
 public:
  struct Database {
    std::string name;  // "main", "temp", or the ATTACH ... AS name
    std::string file;  // as PRAGMA database_list shows it ("" for memory and temp)
    Schema* schema = nullptr;
    bool open = true;  // false for temp until first used (database_list leaves it out)
  };

  void Clear() { databases_.clear(); }
  void Add(Database database) { databases_.push_back(std::move(database)); }
  int size() const { return static_cast<int>(databases_.size()); }
  const Database& database(int db) const { return databases_[static_cast<size_t>(db)]; }
  Schema& schema(int db) const { return *databases_[static_cast<size_t>(db)].schema; }
  // The database named `name` (case-insensitive), or -1.
  int FindDatabase(std::string_view name) const;

  // A table or view by name: in database `schema_name` when it is not empty (none when no
  // database has that name), else in the search order above.
  Table* FindTable(std::string_view schema_name, std::string_view name) const;
  Index* FindIndex(std::string_view schema_name, std::string_view name) const;
  Trigger* FindTrigger(std::string_view schema_name, std::string_view name) const;
  Table* FindTable(const parser::QualifiedName& name) const {
    return FindTable(name.schema.IsSet() ? name.schema.text : std::string_view(), name.name.text);
  }

 private:
  // The databases to search for schema_name, in order (one at most when it is named).
  template <typename Fn>
  auto Search(std::string_view schema_name, Fn find) const -> decltype(find(schema(0)));

  std::vector<Database> databases_;
};

// ASCII lower case, SQLite's case folding for names.
std::string LowerName(std::string_view name);
bool SameName(std::string_view a, std::string_view b);

// The collation a statement names for a use (COLLATE in an expression, an ON CONFLICT
// target, REINDEX): a built-in or one the application has registered, which the
// collation_needed callback may register now. False when there is none ("no such collation
// sequence: X").
bool CollationByName(const Schema& schema, std::string_view name, Collation* collation);
// The collation COLLATE names in an expression or ORDER BY term: as CollationByName, but an
// unknown name is declared (undefined) rather than refused, since SQLite reports it only where
// a comparison needs it; the compiler refuses a program that compares with it (compiler.cpp).
// False only when the registry is full.
bool ExpressionCollation(const Schema& schema, std::string_view name, Collation* collation);

// Builds a table from its CREATE TABLE statement: columns, constraints, and the autoindexes
// (without root pages). Collation names are declared in `collations` (null: the built-ins
// only), defined or not: a schema whose collation the application has not registered still
// loads (its use fails later). Errors (kError) with SQLite's messages in *error, e.g.
// "duplicate column name: x", "table \"t\" has more than one primary key".
Rc BuildTable(const parser::CreateTableStmt& stmt, std::string_view sql, std::string_view name,
              Table* table, std::vector<std::unique_ptr<Index>>* autoindexes,
              vdbe::CollationRegistry* collations, std::string* error);

// Builds an index from its CREATE INDEX statement over `table` (collations as BuildTable's).
Rc BuildIndex(const parser::CreateIndexStmt& stmt, Table* table, Index* index,
              vdbe::CollationRegistry* collations, std::string* error);

// For CREATE TABLE / CREATE INDEX: the name of the first collation of the table's columns or
// the index's columns that is not defined now (after asking collation_needed), or "".
std::string UndefinedCollation(const Schema& schema, const Table& table);
std::string UndefinedCollation(const Schema& schema, const Index& index);
// Whether every collation of the index's columns is defined now. The planner leaves the
// other indexes alone, as SQLite's does (a lookup or scan through one would need it).
bool IndexCollationsDefined(const Schema& schema, const Index& index);

// The KeyInfo of an index: each column's collation and direction, then the rowid; `custom`
// compares its custom collations.
void FillKeyInfo(Index* index, const btree::CustomCollations* custom);

}  // namespace simlite::codegen
