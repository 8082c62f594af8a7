// ExprCoder: conditions as jumps (SQLite's sqlite3ExprIfTrue / IfFalse), comparisons, BETWEEN,
// LIKE and IN (sqlite3ExprCodeIN's strategies: a sequence of comparisons for short or
// non-constant lists, a transient index for longer constant lists and for subqueries).
#include "codegen/expr_coder.h"
#include "vdbe/function.h"

namespace simlite::codegen {

using parser::BinaryOp;
using parser::Expr;
using parser::ExprKind;

bool IsComparison(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEq:
    case BinaryOp::kNe:
    case BinaryOp::kIs:
    case BinaryOp::kIsNot:
    case BinaryOp::kIsDistinctFrom:
    case BinaryOp::kIsNotDistinctFrom:
    case BinaryOp::kLt:
    case BinaryOp::kLe:
    case BinaryOp::kGt:
    case BinaryOp::kGe:
      return true;
    default:
      return false;
  }
}

namespace {

// IS DISTINCT FROM is IS NOT; IS NOT DISTINCT FROM is IS.
BinaryOp Canonical(BinaryOp op) {
  if (op == BinaryOp::kIsDistinctFrom) return BinaryOp::kIsNot;
  if (op == BinaryOp::kIsNotDistinctFrom) return BinaryOp::kIs;
  return op;
}

BinaryOp Inverse(BinaryOp op) {
  switch (Canonical(op)) {
    case BinaryOp::kEq:
      return BinaryOp::kNe;
    case BinaryOp::kNe:
      return BinaryOp::kEq;
    case BinaryOp::kLt:
      return BinaryOp::kGe;
    case BinaryOp::kLe:
      return BinaryOp::kGt;
    case BinaryOp::kGt:
      return BinaryOp::kLe;
    case BinaryOp::kGe:
      return BinaryOp::kLt;
    case BinaryOp::kIs:
      return BinaryOp::kIsNot;
    default:
      return BinaryOp::kIs;
  }
}

Opcode CompareOpcode(BinaryOp op) {
  switch (Canonical(op)) {
    case BinaryOp::kEq:
    case BinaryOp::kIs:
      return Opcode::kEq;
    case BinaryOp::kNe:
    case BinaryOp::kIsNot:
      return Opcode::kNe;
    case BinaryOp::kLt:
      return Opcode::kLt;
    case BinaryOp::kLe:
      return Opcode::kLe;
    case BinaryOp::kGt:
      return Opcode::kGt;
    default:
      return Opcode::kGe;
  }
}

}  // namespace

Rc ExprCoder::EmitCompareJump(BinaryOp op, const Expr* left, int r_left, const Expr* right,
                              int r_right, int label, bool jump_if_null) {
  Affinity affinity;
  Collation collation;
  SIMLITE_TRY(ComparisonAffinity(left, right, &affinity));
  SIMLITE_TRY(ComparisonCollation(left, right, &collation));
  op = Canonical(op);
  uint16_t p5 = static_cast<uint16_t>(affinity);
  if (op == BinaryOp::kIs || op == BinaryOp::kIsNot) {
    p5 |= vdbe::kP5NullEq;
  } else if (jump_if_null) {
    p5 |= vdbe::kP5JumpIfNull;
  }
  ProgramBuilder& b = ctx_->builder();
  b.Add(CompareOpcode(op), r_right, label, r_left);
  b.SetP4Collation(collation);
  b.SetP5(p5);
  return Rc::kOk;
}

Rc ExprCoder::CodeComparisonValue(const parser::BinaryExpr& expr, int target) {
  if (expr.left->kind == ExprKind::kRowValue || expr.right->kind == ExprKind::kRowValue) {
    return ctx_->Error("row value comparisons are not supported yet");
  }
  ProgramBuilder& b = ctx_->builder();
  int left = 0;
  int right = 0;
  SIMLITE_TRY(CodeTemp(expr.left, &left));
  SIMLITE_TRY(CodeTemp(expr.right, &right));
  const int done = b.NewLabel();
  b.Add(Opcode::kInteger, 1, target);
  SIMLITE_TRY(EmitCompareJump(expr.op, expr.left, left, expr.right, right, done, false));
  BinaryOp op = Canonical(expr.op);
  if (op == BinaryOp::kIs || op == BinaryOp::kIsNot) {
    b.Add(Opcode::kInteger, 0, target);
  } else {
    b.Add(Opcode::kZeroOrNull, left, target, right);
  }
  b.ResolveLabel(done);
  return Rc::kOk;
}

