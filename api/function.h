// Application-defined SQL functions (sqlite3_create_function and friends): how a C callback
// becomes a function the engine can call (vdbe/function.h), and struct sqlite3_context, what
// the callback sees of the call.
//
// Invariants:
//  1. A UserFunction lives until it is replaced or deleted, or its connection closes; its
//     xDestroy runs then, once. Statements prepared before a change are prepared again before
//     they next run (statement.h, expired), so no statement calls a destroyed function.
//  2. def.user_data points at the UserFunction; the engine hands def back in each call's
//     FunctionContext, and the trampolines find the callbacks there.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "api/sqlite3.h"
#include "vdbe/function.h"

namespace simlite::api {

struct UserFunction {
  ~UserFunction() {
    if (destroy != nullptr) destroy(app);
  }
  sqlite3* db = nullptr;
  std::string name;  // lower case
  void* app = nullptr;
  void (*scalar)(sqlite3_context*, int, sqlite3_value**) = nullptr;
  void (*step)(sqlite3_context*, int, sqlite3_value**) = nullptr;
  void (*final)(sqlite3_context*) = nullptr;
  // A window function's (sqlite3_create_window_function): both set or neither.
  void (*value)(sqlite3_context*) = nullptr;
  void (*inverse)(sqlite3_context*, int, sqlite3_value**) = nullptr;
  void (*destroy)(void*) = nullptr;
  vdbe::FunctionDef def;
};

// Makes `function` db's function of its name and argument count (dropping, and destroying,
// the one it replaces; a function without callbacks only deletes), and marks db's statements
// expired (invariant 1).
void ReplaceFunction(sqlite3* db, std::unique_ptr<UserFunction> function);

}  // namespace simlite::api

struct sqlite3_context {
  simlite::vdbe::FunctionContext* call;
  simlite::api::UserFunction* function;
  // The group's state of an aggregate (sqlite3_aggregate_context); null for a scalar call.
  struct AggregateState* aggregate;
};
