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
};

// One table or subquery of a FROM clause.
struct FromItem {
  const Table* table = nullptr;  // null for a subquery or view (then materialized)
  std::string name;              // what qualifies its columns: the alias, else the table name
  int cursor = -1;
  std::vector<SourceColumn> columns;
  const parser::TableRef* ref = nullptr;
  bool left_join = false;  // the right side of a LEFT JOIN: may be a null row
  bool has_rowid = true;   // tables have one; subqueries and views do not show theirs
  // USING / NATURAL: the equalities joining this item to the ones before it.
  std::vector<const parser::Expr*> join_terms;
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
};

struct ColumnRef {
  enum class Kind : uint8_t { kColumn, kRowid, kAlias, kString };
  Kind kind = Kind::kColumn;
  int depth = 0;  // 0: this query; 1: the one around it; ...
  NameContext* context = nullptr;
  int item = -1;    // FromItem index in context->items
  int column = -1;  // column index (kColumn)
  const parser::Expr* alias = nullptr;  // kAlias
};

// Resolves a column reference. Errors: "no such column: [t.]x", "ambiguous column name: x".
Rc ResolveColumn(CodegenContext* ctx, NameContext* nc, const parser::ColumnExpr& expr,
                 ColumnRef* ref);

// A table qualifier that names FROM item `item_idx` itself (for references codegen makes up,
// such as USING's equalities): no SQL name can spell it.
std::string ItemBoundName(size_t item_idx);

// The FromItem columns of a table.
void TableColumns(const Table& table, std::vector<SourceColumn>* columns);

}  // namespace simlite::codegen
