// SQL operators on Mems (see expr_ops.h).
#include "vdbe/expr_ops.h"

#include <cassert>
#include <cmath>

namespace simlite::vdbe {
namespace {

// Integer a OP b; false when the result does not fit (the caller falls back to REAL), true
// with *out set otherwise (NULL for division by zero).
bool IntegerArithmetic(ArithOp op, int64_t a, int64_t b, Mem* out) {
  int64_t result = 0;
  switch (op) {
    case ArithOp::kAdd:
      if (__builtin_add_overflow(a, b, &result)) return false;
      break;
    case ArithOp::kSubtract:
      if (__builtin_sub_overflow(a, b, &result)) return false;
      break;
    case ArithOp::kMultiply:
      if (__builtin_mul_overflow(a, b, &result)) return false;
      break;
    case ArithOp::kDivide:
      if (b == 0) {
        out->SetNull();
        return true;
      }
      if (b == -1 && a == INT64_MIN) return false;
      result = a / b;
      break;
    case ArithOp::kRemainder:
      if (b == 0) {
        out->SetNull();
        return true;
      }
      // x % -1 is 0, and computing INT64_MIN % -1 would trap.
      result = b == -1 ? 0 : a % b;
      break;
  }
  out->SetInt(result);
  return true;
}

void RealArithmetic(ArithOp op, const Mem& a, const Mem& b, Mem* out) {
  double ra = ToReal(a);
  double rb = ToReal(b);
  double result = 0;
  switch (op) {
    case ArithOp::kAdd:
      result = ra + rb;
      break;
    case ArithOp::kSubtract:
      result = ra - rb;
      break;
    case ArithOp::kMultiply:
      result = ra * rb;
      break;
    case ArithOp::kDivide:
      if (rb == 0.0) {
        out->SetNull();
        return;
      }
      result = ra / rb;
      break;
    case ArithOp::kRemainder: {
      // SQLite takes the integer values of the operands as they are (a text '1e3' is 1 here).
      int64_t ia = ToInt64(a);
      int64_t ib = ToInt64(b);
      if (ib == 0) {
        out->SetNull();
        return;
      }
      result = static_cast<double>(ib == -1 ? 0 : ia % ib);
      break;
    }
  }
  out->SetReal(result);  // a NaN becomes NULL
}

}  // namespace

void Arithmetic(ArithOp op, const Mem& a, const Mem& b, Mem* out) {
  assert(out != &a && out != &b);
  if (a.IsNull() || b.IsNull()) {
    out->SetNull();
    return;
  }
  // The common case first: two integers that need no conversion.
  if (a.type() == ValueType::kInteger && b.type() == ValueType::kInteger &&
      IntegerArithmetic(op, a.i(), b.i(), out)) {
    return;
  }
  Mem number_a;
  Mem number_b;
  ToArithmeticNumber(a, &number_a);
  ToArithmeticNumber(b, &number_b);
  if (number_a.type() == ValueType::kInteger && number_b.type() == ValueType::kInteger &&
      IntegerArithmetic(op, number_a.i(), number_b.i(), out)) {
    return;
  }
  // The REAL path reads the operands afresh, as SQLite does: a text with no digits counts as an
  // integer above but has the real value of its prefix here ('-x' is -0.0).
  RealArithmetic(op, a, b, out);
}

void Negate(const Mem& a, Mem* out) {
  Arithmetic(ArithOp::kSubtract, Mem::Int(0), a, out);
}

void Bitwise(BitOp op, const Mem& a, const Mem& b, Mem* out) {
  if (a.IsNull() || b.IsNull()) {
    out->SetNull();
    return;
  }
  int64_t ia = ToInt64(a);
  int64_t ib = ToInt64(b);
  if (op == BitOp::kAnd) {
    out->SetInt(ia & ib);
    return;
  }
  if (op == BitOp::kOr) {
    out->SetInt(ia | ib);
    return;
  }
  bool left = op == BitOp::kShiftLeft;
  if (ib < 0) {
    left = !left;
    ib = ib > -64 ? -ib : 64;
  }
  if (ib >= 64) {
    out->SetInt(ia >= 0 || left ? 0 : -1);
    return;
  }
  uint64_t bits = static_cast<uint64_t>(ia);
  if (left) {
    bits <<= ib;
  } else {
    bits >>= ib;
    if (ia < 0 && ib > 0) bits |= ~uint64_t{0} << (64 - ib);  // sign-extend
  }
  out->SetInt(static_cast<int64_t>(bits));
}

void BitNot(const Mem& a, Mem* out) {
  if (a.IsNull()) {
    out->SetNull();
    return;
  }
  out->SetInt(~ToInt64(a));
}

Rc Concat(const Mem& a, const Mem& b, Mem* out) {
  assert(out != &a && out != &b);
  if (a.IsNull() || b.IsNull()) {
    out->SetNull();
    return Rc::kOk;
  }
  NumberText scratch_a;
  NumberText scratch_b;
  std::string_view text_a = TextOf(a, &scratch_a);
  std::string_view text_b = TextOf(b, &scratch_b);
  int64_t total = static_cast<int64_t>(text_a.size()) + static_cast<int64_t>(text_b.size());
  if (total > kMaxLength) return Rc::kTooBig;
  uint8_t* buffer = out->AllocBytes(ValueType::kText, static_cast<uint32_t>(total));
  if (!text_a.empty()) std::memcpy(buffer, text_a.data(), text_a.size());
  if (!text_b.empty()) std::memcpy(buffer + text_a.size(), text_b.data(), text_b.size());
  return Rc::kOk;
}

void LogicalNot(const Mem& a, Mem* out) {
  bool is_null = false;
  bool value = ToBool(a, &is_null);
  if (is_null) {
    out->SetNull();
  } else {
    out->SetBool(!value);
  }
}

void LogicalAnd(const Mem& a, const Mem& b, Mem* out) {
  bool a_null = false;
  bool b_null = false;
  bool a_value = ToBool(a, &a_null);
  bool b_value = ToBool(b, &b_null);
  if ((!a_null && !a_value) || (!b_null && !b_value)) {
    out->SetBool(false);
  } else if (a_null || b_null) {
    out->SetNull();
  } else {
    out->SetBool(true);
  }
}

void LogicalOr(const Mem& a, const Mem& b, Mem* out) {
  bool a_null = false;
  bool b_null = false;
  bool a_value = ToBool(a, &a_null);
  bool b_value = ToBool(b, &b_null);
  if ((!a_null && a_value) || (!b_null && b_value)) {
    out->SetBool(true);
  } else if (a_null || b_null) {
    out->SetNull();
  } else {
    out->SetBool(false);
  }
}

Affinity ComparisonAffinity(Affinity left, Affinity right) {
  if (left > Affinity::kNone && right > Affinity::kNone) {
    return IsNumericAffinity(left) || IsNumericAffinity(right) ? Affinity::kNumeric
                                                               : Affinity::kBlob;
  }
  return left > Affinity::kNone ? left : right;
}

namespace {

// One comparison operand after the comparison affinity's conversion. Only a copy is converted;
// a number turned into text keeps its rendering in `scratch`.
void ConvertForComparison(const Mem& m, Affinity affinity, Mem* converted, NumberText* scratch) {
  converted->ShallowCopyFrom(m);
  if (IsNumericAffinity(affinity)) {
    if (m.type() != ValueType::kText) return;
    bool is_int = false;
    int64_t i = 0;
    double r = 0;
    if (!TextToNumeric(m.chars(), /*try_for_int=*/false, &is_int, &i, &r)) return;
    if (is_int) {
      converted->SetInt(i);
    } else {
      converted->SetReal(r);
    }
  } else if (affinity == Affinity::kText && m.IsNumber() && !m.read_as_text()) {
    std::string_view text = TextOf(m, scratch);
    converted->SetTextRef(text.data(), static_cast<uint32_t>(text.size()));
  }
}

}  // namespace

int CompareWithAffinity(const Mem& a, const Mem& b, Affinity affinity, Collation collation,
                        const btree::CustomCollations* custom) {
  // No conversion applies between two values that are not texts, unless TEXT affinity turns
  // numbers into texts.
  if (a.type() != ValueType::kText && b.type() != ValueType::kText &&
      affinity != Affinity::kText) {
    return btree::CompareValues(a.View(), b.View(), collation, custom);
  }
  Mem converted_a;
  Mem converted_b;
  NumberText scratch_a;
  NumberText scratch_b;
  ConvertForComparison(a, affinity, &converted_a, &scratch_a);
  ConvertForComparison(b, affinity, &converted_b, &scratch_b);
  return btree::CompareValues(converted_a.View(), converted_b.View(), collation, custom);
}

void Compare(CompareOp op, const Mem& a, const Mem& b, Affinity affinity, Collation collation,
             Mem* out) {
  bool either_null = a.IsNull() || b.IsNull();
  if (either_null && op != CompareOp::kIs && op != CompareOp::kIsNot) {
    out->SetNull();
    return;
  }
  int c = either_null ? (a.IsNull() && b.IsNull() ? 0 : 1)
                      : CompareWithAffinity(a, b, affinity, collation);
  bool result = false;
  switch (op) {
    case CompareOp::kEq:
    case CompareOp::kIs:
      result = c == 0;
      break;
    case CompareOp::kNe:
    case CompareOp::kIsNot:
      result = c != 0;
      break;
    case CompareOp::kLt:
      result = c < 0;
      break;
    case CompareOp::kLe:
      result = c <= 0;
      break;
    case CompareOp::kGt:
      result = c > 0;
      break;
    case CompareOp::kGe:
      result = c >= 0;
      break;
  }
  out->SetBool(result);
}

}  // namespace simlite::vdbe