Rc ExprCoder::CodeCompareCondition(const parser::BinaryExpr& expr, int label, bool jump_if_true,
                                   bool jump_if_null) {
  if (expr.left->kind == ExprKind::kRowValue || expr.right->kind == ExprKind::kRowValue) {
    return ctx_->Error("row value comparisons are not supported yet");
  }
  int left = 0;
  int right = 0;
  SIMLITE_TRY(CodeTemp(expr.left, &left));
  SIMLITE_TRY(CodeTemp(expr.right, &right));
  BinaryOp op = jump_if_true ? expr.op : Inverse(expr.op);
  return EmitCompareJump(op, expr.left, left, expr.right, right, label, jump_if_null);
}

Rc ExprCoder::CodeIfFalse(const Expr* expr, int label, bool jump_if_null) {
  ProgramBuilder& b = ctx_->builder();
  const bool substituted = substitutions_ != nullptr && substitutions_->count(expr) != 0;
  if (!substituted) {
    if (expr->kind == ExprKind::kBinary) {
      const auto* binary = expr->As<parser::BinaryExpr>();
      if (binary->op == BinaryOp::kAnd) {
        SIMLITE_TRY(CodeIfFalse(binary->left, label, jump_if_null));
        return CodeIfFalse(binary->right, label, jump_if_null);
      }
      if (binary->op == BinaryOp::kOr) {
        const int skip = b.NewLabel();
        SIMLITE_TRY(CodeIfTrue(binary->left, skip, !jump_if_null));
        SIMLITE_TRY(CodeIfFalse(binary->right, label, jump_if_null));
        b.ResolveLabel(skip);
        return Rc::kOk;
      }
      if (IsComparison(binary->op)) {
        return CodeCompareCondition(*binary, label, false, jump_if_null);
      }
    } else if (expr->kind == ExprKind::kUnary) {
      const auto* unary = expr->As<parser::UnaryExpr>();
      if (unary->op == parser::UnaryOp::kNot) return CodeIfTrue(unary->operand, label, jump_if_null);
      if (unary->op == parser::UnaryOp::kIsNull || unary->op == parser::UnaryOp::kNotNull) {
        int reg = 0;
        SIMLITE_TRY(CodeTemp(unary->operand, &reg));
        b.Add(unary->op == parser::UnaryOp::kIsNull ? Opcode::kNotNull : Opcode::kIsNull, reg,
              label);
        return Rc::kOk;
      }
    } else if (expr->kind == ExprKind::kBetween) {
      const auto* between = expr->As<parser::BetweenExpr>();
      return CodeBetweenJumps(*between, label, between->negated, jump_if_null);
    } else if (expr->kind == ExprKind::kIn) {
      const auto* in = expr->As<parser::InExpr>();
      const int next = b.NewLabel();
      if (!in->negated) {
        SIMLITE_TRY(CodeInJumps(*in, label, jump_if_null ? label : next));
      } else {
        SIMLITE_TRY(CodeInJumps(*in, next, jump_if_null ? label : next));
        b.Add(Opcode::kGoto, 0, label);
      }
      b.ResolveLabel(next);
      return Rc::kOk;
    }
  }
  int reg = 0;
  SIMLITE_TRY(CodeTemp(expr, &reg));
  b.Add(Opcode::kIfNot, reg, label, jump_if_null ? 1 : 0);
  return Rc::kOk;
}

Rc ExprCoder::CodeIfTrue(const Expr* expr, int label, bool jump_if_null) {
  ProgramBuilder& b = ctx_->builder();
  const bool substituted = substitutions_ != nullptr && substitutions_->count(expr) != 0;
  if (!substituted) {
    if (expr->kind == ExprKind::kBinary) {
      const auto* binary = expr->As<parser::BinaryExpr>();
      if (binary->op == BinaryOp::kAnd) {
        const int skip = b.NewLabel();
        SIMLITE_TRY(CodeIfFalse(binary->left, skip, !jump_if_null));
        SIMLITE_TRY(CodeIfTrue(binary->right, label, jump_if_null));
        b.ResolveLabel(skip);
        return Rc::kOk;
      }
      if (binary->op == BinaryOp::kOr) {
        SIMLITE_TRY(CodeIfTrue(binary->left, label, jump_if_null));
        return CodeIfTrue(binary->right, label, jump_if_null);
      }
      if (IsComparison(binary->op)) {
        return CodeCompareCondition(*binary, label, true, jump_if_null);
      }
    } else if (expr->kind == ExprKind::kUnary) {
      const auto* unary = expr->As<parser::UnaryExpr>();
      if (unary->op == parser::UnaryOp::kNot) {
        return CodeIfFalse(unary->operand, label, jump_if_null);
      }
      if (unary->op == parser::UnaryOp::kIsNull || unary->op == parser::UnaryOp::kNotNull) {
        int reg = 0;
        SIMLITE_TRY(CodeTemp(unary->operand, &reg));
        b.Add(unary->op == parser::UnaryOp::kIsNull ? Opcode::kIsNull : Opcode::kNotNull, reg,
              label);
        return Rc::kOk;
      }
    } else if (expr->kind == ExprKind::kBetween) {
      const auto* between = expr->As<parser::BetweenExpr>();
      return CodeBetweenJumps(*between, label, !between->negated, jump_if_null);
    } else if (expr->kind == ExprKind::kIn) {
      const auto* in = expr->As<parser::InExpr>();
      const int next = b.NewLabel();
      if (!in->negated) {
        SIMLITE_TRY(CodeInJumps(*in, next, jump_if_null ? label : next));
        b.Add(Opcode::kGoto, 0, label);
      } else {
        SIMLITE_TRY(CodeInJumps(*in, label, jump_if_null ? label : next));
      }
      b.ResolveLabel(next);
      return Rc::kOk;
    }
  }
  int reg = 0;
  SIMLITE_TRY(CodeTemp(expr, &reg));
  b.Add(Opcode::kIf, reg, label, jump_if_null ? 1 : 0);
  return Rc::kOk;
}

