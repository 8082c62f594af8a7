// ATTACH and DETACH (lang_attach.html, lang_detach.html). As in SQLite, each compiles to a
// call of an internal function (sqlite_attach(file, name, key), sqlite_detach(name)) whose
// arguments are expressions evaluated when the statement runs; a bare identifier stands for
// its own text (ATTACH x AS y means the file 'x' as 'y'). The connection does the work
// (vdbe::ConnectionInfo::Attach / Detach). The functions are not reachable from SQL.
#include "codegen/ddl.h"
#include "codegen/expr_coder.h"

namespace simlite::codegen {

namespace {

// The argument's text: a NULL is "" (SQLite reads it with sqlite3_value_text).
std::string_view ArgumentText(std::span<const vdbe::Mem> args, size_t arg_idx, vdbe::Mem* copy) {
  if (args[arg_idx].IsNull()) return "";
  copy->CopyFrom(args[arg_idx]);
  vdbe::ApplyAffinity(copy, Affinity::kText);
  return copy->chars();
}

void AttachCall(vdbe::FunctionContext* call, std::span<const vdbe::Mem> args) {
  vdbe::Mem file;
  vdbe::Mem name;
  std::string error;
  Rc rc = call->env().connection->Attach(ArgumentText(args, 0, &file),
                                         ArgumentText(args, 1, &name), &error);
  if (rc != Rc::kOk) call->SetError(error, rc);
}

void DetachCall(vdbe::FunctionContext* call, std::span<const vdbe::Mem> args) {
  vdbe::Mem name;
  std::string error;
  Rc rc = call->env().connection->Detach(ArgumentText(args, 0, &name), &error);
  if (rc != Rc::kOk) call->SetError(error, rc);
}

const vdbe::FunctionDef kAttachFunction{"sqlite_attach", 3, 0, AttachCall, nullptr};
const vdbe::FunctionDef kDetachFunction{"sqlite_detach", 1, 0, DetachCall, nullptr};

// Codes one argument into `target`: an identifier as its text, else the expression (which
// sees no columns).
Rc CodeArgument(ExprCoder* coder, const parser::Expr* expr, int target) {
  ProgramBuilder& b = coder->ctx()->builder();
  if (expr == nullptr) {
    b.Add(Opcode::kNull, 0, target);
    return Rc::kOk;
  }
  if (expr->kind == parser::ExprKind::kColumn) {
    const auto* column = expr->As<parser::ColumnExpr>();
    if (!column->table.IsSet() && !column->schema.IsSet()) {
      b.Add(Opcode::kString8, 0, target);
      b.SetP4Constant(vdbe::Mem::Text(column->column.text));
      return Rc::kOk;
    }
  }
  return coder->Code(expr, target);
}

Rc EmitCall(CodegenContext* ctx, const vdbe::FunctionDef& def,
            std::initializer_list<const parser::Expr*> args) {
  std::vector<FromItem> no_items;
  NameContext nc;
  nc.items = &no_items;
  ExprCoder coder(ctx, &nc);
  ProgramBuilder& b = ctx->builder();
  const int first = b.AllocRegisters(static_cast<int>(args.size()));
  int reg = first;
  for (const parser::Expr* arg : args) SIMLITE_TRY(CodeArgument(&coder, arg, reg++));
  const int result = b.AllocRegister();
  b.Add(Opcode::kFunction, 0, first, result);
  b.SetP4Function(&def);
  b.SetP5(static_cast<uint16_t>(args.size()));
  return Rc::kOk;
}

// What the authorizer is told of an argument: a string literal's value, else nothing.
AuthArg ConstantText(const parser::Expr* expr) {
  if (expr == nullptr || expr->kind != parser::ExprKind::kLiteral) return {};
  const auto* literal = expr->As<parser::LiteralExpr>();
  if (literal->literal != parser::LiteralKind::kString) return {};
  return literal->text;
}

}  // namespace

Rc CompileAttach(CodegenContext* ctx, const parser::AttachStmt& stmt) {
  bool ignore = false;
  SIMLITE_TRY(ctx->Authorize(AuthAction::kAttach, ConstantText(stmt.file), {}, {}, &ignore));
  if (ignore) return Rc::kOk;
  return EmitCall(ctx, kAttachFunction, {stmt.file, stmt.schema, stmt.key});
}

Rc CompileDetach(CodegenContext* ctx, const parser::DetachStmt& stmt) {
  bool ignore = false;
  SIMLITE_TRY(
      ctx->Authorize(AuthAction::kDetach, ConstantText(stmt.schema), {}, {}, &ignore));
  if (ignore) return Rc::kOk;
  return EmitCall(ctx, kDetachFunction, {stmt.schema});
}

}  // namespace simlite::codegen
