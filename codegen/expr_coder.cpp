// ExprCoder: expressions as values (see expr_coder.h). Conditions, comparisons and IN are in
// expr_condition.cpp; affinity and collation in expr_info.cpp.
#include "codegen/expr_coder.h"

#include <cstring>

#include "codegen/expr_walk.h"

#include "vdbe/function.h"
#include "vdbe/numeric.h"

namespace simlite::codegen {

using parser::Expr;
using parser::ExprKind;

Rc ExprCoder::Code(const Expr* expr, int target) {
  ProgramBuilder& b = ctx_->builder();
  if (substitutions_ != nullptr) {
    auto found = substitutions_->find(expr);
    if (found != substitutions_->end()) {
      if (found->second != target) b.Add(Opcode::kSCopy, found->second, target);
      return Rc::kOk;
    }
  }
  switch (expr->kind) {
    case ExprKind::kLiteral:
      return CodeLiteral(*expr->As<parser::LiteralExpr>(), false, target);
    case ExprKind::kVariable: {
      const auto* variable = expr->As<parser::VariableExpr>();
      b.Add(Opcode::kVariable, variable->index, target);
      if (variable->text.size() > 1) b.SetP4Text(std::string(variable->text));
      return Rc::kOk;
    }
    case ExprKind::kColumn:
      return CodeColumn(*expr->As<parser::ColumnExpr>(), target);
    case ExprKind::kUnary:
      return CodeUnary(*expr->As<parser::UnaryExpr>(), target);
    case ExprKind::kBinary:
      return CodeBinary(*expr->As<parser::BinaryExpr>(), target);
    case ExprKind::kCollate:
      return Code(expr->As<parser::CollateExpr>()->operand, target);
    case ExprKind::kCast: {
      const auto* cast = expr->As<parser::CastExpr>();
      SIMLITE_TRY(Code(cast->operand, target));
      b.Add(Opcode::kCast, target, static_cast<int>(vdbe::AffinityFromTypeName(cast->type.text)));
      return Rc::kOk;
    }
    case ExprKind::kBetween:
      return CodeBetween(*expr->As<parser::BetweenExpr>(), target);
    case ExprKind::kLike:
      return CodeLike(*expr->As<parser::LikeExpr>(), target);
    case ExprKind::kIn:
      return CodeIn(*expr->As<parser::InExpr>(), target);
    case ExprKind::kExists:
      return CodeExistsSubquery(this, expr->As<parser::ExistsExpr>()->select, target);
    case ExprKind::kSubquery:
      return CodeScalarSubquery(this, expr->As<parser::SubqueryExpr>()->select, target);
    case ExprKind::kCase:
      return CodeCase(*expr->As<parser::CaseExpr>(), target);
    case ExprKind::kFunction:
      return CodeFunction(*expr->As<parser::FunctionExpr>(), target);
    case ExprKind::kRowValue:
      return ctx_->Error("row value misused");
    case ExprKind::kRaise:
      return CodeRaise(*expr->As<parser::RaiseExpr>());
  }
  return ctx_->Error("unsupported expression");
}

namespace {

// A literal, or a negated numeric literal, as CodeTemp hoists them.
const parser::LiteralExpr* ConstantLiteral(const Expr* expr, bool* negate) {
  *negate = false;
  if (expr->kind == ExprKind::kUnary) {
    const auto* unary = expr->As<parser::UnaryExpr>();
    if (unary->op != parser::UnaryOp::kNegate || unary->operand->kind != ExprKind::kLiteral) {
      return nullptr;
    }
    const auto* literal = unary->operand->As<parser::LiteralExpr>();
    if (literal->literal != parser::LiteralKind::kInteger &&
        literal->literal != parser::LiteralKind::kFloat) {
      return nullptr;
    }
    *negate = true;
    return literal;
  }
  if (expr->kind != ExprKind::kLiteral) return nullptr;
  const auto* literal = expr->As<parser::LiteralExpr>();
  switch (literal->literal) {
    case parser::LiteralKind::kCurrentTime:
    case parser::LiteralKind::kCurrentDate:
    case parser::LiteralKind::kCurrentTimestamp:
      return nullptr;
    default:
      return literal;
  }
}

}  // namespace

Rc ExprCoder::CodeArgument(const Expr* expr, int target) {
  bool negate = false;
  const bool substituted = substitutions_ != nullptr && substitutions_->contains(expr);
  if (const parser::LiteralExpr* literal = ConstantLiteral(expr, &negate);
      literal != nullptr && !substituted) {
    vdbe::Mem value;
    SIMLITE_TRY(LiteralValue(*literal, negate, &value));
    ctx_->builder().ConstantInto(value, target);
    return Rc::kOk;
  }
  if (expr->kind == ExprKind::kVariable && !substituted) {
    const auto* variable = expr->As<parser::VariableExpr>();
    ctx_->builder().VariableInto(variable->index, variable->text, target);
    return Rc::kOk;
  }
  return Code(expr, target);
}

Rc ExprCoder::CodeTemp(const Expr* expr, int* reg) {
  if (substitutions_ != nullptr) {
    auto found = substitutions_->find(expr);
    if (found != substitutions_->end()) {
      *reg = found->second;
      return Rc::kOk;
    }
  }
  bool negate = false;
  if (const parser::LiteralExpr* literal = ConstantLiteral(expr, &negate)) {
    vdbe::Mem value;
    SIMLITE_TRY(LiteralValue(*literal, negate, &value));
    *reg = ctx_->builder().ConstantRegister(value);
    return Rc::kOk;
  }
  if (expr->kind == ExprKind::kVariable) {
    const auto* variable = expr->As<parser::VariableExpr>();
    *reg = ctx_->builder().VariableRegister(variable->index, variable->text);
    return Rc::kOk;
  }
  *reg = ctx_->builder().AllocRegister();
  return Code(expr, *reg);
}

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// SQLite's sqlite3DecOrHexToI64 for "0x..." text: false when more than 16 significant digits.
bool HexToInt64(std::string_view text, int64_t* value) {
  size_t pos = 2;
  while (pos < text.size() && text[pos] == '0') pos++;
  uint64_t u = 0;
  size_t digits = 0;
  for (; pos < text.size(); pos++, digits++) u = u * 16 + static_cast<uint64_t>(HexDigit(text[pos]));
  std::memcpy(value, &u, sizeof(u));
  return digits <= 16;
}

}  // namespace

