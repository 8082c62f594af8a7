// WhereLoop: the nested loops over a FROM clause (SQLite's where.c, much simplified). Plan()
// picks a loop order and an access path per FROM item given the loops outside it; Begin()
// opens the cursors and emits the loops:
//   - rowid equality   rowid = expr            SeekRowid, at most one row (or one per value of
//                      rowid IN (list)         the list, in their order)
//   - index            col1 = e1 AND ...       SeekGE + IdxGT over the longest usable prefix
//                      (then a range on the next column); with no terms, a full index scan;
//                      col IN (list) serves as an equality, looping over the list's values
//                      (a transient index: sorted, without duplicates) around the lookup
//   - automatic index  col = expr              (SELECT only, inner loops) a transient index
//                                              on (col, the other columns read, rowid), built
//                                              once per run
//   - rowid range      rowid > e AND rowid < f SeekGE/SeekGT + an upper bound check
//   - full scan        Rewind / Next
// where the expressions depend only on outer loops (or on nothing). Without LEFT JOINs the
// loops are ordered greedily, cheapest access path first (rowid lookups, then index lookups,
// then scans; FROM order breaks ties, except that the item the ORDER BY starts with goes
// first); with them, in FROM order. Every WHERE term is tested at the innermost loop where all
// the tables it names are positioned (terms that name none are tested once, before the
// loops); a term used by an access path is tested too, so an access path only has to deliver a
// superset of the matching rows.
//
// Order: given the ORDER BY, GROUP BY or DISTINCT terms (SetOrder), the outermost loop may run
// backwards, or scan an index
// instead of the table or of a range, so that rows come out sorted by the leading ORDER BY
// terms (order_satisfied()); as in SQLite, an equality lookup is kept over that.
//
// Covering indexes: when every column the query may read of an item (FromItem::used_columns)
// is in the index its loop reads, the table is never positioned (FromItem::covering_cursor
// redirects column reads); a full scan reads a covering index instead of the table when the
// index rows are narrower (SQLite's szIdxRow < szTabRow estimate).
//
// LEFT JOIN: the right item's ON terms are tested before its match flag is set; when its loop
// ends without a match, the loop body runs once more with the item on a null row.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "codegen/expr_coder.h"
#include "codegen/name_context.h"

namespace simlite::codegen {

using parser::BinaryOp;

// 10 * log2(x) with three bits of mantissa (SQLite's LogEst), so that estimates compare as
// SQLite's do.
int LogEst(uint64_t x);

// The operator with its operands swapped (a < b is b > a).
BinaryOp FlipComparison(BinaryOp op);

// The estimated size of an index entry (LogEst), from its columns' declared types.
int IndexWidth(const Table& table, const Index& index);
// What reading an entry of `index` costs beside a table row, as SQLite's cost model sees it:
// (15 * szIdxRow) / szTabRow, an integer, so that indexes of different widths can tie.
int IndexReadCost(const Table& table, const Index& index);
// True when every column the query may read of `item` is in `index` (known for SELECT only).
bool Covers(const FromItem& item, const Index& index);

class WhereLoop {
 public:
  // An ORDER BY term the loops may deliver rows sorted by.
  struct OrderTerm {
    const parser::Expr* expr = nullptr;
    bool descending = false;
    bool nulls_first = true;
    Collation collation = Collation::kBinary;
  };

  WhereLoop(CodegenContext* ctx, ExprCoder* coder, std::vector<FromItem>* items)
      : ctx_(ctx), coder_(coder), items_(items) {}

