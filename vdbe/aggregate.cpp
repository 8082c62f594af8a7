// The aggregate functions of lang_aggfunc.html: count, sum, total, avg, min, max and
// group_concat, as per-group state objects (see AggregateFunction in function.h).
//
// sum/total/avg add every value into a double as they go, and sum also keeps an exact int64
// while all values are integers: its result is that integer, or "integer overflow" if it ever
// overflowed, or the double once any value was not an integer. Values count as numbers the way
// sqlite3_value_numeric_type sees them: texts that are well-formed numbers are numbers, other
// texts and blobs add their numeric prefix (usually 0) and make the result REAL.
#include "vdbe/aggregate.h"

#include <algorithm>
#include <memory>

#include "vdbe/builtin.h"

namespace simlite::vdbe {
namespace {

class Count final : public AggregateFunction {
 public:
  void Reset() override { count_ = 0; }
  void Step(FunctionContext*, std::span<const Mem> args) override {
    if (args.empty() || !args[0].IsNull()) count_++;
  }
  void Final(FunctionContext* ctx) override { ctx->result()->SetInt(count_); }
  void Inverse(FunctionContext*, std::span<const Mem> args) override {
    if (args.empty() || !args[0].IsNull()) count_--;
  }

 private:
  int64_t count_ = 0;
};

enum class SumKind : uint8_t { kSum, kTotal, kAvg };

template <SumKind kKind>
class Sum final : public AggregateFunction {
 public:
  void Reset() override {
    real_sum_ = 0;
    int_sum_ = 0;
    count_ = 0;
    overflow_ = false;
    approximate_ = false;
  }
  void Step(FunctionContext*, std::span<const Mem> args) override {
    const Mem& x = args[0];
    if (x.IsNull()) return;
    count_++;
    double r = 0;
    bool is_int = false;
    int64_t i = 0;
    if (builtin::NumericValue(x, &r, &is_int, &i) && is_int) {
      real_sum_ += static_cast<double>(i);
      if (!approximate_ && !overflow_ && __builtin_add_overflow(int_sum_, i, &int_sum_)) {
        overflow_ = true;
      }
    } else {
      real_sum_ += ToReal(x);
      approximate_ = true;
    }
  }
  // The row's value comes off the sums (the exact integer one wraps, as SQLite's does; an
  // overflow or a non-integer seen stays seen).
  void Inverse(FunctionContext*, std::span<const Mem> args) override {
    const Mem& x = args[0];
    if (x.IsNull()) return;
    count_--;
    double r = 0;
    bool is_int = false;
    int64_t i = 0;
    if (builtin::NumericValue(x, &r, &is_int, &i) && is_int) {
      real_sum_ -= static_cast<double>(i);
      int_sum_ = static_cast<int64_t>(static_cast<uint64_t>(int_sum_) - static_cast<uint64_t>(i));
    } else {
      real_sum_ -= ToReal(x);
    }
  }
  void Final(FunctionContext* ctx) override {
    Mem* result = ctx->result();
    switch (kKind) {
      case SumKind::kTotal:
        result->SetReal(real_sum_);
        return;
      case SumKind::kAvg:
        if (count_ == 0) {
          result->SetNull();
        } else {
          result->SetReal(real_sum_ / static_cast<double>(count_));
        }
        return;
      case SumKind::kSum:
        break;
    }
    if (count_ == 0) {
      result->SetNull();
    } else if (overflow_) {
      ctx->SetError("integer overflow");
    } else if (approximate_) {
      result->SetReal(real_sum_);
    } else {
      result->SetInt(int_sum_);
    }
  }