Rc ExprCoder::LiteralValue(const parser::LiteralExpr& literal, bool negate, vdbe::Mem* value) {
  std::string_view text = literal.text;
  switch (literal.literal) {
    case parser::LiteralKind::kInteger: {
      const bool hex = text.size() > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
      int64_t i = 0;
      if (hex) {
        if (!HexToInt64(text, &i) || (negate && i == INT64_MIN)) {
          return ctx_->Error("hex literal too big: " + std::string(negate ? "-" : "") +
                             std::string(text));
        }
        value->SetInt(negate ? -i : i);
        return Rc::kOk;
      }
      vdbe::IntParse parse = vdbe::ParseInt64(text, &i);
      if (parse == vdbe::IntParse::kExact) {
        value->SetInt(negate ? -i : i);
      } else if (parse == vdbe::IntParse::kMaxPlusOne && negate) {
        value->SetInt(INT64_MIN);
      } else {
        double r = vdbe::ParseReal(text).value;
        value->SetReal(negate ? -r : r);
      }
      return Rc::kOk;
    }
    case parser::LiteralKind::kFloat: {
      double r = vdbe::ParseReal(text).value;
      value->SetReal(negate ? -r : r);
      return Rc::kOk;
    }
    case parser::LiteralKind::kString:
      value->SetText(text);
      return Rc::kOk;
    case parser::LiteralKind::kBlob: {
      uint8_t* bytes = value->AllocBytes(btree::ValueType::kBlob,
                                         static_cast<uint32_t>(text.size() / 2));
      for (size_t byte_idx = 0; byte_idx < text.size() / 2; byte_idx++) {
        bytes[byte_idx] = static_cast<uint8_t>(HexDigit(text[2 * byte_idx]) * 16 +
                                               HexDigit(text[2 * byte_idx + 1]));
      }
      return Rc::kOk;
    }
    default:
      value->SetNull();
      return Rc::kOk;
  }
}

