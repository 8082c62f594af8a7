// ReturningCoder: RETURNING rows collected while the statement writes, returned after it.
#include "codegen/returning.h"

#include "codegen/expr_coder.h"
#include "codegen/row_writer.h"

namespace simlite::codegen {

namespace {

// "table.column" for * expansion, bound to the one FROM item.
const parser::Expr* ColumnNode(CodegenContext* ctx, std::string_view name) {
  auto* expr = ctx->arena().New<parser::ColumnExpr>();
  expr->column.text = ctx->arena().CopyString(name);
  expr->column.span = {0, 1};
  return expr;
}

}  // namespace

Rc ReturningCoder::Begin() {
  if (!active()) return Rc::kOk;
  items_.assign(1, TableItem(*table_, ctx_->DatabaseName(table_->db), -1));
  nc_.items = &items_;
  vdbe::Program* program = ctx_->builder().program();
  ExprCoder coder(ctx_, &nc_);
  for (const parser::ResultColumn& column : returning_.columns) {
    if (column.expr == nullptr) {
      for (const Column& table_column : table_->columns) {
        exprs_.push_back(ColumnNode(ctx_, table_column.name));
        program->column_names().push_back(table_column.name);
        program->column_decltypes().push_back(table_column.type);
      }
      continue;
    }
    SIMLITE_TRY(coder.CheckNames(column.expr));
    exprs_.push_back(column.expr);
    std::string name = column.alias.IsSet() ? std::string(column.alias.text)
                                            : std::string(ctx_->Text(column.span));
    std::string decltype_name;
    if (!column.alias.IsSet() && column.expr->kind == parser::ExprKind::kColumn) {
      std::string_view column_name = column.expr->As<parser::ColumnExpr>()->column.text;
      int index = table_->FindColumn(column_name);
      if (index < 0 && table_->IsRowidName(column_name)) {
        index = table_->rowid_alias;
        if (index < 0) name = "rowid";
      }
      if (index >= 0) {
        name = table_->columns[static_cast<size_t>(index)].name;
        decltype_name = table_->columns[static_cast<size_t>(index)].type;
      }
    }
    program->column_names().push_back(std::move(name));
    program->column_decltypes().push_back(std::move(decltype_name));
  }
  ProgramBuilder& b = ctx_->builder();
  cursor_ = b.AllocCursor();
  b.Add(Opcode::kOpenEphemeral, cursor_, static_cast<int>(exprs_.size()));
  return Rc::kOk;
}

Rc ReturningCoder::EmitRow(int row) {
  if (!active()) return Rc::kOk;
  ProgramBuilder& b = ctx_->builder();
  // Column references the map below does not reach (inside a correlated subquery) read the
  // row's registers too: the table has no cursor on the row (a deleted row has none at all).
  items_[0].row_reg = row;
  std::unordered_map<const parser::Expr*, int> map;
  for (const parser::Expr* expr : exprs_) {
    SIMLITE_TRY(MapColumnsToRow(ctx_, &nc_, *table_, expr, row, &map));
  }
  ExprCoder coder(ctx_, &nc_);
  coder.set_substitutions(&map);
  const int count = static_cast<int>(exprs_.size());
  const int first = b.AllocRegisters(count);
  for (int expr_idx = 0; expr_idx < count; expr_idx++) {
    SIMLITE_TRY(coder.Code(exprs_[static_cast<size_t>(expr_idx)], first + expr_idx));
  }
  const int record = b.AllocRegister();
  const int rowid = b.AllocRegister();
  b.Add(Opcode::kMakeRecord, first, count, record);
  b.Add(Opcode::kNewRowid, cursor_, rowid);
  b.Add(Opcode::kInsert, cursor_, record, rowid);
  return Rc::kOk;
}

void ReturningCoder::End() {
  if (!active()) return;
  ProgramBuilder& b = ctx_->builder();
  const int count = static_cast<int>(exprs_.size());
  const int done = b.NewLabel();
  b.Add(Opcode::kRewind, cursor_, done);
  const int top = b.current_address();
  const int first = b.AllocRegisters(count);
  for (int column_idx = 0; column_idx < count; column_idx++) {
    b.Add(Opcode::kColumn, cursor_, column_idx, first + column_idx);
  }
  b.Add(Opcode::kResultRow, first, count);
  b.Add(Opcode::kNext, cursor_, top);
  b.ResolveLabel(done);
}

}  // namespace simlite::codegen
