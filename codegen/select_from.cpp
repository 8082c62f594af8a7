// SelectCoder: the FROM clause — tables, views and subqueries as FromItems, join operators,
// USING and NATURAL (the right side's shared columns yield to the left's, and the join
// equalities become ON terms), and the materialization of subqueries and views into transient
// tables.
#include "codegen/select_coder.h"

namespace simlite::codegen {

using parser::Expr;

namespace {

// A reference to column `name` of FROM item `item_idx` itself, whatever its name (two items
// may share one): see ItemBoundName.
Expr* QualifiedColumn(CodegenContext* ctx, size_t item_idx, std::string_view name) {
  parser::Arena& arena = ctx->arena();
  auto* expr = arena.New<parser::ColumnExpr>();
  const parser::SourceSpan dummy{0, 1};
  expr->table.text = arena.CopyString(ItemBoundName(item_idx));
  expr->table.span = dummy;
  expr->column.text = arena.CopyString(name);
  expr->column.span = dummy;
  return expr;
}

int FindSourceColumn(const FromItem& item, std::string_view name) {
  for (size_t column_idx = 0; column_idx < item.columns.size(); column_idx++) {
    if (SameName(item.columns[column_idx].name, name)) return static_cast<int>(column_idx);
  }
  return -1;
}

// Joins the last item to the ones before it on column `name` (USING / NATURAL).
Rc JoinUsing(CodegenContext* ctx, CoreState* state, std::string_view name) {
  FromItem& right = state->items.back();
  const int right_column = FindSourceColumn(right, name);
  size_t left = state->items.size();
  for (size_t item_idx = 0; item_idx + 1 < state->items.size() && left == state->items.size();
       item_idx++) {
    if (FindSourceColumn(state->items[item_idx], name) >= 0) left = item_idx;
  }
  if (right_column < 0 || left == state->items.size()) {
    return ctx->Error("cannot join using column " + std::string(name) +
                      " - column not present in both tables");
  }
  right.columns[static_cast<size_t>(right_column)].hidden_by_using = true;
  auto* equality = ctx->arena().New<parser::BinaryExpr>();
  equality->op = parser::BinaryOp::kEq;
  equality->left = QualifiedColumn(ctx, left, name);
  equality->right = QualifiedColumn(ctx, state->items.size() - 1, name);
  right.join_terms.push_back(equality);
  return Rc::kOk;
}

}  // namespace

Rc SelectCoder::AddFromItems(CoreState* state, const parser::FromClause& from, bool emit) {
  for (const parser::TableRef* ref : from) SIMLITE_TRY(AddFromItem(state, ref, emit));
  return Rc::kOk;
}

Rc SelectCoder::AddFromItem(CoreState* state, const parser::TableRef* ref, bool emit) {
  if (ref->join & (parser::kJoinRight)) {
    return ctx_->Error("RIGHT and FULL OUTER JOINs are not supported yet");
  }
  if (ref->kind == parser::TableRefKind::kJoin) {
    return ctx_->Error("parenthesized joins are not supported yet");
  }
  if (ref->kind == parser::TableRefKind::kFunction) {
    return ctx_->Error("no such table-valued function: " + std::string(ref->name.name.text));
  }
  FromItem item;
  item.ref = ref;
  item.left_join = (ref->join & parser::kJoinLeft) != 0;
  item.cursor = ctx_->builder().AllocCursor();
  const parser::Select* subquery = nullptr;
  std::vector<std::string> view_columns;
  if (ref->kind == parser::TableRefKind::kSubquery) {
    subquery = ref->subquery;
  } else {
    const parser::QualifiedName& name = ref->name;
    if (name.schema.IsSet() && !SameName(name.schema.text, "main")) {
      return ctx_->Error("no such table: " + std::string(name.schema.text) + "." +
                         std::string(name.name.text));
    }
    const Table* table = ctx_->schema().FindTable(name.name.text);
    if (table == nullptr) {
      return ctx_->Error("no such table: " +
                         (name.schema.IsSet() ? std::string(name.schema.text) + "." : "") +
                         std::string(name.name.text));
    }
    item.name = table->name;
    if (table->is_view) {
      subquery = table->view_select;
      view_columns = table->view_columns;
    } else {
      item.table = table;
      TableColumns(*table, &item.columns);
    }
  }
  if (ref->alias.IsSet()) item.name = std::string(ref->alias.text);
  if (subquery != nullptr) {
    SelectCoder describe(ctx_, subquery == ref->subquery ? outer_ : nullptr);
    SIMLITE_TRY(describe.Describe(subquery));
    if (!view_columns.empty() && view_columns.size() != describe.columns().size()) {
      return ctx_->Error("expected " + std::to_string(view_columns.size()) + " columns for '" +
                         item.name + "' but got " + std::to_string(describe.columns().size()));
    }
    for (size_t column_idx = 0; column_idx < describe.columns().size(); column_idx++) {
      const ResultColumnInfo& info = describe.columns()[column_idx];
      SourceColumn column;
      column.name = column_idx < view_columns.size() ? view_columns[column_idx]
                                                     : info.subquery_name;
      column.decltype_name = info.decltype_name;
      column.affinity = info.affinity;
      column.collation = info.collation;
      item.columns.push_back(std::move(column));
    }
    item.has_rowid = false;
  }
  (void)emit;
  state->items.push_back(std::move(item));
  state->subqueries.push_back(subquery);
  if (ref->join & parser::kJoinNatural) {
    FromItem& right = state->items.back();
    std::vector<std::string> shared;
    for (const SourceColumn& column : right.columns) {
      for (size_t item_idx = 0; item_idx + 1 < state->items.size(); item_idx++) {
        if (FindSourceColumn(state->items[item_idx], column.name) >= 0) {
          shared.push_back(column.name);
          break;
        }
      }
    }
    for (const std::string& name : shared) SIMLITE_TRY(JoinUsing(ctx_, state, name));
  }
  for (const parser::Name& name : ref->using_columns) {
    SIMLITE_TRY(JoinUsing(ctx_, state, name.text));
  }
  return Rc::kOk;
}

// Runs each subquery or view of the FROM clause into its transient table — once per run unless
// it refers to the query around it.
Rc SelectCoder::MaterializeSubqueries(CoreState* state) {
  ProgramBuilder& b = ctx_->builder();
  for (size_t item_idx = 0; item_idx < state->items.size(); item_idx++) {
    const parser::Select* subquery = state->subqueries[item_idx];
    if (subquery == nullptr) continue;
    FromItem& item = state->items[item_idx];
    const int once = b.Add(Opcode::kOnce, b.AllocOnce());
    b.Add(Opcode::kOpenEphemeral, item.cursor, static_cast<int>(item.columns.size()));
    const bool is_view = item.ref->kind != parser::TableRefKind::kSubquery;
    SelectCoder sub(ctx_, is_view ? nullptr : outer_);
    SelectDest dest;
    dest.kind = SelectDest::Kind::kTable;
    dest.cursor = item.cursor;
    SIMLITE_TRY(sub.Code(subquery, dest));
    if (sub.correlated()) {
      b.At(once).opcode = Opcode::kNoop;
      correlated_ = true;
    } else {
      b.JumpHere(once);
    }
  }
  return Rc::kOk;
}

}  // namespace simlite::codegen