Rc ExprCoder::CodeLiteral(const parser::LiteralExpr& literal, bool negate, int target) {
  ProgramBuilder& b = ctx_->builder();
  const char* time_function = nullptr;
  switch (literal.literal) {
    case parser::LiteralKind::kCurrentTime:
      time_function = "current_time";
      break;
    case parser::LiteralKind::kCurrentDate:
      time_function = "current_date";
      break;
    case parser::LiteralKind::kCurrentTimestamp:
      time_function = "current_timestamp";
      break;
    default:
      break;
  }
  if (time_function != nullptr) {
    const vdbe::FunctionDef* def = ctx_->FindFunction(time_function, 0);
    if (def == nullptr) return ctx_->Error("no such function: " + std::string(time_function));
    b.Add(Opcode::kFunction, 0, target, target);
    b.SetP4Function(def);
    return Rc::kOk;
  }
  vdbe::Mem value;
  SIMLITE_TRY(LiteralValue(literal, negate, &value));
  switch (value.type()) {
    case btree::ValueType::kNull:
      b.Add(Opcode::kNull, 0, target);
      break;
    case btree::ValueType::kInteger:
      if (value.i() >= INT32_MIN && value.i() <= INT32_MAX) {
        b.Add(Opcode::kInteger, static_cast<int>(value.i()), target);
      } else {
        b.Add(Opcode::kInt64, 0, target);
        b.SetP4Constant(std::move(value));
      }
      break;
    case btree::ValueType::kReal:
      b.Add(Opcode::kReal, 0, target);
      b.SetP4Constant(std::move(value));
      break;
    case btree::ValueType::kText:
      b.Add(Opcode::kString8, 0, target);
      b.SetP4Constant(std::move(value));
      break;
    case btree::ValueType::kBlob:
      b.Add(Opcode::kBlob, static_cast<int>(value.size()), target);
      b.SetP4Constant(std::move(value));
      break;
  }
  return Rc::kOk;
}

Rc ExprCoder::CodeColumn(const parser::ColumnExpr& expr, int target) {
  ColumnRef ref;
  SIMLITE_TRY(ResolveColumn(ctx_, nc_, expr, &ref));
  bool ignore = false;
  SIMLITE_TRY(AuthorizeColumnRead(ctx_, expr, ref, &ignore));
  if (ignore) {  // the authorizer said SQLITE_IGNORE: the column reads as NULL
    ctx_->builder().Add(Opcode::kNull, 0, target);
    return Rc::kOk;
  }
  if (ref.kind == ColumnRef::Kind::kString) {
    ctx_->builder().Add(Opcode::kString8, 0, target);
    ctx_->builder().SetP4Constant(vdbe::Mem::Text(expr.column.text));
    return Rc::kOk;
  }
  return CodeColumnRef(ref, target);
}

