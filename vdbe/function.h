// Built-in SQL functions: the calling convention (FunctionContext, like sqlite3_context), the
// per-connection environment they may read (clock, randomness, the connection's counters), and
// the registry that codegen looks functions up in by name and argument count.
//
// Invariants:
//  1. A function reads the outside world only through its FunctionEnv: 'now' from env.clock,
//     random() and randomblob() from env.random, changes() and friends from env.connection.
//  2. 'now' is read at most once per statement step (StepTime), so every date function within
//     one sqlite3_step sees the same instant, as in SQLite.
//  3. A function either sets ctx->result() or reports an error (SetError); after an error the
//     result is unspecified and the VM aborts the statement with the error.
//  4. Results are owned by the result Mem (never borrowed from an argument that may die first),
//     except where a function returns one of its arguments unchanged (ShallowCopyFrom is then
//     the VM's business: arguments outlive the call).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result_code.h"
#include "io/clock.h"
#include "io/random.h"
#include "vdbe/mem.h"

namespace simlite::vdbe {

class LocalTime;  // date_time.h

// What changes(), total_changes() and last_insert_rowid() read: the connection.
class ConnectionInfo {
 public:
  virtual ~ConnectionInfo() = default;
  // sqlite3_changes64(): rows changed by the most recent INSERT, UPDATE or DELETE.
  virtual int64_t Changes() = 0;
  // sqlite3_total_changes64(): rows changed since the connection opened.
  virtual int64_t TotalChanges() = 0;
  // sqlite3_last_insert_rowid().
  virtual int64_t LastInsertRowid() = 0;
  // ATTACH file AS name / DETACH name (the sqlite_attach and sqlite_detach functions that
  // those statements compile to). Errors: kError with SQLite's message in *error.
  virtual Rc Attach(std::string_view file, std::string_view name, std::string* error) = 0;
  virtual Rc Detach(std::string_view name, std::string* error) = 0;
};

// The instant 'now' of one statement step: unset until a function first asks, then fixed until
// the VM calls Reset() at the next step.
class StepTime {
 public:
  void Reset() { unix_ms_ = kUnset; }
  // The clock's time, read once per step.
  int64_t UnixMs(io::Clock* clock) {
    if (unix_ms_ == kUnset) unix_ms_ = clock->NowUnixMs();
    return unix_ms_;
  }

 private:
  static constexpr int64_t kUnset = INT64_MIN;
  int64_t unix_ms_ = kUnset;
};

// What a connection gives its functions. Any pointer may be null when the functions that need
// it are not called (tests); calling them then is a programmer error.
struct FunctionEnv {
  io::Clock* clock = nullptr;
  io::Random* random = nullptr;
  ConnectionInfo* connection = nullptr;
  // The time zone of 'localtime' and 'utc'; null means UTC.
  LocalTime* local_time = nullptr;
};

struct FunctionDef;

// One call's context: where the result goes, the error channel, the collation the function was
// invoked with (min/max/nullif/instr... compare with it), and scratch space reused across calls.
class FunctionContext {
 public:
  FunctionContext(const FunctionEnv* env, StepTime* step_time, Mem* result)
      : env_(env), step_time_(step_time), result_(result) {}

  Mem* result() { return result_; }
  const FunctionEnv& env() const { return *env_; }
  // 'now' in milliseconds since the Unix epoch, fixed for the current step (invariant 2).
  int64_t NowUnixMs() { return step_time_->UnixMs(env_->clock); }

  Collation collation() const { return collation_; }
  void set_collation(Collation collation) { collation_ = collation; }
  // Compares the custom collations collation() may name (null when the program has none).
  const btree::CustomCollations* custom_collations() const { return custom_collations_; }
  void set_custom_collations(const btree::CustomCollations* custom) {
    custom_collations_ = custom;
  }
  // The function being called (set by the VM before each call): application-defined
  // functions find their own data in it (FunctionDef::user_data).
  const FunctionDef* function() const { return function_; }
  void set_function(const FunctionDef* function) { function_ = function; }

  // Reports an error: SQLite's message and result code (SQLITE_ERROR unless stated).
  void SetError(std::string_view message, Rc rc = Rc::kError) {
    rc_ = rc;
    error_.assign(message);
  }
  // "string or blob too big" (SQLITE_TOOBIG).
  void SetTooBig() { SetError("string or blob too big", Rc::kTooBig); }
  bool failed() const { return rc_ != Rc::kOk; }
  Rc rc() const { return rc_; }
  const std::string& error() const { return error_; }
  // Clears the error state (the VM reuses one context for many calls).
  void ClearError() {
    rc_ = Rc::kOk;
    error_.clear();
  }

  // Buffers for building results; their capacity survives across calls.
  std::string& scratch() { return scratch_; }
  std::string& scratch_aux() { return scratch_aux_; }

