// The typed AST of SQLite's SQL dialect (lang_*.html). Invariants:
// - Every node lives in the Arena of the ParseResult that produced it and is trivially
//   destructible; pointers between nodes never dangle while that ParseResult lives.
// - Names and literal texts are string_views into the ParseResult's copy of the source text,
//   or into its arena when dequoting changed them.
// - Every Expr and Stmt carries its source span [begin, end) in bytes of the source text,
//   so later layers can quote the text as written (result column names, schema SQL).
// - An optional child is a null pointer, an optional name has IsSet() false, an optional
//   list is empty (with a separate flag where "absent" and "empty" differ).
#pragma once

#include <cstdint>
#include <string_view>

#include "parser/arena.h"

namespace simlite::parser {

struct SourceSpan {
  uint32_t begin = 0;
  uint32_t end = 0;  // one past the last byte
};

// A name as written: `text` is the dequoted name; `quote` is the opening quote character
// ('"', '\'', '[', '`') or 0 for a bare word, so name resolution can apply SQLite's rule that
// an unresolvable "double-quoted" name is a string.
struct Name {
  std::string_view text;
  SourceSpan span;
  char quote = 0;

  bool IsSet() const { return span.end != span.begin; }
};

// [schema.]name
struct QualifiedName {
  Name schema;
  Name name;
};

struct Select;
struct WindowSpec;

// ---------------------------------------------------------------------------------------------
// Expressions

enum class ExprKind : uint8_t {
  kLiteral,
  kVariable,
  kColumn,
  kUnary,
  kBinary,
  kCollate,
  kCast,
  kBetween,
  kLike,
  kIn,
  kExists,
  kSubquery,
  kCase,
  kFunction,
  kRowValue,
  kRaise,
};

// The base of the node hierarchies: a kind tag, the source span, and a checked downcast
// (each derived node type T names its tag T::kKind).
template <class Kind>
struct Node {
  Kind kind;
  SourceSpan span;

  explicit Node(Kind k) : kind(k) {}

