// sqlite3_create_function and friends (function.h), and the calls' side: the trampolines the
// engine calls, and sqlite3_aggregate_context, sqlite3_user_data, sqlite3_context_db_handle,
// sqlite3_get_auxdata / sqlite3_set_auxdata.
#include "api/function.h"

#include <cstring>
#include <span>
#include <vector>

#include "api/database.h"
#include "api/memory.h"
#include "api/statement.h"
#include "api/utf16.h"
#include "api/value.h"

using simlite::Rc;
using simlite::vdbe::Mem;

// The per-group memory of sqlite3_aggregate_context: allocated zeroed on first request, freed
// after the group's final call.
struct AggregateState {
  void* memory = nullptr;
  void Clear() {
    simlite::api::Free(memory);
    memory = nullptr;
  }
};

namespace simlite::api {
namespace {

using vdbe::kMaxFunctionArgs;  // SQLITE_MAX_FUNCTION_ARG
constexpr size_t kMaxNameLength = 255;
constexpr size_t kInlineArgs = 8;

UserFunction* FunctionOf(vdbe::FunctionContext* call) {
  return static_cast<UserFunction*>(call->function()->user_data);
}

// Calls `callback` with args as sqlite3_value pointers (on the stack for few arguments).
template <typename Callback>
void WithValues(std::span<const Mem> args, Callback callback) {
  sqlite3_value inline_values[kInlineArgs];
  sqlite3_value* inline_pointers[kInlineArgs];
  std::vector<sqlite3_value> heap_values;
  std::vector<sqlite3_value*> heap_pointers;
  sqlite3_value* values = inline_values;
  sqlite3_value** pointers = inline_pointers;
  if (args.size() > kInlineArgs) {
    heap_values.resize(args.size());
    heap_pointers.resize(args.size());
    values = heap_values.data();
    pointers = heap_pointers.data();
  }
  for (size_t arg_idx = 0; arg_idx < args.size(); arg_idx++) {
    values[arg_idx].Reset(&args[arg_idx]);
    pointers[arg_idx] = &values[arg_idx];
  }
  callback(static_cast<int>(args.size()), pointers);
}

void CallScalar(vdbe::FunctionContext* call, std::span<const Mem> args) {
  UserFunction* function = FunctionOf(call);
  sqlite3_context context{call, function, nullptr};
  call->result()->SetNull();
  WithValues(args, [&](int argc, sqlite3_value** argv) { function->scalar(&context, argc, argv); });
}

// An application aggregate: each group's state is the sqlite3_aggregate_context memory. As a
// window function (xValue and xInverse given) the engine also calls Value and Inverse.
class UserAggregate final : public vdbe::AggregateFunction {
 public:
  ~UserAggregate() override { state_.Clear(); }
  void Reset() override { state_.Clear(); }
  void Step(vdbe::FunctionContext* call, std::span<const Mem> args) override {
    UserFunction* function = FunctionOf(call);
    sqlite3_context context{call, function, &state_};
    WithValues(args, [&](int argc, sqlite3_value** argv) { function->step(&context, argc, argv); });
  }
  void Final(vdbe::FunctionContext* call) override {
    UserFunction* function = FunctionOf(call);
    sqlite3_context context{call, function, &state_};
    call->result()->SetNull();
    function->final(&context);
    state_.Clear();
  }
  void Value(vdbe::FunctionContext* call) override {
    UserFunction* function = FunctionOf(call);
    sqlite3_context context{call, function, &state_};
    call->result()->SetNull();
    function->value(&context);
  }
  void Inverse(vdbe::FunctionContext* call, std::span<const Mem> args) override {
    UserFunction* function = FunctionOf(call);
    sqlite3_context context{call, function, &state_};
    WithValues(args,
               [&](int argc, sqlite3_value** argv) { function->inverse(&context, argc, argv); });
  }