 private:
  const FunctionEnv* env_;
  StepTime* step_time_;
  Mem* result_;
  Collation collation_ = Collation::kBinary;
  const btree::CustomCollations* custom_collations_ = nullptr;
  const FunctionDef* function_ = nullptr;
  Rc rc_ = Rc::kOk;
  std::string error_;
  std::string scratch_;
  std::string scratch_aux_;
};

using ScalarFunction = void (*)(FunctionContext* ctx, std::span<const Mem> args);

// An aggregate's per-group state. The VM makes one per aggregate per query, calls Step for each
// row of a group, Final at the group's end, then Reset before the next group (no allocation per
// group). Step may report errors through ctx (sum()'s "integer overflow").
class AggregateFunction {
 public:
  virtual ~AggregateFunction() = default;
  virtual void Reset() = 0;
  virtual void Step(FunctionContext* ctx, std::span<const Mem> args) = 0;
  // Sets ctx->result() to the group's value. Does not reset the state.
  virtual void Final(FunctionContext* ctx) = 0;
  // As a window function (FunctionDef::flags has kFunctionWindow): the value of the rows
  // stepped so far, the state kept (xValue). Built-in aggregates' Final already keeps it.
  virtual void Value(FunctionContext* ctx) { Final(ctx); }
  // Removes the oldest row still stepped (xInverse); called only when the def has
  // kFunctionInverse, with the arguments that row was stepped with.
  virtual void Inverse(FunctionContext* ctx, std::span<const Mem> args) {
    (void)args;
    ctx->SetError("inverse not implemented");
  }
};

using AggregateFactory = std::unique_ptr<AggregateFunction> (*)();

// Flags, with SQLite's values where SQLite has them (pragma function_list shows those).
enum FunctionFlag : uint32_t {
  kFunctionDeterministic = 0x000800,  // same arguments, same result (SQLITE_DETERMINISTIC)
  kFunctionDirectOnly = 0x080000,     // not from triggers, views, schema (SQLITE_DIRECTONLY)
  kFunctionInnocuous = 0x200000,      // no side effects (SQLITE_INNOCUOUS)
  // simlite's own, above SQLite's range:
  kFunctionNeedsCollation = 0x1000000,   // compares arguments with the call's collation
  kFunctionReadsClock = 0x2000000,       // date/time functions ('now'): fixed per statement
  kFunctionReadsConnection = 0x4000000,  // changes(), total_changes(), last_insert_rowid()
  kFunctionRandom = 0x8000000,           // random(), randomblob()
  kFunctionWindow = 0x10000000,          // an aggregate usable with OVER (it has Value)
  kFunctionInverse = 0x20000000,         // ... whose Inverse removes rows (else frames recompute)
};

// The built-in window-only functions (lang_windowfunc.html, "Built-in Window Functions"):
// computed by the VM's window partition (window.h), never called through scalar/aggregate.
enum class WindowFunctionKind : uint8_t {
  kNone,
  kRowNumber,
  kRank,
  kDenseRank,
  kPercentRank,
  kCumeDist,
  kNtile,
  kLag,
  kLead,
  kFirstValue,
  kLastValue,
  kNthValue,
};

struct FunctionDef {
  std::string_view name;  // lower case
  int8_t arg_count;       // -1: any number (see min_args)
  uint32_t flags;
  ScalarFunction scalar;       // set for scalar functions
  AggregateFactory aggregate;  // set for aggregate functions
  int8_t min_args = 0;         // for arg_count -1: the fewest arguments accepted
  // An application-defined function's own data (sqlite3_create_function's, see api/); the
  // function reads it through FunctionContext::function(). Null for built-ins.
  void* user_data = nullptr;
  // Set for the built-in window-only functions (row_number, lag, ...).
  WindowFunctionKind window = WindowFunctionKind::kNone;
};

// True when `def` may be called with OVER: a window-only built-in or a window aggregate.
inline bool IsWindowCapable(const FunctionDef& def) {
  return def.window != WindowFunctionKind::kNone ||
         (def.aggregate != nullptr && (def.flags & kFunctionWindow) != 0);
}

// The built-in function `name` (case-insensitive) taking `arg_count` arguments: the entry with
// exactly that count first, else a variadic one; nullptr when there is none. For min and max,
// one argument finds the aggregate, more the scalar.
const FunctionDef* FindFunction(std::string_view name, int arg_count);
// True when some built-in function is called `name`, whatever its argument count (to tell
// "wrong number of arguments to function X()" from "no such function: X").
bool FunctionNameExists(std::string_view name);
// Every built-in function, for introspection (pragma function_list) and tests.
std::vector<const FunctionDef*> AllFunctions();
// like() as PRAGMA case_sensitive_like=ON makes it: ASCII case matters.
const FunctionDef* CaseSensitiveLike(int arg_count);

// The functions a connection's SQL sees: its application-defined functions
// (sqlite3_create_function), then the built-ins. An application function takes precedence over
// any built-in of its name, as in SQLite: its exact argument count first, then its variadic
// form, and only then the built-ins.
// SQLite's limit on a function call's arguments (SQLITE_MAX_FUNCTION_ARG).
constexpr int kMaxFunctionArgs = 127;

class FunctionRegistry {
 public:
  // Adds def, replacing the entry with its name and argument count; a def with neither scalar
  // nor aggregate only removes that entry. The caller keeps *def alive while it is an entry.
  void Set(const FunctionDef* def);
  // As FindFunction, application functions first.
  const FunctionDef* Find(std::string_view name, int arg_count) const;
  // As FunctionNameExists, application functions included.
  bool NameExists(std::string_view name) const;

  // The most arguments a call may pass (SQLITE_LIMIT_FUNCTION_ARG).
  int max_args() const { return max_args_; }
  void set_max_args(int max_args) { max_args_ = max_args; }

 private:
  std::vector<const FunctionDef*> defs_;  // application functions, in no particular order
  int max_args_ = kMaxFunctionArgs;
};

}  // namespace simlite::vdbe