  template <class T>
  T* As() {
    assert(kind == T::kKind);
    return static_cast<T*>(this);
  }
  template <class T>
  const T* As() const {
    assert(kind == T::kKind);
    return static_cast<const T*>(this);
  }
};

struct Expr : Node<ExprKind> {
  using Node::Node;
};

// The base of each expression node type: fixes its kind.
template <ExprKind K>
struct ExprOf : Expr {
  static constexpr ExprKind kKind = K;
  ExprOf() : Expr(K) {}
};

enum class LiteralKind : uint8_t {
  kInteger,  // text as written (decimal or 0x hex)
  kFloat,    // text as written
  kString,   // text dequoted
  kBlob,     // text is the hex digits
  kNull,
  kCurrentTime,
  kCurrentDate,
  kCurrentTimestamp,
};

struct LiteralExpr : ExprOf<ExprKind::kLiteral> {
  LiteralKind literal = LiteralKind::kNull;
  std::string_view text;
};

// ?, ?NNN, :name, @name, $name. `index` is the 1-based parameter number SQLite assigns:
// ?NNN is NNN, a bare ? is one more than the largest so far, a named parameter keeps the
// number of its first occurrence.
struct VariableExpr : ExprOf<ExprKind::kVariable> {
  std::string_view text;
  int32_t index = 0;
};

// [[schema.]table.]column
struct ColumnExpr : ExprOf<ExprKind::kColumn> {
  Name schema;
  Name table;
  Name column;
};

enum class UnaryOp : uint8_t {
  kNegate,   // -x
  kPlus,     // +x
  kBitNot,   // ~x
  kNot,      // NOT x
  kIsNull,   // x ISNULL, x IS NULL is a binary kIs
  kNotNull,  // x NOTNULL, x NOT NULL
};

struct UnaryExpr : ExprOf<ExprKind::kUnary> {
  UnaryOp op = UnaryOp::kNot;
  bool postfix_spelled_not_null = false;  // kNotNull written as "NOT NULL"
  Expr* operand = nullptr;
};

enum class BinaryOp : uint8_t {
  kOr,
  kAnd,
  kEq,
  kNe,
  kIs,
  kIsNot,
  kIsDistinctFrom,     // same meaning as kIsNot
  kIsNotDistinctFrom,  // same meaning as kIs
  kLt,
  kLe,
  kGt,
  kGe,
  kBitAnd,
  kBitOr,
  kLShift,
  kRShift,
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kRemainder,
  kConcat,
  kExtract,      // ->
  kExtractText,  // ->>
};

struct BinaryExpr : ExprOf<ExprKind::kBinary> {
  BinaryOp op = BinaryOp::kEq;
  Expr* left = nullptr;
  Expr* right = nullptr;
};

struct CollateExpr : ExprOf<ExprKind::kCollate> {
  Expr* operand = nullptr;
  Name collation;
};

// A type name as written, e.g. "VARCHAR(10)"; `text` is the source text from its first to its
// last token (empty when absent).
struct TypeName {
  std::string_view text;
  SourceSpan span;
};

struct CastExpr : ExprOf<ExprKind::kCast> {
  Expr* operand = nullptr;
  TypeName type;
};

struct BetweenExpr : ExprOf<ExprKind::kBetween> {
  bool negated = false;
  Expr* operand = nullptr;
  Expr* low = nullptr;
  Expr* high = nullptr;
};

enum class LikeOp : uint8_t { kLike, kGlob, kRegexp, kMatch };

struct LikeExpr : ExprOf<ExprKind::kLike> {
  LikeOp op = LikeOp::kLike;
  bool negated = false;
  Expr* operand = nullptr;
  Expr* pattern = nullptr;
  Expr* escape = nullptr;  // optional
};

enum class InForm : uint8_t {
  kList,    // x IN (a, b, ...), possibly empty
  kSelect,  // x IN (SELECT ...)
  kTable,   // x IN [schema.]table, or x IN table_function(args)
};

struct InExpr : ExprOf<ExprKind::kIn> {
  InForm form = InForm::kList;
  bool negated = false;
  bool has_args = false;  // kTable: a table-valued function call
  Expr* operand = nullptr;
  ArenaList<Expr*> list;  // kList items, or kTable function arguments
  Select* select = nullptr;
  QualifiedName table;
};

struct ExistsExpr : ExprOf<ExprKind::kExists> {
  Select* select = nullptr;
};

struct SubqueryExpr : ExprOf<ExprKind::kSubquery> {
  Select* select = nullptr;
};

struct WhenThen {
  Expr* when = nullptr;
  Expr* then = nullptr;
};

struct CaseExpr : ExprOf<ExprKind::kCase> {
  Expr* base = nullptr;  // optional: CASE base WHEN ...
  ArenaList<WhenThen> whens;
  Expr* otherwise = nullptr;  // optional ELSE
};

struct FunctionExpr : ExprOf<ExprKind::kFunction> {
  Name name;
  bool distinct = false;
  bool star = false;  // f(*)
  ArenaList<Expr*> args;
  Expr* filter = nullptr;      // FILTER (WHERE ...)
  WindowSpec* over = nullptr;  // OVER (...)
  Name over_name;              // OVER name
};

// (a, b, ...) with two or more items.
struct RowValueExpr : ExprOf<ExprKind::kRowValue> {
  ArenaList<Expr*> items;
};

enum class RaiseKind : uint8_t { kIgnore, kRollback, kAbort, kFail };

struct RaiseExpr : ExprOf<ExprKind::kRaise> {
  RaiseKind raise = RaiseKind::kIgnore;
  Name message;  // absent for IGNORE
};

// ---------------------------------------------------------------------------------------------
// SELECT

enum class SortOrder : uint8_t { kDefault, kAsc, kDesc };
enum class NullsOrder : uint8_t { kDefault, kFirst, kLast };

// An ORDER BY term, an indexed column of CREATE INDEX, a PRIMARY KEY / UNIQUE column.
// COLLATE is part of `expr` (a CollateExpr).
struct OrderingTerm {
  Expr* expr = nullptr;
  SortOrder order = SortOrder::kDefault;
  NullsOrder nulls = NullsOrder::kDefault;
};

enum class FrameUnit : uint8_t { kRows, kRange, kGroups };
enum class FrameBoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,
  kCurrentRow,
  kFollowing,
  kUnboundedFollowing,
};
enum class FrameExclude : uint8_t { kNone, kNoOthers, kCurrentRow, kGroup, kTies };

struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kCurrentRow;
  Expr* offset = nullptr;  // kPreceding / kFollowing
};

struct FrameSpec {
  FrameUnit unit = FrameUnit::kRows;
  bool between = false;  // BETWEEN start AND end; else only start (end is CURRENT ROW)
  FrameBound start;
  FrameBound end;
  FrameExclude exclude = FrameExclude::kNone;
};

struct WindowSpec {
  Name base;  // an existing window this one extends
  ArenaList<Expr*> partition_by;
  ArenaList<OrderingTerm> order_by;
  FrameSpec* frame = nullptr;
};

struct WindowDef {
  Name name;
  WindowSpec* spec = nullptr;
};