Rc ExprCoder::CodeColumnRef(const ColumnRef& ref, int target) {
  ProgramBuilder& b = ctx_->builder();
  if (ref.kind == ColumnRef::Kind::kAlias) {
    ExprCoder alias_coder(ctx_, ref.context);
    alias_coder.set_substitutions(ref.depth == 0 ? substitutions_ : nullptr);
    alias_coder.set_aggregates_allowed(ref.depth == 0 && aggregates_allowed_);
    return alias_coder.Code(ref.alias, target);
  }
  if (ref.kind == ColumnRef::Kind::kRegister) {
    b.Add(Opcode::kSCopy, ref.reg, target);
    return Rc::kOk;
  }
  if (ref.kind == ColumnRef::Kind::kBoolean) {
    b.Add(Opcode::kInteger, ref.reg, target);
    return Rc::kOk;
  }
  const FromItem& item = (*ref.context->items)[static_cast<size_t>(ref.item)];
  const bool rowid = ref.kind == ColumnRef::Kind::kRowid ||
                     (item.table != nullptr && ref.column == item.table->rowid_alias);
  if (item.row_reg > 0) {
    b.Add(Opcode::kSCopy, rowid ? item.row_reg : item.row_reg + 1 + ref.column, target);
    return Rc::kOk;
  }
  if (rowid) {
    EmitItemRowid(b, item, target);
    return Rc::kOk;
  }
  if (item.covering_cursor >= 0) {
    for (size_t position = 0; position < item.covering_columns.size(); position++) {
      if (item.covering_columns[position] != ref.column) continue;
      b.Add(Opcode::kColumn, item.covering_cursor, static_cast<int>(position), target);
      return Rc::kOk;
    }
    // Column usage (column_usage.h) promised that every column read is in the index.
    return Rc::kInternal;
  }
  b.Add(Opcode::kColumn, item.cursor, ref.column, target);
  if (item.table != nullptr) {
    const Column& column = item.table->columns[static_cast<size_t>(ref.column)];
    if (column.has_constant_default && !column.constant_default.IsNull()) {
      b.SetP4Constant(column.constant_default);
    }
    if (column.affinity == Affinity::kReal) b.Add(Opcode::kRealAffinity, target);
  }
  return Rc::kOk;
}

Rc ExprCoder::CodeUnary(const parser::UnaryExpr& expr, int target) {
  ProgramBuilder& b = ctx_->builder();
  int reg = 0;
  switch (expr.op) {
    case parser::UnaryOp::kNegate: {
      if (expr.operand->kind == ExprKind::kLiteral) {
        const auto* literal = expr.operand->As<parser::LiteralExpr>();
        if (literal->literal == parser::LiteralKind::kInteger ||
            literal->literal == parser::LiteralKind::kFloat) {
          return CodeLiteral(*literal, true, target);
        }
      }
      int zero = b.ConstantRegister(vdbe::Mem::Int(0));
      SIMLITE_TRY(CodeTemp(expr.operand, &reg));
      b.Add(Opcode::kSubtract, reg, zero, target);
      return Rc::kOk;
    }
    case parser::UnaryOp::kPlus:
      return Code(expr.operand, target);
    case parser::UnaryOp::kBitNot:
      SIMLITE_TRY(CodeTemp(expr.operand, &reg));
      b.Add(Opcode::kBitNot, reg, target);
      return Rc::kOk;
    case parser::UnaryOp::kNot:
      SIMLITE_TRY(CodeTemp(expr.operand, &reg));
      b.Add(Opcode::kNot, reg, target);
      return Rc::kOk;
    case parser::UnaryOp::kIsNull:
    case parser::UnaryOp::kNotNull: {
      b.Add(Opcode::kInteger, 1, target);
      SIMLITE_TRY(CodeTemp(expr.operand, &reg));
      int addr = b.Add(expr.op == parser::UnaryOp::kIsNull ? Opcode::kIsNull : Opcode::kNotNull,
                       reg);
      b.Add(Opcode::kInteger, 0, target);
      b.JumpHere(addr);
      return Rc::kOk;
    }
  }
  return Rc::kOk;
}

namespace {

bool ArithmeticOpcode(parser::BinaryOp op, Opcode* opcode) {
  switch (op) {
    case parser::BinaryOp::kAdd:
      *opcode = Opcode::kAdd;
      return true;
    case parser::BinaryOp::kSubtract:
      *opcode = Opcode::kSubtract;
      return true;
    case parser::BinaryOp::kMultiply:
      *opcode = Opcode::kMultiply;
      return true;
    case parser::BinaryOp::kDivide:
      *opcode = Opcode::kDivide;
      return true;
    case parser::BinaryOp::kRemainder:
      *opcode = Opcode::kRemainder;
      return true;
    case parser::BinaryOp::kConcat:
      *opcode = Opcode::kConcat;
      return true;
    case parser::BinaryOp::kBitAnd:
      *opcode = Opcode::kBitAnd;
      return true;
    case parser::BinaryOp::kBitOr:
      *opcode = Opcode::kBitOr;
      return true;
    case parser::BinaryOp::kLShift:
      *opcode = Opcode::kShiftLeft;
      return true;
    case parser::BinaryOp::kRShift:
      *opcode = Opcode::kShiftRight;
      return true;
    case parser::BinaryOp::kAnd:
      *opcode = Opcode::kAnd;
      return true;
    case parser::BinaryOp::kOr:
      *opcode = Opcode::kOr;
      return true;
    default:
      return false;
  }
}

}  // namespace

