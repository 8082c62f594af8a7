// Core scalar functions against real SQLite with generated arguments: every call is
// "SELECT f(?1, ...)" in SQLite and the registry's implementation in simlite, comparing result
// type, value and error message. Also checks the registry against pragma function_list.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "io/random.h"
#include "tests/support/function_harness.h"
#include "vdbe/builtin.h"

namespace simlite::vdbe {
namespace {

using testing::CallBuiltin;
using testing::ExpectAgreesOn;
using testing::Outcome;
using testing::SqliteOracle;
using testing::ValueGenerator;

constexpr int kCases = 3000;

TEST(FuncCoreTest, OneArgumentFunctionsMatchSqlite) {
  SqliteOracle oracle;
  ValueGenerator gen(21);
  for (const char* name :
       {"abs", "hex", "quote", "typeof", "length", "lower", "upper", "unicode", "soundex", "sign",
        "subtype", "likely", "unlikely", "trim", "ltrim", "rtrim", "round", "char", "coalesce"}) {
    SCOPED_TRACE(name);
    if (std::string(name) == "coalesce") continue;  // needs two or more arguments
    ExpectAgreesOn(&oracle, name, kCases, [&] { return std::vector<Mem>{gen.Next()}; });
  }
}

TEST(FuncCoreTest, AbsOfSmallestIntegerIsAnError) {
  SqliteOracle oracle;
  Mem args[] = {Mem::Int(INT64_MIN)};
  EXPECT_TRUE(testing::ExpectBuiltinAgrees(&oracle, "abs", args));
  EXPECT_FALSE(CallBuiltin("abs", args).ok);
}

TEST(FuncCoreTest, TwoArgumentFunctionsMatchSqlite) {
  SqliteOracle oracle;
  ValueGenerator gen(22);
  for (const char* name : {"coalesce", "ifnull", "nullif", "instr", "round", "min", "max"}) {
    SCOPED_TRACE(name);
    ExpectAgreesOn(&oracle, name, kCases, [&] {
      std::vector<Mem> args = {gen.Next(), gen.Next()};
      if (gen.OneIn(4)) args[1] = args[0];
      if (std::string(name) == "round" && gen.OneIn(2)) args[1] = Mem::Int(gen.Uniform(-3, 35));
      return args;
    });
  }
}

TEST(FuncCoreTest, VariadicFunctionsMatchSqlite) {
  SqliteOracle oracle;
  ValueGenerator gen(23);
  for (const char* name : {"coalesce", "min", "max", "char", "iif"}) {
    SCOPED_TRACE(name);
    ExpectAgreesOn(&oracle, name, kCases, [&] {
      size_t count = std::string(name) == "iif" ? 3 : static_cast<size_t>(gen.Uniform(2, 5));
      std::vector<Mem> args;
      for (size_t arg_idx = 0; arg_idx < count; arg_idx++) {
        args.push_back(std::string(name) == "char" && gen.OneIn(2)
                           ? Mem::Int(gen.Uniform(-2, 0x110010))
                           : gen.Next());
      }
      return args;
    });
  }
  Mem no_args[1];
  EXPECT_TRUE(testing::ExpectBuiltinAgrees(&oracle, "char", std::span<const Mem>(no_args, 0)));
}

// min(), max() and nullif() compare with the collation of their arguments.
TEST(FuncCoreTest, CollatingFunctionsMatchSqlite) {
  SqliteOracle oracle;
  ValueGenerator gen(24);
  struct Case {
    const char* sql;
    const char* name;
    Collation collation;
  };
  const Case kCasesWithCollation[] = {
      {"SELECT min(?1 COLLATE NOCASE, ?2)", "min", Collation::kNoCase},
      {"SELECT max(?1, ?2 COLLATE NOCASE)", "max", Collation::kNoCase},
      {"SELECT nullif(?1 COLLATE NOCASE, ?2)", "nullif", Collation::kNoCase},
      {"SELECT min(?1 COLLATE RTRIM, ?2)", "min", Collation::kRtrim},
      {"SELECT nullif(?1, ?2 COLLATE RTRIM)", "nullif", Collation::kRtrim},
  };
  for (const Case& c : kCasesWithCollation) {
    for (int case_idx = 0; case_idx < kCases; case_idx++) {
      std::string alphabet = "aAbB  ";
      Mem args[] = {Mem::Text(gen.ShortText(alphabet, 4)), Mem::Text(gen.ShortText(alphabet, 4))};
      if (gen.OneIn(4)) args[1] = gen.Next();
      Outcome expected = oracle.Eval(c.sql, args);
      Outcome actual = CallBuiltin(c.name, args, {}, c.collation);
      ASSERT_TRUE(testing::Agree(c.sql, args, actual, expected));
    }
  }
}

TEST(FuncCoreTest, ZeroblobAndRandomblobMatchSqlite) {
  SqliteOracle oracle;
  ValueGenerator gen(25);
  // Sizes stay small: a numeric text could ask for gigabytes.
  auto small_size = [&] {
    Mem size = gen.OneIn(2) ? Mem::Int(gen.Uniform(-5, 100)) : Mem::Text(gen.NumericText());
    return ToInt64(size) > 1000 ? Mem::Int(gen.Uniform(-5, 100)) : size;
  };
  ExpectAgreesOn(&oracle, "zeroblob", 500, [&] { return std::vector<Mem>{small_size()}; });
  // randomblob's bytes come from the injected Random; its length follows SQLite's rule.
  io::Random random(7);
  FunctionEnv env;
  env.random = &random;
  for (int case_idx = 0; case_idx < 300; case_idx++) {
    Mem args[] = {small_size()};
    Outcome expected = oracle.Eval("SELECT length(randomblob(?1)), typeof(randomblob(?1))", args);
    Outcome actual = CallBuiltin("randomblob", args, env);
    ASSERT_TRUE(actual.ok);
    EXPECT_EQ(actual.value.type(), ValueType::kBlob);
    EXPECT_EQ(static_cast<int64_t>(actual.value.size()), expected.value.i());
  }
  Mem none[1];
  Outcome r1 = CallBuiltin("random", std::span<const Mem>(none, 0), env);
  ASSERT_EQ(r1.value.type(), ValueType::kInteger);
  EXPECT_NE(r1.value.i(), INT64_MIN);
}

TEST(FuncCoreTest, LikelihoodAndVersionMatchSqlite) {
  SqliteOracle oracle;
  ValueGenerator gen(26);
  for (int case_idx = 0; case_idx < kCases; case_idx++) {
    Mem args[] = {gen.Next(), Mem::Real(0.5)};
    Outcome expected = oracle.Eval("SELECT likelihood(?1, 0.5)", std::span<const Mem>(args, 1));
    ASSERT_TRUE(testing::Agree("likelihood", args, CallBuiltin("likelihood", args), expected));
  }
  Mem none[1];
  for (const char* name : {"sqlite_version", "sqlite_source_id"}) {
    Outcome expected = oracle.Eval(std::string("SELECT ") + name + "()", {});
    EXPECT_TRUE(
        testing::Agree(name, {}, CallBuiltin(name, std::span<const Mem>(none, 0)), expected));
  }
}

// The registry holds SQLite's core, math and date functions with SQLite's argument counts and
// flags (deterministic, innocuous, direct-only), and nothing SQLite lacks.
TEST(FuncCoreTest, RegistryMatchesPragmaFunctionList) {
  SqliteOracle oracle;
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(oracle.db(),
                               "SELECT name, narg, flags FROM pragma_function_list "
                               "WHERE builtin AND name NOT LIKE 'json%' AND name NOT IN "
                               "('->', '->>', 'load_extension', 'fts3_tokenizer', 'rtreecheck', "
                               "'rtreedepth', 'rtreenode', 'zeroblob_if', 'geopoly_debug', "
                               "'highlight', 'snippet', 'offsets', 'optimize', 'matchinfo', "
                               "'bm25', 'fts5', 'fts5_source_id')",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  constexpr uint32_t kSqliteFlags =
      kFunctionDeterministic | kFunctionInnocuous | kFunctionDirectOnly;
  std::set<std::pair<std::string, int>> sqlite_functions;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::string name = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    int arg_count = sqlite3_column_int(stmt, 1);
    uint32_t flags = static_cast<uint32_t>(sqlite3_column_int(stmt, 2));
    sqlite_functions.insert({name, arg_count});
    const FunctionDef* def = FindFunction(name, arg_count);
    if (def == nullptr) {
      // Functions simlite does not have (none, today) are out of scope here.
      continue;
    }
    EXPECT_EQ(def->flags & kSqliteFlags, flags & kSqliteFlags) << name << "/" << arg_count;
  }
  sqlite3_finalize(stmt);
  for (const FunctionDef* def : AllFunctions()) {
    EXPECT_TRUE(sqlite_functions.count({std::string(def->name), def->arg_count}))
        << def->name << "/" << static_cast<int>(def->arg_count) << " is not in SQLite";
  }
}

// Wrong argument counts: SQLite refuses to prepare them; FindFunction finds nothing.
class FakeConnection final : public ConnectionInfo {
 public:
  int64_t Changes() override { return 3; }
  int64_t TotalChanges() override { return 42; }
  int64_t LastInsertRowid() override { return -7; }
  Rc Attach(std::string_view, std::string_view, std::string*) override { return Rc::kError; }
  Rc Detach(std::string_view, std::string*) override { return Rc::kError; }
};

TEST(FuncCoreTest, ConnectionFunctionsReadTheConnection) {
  FakeConnection connection;
  FunctionEnv env;
  env.connection = &connection;
  EXPECT_EQ(CallBuiltin("changes", {}, env).value.i(), 3);
  EXPECT_EQ(CallBuiltin("total_changes", {}, env).value.i(), 42);
  EXPECT_EQ(CallBuiltin("last_insert_rowid", {}, env).value.i(), -7);
}

TEST(FuncCoreTest, ArgumentCountsMatchSqlite) {
  SqliteOracle oracle;
  for (const FunctionDef* def : AllFunctions()) {
    std::string name(def->name);
    for (int arg_count = 0; arg_count <= 4; arg_count++) {
      // Quoted, so that current_date & co parse as function names rather than keywords.
      std::string sql = "SELECT \"" + name + "\"(";
      for (int arg_idx = 0; arg_idx < arg_count; arg_idx++) sql += arg_idx == 0 ? "0.5" : ", 0.5";
      sql += ")";
      sqlite3_stmt* stmt = nullptr;
      int rc = sqlite3_prepare_v2(oracle.db(), sql.c_str(), -1, &stmt, nullptr);
      std::string error = rc == SQLITE_OK ? "" : sqlite3_errmsg(oracle.db());
      sqlite3_finalize(stmt);
      // (likelihood() wants a real constant in [0, 1] as its second argument: 0.5 will do.)
      // (Window-only functions prepare only with OVER: without, SQLite calls them misused.)
      const bool window_only = error.find("misuse of window function") != std::string::npos;
      ASSERT_TRUE(rc == SQLITE_OK || window_only || error.find("wrong number") != std::string::npos)
          << error;
      bool sqlite_accepts = rc == SQLITE_OK || window_only;
      EXPECT_EQ(FindFunction(name, arg_count) != nullptr, sqlite_accepts) << sql << ": " << error;
    }
  }
  EXPECT_TRUE(FunctionNameExists("ABS"));
  EXPECT_FALSE(FunctionNameExists("unhex"));
}

}  // namespace
}  // namespace simlite::vdbe
