// Statement compilers for the schema statements (ddl_create.cpp, ddl_drop.cpp) and the
// transaction statements (transaction.cpp), and the sqlite_schema helpers they share.
// `tail` is where the statement's text ends (just past its ';', or the end of the text): the
// SQL stored for an index or view runs to there, as SQLite stores it.
#pragma once

#include <string>
#include <string_view>

#include "codegen/codegen_context.h"
#include "parser/ast.h"

namespace simlite::codegen {

Rc CompileCreateTable(CodegenContext* ctx, const parser::CreateTableStmt& stmt, uint32_t tail);
Rc CompileCreateIndex(CodegenContext* ctx, const parser::CreateIndexStmt& stmt, uint32_t tail);
Rc CompileCreateView(CodegenContext* ctx, const parser::CreateViewStmt& stmt, uint32_t tail);
Rc CompileCreateTrigger(CodegenContext* ctx, const parser::CreateTriggerStmt& stmt);
Rc CompileDrop(CodegenContext* ctx, const parser::DropStmt& stmt);
Rc CompileReindex(CodegenContext* ctx, const parser::ReindexStmt& stmt);
Rc CompileTransaction(CodegenContext* ctx, const parser::Stmt& stmt);
Rc CompilePragma(CodegenContext* ctx, const parser::PragmaStmt& stmt);
Rc CompileAttach(CodegenContext* ctx, const parser::AttachStmt& stmt);
// ANALYZE [[schema.]name]: checks the name as SQLite does; no statistics are gathered
// (docs/compat.md), so the statement does nothing else.
Rc CompileAnalyze(CodegenContext* ctx, const parser::AnalyzeStmt& stmt);
Rc CompileDetach(CodegenContext* ctx, const parser::DetachStmt& stmt);

// Opens sqlite_schema (root page 1) for writing; returns the cursor.
int OpenSchemaTable(CodegenContext* ctx);
// Inserts the sqlite_schema row (type, name, tbl_name, r[root_reg] or 0, sql or NULL) with
// rowid r[rowid_reg] (a new rowid when rowid_reg is 0).
void EmitSchemaRow(CodegenContext* ctx, int cursor, std::string_view type, std::string_view name,
                   std::string_view table_name, int root_reg, const std::string* sql,
                   int rowid_reg);
// Bumps the schema cookie and has the host reload the schema after the statement.
void EmitSchemaChanged(CodegenContext* ctx);
// Fills the (empty) index whose root page is in r[root_reg] from its table's rows, checking
// uniqueness.
Rc PopulateIndex(CodegenContext* ctx, const Table& table, const Index& index, int root_reg);

// The authorizer calls of DDL (ddl_authorize.cpp), in SQLite's order. AuthorizeCreate: the
// schema-table INSERT and the CREATE_* action (name, then the table for an index or trigger);
// AuthorizeDrop: the schema-table DELETE, the DROP_* action, and for a table or view the
// DELETE of its rows. *ignore: SQLITE_IGNORE, the statement does nothing.
Rc AuthorizeCreate(CodegenContext* ctx, AuthAction action, std::string_view name,
                   AuthArg table, bool* ignore);
Rc AuthorizeDrop(CodegenContext* ctx, AuthAction action, std::string_view name, AuthArg table,
                 bool* ignore);
// What SQLite's own statements on sqlite_master ask: the UPDATE that completes a CREATE TABLE
// or VIEW row, the INSERT of an index or trigger row, the DELETE of the rows of a dropped
// object (by "name" or "tbl_name"), and the root-page fix-up after a b-tree is destroyed.
Rc AuthorizeSchemaRowUpdate(CodegenContext* ctx);
Rc AuthorizeSchemaRowInsert(CodegenContext* ctx);
Rc AuthorizeSchemaRowDelete(CodegenContext* ctx, std::string_view by_column);
Rc AuthorizeRootDestroyed(CodegenContext* ctx);
// The READ of each column of an index being built (SQLite resolves the index's terms).
Rc AuthorizeIndexColumns(CodegenContext* ctx, const Table& table, const Index& index);

}  // namespace simlite::codegen
