// Statement compilers for INSERT, UPDATE and DELETE (dml_*.cpp). Each emits its whole program
// into the context's builder; errors carry SQLite's messages.
#pragma once

#include "codegen/codegen_context.h"
#include "parser/ast.h"

namespace simlite::codegen {

Rc CompileInsert(CodegenContext* ctx, const parser::InsertStmt& stmt);
Rc CompileUpdate(CodegenContext* ctx, const parser::UpdateStmt& stmt);
Rc CompileDelete(CodegenContext* ctx, const parser::DeleteStmt& stmt);

// The table named for writing: errors "no such table: t", "cannot modify v because it is a
// view", "table sqlite_master may not be modified".
Rc FindWritableTable(CodegenContext* ctx, const parser::QualifiedName& name,
                     const Table** table);

}  // namespace simlite::codegen
