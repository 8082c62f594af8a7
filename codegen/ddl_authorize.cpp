// The authorizer calls of DDL statements, in SQLite's order. SQLite runs part of its DDL as
// nested SQL statements on sqlite_master (UPDATE ... SET type=, name=, ...; DELETE FROM
// sqlite_master WHERE ...), compiled while the authorizer is on: an application sees those
// statements' INSERT / UPDATE / DELETE / READ calls too, and the helpers here make the same
// calls at the same points. Their IGNORE answers change nothing (SQLite's nested statements
// ignore a column or table the same way, with no visible effect on the schema change).
#include "codegen/ddl.h"

namespace simlite::codegen {

namespace {

// The schema table of the database the statement changes, as SQLite names it to the
// authorizer.
std::string_view SchemaTable(CodegenContext* ctx) {
  return ctx->schema_db() == kTempDb ? "sqlite_temp_master" : "sqlite_master";
}

std::string_view Database(CodegenContext* ctx) { return ctx->DatabaseName(ctx->schema_db()); }

Rc Ask(CodegenContext* ctx, AuthAction action, AuthArg arg1, AuthArg arg2) {
  return ctx->Authorize(action, arg1, arg2, Database(ctx));
}

// In the temp database, CREATE_* and DROP_* are their TEMP variants.
AuthAction ForDatabase(CodegenContext* ctx, AuthAction action) {
  if (ctx->schema_db() != kTempDb) return action;
  switch (action) {
    case AuthAction::kCreateIndex:
      return AuthAction::kCreateTempIndex;
    case AuthAction::kCreateTable:
      return AuthAction::kCreateTempTable;
    case AuthAction::kCreateTrigger:
      return AuthAction::kCreateTempTrigger;
    case AuthAction::kCreateView:
      return AuthAction::kCreateTempView;
    case AuthAction::kDropIndex:
      return AuthAction::kDropTempIndex;
    case AuthAction::kDropTable:
      return AuthAction::kDropTempTable;
    case AuthAction::kDropTrigger:
      return AuthAction::kDropTempTrigger;
    case AuthAction::kDropView:
      return AuthAction::kDropTempView;
    default:
      return action;
  }
}

}  // namespace

Rc AuthorizeCreate(CodegenContext* ctx, AuthAction action, std::string_view name, AuthArg table,
                   bool* ignore) {
  *ignore = false;
  if (!ctx->has_authorizer()) return Rc::kOk;
  const std::string_view database = Database(ctx);
  if (action == AuthAction::kCreateTrigger) {
    SIMLITE_TRY(ctx->Authorize(ForDatabase(ctx, action), name, table, database, ignore));
    if (*ignore) return Rc::kOk;
    return ctx->Authorize(AuthAction::kInsert, SchemaTable(ctx), {}, database, ignore);
  }
  SIMLITE_TRY(ctx->Authorize(AuthAction::kInsert, SchemaTable(ctx), {}, database, ignore));
  if (*ignore) return Rc::kOk;
  return ctx->Authorize(ForDatabase(ctx, action), name, table, database, ignore);
}

Rc AuthorizeSchemaRowUpdate(CodegenContext* ctx) {
  if (!ctx->has_authorizer()) return Rc::kOk;
  for (std::string_view column : {"type", "name", "tbl_name", "rootpage", "sql"}) {
    SIMLITE_TRY(Ask(ctx, AuthAction::kUpdate, SchemaTable(ctx), column));
  }
  return Ask(ctx, AuthAction::kRead, SchemaTable(ctx), "ROWID");
}

Rc AuthorizeSchemaRowInsert(CodegenContext* ctx) {
  if (!ctx->has_authorizer()) return Rc::kOk;
  return Ask(ctx, AuthAction::kInsert, SchemaTable(ctx), {});
}

Rc AuthorizeDrop(CodegenContext* ctx, AuthAction action, std::string_view name, AuthArg table,
                 bool* ignore) {
  *ignore = false;
  if (!ctx->has_authorizer()) return Rc::kOk;
  const std::string_view database = Database(ctx);
  if (action == AuthAction::kDropTrigger) {
    SIMLITE_TRY(ctx->Authorize(ForDatabase(ctx, action), name, table, database, ignore));
    if (*ignore) return Rc::kOk;
    return ctx->Authorize(AuthAction::kDelete, SchemaTable(ctx), {}, database, ignore);
  }
  SIMLITE_TRY(ctx->Authorize(AuthAction::kDelete, SchemaTable(ctx), {}, database, ignore));
  if (*ignore) return Rc::kOk;
  SIMLITE_TRY(ctx->Authorize(ForDatabase(ctx, action), name, table, database, ignore));
  if (*ignore || action == AuthAction::kDropIndex) return Rc::kOk;
  // DROP TABLE / DROP VIEW delete the table's rows too.
  return ctx->Authorize(AuthAction::kDelete, name, {}, database, ignore);
}

Rc AuthorizeSchemaRowDelete(CodegenContext* ctx, std::string_view by_column) {
  if (!ctx->has_authorizer()) return Rc::kOk;
  SIMLITE_TRY(Ask(ctx, AuthAction::kDelete, SchemaTable(ctx), {}));
  SIMLITE_TRY(Ask(ctx, AuthAction::kRead, SchemaTable(ctx), by_column));
  return Ask(ctx, AuthAction::kRead, SchemaTable(ctx), "type");
}

Rc AuthorizeIndexColumns(CodegenContext* ctx, const Table& table, const Index& index) {
  if (!ctx->has_authorizer()) return Rc::kOk;
  for (const IndexColumn& column : index.columns) {
    std::string_view name = "ROWID";
    if (column.column >= 0) {
      name = table.columns[static_cast<size_t>(column.column)].name;
    } else if (column.column == kRowidColumn && table.rowid_alias >= 0) {
      name = table.columns[static_cast<size_t>(table.rowid_alias)].name;
    } else if (column.column != kRowidColumn) {
      continue;  // an expression: its columns are not named here
    }
    SIMLITE_TRY(Ask(ctx, AuthAction::kRead, table.name, name));
  }
  return Rc::kOk;
}

Rc AuthorizeRootDestroyed(CodegenContext* ctx) {
  if (!ctx->has_authorizer()) return Rc::kOk;
  SIMLITE_TRY(Ask(ctx, AuthAction::kUpdate, SchemaTable(ctx), "rootpage"));
  return Ask(ctx, AuthAction::kRead, SchemaTable(ctx), "rootpage");
}

}  // namespace simlite::codegen
