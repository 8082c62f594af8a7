// Column usage from spelled names (see column_usage.h).
#include "codegen/column_usage.h"

#include "codegen/expr_walk.h"

namespace simlite::codegen {

using parser::Expr;
using parser::ExprKind;

namespace {

std::string Lower(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

}  // namespace

void NameUsage::AddName(std::string_view qualifier, std::string_view name) {
  if (qualifier.empty()) {
    names_.insert(Lower(name));
  } else {
    qualified_.insert(Lower(qualifier) + "." + Lower(name));
  }
}

bool NameUsage::Uses(std::string_view item_name, std::string_view column_name) const {
  const std::string item = Lower(item_name);
  const std::string column = Lower(column_name);
  return all_ || qualified_stars_.count(item) != 0 || names_.count(column) != 0 ||
         qualified_.count(item + "." + column) != 0;
}

void NameUsage::AddExpr(const Expr* expr) {
  if (expr == nullptr) return;
  (void)WalkExpr(expr, [&](const Expr* node, bool*) {
    switch (node->kind) {
      case ExprKind::kColumn: {
        const auto* column = node->As<parser::ColumnExpr>();
        AddName(column->table.IsSet() ? column->table.text : std::string_view(),
                column->column.text);
        break;
      }
      case ExprKind::kExists:
        AddSelect(*node->As<parser::ExistsExpr>()->select);
        break;
      case ExprKind::kSubquery:
        AddSelect(*node->As<parser::SubqueryExpr>()->select);
        break;
      case ExprKind::kIn: {
        const auto* in = node->As<parser::InExpr>();
        if (in->select != nullptr) AddSelect(*in->select);
        break;
      }
      case ExprKind::kFunction: {
        // A window's PARTITION BY and ORDER BY are read with the row (its frame offsets are
        // constants; named windows are added with the WINDOW clause).
        const parser::WindowSpec* over = node->As<parser::FunctionExpr>()->over;
        if (over != nullptr) AddWindowSpec(*over);
        break;
      }
      default:
        break;
    }
    return Rc::kOk;
  });
}

void NameUsage::AddWindowSpec(const parser::WindowSpec& spec) {
  for (const Expr* term : spec.partition_by) AddExpr(term);
  for (const parser::OrderingTerm& term : spec.order_by) AddExpr(term.expr);
}

void NameUsage::AddFrom(const parser::FromClause& from) {
  for (const parser::TableRef* ref : from) {
    for (const Expr* arg : ref->args) AddExpr(arg);
    if (ref->subquery != nullptr) AddSelect(*ref->subquery);
    AddFrom(ref->nested);
    AddExpr(ref->on);
    for (const parser::Name& name : ref->using_columns) AddName({}, name.text);
  }
}

void NameUsage::AddCore(const parser::SelectCore& core) {
  for (const parser::ResultColumn& column : core.columns) {
    if (column.expr == nullptr && column.table.IsSet()) {
      qualified_stars_.insert(Lower(column.table.text));
    } else if (column.expr == nullptr) {
      all_ = true;
    }
    AddExpr(column.expr);
  }
  AddFrom(core.from);
  AddExpr(core.where);
  for (const Expr* group : core.group_by) AddExpr(group);
  AddExpr(core.having);
  for (const parser::WindowDef& window : core.windows) AddWindowSpec(*window.spec);
  for (const auto& row : core.rows) {
    for (const Expr* value : row) AddExpr(value);
  }
}

void NameUsage::AddOrderLimit(const parser::OrderLimit& order_limit) {
  for (const parser::OrderingTerm& term : order_limit.order_by) AddExpr(term.expr);
  AddExpr(order_limit.limit);
  AddExpr(order_limit.offset);
}

void NameUsage::AddSelect(const parser::Select& select) {
  if (select.with != nullptr) {
    for (const parser::CommonTableExpr& cte : select.with->ctes) {
      if (cte.select != nullptr) AddSelect(*cte.select);
    }
  }
  for (const parser::SelectCore* core : select.cores) AddCore(*core);
  AddOrderLimit(select.order_limit);
}

void MarkColumnUsage(const parser::SelectCore& core, const parser::OrderLimit* order_limit,
                     std::vector<FromItem>* items) {
  NameUsage usage;
  usage.AddCore(core);
  if (order_limit != nullptr) usage.AddOrderLimit(*order_limit);
  for (const FromItem& item : *items) {
    for (const Expr* term : item.join_terms) usage.AddExpr(term);
  }
  for (FromItem& item : *items) {
    if (item.table == nullptr) continue;
    item.usage_known = true;
    item.used_columns.assign(item.table->columns.size(), false);
    for (size_t column_idx = 0; column_idx < item.table->columns.size(); column_idx++) {
      item.used_columns[column_idx] = usage.Uses(item.name, item.table->columns[column_idx].name);
    }
  }
}

void MarkWhereUsage(const parser::Expr* where, FromItem* item) {
  if (item->table == nullptr) return;
  NameUsage usage;
  usage.AddExpr(where);
  item->usage_known = true;
  item->usage_costs_only = true;
  item->used_columns.assign(item->table->columns.size(), false);
  for (size_t column_idx = 0; column_idx < item->table->columns.size(); column_idx++) {
    item->used_columns[column_idx] =
        usage.Uses(item->name, item->table->columns[column_idx].name);
  }
}

}  // namespace simlite::codegen
