// SelectCoder: compound selects (SQLite's multiSelect), evaluated left to right:
//   a UNION ALL b   both streams, in order
//   a UNION b       both into one transient index (duplicates collapse), then its rows
//   a EXCEPT b      a into an index, b's rows deleted from it, then its rows
//   a INTERSECT b   a and b into two indexes, then the rows of the first found in the second
// ORDER BY and LIMIT apply to the whole; ORDER BY terms must name result columns.
#include "codegen/column_usage.h"
#include "codegen/output_stage.h"
#include "codegen/select_coder.h"

namespace simlite::codegen {

using parser::Expr;
using parser::ExprKind;

namespace {

const char* OpName(parser::CompoundOp op) {
  switch (op) {
    case parser::CompoundOp::kUnionAll:
      return "UNION ALL";
    case parser::CompoundOp::kIntersect:
      return "INTERSECT";
    case parser::CompoundOp::kExcept:
      return "EXCEPT";
    default:
      return "UNION";
  }
}

// The FROM tables of compounds, found as SQLite's selectExpander finds them (before any other
// name is resolved): the arms of a compound last to first, each arm's FROM items in order,
// a FROM subquery's own when it is met. Of several missing tables SQLite names the first met.
class MissingTableFinder {
 public:
  MissingTableFinder(CodegenContext* ctx, const CteScope* ctes) : ctx_(ctx), ctes_(ctes) {}

  Rc Check(const parser::Select* select, int depth) {
    if (depth > kDepthMax) return Rc::kOk;  // deeper nesting: left to the coding
    const size_t cte_count = cte_names_.size();
    if (select->with != nullptr) {
      for (const parser::CommonTableExpr& cte : select->with->ctes) {
        cte_names_.push_back(cte.name.text);
      }
    }
    Rc rc = Rc::kOk;
    for (size_t core_idx = select->cores.size(); core_idx-- > 0 && rc == Rc::kOk;) {
      rc = CheckFrom(select->cores[core_idx]->from, depth);
    }
    cte_names_.resize(cte_count);
    return rc;
  }

 private:
  static constexpr int kDepthMax = 64;

  Rc CheckFrom(const parser::FromClause& from, int depth) {
    for (const parser::TableRef* ref : from) {
      if (ref->kind == parser::TableRefKind::kJoin) {
        SIMLITE_TRY(CheckFrom(ref->nested, depth + 1));
      } else if (ref->kind == parser::TableRefKind::kSubquery) {
        SIMLITE_TRY(Check(ref->subquery, depth + 1));
      } else if (ref->kind == parser::TableRefKind::kTable) {
        if (Missing(ref->name)) return ctx_->MissingTable(ref->name);
        SIMLITE_TRY(CheckView(ref->name, depth));
      }
    }
    return Rc::kOk;
  }

  // A view is expanded where the arm names it (SQLite's selectExpander reads its columns
  // there): its own tables, bound to its database and blind to the statement's CTEs.
  Rc CheckView(const parser::QualifiedName& name, int depth) {
    const Table* view = ctx_->LookupTable(name);
    if (view == nullptr || !view->is_view || view->view_select == nullptr) return Rc::kOk;
    SourceScope source(ctx_, view->parsed->sql, view->db);
    const CteScope* saved_ctes = ctes_;
    std::vector<std::string_view> saved_names = std::move(cte_names_);
    ctes_ = nullptr;
    cte_names_.clear();
    const Rc rc = Check(view->view_select, depth + 1);
    ctes_ = saved_ctes;
    cte_names_ = std::move(saved_names);
    return rc;
  }

  // Certainly no table: not a CTE's name either, nor a table-valued pragma's.
  bool Missing(const parser::QualifiedName& name) const {
    if (ctx_->LookupTable(name) != nullptr) return false;
    const std::string_view text = name.name.text;
    if (text.size() > 7 && SameName(text.substr(0, 7), "pragma_")) return false;
    if (name.schema.IsSet()) return true;
    if (ctes_ != nullptr && ctes_->Find(text) != nullptr) return false;
    for (std::string_view cte : cte_names_) {
      if (SameName(cte, text)) return false;
    }
    return true;
  }

