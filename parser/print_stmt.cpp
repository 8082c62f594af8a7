// SqlPrinter for statements.
#include "parser/printer_impl.h"
#include "parser/sql_printer.h"

namespace simlite::parser {
namespace {

std::string_view ConflictText(ConflictAction action) {
  switch (action) {
    case ConflictAction::kRollback:
      return "ROLLBACK";
    case ConflictAction::kAbort:
      return "ABORT";
    case ConflictAction::kFail:
      return "FAIL";
    case ConflictAction::kIgnore:
      return "IGNORE";
    case ConflictAction::kReplace:
      return "REPLACE";
    case ConflictAction::kDefault:
      break;
  }
  return "";
}

std::string_view FkActionText(FkAction action) {
  switch (action) {
    case FkAction::kSetNull:
      return "SET NULL";
    case FkAction::kSetDefault:
      return "SET DEFAULT";
    case FkAction::kCascade:
      return "CASCADE";
    case FkAction::kRestrict:
      return "RESTRICT";
    case FkAction::kNoAction:
      return "NO ACTION";
    case FkAction::kDefault:
      break;
  }
  return "";
}

std::string_view ObjectText(ObjectKind object) {
  switch (object) {
    case ObjectKind::kTable:
      return "TABLE ";
    case ObjectKind::kIndex:
      return "INDEX ";
    case ObjectKind::kView:
      return "VIEW ";
    case ObjectKind::kTrigger:
      return "TRIGGER ";
  }
  return "";
}

}  // namespace

void SqlPrinter::PrintStmt(const Stmt* stmt) {
  if (stmt->explain == ExplainKind::kExplain) Put("EXPLAIN ");
  if (stmt->explain == ExplainKind::kQueryPlan) Put("EXPLAIN QUERY PLAN ");
  switch (stmt->kind) {
    case StmtKind::kSelect:
      return PrintSelect(stmt->As<SelectStmt>()->select);
    case StmtKind::kInsert:
      return PrintInsert(stmt->As<InsertStmt>());
    case StmtKind::kUpdate:
      return PrintUpdate(stmt->As<UpdateStmt>());
    case StmtKind::kDelete:
      return PrintDelete(stmt->As<DeleteStmt>());
    case StmtKind::kCreateTable:
      return PrintCreateTable(stmt->As<CreateTableStmt>());
    case StmtKind::kCreateVirtualTable:
      return PrintCreateVirtualTable(stmt->As<CreateVirtualTableStmt>());
    case StmtKind::kCreateIndex:
      return PrintCreateIndex(stmt->As<CreateIndexStmt>());
    case StmtKind::kCreateView:
      return PrintCreateView(stmt->As<CreateViewStmt>());
    case StmtKind::kCreateTrigger:
      return PrintCreateTrigger(stmt->As<CreateTriggerStmt>());
    case StmtKind::kDrop:
      return PrintDrop(stmt->As<DropStmt>());
    case StmtKind::kPragma:
      return PrintPragma(stmt->As<PragmaStmt>());
    case StmtKind::kAlterTable:
      return PrintAlterTable(stmt->As<AlterTableStmt>());
    case StmtKind::kBegin:
    case StmtKind::kCommit:
    case StmtKind::kRollback:
    case StmtKind::kSavepoint:
    case StmtKind::kRelease:
      return PrintTransaction(stmt);
    case StmtKind::kReindex:
    case StmtKind::kAnalyze:
    case StmtKind::kVacuum:
    case StmtKind::kAttach:
    case StmtKind::kDetach:
      return PrintUtility(stmt);
  }
}

void SqlPrinter::PrintInsert(const InsertStmt* insert) {
  if (insert->with != nullptr) PrintWith(insert->with);
  if (insert->replace) {
    Put("REPLACE");
  } else {
    Put("INSERT");
    if (insert->conflict != ConflictAction::kDefault) {
      Put(" OR ");
      Put(ConflictText(insert->conflict));
    }
  }
  Put(" INTO ");
  PutQualified(insert->table);
  if (insert->alias.IsSet()) {
    Put(" AS ");
    PutName(insert->alias);
  }
  if (insert->has_columns) {
    Put(" ");
    PutNameList(insert->columns);
  }
  if (insert->default_values) {
    Put(" DEFAULT VALUES");
  } else {
    Put(" ");
    PrintSelect(insert->select);
  }
  for (const Upsert* upsert : insert->upserts) PrintUpsert(upsert);
  PrintReturning(insert->returning);
}

void SqlPrinter::PrintUpsert(const Upsert* upsert) {
  Put(" ON CONFLICT");
  if (!upsert->target.empty()) {
    Put(" (");
    PrintTermList(upsert->target);
    Put(")");
    if (upsert->target_where != nullptr) {
      Put(" WHERE ");
      Print(upsert->target_where);
    }
  }
  if (upsert->do_nothing) {
    Put(" DO NOTHING");
    return;
  }
  Put(" DO UPDATE SET ");
  PrintSets(upsert->sets);
  if (upsert->where != nullptr) {
    Put(" WHERE ");
    Print(upsert->where);
  }
}

void SqlPrinter::PrintSets(const ArenaList<SetClause>& sets) {
  for (uint32_t i = 0; i < sets.size(); ++i) {
    if (i > 0) Put(", ");
    if (sets[i].is_list) {
      PutNameList(sets[i].columns);
    } else {
      PutName(sets[i].columns[0]);
    }
    Put(" = ");
    Print(sets[i].value);
  }
}

void SqlPrinter::PrintReturning(const Returning& returning) {
  if (!returning.present) return;
  Put(" RETURNING ");
  PrintResultColumns(returning.columns);
}

void SqlPrinter::PrintQualifiedTable(const QualifiedTable& table) {
  PutQualified(table.name);
  if (table.alias.IsSet()) {
    Put(" AS ");
    PutName(table.alias);
  }
  if (table.index_hint == IndexHint::kIndexedBy) {
    Put(" INDEXED BY ");
    PutName(table.index);
  } else if (table.index_hint == IndexHint::kNotIndexed) {
    Put(" NOT INDEXED");
  }
}

void SqlPrinter::PrintUpdate(const UpdateStmt* update) {
  if (update->with != nullptr) PrintWith(update->with);
  Put("UPDATE ");
  if (update->conflict != ConflictAction::kDefault) {
    Put("OR ");
    Put(ConflictText(update->conflict));
    Put(" ");
  }
  PrintQualifiedTable(update->table);
  Put(" SET ");
  PrintSets(update->sets);
  if (!update->from.empty()) {
    Put(" FROM ");
    PrintFrom(update->from);
  }
  if (update->where != nullptr) {
    Put(" WHERE ");
    Print(update->where);
  }
  PrintReturning(update->returning);
  PrintOrderLimit(update->order_limit);
}

void SqlPrinter::PrintDelete(const DeleteStmt* del) {
  if (del->with != nullptr) PrintWith(del->with);
  Put("DELETE FROM ");
  PrintQualifiedTable(del->table);
  if (del->where != nullptr) {
    Put(" WHERE ");
    Print(del->where);
  }
  PrintReturning(del->returning);
  PrintOrderLimit(del->order_limit);
}

void SqlPrinter::PrintCreateTable(const CreateTableStmt* table) {
  Put(table->temp ? "CREATE TEMP TABLE " : "CREATE TABLE ");
  if (table->if_not_exists) Put("IF NOT EXISTS ");
  PutQualified(table->name);
  if (table->as_select != nullptr) {
    Put(" AS ");
    return PrintSelect(table->as_select);
  }
  Put("(");
  for (uint32_t i = 0; i < table->columns.size(); ++i) {
    if (i > 0) Put(", ");
    PrintColumnDef(table->columns[i]);
  }
  for (const TableConstraint& constraint : table->constraints) {
    Put(", ");
    PrintTableConstraint(constraint);
  }
  Put(")");
  if (table->without_rowid) Put(table->strict ? " WITHOUT ROWID, STRICT" : " WITHOUT ROWID");
  if (!table->without_rowid && table->strict) Put(" STRICT");
}

void SqlPrinter::PrintColumnDef(const ColumnDef& column) {
  PutName(column.name);
  if (!column.type.text.empty()) {
    Put(" ");
    Put(column.type.text);
  }
  for (const ColumnConstraint& constraint : column.constraints) PrintColumnConstraint(constraint);
}

void SqlPrinter::PrintConflict(ConflictAction action) {
  if (action == ConflictAction::kDefault) return;
  Put(" ON CONFLICT ");
  Put(ConflictText(action));
}

void SqlPrinter::PrintColumnConstraint(const ColumnConstraint& constraint) {
  if (constraint.name.IsSet()) {
    Put(" CONSTRAINT ");
    PutName(constraint.name);
  }
  switch (constraint.kind) {
    case ColumnConstraintKind::kPrimaryKey:
      Put(" PRIMARY KEY");
      if (constraint.order == SortOrder::kAsc) Put(" ASC");
      if (constraint.order == SortOrder::kDesc) Put(" DESC");
      PrintConflict(constraint.conflict);
      if (constraint.autoincrement) Put(" AUTOINCREMENT");
      return;
    case ColumnConstraintKind::kNotNull:
      Put(" NOT NULL");
      return PrintConflict(constraint.conflict);
    case ColumnConstraintKind::kNull:
      Put(" NULL");
      return PrintConflict(constraint.conflict);
    case ColumnConstraintKind::kUnique:
      Put(" UNIQUE");
      return PrintConflict(constraint.conflict);
    case ColumnConstraintKind::kCheck:
      Put(" CHECK (");
      Print(constraint.expr);
      return Put(")");
    case ColumnConstraintKind::kDefault:
      Put(" DEFAULT (");
      Print(constraint.expr);
      return Put(")");
    case ColumnConstraintKind::kCollate:
      Put(" COLLATE ");
      return PutName(constraint.collation);
    case ColumnConstraintKind::kReferences:
      return PrintForeignKey(constraint.foreign_key);
    case ColumnConstraintKind::kGenerated:
      Put(" GENERATED ALWAYS AS (");
      Print(constraint.expr);
      return Put(constraint.stored ? ") STORED" : ")");
    case ColumnConstraintKind::kDeferral:
      return PrintDeferral(constraint.deferral);
  }
}

void SqlPrinter::PrintTableConstraint(const TableConstraint& constraint) {
  if (constraint.name.IsSet()) {
    Put("CONSTRAINT ");
    PutName(constraint.name);
    Put(" ");
  }
  switch (constraint.kind) {
    case TableConstraintKind::kPrimaryKey:
    case TableConstraintKind::kUnique:
      Put(constraint.kind == TableConstraintKind::kUnique ? "UNIQUE (" : "PRIMARY KEY (");
      PrintTermList(constraint.columns);
      if (constraint.autoincrement) Put(" AUTOINCREMENT");
      Put(")");
      return PrintConflict(constraint.conflict);
    case TableConstraintKind::kCheck:
      Put("CHECK (");
      Print(constraint.check);
      Put(")");
      return PrintConflict(constraint.conflict);
    case TableConstraintKind::kForeignKey:
      Put("FOREIGN KEY ");
      PutNameList(constraint.fk_columns);
      PrintForeignKey(constraint.foreign_key);
      return PrintDeferral(constraint.foreign_key->deferral);
  }
}

void SqlPrinter::PrintForeignKey(const ForeignKey* fk) {
  Put(" REFERENCES ");
  PutName(fk->table);
  if (!fk->columns.empty()) PutNameList(fk->columns);
  if (fk->on_delete != FkAction::kDefault) {
    Put(" ON DELETE ");
    Put(FkActionText(fk->on_delete));
  }
  if (fk->on_update != FkAction::kDefault) {
    Put(" ON UPDATE ");
    Put(FkActionText(fk->on_update));
  }
  for (const Name& match : fk->match) {
    Put(" MATCH ");
    PutName(match);
  }
}

void SqlPrinter::PrintDeferral(FkDeferral deferral) {
  static constexpr std::string_view kText[] = {
      "",
      " DEFERRABLE",
      " DEFERRABLE INITIALLY DEFERRED",
      " DEFERRABLE INITIALLY IMMEDIATE",
      " NOT DEFERRABLE",
      " NOT DEFERRABLE INITIALLY DEFERRED",
      " NOT DEFERRABLE INITIALLY IMMEDIATE",
  };
  Put(kText[static_cast<int>(deferral)]);
}

void SqlPrinter::PrintCreateVirtualTable(const CreateVirtualTableStmt* table) {
  Put("CREATE VIRTUAL TABLE ");
  if (table->if_not_exists) Put("IF NOT EXISTS ");
  PutQualified(table->name);
  Put(" USING ");
  PutName(table->module);
  if (!table->has_args) return;
  Put("(");
  for (uint32_t i = 0; i < table->args.size(); ++i) {
    if (i > 0) Put(", ");
    Put(table->args[i]);
  }
  Put(")");
}

void SqlPrinter::PrintCreateIndex(const CreateIndexStmt* index) {
  Put(index->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
  if (index->if_not_exists) Put("IF NOT EXISTS ");
  PutQualified(index->name);
  Put(" ON ");
  PutName(index->table);
  Put(" (");
  PrintTermList(index->columns);
  Put(")");
  if (index->where != nullptr) {
    Put(" WHERE ");
    Print(index->where);
  }
}

void SqlPrinter::PrintCreateView(const CreateViewStmt* view) {
  Put(view->temp ? "CREATE TEMP VIEW " : "CREATE VIEW ");
  if (view->if_not_exists) Put("IF NOT EXISTS ");
  PutQualified(view->name);
  if (!view->columns.empty()) PutNameList(view->columns);
  Put(" AS ");
  PrintSelect(view->select);
}

void SqlPrinter::PrintCreateTrigger(const CreateTriggerStmt* trigger) {
  Put(trigger->temp ? "CREATE TEMP TRIGGER " : "CREATE TRIGGER ");
  if (trigger->if_not_exists) Put("IF NOT EXISTS ");
  PutQualified(trigger->name);
  static constexpr std::string_view kTiming[] = {"", " BEFORE", " AFTER", " INSTEAD OF"};
  Put(kTiming[static_cast<int>(trigger->timing)]);
  static constexpr std::string_view kEvent[] = {" DELETE", " INSERT", " UPDATE"};
  Put(kEvent[static_cast<int>(trigger->event)]);
  if (!trigger->update_columns.empty()) {
    Put(" OF ");
    for (uint32_t i = 0; i < trigger->update_columns.size(); ++i) {
      if (i > 0) Put(", ");
      PutName(trigger->update_columns[i]);
    }
  }
  Put(" ON ");
  PutQualified(trigger->table);
  if (trigger->for_each_row) Put(" FOR EACH ROW");
  if (trigger->when != nullptr) {
    Put(" WHEN ");
    Print(trigger->when);
  }
  Put(" BEGIN ");
  for (const Stmt* command : trigger->body) {
    PrintStmt(command);
    Put("; ");
  }
  Put("END");
}

void SqlPrinter::PrintDrop(const DropStmt* drop) {
  Put("DROP ");
  Put(ObjectText(drop->object));
  if (drop->if_exists) Put("IF EXISTS ");
  PutQualified(drop->name);
}

void SqlPrinter::PrintTransaction(const Stmt* stmt) {
  switch (stmt->kind) {
    case StmtKind::kBegin: {
      static constexpr std::string_view kType[] = {"BEGIN", "BEGIN DEFERRED", "BEGIN IMMEDIATE",
                                                   "BEGIN EXCLUSIVE"};
      return Put(kType[static_cast<int>(stmt->As<BeginStmt>()->type)]);
    }
    case StmtKind::kCommit:
      return Put("COMMIT");
    case StmtKind::kRollback:
      Put("ROLLBACK");
      if (!stmt->As<RollbackStmt>()->savepoint.IsSet()) return;
      Put(" TO SAVEPOINT ");
      return PutName(stmt->As<RollbackStmt>()->savepoint);
    case StmtKind::kSavepoint:
      Put("SAVEPOINT ");
      return PutName(stmt->As<SavepointStmt>()->name);
    case StmtKind::kRelease:
      Put("RELEASE ");
      return PutName(stmt->As<ReleaseStmt>()->name);
    default:
      return;
  }
}

void SqlPrinter::PrintPragma(const PragmaStmt* pragma) {
  Put("PRAGMA ");
  PutQualified(pragma->name);
  if (!pragma->has_value) return;
  Put(pragma->call_form ? "(" : " = ");
  if (pragma->negative) Put("-");
  PutName(pragma->value);
  if (pragma->call_form) Put(")");
}

void SqlPrinter::PrintUtility(const Stmt* stmt) {
  switch (stmt->kind) {
    case StmtKind::kReindex:
    case StmtKind::kAnalyze: {
      const QualifiedName& name = stmt->kind == StmtKind::kReindex ? stmt->As<ReindexStmt>()->name
                                                                   : stmt->As<AnalyzeStmt>()->name;
      Put(stmt->kind == StmtKind::kReindex ? "REINDEX" : "ANALYZE");
      if (!name.name.IsSet()) return;
      Put(" ");
      return PutQualified(name);
    }
    case StmtKind::kVacuum: {
      const VacuumStmt* vacuum = stmt->As<VacuumStmt>();
      Put("VACUUM");
      if (vacuum->schema.IsSet()) Put(" ");
      if (vacuum->schema.IsSet()) PutName(vacuum->schema);
      if (vacuum->into == nullptr) return;
      Put(" INTO ");
      return Print(vacuum->into);
    }
    case StmtKind::kAttach: {
      const AttachStmt* attach = stmt->As<AttachStmt>();
      Put("ATTACH ");
      Print(attach->file);
      Put(" AS ");
      Print(attach->schema);
      if (attach->key == nullptr) return;
      Put(" KEY ");
      return Print(attach->key);
    }
    case StmtKind::kDetach:
      Put("DETACH ");
      return Print(stmt->As<DetachStmt>()->schema);
    default:
      return;
  }
}

void SqlPrinter::PrintAlterTable(const AlterTableStmt* alter) {
  Put("ALTER TABLE ");
  PutQualified(alter->table);
  switch (alter->action) {
    case AlterAction::kRenameTable:
      Put(" RENAME TO ");
      return PutName(alter->new_name);
    case AlterAction::kRenameColumn:
      Put(" RENAME COLUMN ");
      PutName(alter->column);
      Put(" TO ");
      return PutName(alter->new_name);
    case AlterAction::kAddColumn:
      Put(" ADD COLUMN ");
      return PrintColumnDef(*alter->new_column);
    case AlterAction::kDropColumn:
      Put(" DROP COLUMN ");
      return PutName(alter->column);
  }
}

std::string ToSql(const Stmt& stmt) {
  SqlPrinter printer;
  printer.PrintStmt(&stmt);
  return printer.Take();
}

}  // namespace simlite::parser
