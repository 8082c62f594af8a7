// INTERIM: a handful of built-in functions behind the registry interface of function.h, so
// the SQL engine can be tested before the full function library (branch `values`) lands.
// Delete this file when merging that branch (its FindFunction replaces this one).
#include <algorithm>
#include <memory>

#include "vdbe/expr_ops.h"
#include "vdbe/function.h"
#include "vdbe/value.h"

namespace simlite::vdbe {
namespace {

void AbsFunction(FunctionContext* ctx, std::span<const Mem> args) {
  const Mem& a = args[0];
  if (a.IsNull()) return ctx->result()->SetNull();
  if (a.type() == ValueType::kInteger) {
    if (a.i() == INT64_MIN) return ctx->SetError("integer overflow");
    return ctx->result()->SetInt(a.i() < 0 ? -a.i() : a.i());
  }
  double r = ToReal(a);
  ctx->result()->SetReal(r < 0 ? -r : r);
}

void TypeofFunction(FunctionContext* ctx, std::span<const Mem> args) {
  static constexpr std::string_view kNames[] = {"null", "integer", "real", "text", "blob"};
  ctx->result()->SetText(kNames[static_cast<int>(args[0].type())]);
}

class CountAggregate final : public AggregateFunction {
 public:
  void Reset() override { count_ = 0; }
  void Step(FunctionContext*, std::span<const Mem> args) override {
    if (args.empty() || !args[0].IsNull()) count_++;
  }
  void Final(FunctionContext* ctx) override { ctx->result()->SetInt(count_); }

 private:
  int64_t count_ = 0;
};

class SumAggregate final : public AggregateFunction {
 public:
  void Reset() override {
    any_ = false;
    is_real_ = false;
    overflow_ = false;
    i_ = 0;
    r_ = 0;
  }
  void Step(FunctionContext*, std::span<const Mem> args) override {
    const Mem& a = args[0];
    if (a.IsNull()) return;
    any_ = true;
    if (a.type() == ValueType::kInteger && !is_real_) {
      if (__builtin_add_overflow(i_, a.i(), &i_)) overflow_ = true;
      r_ += static_cast<double>(a.i());
      return;
    }
    if (!is_real_) r_ = static_cast<double>(i_);
    is_real_ = true;
    r_ += ToReal(a);
  }
  void Final(FunctionContext* ctx) override {
    if (!any_) return ctx->result()->SetNull();
    if (overflow_ && !is_real_) return ctx->SetError("integer overflow");
    if (is_real_) return ctx->result()->SetReal(r_);
    ctx->result()->SetInt(i_);
  }

 private:
  bool any_ = false;
  bool is_real_ = false;
  bool overflow_ = false;
  int64_t i_ = 0;
  double r_ = 0;
};

template <bool kMax>
class MinMaxAggregate final : public AggregateFunction {
 public:
  void Reset() override { best_.SetNull(); }
  void Step(FunctionContext* ctx, std::span<const Mem> args) override {
    const Mem& a = args[0];
    if (a.IsNull()) return;
    if (best_.IsNull()) {
      best_.CopyFrom(a);
      return;
    }
    int c = btree::CompareValues(a.View(), best_.View(), ctx->collation());
    if (kMax ? c > 0 : c < 0) best_.CopyFrom(a);
  }
  void Final(FunctionContext* ctx) override { ctx->result()->CopyFrom(best_); }

 private:
  Mem best_;
};

template <class T>
std::unique_ptr<AggregateFunction> Make() {
  return std::make_unique<T>();
}

constexpr uint32_t kPure = kFunctionDeterministic | kFunctionInnocuous;

const FunctionDef kFunctions[] = {
    {"abs", 1, kPure, AbsFunction, nullptr},
    {"typeof", 1, kPure, TypeofFunction, nullptr},
    {"count", 0, kPure, nullptr, Make<CountAggregate>},
    {"count", 1, kPure, nullptr, Make<CountAggregate>},
    {"sum", 1, kPure, nullptr, Make<SumAggregate>},
    {"min", 1, kPure | kFunctionNeedsCollation, nullptr, Make<MinMaxAggregate<false>>},
    {"max", 1, kPure | kFunctionNeedsCollation, nullptr, Make<MinMaxAggregate<true>>},
};

bool SameNameNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
           return x == y;
         });
}

}  // namespace

const FunctionDef* FindFunction(std::string_view name, int arg_count) {
  for (const FunctionDef& def : kFunctions) {
    if (SameNameNoCase(name, def.name) && def.arg_count == arg_count) return &def;
  }
  return nullptr;
}

bool FunctionNameExists(std::string_view name) {
  for (const FunctionDef& def : kFunctions) {
    if (SameNameNoCase(name, def.name)) return true;
  }
  return false;
}

std::vector<const FunctionDef*> AllFunctions() {
  std::vector<const FunctionDef*> all;
  for (const FunctionDef& def : kFunctions) all.push_back(&def);
  return all;
}

const FunctionDef* CaseSensitiveLike(int) { return nullptr; }

}  // namespace simlite::vdbe
