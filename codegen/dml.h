// Statement compilers for INSERT, UPDATE and DELETE (dml_*.cpp). Each emits its whole program
// into the context's builder; errors carry SQLite's messages.
#pragma once

#include <vector>

#include "codegen/codegen_context.h"
#include "parser/ast.h"

namespace simlite::codegen {

Rc CompileInsert(CodegenContext* ctx, const parser::InsertStmt& stmt);
Rc CompileUpdate(CodegenContext* ctx, const parser::UpdateStmt& stmt);
Rc CompileDelete(CodegenContext* ctx, const parser::DeleteStmt& stmt);
// INSERT, UPDATE or DELETE, whichever `stmt` is (kError for other statements).
Rc CompileDml(CodegenContext* ctx, const parser::Stmt& stmt);

// The table named for writing: errors "no such table: t", "cannot modify v because it is a
// view", "table sqlite_master may not be modified".
// SQLITE_UPDATE for each column a SET clause (of UPDATE or an upsert's DO UPDATE) assigns;
// a column the authorizer ignores keeps its value: its entry in *new_values (or *rowid_value)
// is cleared.
Rc AuthorizeSet(CodegenContext* ctx, const Table& table, const parser::SetClause& set,
                std::vector<const parser::Expr*>* new_values, const parser::Expr** rowid_value);

class RowWriter;
class ExprCoder;
// SET expressions a later assignment of the same column overrides (never evaluated), coded
// where no path reaches them, so that their subqueries' names are resolved as SQLite's are.
Rc ResolveOverriddenSets(ExprCoder* coder, const parser::ArenaList<parser::SetClause>& sets,
                         const std::vector<const parser::Expr*>& new_values,
                         const parser::Expr* rowid_value);
// After BEFORE UPDATE triggers (of an UPDATE or an upsert's DO UPDATE): loads the row as they
// left it into new registers (returned) and copies the columns the update does not set from
// there into r[new_row..].
int ReloadRow(CodegenContext* ctx, RowWriter* writer, const Table& table,
              const std::vector<const parser::Expr*>& new_values, int new_row);

Rc FindWritableTable(CodegenContext* ctx, const parser::QualifiedName& name,
                     const Table** table);

}  // namespace simlite::codegen
