// The implementations of the built-in functions, by family (func_core.cpp, func_string.cpp,
// func_pattern.cpp, printf.cpp, func_math.cpp, func_date.cpp, aggregate.cpp), and helpers they
// share. Internal to vdbe/: the rest of the engine reaches them through FindFunction().
#pragma once

#include <span>
#include <string_view>

#include "vdbe/function.h"
#include "vdbe/value.h"

namespace simlite::vdbe::builtin {

using Args = std::span<const Mem>;

// Sets a TEXT (or BLOB) result copied from `bytes`; "string or blob too big" beyond kMaxLength.
void ResultText(FunctionContext* ctx, std::string_view bytes);
void ResultBlob(FunctionContext* ctx, std::string_view bytes);
// Returns an owned result buffer of n bytes of `type`, or nullptr after reporting TOOBIG.
uint8_t* ResultBuffer(FunctionContext* ctx, ValueType type, int64_t n);

// The number in an argument as sqlite3_value_numeric_type() sees it: integers and reals, and
// texts that are well-formed numbers (*is_int tells an integer, *i holds it); false for
// anything else (NULL, blobs, other texts). *r always receives the value as a double.
bool NumericValue(const Mem& m, double* r, bool* is_int = nullptr, int64_t* i = nullptr);

// sqlite3_value_int: the int64 value truncated to 32 bits.
int ToInt32(const Mem& m);

// The number of UTF-8 characters in text (a lead byte starts each; SQLite counts the same way,
// also for malformed UTF-8).
int64_t Utf8Length(std::string_view text);
// Decodes the UTF-8 character at text[*pos], advancing *pos, as SQLite does (overlong forms and
// surrogates become U+FFFD).
uint32_t ReadUtf8(std::string_view text, size_t* pos);
// Appends the UTF-8 encoding of code point c to out (SQLite's encoding, 1 to 4 bytes).
void AppendUtf8(uint32_t c, std::string* out);

// -- func_core.cpp
void Abs(FunctionContext* ctx, Args args);
void Changes(FunctionContext* ctx, Args args);
void TotalChanges(FunctionContext* ctx, Args args);
void LastInsertRowid(FunctionContext* ctx, Args args);
void Coalesce(FunctionContext* ctx, Args args);
void Iif(FunctionContext* ctx, Args args);
void FirstArgument(FunctionContext* ctx, Args args);  // likely, unlikely, likelihood
void Hex(FunctionContext* ctx, Args args);
void Nullif(FunctionContext* ctx, Args args);
void MinScalar(FunctionContext* ctx, Args args);
void MaxScalar(FunctionContext* ctx, Args args);
void Quote(FunctionContext* ctx, Args args);
void Random(FunctionContext* ctx, Args args);
void RandomBlob(FunctionContext* ctx, Args args);
void Round(FunctionContext* ctx, Args args);
void Sign(FunctionContext* ctx, Args args);
void SqliteVersion(FunctionContext* ctx, Args args);
void SqliteSourceId(FunctionContext* ctx, Args args);
void SqliteLog(FunctionContext* ctx, Args args);
void SqliteCompileOptionUsed(FunctionContext* ctx, Args args);
void SqliteCompileOptionGet(FunctionContext* ctx, Args args);
void Subtype(FunctionContext* ctx, Args args);
void TypeOf(FunctionContext* ctx, Args args);
void ZeroBlob(FunctionContext* ctx, Args args);

// -- func_string.cpp
void Char(FunctionContext* ctx, Args args);
void Instr(FunctionContext* ctx, Args args);
void Length(FunctionContext* ctx, Args args);
void Lower(FunctionContext* ctx, Args args);
void Upper(FunctionContext* ctx, Args args);
void Ltrim(FunctionContext* ctx, Args args);
void Rtrim(FunctionContext* ctx, Args args);
void Trim(FunctionContext* ctx, Args args);
void Replace(FunctionContext* ctx, Args args);
void Substr(FunctionContext* ctx, Args args);
void Unicode(FunctionContext* ctx, Args args);
void Soundex(FunctionContext* ctx, Args args);

// -- func_pattern.cpp
void Like(FunctionContext* ctx, Args args);
void LikeCaseSensitive(FunctionContext* ctx, Args args);
void Glob(FunctionContext* ctx, Args args);

// -- printf.cpp
void Format(FunctionContext* ctx, Args args);

// The registry entries of the other families.
std::span<const FunctionDef> MathFunctions();       // func_math.cpp
std::span<const FunctionDef> DateFunctions();       // func_date.cpp
std::span<const FunctionDef> AggregateFunctions();  // aggregate.cpp
std::span<const FunctionDef> WindowFunctions();     // window.cpp

}  // namespace simlite::vdbe::builtin
