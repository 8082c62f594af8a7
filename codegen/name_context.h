// Name resolution (SQLite's resolve.c rules): the tables of a FROM clause as a query sees them
// (FromItem), the nesting of queries (NameContext: a correlated subquery sees the names of the
// queries around it), and the lookup of a column reference with SQLite's errors
// ("no such column: x", "ambiguous column name: x").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codegen/codegen_context.h"
#include "codegen/schema.h"
#include "parser/ast.h"

namespace simlite::codegen {

// A column of a FROM item: of a table, or of a subquery's result.
struct SourceColumn {
  std::string name;
  std::string decltype_name;  // the declared type, for sqlite3_column_decltype
  Affinity affinity = Affinity::kBlob;
  Collation collation = Collation::kBinary;
  bool hidden_by_using = false;  // the right side of USING / NATURAL: * and bare names skip it
  bool hidden = false;           // a hidden column (of a table-valued pragma): * skips it
};

// One table or subquery of a FROM clause.
struct FromItem {
  const Table* table = nullptr;  // null for a subquery or view (then materialized)
  std::string name;              // what qualifies its columns: the alias, else the table name
  // The database of its table or view ("main", "temp", ...), which a schema-qualified column
  // name must match ("" for subqueries and CTEs).
  std::string_view schema_name;
  int cursor = -1;
  std::vector<SourceColumn> columns;
  const parser::TableRef* ref = nullptr;
  bool left_join = false;  // the right side of a LEFT JOIN: may be a null row
  bool has_rowid = true;   // tables have one; subqueries and views do not show theirs
  std::string_view view_source;  // a view: the SQL its AST comes from
  int view_db = -1;              // a view: its database (CodegenContext::bound_db)
  // A table-valued pragma (pragma_table_info('t')): its name (lower case) and arguments; its
  // loop fills its transient table (OP_PragmaRows) each time it starts.
  std::string pragma;
  std::vector<const parser::Expr*> pragma_args;
  int pragma_hidden = 0;  // its hidden columns (arg, schema), the last ones
  // USING / NATURAL: the equalities joining this item to the ones before it.
  std::vector<const parser::Expr*> join_terms;
  // Which table columns the query may read (column_usage.h): known for the items of a SELECT.
  bool usage_known = false;
  std::vector<bool> used_columns;
  // UPDATE / DELETE: used_columns are the WHERE's alone (SQLite's update.c resets colUsed
  // after the SET expressions), for the costs of the indexes only: the loop still reads the
  // table, never through a covering index.
  bool usage_costs_only = false;
  // Set by the WHERE loop while the item is read through an index alone (a covering index):
  // column reads come from this cursor, a column at its position in covering_columns (table
  // column numbers, kRowidColumn for the rowid).
  int covering_cursor = -1;
  std::vector<int> covering_columns;
  // A row held in registers rather than under a cursor (RETURNING's row, which a correlated
  // subquery reads too): r[row_reg] the rowid, r[row_reg + 1 + i] column i; 0 when none.
  int row_reg = 0;
};

// Compiles the SELECT of `item` (a subquery, CTE or view) in the source and name binding its
// AST belongs to: a view's own, else the statement's.
class ItemSourceScope {
 public:
  ItemSourceScope(CodegenContext* ctx, const FromItem& item)
      : scope_(ctx, item.view_source.empty() ? ctx->source() : item.view_source,
               item.view_source.empty() ? ctx->bound_db() : item.view_db) {}

 private:
  SourceScope scope_;
};

// r[reg] = the rowid of the item's current row (from its covering index when it has one).
void EmitItemRowid(ProgramBuilder& b, const FromItem& item, int reg);

struct CteScope;

// A common table expression (WITH) in scope.
struct CteDef {
  const parser::CommonTableExpr* cte = nullptr;
  const CteScope* scope = nullptr;  // the CTEs its own SELECT sees
  bool recursive = false;           // WITH RECURSIVE and its SELECT names itself
  bool circular = false;            // names itself without RECURSIVE
  // Inside its own recursive part: the transient table holding the current row, which a
  // reference reads instead of materializing the CTE (-1 elsewhere).
  int cursor = -1;
};

// The CTEs of one WITH clause, and the scopes around it.
struct CteScope {
  std::vector<CteDef> ctes;
  const CteScope* outer = nullptr;

