// Calls built-in functions the way the VM will (registry lookup, FunctionContext) and compares
// them with real SQLite evaluating "SELECT f(?1, ..., ?n)" on the same bound arguments.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "tests/support/sqlite_oracle.h"
#include "vdbe/function.h"

namespace simlite::testing {

// Calls built-in `name` with `args` (a scalar function through FindFunction, or an aggregate
// stepped once per row of `rows`). Fails the test when no such function exists.
Outcome CallBuiltin(const std::string& name, std::span<const vdbe::Mem> args,
                    const vdbe::FunctionEnv& env = {},
                    vdbe::Collation collation = vdbe::Collation::kBinary);

// "SELECT name(?1, ..., ?n)".
std::string CallSql(const std::string& name, size_t arg_count);

// Evaluates name(args) with both engines; a gtest failure (with both outcomes) on a mismatch.
// Returns true when they agree.
bool ExpectBuiltinAgrees(SqliteOracle* oracle, const std::string& name,
                         std::span<const vdbe::Mem> args);

// Runs `cases` argument lists from `make_args` through ExpectBuiltinAgrees; stops after 20
// mismatches to keep the output readable.
void ExpectAgreesOn(SqliteOracle* oracle, const std::string& name, int cases,
                    const std::function<std::vector<vdbe::Mem>()>& make_args);

}  // namespace simlite::testing
