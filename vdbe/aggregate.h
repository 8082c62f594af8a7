// Aggregates whose state the VM needs to see beyond Step/Final. The others (count, sum, total,
// avg) are reached only through FindFunction() and their AggregateFunction interface.
#pragma once

#include <string>
#include <vector>

#include "vdbe/function.h"

namespace simlite::vdbe {

// min(X) / max(X): the least / greatest non-NULL value by the call's collation; the first of
// equal values is kept. updated() tells whether the last Step took its row's value, which is
// how SQLite picks the row that bare columns in "SELECT max(x), y FROM t" come from.
class MinMaxAggregate final : public AggregateFunction {
 public:
  explicit MinMaxAggregate(bool is_max) : is_max_(is_max) {}
  void Reset() override;
  void Step(FunctionContext* ctx, std::span<const Mem> args) override;
  void Final(FunctionContext* ctx) override;
  bool updated() const { return updated_; }

 private:
  bool is_max_;
  bool updated_ = false;
  Mem best_;
};

// group_concat(X [, SEP]): the texts of the non-NULL values, joined by SEP (the separator
// given with each value after the first; "," by default). NULL when there are none;
// "string or blob too big" past kMaxLength. As a window function, Inverse takes the oldest
// value off the front.
class GroupConcat final : public AggregateFunction {
 public:
  void Reset() override;
  void Step(FunctionContext* ctx, std::span<const Mem> args) override;
  void Final(FunctionContext* ctx) override;
  void Inverse(FunctionContext* ctx, std::span<const Mem> args) override;

 private:
  void Append(std::string_view bytes);

  std::string text_;
  bool any_ = false;
  bool too_big_ = false;
  // Per value in text_ from lengths_[head_]: the size of the separator before it, then its own.
  std::vector<uint32_t> lengths_;
  size_t head_ = 0;
};

}  // namespace simlite::vdbe