  // The nearest CTE called `name`, or null.
  const CteDef* Find(std::string_view name) const;
};

// A result column of a SELECT, for alias lookups (ORDER BY, GROUP BY, HAVING, WHERE).
struct ResultAlias {
  std::string alias;  // "" when the column has no AS name
  const parser::Expr* expr = nullptr;
};

// The names visible in one query, and the queries around it.
struct NameContext {
  std::vector<FromItem>* items = nullptr;
  NameContext* outer = nullptr;
  const std::vector<ResultAlias>* aliases = nullptr;  // null: aliases not visible
  // Set when a name resolved in an outer context: the query is correlated.
  bool used_outer = false;
  // How many FROM items the query can see so far (a join's ON clause sees only the items
  // up to its own): -1 for all.
  int visible_items = -1;
  // The common table expressions the query sees (null: those of the context around it).
  const CteScope* ctes = nullptr;
};

// The CTEs visible in a context: its own, or the nearest enclosing context's.
const CteScope* VisibleCtes(const NameContext* nc);

struct ColumnRef {
  // kRegister: NEW.x or OLD.x in a trigger, a value already in register `reg`.
  // kBoolean: the bare word TRUE or FALSE naming no column: the integer `reg` (1 or 0).
  enum class Kind : uint8_t { kColumn, kRowid, kAlias, kString, kRegister, kBoolean };
  Kind kind = Kind::kColumn;
  int depth = 0;  // 0: this query; 1: the one around it; ...
  NameContext* context = nullptr;
  int item = -1;    // FromItem index in context->items
  int column = -1;  // column index (kColumn)
  const parser::Expr* alias = nullptr;  // kAlias
  int reg = 0;                          // kRegister
  const Column* table_column = nullptr;  // kRegister: the column (null for the rowid)
  // kRegister: NEW.x or OLD.x of a trigger, which SQLite gives no affinity (its TK_TRIGGER
  // nodes): NEW.x = 5 compares a TEXT column's '5' with 5 as they are. (NEW.rowid has INTEGER
  // affinity, and NEW.x the column's collation.)
  bool no_affinity = false;
  // kRegister: excluded.x of an upsert, a TK_REGISTER to SQLite: no affinity (the rowid
  // included) and no collation.
  bool excluded = false;
};

// Resolves a column reference. Errors: "no such column: [t.]x", "ambiguous column name: x".
Rc ResolveColumn(CodegenContext* ctx, NameContext* nc, const parser::ColumnExpr& expr,
                 ColumnRef* ref);

// SQLITE_READ for a resolved reference to a column of a table or view (FROM item, or NEW /
// OLD in a trigger), asked once per reference (CodegenContext::AuthorizeRead); *ignore: the
// reference reads NULL. Other references (aliases, subquery columns) need no authorization.
Rc AuthorizeColumnRead(CodegenContext* ctx, const parser::ColumnExpr& expr, const ColumnRef& ref,
                       bool* ignore);

// A table qualifier that names FROM item `item_idx` itself (for references codegen makes up,
// such as USING's equalities): no SQL name can spell it.
std::string ItemBoundName(size_t item_idx);

// The FromItem columns of a table.
void TableColumns(const Table& table, std::vector<SourceColumn>* columns);
// The FromItem of a table read through `cursor` (the statement's own table in DML, CHECK and
// index expressions over a row, RETURNING, upserts): named after the table, in database
// `schema_name`.
FromItem TableItem(const Table& table, std::string_view schema_name, int cursor);

}  // namespace simlite::codegen
