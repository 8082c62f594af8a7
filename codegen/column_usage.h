// Which columns of its FROM items a query may read, found from the names it spells, so the
// WHERE loop can read an item through a covering index (SQLite's colUsed, worked out without
// resolving names). The answer is a superset of the real reads: a column counts as used when
// the query spells its name unqualified, or qualified by the item's name.
//
// Invariant: every read of a FROM item's column is a name spelled in the select core (result
// columns, FROM clause, WHERE, GROUP BY, HAVING), in the ORDER BY of its select, or in a
// subquery nested in any of those (a correlated reference) — except "*" expansions, which make
// every column used, and USING / NATURAL join terms, which the caller adds (MarkColumnUsage).
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "codegen/name_context.h"
#include "parser/ast.h"

namespace simlite::codegen {

class NameUsage {
 public:
  void AddCore(const parser::SelectCore& core);
  void AddOrderLimit(const parser::OrderLimit& order_limit);
  void AddSelect(const parser::Select& select);
  void AddExpr(const parser::Expr* expr);

  // True when the query may read column `column_name` of the FROM item called `item_name`.
  bool Uses(std::string_view item_name, std::string_view column_name) const;

 private:
  void AddFrom(const parser::FromClause& from);
  void AddWindowSpec(const parser::WindowSpec& spec);
  void AddName(std::string_view qualifier, std::string_view name);

  // Lower-cased: names spelled bare, "qualifier.name" for qualified ones, and the qualifiers
  // of "qualifier.*".
  std::unordered_set<std::string> names_;
  std::unordered_set<std::string> qualified_;
  std::unordered_set<std::string> qualified_stars_;
  // A bare "*".
  bool all_ = false;
};

// Sets usage_known and used_columns of every table item from the names of `core` and, when
// given, its select's ORDER BY / LIMIT.
void MarkColumnUsage(const parser::SelectCore& core, const parser::OrderLimit* order_limit,
                     std::vector<FromItem>* items);

// For the target of an UPDATE or DELETE: the columns `where` reads, for costs alone
// (FromItem::usage_costs_only).
void MarkWhereUsage(const parser::Expr* where, FromItem* item);

}  // namespace simlite::codegen
