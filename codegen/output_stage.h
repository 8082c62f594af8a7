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
  void SetSortKeys(std::vector<SortKey> keys);
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
  int KeyFieldCount() const;

  CodegenContext* ctx_;
  SelectDest dest_;
  int column_count_;
  int limit_reg_ = 0;
  int offset_reg_ = 0;
  bool distinct_ = false;
  std::vector<Collation> distinct_collations_;
  int distinct_cursor_ = -1;
  std::vector<SortKey> keys_;
  int sorter_cursor_ = -1;
  int break_label_ = 0;
};

}  // namespace simlite::codegen
