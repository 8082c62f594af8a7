// RETURNING (lang_returning.html): the rows an INSERT, UPDATE or DELETE changed, as the
// statement's result. As in SQLite, every change is made first — each changed row's RETURNING
// values go into a transient table as it is written — and the rows are returned after.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "codegen/codegen_context.h"
#include "codegen/name_context.h"
#include "parser/ast.h"

namespace simlite::codegen {

class ReturningCoder {
 public:
  // `returning` may be absent (then every call does nothing).
  ReturningCoder(CodegenContext* ctx, const Table* table, const parser::Returning& returning)
      : ctx_(ctx), table_(table), returning_(returning) {}

  // Checks the expressions, opens the transient table and names the result columns.
  Rc Begin();
  // The row in r[row..] (RowWriter's layout) was inserted, updated or deleted.
  Rc EmitRow(int row);
  // After the changes: returns the collected rows.
  void End();
  bool active() const { return returning_.present; }

 private:
  CodegenContext* ctx_;
  const Table* table_;
  const parser::Returning& returning_;
  std::vector<FromItem> items_;
  NameContext nc_;
  std::vector<const parser::Expr*> exprs_;
  int cursor_ = -1;
};

}  // namespace simlite::codegen
