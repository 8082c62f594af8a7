// Value opcodes: Halt, conversions, operators, comparisons, functions and aggregates.
#include <cassert>
#include <string>

#include "common/planted.h"
#include "vdbe/expr_ops.h"
#include "vdbe/value.h"
#include "vdbe/vm_ops.h"

namespace simlite::vdbe {

Rc VmOps::Halt(Vm* vm, Op op) {
  if (op.p1 == 0) return Rc::kDone;
  const Rc rc = static_cast<Rc>(op.p1);
  vm->on_error_ = static_cast<OnError>(op.p2);
  static constexpr const char* kConstraintKinds[] = {"", "NOT NULL", "UNIQUE", "CHECK",
                                                     "FOREIGN KEY"};
  std::string message;
  const bool has_text = op.p4type == P4Type::kText;
  if (op.p5 > 0 && op.p5 < 5) {
    message = std::string(kConstraintKinds[op.p5]) + " constraint failed";
    if (has_text) message += ": " + vm->program_->string(op.p4.index);
  } else if (has_text) {
    message = vm->program_->string(op.p4.index);
  } else {
    message = ErrStr(rc);
  }
  return vm->Fail(rc, std::move(message));
}

Rc VmOps::MustBeInt(Vm* vm, Op op) {
  Mem& value = Reg(vm, op.p1);
  if (value.type() == ValueType::kInteger) return Rc::kOk;
  ApplyAffinity(&value, vdbe::Affinity::kNumeric);
  if (value.type() == ValueType::kInteger) return Rc::kOk;
  if (op.p2 == 0) return vm->Fail(Rc::kMismatch, "datatype mismatch");
  Jump(vm, op.p2);
  return Rc::kOk;
}

Rc VmOps::OffsetLimit(Vm* vm, Op op) {
  int64_t limit = Reg(vm, op.p1).i();
  const int64_t offset = Reg(vm, op.p3).i();
  int64_t total = 0;
  if (limit <= 0 || __builtin_add_overflow(limit, offset > 0 ? offset : 0, &total)) {
    total = -1;
  }
  Reg(vm, op.p2).SetInt(total);
  return Rc::kOk;
}

Rc VmOps::CompareVectors(Vm* vm, Op op) {
  const btree::KeyInfo& key_info = vm->program_->key_info(op.p4.index);
  vm->last_compare_ = 0;
  for (int field_idx = 0; field_idx < op.p3; field_idx++) {
    const size_t field = static_cast<size_t>(field_idx);
    Collation collation =
        field < key_info.collations.size() ? key_info.collations[field] : Collation::kBinary;
    int c = btree::CompareValues(Reg(vm, op.p1 + field_idx).View(),
                                 Reg(vm, op.p2 + field_idx).View(), collation, key_info.custom);
    if (c != 0) {
      bool descending = field < key_info.descending.size() && key_info.descending[field];
      vm->last_compare_ = descending ? -c : c;
      break;
    }
  }
  return Rc::kOk;
}

Rc VmOps::Affinity(Vm* vm, Op op) {
  const std::string& letters = vm->program_->string(op.p4.index);
  for (int reg_idx = 0; reg_idx < op.p2; reg_idx++) {
    ApplyAffinity(&Reg(vm, op.p1 + reg_idx),
                  static_cast<vdbe::Affinity>(letters[static_cast<size_t>(reg_idx)]));
  }
  return Rc::kOk;
}

Rc VmOps::IsTrue(Vm* vm, Op op) {
  bool is_null = false;
  bool truth = ToBool(Reg(vm, op.p1), &is_null);
  Reg(vm, op.p2).SetBool(is_null ? op.p3 != 0 : truth != (op.p4.i != 0));
  return Rc::kOk;
}

Rc VmOps::Arithmetic(Vm* vm, Op op) {
  const Mem& left = Reg(vm, op.p2);
  const Mem& right = Reg(vm, op.p1);
  const bool aliased = op.p3 == op.p1 || op.p3 == op.p2;
  Mem* out = aliased ? &vm->scratch_ : &Reg(vm, op.p3);
  switch (op.opcode) {
    case Opcode::kAdd:
      vdbe::Arithmetic(ArithOp::kAdd, left, right, out);
      break;
    case Opcode::kSubtract:
      vdbe::Arithmetic(ArithOp::kSubtract, left, right, out);
      break;
    case Opcode::kMultiply:
      vdbe::Arithmetic(ArithOp::kMultiply, left, right, out);
      break;
    case Opcode::kDivide:
      vdbe::Arithmetic(ArithOp::kDivide, left, right, out);
      break;
    case Opcode::kRemainder:
      vdbe::Arithmetic(ArithOp::kRemainder, left, right, out);
      break;
    case Opcode::kConcat: {
      Rc rc = Concat(left, right, out);
      if (rc != Rc::kOk) return vm->Fail(rc, "string or blob too big");
      break;
    }
    case Opcode::kBitAnd:
      Bitwise(BitOp::kAnd, Reg(vm, op.p1), Reg(vm, op.p2), out);
      break;
    case Opcode::kBitOr:
      Bitwise(BitOp::kOr, Reg(vm, op.p1), Reg(vm, op.p2), out);
      break;
    case Opcode::kShiftLeft:
      Bitwise(BitOp::kShiftLeft, left, right, out);
      break;
    case Opcode::kShiftRight:
      Bitwise(BitOp::kShiftRight, left, right, out);
      break;
    default:
      assert(false);
  }
  if (aliased) Reg(vm, op.p3).CopyFrom(vm->scratch_);
  return Rc::kOk;
}

Rc VmOps::Logic(Vm* vm, Op op) {
  Mem result;
  if (op.opcode == Opcode::kAnd) {
    LogicalAnd(Reg(vm, op.p1), Reg(vm, op.p2), &result);
  } else {
    LogicalOr(Reg(vm, op.p1), Reg(vm, op.p2), &result);
  }
  Reg(vm, op.p3).ShallowCopyFrom(result);  // a number or NULL: nothing borrowed
  return Rc::kOk;
}

namespace {

bool JumpFor(Opcode opcode, int c) {
  switch (opcode) {
    case Opcode::kEq:
      return c == 0;
    case Opcode::kNe:
      return c != 0;
    case Opcode::kLt:
      return c < 0;
    case Opcode::kLe:
      return c <= 0;
    case Opcode::kGt:
      return c > 0;
    case Opcode::kGe:
      return c >= 0;
    default:
      assert(false);
      return false;
  }
}

}  // namespace

// Jumps when r[P3] OP r[P1]. NULL operands: with kP5NullEq (IS, IS NOT) NULL equals NULL and
// differs from everything else; otherwise the comparison is unknown and jumps only with
// kP5JumpIfNull.
Rc VmOps::CompareJump(Vm* vm, Op op) {
  const Mem& left = Reg(vm, op.p3);
  const Mem& right = Reg(vm, op.p1);
  bool jump = false;
  if (left.IsNull() || right.IsNull()) {
    const bool planted_null_eq = planted::On(planted::kNullEqualsNull) &&
                                 op.opcode == Opcode::kEq && left.IsNull() && right.IsNull();
    if ((op.p5 & kP5NullEq) || planted_null_eq) {
      int c = left.IsNull() && right.IsNull() ? 0 : 1;
      jump = JumpFor(op.opcode, c);
    } else {
      jump = (op.p5 & kP5JumpIfNull) != 0;
    }
  } else if (left.type() == ValueType::kInteger && right.type() == ValueType::kInteger) {
    int c = left.i() < right.i() ? -1 : left.i() > right.i() ? 1 : 0;
    jump = JumpFor(op.opcode, c);
  } else {
    vdbe::Affinity affinity = static_cast<vdbe::Affinity>(op.p5 & kP5AffinityMask);
    if (static_cast<char>(affinity) == 0) affinity = vdbe::Affinity::kNone;
    Collation collation = op.p4type == P4Type::kCollation ? static_cast<Collation>(op.p4.i)
                                                          : Collation::kBinary;
    jump = JumpFor(op.opcode, CompareWithAffinity(left, right, affinity, collation,
                                                  vm->program_->custom_collations()));
  }
  if (jump) Jump(vm, op.p2);
  return Rc::kOk;
}

Rc VmOps::Function(Vm* vm, Op op) {
  FunctionContext& ctx = vm->function_context_;
  ctx.ClearError();
  std::span<const Mem> args(&Reg(vm, op.p2), op.p5);
  vm->function_result_.SetNull();
  ctx.set_function(op.p4.function);
  op.p4.function->scalar(&ctx, args);
  if (ctx.failed()) return vm->Fail(ctx.rc(), ctx.error());
  Reg(vm, op.p3).CopyFrom(vm->function_result_);
  return Rc::kOk;
}

namespace {

AggregateFunction* AggregateFor(std::unique_ptr<AggregateFunction>* slot,
                                const FunctionDef* def) {
  if (*slot == nullptr) {
    *slot = def->aggregate();
    (*slot)->Reset();
  }
  return slot->get();
}

}  // namespace

Rc VmOps::AggStep(Vm* vm, Op op) {
  FunctionContext& ctx = vm->function_context_;
  ctx.ClearError();
  AggregateFunction* aggregate =
      AggregateFor(&vm->aggregates_[static_cast<size_t>(op.p3)], op.p4.function);
  std::span<const Mem> args(op.p5 == 0 ? nullptr : &Reg(vm, op.p2), op.p5);
  ctx.set_function(op.p4.function);
  aggregate->Step(&ctx, args);
  if (ctx.failed()) return vm->Fail(ctx.rc(), ctx.error());
  return Rc::kOk;
}

// Finishes the group: r[P1] = the aggregate's value, and the state is reset for the next
// group (codegen never reads an accumulator twice).
Rc VmOps::AggFinal(Vm* vm, Op op) {
  FunctionContext& ctx = vm->function_context_;
  ctx.ClearError();
  AggregateFunction* aggregate =
      AggregateFor(&vm->aggregates_[static_cast<size_t>(op.p1)], op.p4.function);
  vm->function_result_.SetNull();
  ctx.set_function(op.p4.function);
  aggregate->Final(&ctx);
  aggregate->Reset();
  if (ctx.failed()) return vm->Fail(ctx.rc(), ctx.error());
  Reg(vm, op.p1).CopyFrom(vm->function_result_);
  return Rc::kOk;
}

}  // namespace simlite::vdbe
