// WhereLoop: the nested loops over a FROM clause (SQLite's where.c, much simplified). Begin()
// opens the cursors and emits one loop per FROM item, in FROM order, each using the best
// access path it finds for its table:
//   - rowid equality   rowid = expr            SeekRowid, at most one row
//   - index equality   col1 = e1 AND ...       SeekGE + IdxGT over the longest usable prefix
//   - rowid range      rowid > e AND rowid < f SeekGE/SeekGT + an upper bound check
//   - full scan        Rewind / Next
// where the expressions depend only on earlier loops (or on nothing). Every WHERE term is then
// tested at the innermost loop where all the tables it names are positioned (terms that name
// none are tested once, before the loops); a term used by an access path is tested too, so an
// access path only has to deliver a superset of the matching rows.
//
// LEFT JOIN: the right item's ON terms are tested before its match flag is set; when its loop
// ends without a match, the loop body runs once more with the item on a null row.
#pragma once

#include <cstdint>
#include <vector>

#include "codegen/expr_coder.h"
#include "codegen/name_context.h"

namespace simlite::codegen {

class WhereLoop {
 public:
  WhereLoop(CodegenContext* ctx, ExprCoder* coder, std::vector<FromItem>* items)
      : ctx_(ctx), coder_(coder), items_(items) {}

  // Opens cursors and emits the loop headers; `where` may be null. The items' cursors must
  // be allocated, and subquery items materialized, before.
  Rc Begin(const parser::Expr* where);
  // Jump here to go on with the next row of the innermost loop.
  int continue_label() const { return continue_label_; }
  // The address after all the loops (the caller resolves nothing: End() does).
  int break_label() const { return break_label_; }
  // Emits the loop tails and resolves the labels.
  Rc End();

 private:
  enum class Access : uint8_t { kScan, kRowidEq, kRowidRange, kIndexEq };

  struct Term {
    const parser::Expr* expr = nullptr;
    uint64_t mask = 0;     // FROM items referenced
    int on_item = -1;      // a LEFT JOIN's ON term: the item it belongs to
    bool coded = false;
  };

  struct Level {
    int item = 0;
    Access access = Access::kScan;
    const Index* index = nullptr;
    int index_cursor = -1;
    std::vector<const Term*> eq_terms;  // the index's (or rowid's) equality terms, in order
    const Term* lower = nullptr;        // rowid range
    const Term* upper = nullptr;
    int top = 0;          // address of the loop body's first instruction
    int next_label = 0;   // go to the next row of this loop
    int end_label = 0;    // this loop is exhausted
    int body_label = 0;   // after the ON terms and the match flag (LEFT JOIN re-entry)
    int match_reg = 0;    // LEFT JOIN: did any row match
  };

  Rc CollectTerms(const parser::Expr* where);
  void SplitAnd(const parser::Expr* expr, int on_item);
  Rc TermMask(const parser::Expr* expr, uint64_t* mask);
  Rc ChooseAccess(Level* level);
  // The column of item `item` that `expr` names (kRowidColumn for the rowid), or -3.
  Rc ItemColumn(const parser::Expr* expr, int item, int* column);
  Rc UsableEquality(const Term& term, int item, int column, const parser::Expr** value);
  Rc OpenCursors();
  Rc BeginLevel(Level* level);
  Rc BeginRowidRange(Level* level);
  Rc CodeTermsAt(int level_idx, bool on_terms, int fail_label);

  CodegenContext* ctx_;
  ExprCoder* coder_;
  std::vector<FromItem>* items_;
  std::vector<Term> terms_;
  std::vector<Level> levels_;
  int continue_label_ = 0;
  int break_label_ = 0;
};

}  // namespace simlite::codegen