Rc ExprCoder::CodeBinary(const parser::BinaryExpr& expr, int target) {
  if (IsComparison(expr.op)) return CodeComparisonValue(expr, target);
  Opcode opcode;
  if (!ArithmeticOpcode(expr.op, &opcode)) {
    return ctx_->Error(std::string("no such function: ") +
                       (expr.op == parser::BinaryOp::kExtract ? "->" : "->>"));
  }
  int left = 0;
  int right = 0;
  SIMLITE_TRY(CodeTemp(expr.left, &left));
  SIMLITE_TRY(CodeTemp(expr.right, &right));
  if (opcode == Opcode::kAnd || opcode == Opcode::kOr) {
    ctx_->builder().Add(opcode, left, right, target);
  } else {
    ctx_->builder().Add(opcode, right, left, target);
  }
  return Rc::kOk;
}

// RAISE(IGNORE) abandons the trigger and the row that fired it; the others end the statement
// with the message, undoing what the action says (SQLITE_CONSTRAINT_TRIGGER).
Rc ExprCoder::CodeRaise(const parser::RaiseExpr& expr) {
  const TriggerFrame* frame = ctx_->trigger_frame();
  if (frame == nullptr) return ctx_->Error("RAISE() may only be used within a trigger-program");
  ProgramBuilder& b = ctx_->builder();
  if (expr.raise == parser::RaiseKind::kIgnore) {
    // The trigger's program ends (as SQLite's, with SQLITE_OK: its changes count).
    b.Add(Opcode::kTriggerEnd);
    b.Add(Opcode::kGoto, 0, frame->ignore_label);
    return Rc::kOk;
  }
  const vdbe::OnError action = expr.raise == parser::RaiseKind::kRollback ? vdbe::OnError::kRollback
                               : expr.raise == parser::RaiseKind::kFail   ? vdbe::OnError::kFail
                                                                          : vdbe::OnError::kAbort;
  b.Add(Opcode::kHalt, static_cast<int>(Rc::kConstraintTrigger), static_cast<int>(action));
  b.SetP4Text(std::string(expr.message.text));
  return Rc::kOk;
}

Rc ExprCoder::CodeCase(const parser::CaseExpr& expr, int target) {
  ProgramBuilder& b = ctx_->builder();
  const int end = b.NewLabel();
  int base = 0;
  if (expr.base != nullptr) SIMLITE_TRY(CodeTemp(expr.base, &base));
  for (const parser::WhenThen& when : expr.whens) {
    const int next = b.NewLabel();
    if (expr.base != nullptr) {
      int value = 0;
      SIMLITE_TRY(CodeTemp(when.when, &value));
      SIMLITE_TRY(EmitCompareJump(parser::BinaryOp::kNe, expr.base, base, when.when, value, next,
                                  true));
    } else {
      SIMLITE_TRY(CodeIfFalse(when.when, next, true));
    }
    SIMLITE_TRY(Code(when.then, target));
    b.Add(Opcode::kGoto, 0, end);
    b.ResolveLabel(next);
  }
  if (expr.otherwise != nullptr) {
    SIMLITE_TRY(Code(expr.otherwise, target));
  } else {
    b.Add(Opcode::kNull, 0, target);
  }
  b.ResolveLabel(end);
  return Rc::kOk;
}