// A result column: `expr` [AS alias], `*` or `table.*`. `span` is the text of the expression
// as written (SQLite names an unaliased result column after it).
struct ResultColumn {
  Expr* expr = nullptr;  // null for * and table.*
  Name table;            // table.* (IsSet) or * (not set) when expr is null
  Name alias;
  SourceSpan span;
};

// Join operator words; a comma join is kInner|kComma. Combinations as SQLite accepts them.
enum JoinFlag : uint8_t {
  kJoinInner = 1,
  kJoinCross = 2,
  kJoinNatural = 4,
  kJoinLeft = 8,
  kJoinRight = 16,
  kJoinOuter = 32,
  kJoinComma = 64,
};

enum class TableRefKind : uint8_t {
  kTable,     // [schema.]name
  kFunction,  // [schema.]name(args): a table-valued function
  kSubquery,  // (SELECT ...)
  kJoin,      // (table-or-subquery join ...): a parenthesized join
};

enum class IndexHint : uint8_t { kNone, kIndexedBy, kNotIndexed };

struct TableRef;
using FromClause = ArenaList<TableRef*>;

// One item of a FROM clause and how it joins the items before it.
struct TableRef {
  TableRefKind kind = TableRefKind::kTable;
  uint8_t join = 0;  // JoinFlag bits; 0 for the first item
  IndexHint index_hint = IndexHint::kNone;
  bool has_using = false;
  QualifiedName name;
  ArenaList<Expr*> args;  // kFunction
  Select* subquery = nullptr;
  FromClause nested;  // kJoin
  Name alias;
  Name index;  // INDEXED BY index
  Expr* on = nullptr;
  ArenaList<Name> using_columns;
  SourceSpan span;
};

enum class CompoundOp : uint8_t { kNone, kUnion, kUnionAll, kIntersect, kExcept };
enum class Distinctness : uint8_t { kDefault, kDistinct, kAll };

// One SELECT (or VALUES) of a compound; `op` joins it to the previous core.
struct SelectCore {
  CompoundOp op = CompoundOp::kNone;
  bool is_values = false;
  Distinctness distinct = Distinctness::kDefault;
  ArenaList<ResultColumn> columns;
  FromClause from;
  Expr* where = nullptr;
  ArenaList<Expr*> group_by;
  Expr* having = nullptr;
  ArenaList<WindowDef> windows;
  ArenaList<ArenaList<Expr*>> rows;  // VALUES rows
  SourceSpan span;
};

enum class Materialization : uint8_t { kDefault, kMaterialized, kNotMaterialized };

struct CommonTableExpr {
  Name name;
  ArenaList<Name> columns;
  Materialization materialization = Materialization::kDefault;
  Select* select = nullptr;
};

struct WithClause {
  bool recursive = false;
  ArenaList<CommonTableExpr> ctes;
};

// ORDER BY ... LIMIT ... [OFFSET ...] of a SELECT, UPDATE or DELETE.
struct OrderLimit {
  ArenaList<OrderingTerm> order_by;
  Expr* limit = nullptr;
  Expr* offset = nullptr;
  bool limit_comma = false;  // written "LIMIT offset, limit"
};

// A full select: WITH, the compound's cores, and the ORDER BY / LIMIT of the whole.
struct Select {
  WithClause* with = nullptr;
  ArenaList<SelectCore*> cores;
  OrderLimit order_limit;
  SourceSpan span;
};

// ---------------------------------------------------------------------------------------------
// Statements

enum class StmtKind : uint8_t {
  kSelect,
  kInsert,
  kUpdate,
  kDelete,
  kCreateTable,
  kCreateVirtualTable,
  kCreateIndex,
  kCreateView,
  kCreateTrigger,
  kDrop,
  kBegin,
  kCommit,
  kRollback,
  kSavepoint,
  kRelease,
  kPragma,
  kReindex,
  kAnalyze,
  kVacuum,
  kAlterTable,
  kAttach,
  kDetach,
};

enum class ExplainKind : uint8_t { kNone, kExplain, kQueryPlan };

// span: from the first token (after EXPLAIN ...) to the last, without ';'.
struct Stmt : Node<StmtKind> {
  using Node::Node;
  ExplainKind explain = ExplainKind::kNone;
};

// The base of each statement node type: fixes its kind.
template <StmtKind K>
struct StmtOf : Stmt {
  static constexpr StmtKind kKind = K;
  StmtOf() : Stmt(K) {}
};

enum class ConflictAction : uint8_t { kDefault, kRollback, kAbort, kFail, kIgnore, kReplace };

struct SelectStmt : StmtOf<StmtKind::kSelect> {
  Select* select = nullptr;
};

