// DROP TABLE / INDEX / VIEW (lang_droptable.html, lang_dropindex.html, lang_dropview.html):
// frees the b-trees (largest root page first, as SQLite does) and deletes the sqlite_schema
// rows, then has the schema reloaded.
#include <algorithm>

#include "codegen/ddl.h"

namespace simlite::codegen {

namespace {

// Deletes the sqlite_schema rows whose column `column` (1: name, 2: tbl_name) is `value`
// (and whose type is `type`, when given: trigger names may equal other names); or, with
// `table`, the rows of that table whose column `column` is `value`.
void DeleteSchemaRows(CodegenContext* ctx, int column, std::string_view value,
                      std::string_view type = "", const Table* table = nullptr) {
  ProgramBuilder& b = ctx->builder();
  int cursor = 0;
  if (table == nullptr) {
    cursor = OpenSchemaTable(ctx);
  } else {
    cursor = b.AllocCursor();
    b.Add(Opcode::kOpenWrite, cursor, static_cast<int>(table->root), table->db);
    b.SetP4Int(static_cast<int32_t>(table->columns.size()));
  }
  const int done = b.NewLabel();
  b.Add(Opcode::kRewind, cursor, done);
  const int top = b.current_address();
  const int next = b.NewLabel();
  const int reg = b.AllocRegister();
  const int name = b.ConstantRegister(vdbe::Mem::Text(value));
  b.Add(Opcode::kColumn, cursor, column, reg);
  b.Add(Opcode::kNe, name, next, reg);
  if (!type.empty()) {
    const int type_reg = b.AllocRegister();
    b.Add(Opcode::kColumn, cursor, 0, type_reg);
    b.Add(Opcode::kNe, b.ConstantRegister(vdbe::Mem::Text(type)), next, type_reg);
  }
  b.Add(Opcode::kDelete, cursor);
  b.ResolveLabel(next);
  b.Add(Opcode::kNext, cursor, top);
  b.ResolveLabel(done);
}

std::string_view SchemaName(const parser::QualifiedName& name) {
  return name.schema.IsSet() ? name.schema.text : std::string_view();
}

// The database a DROP names (main when it names none, or none that exists).
int NamedDatabase(CodegenContext* ctx, const parser::QualifiedName& name) {
  const int db = name.schema.IsSet() ? ctx->catalog().FindDatabase(name.schema.text) : kMainDb;
  return db < 0 ? kMainDb : db;
}

Rc DropTable(CodegenContext* ctx, const parser::DropStmt& stmt, bool view) {
  std::string_view name = stmt.name.name.text;
  const Table* table = ctx->catalog().FindTable(stmt.name);
  if (table == nullptr) {
    if (stmt.if_exists) {
      ctx->VerifySchema(NamedDatabase(ctx, stmt.name), /*writes=*/false);
      return Rc::kOk;
    }
    std::string qualified = (stmt.name.schema.IsSet() ? std::string(stmt.name.schema.text) + "."
                                                      : "") +
                            std::string(name);
    return ctx->Error(std::string(view ? "no such view: " : "no such table: ") + qualified);
  }
  if (table->is_view && !view) return ctx->Error("use DROP VIEW to delete view " + table->name);
  if (!table->is_view && view) return ctx->Error("use DROP TABLE to delete table " + table->name);
  const int db = table->db;
  ctx->set_schema_db(db);
  bool ignore = false;  // SQLITE_IGNORE: the statement does nothing
  SIMLITE_TRY(AuthorizeDrop(ctx, table->is_view ? AuthAction::kDropView : AuthAction::kDropTable,
                            table->name, {}, &ignore));
  if (ignore) return Rc::kOk;
  if (table->root == 1 || SameName(table->name.substr(0, std::min<size_t>(7, table->name.size())),
                                   "sqlite_")) {
    return ctx->Error("table " + std::string(table->root == 1 ? "sqlite_master" : table->name) +
                      " may not be dropped");
  }
  ctx->UseTransaction(db, true);
  ProgramBuilder& b = ctx->builder();
  std::vector<pager::Pgno> roots;
  if (!table->is_view) roots.push_back(table->root);
  for (const Index* index : table->indexes) roots.push_back(index->root);
  std::sort(roots.begin(), roots.end(), std::greater<>());
  for (const Trigger* trigger : table->triggers) {
    SIMLITE_TRY(AuthorizeDrop(ctx, AuthAction::kDropTrigger, trigger->name, table->name, &ignore));
    SIMLITE_TRY(AuthorizeSchemaRowDelete(ctx, "name"));
  }
  SIMLITE_TRY(AuthorizeSchemaRowDelete(ctx, "tbl_name"));
  for (size_t root_idx = 0; root_idx < roots.size(); root_idx++) {
    SIMLITE_TRY(AuthorizeRootDestroyed(ctx));
  }
  for (pager::Pgno root : roots) {
    b.Add(Opcode::kDestroy, static_cast<int>(root), b.AllocRegister(), db);
  }
  DeleteSchemaRows(ctx, 2, table->name);
  if (const Table* sequence = ctx->catalog().schema(db).FindTable("sqlite_sequence");
      table->autoincrement && sequence != nullptr) {
    DeleteSchemaRows(ctx, 0, table->name, "", sequence);
  }
  EmitSchemaChanged(ctx);
  // Its temp triggers go too, from the temp schema.
  bool temp_triggers = false;
  for (const Trigger* trigger : table->triggers) {
    if (trigger->db == db) continue;
    ctx->set_schema_db(trigger->db);
    ctx->UseTransaction(trigger->db, true);
    DeleteSchemaRows(ctx, 1, trigger->name, "trigger");
    temp_triggers = true;
  }
  if (temp_triggers) EmitSchemaChanged(ctx);
  ctx->set_schema_db(db);
  return Rc::kOk;
}

Rc DropIndex(CodegenContext* ctx, const parser::DropStmt& stmt) {
  std::string_view name = stmt.name.name.text;
  const Index* index = ctx->catalog().FindIndex(SchemaName(stmt.name), name);
  if (index == nullptr) {
    if (stmt.if_exists) {
      ctx->VerifySchema(NamedDatabase(ctx, stmt.name), /*writes=*/false);
      return Rc::kOk;
    }
    return ctx->Error("no such index: " +
                      (stmt.name.schema.IsSet() ? std::string(stmt.name.schema.text) + "." : "") +
                      std::string(name));
  }
  if (index->origin != IndexOrigin::kCreateIndex) {
    return ctx->Error(
        "index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped");
  }
  ctx->set_schema_db(index->db);
  bool ignore = false;  // SQLITE_IGNORE: the statement does nothing
  SIMLITE_TRY(AuthorizeDrop(ctx, AuthAction::kDropIndex, index->name, index->table_name, &ignore));
  if (ignore) return Rc::kOk;
  SIMLITE_TRY(AuthorizeSchemaRowDelete(ctx, "name"));
  SIMLITE_TRY(AuthorizeRootDestroyed(ctx));
  ctx->UseTransaction(index->db, true);
  ProgramBuilder& b = ctx->builder();
  b.Add(Opcode::kDestroy, static_cast<int>(index->root), b.AllocRegister(), index->db);
  DeleteSchemaRows(ctx, 1, index->name, "index");
  EmitSchemaChanged(ctx);
  return Rc::kOk;
}

}  // namespace

Rc CompileDrop(CodegenContext* ctx, const parser::DropStmt& stmt) {
  switch (stmt.object) {
    case parser::ObjectKind::kTable:
      return DropTable(ctx, stmt, false);
    case parser::ObjectKind::kView:
      return DropTable(ctx, stmt, true);
    case parser::ObjectKind::kIndex:
      return DropIndex(ctx, stmt);
    case parser::ObjectKind::kTrigger: {
      const Trigger* trigger =
          ctx->catalog().FindTrigger(SchemaName(stmt.name), stmt.name.name.text);
      if (trigger == nullptr) {
        if (stmt.if_exists) {
          ctx->VerifySchema(NamedDatabase(ctx, stmt.name), /*writes=*/false);
          return Rc::kOk;
        }
        return ctx->Error("no such trigger: " +
                          (stmt.name.schema.IsSet() ? std::string(stmt.name.schema.text) + "."
                                                    : "") +
                          std::string(stmt.name.name.text));
      }
      ctx->set_schema_db(trigger->db);
      bool ignore = false;  // SQLITE_IGNORE: the statement does nothing
      SIMLITE_TRY(AuthorizeDrop(ctx, AuthAction::kDropTrigger, trigger->name,
                                trigger->table_name, &ignore));
      if (ignore) return Rc::kOk;
      SIMLITE_TRY(AuthorizeSchemaRowDelete(ctx, "name"));
      ctx->UseTransaction(trigger->db, true);
      DeleteSchemaRows(ctx, 1, trigger->name, "trigger");
      EmitSchemaChanged(ctx);
      return Rc::kOk;
    }
  }
  return Rc::kOk;
}

Rc CompileAnalyze(CodegenContext* ctx, const parser::AnalyzeStmt& stmt) {
  const parser::QualifiedName& name = stmt.name;
  if (!name.name.IsSet()) return Rc::kOk;
  const Catalog& catalog = ctx->catalog();
  if (!name.schema.IsSet() && catalog.FindDatabase(name.name.text) >= 0) {
    // As SQLite's, analyzing the temp database opens it.
    const int db = catalog.FindDatabase(name.name.text);
    if (db == kTempDb) ctx->UseTransaction(db, false);
    return Rc::kOk;
  }
  if (name.schema.IsSet() && catalog.FindDatabase(name.schema.text) < 0) {
    return ctx->Error("unknown database " + std::string(name.schema.text));
  }
  const std::string_view schema = name.schema.IsSet() ? name.schema.text : std::string_view();
  if (catalog.FindTable(schema, name.name.text) != nullptr ||
      catalog.FindIndex(schema, name.name.text) != nullptr) {
    return Rc::kOk;
  }
  return ctx->Error("no such table: " + (name.schema.IsSet() ? std::string(schema) + "." : "") +
                    std::string(name.name.text));
}

namespace {

// SQLITE_TRANSACTION ("BEGIN", "COMMIT" or "ROLLBACK") and SQLITE_SAVEPOINT ("BEGIN",
// "RELEASE" or "ROLLBACK", and the savepoint's name). *ignore: the statement does nothing.
Rc AuthorizeTransaction(CodegenContext* ctx, const parser::Stmt& stmt, bool* ignore) {
  switch (stmt.kind) {
    case parser::StmtKind::kBegin:
      return ctx->Authorize(AuthAction::kTransaction, "BEGIN", {}, {}, ignore);
    case parser::StmtKind::kCommit:
      return ctx->Authorize(AuthAction::kTransaction, "COMMIT", {}, {}, ignore);
    case parser::StmtKind::kRollback: {
      const parser::Name& savepoint = stmt.As<parser::RollbackStmt>()->savepoint;
      if (savepoint.IsSet()) {
        return ctx->Authorize(AuthAction::kSavepoint, "ROLLBACK", savepoint.text, {}, ignore);
      }
      return ctx->Authorize(AuthAction::kTransaction, "ROLLBACK", {}, {}, ignore);
    }
    default:
      return Rc::kOk;
  }
}

}  // namespace

Rc CompileTransaction(CodegenContext* ctx, const parser::Stmt& stmt) {
  bool ignore = false;
  SIMLITE_TRY(AuthorizeTransaction(ctx, stmt, &ignore));
  if (ignore) return Rc::kOk;
  ProgramBuilder& b = ctx->builder();
  switch (stmt.kind) {
    case parser::StmtKind::kBegin: {
      const auto& begin = *stmt.As<parser::BeginStmt>();
      if (begin.type == parser::TransactionType::kImmediate ||
          begin.type == parser::TransactionType::kExclusive) {
        b.UseTransactionWithoutSchema(true, begin.type == parser::TransactionType::kExclusive);
      }
      b.Add(Opcode::kAutoCommit, 0, 0);
      return Rc::kOk;
    }
    case parser::StmtKind::kCommit:
      b.Add(Opcode::kAutoCommit, 1, 0);
      return Rc::kOk;
    case parser::StmtKind::kRollback: {
      const parser::Name& savepoint = stmt.As<parser::RollbackStmt>()->savepoint;
      if (savepoint.IsSet()) {
        b.Add(Opcode::kSavepoint, static_cast<int>(vdbe::SavepointOp::kRollbackTo), 0);
        b.SetP4Text(std::string(savepoint.text));
        return Rc::kOk;
      }
      b.Add(Opcode::kAutoCommit, 1, 1);
      return Rc::kOk;
    }
    case parser::StmtKind::kSavepoint:
      b.Add(Opcode::kSavepoint, static_cast<int>(vdbe::SavepointOp::kOpen), 0);
      b.SetP4Text(std::string(stmt.As<parser::SavepointStmt>()->name.text));
      return Rc::kOk;
    case parser::StmtKind::kRelease:
      b.Add(Opcode::kSavepoint, static_cast<int>(vdbe::SavepointOp::kRelease), 0);
      b.SetP4Text(std::string(stmt.As<parser::ReleaseStmt>()->name.text));
      return Rc::kOk;
    default:
      return ctx->Error("this kind of statement is not supported yet");
  }
}

}  // namespace simlite::codegen