// x BETWEEN lo AND hi is x >= lo AND x <= hi with x evaluated once. With jump_if_true the
// jump is taken when the BETWEEN (without its NOT) holds.
Rc ExprCoder::CodeBetweenJumps(const parser::BetweenExpr& expr, int label, bool jump_if_true,
                               bool jump_if_null) {
  ProgramBuilder& b = ctx_->builder();
  int x = 0;
  int low = 0;
  int high = 0;
  SIMLITE_TRY(CodeTemp(expr.operand, &x));
  SIMLITE_TRY(CodeTemp(expr.low, &low));
  SIMLITE_TRY(CodeTemp(expr.high, &high));
  if (!jump_if_true) {
    SIMLITE_TRY(
        EmitCompareJump(BinaryOp::kLt, expr.operand, x, expr.low, low, label, jump_if_null));
    return EmitCompareJump(BinaryOp::kGt, expr.operand, x, expr.high, high, label, jump_if_null);
  }
  const int skip = b.NewLabel();
  SIMLITE_TRY(
      EmitCompareJump(BinaryOp::kLt, expr.operand, x, expr.low, low, skip, !jump_if_null));
  SIMLITE_TRY(
      EmitCompareJump(BinaryOp::kLe, expr.operand, x, expr.high, high, label, jump_if_null));
  b.ResolveLabel(skip);
  return Rc::kOk;
}

Rc ExprCoder::CodeBetween(const parser::BetweenExpr& expr, int target) {
  ProgramBuilder& b = ctx_->builder();
  int x = 0;
  int low = 0;
  int high = 0;
  SIMLITE_TRY(CodeTemp(expr.operand, &x));
  SIMLITE_TRY(CodeTemp(expr.low, &low));
  SIMLITE_TRY(CodeTemp(expr.high, &high));
  const int ge = b.AllocRegister();
  const int le = b.AllocRegister();
  const BinaryOp ops[2] = {BinaryOp::kGe, BinaryOp::kLe};
  const Expr* bounds[2] = {expr.low, expr.high};
  const int bound_regs[2] = {low, high};
  const int results[2] = {ge, le};
  for (int side = 0; side < 2; side++) {
    const int done = b.NewLabel();
    b.Add(Opcode::kInteger, 1, results[side]);
    SIMLITE_TRY(EmitCompareJump(ops[side], expr.operand, x, bounds[side], bound_regs[side], done,
                                false));
    b.Add(Opcode::kZeroOrNull, x, results[side], bound_regs[side]);
    b.ResolveLabel(done);
  }
  b.Add(Opcode::kAnd, ge, le, target);
  if (expr.negated) b.Add(Opcode::kNot, target, target);
  return Rc::kOk;
}

