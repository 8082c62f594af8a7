// WindowInfo: how one window pass lays out its partition rows and which window functions it
// computes over them (the P4 operand of the Window* opcodes). Codegen fills it; the VM's
// WindowPartition (window.h) reads it. A row is a record whose fields are, by index: the
// PARTITION BY keys, the ORDER BY keys, then whatever codegen carries (function arguments and
// the state the output needs); only the fields named here mean anything to the VM.
#pragma once

#include <cstdint>
#include <vector>

#include "btree/record.h"

namespace simlite::vdbe {

struct FunctionDef;

// As parser/ast.h's (codegen casts one into the other; it checks they agree).
enum class FrameUnit : uint8_t { kRows, kRange, kGroups };
// Ordered as SQLite orders frame boundaries.
enum class FrameBound : uint8_t {
  kUnboundedPreceding,
  kPreceding,
  kCurrentRow,
  kFollowing,
  kUnboundedFollowing,
};
// kNone: no EXCLUDE clause. An explicit EXCLUDE NO OTHERS excludes nothing either, but, as in
// SQLite, its frames are recomputed row by row (what FILTER and application functions see).
enum class FrameExclude : uint8_t { kNone, kNoOthers, kCurrentRow, kGroup, kTies };

// One window function call of the pass.
struct WindowCall {
  const FunctionDef* def = nullptr;
  int arg_field = 0;  // its arguments are fields [arg_field, arg_field + arg_count)
  int arg_count = 0;
  int filter_field = -1;  // FILTER (WHERE ...): a field holding the condition, or -1
  int result_reg = 0;     // WindowNext leaves the call's value for the current row here
  btree::Collation collation = btree::Collation::kBinary;  // min(), max()
  FrameUnit unit = FrameUnit::kRange;
  FrameBound start = FrameBound::kUnboundedPreceding;
  FrameBound end = FrameBound::kCurrentRow;
  FrameExclude exclude = FrameExclude::kNone;
  // The registers holding the offsets of "n PRECEDING" / "n FOLLOWING" bounds (else 0).
  int start_reg = 0;
  int end_reg = 0;
  // The built-in min() (-1) or max() (+1): over a frame whose start moves they keep a queue
  // of candidate rows (no inverse would do).
  int8_t extremum = 0;
};

struct WindowInfo {
  // Rows are peers when the ORDER BY fields [order_field, order_field + order_count) compare
  // equal (with order_keys' collations); with no ORDER BY every row of a partition is a peer.
  int order_field = 0;
  int order_count = 0;
  btree::KeyInfo order_keys;
  // RANGE with an offset: the field of the single ORDER BY term and its direction.
  int range_field = -1;
  bool range_descending = false;
  std::vector<WindowCall> calls;
};

}  // namespace simlite::vdbe
