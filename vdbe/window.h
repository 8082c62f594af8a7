// WindowPartition: the rows of one partition of a window pass, and the window functions
// computed over them (lang_windowfunc.html). Codegen sorts a pass's rows by PARTITION BY and
// ORDER BY, appends each partition's rows (WindowAppend), then walks them (WindowNext), reading
// each row's carried fields (WindowColumn) after WindowNext has left every function's value
// for that row in its result register.
//
// Invariants:
//  1. Rows are records appended to one buffer (their bytes and offsets); Clear() keeps the
//     buffers' capacity, so partitions after the first allocate nothing once the buffers have
//     grown. A partition lives in memory whole.
//  2. A function's frame for row r is the rows [start, end) of the partition, start and end
//     never decreasing as r grows (every frame kind SQLite has moves forwards). An aggregate
//     keeps the rows [agg_start_, agg_end_) stepped: the frame's new rows are stepped and its
//     old ones inverted (xInverse), as SQLite does; without an inverse, a frame whose start
//     moves is recomputed, and an EXCLUDE frame is always recomputed (step then final, as
//     SQLite's).
//  3. Peers are rows whose ORDER BY fields compare equal; groups_ numbers them when a
//     partition is first walked. Ranking functions, RANGE/GROUPS frames and EXCLUDE read them.
//  4. At the partition's end every aggregate gets its final call (errors ignored: SQLite
//     reports none from it) and is reset for the next partition.
//
// States: filling (Append) --first Next--> walking (Next, Column) --Next past the end, or
// Append--> empty (then filling).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "btree/record.h"
#include "common/result_code.h"
#include "vdbe/function.h"
#include "vdbe/mem.h"
#include "vdbe/window_info.h"

namespace simlite::vdbe {

class WindowPartition {
 public:
  explicit WindowPartition(const WindowInfo* info);
  ~WindowPartition();
  WindowPartition(const WindowPartition&) = delete;
  WindowPartition& operator=(const WindowPartition&) = delete;

  // Adds a row (a record) at the end of the partition; when a walk was left unfinished, the
  // old partition is cleared first.
  void Append(FunctionContext* ctx, std::span<const uint8_t> record);
  // Moves to the next row and computes every call's value into registers[call.result_reg].
  // Past the last row: clears the partition and sets *has_row false. Errors (a bad frame
  // offset, a function's own) come back with their message in *error.
  Rc Next(FunctionContext* ctx, Mem* registers, bool* has_row, std::string* error);
  // Field `field` of the current row, copied into *out.
  Rc Column(int field, Mem* out);
  // Drops the rows (and finishes the aggregates) without walking them.
  void Clear(FunctionContext* ctx);

 private:
  // Per call: the aggregate and the rows it has stepped, the partition's checked offsets.
  struct CallState {
    std::unique_ptr<AggregateFunction> aggregate;
    int64_t agg_start = 0;
    int64_t agg_end = 0;
    bool stepped = false;      // the aggregate has seen rows since its last reset
    int64_t start_offset = 0;  // ROWS / GROUPS offsets
    int64_t end_offset = 0;
    Mem start_value;  // RANGE offsets
    Mem end_value;
    int64_t ntile_buckets = 0;
    Mem value;  // the aggregate's value for the row before
    // min() / max() (WindowCall::extremum): rows of [agg_start, agg_end) whose values no
    // later row beats, from queue[queue_head] on, best first.
    std::vector<int64_t> queue;
    size_t queue_head = 0;
  };

  int64_t size() const { return static_cast<int64_t>(offsets_.size()) - 1; }
  Rc OpenRow(int64_t row, btree::RecordReader* reader);
  Rc Field(int64_t row, int field, btree::ValueView* value);
  Rc FieldMem(int64_t row, int field, Mem* out);
  Rc Start(Mem* registers, std::string* error);
  Rc ComputeGroups();
  Rc CheckOffsets(const WindowCall& call, CallState* state, Mem* registers, std::string* error);
  Rc Frame(const WindowCall& call, const CallState& state, int64_t row, int64_t* start,
           int64_t* end);
  Rc Bound(const WindowCall& call, const CallState& state, int64_t row, bool is_start,
           int64_t* position);
  Rc RangeBound(const Mem& offset, FrameBound kind, int64_t row, bool is_start, int64_t* position);
  bool Excluded(const WindowCall& call, int64_t row, int64_t candidate) const;
  Rc Compute(const WindowCall& call, CallState* state, FunctionContext* ctx, Mem* result,
             std::string* error);
  void ComputeRanking(const WindowCall& call, const CallState& state, Mem* result);
  Rc ComputeOffset(const WindowCall& call, Mem* result);
  Rc ComputeValue(const WindowCall& call, int64_t start, int64_t end, Mem* result,
                  std::string* error);
  Rc ComputeAggregate(const WindowCall& call, CallState* state, FunctionContext* ctx, int64_t start,
                      int64_t end, Mem* result, std::string* error);
  // Steps (or inverts) row `row` into the call's aggregate unless its FILTER says no.
  Rc Feed(const WindowCall& call, CallState* state, FunctionContext* ctx, int64_t row, bool inverse,
          std::string* error);
  // The row's arguments into args_ (borrowing the partition's bytes); *skip when its FILTER
  // (if `filter`) says no.
  Rc LoadArgs(const WindowCall& call, int64_t row, bool* skip, bool filter = true);
  Rc ComputeExtremum(const WindowCall& call, CallState* state, int64_t start, int64_t end,
                     Mem* result);
  void ResetAggregate(CallState* state);

  const WindowInfo* info_;
  std::vector<uint8_t> bytes_;
  std::vector<size_t> offsets_{0};     // row i is bytes_[offsets_[i], offsets_[i + 1])
  std::vector<uint32_t> group_of_;     // per row: its peer group
  std::vector<uint32_t> group_start_;  // per group: its first row; then the row count
  int64_t numeric_start_ = 0;          // RANGE: the rows whose ORDER BY value is a number
  int64_t numeric_end_ = 0;
  // RANGE: each row's ORDER BY value (numbers only are read; bytes point into bytes_).
  std::vector<btree::ValueView> range_values_;
  int64_t current_ = -1;  // -1 while filling
  std::vector<CallState> states_;
  std::vector<Mem> args_;
  btree::RecordReader reader_;
  btree::RecordReader other_reader_;
};

}  // namespace simlite::vdbe
