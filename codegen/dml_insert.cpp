// INSERT (lang_insert.html): VALUES rows, SELECT, DEFAULT VALUES, column lists, and the
// conflict clauses; constraint checks through RowWriter. INSERT ... SELECT reads its rows into
// a transient table first, so a SELECT from the table being filled sees none of the new rows.
#include "codegen/dml.h"

#include "codegen/expr_walk.h"

#include "codegen/returning.h"
#include "codegen/row_writer.h"
#include "codegen/select_coder.h"
#include "codegen/trigger_coder.h"

namespace simlite::codegen {

using parser::Expr;

Rc FindWritableTable(CodegenContext* ctx, const parser::QualifiedName& name, const Table** table) {
  *table = ctx->LookupTable(name);
  if (*table == nullptr) return ctx->MissingTable(name);
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

// AUTOINCREMENT (autoinc.html): the table's high-water mark, read from sqlite_sequence when
// the statement starts, raised by every rowid it inserts, and written back at its end.
// Registers: [name, seq, rowid of the sqlite_sequence row, seq at the start].
struct AutoIncrement {
  const Table* sequence = nullptr;  // null: the table has no AUTOINCREMENT
  int first = 0;
  int name() const { return first; }
  int seq() const { return first + 1; }
  int row() const { return first + 2; }
  int original() const { return first + 3; }
};

void BeginAutoIncrement(CodegenContext* ctx, const Table& table, AutoIncrement* ai) {
  if (!table.autoincrement) return;
  ai->sequence = ctx->catalog().schema(table.db).FindTable("sqlite_sequence");
  if (ai->sequence == nullptr) return;
  ProgramBuilder& b = ctx->builder();
  ai->first = b.AllocRegisters(4);
  b.Add(Opcode::kString8, 0, ai->name());
  b.SetP4Constant(vdbe::Mem::Text(table.name));
  b.Add(Opcode::kInteger, 0, ai->seq());
  b.Add(Opcode::kNull, 0, ai->row());
  const int cursor = b.AllocCursor();
  b.Add(Opcode::kOpenRead, cursor, static_cast<int>(ai->sequence->root), ai->sequence->db);
  b.SetP4Int(2);
  const int done = b.NewLabel();
  b.Add(Opcode::kRewind, cursor, done);
  const int top = b.current_address();
  const int next = b.NewLabel();
  const int name = b.AllocRegister();
  b.Add(Opcode::kColumn, cursor, 0, name);
  b.Add(Opcode::kNe, ai->name(), next, name);
  b.Add(Opcode::kRowid, cursor, ai->row());
  b.Add(Opcode::kColumn, cursor, 1, ai->seq());
  b.Add(Opcode::kCast, ai->seq(), static_cast<int>(Affinity::kInteger));
  b.Add(Opcode::kGoto, 0, done);
  b.ResolveLabel(next);
  b.Add(Opcode::kNext, cursor, top);
  b.ResolveLabel(done);
  b.Add(Opcode::kCopy, ai->seq(), ai->original());
}

void EndAutoIncrement(CodegenContext* ctx, const AutoIncrement& ai) {
  if (ai.sequence == nullptr) return;
  ProgramBuilder& b = ctx->builder();
  const int unchanged = b.NewLabel();
  b.Add(Opcode::kLe, ai.original(), unchanged, ai.seq());
  const int cursor = b.AllocCursor();
  b.Add(Opcode::kOpenWrite, cursor, static_cast<int>(ai.sequence->root), ai.sequence->db);
  b.SetP4Int(2);
  const int exists = b.Add(Opcode::kNotNull, ai.row());
  b.Add(Opcode::kNewRowid, cursor, ai.row());
  b.JumpHere(exists);
  const int record = b.AllocRegister();
  b.Add(Opcode::kMakeRecord, ai.name(), 2, record);
  b.Add(Opcode::kInsert, cursor, record, ai.row());
  b.ResolveLabel(unchanged);
}

// Emits the insertion of one source row, whose values `value(i, reg)` puts in registers.
Rc EmitInsertRow(CodegenContext* ctx, const InsertPlan& plan, RowWriter* writer,
                 const std::function<Rc(int source, int reg)>& value, int skip,
                 const AutoIncrement& ai, ReturningCoder* returning) {
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
  if (HasTriggers(*ctx, table, parser::TriggerEvent::kInsert, parser::TriggerTiming::kBefore,
                  nullptr)) {
    // NEW for BEFORE triggers: the rowid is -1 until it is assigned (as in SQLite).
    const int before = b.AllocRegisters(column_count + 1);
    if (rowid_given) {
      SIMLITE_TRY(value(plan.rowid_source, before));
      const int given = b.Add(Opcode::kNotNull, before);
      b.Add(Opcode::kInteger, -1, before);
      b.JumpHere(given);
    } else {
      b.Add(Opcode::kInteger, -1, before);
    }
    b.Add(Opcode::kCopy, row + 1, before + 1, column_count - 1);
    writer->ApplyAffinity(before);
    SIMLITE_TRY(FireTriggers(ctx, table, parser::TriggerEvent::kInsert,
                             parser::TriggerTiming::kBefore, nullptr, 0, before, skip));
  }
  if (rowid_given) {
    SIMLITE_TRY(value(plan.rowid_source, row));
    const int given = b.Add(Opcode::kNotNull, row);
    b.Add(Opcode::kNewRowid, writer->table_cursor(), row, ai.sequence ? ai.seq() : 0);
    const int generated = b.Add(Opcode::kGoto);
    b.JumpHere(given);
    b.Add(Opcode::kMustBeInt, row);
    if (ai.sequence != nullptr) b.Add(Opcode::kMemMax, ai.seq(), row);
    b.JumpHere(generated);
  } else {
    b.Add(Opcode::kNewRowid, writer->table_cursor(), row, ai.sequence ? ai.seq() : 0);
  }
  // (CheckConstraints applies the affinities, where SQLite does.)
  writer->SetAffinityInChecks();
  SIMLITE_TRY(writer->CheckConstraints(row, skip, 0, rowid_given));
  SIMLITE_TRY(writer->InsertRow(row, vdbe::kP5NChange | vdbe::kP5LastRowid));
  SIMLITE_TRY(returning->EmitRow(row));
  return FireTriggers(ctx, table, parser::TriggerEvent::kInsert, parser::TriggerTiming::kAfter,
                      nullptr, 0, row, skip);
}

// The index (or, null with *rowid, the rowid) an ON CONFLICT target names: its columns, in any
// order, with the collations written (lang_upsert.html).
Rc UpsertIndex(CodegenContext* ctx, const Table& table, const parser::Upsert& upsert,
               const Index** index) {
  std::vector<int> columns;
  std::vector<const Expr*> expressions;  // a term that is no column: its expression
  std::vector<std::pair<bool, Collation>> collations;
  for (const parser::OrderingTerm& term : upsert.target) {
    const Expr* expr = term.expr;
    std::pair<bool, Collation> collation{false, Collation::kBinary};
    if (expr->kind == parser::ExprKind::kCollate) {
      const auto* collate = expr->As<parser::CollateExpr>();
      if (!CollationByName(ctx->schema(), collate->collation.text, &collation.second)) {
        return ctx->Error("no such collation sequence: " + std::string(collate->collation.text));
      }
      collation.first = true;
      expr = collate->operand;
    }
    int column = -3;
    if (expr->kind == parser::ExprKind::kColumn) {
      std::string_view name = expr->As<parser::ColumnExpr>()->column.text;
      column = table.FindColumn(name);
      if (column < 0 && table.IsRowidName(name)) column = kRowidColumn;
      // SQLITE_READ of a target column (SQLite resolves the target); ignored, it is NULL and
      // matches no index.
      bool ignore = false;
      if (column != -3) {
        SIMLITE_TRY(ctx->AuthorizeRead(
            expr, nullptr, table.name,
            column >= 0 ? std::string_view(table.columns[static_cast<size_t>(column)].name)
            : table.rowid_alias >= 0
                ? std::string_view(table.columns[static_cast<size_t>(table.rowid_alias)].name)
                : std::string_view("ROWID"),
            ctx->DatabaseName(table.db), &ignore));
      }
      if (column == table.rowid_alias && column >= 0) column = kRowidColumn;
      if (ignore) column = -3;
    }
    columns.push_back(column);
    expressions.push_back(expr->kind == parser::ExprKind::kColumn ? nullptr : expr);
    collations.push_back(collation);
  }
  *index = nullptr;
  if (columns.size() == 1 && columns[0] == kRowidColumn) return Rc::kOk;
  // The first match in SQLite's index list: newest first, ON CONFLICT REPLACE ones last (a
  // target without COLLATE matches an index of any collation: UNIQUE (c) and UNIQUE
  // (c COLLATE NOCASE) both serve ON CONFLICT (c), and the newer wins).
  std::vector<const Index*> candidates;
  for (int pass = 0; pass < 2; pass++) {
    for (auto it = table.indexes.rbegin(); it != table.indexes.rend(); ++it) {
      if (((*it)->on_conflict == ConflictAction::kReplace) == (pass == 1)) {
        candidates.push_back(*it);
      }
    }
  }
  for (const Index* candidate : candidates) {
    // A partial index serves a target whose WHERE is the index's (written the same way).
    if (!candidate->unique || candidate->columns.size() != columns.size() ||
        (candidate->where != nullptr &&
         (upsert.target_where == nullptr ||
          !ExprEqual(candidate->where, upsert.target_where)))) {
      continue;
    }
    bool matches = true;
    for (size_t term_idx = 0; term_idx < columns.size() && matches; term_idx++) {
      bool found = false;
      for (const IndexColumn& index_column : candidate->columns) {
        const bool same_key =
            expressions[term_idx] != nullptr
                ? index_column.column == kExpressionColumn &&
                      ExprEqual(index_column.expr, expressions[term_idx])
                : index_column.column == columns[term_idx];
        found = found || (same_key && (!collations[term_idx].first ||
                                       collations[term_idx].second == index_column.collation));
      }
      matches = found;
    }
    if (matches) {
      *index = candidate;
      return Rc::kOk;
    }
  }
  return ctx->Error("ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint");
}

// DO UPDATE: the existing row (conflict_rowid) is updated as an UPDATE would, with "excluded."
// naming the proposed row; the INSERT of that row is then skipped.
Rc EmitUpsertUpdate(CodegenContext* ctx, const Table& table, const RowWriter& writer,
                    const parser::Upsert& upsert, int conflict_rowid, int proposed, int skip,
                    ReturningCoder* returning) {
  ProgramBuilder& b = ctx->builder();
  const int column_count = static_cast<int>(table.columns.size());
  std::vector<const Expr*> new_values(static_cast<size_t>(column_count), nullptr);
  const Expr* rowid_value = nullptr;
  for (const parser::SetClause& set : upsert.sets) {
    if (set.is_list) return ctx->Error("row values in SET are not supported yet");
    for (const parser::Name& name : set.columns) {
      const int column = table.FindColumn(name.text);
      if (column < 0 && !table.IsRowidName(name.text)) {
        return ctx->Error("no such column: " + std::string(name.text));
      }
      if (column < 0 || column == table.rowid_alias) rowid_value = set.value;
      if (column >= 0) new_values[static_cast<size_t>(column)] = set.value;
    }
    SIMLITE_TRY(AuthorizeSet(ctx, table, set, &new_values, &rowid_value));
  }
  const int cursor = writer.table_cursor();
  b.Add(Opcode::kNotExists, cursor, skip, conflict_rowid);
  const int old_row = b.AllocRegisters(column_count + 1);
  // SQLite runs the DO UPDATE as an UPDATE OR ABORT (sqlite3UpsertDoUpdate): its constraints'
  // own ON CONFLICT clauses, and the OR clauses of the trigger bodies it fires, give way.
  RowWriter updater(ctx, &table, ConflictAction::kAbort);
  updater.ShareCursors(writer);
  updater.LoadCurrentRow(old_row);
  std::vector<FromItem> items{TableItem(table, ctx->DatabaseName(table.db), cursor)};
  NameContext nc;
  nc.items = &items;
  TriggerFrame excluded;
  excluded.table = &table;
  excluded.new_row = proposed;
  const TriggerFrame* saved = ctx->excluded();
  ctx->set_excluded(&excluded);
  ExprCoder coder(ctx, &nc);
  Rc rc = ResolveOverriddenSets(&coder, upsert.sets, new_values, rowid_value);
  if (rc == Rc::kOk && upsert.where != nullptr) rc = coder.CodeIfFalse(upsert.where, skip, true);
  const int new_row = b.AllocRegisters(column_count + 1);
  for (int column_idx = 0; column_idx < column_count && rc == Rc::kOk; column_idx++) {
    const int reg = new_row + 1 + column_idx;
    const Expr* value = new_values[static_cast<size_t>(column_idx)];
    if (column_idx == table.rowid_alias) {
      b.Add(Opcode::kNull, 0, reg);
    } else if (value != nullptr) {
      rc = coder.Code(value, reg);
    } else {
      b.Add(Opcode::kSCopy, old_row + 1 + column_idx, reg);
    }
  }
  if (rc == Rc::kOk && rowid_value != nullptr) {
    rc = coder.Code(rowid_value, new_row);
    b.Add(Opcode::kMustBeInt, new_row);
  } else {
    b.Add(Opcode::kSCopy, old_row, new_row);
  }
  ctx->set_excluded(saved);
  SIMLITE_TRY(rc);
  updater.ApplyAffinity(new_row);
  // The UPDATE triggers fire as for an UPDATE of the columns SET names.
  std::vector<bool> updated(static_cast<size_t>(column_count), false);
  for (int column_idx = 0; column_idx < column_count; column_idx++) {
    updated[static_cast<size_t>(column_idx)] =
        new_values[static_cast<size_t>(column_idx)] != nullptr ||
        (column_idx == table.rowid_alias && rowid_value != nullptr);
  }
  TriggerConflictScope abort_scope(ctx, ConflictAction::kAbort);
  int index_row = old_row;  // the row whose index entries the update replaces
  if (HasTriggers(*ctx, table, parser::TriggerEvent::kUpdate, parser::TriggerTiming::kBefore,
                  &updated)) {
    SIMLITE_TRY(FireTriggers(ctx, table, parser::TriggerEvent::kUpdate,
                             parser::TriggerTiming::kBefore, &updated, old_row, new_row, skip));
    b.Add(Opcode::kNotExists, cursor, skip, old_row);
    index_row = ReloadRow(ctx, &updater, table, new_values, new_row);
  }
  SIMLITE_TRY(updater.CheckConstraints(new_row, skip, old_row, rowid_value != nullptr));
  SIMLITE_TRY(updater.DeleteIndexEntries(index_row));
  if (rowid_value != nullptr) {
    const int same = b.Add(Opcode::kEq, old_row, 0, new_row);
    b.Add(Opcode::kNotExists, cursor, same, old_row);
    b.Add(Opcode::kDelete, cursor, 0);
    b.JumpHere(same);
  }
  SIMLITE_TRY(updater.InsertRow(new_row, vdbe::kP5NChange | vdbe::kP5IsUpdate));
  SIMLITE_TRY(returning->EmitRow(new_row));
  SIMLITE_TRY(FireTriggers(ctx, table, parser::TriggerEvent::kUpdate,
                           parser::TriggerTiming::kAfter, &updated, old_row, new_row, skip));
  b.Add(Opcode::kGoto, 0, skip);
  return Rc::kOk;
}

// ON CONFLICT clauses as RowWriter targets.
Rc PlanUpserts(CodegenContext* ctx, const parser::InsertStmt& stmt, const Table& table,
               RowWriter* writer, ReturningCoder* returning) {
  std::vector<UpsertTarget> targets;
  for (uint32_t upsert_idx = 0; upsert_idx < stmt.upserts.size(); upsert_idx++) {
    const parser::Upsert* upsert = stmt.upserts[upsert_idx];
    UpsertTarget target;
    if (upsert->target.empty()) {
      if (upsert_idx + 1 != stmt.upserts.size()) {
        return ctx->Error("ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE "
                          "constraint");
      }
      target.any = true;
    } else {
      SIMLITE_TRY(UpsertIndex(ctx, table, *upsert, &target.index));
    }
    if (upsert->do_nothing) {
      target.handler = [ctx](int, int, int skip) {
        ctx->builder().Add(Opcode::kGoto, 0, skip);
        return Rc::kOk;
      };
    } else {
      target.handler = [ctx, &table, writer, upsert, returning](int conflict, int row, int skip) {
        return EmitUpsertUpdate(ctx, table, *writer, *upsert, conflict, row, skip, returning);
      };
    }
    targets.push_back(std::move(target));
  }
  writer->SetUpsertTargets(std::move(targets));
  return Rc::kOk;
}

}  // namespace

// Whether an INSERT of `row_count` rows writes at most one row with nothing after its first
// write that can fail but an I/O error, so that it needs no statement journal (as SQLite's
// usesStmtJournal, false for such a statement): one row; no trigger, RETURNING, upsert or
// AUTOINCREMENT; and a REPLACE that deletes a conflicting row only where every uniqueness
// conflict resolves without an error (NOT NULL and CHECK are tested before any of them).
bool WritesOnce(const CodegenContext& ctx, const parser::InsertStmt& stmt, const Table& table,
                const RowWriter& writer, size_t row_count) {
  if (row_count != 1 || ctx.trigger_frame() != nullptr || !table.triggers.empty() ||
      stmt.returning.present || !stmt.upserts.empty() || table.autoincrement) {
    return false;
  }
  std::vector<ConflictAction> uniqueness = {table.pk_conflict};
  for (const Index* index : table.indexes) {
    if (index->unique) uniqueness.push_back(index->on_conflict);
  }
  bool replaces = false;
  bool may_abort = false;
  for (const ConflictAction action : uniqueness) {
    const OnError effective = writer.Effective(action);
    replaces |= effective == OnError::kReplace;
    may_abort |= effective != OnError::kReplace && effective != OnError::kIgnore;
  }
  return !(replaces && may_abort);
}

// Whether INSERT ... SELECT may insert each row as the SELECT delivers it, with no transient
// table between them (SQLite does so unless the SELECT reads the table written, or triggers
// fire). Decided conservatively on the syntax: one plain SELECT from one table other than the
// target, without WITH or subqueries, into a table without triggers.
bool StreamsRows(const CodegenContext& ctx, const parser::InsertStmt& stmt, const Table& table) {
  const parser::Select& select = *stmt.select;
  if (stmt.with != nullptr || select.with != nullptr || select.cores.size() != 1 ||
      !table.triggers.empty()) {
    return false;
  }
  const parser::SelectCore& core = *select.cores[0];
  if (core.is_values || core.from.size() != 1 || !core.windows.empty()) return false;
  const parser::TableRef& from = *core.from[0];
  if (from.kind != parser::TableRefKind::kTable) return false;
  const Table* source = ctx.catalog().FindTable(from.name);
  if (source == nullptr || source->is_view || source == &table) return false;
  std::vector<const parser::Expr*> exprs = {core.where, core.having, select.order_limit.limit,
                                            select.order_limit.offset, from.on};
  for (const parser::ResultColumn& column : core.columns) exprs.push_back(column.expr);
  for (const parser::Expr* expr : core.group_by) exprs.push_back(expr);
  for (const parser::OrderingTerm& term : select.order_limit.order_by) exprs.push_back(term.expr);
  for (const parser::Expr* expr : exprs) {
    if (expr != nullptr && HasSubquery(expr)) return false;
  }
  return true;
}

Rc CompileInsert(CodegenContext* ctx, const parser::InsertStmt& stmt) {
  const std::unique_ptr<CteScope> ctes =
      stmt.with != nullptr ? MakeCteScope(*stmt.with, nullptr) : nullptr;
  InsertPlan plan;
  SIMLITE_TRY(FindWritableTable(ctx, stmt.table, &plan.table));
  bool ignore = false;  // SQLITE_IGNORE: the statement does nothing
  SIMLITE_TRY(ctx->Authorize(AuthAction::kInsert, plan.table->name, {},
                             ctx->DatabaseName(plan.table->db), &ignore));
  if (ignore) return Rc::kOk;
  SIMLITE_TRY(PlanColumns(ctx, stmt, &plan));
  ctx->UseTransaction(plan.table->db, true);
  ProgramBuilder& b = ctx->builder();
  ConflictAction conflict = stmt.replace ? ConflictAction::kReplace : stmt.conflict;
  if (ctx->trigger_conflict() != ConflictAction::kDefault) conflict = ctx->trigger_conflict();
  TriggerConflictScope conflict_scope(ctx, conflict);
  RowWriter writer(ctx, plan.table, conflict);
  ReturningCoder returning(ctx, plan.table, stmt.returning);
  SIMLITE_TRY(returning.Begin());
  SIMLITE_TRY(PlanUpserts(ctx, stmt, *plan.table, &writer, &returning));
  AutoIncrement ai;
  BeginAutoIncrement(ctx, *plan.table, &ai);
  NameContext no_names;
  no_names.ctes = ctes.get();
  ExprCoder coder(ctx, &no_names);
  if (stmt.select == nullptr) {  // DEFAULT VALUES
    writer.OpenCursors();
    InsertPlan defaults = plan;
    defaults.source_of_column.assign(plan.table->columns.size(), -1);
    defaults.rowid_source = -1;
    const int skip = b.NewLabel();
    SIMLITE_TRY(EmitInsertRow(ctx, defaults, &writer, nullptr, skip, ai, &returning));
    b.ResolveLabel(skip);
    EndAutoIncrement(ctx, ai);
    returning.End();
    return Rc::kOk;
  }
  const parser::SelectCore* core = stmt.select->cores[0];
  if (stmt.select->cores.size() == 1 && core->is_values && stmt.select->order_limit.order_by.empty() &&
      stmt.select->order_limit.limit == nullptr) {
    if (WritesOnce(*ctx, stmt, *plan.table, writer, core->rows.size())) {
      b.program()->set_statement_journal(false);
    }
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
                                skip, ai, &returning));
      b.ResolveLabel(skip);
    }
    EndAutoIncrement(ctx, ai);
    returning.End();
    return Rc::kOk;
  }
  // INSERT ... SELECT: the rows into a transient table, then from it into the table.
  SelectCoder select(ctx, nullptr, ctes.get());
  select.set_statement_select();  // ignored by the authorizer, it inserts no rows
  SIMLITE_TRY(select.Describe(stmt.select));
  if (static_cast<int>(select.columns().size()) != plan.source_count) {
    return CountError(ctx, stmt, plan, select.columns().size());
  }
  if (StreamsRows(*ctx, stmt, *plan.table)) {
    writer.OpenCursors();
    SelectDest dest;
    dest.kind = SelectDest::Kind::kCallback;
    dest.callback = [&](int first, int, int skip) {
      return EmitInsertRow(ctx, plan, &writer,
                           [&](int source, int reg) {
                             b.Add(Opcode::kSCopy, first + source, reg);
                             return Rc::kOk;
                           },
                           skip, ai, &returning);
    };
    SIMLITE_TRY(select.Code(stmt.select, dest));
    EndAutoIncrement(ctx, ai);
    returning.End();
    return Rc::kOk;
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
                            next, ai, &returning));
  b.ResolveLabel(next);
  b.Add(Opcode::kNext, rows, top);
  b.ResolveLabel(done);
  EndAutoIncrement(ctx, ai);
  returning.End();
  return Rc::kOk;
}

}  // namespace simlite::codegen

namespace simlite::codegen {

Rc CompileDml(CodegenContext* ctx, const parser::Stmt& stmt) {
  switch (stmt.kind) {
    case parser::StmtKind::kInsert:
      return CompileInsert(ctx, *stmt.As<parser::InsertStmt>());
    case parser::StmtKind::kUpdate:
      return CompileUpdate(ctx, *stmt.As<parser::UpdateStmt>());
    case parser::StmtKind::kDelete:
      return CompileDelete(ctx, *stmt.As<parser::DeleteStmt>());
    default:
      return ctx->Error("not an INSERT, UPDATE or DELETE statement");
  }
}

}  // namespace simlite::codegen