  CodegenContext* ctx_;
  const CteScope* ctes_;
  std::vector<std::string_view> cte_names_;  // the WITH names of the selects being checked
};

}  // namespace

Rc SelectCoder::CheckCompoundTables(const parser::Select* select) {
  if (select->cores.size() < 2) return Rc::kOk;
  MissingTableFinder finder(ctx_, ctes_);
  return finder.Check(select, 0);
}

Rc SelectCoder::OpenCompoundIndex(int* cursor) {
  ProgramBuilder& b = ctx_->builder();
  *cursor = b.AllocCursor();
  const int column_count = static_cast<int>(columns_.size());
  b.Add(Opcode::kOpenEphemeral, *cursor, column_count);
  btree::KeyInfo key_info;
  key_info.collations = compound_collations_;
  key_info.descending.assign(static_cast<size_t>(column_count), false);
  b.SetP4KeyInfo(std::move(key_info));
  return Rc::kOk;
}

Rc SelectCoder::CodeCoreInto(const parser::SelectCore* core, const SelectDest& dest) {
  // SQLite asks SQLITE_SELECT again for each arm of a compound it codes.
  SIMLITE_TRY(ctx_->Authorize(AuthAction::kSelect, {}, {}, {}));
  std::unique_ptr<CoreState> state;
  SIMLITE_TRY(PrepareCore(core, true, &state));
  if (!core->is_values) {
    SIMLITE_TRY(CheckCoreNames(state.get()));
    SIMLITE_TRY(AuthorizeUnreadTables(ctx_, state->items));
    MarkColumnUsage(*core, nullptr, &state->items);
  }
  const int column_count = static_cast<int>(core->is_values ? core->rows[0].size()
                                                            : state->results.size());
  OutputStage out(ctx_, dest, column_count);
  if (core->distinct == parser::Distinctness::kDistinct) out.SetDistinct(compound_collations_);
  SIMLITE_TRY(out.Open());
  SIMLITE_TRY(EmitCore(state.get(), &out));
  SIMLITE_TRY(out.Finish());
  return FinishCorrelation(state.get());
}

Rc SelectCoder::CodeCompoundPart(const parser::Select* select, uint32_t core_count,
                                 const SelectDest& part_dest) {
  if (core_count == 1) {
    PlanScope scope(ctx_, ctx_->AddPlan("LEFT-MOST SUBQUERY"));
    return CodeCoreInto(select->cores[0], part_dest);
  }
  const parser::SelectCore* last = select->cores[core_count - 1];
  const int compound_parent = ctx_->plan_parent();
  // The plan line of the last select, under the compound's line.
  auto last_plan = [&]() {
    std::string text = OpName(last->op);
    if (last->op != parser::CompoundOp::kUnionAll) text += " USING TEMP B-TREE";
    PlanScope parent(ctx_, compound_parent);
    return ctx_->AddPlan(text);
  };
  ProgramBuilder& b = ctx_->builder();
  const int column_count = static_cast<int>(columns_.size());
  if (last->op == parser::CompoundOp::kUnionAll ||
      (last->op == parser::CompoundOp::kUnion && part_dest.kind == SelectDest::Kind::kIndex)) {
    SIMLITE_TRY(CodeCompoundPart(select, core_count - 1, part_dest));
    PlanScope scope(ctx_, last_plan());
    return CodeCoreInto(last, part_dest);
  }
  SelectDest left;
  left.kind = SelectDest::Kind::kIndex;
  SIMLITE_TRY(OpenCompoundIndex(&left.cursor));
  SIMLITE_TRY(CodeCompoundPart(select, core_count - 1, left));
  int other = -1;
  PlanScope scope(ctx_, last_plan());
  if (last->op == parser::CompoundOp::kUnion) {
    SIMLITE_TRY(CodeCoreInto(last, left));
  } else if (last->op == parser::CompoundOp::kExcept) {
    SelectDest except = left;
    except.kind = SelectDest::Kind::kExcept;
    SIMLITE_TRY(CodeCoreInto(last, except));
  } else {
    SelectDest right;
    right.kind = SelectDest::Kind::kIndex;
    SIMLITE_TRY(OpenCompoundIndex(&right.cursor));
    SIMLITE_TRY(CodeCoreInto(last, right));
    other = right.cursor;
  }
  // Read the result index back in order.
  const int done = b.NewLabel();
  b.Add(Opcode::kRewind, left.cursor, done);
  const int top = b.current_address();
  const int next = b.NewLabel();
  if (other >= 0) {
    const int record = b.AllocRegister();
    b.Add(Opcode::kRowData, left.cursor, record);
    b.Add(Opcode::kNotFound, other, next, record);
    b.SetP4Int(0);
  }
  const int first = b.AllocRegisters(column_count);
  for (int column_idx = 0; column_idx < column_count; column_idx++) {
    b.Add(Opcode::kColumn, left.cursor, column_idx, first + column_idx);
  }
  SIMLITE_TRY(EmitToDest(ctx_, part_dest, first, column_count, next, done));
  b.ResolveLabel(next);
  b.Add(Opcode::kNext, left.cursor, top);
  b.ResolveLabel(done);
  return Rc::kOk;
}

namespace {

// A compound's ORDER BY term: a column number, or a name or expression equal to a result
// column of one of the selects.
Rc ResolveCompoundKey(CodegenContext* ctx, const std::vector<std::unique_ptr<CoreState>>& cores,
                      const parser::OrderingTerm& term, int term_idx, int column_count,
                      int* column) {
  const Expr* expr = term.expr;
  while (expr->kind == ExprKind::kCollate) expr = expr->As<parser::CollateExpr>()->operand;
  *column = -1;
  if (expr->kind == ExprKind::kLiteral &&
      expr->As<parser::LiteralExpr>()->literal == parser::LiteralKind::kInteger) {
    NameContext no_names;
    ExprCoder coder(ctx, &no_names);
    vdbe::Mem value;
    SIMLITE_TRY(coder.LiteralValue(*expr->As<parser::LiteralExpr>(), false, &value));
    if (value.type() != btree::ValueType::kInteger || value.i() < 1 ||
        value.i() > column_count) {
      return ctx->Error(Ordinal(term_idx + 1) +
                        " ORDER BY term out of range - should be between 1 and " +
                        std::to_string(column_count));
    }
    *column = static_cast<int>(value.i()) - 1;
    return Rc::kOk;
  }
  for (size_t core_idx = cores.size(); core_idx-- > 0 && *column < 0;) {
    const CoreState& core = *cores[core_idx];
    for (size_t result_idx = 0; result_idx < core.results.size() && *column < 0; result_idx++) {
      const Expr* result = core.results[result_idx];
      if (expr->kind == ExprKind::kColumn && !expr->As<parser::ColumnExpr>()->table.IsSet()) {
        std::string_view name = expr->As<parser::ColumnExpr>()->column.text;
        const std::string& alias = core.aliases[result_idx].alias;
        bool matches = !alias.empty() ? SameName(alias, name)
                                      : result->kind == ExprKind::kColumn &&
                                            SameName(result->As<parser::ColumnExpr>()->column.text,
                                                     name);
        if (matches) *column = static_cast<int>(result_idx);
      }
    }
  }
  if (*column < 0) {
    return ctx->Error(Ordinal(term_idx + 1) +
                      " ORDER BY term does not match any column in the result set");
  }
  return Rc::kOk;
}

}  // namespace

// The collation of each column of a compound: that of the leftmost arm whose expression has
// one (a COLLATE or a column's), else BINARY (SQLite's multiSelectCollSeq).
Rc SelectCoder::CompoundCollations(const std::vector<std::unique_ptr<CoreState>>& cores) {
  compound_collations_.assign(columns_.size(), Collation::kBinary);
  for (size_t column_idx = 0; column_idx < columns_.size(); column_idx++) {
    for (const std::unique_ptr<CoreState>& state : cores) {
      if (state->core->is_values) continue;
      ExprCoder coder(ctx_, &state->nc);
      bool found = false;
      bool is_explicit = false;
      SIMLITE_TRY(coder.CollationOf(state->results[column_idx],
                                    &compound_collations_[column_idx], &found, &is_explicit));
      if (found) break;
      compound_collations_[column_idx] = Collation::kBinary;
    }
  }
  return Rc::kOk;
}

Rc SelectCoder::CodeCompound(const parser::Select* select, const SelectDest& dest) {
  std::vector<std::unique_ptr<CoreState>> cores;
  for (uint32_t core_idx = 0; core_idx < select->cores.size(); core_idx++) {
    std::unique_ptr<CoreState> state;
    SIMLITE_TRY(PrepareCore(select->cores[core_idx], false, &state));
    if (core_idx == 0) {
      SIMLITE_TRY(DescribeColumns(state.get()));
    } else {
      size_t count = state->core->is_values ? state->core->rows[0].size() : state->results.size();
      if (count != columns_.size()) {
        return ctx_->Error(std::string("SELECTs to the left and right of ") +
                           OpName(state->core->op) +
                           " do not have the same number of result columns");
      }
    }
    cores.push_back(std::move(state));
  }
  const int column_count = static_cast<int>(columns_.size());
  SIMLITE_TRY(CompoundCollations(cores));
  std::vector<SortKey> keys;
  for (uint32_t term_idx = 0; term_idx < select->order_limit.order_by.size(); term_idx++) {
    const parser::OrderingTerm& term = select->order_limit.order_by[term_idx];
    SortKey key;
    SIMLITE_TRY(ResolveCompoundKey(ctx_, cores, term, static_cast<int>(term_idx), column_count,
                                   &key.result));
    key.descending = term.order == parser::SortOrder::kDesc;
    key.nulls_first = term.nulls == parser::NullsOrder::kDefault
                          ? !key.descending
                          : term.nulls == parser::NullsOrder::kFirst;
    key.collation = compound_collations_[static_cast<size_t>(key.result)];
    if (term.expr->kind == ExprKind::kCollate) {
      std::string_view name = term.expr->As<parser::CollateExpr>()->collation.text;
      if (!ExpressionCollation(ctx_->schema(), name, &key.collation)) {
        return ctx_->Error("no such collation sequence: " + std::string(name));
      }
    }
    keys.push_back(key);
  }
  OutputStage out(ctx_, dest, column_count);
  SIMLITE_TRY(out.SetLimit(select->order_limit.limit, select->order_limit.offset));
  out.SetSortKeys(std::move(keys));
  SIMLITE_TRY(out.Open());
  PlanScope plan_scope(ctx_, ctx_->AddPlan("COMPOUND QUERY"));
  SelectDest to_output;
  to_output.kind = SelectDest::Kind::kCallback;
  to_output.callback = [&out](int first, int, int skip) { return out.EmitRow(nullptr, first, skip); };
  SIMLITE_TRY(CodeCompoundPart(select, select->cores.size(), to_output));
  return out.Finish();
}

}  // namespace simlite::codegen
