// SelectCoder: the FROM clause — tables, views and subqueries as FromItems, join operators,
// USING and NATURAL (the right side's shared columns yield to the left's, and the join
// equalities become ON terms), and the materialization of subqueries and views into transient
// tables.
#include "codegen/pragma.h"
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

// pragma_<name>(args): a schema pragma as a table (codegen/pragma.h). *found is false when
// `function` names no such pragma.
Rc AddPragmaItem(CodegenContext* ctx, std::string_view function,
                 const std::vector<const Expr*>& args, FromItem* item, bool* found) {
  *found = false;
  if (function.size() <= 7 || !SameName(function.substr(0, 7), "pragma_")) return Rc::kOk;
  const std::string name = LowerName(function.substr(7));
  PragmaTable table;
  if (!SchemaPragmaTable(ctx->catalog(), name, nullptr, "", &table)) return Rc::kOk;
  *found = true;
  if (static_cast<int>(args.size()) > table.hidden_columns) {
    return ctx->Error("too many arguments on " + std::string(function) + "() - max " +
                      std::to_string(table.hidden_columns));
  }
  item->name = std::string(function);
  item->pragma = name;
  item->pragma_args = args;
  item->pragma_hidden = table.hidden_columns;
  item->has_rowid = false;
  for (const std::string& column_name : table.names) {
    SourceColumn column;
    column.name = column_name;
    item->columns.push_back(std::move(column));
  }
  for (const char* hidden : {"arg", "schema"}) {
    if (static_cast<int>(item->columns.size() - table.names.size()) >= table.hidden_columns) break;
    SourceColumn column;
    column.name = hidden;
    column.hidden = true;
    item->columns.push_back(std::move(column));
  }
  return Rc::kOk;
}

}  // namespace

Rc SelectCoder::AddTableItem(CoreState* state, const parser::TableRef* ref, FromItem* item,
                             const parser::Select** subquery,
                             std::vector<std::string>* view_columns) {
  (void)state;
  const parser::QualifiedName& name = ref->name;
  const Table* table = ctx_->LookupTable(name);
  if (table == nullptr && ref->kind == parser::TableRefKind::kFunction) {
    bool found = false;
    std::vector<const Expr*> args(ref->args.begin(), ref->args.end());
    SIMLITE_TRY(AddPragmaItem(ctx_, name.name.text, args, item, &found));
    if (found) return Rc::kOk;
    return ctx_->Error("no such table: " + std::string(name.name.text));
  }
  if (table == nullptr) {
    bool found = false;
    SIMLITE_TRY(AddPragmaItem(ctx_, name.name.text, {}, item, &found));
    if (found) return Rc::kOk;
    return ctx_->MissingTable(name);
  }
  if (ref->kind == parser::TableRefKind::kFunction) {
    return ctx_->Error("'" + std::string(name.name.text) + "' is not a function");
  }
  item->name = table->name;
  item->schema_name = ctx_->DatabaseName(table->db);
  if (table->is_view) {
    *subquery = table->view_select;
    *view_columns = table->view_columns;
    item->view_source = table->parsed->sql;
    item->view_db = table->db;
  } else {
    item->table = table;
    TableColumns(*table, &item->columns);
  }
  return Rc::kOk;
}

Rc SelectCoder::AddFromItems(CoreState* state, const parser::FromClause& from, bool emit) {
  for (const parser::TableRef* ref : from) SIMLITE_TRY(AddFromItem(state, ref, emit));
  return Rc::kOk;
}