// SET column = expr, or SET (a, b) = expr.
struct SetClause {
  ArenaList<Name> columns;
  bool is_list = false;
  Expr* value = nullptr;
};

struct Upsert {
  ArenaList<OrderingTerm> target;  // ON CONFLICT (target) - empty when absent
  Expr* target_where = nullptr;
  bool do_nothing = false;
  ArenaList<SetClause> sets;
  Expr* where = nullptr;
};

// RETURNING result-columns of INSERT, UPDATE and DELETE.
struct Returning {
  bool present = false;
  ArenaList<ResultColumn> columns;
};

struct InsertStmt : StmtOf<StmtKind::kInsert> {
  WithClause* with = nullptr;
  bool replace = false;  // REPLACE INTO
  ConflictAction conflict = ConflictAction::kDefault;
  QualifiedName table;
  Name alias;
  bool has_columns = false;
  ArenaList<Name> columns;
  Select* select = nullptr;  // VALUES or SELECT; null for DEFAULT VALUES
  bool default_values = false;
  ArenaList<Upsert*> upserts;
  Returning returning;
};

// The target of UPDATE and DELETE: [schema.]table [AS alias] [INDEXED BY i | NOT INDEXED].
struct QualifiedTable {
  QualifiedName name;
  Name alias;
  IndexHint index_hint = IndexHint::kNone;
  Name index;
};

struct UpdateStmt : StmtOf<StmtKind::kUpdate> {
  WithClause* with = nullptr;
  ConflictAction conflict = ConflictAction::kDefault;
  QualifiedTable table;
  ArenaList<SetClause> sets;
  FromClause from;
  Expr* where = nullptr;
  Returning returning;
  OrderLimit order_limit;
};

struct DeleteStmt : StmtOf<StmtKind::kDelete> {
  WithClause* with = nullptr;
  QualifiedTable table;
  Expr* where = nullptr;
  Returning returning;
  OrderLimit order_limit;
};

enum class FkAction : uint8_t { kDefault, kSetNull, kSetDefault, kCascade, kRestrict, kNoAction };
enum class FkDeferral : uint8_t {
  kDefault,
  kDeferrable,                   // DEFERRABLE
  kDeferrableInitiallyDeferred,  // DEFERRABLE INITIALLY DEFERRED
  kDeferrableInitiallyImmediate,
  kNotDeferrable,
  kNotDeferrableInitiallyDeferred,
  kNotDeferrableInitiallyImmediate,
};

struct ForeignKey {
  Name table;
  ArenaList<Name> columns;
  FkAction on_delete = FkAction::kDefault;
  FkAction on_update = FkAction::kDefault;
  ArenaList<Name> match;  // MATCH name clauses, in order
  FkDeferral deferral = FkDeferral::kDefault;
};

enum class ColumnConstraintKind : uint8_t {
  kPrimaryKey,
  kNotNull,
  kNull,
  kUnique,
  kCheck,
  kDefault,
  kCollate,
  kReferences,
  kGenerated,
  kDeferral,  // a bare [NOT] DEFERRABLE clause
};

struct ColumnConstraint {
  Name name;  // CONSTRAINT name
  ColumnConstraintKind kind = ColumnConstraintKind::kNotNull;
  ConflictAction conflict = ConflictAction::kDefault;
  SortOrder order = SortOrder::kDefault;  // PRIMARY KEY ASC/DESC
  bool autoincrement = false;
  bool stored = false;   // GENERATED ... STORED (else VIRTUAL)
  Expr* expr = nullptr;  // CHECK, DEFAULT, GENERATED
  Name collation;        // COLLATE
  ForeignKey* foreign_key = nullptr;
  FkDeferral deferral = FkDeferral::kDefault;  // kDeferral
  SourceSpan span;                             // the constraint's text (DEFAULT: the value's text)
};

struct ColumnDef {
  Name name;
  TypeName type;
  ArenaList<ColumnConstraint> constraints;
  SourceSpan span;
};

enum class TableConstraintKind : uint8_t { kPrimaryKey, kUnique, kCheck, kForeignKey };

struct TableConstraint {
  Name name;
  TableConstraintKind kind = TableConstraintKind::kPrimaryKey;
  ArenaList<OrderingTerm> columns;  // PRIMARY KEY / UNIQUE
  ConflictAction conflict = ConflictAction::kDefault;
  bool autoincrement = false;
  Expr* check = nullptr;
  ArenaList<Name> fk_columns;  // FOREIGN KEY (cols)
  ForeignKey* foreign_key = nullptr;
  SourceSpan span;
};

