// SelectCoder: code generation for SELECT (SQLite's select.c, simplified): FROM items (tables,
// views and subqueries, the latter materialized into transient tables), result columns with
// SQLite's names, the WHERE loop, aggregates (GROUP BY through a sorter), HAVING, window
// functions (select_window.cpp), DISTINCT, ORDER BY (a sorter), LIMIT/OFFSET, and compound
// selects.
//
// Rows go to a SelectDest: the statement's output, a transient table or index (subqueries, IN,
// compounds), one register (scalar subqueries, EXISTS), or caller-generated code (INSERT ...
// SELECT).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "codegen/codegen_context.h"
#include "codegen/expr_coder.h"
#include "codegen/name_context.h"
#include "codegen/where_coder.h"

namespace simlite::codegen {

struct SelectDest {
  enum class Kind : uint8_t {
    kOutput,    // ResultRow
    kTable,     // rows into transient table `cursor`, numbered by new rowids
    kIndex,     // rows as keys of transient index `cursor` (duplicates collapse)
    kExcept,    // rows removed from transient index `cursor`
    kScalar,    // the first row's first column into `reg` (then stop)
    kExists,    // 1 into `reg` at the first row (then stop)
    kCallback,  // caller code: callback(first_reg, count, skip) emits what to do with a row
  };
  Kind kind = Kind::kOutput;
  int cursor = -1;
  int reg = 0;
  std::string affinity;  // kIndex: affinities applied to the key ("" for none)
  // `skip` is the label that goes on with the next row.
  std::function<Rc(int first_reg, int count, int skip)> callback;
};

// Emits the delivery of the row r[first..first+count) to dest (no LIMIT/OFFSET). kScalar and
// kExists jump to `done` after their row.
Rc EmitToDest(CodegenContext* ctx, const SelectDest& dest, int first, int count, int skip,
              int done);

// A result column as the statement's users see it.
struct ResultColumnInfo {
  std::string name;           // sqlite3_column_name
  std::string decltype_name;  // sqlite3_column_decltype ("" for an expression)
  std::string subquery_name;  // the name as a column of a subquery (made unique)
  Affinity affinity = Affinity::kNone;
  Collation collation = Collation::kBinary;
};

// One SELECT core being compiled: its FROM items, names and result columns.
struct CoreState {
  const parser::SelectCore* core = nullptr;
  std::vector<FromItem> items;
  NameContext nc;
  std::vector<const parser::Expr*> results;  // after * expansion
  std::vector<std::string> names;            // as sqlite3_column_name gives them
  std::vector<ResultAlias> aliases;
  // Per item: a subquery, view or CTE to materialize (select null: nothing to do).
  struct Source {
    const parser::Select* select = nullptr;
    const CteDef* cte = nullptr;
  };
  std::vector<Source> subqueries;
  bool aggregate = false;
  // The core has window calls (results or ORDER BY): it runs through select_window.cpp.
  bool windowed = false;
  // The expressions its window calls read before the windows: arguments, FILTERs, PARTITION
  // BY and ORDER BY terms (an aggregate query computes their aggregates per group).
  std::vector<const parser::Expr*> window_inputs;
  // GROUP BY: the direction of each group key, when the ORDER BY is the GROUP BY (its
  // sort is then the grouping's; empty otherwise).
  std::vector<bool> group_descending;
  // A plain core's WHERE loop, planned before the output stage opens (for the ORDER BY).
  std::unique_ptr<ExprCoder> coder;
  std::unique_ptr<WhereLoop> loop;
};

class OutputStage;
struct WindowPlan;

// Where an aggregate core's groups go when the core has window functions (select_window.cpp).
struct GroupSink {
  // Once the aggregates are planned, before any code of the scan: the aggregate calls'
  // substitutions, the registers holding a group's aggregate values, and the first of the
  // registers holding its bare-column rowids (one per FROM item).
  std::function<Rc(const std::unordered_map<const parser::Expr*, int>& substitutions,
                   const std::vector<int>& values, int rowids)>
      prepare;
  // Per group that passes HAVING, with the coder that sees the group's values.
  std::function<Rc(ExprCoder* coder)> row;
};

// The WINDOW clause's chains of base windows, checked as SQLite checks them while parsing.
Rc CheckWindowClause(CodegenContext* ctx, const parser::SelectCore* core);

class SelectCoder {
 public:
  // `outer`: the query around this one (null at the top); the CTEs in scope are those `outer`
  // sees unless `ctes` is given.
  SelectCoder(CodegenContext* ctx, NameContext* outer, const CteScope* ctes = nullptr)
      : ctx_(ctx), outer_(outer), ctes_(ctes != nullptr ? ctes : VisibleCtes(outer)) {}

  // Generates `select`, delivering its rows to dest.
  Rc Code(const parser::Select* select, const SelectDest& dest);
  // Works out the result columns without generating code (for a subquery's affinity).
  Rc Describe(const parser::Select* select);

