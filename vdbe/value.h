// Value conversions on Mems: SQLite's sqlite3_value_int64 / _double / _text rules, type
// affinity (datatype3.html section 3) and CAST (lang_expr.html "CAST expressions").
//
// Affinity letters and order are SQLite's (kNone < kBlob < kText < kNumeric < kInteger < kReal):
// a column or CAST always has one of kBlob..kReal; kNone is the "no affinity" of an expression
// such as a literal or a bound parameter (it matters only to comparisons, see expr_ops.h).
#pragma once

#include <cstdint>
#include <string_view>

#include "vdbe/mem.h"
#include "vdbe/numeric.h"

namespace simlite::vdbe {

enum class Affinity : char {
  kNone = '@',
  kBlob = 'A',
  kText = 'B',
  kNumeric = 'C',
  kInteger = 'D',
  kReal = 'E',
};

inline bool IsNumericAffinity(Affinity a) {
  return a >= Affinity::kNumeric;
}

// The affinity of a column declared with type name `declared_type` (datatype3.html 3.1):
// "INT" -> INTEGER; else "CHAR", "CLOB" or "TEXT" -> TEXT; else "BLOB" or no type -> BLOB;
// else "REAL", "FLOA" or "DOUB" -> REAL; else NUMERIC. Case-insensitive substrings. The same
// mapping gives a CAST's target affinity.
Affinity AffinityFromTypeName(std::string_view declared_type);

// sqlite3_value_int64: NULL 0; REAL truncated and clamped; TEXT/BLOB their integer prefix.
int64_t ToInt64(const Mem& m);
// sqlite3_value_double: NULL 0.0; TEXT/BLOB the real value of their numeric prefix.
double ToReal(const Mem& m);

// Truth of a value as WHERE / CASE / iif see it: NULL is neither (returns *is_null = true);
// otherwise a number is true when non-zero, and a text or blob by its numeric prefix.
bool ToBool(const Mem& m, bool* is_null);

// Room for the text of a number.
struct NumberText {
  char chars[kRealTextCapacity];
};

// The text of a value as sqlite3_value_text gives it, without allocating: TEXT and BLOB bytes
// as they are, numbers rendered into *scratch (integers "%lld", reals "%!.15g"), NULL empty.
std::string_view TextOf(const Mem& m, NumberText* scratch);

// Converts a number in place to TEXT (sqlite3VdbeMemStringify); other types are unchanged.
void Stringify(Mem* m);

// The numeric type an arithmetic operator sees in a value (sqlite3 "numericType"): integers and
// reals as they are; a text or blob is an INTEGER when it reads as an integer (its integer
// prefix, when no '.' or exponent precedes the junk), else a REAL (its numeric prefix).
// *m_out receives that number; NULL stays NULL.
void ToArithmeticNumber(const Mem& m, Mem* m_out);

// Applies column affinity `a` to *m, as SQLite does when storing into a column or when
// codegen asks for an affinity (OP_Affinity):
//  TEXT: numbers become text. NUMERIC/INTEGER: a well-formed numeric text becomes a number
//  (an integer when it is a whole number in range); a whole real becomes an integer.
//  REAL: as NUMERIC, then integers become reals. BLOB / NONE: nothing.
void ApplyAffinity(Mem* m, Affinity a);

// CAST(*m AS type-with-affinity-a), in place. NULL stays NULL.
void Cast(Mem* m, Affinity a);

}  // namespace simlite::vdbe
