// Built-in functions against real SQLite (see function_harness.h).
#include "tests/support/function_harness.h"

#include <gtest/gtest.h>

namespace simlite::testing {

using vdbe::FunctionContext;
using vdbe::FunctionDef;
using vdbe::Mem;
using vdbe::StepTime;

Outcome CallBuiltin(const std::string& name, std::span<const Mem> args,
                    const vdbe::FunctionEnv& env, vdbe::Collation collation) {
  Outcome outcome;
  const FunctionDef* def = vdbe::FindFunction(name, static_cast<int>(args.size()));
  if (def == nullptr || def->scalar == nullptr) {
    ADD_FAILURE() << "no scalar built-in " << name << "/" << args.size();
    outcome.ok = false;
    outcome.error = "no such function";
    return outcome;
  }
  StepTime step_time;
  FunctionContext ctx(&env, &step_time, &outcome.value);
  ctx.set_collation(collation);
  def->scalar(&ctx, args);
  if (ctx.failed()) {
    outcome.ok = false;
    outcome.error = ctx.error();
    outcome.value.SetNull();
  }
  // Results must own their bytes (or point at static data): detach from the context.
  outcome.value.MakeOwned();
  return outcome;
}

std::string CallSql(const std::string& name, size_t arg_count) {
  std::string sql = "SELECT " + name + "(";
  for (size_t arg_idx = 0; arg_idx < arg_count; arg_idx++) {
    sql += (arg_idx == 0 ? "?" : ", ?") + std::to_string(arg_idx + 1);
  }
  return sql + ")";
}

bool ExpectBuiltinAgrees(SqliteOracle* oracle, const std::string& name, std::span<const Mem> args) {
  std::string sql = CallSql(name, args.size());
  Outcome expected = oracle->Eval(sql, args);
  Outcome actual = CallBuiltin(name, args);
  ::testing::AssertionResult agree = Agree(sql, args, actual, expected);
  EXPECT_TRUE(agree);
  return static_cast<bool>(agree);
}

void ExpectAgreesOn(SqliteOracle* oracle, const std::string& name, int cases,
                    const std::function<std::vector<Mem>()>& make_args) {
  int mismatches = 0;
  for (int case_idx = 0; case_idx < cases && mismatches < 20; case_idx++) {
    std::vector<Mem> args = make_args();
    if (!ExpectBuiltinAgrees(oracle, name, args)) mismatches++;
  }
}

}  // namespace simlite::testing
