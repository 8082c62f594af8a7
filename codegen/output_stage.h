// OutputStage: what happens to each result row of a SELECT after its WHERE loop produced it:
// DISTINCT (a transient index of the rows seen), ORDER BY (rows and sort keys into a sorter,
// read back sorted once the loops end), OFFSET and LIMIT (counters in registers), and the
// destination (SelectDest).
//
// Order, as in SQLite: DISTINCT, then sorting, then OFFSET/LIMIT, then the destination.
#pragma once

#include <string>
#include <vector>

#include "codegen/expr_coder.h"
#include "codegen/select_coder.h"

namespace simlite::codegen {

// A sort key with a NULLS placement other than its direction's default sorts on a flag
// before its value: r[flag] = 1 when r[value] is NULL, else 0.
void EmitNullFlag(ProgramBuilder& b, int value, int flag);

// One ORDER BY key: a result column (result >= 0) or an expression of the query.
struct SortKey {
  int result = -1;
  const parser::Expr* expr = nullptr;
  bool descending = false;
  bool nulls_first = true;  // NULLS FIRST (the ascending default)
  Collation collation = Collation::kBinary;
};

class OutputStage {
 public:
  OutputStage(CodegenContext* ctx, const SelectDest& dest, int column_count)
      : ctx_(ctx), dest_(dest), column_count_(column_count) {
    break_label_ = ctx->builder().NewLabel();
  }

  // Set up before the loops: LIMIT/OFFSET registers (evaluated now), the DISTINCT index and
  // the sorter.
  Rc SetLimit(const parser::Expr* limit, const parser::Expr* offset);
  // DISTINCT, comparing result columns with these collations.
  void SetDistinct(std::vector<Collation> collations);
  bool distinct() const { return distinct_; }
  // The rows cannot repeat (DISTINCT is dropped), or equal rows come next to each other (each
  // row is compared with the one before instead of being looked up in a transient index).
  void DropDistinct() { distinct_ = false; }
  void set_distinct_ordered() { distinct_ordered_ = true; }
  void SetSortKeys(std::vector<SortKey> keys);
  // The rows come sorted by the leading keys already (only the plan's wording changes: the
  // sort is a full, stable one).
  void set_partial_sort() { partial_sort_ = true; }
  Rc Open();

  // Inside the loops: the row in r[first..first+column_count). `skip` goes on with the next
  // row; `coder` evaluates sort keys that are expressions.
  Rc EmitRow(ExprCoder* coder, int first, int skip);
  // After the loops: reads the sorter back (when sorting) and resolves the end label.
  Rc Finish();

  // The end of the whole select (LIMIT reached, scalar found).
  int break_label() const { return break_label_; }
  bool sorting() const { return !keys_.empty(); }
  const std::vector<SortKey>& keys() const { return keys_; }

 private:
  Rc Deliver(int first, int skip);
  btree::KeyInfo DistinctKeyInfo() const;
  int KeyFieldCount() const;

  CodegenContext* ctx_;
  SelectDest dest_;
  int column_count_;
  int limit_reg_ = 0;
  int offset_reg_ = 0;
  bool distinct_ = false;
  std::vector<Collation> distinct_collations_;
  int distinct_cursor_ = -1;
  bool distinct_ordered_ = false;
  int previous_reg_ = 0;  // ordered DISTINCT: the row before, and whether there was one
  int seen_reg_ = 0;
  std::vector<SortKey> keys_;
  int sorter_cursor_ = -1;
  bool partial_sort_ = false;
  int break_label_ = 0;
};

}  // namespace simlite::codegen