  // An extra term to test like a WHERE term (before Plan).
  void AddFilter(const parser::Expr* term) { SplitAnd(term, -1); }
  // The order the caller would like rows in (before Plan).
  // How order terms match what a loop delivers: ORDER BY terms in their order and direction;
  // GROUP BY and DISTINCT terms in any order and direction (equal rows only need to be
  // adjacent).
  enum class OrderKind : uint8_t { kOrderBy, kGroupBy, kDistinct };
  void SetOrder(std::vector<OrderTerm> terms, OrderKind kind = OrderKind::kOrderBy) {
    order_ = std::move(terms);
    order_kind_ = kind;
  }
  // A one-pass UPDATE writes through the scan's own table cursor: open it to write. A
  // one-pass DELETE also deletes the scanned index's entries through the scan's cursor.
  void OpenTableForWrite() { open_table_for_write_ = true; }
  void OpenIndexForWrite() { open_index_for_write_ = true; }
  // Chooses the loop order and the access paths; `where` may be null. Begin() plans when
  // this was not called.
  Rc Plan(const parser::Expr* where);
  // After Plan: how many leading SetOrder terms the rows come out sorted by.
  int order_satisfied() const { return order_satisfied_; }
  // After Plan: whether rows equal on `terms` come out next to each other (DISTINCT compares
  // each row with the one before), and whether no two rows can be equal on them (a rowid or
  // the columns of a unique index among them: DISTINCT has nothing to do).
  Rc DistinctOrdered(const std::vector<OrderTerm>& terms, bool* ordered);
  Rc DistinctRedundant(const std::vector<OrderTerm>& terms, bool* redundant);
  // Opens cursors and emits the loop headers. The items' cursors must be allocated, and
  // subquery items materialized, before.
  Rc Begin(const parser::Expr* where);
  // Jump here to go on with the next row of the innermost loop.
  int continue_label() const { return continue_label_; }
  // The address after all the loops (the caller resolves nothing: End() does).
  int break_label() const { return break_label_; }
  // Emits the loop tails and resolves the labels; column reads go to the tables again.
  Rc End();
  // After Plan: one loop, over an index (the tables' cursors only follow its entries).
  bool SingleIndexLoop() const {
    return levels_.size() == 1 && levels_[0].access == Access::kIndex;
  }
  // After Begin: the index the loop over `item` reads (null for none).
  const Index* IndexFor(int item) const {
    for (const Level& level : levels_) {
      if (level.item == item) return level.index;
    }
    return nullptr;
  }
  // After Begin: the cursor of that index (-1 for none).
  int IndexCursorFor(int item) const {
    for (const Level& level : levels_) {
      if (level.item == item && level.index != nullptr) return level.index_cursor;
    }
    return -1;
  }

 private:
  // kIndex: an index lookup (eq_terms, lower/upper) or, with neither, a full index scan.
  enum class Access : uint8_t { kScan, kRowidEq, kRowidRange, kIndex, kAutoIndex };

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
    // "column IN (list)": sides[0] is the column, sides[1] the list (mask, subquery).
    bool in_list = false;
    uint64_t mask = 0;     // FROM items referenced
    int on_item = -1;      // a LEFT JOIN's ON term: the item it belongs to
    bool coded = false;
    // A virtual term's parent (its index in terms_), and how many of a parent's virtual terms
    // no lookup has consumed yet: the parent is consumed with the last of them.
    int parent = -1;
    int virtual_children = 0;
    // A virtual term for an index lookup whose key may be NULL and still match: "x = NULL"
    // standing for "x IS NULL" (or "x IS y"), "x > NULL" for "x NOT NULL" (NULLs sort first).
    // Only index lookups use it (never a rowid or automatic index).
    bool null_key = false;
    bool comparison = false;  // a binary comparison: op and sides are set
    BinaryOp op = BinaryOp::kEq;
    Side sides[2];
    bool comparison_known = false;  // affinity and collation below computed
    Affinity affinity = Affinity::kNone;
    Collation collation = Collation::kBinary;
  };

  // A loop over the values of an IN list, around a lookup.
  struct InLoop {
    const Term* term = nullptr;
    int cursor = -1;  // the transient index of the values
    int reg = 0;      // the current value
    int top = 0;      // reads the next value
    bool reverse = false;  // last value first (a reverse scan, or a DESC index column)
  };

  struct Level {
    int item = 0;
    Access access = Access::kScan;
    const Index* index = nullptr;
    int index_cursor = -1;
    std::vector<Term*> eq_terms;  // the index's (or rowid's) equality terms, in order
    int auto_column = -1;               // kAutoIndex: the indexed column
    bool reverse = false;               // run backwards (for ORDER BY ... DESC)
    bool ordered = false;               // delivers the ORDER BY's leading terms
    bool covering = false;              // read the index alone (FromItem::covering_cursor)
    std::vector<int> index_columns;     // covering: table column per index field
    uint64_t placed = 0;                // the items of the loops outside this one
    int cost = 0;                       // estimated rows per outer row (log scale)
    Term* lower = nullptr;              // rowid range
    Term* upper = nullptr;
    int top = 0;          // address of the loop body's first instruction
    int next_label = 0;   // go to the next row of this loop
    int end_label = 0;    // this lookup is exhausted (next IN value)
    int exit_label = 0;   // this loop is exhausted
    std::vector<InLoop> in_loops;
    int body_label = 0;   // after the ON terms and the match flag (LEFT JOIN re-entry)
    int match_reg = 0;    // LEFT JOIN: did any row match
  };

