// CodegenContext: what every part of code generation for one statement shares (SQLite's
// Parse): the program being built, the schema, the statement's source text and AST arena,
// and the first error.
//
// Invariants: once an error is recorded, code generation stops (every function returns the
// error up); the message is the first one, worded as SQLite words it.
#pragma once

#include <string>
#include <string_view>

#include "codegen/program_builder.h"
#include "codegen/schema.h"
#include "vdbe/function.h"
#include "common/result_code.h"
#include "parser/parser.h"

namespace simlite::codegen {

class CodegenContext {
 public:
  // functions: the connection's (null: the built-ins only).
  CodegenContext(Schema* schema, parser::ParseResult* parse,
                 const vdbe::FunctionRegistry* functions = nullptr)
      : schema_(schema), parse_(parse), functions_(functions) {}

  ProgramBuilder& builder() { return builder_; }
  Schema& schema() { return *schema_; }
  parser::Arena& arena() { return parse_->arena(); }
  std::string_view sql() const { return parse_->sql(); }
  std::string_view Text(parser::SourceSpan span) const { return parse_->Text(span); }

  // Records the error (the first one wins) and returns kError.
  Rc Error(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return Rc::kError;
  }
  Rc Error(Rc rc, std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return rc;
  }
  const std::string& error() const { return error_; }

  // The function a call names (see vdbe::FunctionRegistry), and whether any has that name.
  const vdbe::FunctionDef* FindFunction(std::string_view name, int arg_count) const {
    return functions_ != nullptr ? functions_->Find(name, arg_count)
                                 : vdbe::FindFunction(name, arg_count);
  }
  // SQLITE_LIMIT_FUNCTION_ARG.
  int MaxFunctionArgs() const {
    return functions_ != nullptr ? functions_->max_args() : vdbe::kMaxFunctionArgs;
  }
  bool FunctionNameExists(std::string_view name) const {
    return functions_ != nullptr ? functions_->NameExists(name) : vdbe::FunctionNameExists(name);
  }

  // The program needs a transaction on the main database (a write one when `write`).
  void UseTransaction(bool write) { builder_.UseTransaction(write, schema_->cookie()); }

 private:
  Schema* schema_;
  parser::ParseResult* parse_;
  const vdbe::FunctionRegistry* functions_;
  ProgramBuilder builder_;
  std::string error_;
};

}  // namespace simlite::codegen
