// SQL operators on Mems with SQLite's semantics (lang_expr.html, datatype3.html section 4):
// arithmetic (+ - * / %) with integer overflow to REAL and NULL on division by zero, bitwise
// operators, ||, three-valued NOT / AND / OR, and comparisons with the type conversions that
// the operands' affinities call for.
//
// Results go to *out, which may alias neither operand unless stated.
#pragma once

#include "common/result_code.h"
#include "vdbe/mem.h"
#include "vdbe/value.h"

namespace simlite::vdbe {

enum class ArithOp : uint8_t { kAdd, kSubtract, kMultiply, kDivide, kRemainder };
enum class BitOp : uint8_t { kAnd, kOr, kShiftLeft, kShiftRight };

// a OP b. NULL when either is NULL. Integer arithmetic when both operands are integers (texts
// and blobs that read as integers count as integers), falling back to REAL on overflow; REAL
// arithmetic otherwise. Division and remainder by zero give NULL; a REAL % takes the integer
// parts of its operands; a NaN result (Inf - Inf) gives NULL.
void Arithmetic(ArithOp op, const Mem& a, const Mem& b, Mem* out);
// -a (which is 0 - a) and +a (a unchanged, no conversion).
void Negate(const Mem& a, Mem* out);

// a OP b on the int64 values of the operands; NULL when either is NULL. Shifts by a negative
// amount shift the other way; shifts by 64 or more give 0 (or -1 for a negative a >> n).
void Bitwise(BitOp op, const Mem& a, const Mem& b, Mem* out);
// ~a
void BitNot(const Mem& a, Mem* out);

// a || b: NULL when either is NULL, otherwise TEXT of the concatenated texts. kTooBig
// ("string or blob too big") when the result would exceed kMaxLength.
Rc Concat(const Mem& a, const Mem& b, Mem* out);

// Three-valued logic: NULL is unknown.
void LogicalNot(const Mem& a, Mem* out);
void LogicalAnd(const Mem& a, const Mem& b, Mem* out);
void LogicalOr(const Mem& a, const Mem& b, Mem* out);

// The affinity a comparison converts its operands to, from the affinities of its left and
// right expressions (datatype3.html 4.2, as SQLite implements it): when both sides have an
// affinity (> kNone), NUMERIC if either is numeric, else BLOB (no conversion); otherwise the
// affinity of the side that has one (kNone when neither has).
Affinity ComparisonAffinity(Affinity left, Affinity right);

enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kIs, kIsNot };

// Compares a and b after applying comparison affinity `affinity` (from ComparisonAffinity):
// for a numeric affinity, texts that are well-formed numbers become numbers; for TEXT,
// numbers become texts. Then SQLite's order: NULL < numbers < text (by `collation`) < blob.
// Returns <0, 0 or >0; the operands are not modified. A custom collation compares through
// `custom`.
int CompareWithAffinity(const Mem& a, const Mem& b, Affinity affinity, Collation collation,
                        const btree::CustomCollations* custom = nullptr);

// As CompareWithAffinity, from the affinities of the two expressions themselves.
inline int CompareExpressions(const Mem& a, Affinity a_affinity, const Mem& b,
                              Affinity b_affinity, Collation collation) {
  return CompareWithAffinity(a, b, ComparisonAffinity(a_affinity, b_affinity), collation);
}

// a OP b as a SQL expression: NULL when either operand is NULL (except IS / IS NOT, which
// treat NULL as a value), else 1 or 0.
void Compare(CompareOp op, const Mem& a, const Mem& b, Affinity affinity, Collation collation,
             Mem* out);

}  // namespace simlite::vdbe
