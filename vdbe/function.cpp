// The registry of built-in functions (see function.h): SQLite 3.40.1's list as pragma
// function_list shows it, less JSON and extension functions.
#include "vdbe/function.h"

#include <algorithm>

#include "vdbe/builtin.h"
#include "vdbe/text_util.h"

namespace simlite::vdbe {
namespace {

using namespace builtin;  // NOLINT: the table below names every implementation

constexpr uint32_t kPure = kFunctionDeterministic | kFunctionInnocuous;
constexpr uint32_t kVolatile = kFunctionInnocuous;

constexpr FunctionDef kCoreFunctions[] = {
    {"abs", 1, kPure, Abs, nullptr},
    {"changes", 0, kVolatile | kFunctionReadsConnection, Changes, nullptr},
    {"char", -1, kPure, Char, nullptr},
    {"coalesce", -1, kPure, Coalesce, nullptr, 2},
    {"format", -1, kPure, Format, nullptr},
    {"glob", 2, kPure, Glob, nullptr},
    {"hex", 1, kPure, Hex, nullptr},
    {"ifnull", 2, kPure, Coalesce, nullptr},
    {"iif", 3, kPure, Iif, nullptr},
    {"instr", 2, kPure, Instr, nullptr},
    {"last_insert_rowid", 0, kVolatile | kFunctionReadsConnection, LastInsertRowid, nullptr},
    {"length", 1, kPure, Length, nullptr},
    {"like", 2, kPure, Like, nullptr},
    {"like", 3, kPure, Like, nullptr},
    {"likelihood", 2, kPure, FirstArgument, nullptr},
    {"likely", 1, kPure, FirstArgument, nullptr},
    {"lower", 1, kPure, Lower, nullptr},
    {"ltrim", 1, kPure, Ltrim, nullptr},
    {"ltrim", 2, kPure, Ltrim, nullptr},
    {"max", -1, kPure | kFunctionNeedsCollation, MaxScalar, nullptr, 2},
    {"min", -1, kPure | kFunctionNeedsCollation, MinScalar, nullptr, 2},
    {"nullif", 2, kPure | kFunctionNeedsCollation, Nullif, nullptr},
    {"printf", -1, kPure, Format, nullptr},
    {"quote", 1, kPure, Quote, nullptr},
    {"random", 0, kVolatile | kFunctionRandom, Random, nullptr},
    {"randomblob", 1, kVolatile | kFunctionRandom, RandomBlob, nullptr},
    {"replace", 3, kPure, Replace, nullptr},
    {"round", 1, kPure, Round, nullptr},
    {"round", 2, kPure, Round, nullptr},
    {"rtrim", 1, kPure, Rtrim, nullptr},
    {"rtrim", 2, kPure, Rtrim, nullptr},
    {"sign", 1, kPure, Sign, nullptr},
    {"soundex", 1, kPure, Soundex, nullptr},
    {"sqlite_compileoption_get", 1, kVolatile, SqliteCompileOptionGet, nullptr},
    {"sqlite_compileoption_used", 1, kVolatile, SqliteCompileOptionUsed, nullptr},
    {"sqlite_log", 2, kPure, SqliteLog, nullptr},
    {"sqlite_source_id", 0, kVolatile, SqliteSourceId, nullptr},
    {"sqlite_version", 0, kVolatile, SqliteVersion, nullptr},
    {"substr", 2, kPure, Substr, nullptr},
    {"substr", 3, kPure, Substr, nullptr},
    {"substring", 2, kPure, Substr, nullptr},
    {"substring", 3, kPure, Substr, nullptr},
    {"subtype", 1, kPure, Subtype, nullptr},
    {"total_changes", 0, kVolatile | kFunctionReadsConnection, TotalChanges, nullptr},
    {"trim", 1, kPure, Trim, nullptr},
    {"trim", 2, kPure, Trim, nullptr},
    {"typeof", 1, kPure, TypeOf, nullptr},
    {"unicode", 1, kPure, Unicode, nullptr},
    {"unlikely", 1, kPure, FirstArgument, nullptr},
    {"upper", 1, kPure, Upper, nullptr},
    {"zeroblob", 1, kPure, ZeroBlob, nullptr},
};

constexpr FunctionDef kCaseSensitiveLike[] = {
    {"like", 2, kPure, LikeCaseSensitive, nullptr},
    {"like", 3, kPure, LikeCaseSensitive, nullptr},
};

// The families, each a span of definitions; the registry is their concatenation.
std::span<const FunctionDef> Family(int family_idx) {
  switch (family_idx) {
    case 0:
      return kCoreFunctions;
    case 1:
      return MathFunctions();
    case 2:
      return DateFunctions();
    case 3:
      return AggregateFunctions();
    case 4:
      return WindowFunctions();
    default:
      return {};
  }
}
constexpr int kFamilyCount = 5;

}  // namespace

const FunctionDef* FindFunction(std::string_view name, int arg_count) {
  const FunctionDef* variadic = nullptr;
  for (int family_idx = 0; family_idx < kFamilyCount; family_idx++) {
    for (const FunctionDef& def : Family(family_idx)) {
      if (!EqualsNoCase(name, def.name)) continue;
      if (def.arg_count == arg_count) return &def;
      if (def.arg_count == -1 && arg_count >= def.min_args) variadic = &def;
    }
  }
  return variadic;
}

bool FunctionNameExists(std::string_view name) {
  for (int family_idx = 0; family_idx < kFamilyCount; family_idx++) {
    for (const FunctionDef& def : Family(family_idx)) {
      if (EqualsNoCase(name, def.name)) return true;
    }
  }
  return false;
}

std::vector<const FunctionDef*> AllFunctions() {
  std::vector<const FunctionDef*> all;
  for (int family_idx = 0; family_idx < kFamilyCount; family_idx++) {
    for (const FunctionDef& def : Family(family_idx)) all.push_back(&def);
  }
  return all;
}

void FunctionRegistry::Set(const FunctionDef* def) {
  std::erase_if(defs_, [&](const FunctionDef* old) {
    return old->arg_count == def->arg_count && EqualsNoCase(old->name, def->name);
  });
  if (def->scalar != nullptr || def->aggregate != nullptr) defs_.push_back(def);
}

const FunctionDef* FunctionRegistry::Find(std::string_view name, int arg_count) const {
  const FunctionDef* variadic = nullptr;
  for (const FunctionDef* def : defs_) {
    if (!EqualsNoCase(name, def->name)) continue;
    if (def->arg_count == arg_count) return def;
    if (def->arg_count == -1) variadic = def;
  }
  return variadic != nullptr ? variadic : FindFunction(name, arg_count);
}

bool FunctionRegistry::NameExists(std::string_view name) const {
  for (const FunctionDef* def : defs_) {
    if (EqualsNoCase(name, def->name)) return true;
  }
  return FunctionNameExists(name);
}

const FunctionDef* CaseSensitiveLike(int arg_count) {
  for (const FunctionDef& def : kCaseSensitiveLike) {
    if (def.arg_count == arg_count) return &def;
  }
  return nullptr;
}

}  // namespace simlite::vdbe