 private:
  AggregateState state_;
};

std::unique_ptr<vdbe::AggregateFunction> NewUserAggregate() {
  return std::make_unique<UserAggregate>();
}

bool ValidCallbacks(const UserFunction& f) {
  if ((f.value == nullptr) != (f.inverse == nullptr)) return false;
  if (f.scalar != nullptr) return f.step == nullptr && f.final == nullptr;
  return (f.step == nullptr) == (f.final == nullptr);
}

// Registers (or with no callbacks, deletes) an application function; the UserFunction's
// xDestroy runs on failure, as in SQLite.
int CreateFunction(sqlite3* db, const char* name, int arg_count, int flags,
                   std::unique_ptr<UserFunction> function) {
  if (!IsUsable(db)) return SQLITE_MISUSE;
  if (name == nullptr || !ValidCallbacks(*function) || arg_count < -1 ||
      arg_count > kMaxFunctionArgs || std::strlen(name) > kMaxNameLength) {
    return SQLITE_MISUSE;
  }
  for (sqlite3_stmt* stmt = db->statements; stmt != nullptr; stmt = stmt->next) {
    if (stmt->busy) {
      return SetError(db, SQLITE_BUSY,
                      "unable to delete/modify user-function due to active statements");
    }
  }
  function->db = db;
  for (const char* c = name; *c != '\0'; c++) {
    function->name.push_back(*c >= 'A' && *c <= 'Z' ? static_cast<char>(*c + 32) : *c);
  }
  vdbe::FunctionDef& def = function->def;
  def.name = function->name;
  def.arg_count = static_cast<int8_t>(arg_count);
  def.flags = static_cast<uint32_t>(flags) &
              (vdbe::kFunctionDeterministic | vdbe::kFunctionDirectOnly | vdbe::kFunctionInnocuous);
  def.scalar = function->scalar != nullptr ? CallScalar : nullptr;
  def.aggregate = function->step != nullptr ? NewUserAggregate : nullptr;
  if (def.aggregate != nullptr && function->value != nullptr) {
    def.flags |= vdbe::kFunctionWindow | vdbe::kFunctionInverse;
  }
  def.user_data = function.get();
  Rc rc = db->connection->SetFunction(&def);
  if (rc != Rc::kOk) {
    return SetError(db, rc, "simlite: application-defined functions are not available");
  }
  ReplaceFunction(db, std::move(function));
  ClearError(db);
  return SQLITE_OK;
}

}  // namespace

void ReplaceFunction(sqlite3* db, std::unique_ptr<UserFunction> function) {
  for (auto it = db->functions.begin(); it != db->functions.end(); ++it) {
    if ((*it)->name == function->name && (*it)->def.arg_count == function->def.arg_count) {
      db->functions.erase(it);
      break;
    }
  }
  for (sqlite3_stmt* stmt = db->statements; stmt != nullptr; stmt = stmt->next) {
    stmt->expired = true;
  }
  if (function->def.scalar != nullptr || function->def.aggregate != nullptr) {
    db->functions.push_back(std::move(function));
  }
}

}  // namespace simlite::api

namespace {

using Scalar = void (*)(sqlite3_context*, int, sqlite3_value**);
using Final = void (*)(sqlite3_context*);

int Create(sqlite3* db, const char* name, int arg_count, int flags, void* app, Scalar scalar,
           Scalar step, Final final, void (*destroy)(void*), Final value = nullptr,
           Scalar inverse = nullptr) {
  auto function = std::make_unique<simlite::api::UserFunction>();
  function->app = app;
  function->scalar = scalar;
  function->step = step;
  function->final = final;
  function->value = value;
  function->inverse = inverse;
  function->destroy = destroy;
  return simlite::api::CreateFunction(db, name, arg_count, flags, std::move(function));
}

}  // namespace

extern "C" {

int sqlite3_create_function(sqlite3* db, const char* name, int arg_count, int flags, void* app,
                            Scalar scalar, Scalar step, Final final) {
  return Create(db, name, arg_count, flags, app, scalar, step, final, nullptr);
}

int sqlite3_create_function_v2(sqlite3* db, const char* name, int arg_count, int flags,
                               void* app, Scalar scalar, Scalar step, Final final,
                               void (*destroy)(void*)) {
  return Create(db, name, arg_count, flags, app, scalar, step, final, destroy);
}

// An aggregate window function: with xValue and xInverse (both or neither, as SQLite wants)
// it may be called with OVER; without them it is a plain aggregate.
int sqlite3_create_window_function(sqlite3* db, const char* name, int arg_count, int flags,
                                   void* app, Scalar step, Final final, Final value,
                                   Scalar inverse, void (*destroy)(void*)) {
  return Create(db, name, arg_count, flags, app, nullptr, step, final, destroy, value, inverse);
}

int sqlite3_create_function16(sqlite3* db, const void* name, int arg_count, int flags,
                              void* app, Scalar scalar, Scalar step, Final final) {
  if (name == nullptr) return Create(db, nullptr, arg_count, flags, app, scalar, step, final,
                                     nullptr);
  std::string utf8;
  simlite::api::Utf16ToUtf8(name, simlite::api::Utf16Bytes(name), simlite::api::NativeUtf16(),
                            &utf8);
  return Create(db, utf8.c_str(), arg_count, flags, app, scalar, step, final, nullptr);
}

void* sqlite3_user_data(sqlite3_context* context) { return context->function->app; }

sqlite3* sqlite3_context_db_handle(sqlite3_context* context) { return context->function->db; }

void* sqlite3_aggregate_context(sqlite3_context* context, int n) {
  AggregateState* state = context->aggregate;
  if (state == nullptr) return nullptr;
  if (state->memory == nullptr && n > 0) {
    state->memory = simlite::api::Allocate(static_cast<uint64_t>(n));
    if (state->memory != nullptr) std::memset(state->memory, 0, static_cast<size_t>(n));
  }
  return state->memory;
}

// SQLite may discard auxiliary data at any time, even during sqlite3_set_auxdata: simlite
// keeps none.
void* sqlite3_get_auxdata(sqlite3_context*, int) { return nullptr; }

void sqlite3_set_auxdata(sqlite3_context*, int, void* data, void (*destroy)(void*)) {
  if (destroy != nullptr) destroy(data);
}

}  // extern "C"
