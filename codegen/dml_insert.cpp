// INSERT (lang_insert.html): VALUES rows, SELECT, DEFAULT VALUES, column lists, and the
// conflict clauses; constraint checks through RowWriter. INSERT ... SELECT reads its rows into
// a transient table first, so a SELECT from the table being filled sees none of the new rows.
#include "codegen/dml.h"

#include "codegen/row_writer.h"
#include "codegen/select_coder.h"

namespace simlite::codegen {

using parser::Expr;

Rc FindWritableTable(CodegenContext* ctx, const parser::QualifiedName& name, const Table** table) {
  if (name.schema.IsSet() && !SameName(name.schema.text, "main")) {
    return ctx->Error("no such table: " + std::string(name.schema.text) + "." +
                      std::string(name.name.text));
  }
  *table = ctx->schema().FindTable(name.name.text);
  if (*table == nullptr) {
    return ctx->Error("no such table: " +
                      (name.schema.IsSet() ? std::string(name.schema.text) + "." : "") +
                      std::string(name.name.text));
  }
  if ((*table)->is_view) {
    return ctx->Error("cannot modify " + (*table)->name + " because it is a view");
  }
  if ((*table)->root == 1) return ctx->Error("table sqlite_master may not be modified");
  return Rc::kOk;
}

namespace {

struct InsertPlan {
  const Table* table = nullptr;
  // For each table column, the position of its value in a source row (-1: the default).
  std::vector<int> source_of_column;
  int rowid_source = -1;  // a value given for the rowid (alias column or rowid name)
  int source_count = 0;
};

Rc PlanColumns(CodegenContext* ctx, const parser::InsertStmt& stmt, InsertPlan* plan) {
  const Table& table = *plan->table;
  const int column_count = static_cast<int>(table.columns.size());
  plan->source_of_column.assign(static_cast<size_t>(column_count), -1);
  if (!stmt.has_columns) {
    for (int column_idx = 0; column_idx < column_count; column_idx++) {
      plan->source_of_column[static_cast<size_t>(column_idx)] = column_idx;
    }
    plan->rowid_source = table.rowid_alias;
    plan->source_count = column_count;
    return Rc::kOk;
  }
  for (uint32_t name_idx = 0; name_idx < stmt.columns.size(); name_idx++) {
    std::string_view name = stmt.columns[name_idx].text;
    int column = table.FindColumn(name);
    if (column < 0) {
      if (!table.IsRowidName(name)) {
        return ctx->Error("table " + table.name + " has no column named " + std::string(name));
      }
      plan->rowid_source = static_cast<int>(name_idx);
      continue;
    }
    plan->source_of_column[static_cast<size_t>(column)] = static_cast<int>(name_idx);
    if (column == table.rowid_alias) plan->rowid_source = static_cast<int>(name_idx);
  }
  plan->source_count = static_cast<int>(stmt.columns.size());
  return Rc::kOk;
}

Rc CountError(CodegenContext* ctx, const parser::InsertStmt& stmt, const InsertPlan& plan,
              size_t value_count) {
  if (stmt.has_columns) {
    return ctx->Error(std::to_string(value_count) + " values for " +
                      std::to_string(plan.source_count) + " columns");
  }
  return ctx->Error("table " + plan.table->name + " has " + std::to_string(plan.source_count) +
                    " columns but " + std::to_string(value_count) + " values were supplied");
}

// Emits the insertion of one source row, whose values `value(i, reg)` puts in registers.
Rc EmitInsertRow(CodegenContext* ctx, const InsertPlan& plan, RowWriter* writer,
                 const std::function<Rc(int source, int reg)>& value, int skip) {
  ProgramBuilder& b = ctx->builder();
  const Table& table = *plan.table;
  const int column_count = static_cast<int>(table.columns.size());
  const int row = b.AllocRegisters(column_count + 1);
  NameContext no_names;
  ExprCoder defaults(ctx, &no_names);
  for (int column_idx = 0; column_idx < column_count; column_idx++) {
    const int reg = row + 1 + column_idx;
    const int source = plan.source_of_column[static_cast<size_t>(column_idx)];
    const Column& column = table.columns[static_cast<size_t>(column_idx)];
    if (column_idx == table.rowid_alias) {
      b.Add(Opcode::kNull, 0, reg);
    } else if (source >= 0) {
      SIMLITE_TRY(value(source, reg));
    } else if (column.default_value != nullptr) {
      SIMLITE_TRY(defaults.Code(column.default_value, reg));
    } else {
      b.Add(Opcode::kNull, 0, reg);
    }
  }
  const bool rowid_given = plan.rowid_source >= 0;
  if (rowid_given) {
    SIMLITE_TRY(value(plan.rowid_source, row));
    const int given = b.Add(Opcode::kNotNull, row);
    b.Add(Opcode::kNewRowid, writer->table_cursor(), row);
    const int generated = b.Add(Opcode::kGoto);
    b.JumpHere(given);
    b.Add(Opcode::kMustBeInt, row);
    b.JumpHere(generated);
  } else {
    b.Add(Opcode::kNewRowid, writer->table_cursor(), row);
  }
  writer->ApplyAffinity(row);
  SIMLITE_TRY(writer->CheckConstraints(row, skip, 0, rowid_given));
  writer->InsertRow(row, vdbe::kP5NChange | vdbe::kP5LastRowid);
  return Rc::kOk;
}

}  // namespace

Rc CompileInsert(CodegenContext* ctx, const parser::InsertStmt& stmt) {
  if (stmt.with != nullptr) return ctx->Error("WITH clauses are not supported yet");
  if (stmt.returning.present) return ctx->Error("RETURNING is not supported yet");
  if (!stmt.upserts.empty()) return ctx->Error("UPSERT is not supported yet");
  InsertPlan plan;
  SIMLITE_TRY(FindWritableTable(ctx, stmt.table, &plan.table));
  SIMLITE_TRY(PlanColumns(ctx, stmt, &plan));
  ctx->UseTransaction(true);
  ProgramBuilder& b = ctx->builder();
  ConflictAction conflict = stmt.replace ? ConflictAction::kReplace : stmt.conflict;
  RowWriter writer(ctx, plan.table, conflict);
  NameContext no_names;
  ExprCoder coder(ctx, &no_names);
  if (stmt.select == nullptr) {  // DEFAULT VALUES
    writer.OpenCursors();
    InsertPlan defaults = plan;
    defaults.source_of_column.assign(plan.table->columns.size(), -1);
    defaults.rowid_source = -1;
    const int skip = b.NewLabel();
    SIMLITE_TRY(EmitInsertRow(ctx, defaults, &writer, nullptr, skip));
    b.ResolveLabel(skip);
    return Rc::kOk;
  }
  const parser::SelectCore* core = stmt.select->cores[0];
  if (stmt.select->cores.size() == 1 && core->is_values && stmt.select->order_limit.order_by.empty() &&
      stmt.select->order_limit.limit == nullptr) {
    writer.OpenCursors();
    for (const auto& values : core->rows) {
      if (static_cast<int>(values.size()) != plan.source_count) {
        return CountError(ctx, stmt, plan, values.size());
      }
    }
    for (const auto& values : core->rows) {
      const int skip = b.NewLabel();
      SIMLITE_TRY(EmitInsertRow(ctx, plan, &writer,
                                [&](int source, int reg) {
                                  return coder.Code(values[static_cast<uint32_t>(source)], reg);
                                },
                                skip));
      b.ResolveLabel(skip);
    }
    return Rc::kOk;
  }
  // INSERT ... SELECT: the rows into a transient table, then from it into the table.
  SelectCoder select(ctx, nullptr);
  SIMLITE_TRY(select.Describe(stmt.select));
  if (static_cast<int>(select.columns().size()) != plan.source_count) {
    return CountError(ctx, stmt, plan, select.columns().size());
  }
  const int rows = b.AllocCursor();
  b.Add(Opcode::kOpenEphemeral, rows, plan.source_count);
  SelectDest dest;
  dest.kind = SelectDest::Kind::kTable;
  dest.cursor = rows;
  SIMLITE_TRY(select.Code(stmt.select, dest));
  writer.OpenCursors();
  const int done = b.NewLabel();
  b.Add(Opcode::kRewind, rows, done);
  const int top = b.current_address();
  const int next = b.NewLabel();
  SIMLITE_TRY(EmitInsertRow(ctx, plan, &writer,
                            [&](int source, int reg) {
                              b.Add(Opcode::kColumn, rows, source, reg);
                              return Rc::kOk;
                            },
                            next));
  b.ResolveLabel(next);
  b.Add(Opcode::kNext, rows, top);
  b.ResolveLabel(done);
  return Rc::kOk;
}

}  // namespace simlite::codegen