  const std::vector<ResultColumnInfo>& columns() const { return columns_; }
  // Some name resolved in a query around this one.
  bool correlated() const { return correlated_; }
  // With an authorizer: asks about every read and call of `select` (its subqueries and views
  // included) in SQLite's name-resolution order, before anything is coded (select_authorize.cpp).
  Rc AuthorizeNames(const parser::Select* select);
  // This coder codes the statement's own SELECT: when the authorizer answers SQLITE_IGNORE to
  // it, Code generates nothing (no rows, no columns), as SQLite does; another SELECT it
  // ignores returns no row.
  void set_statement_select() { statement_select_ = true; }

 private:
  friend class OutputStage;

  Rc PrepareCore(const parser::SelectCore* core, bool emit, std::unique_ptr<CoreState>* state);
  Rc AddFromItems(CoreState* state, const parser::FromClause& from, bool emit);
  Rc AddFromItem(CoreState* state, const parser::TableRef* ref, bool emit);
  Rc AddTableItem(CoreState* state, const parser::TableRef* ref, FromItem* item,
                  const parser::Select** subquery, std::vector<std::string>* view_columns);
  Rc ExpandResults(CoreState* state);
  Rc DescribeColumns(CoreState* state);
  Rc CheckCoreNames(CoreState* state);
  Rc AuthorizeResult(CoreState* state, const parser::Expr* result);
  Rc AuthorizeFromSubqueries(CoreState* state);
  Rc CompoundCollations(const std::vector<std::unique_ptr<CoreState>>& cores);
  Rc MaterializeSubqueries(CoreState* state);

  Rc CodeSimple(const parser::Select* select, const SelectDest& dest);
  Rc PlanLoop(CoreState* state, std::vector<struct SortKey>* keys, OutputStage* out);
  void GroupByIsOrderBy(CoreState* state, std::vector<struct SortKey>* keys);
  Rc EmitCore(CoreState* state, OutputStage* out);
  Rc EmitPlainCore(CoreState* state, ExprCoder* coder, OutputStage* out);
  Rc EmitAggregateCore(CoreState* state, OutputStage* out, const GroupSink* sink = nullptr);

  // Window functions (select_window.cpp).
  Rc EmitWindowCore(CoreState* state, OutputStage* out);
  Rc EmitWindowScan(CoreState* state, const OutputStage& out, WindowPlan* plan);
  Rc EmitWindowedValues(const parser::SelectCore* core, const parser::ArenaList<parser::Expr*>& row,
                        OutputStage* out);
  Rc PlanWindows(CoreState* state, const OutputStage& out, WindowPlan* plan);
  Rc OpenWindowPasses(CoreState* state, WindowPlan* plan);
  Rc EmitWindowInsert(WindowPlan* plan, size_t pass_idx, ExprCoder* coder);
  Rc EmitWindowPass(CoreState* state, WindowPlan* plan, size_t pass_idx, ExprCoder* coder,
                    OutputStage* out);
  void EmitSeekItems(CoreState* state, int rowids);
  Rc EmitValues(const parser::SelectCore* core, OutputStage* out);

  // Compound selects (select_compound.cpp).
  Rc CodeCompound(const parser::Select* select, const SelectDest& dest);
  // "no such table: X" for the missing FROM table SQLite meets first in a compound (whose
  // arms it walks last to first), before the arms are prepared first to last.
  Rc CheckCompoundTables(const parser::Select* select);
  Rc CodeCompoundPart(const parser::Select* select, uint32_t core_count,
                      const SelectDest& part_dest);
  Rc CodeCoreInto(const parser::SelectCore* core, const SelectDest& dest);
  Rc OpenCompoundIndex(int* cursor);

  Rc FinishCorrelation(CoreState* state);
  // WITH: the select's own CTE scope (select_cte.cpp).
  Rc EnterWith(const parser::Select* select);
  Rc MaterializeRecursive(const CteDef& def, int cursor, int column_count);

  CodegenContext* ctx_;
  NameContext* outer_;
  std::vector<ResultColumnInfo> columns_;
  std::vector<Collation> compound_collations_;
  const CteScope* ctes_;
  std::unique_ptr<CteScope> own_ctes_;
  bool correlated_ = false;
  bool statement_select_ = false;
};

// The CTEs of a WITH clause (of a SELECT, INSERT, UPDATE or DELETE), inside `outer`.
std::unique_ptr<CteScope> MakeCteScope(const parser::WithClause& with, const CteScope* outer);

// "1st", "2nd", "3rd", "4th", ... as SQLite's %r writes ordinals.
std::string Ordinal(int n);

// SQLITE_READ with an empty column name for each table item the query reads no column of,
// asked once its names are resolved (select_authorize.cpp).
Rc AuthorizeUnreadTables(CodegenContext* ctx, const std::vector<FromItem>& items);

}  // namespace simlite::codegen