  Rc CollectTerms(const parser::Expr* where);
  void SplitAnd(const parser::Expr* expr, int on_item);
  Rc TermMask(const parser::Expr* expr, uint64_t* mask);
  Rc FindForcedIndexes();
  // NOT INDEXED: the table itself, by rowid or in full.
  static bool NotIndexed(const FromItem& item) {
    return item.ref != nullptr && item.ref->index_hint == parser::IndexHint::kNotIndexed;
  }
  // A lookup that finds at most one entry per key (a unique index, '=' on all its columns).
  static bool OneRow(const Level& level);
  Rc ChooseAccess(Level* level);
  Rc ChooseIndex(Level* level);
  Rc ChooseAutoIndex(Level* level);
  Rc ChooseRowidRange(Level* level);
  Rc OrderLevels();
  Rc NextCost(uint64_t placed, int* cost);
  // Order and covering choices once the loop order is fixed (where_order.cpp).
  Rc FindOrderItem();
  Rc PlanOrder();
  Rc OrderDelivered(const Level& level, const std::vector<OrderTerm>& terms, OrderKind kind,
                    bool* reverse, int* count, bool* helps);
  Rc ChooseOrderIndex(Level* level);
  void PlanCovering(Level* level);
  // True when the comparison of `term` may drive a lookup in an index on a column of affinity
  // `column_affinity` and collation `collation` (SQLite's sqlite3IndexAffinityOk).
  Rc IndexUsable(Term* term, Affinity column_affinity, Collation collation, bool* usable);
  Rc AnalyzeSides(Term* term);
  Rc AnalyzeIn(Term* term);
  Rc FindSideColumn(Side* side);
  static std::vector<Term*> LookupTerms(const std::vector<Term*>& eq_terms, Term* lower,
                                        Term* upper);
  static bool ProperSubset(const std::vector<Term*>& subset, const std::vector<Term*>& superset);
  static bool FixesOneRow(const Table& table, const Index& index,
                          const std::vector<Term*>& found);
  static int InCost(const std::vector<Term*>& terms);
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
  const parser::Expr* UsableEquality(const Term& term, int item, int column, uint64_t placed,
                                     bool allow_null_key = false);
  // When `term` is "column IN (list)" for that column, with values computable from `placed`.
  bool UsableIn(const Term& term, int item, int column, uint64_t placed) const;
  // "x IS NULL" / "x NOT NULL" (a null_key term) on a NOT NULL column: SQLite folds it to a
  // constant, so it drives no index lookup.
  static bool FoldedNullTest(const Term& term, const FromItem& item, int column);
  // True when `index` holds every column the loop over level.item reads: Covers for a SELECT;
  // in UPDATE and DELETE (whose loop only finds rows), the columns its terms name.
  Rc IndexServesLoop(const Level& level, const Index& index, bool* serves);
  // Emits the loop over the values of IN term `term` for `level`: r[*reg] is the value.
  Rc BeginInLoop(Level* level, const Term* term, int* reg, bool descending = false);
  Rc OpenCursors();
  Rc BeginLevel(Level* level);
  Rc BeginRowidRange(Level* level);
  Rc FillPragmaTable(const FromItem& item);
  void EmitIndexSeek(Level* level, int key, int upper_key, int range_column);
  void UseCovering(Level* level);
  Rc CodeTermsAt(const Level& level, bool on_terms, int fail_label);
  // The terms an index lookup of `level` implements exactly, which need no test of their own
  // (SQLite's disableTerm).
  void ConsumeLookupTerms(const Level& level);
  void Consume(Term* term);

  CodegenContext* ctx_;
  ExprCoder* coder_;
  std::vector<FromItem>* items_;
  std::vector<Term> terms_;
  std::vector<Level> levels_;
  std::unordered_map<uint64_t, int> next_costs_;  // NextCost by the items placed
  std::vector<uint64_t> prerequisites_;  // per item: the items its loop must come after
  std::vector<const Index*> forced_;  // per item: its INDEXED BY index, or null
  std::vector<OrderTerm> order_;
  OrderKind order_kind_ = OrderKind::kOrderBy;
  int order_item_ = -1;  // the item the first order term names, or -1
  int order_satisfied_ = 0;
  bool planned_ = false;
  bool open_table_for_write_ = false;
  bool open_index_for_write_ = false;
  int continue_label_ = 0;
  int break_label_ = 0;
};

}  // namespace simlite::codegen
