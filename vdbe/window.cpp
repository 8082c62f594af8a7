// WindowPartition (see window.h): frames, peers, the built-in window functions and aggregates
// over frames. Also the registry entries of the window-only built-ins.
#include "vdbe/window.h"

#include <algorithm>
#include <cassert>

#include "vdbe/builtin.h"
#include "vdbe/expr_ops.h"
#include "vdbe/value.h"
#include "vdbe/vm_ops.h"

namespace simlite::vdbe {
namespace {

using btree::ValueView;

bool IsNumber(const ValueView& value) {
  return value.type == ValueType::kInteger || value.type == ValueType::kReal;
}

// OP_MustBeInt's test: the value is an integer once NUMERIC affinity is applied.
bool AsInteger(const Mem& value, int64_t* out) {
  Mem copy;
  copy.CopyFrom(value);
  ApplyAffinity(&copy, Affinity::kNumeric);
  if (copy.type() != ValueType::kInteger) return false;
  *out = copy.i();
  return true;
}

const char* OffsetError(FrameUnit unit, bool is_start) {
  if (unit == FrameUnit::kRange) {
    return is_start ? "frame starting offset must be a non-negative number"
                    : "frame ending offset must be a non-negative number";
  }
  return is_start ? "frame starting offset must be a non-negative integer"
                  : "frame ending offset must be a non-negative integer";
}

bool HasOffset(FrameBound bound) {
  return bound == FrameBound::kPreceding || bound == FrameBound::kFollowing;
}

// Checks one "n PRECEDING/FOLLOWING" offset as SQLite does once per partition: ROWS and GROUPS
// want a non-negative integer, RANGE a non-negative number.
bool CheckOffset(FrameUnit unit, const Mem& value, int64_t* integer, Mem* number) {
  if (unit != FrameUnit::kRange) return AsInteger(value, integer) && *integer >= 0;
  number->CopyFrom(value);
  ApplyAffinity(number, Affinity::kNumeric);
  if (!number->IsNumber()) return false;
  return number->type() == ValueType::kInteger ? number->i() >= 0 : number->r() >= 0;
}

}  // namespace

WindowPartition::WindowPartition(const WindowInfo* info) : info_(info) {
  states_.resize(info->calls.size());
  size_t arg_max = 1;
  for (const WindowCall& call : info->calls) {
    arg_max = std::max(arg_max, static_cast<size_t>(call.arg_count));
  }
  args_.resize(arg_max);
}

WindowPartition::~WindowPartition() = default;

void WindowPartition::Append(FunctionContext* ctx, std::span<const uint8_t> record) {
  // A walk left before its end (LIMIT, a scalar subquery's first row) is over.
  if (current_ >= 0) Clear(ctx);
  bytes_.insert(bytes_.end(), record.begin(), record.end());
  offsets_.push_back(bytes_.size());
}

Rc WindowPartition::OpenRow(int64_t row, btree::RecordReader* reader) {
  const size_t begin = offsets_[static_cast<size_t>(row)];
  const size_t end = offsets_[static_cast<size_t>(row) + 1];
  return reader->Init(bytes_.data() + begin, static_cast<uint32_t>(end - begin));
}

Rc WindowPartition::Field(int64_t row, int field, ValueView* value) {
  SIMLITE_TRY(OpenRow(row, &reader_));
  return reader_.Column(static_cast<uint32_t>(field), value);
}

Rc WindowPartition::FieldMem(int64_t row, int field, Mem* out) {
  ValueView value;
  SIMLITE_TRY(Field(row, field, &value));
  StoreValue(value, out);
  return Rc::kOk;
}

Rc WindowPartition::Column(int field, Mem* out) {
  assert(current_ >= 0 && current_ < size());
  return FieldMem(current_, field, out);
}

void WindowPartition::Clear(FunctionContext* ctx) {
  for (size_t call_idx = 0; call_idx < states_.size(); call_idx++) {
    CallState& state = states_[call_idx];
    if (state.aggregate != nullptr && state.stepped) {
      // SQLite finalizes a window aggregate when it clears it, and reports no error from that.
      ctx->ClearError();
      ctx->set_function(info_->calls[call_idx].def);
      state.aggregate->Final(ctx);
      ctx->ClearError();
    }
    if (state.aggregate != nullptr) state.aggregate->Reset();
    state.agg_start = state.agg_end = 0;
    state.queue.clear();
    state.queue_head = 0;
    state.stepped = false;
  }
  bytes_.clear();
  offsets_.assign(1, 0);
  current_ = -1;
}

Rc WindowPartition::ComputeGroups() {
  const int64_t row_count = size();
  group_of_.resize(static_cast<size_t>(row_count));
  group_start_.clear();
  for (int64_t row = 0; row < row_count; row++) {
    bool same = row > 0;
    if (same && info_->order_count > 0) {
      SIMLITE_TRY(OpenRow(row - 1, &other_reader_));
      SIMLITE_TRY(OpenRow(row, &reader_));
    }
    for (int key_idx = 0; same && key_idx < info_->order_count; key_idx++) {
      ValueView previous;
      ValueView value;
      const auto field = static_cast<uint32_t>(info_->order_field + key_idx);
      SIMLITE_TRY(other_reader_.Column(field, &previous));
      SIMLITE_TRY(reader_.Column(field, &value));
      const size_t collation_idx = static_cast<size_t>(key_idx);
      const Collation collation = collation_idx < info_->order_keys.collations.size()
                                      ? info_->order_keys.collations[collation_idx]
                                      : Collation::kBinary;
      same = btree::CompareValues(previous, value, collation) == 0;
    }
    if (!same) group_start_.push_back(static_cast<uint32_t>(row));
    group_of_[static_cast<size_t>(row)] = static_cast<uint32_t>(group_start_.size() - 1);
  }
  group_start_.push_back(static_cast<uint32_t>(row_count));
  numeric_start_ = numeric_end_ = 0;
  range_values_.clear();
  if (info_->range_field < 0) return Rc::kOk;
  // Sorted rows keep the numbers together (NULLs, texts and blobs sort apart from them).
  bool found = false;
  range_values_.resize(static_cast<size_t>(row_count));
  for (int64_t row = 0; row < row_count; row++) {
    ValueView& value = range_values_[static_cast<size_t>(row)];
    SIMLITE_TRY(Field(row, info_->range_field, &value));
    if (!IsNumber(value)) continue;
    if (!found) numeric_start_ = row;
    found = true;
    numeric_end_ = row + 1;
  }
  return Rc::kOk;
}

Rc WindowPartition::CheckOffsets(const WindowCall& call, CallState* state, Mem* registers,
                                 std::string* error) {
  // (The frame a built-in imposes has bounds without offsets to check: register 0.)
  const bool start = HasOffset(call.start) && call.start_reg != 0;
  if (start && !CheckOffset(call.unit, registers[call.start_reg], &state->start_offset,
                            &state->start_value)) {
    *error = OffsetError(call.unit, true);
    return Rc::kError;
  }
  const bool end = HasOffset(call.end) && call.end_reg != 0;
  if (end &&
      !CheckOffset(call.unit, registers[call.end_reg], &state->end_offset, &state->end_value)) {
    *error = OffsetError(call.unit, false);
    return Rc::kError;
  }
  return Rc::kOk;
}

Rc WindowPartition::Start(Mem* registers, std::string* error) {
  SIMLITE_TRY(ComputeGroups());
  for (size_t call_idx = 0; call_idx < info_->calls.size(); call_idx++) {
    const WindowCall& call = info_->calls[call_idx];
    CallState& state = states_[call_idx];
    SIMLITE_TRY(CheckOffsets(call, &state, registers, error));
    if (call.def->window == WindowFunctionKind::kNtile) {
      // ntile() takes its bucket count from the partition's first row.
      Mem buckets;
      SIMLITE_TRY(FieldMem(0, call.arg_field, &buckets));
      state.ntile_buckets = ToInt64(buckets);
      if (state.ntile_buckets <= 0) {
        *error = "argument of ntile must be a positive integer";
        return Rc::kError;
      }
    }
  }
  return Rc::kOk;
}

Rc WindowPartition::Next(FunctionContext* ctx, Mem* registers, bool* has_row, std::string* error) {
  if (current_ < 0) {
    if (size() > 0) SIMLITE_TRY(Start(registers, error));
    current_ = 0;
  } else {
    current_++;
  }
  if (current_ >= size()) {
    Clear(ctx);
    *has_row = false;
    return Rc::kOk;
  }
  for (size_t call_idx = 0; call_idx < info_->calls.size(); call_idx++) {
    const WindowCall& call = info_->calls[call_idx];
    SIMLITE_TRY(Compute(call, &states_[call_idx], ctx, &registers[call.result_reg], error));
  }
  *has_row = true;
  return Rc::kOk;
}

// ---------------------------------------------------------------------------------------------
// Frames

Rc WindowPartition::RangeBound(const Mem& offset, FrameBound kind, int64_t row, bool is_start,
                               int64_t* position) {
  const uint32_t group = group_of_[static_cast<size_t>(row)];
  const ValueView& current = range_values_[static_cast<size_t>(row)];
  if (!IsNumber(current)) {
    // A NULL, text or blob value: the boundary is the row's peers.
    *position = group_start_[is_start ? group : group + 1];
    return Rc::kOk;
  }
  Mem current_mem;
  current_mem.SetFromView(current);
  const bool add = (kind == FrameBound::kFollowing) != info_->range_descending;
  Mem target;
  Arithmetic(add ? ArithOp::kAdd : ArithOp::kSubtract, current_mem, offset, &target);
  const ValueView target_view = target.View();
  // The first row of the numbers that is not before the boundary: for a start, the first
  // value >= target (<= when descending); for an end, the first value > target (<).
  int64_t low = numeric_start_;
  int64_t high = numeric_end_;
  while (low < high) {
    const int64_t middle = low + (high - low) / 2;
    const ValueView& value = range_values_[static_cast<size_t>(middle)];
    int c = btree::CompareValues(value, target_view, Collation::kBinary);
    if (info_->range_descending) c = -c;
    const bool before = is_start ? c < 0 : c <= 0;
    if (before) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  *position = low;
  return Rc::kOk;
}

Rc WindowPartition::Bound(const WindowCall& call, const CallState& state, int64_t row,
                          bool is_start, int64_t* position) {
  const FrameBound kind = is_start ? call.start : call.end;
  const int64_t row_count = size();
  const uint32_t group = group_of_[static_cast<size_t>(row)];
  const int64_t group_count = static_cast<int64_t>(group_start_.size()) - 1;
  const int64_t offset = is_start ? state.start_offset : state.end_offset;
  const bool preceding = kind == FrameBound::kPreceding;
  switch (kind) {
    case FrameBound::kUnboundedPreceding:
      *position = 0;
      return Rc::kOk;
    case FrameBound::kUnboundedFollowing:
      *position = row_count;
      return Rc::kOk;
    case FrameBound::kCurrentRow:
      if (call.unit == FrameUnit::kRows) {
        *position = is_start ? row : row + 1;
      } else {
        *position = group_start_[is_start ? group : group + 1];
      }
      return Rc::kOk;
    case FrameBound::kPreceding:
    case FrameBound::kFollowing:
      break;
  }
  if (call.unit == FrameUnit::kRange) {
    return RangeBound(is_start ? state.start_value : state.end_value, kind, row, is_start,
                      position);
  }
  // ROWS counts rows, GROUPS peer groups; `unit` is the current one's index.
  const int64_t unit = call.unit == FrameUnit::kRows ? row : static_cast<int64_t>(group);
  const int64_t unit_count = call.unit == FrameUnit::kRows ? row_count : group_count;
  int64_t target = 0;  // the boundary's unit, possibly outside [0, unit_count)
  if (preceding) {
    target = offset > unit ? -1 : unit - offset;
  } else {
    target = offset >= unit_count - unit ? unit_count : unit + offset;
  }
  if (!is_start) target++;  // the end is exclusive
  target = std::clamp<int64_t>(target, 0, unit_count);
  *position = call.unit == FrameUnit::kRows ? target : group_start_[static_cast<size_t>(target)];
  return Rc::kOk;
}

Rc WindowPartition::Frame(const WindowCall& call, const CallState& state, int64_t row,
                          int64_t* start, int64_t* end) {
  SIMLITE_TRY(Bound(call, state, row, true, start));
  SIMLITE_TRY(Bound(call, state, row, false, end));
  if (*end < *start) *end = *start;
  return Rc::kOk;
}

bool WindowPartition::Excluded(const WindowCall& call, int64_t row, int64_t candidate) const {
  const bool peer =
      group_of_[static_cast<size_t>(row)] == group_of_[static_cast<size_t>(candidate)];
  switch (call.exclude) {
    case FrameExclude::kNone:
    case FrameExclude::kNoOthers:
      return false;
    case FrameExclude::kCurrentRow:
      return candidate == row;
    case FrameExclude::kGroup:
      return peer;
    case FrameExclude::kTies:
      return peer && candidate != row;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Functions

Rc WindowPartition::Compute(const WindowCall& call, CallState* state, FunctionContext* ctx,
                            Mem* result, std::string* error) {
  switch (call.def->window) {
    case WindowFunctionKind::kLag:
    case WindowFunctionKind::kLead:
      return ComputeOffset(call, result);
    case WindowFunctionKind::kFirstValue:
    case WindowFunctionKind::kLastValue:
    case WindowFunctionKind::kNthValue:
    case WindowFunctionKind::kNone: {
      int64_t start = 0;
      int64_t end = 0;
      SIMLITE_TRY(Frame(call, *state, current_, &start, &end));
      if (call.def->window != WindowFunctionKind::kNone) {
        return ComputeValue(call, start, end, result, error);
      }
      return ComputeAggregate(call, state, ctx, start, end, result, error);
    }
    default:
      ComputeRanking(call, *state, result);
      return Rc::kOk;
  }
}

void WindowPartition::ComputeRanking(const WindowCall& call, const CallState& state, Mem* result) {
  const int64_t row = current_;
  const int64_t row_count = size();
  const uint32_t group = group_of_[static_cast<size_t>(row)];
  const int64_t rank = static_cast<int64_t>(group_start_[group]) + 1;
  switch (call.def->window) {
    case WindowFunctionKind::kRowNumber:
      result->SetInt(row + 1);
      break;
    case WindowFunctionKind::kRank:
      result->SetInt(rank);
      break;
    case WindowFunctionKind::kDenseRank:
      result->SetInt(static_cast<int64_t>(group) + 1);
      break;
    case WindowFunctionKind::kPercentRank:
      result->SetReal(
          row_count > 1 ? static_cast<double>(rank - 1) / static_cast<double>(row_count - 1) : 0.0);
      break;
    case WindowFunctionKind::kCumeDist:
      result->SetReal(static_cast<double>(group_start_[group + 1]) /
                      static_cast<double>(row_count));
      break;
    case WindowFunctionKind::kNtile: {
      // The first row_count % buckets buckets hold one row more than the others.
      const int64_t buckets = state.ntile_buckets;
      const int64_t small_size = row_count / buckets;
      if (small_size == 0) {
        result->SetInt(row + 1);
        break;
      }
      const int64_t large_count = row_count % buckets;
      const int64_t large_rows = large_count * (small_size + 1);
      result->SetInt(row < large_rows ? 1 + row / (small_size + 1)
                                      : 1 + large_count + (row - large_rows) / small_size);
      break;
    }
    default:
      assert(false && "not a ranking function");
      result->SetNull();
      break;
  }
}

// lag(x [, n [, default]]) / lead(...): x of the row n rows before / after, else default.
Rc WindowPartition::ComputeOffset(const WindowCall& call, Mem* result) {
  const int64_t row = current_;
  if (call.arg_count >= 3) {
    SIMLITE_TRY(FieldMem(row, call.arg_field + 2, result));
  } else {
    result->SetNull();
  }
  Mem offset;
  if (call.arg_count >= 2) {
    SIMLITE_TRY(FieldMem(row, call.arg_field + 1, &offset));
  } else {
    offset.SetInt(1);
  }
  // As SQLite: the row number plus or minus the offset, in SQL arithmetic, must be a row's.
  Mem position;
  position.SetInt(row);
  Mem target;
  const bool lag = call.def->window == WindowFunctionKind::kLag;
  Arithmetic(lag ? ArithOp::kSubtract : ArithOp::kAdd, position, offset, &target);
  int64_t target_row = 0;
  if (target.IsNull() || !AsInteger(target, &target_row)) return Rc::kOk;
  if (target_row < 0 || target_row >= size()) return Rc::kOk;
  return FieldMem(target_row, call.arg_field, result);
}

// first_value(x), last_value(x), nth_value(x, n) over the frame [start, end).
Rc WindowPartition::ComputeValue(const WindowCall& call, int64_t start, int64_t end, Mem* result,
                                 std::string* error) {
  int64_t nth = 1;
  if (call.def->window == WindowFunctionKind::kNthValue) {
    Mem n;
    SIMLITE_TRY(FieldMem(current_, call.arg_field + 1, &n));
    if (!AsInteger(n, &nth) || nth <= 0) {
      *error = "second argument to nth_value must be a positive integer";
      return Rc::kError;
    }
  }
  const bool last = call.def->window == WindowFunctionKind::kLastValue;
  int64_t found = -1;
  if (call.exclude == FrameExclude::kNone) {
    if (last) {
      found = end > start ? end - 1 : -1;
    } else if (nth <= end - start) {
      found = start + nth - 1;
    }
  } else {
    int64_t seen = 0;
    for (int64_t candidate = start; candidate < end; candidate++) {
      if (Excluded(call, current_, candidate)) continue;
      seen++;
      if (last || seen == nth) found = candidate;
      if (!last && seen == nth) break;
    }
  }
  if (found < 0) {
    result->SetNull();
    return Rc::kOk;
  }
  return FieldMem(found, call.arg_field, result);
}

Rc WindowPartition::LoadArgs(const WindowCall& call, int64_t row, bool* skip, bool filter) {
  *skip = false;
  SIMLITE_TRY(OpenRow(row, &reader_));
  if (filter && call.filter_field >= 0) {
    ValueView filter;
    SIMLITE_TRY(reader_.Column(static_cast<uint32_t>(call.filter_field), &filter));
    Mem condition;
    condition.SetFromView(filter);
    bool is_null = false;
    if (!ToBool(condition, &is_null) || is_null) {
      *skip = true;
      return Rc::kOk;
    }
  }
  for (int arg_idx = 0; arg_idx < call.arg_count; arg_idx++) {
    ValueView value;
    SIMLITE_TRY(reader_.Column(static_cast<uint32_t>(call.arg_field + arg_idx), &value));
    // Borrowed from the partition's bytes, which do not move while the row is computed.
    args_[static_cast<size_t>(arg_idx)].SetFromView(value);
  }
  return Rc::kOk;
}

Rc WindowPartition::Feed(const WindowCall& call, CallState* state, FunctionContext* ctx,
                         int64_t row, bool inverse, std::string* error) {
  bool skip = false;
  SIMLITE_TRY(LoadArgs(call, row, &skip));
  if (skip) return Rc::kOk;
  std::span<const Mem> args(args_.data(), static_cast<size_t>(call.arg_count));
  ctx->ClearError();
  if (inverse) {
    state->aggregate->Inverse(ctx, args);
  } else {
    state->aggregate->Step(ctx, args);
  }
  state->stepped = true;
  if (ctx->failed()) {
    *error = ctx->error();
    return ctx->rc();
  }
  return Rc::kOk;
}

void WindowPartition::ResetAggregate(CallState* state) {
  state->aggregate->Reset();
  state->stepped = false;
}

Rc WindowPartition::ComputeAggregate(const WindowCall& call, CallState* state, FunctionContext* ctx,
                                     int64_t start, int64_t end, Mem* result, std::string* error) {
  ctx->set_function(call.def);
  ctx->set_collation(call.collation);
  if (state->aggregate == nullptr) {
    state->aggregate = call.def->aggregate();
    state->aggregate->Reset();
  }
  ctx->ClearError();
  if (call.exclude != FrameExclude::kNone) {
    // Recomputed for each row, the value from the final call (as SQLite does).
    for (int64_t row = start; row < end; row++) {
      if (!Excluded(call, current_, row)) SIMLITE_TRY(Feed(call, state, ctx, row, false, error));
    }
    ctx->ClearError();
    ctx->result()->SetNull();
    state->aggregate->Final(ctx);
    ResetAggregate(state);
  } else if (call.unit != FrameUnit::kRows && current_ > 0 &&
             group_of_[static_cast<size_t>(current_)] ==
                 group_of_[static_cast<size_t>(current_) - 1]) {
    // A peer of the row before has its frame: its value, without another xValue (SQLite's
    // way, which an application function can see).
    result->CopyFrom(state->value);
    return Rc::kOk;
  } else if (call.extremum != 0 && call.start != FrameBound::kUnboundedPreceding) {
    SIMLITE_TRY(ComputeExtremum(call, state, start, end, result));
    state->value.CopyFrom(*result);
    return Rc::kOk;
  } else {
    const bool sliding =
        call.start == FrameBound::kUnboundedPreceding || (call.def->flags & kFunctionInverse) != 0;
    if (!sliding && start != state->agg_start) {
      ResetAggregate(state);
      state->agg_start = state->agg_end = start;
    }
    // SQLite's order, which decides a REAL sum's last bits and what an application function
    // sees: the rows up to the frame's first are stepped, the old ones inverted, then the
    // frame's last rows stepped; a frame that starts after the current row and is RANGE or
    // ends unbounded steps all its rows first.
    const bool step_all_first =
        call.start == FrameBound::kFollowing &&
        (call.unit == FrameUnit::kRange || call.end == FrameBound::kUnboundedFollowing);
    while (state->agg_end < (step_all_first ? end : std::min(end, start + 1))) {
      SIMLITE_TRY(Feed(call, state, ctx, state->agg_end++, false, error));
    }
    while (state->agg_start < start && state->agg_start < state->agg_end) {
      SIMLITE_TRY(Feed(call, state, ctx, state->agg_start++, true, error));
    }
    if (state->agg_start < start) state->agg_start = state->agg_end = start;
    while (state->agg_end < end) {
      SIMLITE_TRY(Feed(call, state, ctx, state->agg_end++, false, error));
    }
    ctx->ClearError();
    ctx->result()->SetNull();
    state->aggregate->Value(ctx);
  }
  if (ctx->failed()) {
    *error = ctx->error();
    return ctx->rc();
  }
  result->CopyFrom(*ctx->result());
  state->value.CopyFrom(*ctx->result());
  return Rc::kOk;
}

// min() / max() over a frame whose start moves: a queue of the frame's rows that may still be
// its best, each beating every row after it, O(1) per row amortized. As SQLite 3.40.1's (an
// index of the frame's values), the last of equal values wins, and FILTER is not applied.
Rc WindowPartition::ComputeExtremum(const WindowCall& call, CallState* state, int64_t start,
                                    int64_t end, Mem* result) {
  std::vector<int64_t>& queue = state->queue;
  if (start > state->agg_end) {
    queue.clear();
    state->queue_head = 0;
    state->agg_end = start;
  }
  while (state->agg_end < end) {
    const int64_t row = state->agg_end++;
    bool skip = false;
    SIMLITE_TRY(LoadArgs(call, row, &skip, /*filter=*/false));
    if (args_[0].IsNull()) continue;
    const ValueView value = args_[0].View();
    while (queue.size() > state->queue_head) {
      ValueView back;
      SIMLITE_TRY(Field(queue.back(), call.arg_field, &back));
      const int c = btree::CompareValues(back, value, call.collation);
      if (call.extremum > 0 ? c > 0 : c < 0) break;
      queue.pop_back();
    }
    queue.push_back(row);
  }
  state->agg_start = start;
  while (queue.size() > state->queue_head && queue[state->queue_head] < start) {
    state->queue_head++;
  }
  if (state->queue_head > 64 && state->queue_head * 2 > queue.size()) {
    queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(state->queue_head));
    state->queue_head = 0;
  }
  if (queue.size() == state->queue_head) {
    result->SetNull();
    return Rc::kOk;
  }
  return FieldMem(queue[state->queue_head], call.arg_field, result);
}

namespace builtin {
namespace {

constexpr uint32_t kWindowFlags = kFunctionInnocuous;

constexpr FunctionDef kWindowFunctions[] = {
    {"cume_dist", 0, kWindowFlags, nullptr, nullptr, 0, nullptr, WindowFunctionKind::kCumeDist},
    {"dense_rank", 0, kWindowFlags, nullptr, nullptr, 0, nullptr, WindowFunctionKind::kDenseRank},
    {"first_value", 1, kWindowFlags, nullptr, nullptr, 0, nullptr, WindowFunctionKind::kFirstValue},
    {"lag", 1, kWindowFlags, nullptr, nullptr, 0, nullptr, WindowFunctionKind::kLag},
    {"lag", 2, kWindowFlags, nullptr, nullptr, 0, nullptr, WindowFunctionKind::kLag},
    {"lag", 3, kWindowFlags, nullptr, nullptr, 0, nullptr, WindowFunctionKind::kLag},
    {"last_value", 1, kWindowFlags, nullptr, nullptr, 0, nullptr, WindowFunctionKind::kLastValue},
    {"lead", 1, kWindowFlags, nullptr, nullptr, 0, nullptr, WindowFunctionKind::kLead},
    {"lead", 2, kWindowFlags, nullptr, nullptr, 0, nullptr, WindowFunctionKind::kLead},
    {"lead", 3, kWindowFlags, nullptr, nullptr, 0, nullptr, WindowFunctionKind::kLead},
    {"nth_value", 2, kWindowFlags, nullptr, nullptr, 0, nullptr, WindowFunctionKind::kNthValue},
    {"ntile", 1, kWindowFlags, nullptr, nullptr, 0, nullptr, WindowFunctionKind::kNtile},
    {"percent_rank", 0, kWindowFlags, nullptr, nullptr, 0, nullptr,
     WindowFunctionKind::kPercentRank},
    {"rank", 0, kWindowFlags, nullptr, nullptr, 0, nullptr, WindowFunctionKind::kRank},
    {"row_number", 0, kWindowFlags, nullptr, nullptr, 0, nullptr, WindowFunctionKind::kRowNumber},
};

}  // namespace

std::span<const FunctionDef> WindowFunctions() {
  return kWindowFunctions;
}

}  // namespace builtin
}  // namespace simlite::vdbe