Rc ExprCoder::CodeLike(const parser::LikeExpr& expr, int target) {
  const char* name = "like";
  switch (expr.op) {
    case parser::LikeOp::kLike:
      break;
    case parser::LikeOp::kGlob:
      name = "glob";
      break;
    case parser::LikeOp::kRegexp:
      return ctx_->Error("no such function: REGEXP");
    case parser::LikeOp::kMatch:
      return ctx_->Error("unable to use function MATCH in the requested context");
  }
  const int arg_count = expr.escape != nullptr ? 3 : 2;
  const vdbe::FunctionDef* def = ctx_->FindFunction(name, arg_count);
  if (def == nullptr) return ctx_->Error("no such function: " + std::string(name));
  ProgramBuilder& b = ctx_->builder();
  const int first = b.AllocRegisters(arg_count);
  SIMLITE_TRY(CodeArgument(expr.pattern, first));
  SIMLITE_TRY(CodeArgument(expr.operand, first + 1));
  if (expr.escape != nullptr) SIMLITE_TRY(CodeArgument(expr.escape, first + 2));
  b.Add(Opcode::kFunction, 0, first, target);
  b.SetP4Function(def);
  b.SetP5(static_cast<uint16_t>(arg_count));
  if (expr.negated) b.Add(Opcode::kNot, target, target);
  return Rc::kOk;
}

Rc ExprCoder::CodeIn(const parser::InExpr& expr, int target) {
  ProgramBuilder& b = ctx_->builder();
  const int if_false = b.NewLabel();
  const int if_null = b.NewLabel();
  b.Add(Opcode::kNull, 0, target);
  SIMLITE_TRY(CodeInJumps(expr, if_false, if_null));
  b.Add(Opcode::kInteger, expr.negated ? 0 : 1, target);
  b.Add(Opcode::kGoto, 0, if_null);
  b.ResolveLabel(if_false);
  b.Add(Opcode::kInteger, expr.negated ? 1 : 0, target);
  b.ResolveLabel(if_null);
  return Rc::kOk;
}

namespace {

bool IsConstantLiteral(const Expr* expr) {
  if (expr->kind == ExprKind::kUnary) {
    const auto* unary = expr->As<parser::UnaryExpr>();
    return (unary->op == parser::UnaryOp::kNegate || unary->op == parser::UnaryOp::kPlus) &&
           unary->operand->kind == ExprKind::kLiteral;
  }
  return expr->kind == ExprKind::kLiteral;
}

}  // namespace

char InTableAffinity(Affinity affinity) {
  if (affinity <= Affinity::kNone) return static_cast<char>(Affinity::kBlob);
  if (affinity == Affinity::kReal) return static_cast<char>(Affinity::kNumeric);
  return static_cast<char>(affinity);
}

namespace {

// "x IN table" is "x IN (SELECT * FROM table)", and "x IN f(args)" for a table-valued
// function "x IN (SELECT * FROM f(args))".
const parser::InExpr* InTableAsSelect(CodegenContext* ctx, const parser::InExpr& expr) {
  parser::Arena& arena = ctx->arena();
  auto* ref = arena.New<parser::TableRef>();
  ref->kind = expr.has_args ? parser::TableRefKind::kFunction : parser::TableRefKind::kTable;
  ref->name = expr.table;
  if (expr.has_args) ref->args = expr.list;
  auto* core = arena.New<parser::SelectCore>();
  core->columns.PushBack(&arena, parser::ResultColumn{});
  core->from.PushBack(&arena, ref);
  auto* select = arena.New<parser::Select>();
  select->cores.PushBack(&arena, core);
  auto* in = arena.New<parser::InExpr>(expr);
  in->form = parser::InForm::kSelect;
  in->select = select;
  return in;
}

}  // namespace

