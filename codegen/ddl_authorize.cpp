// The authorizer calls of DDL statements, in SQLite's order. SQLite runs part of its DDL as
// nested SQL statements on sqlite_master (UPDATE ... SET type=, name=, ...; DELETE FROM
// sqlite_master WHERE ...), compiled while the authorizer is on: an application sees those
// statements' INSERT / UPDATE / DELETE / READ calls too, and the helpers here make the same
// calls at the same points. Their IGNORE answers change nothing (SQLite's nested statements
// ignore a column or table the same way, with no visible effect on the schema change).
#include "codegen/ddl.h"

namespace simlite::codegen {

namespace {

constexpr std::string_view kSchemaTable = "sqlite_master";

Rc Ask(CodegenContext* ctx, AuthAction action, AuthArg arg1, AuthArg arg2, AuthArg database) {
  return ctx->Authorize(action, arg1, arg2, database);
}

}  // namespace

Rc AuthorizeCreate(CodegenContext* ctx, AuthAction action, std::string_view name, AuthArg table,
                   bool* ignore) {
  *ignore = false;
  if (!ctx->has_authorizer()) return Rc::kOk;
  if (action == AuthAction::kCreateTrigger) {
    SIMLITE_TRY(ctx->Authorize(action, name, table, "main", ignore));
    if (*ignore) return Rc::kOk;
    return ctx->Authorize(AuthAction::kInsert, kSchemaTable, {}, "main", ignore);
  }
  SIMLITE_TRY(ctx->Authorize(AuthAction::kInsert, kSchemaTable, {}, "main", ignore));
  if (*ignore) return Rc::kOk;
  return ctx->Authorize(action, name, table, "main", ignore);
}

Rc AuthorizeSchemaRowUpdate(CodegenContext* ctx) {
  if (!ctx->has_authorizer()) return Rc::kOk;
  for (std::string_view column : {"type", "name", "tbl_name", "rootpage", "sql"}) {
    SIMLITE_TRY(Ask(ctx, AuthAction::kUpdate, kSchemaTable, column, "main"));
  }
  return Ask(ctx, AuthAction::kRead, kSchemaTable, "ROWID", "main");
}

Rc AuthorizeSchemaRowInsert(CodegenContext* ctx) {
  if (!ctx->has_authorizer()) return Rc::kOk;
  return Ask(ctx, AuthAction::kInsert, kSchemaTable, {}, "main");
}

Rc AuthorizeDrop(CodegenContext* ctx, AuthAction action, std::string_view name, AuthArg table,
                 bool* ignore) {
  *ignore = false;
  if (!ctx->has_authorizer()) return Rc::kOk;
  if (action == AuthAction::kDropTrigger) {
    SIMLITE_TRY(ctx->Authorize(action, name, table, "main", ignore));
    if (*ignore) return Rc::kOk;
    return ctx->Authorize(AuthAction::kDelete, kSchemaTable, {}, "main", ignore);
  }
  SIMLITE_TRY(ctx->Authorize(AuthAction::kDelete, kSchemaTable, {}, "main", ignore));
  if (*ignore) return Rc::kOk;
  SIMLITE_TRY(ctx->Authorize(action, name, table, "main", ignore));
  if (*ignore || action == AuthAction::kDropIndex) return Rc::kOk;
  // DROP TABLE / DROP VIEW delete the table's rows too.
  return ctx->Authorize(AuthAction::kDelete, name, {}, "main", ignore);
}

Rc AuthorizeSchemaRowDelete(CodegenContext* ctx, std::string_view by_column) {
  if (!ctx->has_authorizer()) return Rc::kOk;
  SIMLITE_TRY(Ask(ctx, AuthAction::kDelete, kSchemaTable, {}, "main"));
  SIMLITE_TRY(Ask(ctx, AuthAction::kRead, kSchemaTable, by_column, "main"));
  return Ask(ctx, AuthAction::kRead, kSchemaTable, "type", "main");
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
    SIMLITE_TRY(Ask(ctx, AuthAction::kRead, table.name, name, "main"));
  }
  return Rc::kOk;
}

Rc AuthorizeRootDestroyed(CodegenContext* ctx) {
  if (!ctx->has_authorizer()) return Rc::kOk;
  SIMLITE_TRY(Ask(ctx, AuthAction::kUpdate, kSchemaTable, "rootpage", "main"));
  return Ask(ctx, AuthAction::kRead, kSchemaTable, "rootpage", "main");
}

}  // namespace simlite::codegen