// An aggregate where none can be: in an aggregate query (which resolution allowed) SQLite
// words it "misuse of aggregate: f()", elsewhere "misuse of aggregate function f()".
Rc ExprCoder::Misuse(const parser::FunctionExpr& expr) {
  if (aggregates_allowed_) {
    return ctx_->Error("misuse of aggregate: " + std::string(expr.name.text) + "()");
  }
  return ctx_->Error("misuse of aggregate function " + std::string(expr.name.text) + "()");
}

Rc ExprCoder::ResolveFunction(const parser::FunctionExpr& expr, const vdbe::FunctionDef** def) {
  const int arg_count = expr.star ? 0 : static_cast<int>(expr.args.size());
  if (arg_count > ctx_->MaxFunctionArgs()) {
    return ctx_->Error("too many arguments on function " + std::string(expr.name.text));
  }
  *def = ctx_->FindFunction(expr.name.text, arg_count);
  if (*def == nullptr) {
    if (ctx_->FunctionNameExists(expr.name.text)) {
      return ctx_->Error("wrong number of arguments to function " +
                         std::string(expr.name.text) + "()");
    }
    return ctx_->Error("no such function: " + std::string(expr.name.text));
  }
  bool ignore = false;  // SQLITE_IGNORE: CodeFunction codes NULL
  SIMLITE_TRY(ctx_->AuthorizeFunction(&expr, (*def)->name, &ignore));
  if (expr.star && (*def)->aggregate == nullptr) {
    return ctx_->Error("wrong number of arguments to function " + std::string(expr.name.text) +
                       "()");
  }
  return Rc::kOk;
}

Rc ExprCoder::CodeFunction(const parser::FunctionExpr& expr, int target) {
  const vdbe::FunctionDef* def = nullptr;
  SIMLITE_TRY(ResolveFunction(expr, &def));
  if (ctx_->AuthIgnored(&expr)) {  // the authorizer said SQLITE_IGNORE: the call is NULL
    ctx_->builder().Add(Opcode::kNull, 0, target);
    return Rc::kOk;
  }
  // A window call reaches here only where windows are not computed (select_window.cpp
  // substitutes the others).
  if (IsWindowCall(expr) && vdbe::IsWindowCapable(*def)) {
    return ctx_->Error("misuse of window function " + std::string(expr.name.text) + "()");
  }
  if (def->window != vdbe::WindowFunctionKind::kNone) {
    return ctx_->Error("misuse of window function " + std::string(expr.name.text) + "()");
  }
  if (def->aggregate != nullptr) return Misuse(expr);
  if (IsWindowCall(expr)) {
    return ctx_->Error(std::string(expr.name.text) + "() may not be used as a window function");
  }
  if (expr.filter != nullptr) {
    return ctx_->Error("FILTER may not be used with non-aggregate " +
                       std::string(expr.name.text) + "()");
  }
  return CodeFunctionCall(expr, expr.name.text, def, target);
}

Rc ExprCoder::CodeFunctionCall(const parser::FunctionExpr& expr, std::string_view name,
                               const vdbe::FunctionDef* def, int target) {
  (void)name;
  ProgramBuilder& b = ctx_->builder();
  const int arg_count = static_cast<int>(expr.args.size());
  const int first = b.AllocRegisters(arg_count);
  for (int arg_idx = 0; arg_idx < arg_count; arg_idx++) {
    SIMLITE_TRY(CodeArgument(expr.args[static_cast<uint32_t>(arg_idx)], first + arg_idx));
  }
  if (def->flags & vdbe::kFunctionNeedsCollation) {
    Collation collation = Collation::kBinary;
    for (const Expr* arg : expr.args) {
      bool found = false;
      bool is_explicit = false;
      SIMLITE_TRY(CollationOf(arg, &collation, &found, &is_explicit));
      if (found) break;
      collation = Collation::kBinary;
    }
    b.Add(Opcode::kCollSeq);
    b.SetP4Collation(collation);
  }
  b.Add(Opcode::kFunction, 0, first, target);
  b.SetP4Function(def);
  b.SetP5(static_cast<uint16_t>(arg_count));
  return Rc::kOk;
}

}  // namespace simlite::codegen