 private:
  double real_sum_ = 0;
  int64_t int_sum_ = 0;
  int64_t count_ = 0;
  bool overflow_ = false;
  bool approximate_ = false;
};

}  // namespace

void MinMaxAggregate::Reset() {
  best_.SetNull();
  updated_ = false;
}

void MinMaxAggregate::Step(FunctionContext* ctx, std::span<const Mem> args) {
  const Mem& x = args[0];
  updated_ = false;
  if (x.IsNull()) return;
  // Only a strictly smaller (min) or greater (max) value replaces the best: the first of
  // equal values wins.
  if (!best_.IsNull()) {
    int c = btree::CompareValues(best_.View(), x.View(), ctx->collation(),
                                 ctx->custom_collations());
    if (is_max_ ? c >= 0 : c <= 0) return;
  }
  best_.CopyFrom(x);
  updated_ = true;
}

void MinMaxAggregate::Final(FunctionContext* ctx) {
  ctx->result()->CopyFrom(best_);
}

void GroupConcat::Reset() {
  text_.clear();
  any_ = false;
  too_big_ = false;
  lengths_.clear();
  head_ = 0;
}

void GroupConcat::Step(FunctionContext*, std::span<const Mem> args) {
  if (args[0].IsNull() || too_big_) return;
  NumberText scratch;
  uint32_t separator_size = 0;
  if (any_) {
    // The separator of the row being added goes before its value; a NULL one adds nothing.
    std::string_view separator = args.size() == 2 ? TextOf(args[1], &scratch) : ",";
    separator_size = static_cast<uint32_t>(separator.size());
    Append(separator);
  }
  any_ = true;
  std::string_view value = TextOf(args[0], &scratch);
  Append(value);
  lengths_.push_back(separator_size);
  lengths_.push_back(static_cast<uint32_t>(value.size()));
}

// Takes the oldest value off the front, with the separator that followed it.
void GroupConcat::Inverse(FunctionContext*, std::span<const Mem> args) {
  if (args[0].IsNull() || too_big_ || head_ >= lengths_.size()) return;
  size_t removed = lengths_[head_ + 1];
  head_ += 2;
  if (head_ < lengths_.size()) {
    removed += lengths_[head_];
    lengths_[head_] = 0;
  }
  text_.erase(0, std::min(removed, text_.size()));
  if (head_ >= lengths_.size()) {
    Reset();
  } else if (head_ > 64 && head_ * 2 > lengths_.size()) {
    lengths_.erase(lengths_.begin(), lengths_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
}

void GroupConcat::Append(std::string_view bytes) {
  if (static_cast<int64_t>(text_.size() + bytes.size()) > kMaxLength) {
    too_big_ = true;
    return;
  }
  text_.append(bytes);
}

void GroupConcat::Final(FunctionContext* ctx) {
  if (too_big_) {
    ctx->SetTooBig();
  } else if (!any_) {
    ctx->result()->SetNull();
  } else {
    builtin::ResultText(ctx, text_);
  }
}

namespace builtin {
namespace {

template <typename T>
std::unique_ptr<AggregateFunction> Make() {
  return std::make_unique<T>();
}
std::unique_ptr<AggregateFunction> MakeMin() {
  return std::make_unique<MinMaxAggregate>(/*is_max=*/false);
}
std::unique_ptr<AggregateFunction> MakeMax() {
  return std::make_unique<MinMaxAggregate>(/*is_max=*/true);
}

// Every built-in aggregate is also a window function; min() and max() have no inverse (a
// moving frame recomputes them).
constexpr uint32_t kAggregateFlags = kFunctionInnocuous | kFunctionWindow;
constexpr uint32_t kInverseFlags = kAggregateFlags | kFunctionInverse;

constexpr FunctionDef kAggregates[] = {
    {"avg", 1, kInverseFlags, nullptr, Make<Sum<SumKind::kAvg>>},
    {"count", 0, kInverseFlags, nullptr, Make<Count>},
    {"count", 1, kInverseFlags, nullptr, Make<Count>},
    {"group_concat", 1, kInverseFlags, nullptr, Make<GroupConcat>},
    {"group_concat", 2, kInverseFlags, nullptr, Make<GroupConcat>},
    {"max", 1, kAggregateFlags | kFunctionNeedsCollation, nullptr, MakeMax},
    {"min", 1, kAggregateFlags | kFunctionNeedsCollation, nullptr, MakeMin},
    {"sum", 1, kInverseFlags, nullptr, Make<Sum<SumKind::kSum>>},
    {"total", 1, kInverseFlags, nullptr, Make<Sum<SumKind::kTotal>>},
};

}  // namespace

std::span<const FunctionDef> AggregateFunctions() {
  return kAggregates;
}

}  // namespace builtin
}  // namespace simlite::vdbe