struct CreateTableStmt : StmtOf<StmtKind::kCreateTable> {
  bool temp = false;
  bool if_not_exists = false;
  bool without_rowid = false;
  bool strict = false;
  QualifiedName name;
  ArenaList<ColumnDef> columns;
  ArenaList<TableConstraint> constraints;
  Select* as_select = nullptr;  // CREATE TABLE ... AS SELECT
};

struct CreateVirtualTableStmt : StmtOf<StmtKind::kCreateVirtualTable> {
  bool if_not_exists = false;
  QualifiedName name;
  Name module;
  bool has_args = false;
  ArenaList<std::string_view> args;  // each argument's text as written, trimmed
};

struct CreateIndexStmt : StmtOf<StmtKind::kCreateIndex> {
  bool unique = false;
  bool if_not_exists = false;
  QualifiedName name;
  Name table;
  ArenaList<OrderingTerm> columns;
  Expr* where = nullptr;
};

struct CreateViewStmt : StmtOf<StmtKind::kCreateView> {
  bool temp = false;
  bool if_not_exists = false;
  QualifiedName name;
  ArenaList<Name> columns;
  Select* select = nullptr;
};

enum class TriggerTiming : uint8_t { kDefault, kBefore, kAfter, kInsteadOf };
enum class TriggerEvent : uint8_t { kDelete, kInsert, kUpdate };

struct CreateTriggerStmt : StmtOf<StmtKind::kCreateTrigger> {
  bool temp = false;
  bool if_not_exists = false;
  bool for_each_row = false;
  TriggerTiming timing = TriggerTiming::kDefault;
  TriggerEvent event = TriggerEvent::kDelete;
  QualifiedName name;
  ArenaList<Name> update_columns;  // UPDATE OF a, b
  QualifiedName table;
  Expr* when = nullptr;
  ArenaList<Stmt*> body;  // INSERT, UPDATE, DELETE and SELECT statements
  SourceSpan body_span;   // from BEGIN to END inclusive
};

enum class ObjectKind : uint8_t { kTable, kIndex, kView, kTrigger };

struct DropStmt : StmtOf<StmtKind::kDrop> {
  ObjectKind object = ObjectKind::kTable;
  bool if_exists = false;
  QualifiedName name;
};

enum class TransactionType : uint8_t { kDefault, kDeferred, kImmediate, kExclusive };

struct BeginStmt : StmtOf<StmtKind::kBegin> {
  TransactionType type = TransactionType::kDefault;
};

struct CommitStmt : StmtOf<StmtKind::kCommit> {  // COMMIT or END
};

struct RollbackStmt : StmtOf<StmtKind::kRollback> {
  Name savepoint;  // ROLLBACK TO [SAVEPOINT] name
};

struct SavepointStmt : StmtOf<StmtKind::kSavepoint> {
  Name name;
};

struct ReleaseStmt : StmtOf<StmtKind::kRelease> {
  Name name;
};

// PRAGMA [schema.]name [= value | (value)]. `value` is the dequoted word or number;
// `negative` when written with a leading '-' (the value text then excludes the sign).
struct PragmaStmt : StmtOf<StmtKind::kPragma> {
  QualifiedName name;
  bool has_value = false;
  bool call_form = false;  // PRAGMA name(value)
  bool negative = false;
  Name value;
};

struct ReindexStmt : StmtOf<StmtKind::kReindex> {  // REINDEX [[schema.]name]
  QualifiedName name;
};

struct AnalyzeStmt : StmtOf<StmtKind::kAnalyze> {  // ANALYZE [[schema.]name]
  QualifiedName name;
};

struct VacuumStmt : StmtOf<StmtKind::kVacuum> {  // VACUUM [schema] [INTO expr]
  Name schema;
  Expr* into = nullptr;
};

enum class AlterAction : uint8_t { kRenameTable, kRenameColumn, kAddColumn, kDropColumn };

struct AlterTableStmt : StmtOf<StmtKind::kAlterTable> {
  AlterAction action = AlterAction::kRenameTable;
  QualifiedName table;
  Name new_name;                    // kRenameTable, kRenameColumn
  Name column;                      // kRenameColumn (old name), kDropColumn
  ColumnDef* new_column = nullptr;  // kAddColumn
};

struct AttachStmt : StmtOf<StmtKind::kAttach> {
  Expr* file = nullptr;
  Expr* schema = nullptr;
  Expr* key = nullptr;  // KEY expr, optional
};

struct DetachStmt : StmtOf<StmtKind::kDetach> {
  Expr* schema = nullptr;
};

}  // namespace simlite::parser
