// SelectCoder: code generation for SELECT (SQLite's select.c, simplified): FROM items (tables,
// views and subqueries, the latter materialized into transient tables), result columns with
// SQLite's names, the WHERE loop, aggregates (GROUP BY through a sorter), HAVING, DISTINCT,
// ORDER BY (a sorter), LIMIT/OFFSET, and compound selects.
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
  std::vector<std::unique_ptr<parser::Select>> view_selects;
  std::vector<const parser::Select*> subqueries;  // per item: a subquery to materialize
  bool aggregate = false;
};

class OutputStage;

class SelectCoder {
 public:
  SelectCoder(CodegenContext* ctx, NameContext* outer) : ctx_(ctx), outer_(outer) {}

  // Generates `select`, delivering its rows to dest.
  Rc Code(const parser::Select* select, const SelectDest& dest);
  // Works out the result columns without generating code (for a subquery's affinity).
  Rc Describe(const parser::Select* select);

  const std::vector<ResultColumnInfo>& columns() const { return columns_; }
  // Some name resolved in a query around this one.
  bool correlated() const { return correlated_; }

 private:
  friend class OutputStage;

  Rc PrepareCore(const parser::SelectCore* core, bool emit, std::unique_ptr<CoreState>* state);
  Rc AddFromItems(CoreState* state, const parser::FromClause& from, bool emit);
  Rc AddFromItem(CoreState* state, const parser::TableRef* ref, bool emit);
  Rc ExpandResults(CoreState* state);
  Rc DescribeColumns(CoreState* state);
  Rc CheckCoreNames(CoreState* state);
  Rc MaterializeSubqueries(CoreState* state);

  Rc CodeSimple(const parser::Select* select, const SelectDest& dest);
  Rc EmitCore(CoreState* state, OutputStage* out);
  Rc EmitPlainCore(CoreState* state, ExprCoder* coder, OutputStage* out);
  Rc EmitAggregateCore(CoreState* state, OutputStage* out);
  Rc EmitValues(const parser::SelectCore* core, OutputStage* out);

  // Compound selects (select_compound.cpp).
  Rc CodeCompound(const parser::Select* select, const SelectDest& dest);
  Rc CodeCompoundPart(const parser::Select* select, uint32_t core_count,
                      const SelectDest& part_dest);
  Rc CodeCoreInto(const parser::SelectCore* core, const SelectDest& dest);
  Rc OpenCompoundIndex(int* cursor);

  Rc FinishCorrelation(CoreState* state);

  CodegenContext* ctx_;
  NameContext* outer_;
  std::vector<ResultColumnInfo> columns_;
  std::vector<Collation> compound_collations_;
  bool correlated_ = false;
};

// "1st", "2nd", "3rd", "4th", ... as SQLite's %r writes ordinals.
std::string Ordinal(int n);

}  // namespace simlite::codegen