// x IN (...) (ignoring NOT): falls through when true, jumps to if_false or if_null.
Rc ExprCoder::CodeInJumps(const parser::InExpr& in_expr, int if_false, int if_null) {
  ProgramBuilder& b = ctx_->builder();
  const parser::InExpr& expr =
      in_expr.form == parser::InForm::kTable ? *InTableAsSelect(ctx_, in_expr) : in_expr;
  if (expr.form == parser::InForm::kList && expr.list.empty()) {
    b.Add(Opcode::kGoto, 0, if_false);
    return Rc::kOk;
  }
  if (expr.operand->kind == ExprKind::kRowValue) {
    return ctx_->Error("row value IN is not supported yet");
  }
  int left = 0;
  SIMLITE_TRY(CodeTemp(expr.operand, &left));
  bool all_constant = expr.form == parser::InForm::kList && expr.list.size() > 2;
  for (uint32_t item_idx = 0; all_constant && item_idx < expr.list.size(); item_idx++) {
    all_constant = IsConstantLiteral(expr.list[item_idx]);
  }
  if (expr.form == parser::InForm::kList && !all_constant) {
    return CodeInList(expr, left, 0, if_false, if_null);
  }
  Affinity left_affinity;
  SIMLITE_TRY(AffinityOf(expr.operand, &left_affinity));
  int cursor = 0;
  int has_null = 0;
  Affinity affinity = left_affinity;
  if (expr.form == parser::InForm::kList) {
    Collation collation = Collation::kBinary;
    bool found = false;
    bool is_explicit = false;
    SIMLITE_TRY(CollationOf(expr.operand, &collation, &found, &is_explicit));
    cursor = b.AllocCursor();
    has_null = b.AllocRegister();
    const int done = b.Add(Opcode::kOnce, b.AllocOnce());
    b.Add(Opcode::kOpenEphemeral, cursor, 1);
    btree::KeyInfo key_info;
    key_info.collations = {collation};
    key_info.descending = {false};
    b.SetP4KeyInfo(std::move(key_info));
    const int value = b.AllocRegister();
    const int record = b.AllocRegister();
    for (const Expr* item : expr.list) {
      SIMLITE_TRY(Code(item, value));
      b.Add(Opcode::kMakeRecord, value, 1, record);
      b.SetP4Affinity(std::string(1, InTableAffinity(left_affinity)));
      b.Add(Opcode::kIdxInsert, cursor, record);
    }
    b.Add(Opcode::kInteger, 0, has_null);
    const int empty = b.Add(Opcode::kRewind, cursor);
    b.Add(Opcode::kColumn, cursor, 0, has_null);
    b.JumpHere(empty);
    b.JumpHere(done);
  } else if (expr.form == parser::InForm::kSelect) {
    SIMLITE_TRY(CodeInSubqueryTable(this, expr, left_affinity, &cursor, &has_null));
    SIMLITE_TRY(SubqueryColumnAffinity(this, expr.select, &affinity));
    affinity = vdbe::ComparisonAffinity(left_affinity, affinity);
  } else {
    return ctx_->Error("IN table is not supported yet");
  }
  if (if_false == if_null) {
    b.Add(Opcode::kIsNull, left, if_null);
  } else {
    const int not_null = b.Add(Opcode::kNotNull, left);
    b.Add(Opcode::kRewind, cursor, if_false);
    b.Add(Opcode::kGoto, 0, if_null);
    b.JumpHere(not_null);
  }
  const int key = b.AllocRegister();
  b.Add(Opcode::kSCopy, left, key);
  b.Add(Opcode::kAffinity, key, 1);
  b.SetP4Affinity(std::string(1, static_cast<char>(affinity)));
  if (if_false == if_null) {
    b.Add(Opcode::kNotFound, cursor, if_false, key);
    b.SetP4Int(1);
    return Rc::kOk;
  }
  const int found = b.Add(Opcode::kFound, cursor, 0, key);
  b.SetP4Int(1);
  b.Add(Opcode::kNotNull, has_null, if_false);
  b.Add(Opcode::kGoto, 0, if_null);
  b.JumpHere(found);
  return Rc::kOk;
}

// The sequence of comparisons SQLite uses for short or non-constant lists: each item compared
// with the LHS's affinity and collation; a NULL item (or LHS) makes a miss NULL.
Rc ExprCoder::CodeInList(const parser::InExpr& expr, int left, int if_true, int if_false,
                         int if_null) {
  (void)if_true;
  ProgramBuilder& b = ctx_->builder();
  Affinity affinity;
  SIMLITE_TRY(AffinityOf(expr.operand, &affinity));
  Collation collation = Collation::kBinary;
  bool found = false;
  bool is_explicit = false;
  SIMLITE_TRY(CollationOf(expr.operand, &collation, &found, &is_explicit));
  const int ok = b.NewLabel();
  int check_null = 0;
  if (if_null != if_false) {
    check_null = b.AllocRegister();
    b.Add(Opcode::kBitAnd, left, left, check_null);
  }
  const uint32_t count = expr.list.size();
  for (uint32_t item_idx = 0; item_idx < count; item_idx++) {
    int item = 0;
    SIMLITE_TRY(CodeTemp(expr.list[item_idx], &item));
    if (check_null != 0) b.Add(Opcode::kBitAnd, check_null, item, check_null);
    if (item_idx + 1 < count || if_null != if_false) {
      b.Add(Opcode::kEq, item, ok, left);
      b.SetP4Collation(collation);
      b.SetP5(static_cast<uint16_t>(affinity));
    } else {
      b.Add(Opcode::kNe, item, if_false, left);
      b.SetP4Collation(collation);
      b.SetP5(static_cast<uint16_t>(static_cast<uint16_t>(affinity) | vdbe::kP5JumpIfNull));
    }
  }
  if (check_null != 0) {
    b.Add(Opcode::kIsNull, check_null, if_null);
    b.Add(Opcode::kGoto, 0, if_false);
  }
  b.ResolveLabel(ok);
  return Rc::kOk;
}

}  // namespace simlite::codegen