namespace simlite::codegen {

Rc ExprCoder::CheckNames(const Expr* expr) {
  return WalkExpr(expr, [&](const Expr* node, bool* descend) -> Rc {
    SIMLITE_TRY(AuthorizeSubqueryNames(ctx_, nc_, node));
    if (node->kind == ExprKind::kColumn) {
      *descend = false;
      ColumnRef ref;
      const auto& column = *node->As<parser::ColumnExpr>();
      SIMLITE_TRY(ResolveColumn(ctx_, nc_, column, &ref));
      if (ref.kind == ColumnRef::Kind::kAlias && !windows_allowed_ && HasWindowCall(ref.alias)) {
        return ctx_->Error("misuse of aliased window function " + std::string(column.column.text));
      }
      bool ignore = false;
      return AuthorizeColumnRead(ctx_, column, ref, &ignore);
    }
    if (node->kind != ExprKind::kFunction) return Rc::kOk;
    const auto* function = node->As<parser::FunctionExpr>();
    const vdbe::FunctionDef* def = nullptr;
    SIMLITE_TRY(ResolveFunction(*function, &def));
    if (ctx_->AuthIgnored(function)) {  // a NULL: its arguments are not resolved (SQLite)
      *descend = false;
      return Rc::kOk;
    }
    if (IsWindowCall(*function)) {
      *descend = false;
      return CheckWindowCall(*function, def);
    }
    if (def->window != vdbe::WindowFunctionKind::kNone) {
      return ctx_->Error("misuse of window function " + std::string(function->name.text) + "()");
    }
    if (def->aggregate == nullptr) return Rc::kOk;
    if (!aggregates_allowed_) return Misuse(*function);
    // No aggregate (nor window) inside an aggregate's arguments.
    *descend = false;
    const bool saved = aggregates_allowed_;
    const bool saved_windows = windows_allowed_;
    aggregates_allowed_ = false;
    windows_allowed_ = false;
    Rc rc = Rc::kOk;
    for (const Expr* arg : function->args) {
      if (rc == Rc::kOk) rc = CheckNames(arg);
    }
    if (rc == Rc::kOk && function->filter != nullptr) rc = CheckNames(function->filter);
    aggregates_allowed_ = saved;
    windows_allowed_ = saved_windows;
    return rc;
  });
}

bool HasWindowCall(const Expr* expr) {
  bool found = false;
  (void)WalkExpr(expr, [&](const Expr* node, bool* descend) {
    if (node->kind == ExprKind::kFunction && IsWindowCall(*node->As<parser::FunctionExpr>())) {
      found = true;
      *descend = false;
    }
    return Rc::kOk;
  });
  return found;
}

// A call with OVER: a function that can be one, where windows may be; its arguments and
// FILTER hold no window (aggregates, in an aggregate query, they may). The window's own
// PARTITION BY and ORDER BY are checked with the window (select_window.cpp).
Rc ExprCoder::CheckWindowCall(const parser::FunctionExpr& function, const vdbe::FunctionDef* def) {
  const std::string name(function.name.text);
  if (!vdbe::IsWindowCapable(*def)) {
    return ctx_->Error(name + "() may not be used as a window function");
  }
  if (!windows_allowed_) return ctx_->Error("misuse of window function " + name + "()");
  if (function.distinct) return ctx_->Error("DISTINCT is not supported for window functions");
  if (function.filter != nullptr && def->window != vdbe::WindowFunctionKind::kNone) {
    return ctx_->Error("FILTER clause may only be used with aggregate window functions");
  }
  const bool saved_windows = windows_allowed_;
  windows_allowed_ = false;
  Rc rc = Rc::kOk;
  for (const Expr* arg : function.args) {
    if (rc == Rc::kOk) rc = CheckNames(arg);
  }
  if (rc == Rc::kOk && function.filter != nullptr) rc = CheckNames(function.filter);
  windows_allowed_ = saved_windows;
  return rc;
}

}  // namespace simlite::codegen
