// WhereLoop: the nested loops over a FROM clause (SQLite's where.c, much simplified). Begin()
// opens the cursors and emits one loop per FROM item, each using the best access path it
// finds for its table given the loops outside it:
//   - rowid equality   rowid = expr            SeekRowid, at most one row
//   - index equality   col1 = e1 AND ...       SeekGE + IdxGT over the longest usable prefix
//   - automatic index  col = expr              (SELECT only, inner loops) a transient index
//                                              on (col, rowid) built once per run
//   - rowid range      rowid > e AND rowid < f SeekGE/SeekGT + an upper bound check
//   - full scan        Rewind / Next
// where the expressions depend only on outer loops (or on nothing). Without LEFT JOINs the
// loops are ordered greedily, cheapest access path first (rowid lookups, then index lookups,
// then scans; FROM order breaks ties); with them, in FROM order. Every WHERE term is tested at
// the innermost loop where all the tables it names are positioned (terms that name none are
// tested once, before the loops); a term used by an access path is tested too, so an access
// path only has to deliver a superset of the matching rows.
//
// LEFT JOIN: the right item's ON terms are tested before its match flag is set; when its loop
// ends without a match, the loop body runs once more with the item on a null row.
#pragma once

#include <cstdint>
#include <vector>

#include "codegen/expr_coder.h"
#include "codegen/name_context.h"

namespace simlite::codegen {

using parser::BinaryOp;

class WhereLoop {
 public:
  WhereLoop(CodegenContext* ctx, ExprCoder* coder, std::vector<FromItem>* items)
      : ctx_(ctx), coder_(coder), items_(items) {}

  // An extra term to test like a WHERE term (before Begin).
  void AddFilter(const parser::Expr* term) { SplitAnd(term, -1); }
  // Opens cursors and emits the loop headers; `where` may be null. The items' cursors must
  // be allocated, and subquery items materialized, before.
  Rc Begin(const parser::Expr* where);
  // Jump here to go on with the next row of the innermost loop.
  int continue_label() const { return continue_label_; }
  // The address after all the loops (the caller resolves nothing: End() does).
  int break_label() const { return break_label_; }
  // Emits the loop tails and resolves the labels.
  Rc End();
  // After Begin: the index the loop over `item` reads (null for none).
  const Index* IndexFor(int item) const {
    for (const Level& level : levels_) {
      if (level.item == item) return level.index;
    }
    return nullptr;
  }

 private:
  enum class Access : uint8_t { kScan, kRowidEq, kRowidRange, kIndexEq, kAutoIndex };

  // One side of a comparison term, analysed once (planning asks about it many times).
  struct Side {
    const parser::Expr* expr = nullptr;
    int item = -1;     // a column reference of this query: its item ...
    int column = -3;   // ... and column (kRowidColumn for the rowid)
    uint64_t mask = 0;
    bool subquery = false;
  };

  struct Term {
    const parser::Expr* expr = nullptr;
    uint64_t mask = 0;     // FROM items referenced
    int on_item = -1;      // a LEFT JOIN's ON term: the item it belongs to
    bool coded = false;
    bool comparison = false;  // a binary comparison: op and sides are set
    BinaryOp op = BinaryOp::kEq;
    Side sides[2];
    bool comparison_known = false;  // affinity and collation below computed
    Affinity affinity = Affinity::kNone;
    Collation collation = Collation::kBinary;
  };

  struct Level {
    int item = 0;
    Access access = Access::kScan;
    const Index* index = nullptr;
    int index_cursor = -1;
    std::vector<Term*> eq_terms;  // the index's (or rowid's) equality terms, in order
    int auto_column = -1;               // kAutoIndex: the indexed column
    uint64_t placed = 0;                // the items of the loops outside this one
    int cost = 0;                       // estimated rows per outer row (log scale)
    Term* lower = nullptr;              // rowid range
    Term* upper = nullptr;
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
  Rc ChooseIndex(Level* level);
  Rc ChooseAutoIndex(Level* level);
  Rc ChooseRowidRange(Level* level);
  Rc OrderLevels();
  // True when the comparison of `term` may drive a lookup in an index on a column of affinity
  // `column_affinity` and collation `collation` (SQLite's sqlite3IndexAffinityOk).
  Rc IndexUsable(Term* term, Affinity column_affinity, Collation collation, bool* usable);
  Rc AnalyzeSides(Term* term);
  void EmitAutoIndex(Level* level);
  std::string PlanText(const Level& level) const;
  Rc SeekIndexKey(Level* level, const std::vector<int>& columns);
  Rc FindIndexRange(const Level& level, const Index& index, size_t prefix, Term** lower,
                    Term** upper);
  Rc KeyValue(const Level& level, const Term& term, int column, const parser::Expr** value,
              char* affinity);
  BinaryOp RangeOp(const Level& level, const Term& term, int column) const;
  // The column of item `item` that `expr` names (kRowidColumn for the rowid), or -3.
  Rc ItemColumn(const parser::Expr* expr, int item, int* column);
  // When `term` is "column = value" (either way round) for the given column of item `item`,
  // with a value computable from the items in `placed` (or from nothing), *value receives the
  // value (else null).
  const parser::Expr* UsableEquality(const Term& term, int item, int column, uint64_t placed);
  Rc OpenCursors();
  Rc BeginLevel(Level* level);
  Rc BeginRowidRange(Level* level);
  Rc CodeTermsAt(const Level& level, bool on_terms, int fail_label);

  CodegenContext* ctx_;
  ExprCoder* coder_;
  std::vector<FromItem>* items_;
  std::vector<Term> terms_;
  std::vector<Level> levels_;
  int continue_label_ = 0;
  int break_label_ = 0;
};

}  // namespace simlite::codegen