Rc SelectCoder::AddFromItem(CoreState* state, const parser::TableRef* ref, bool emit) {
  if (ref->join & (parser::kJoinRight)) {
    return ctx_->Error("RIGHT and FULL OUTER JOINs are not supported yet");
  }
  if (ref->kind == parser::TableRefKind::kJoin) {
    // "(a JOIN b ON ...)" joined by an inner join: the same as its items in line.
    if ((ref->join & parser::kJoinLeft) || ref->has_using || ref->alias.IsSet()) {
      return ctx_->Error("this parenthesized join is not supported yet");
    }
    SIMLITE_TRY(AddFromItems(state, ref->nested, emit));
    if (ref->on != nullptr && !state->items.empty()) {
      state->items.back().join_terms.push_back(ref->on);
    }
    return Rc::kOk;
  }
  FromItem item;
  item.ref = ref;
  item.left_join = (ref->join & parser::kJoinLeft) != 0;
  item.cursor = ctx_->builder().AllocCursor();
  const parser::Select* subquery = nullptr;
  const CteDef* cte = nullptr;
  std::vector<std::string> view_columns;
  const CteScope* describe_ctes = nullptr;
  if (ref->kind == parser::TableRefKind::kSubquery) {
    subquery = ref->subquery;
  } else {
    const parser::QualifiedName& name = ref->name;
    if (!name.schema.IsSet() && ctes_ != nullptr) cte = ctes_->Find(name.name.text);
    if (cte != nullptr) {
      if (cte->circular) {
        return ctx_->Error("circular reference: " + std::string(cte->cte->name.text));
      }
      item.name = std::string(cte->cte->name.text);
      subquery = cte->cte->select;
      for (const parser::Name& column : cte->cte->columns) view_columns.emplace_back(column.text);
      describe_ctes = cte->scope;
    } else {
      SIMLITE_TRY(AddTableItem(state, ref, &item, &subquery, &view_columns));
    }
  }
  if (ref->alias.IsSet()) item.name = std::string(ref->alias.text);
  if (subquery != nullptr) {
    const bool is_subquery = subquery == ref->subquery;
    // A subquery sees this query's CTEs; a view sees none; a CTE those of its WITH.
    if (describe_ctes == nullptr && is_subquery) describe_ctes = ctes_;
    SelectCoder describe(ctx_, is_subquery ? outer_ : nullptr, describe_ctes);
    {
      ItemSourceScope source(ctx_, item);
      SIMLITE_TRY(describe.Describe(subquery));
    }
    if (!view_columns.empty() && view_columns.size() != describe.columns().size()) {
      if (cte != nullptr) {
        return ctx_->Error("table " + item.name + " has " +
                           std::to_string(describe.columns().size()) + " values for " +
                           std::to_string(view_columns.size()) + " columns");
      }
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
    if (cte != nullptr && cte->cursor >= 0) {
      // A recursive CTE's reference to itself: the current row, already in its table.
      item.cursor = cte->cursor;
      subquery = nullptr;
    }
  }
  (void)emit;
  state->items.push_back(std::move(item));
  state->subqueries.push_back({subquery, cte});
  if (ref->join & parser::kJoinNatural) {
    FromItem& right = state->items.back();
    std::vector<std::string> shared;
    for (const SourceColumn& column : right.columns) {
      if (column.hidden) continue;
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
    const CoreState::Source& source = state->subqueries[item_idx];
    if (source.select == nullptr) continue;
    FromItem& item = state->items[item_idx];
    const int plan = ctx_->AddPlan(
        "MATERIALIZE " + (item.name.empty() ? "(subquery-" +
                                                  std::to_string(ctx_->NextSubqueryNumber()) + ")"
                                            : item.name));
    PlanScope plan_scope(ctx_, plan);
    const int once = b.Add(Opcode::kOnce, b.AllocOnce());
    b.Add(Opcode::kOpenEphemeral, item.cursor, static_cast<int>(item.columns.size()));
    bool correlated = false;
    // The authorizer sees a view's or CTE's name as the context of what it reads (and no
    // name inside a plain subquery), as SQLite's does.
    const bool is_subquery = item.ref->kind == parser::TableRefKind::kSubquery;
    AuthContextScope auth(ctx_, is_subquery ? std::string_view() : item.ref->name.name.text);
    if (source.cte != nullptr && source.cte->recursive) {
      SIMLITE_TRY(MaterializeRecursive(*source.cte, item.cursor,
                                       static_cast<int>(item.columns.size())));
    } else {
      SelectCoder sub(ctx_, is_subquery ? outer_ : nullptr,
                      source.cte != nullptr ? source.cte->scope : (is_subquery ? ctes_ : nullptr));
      SelectDest dest;
      dest.kind = SelectDest::Kind::kTable;
      dest.cursor = item.cursor;
      ItemSourceScope scope(ctx_, item);
      SIMLITE_TRY(sub.Code(source.select, dest));
      correlated = sub.correlated();
    }
    if (correlated) {
      b.At(once).opcode = Opcode::kNoop;
      correlated_ = true;
    } else {
      b.JumpHere(once);
    }
  }
  return Rc::kOk;
}

}  // namespace simlite::codegen
