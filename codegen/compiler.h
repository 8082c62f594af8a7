// The entry point of code generation: one parsed statement in, one program out.
#pragma once

#include <memory>
#include <string>

#include "codegen/codegen_context.h"
#include "codegen/schema.h"
#include "common/result_code.h"
#include "parser/parser.h"
#include "vdbe/function.h"
#include "vdbe/program.h"

namespace simlite::codegen {

// Compiles `statement` (a statement of `parse`, whose arena may receive synthesized AST nodes)
// against the connection's databases, calling the functions of `functions` (null: the
// built-ins only). On error returns kError (or another code) with SQLite's message in *error.
Rc Compile(const parser::ParsedStatement& statement, parser::ParseResult* parse,
           const Catalog* catalog, const CompileOptions& options,
           std::unique_ptr<vdbe::Program>* program, std::string* error,
           const vdbe::FunctionRegistry* functions = nullptr);

}  // namespace simlite::codegen
