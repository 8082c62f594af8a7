// CodegenContext: what every part of code generation for one statement shares (SQLite's
// Parse): the program being built, the schema, the statement's source text and AST arena,
// and the first error.
//
// Invariants: once an error is recorded, code generation stops (every function returns the
// error up); the message is the first one, worded as SQLite words it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "codegen/authorizer.h"
#include "codegen/program_builder.h"
#include "codegen/schema.h"
#include "common/result_code.h"
#include "parser/parser.h"
#include "vdbe/function.h"

namespace simlite::codegen {

struct Trigger;

// While a trigger's statements are compiled: where NEW and OLD are (row registers as RowWriter
// lays them out: r[row] the rowid, r[row + 1 + i] column i; 0 when absent), and where
// RAISE(IGNORE) goes.
struct TriggerFrame {
  const Table* table = nullptr;
  int old_row = 0;
  int new_row = 0;
  int ignore_label = 0;
  const TriggerFrame* outer = nullptr;
  const Trigger* trigger = nullptr;
};

// One line of EXPLAIN QUERY PLAN: an id, its parent's id (0 at the top), and the text.
struct PlanRow {
  int id = 0;
  int parent = 0;
  std::string detail;
};

// Connection settings that change what statements compile to.
struct CompileOptions {
  bool case_sensitive_like = false;  // PRAGMA case_sensitive_like
  const Authorizer* authorizer = nullptr;  // sqlite3_set_authorizer's (null: none)
};

// An argument of an authorizer call: absent means SQL NULL.
using AuthArg = std::optional<std::string_view>;

class CodegenContext {
 public:
  // functions: the connection's (null: the built-ins only).
  CodegenContext(const Catalog* catalog, parser::ParseResult* parse,
                 const vdbe::FunctionRegistry* functions = nullptr)
      : catalog_(catalog), parse_(parse), functions_(functions), source_(parse->sql()) {}

  ProgramBuilder& builder() { return builder_; }
  const CompileOptions& options() const { return options_; }
  void set_options(const CompileOptions& options) { options_ = options; }
  // The function a call names: the connection's (see vdbe::FunctionRegistry) or a built-in;
  // like() follows PRAGMA case_sensitive_like.
  const vdbe::FunctionDef* FindFunction(std::string_view name, int arg_count) const;
  // The main database's schema (whose registry holds the connection's collations).
  Schema& schema() { return catalog_->schema(kMainDb); }
  const Catalog& catalog() const { return *catalog_; }
  parser::Arena& arena() { return parse_->arena(); }
  // The statement's text.
  std::string_view sql() const { return parse_->sql(); }
  // The text of a span of the AST being compiled: the statement's, or that of the schema
  // object (view, trigger) whose AST is being compiled in it (SourceScope).
  std::string_view Text(parser::SourceSpan span) const {
    if (span.end > source_.size() || span.begin > span.end) return {};
    return source_.substr(span.begin, span.end - span.begin);
  }
  std::string_view source() const { return source_; }
  void set_source(std::string_view source) { source_ = source; }

  // Records the error (the first one wins) and returns kError.
  Rc Error(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return Rc::kError;
  }
  Rc Error(Rc rc, std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return rc;
  }
  const std::string& error() const { return error_; }

  // The statement only reads (a SELECT): the planner may build transient indexes once per
  // run, since no table changes under them.
  bool read_only_statement() const { return read_only_statement_; }
  void set_read_only_statement(bool read_only) { read_only_statement_ = read_only; }

  // While an UPSERT's DO UPDATE is compiled: the row the INSERT proposed, which
  // "excluded.column" names (row registers as TriggerFrame's; null elsewhere).
  const TriggerFrame* excluded() const { return excluded_; }
  void set_excluded(const TriggerFrame* excluded) { excluded_ = excluded; }

  // The innermost trigger being compiled (null outside triggers).
  const TriggerFrame* trigger_frame() const { return trigger_frame_; }
  void set_trigger_frame(const TriggerFrame* frame) { trigger_frame_ = frame; }
  // The conflict policy that an INSERT or UPDATE in a trigger body takes instead of its own:
  // that of the statement firing the trigger, when it has one (SQLite's eOrconf: "REPLACE
  // INTO t" makes a body's "INSERT OR IGNORE" replace); kDefault when the body's own holds.
  ConflictAction trigger_conflict() const { return trigger_conflict_; }
  void set_trigger_conflict(ConflictAction conflict) { trigger_conflict_ = conflict; }
  // True when `trigger` is being compiled already (triggers do not fire themselves).
  bool TriggerActive(const Trigger* trigger) const {
    for (const TriggerFrame* frame = trigger_frame_; frame != nullptr; frame = frame->outer) {
      if (frame->trigger == trigger) return true;
    }
    return false;
  }

  // EXPLAIN QUERY PLAN: records a line under the current parent; returns its id (the address
  // of the next instruction, as SQLite's ids are, made unique).
  int AddPlan(std::string detail) {
    int id = builder_.current_address();
    if (!plan_.empty() && id <= plan_.back().id) id = plan_.back().id + 1;
    plan_.push_back({id, plan_parent_, std::move(detail)});
    return id;
  }
  PlanRow* FindPlan(int id) {
    for (PlanRow& row : plan_) {
      if (row.id == id) return &row;
    }
    return nullptr;
  }
  const std::vector<PlanRow>& plan() const { return plan_; }
  int plan_parent() const { return plan_parent_; }
  void set_plan_parent(int parent) { plan_parent_ = parent; }
  // Numbers subqueries for their plan lines ("SCALAR SUBQUERY 1").
  int NextSubqueryNumber() { return ++subquery_count_; }

  // Whether any function (built-in or the connection's) has that name.
  // SQLITE_LIMIT_FUNCTION_ARG.
  int MaxFunctionArgs() const {
    return functions_ != nullptr ? functions_->max_args() : vdbe::kMaxFunctionArgs;
  }
  bool FunctionNameExists(std::string_view name) const {
    return functions_ != nullptr ? functions_->NameExists(name) : vdbe::FunctionNameExists(name);
  }

  // The authorizer (authorizer.h), when the connection has one. Authorize asks it about
  // `action`: kOk when allowed (*ignore tells whether it answered SQLITE_IGNORE; null
  // *ignore: IGNORE counts as allowed), else the error: kAuth "not authorized", kError
  // "authorizer malfunction". The fifth argument is the innermost trigger or view being
  // compiled (AuthContextScope).
  bool has_authorizer() const { return options_.authorizer != nullptr; }
  Rc Authorize(AuthAction action, AuthArg arg1, AuthArg arg2, AuthArg database,
               bool* ignore = nullptr);
  // SQLITE_READ of a column through one reference (an AST node, or any address standing for
  // one): asked once per reference however often it is coded; *ignore: read NULL instead.
  // The denial says "access to table.column is prohibited". `item` (the FROM item's TableRef,
  // the same however often the query is prepared; null for none) records the read (ReadsOf).
  Rc AuthorizeRead(const void* reference, const void* item, std::string_view table,
                   std::string_view column, std::string_view database, bool* ignore);
  // SQLITE_FUNCTION for one call (asked once per call); the denial says "not authorized to
  // use function: name"; *ignore: the call is NULL.
  Rc AuthorizeFunction(const void* reference, std::string_view name, bool* ignore);
  // Whether the authorizer answered SQLITE_IGNORE for this reference (read or call).
  bool AuthIgnored(const void* reference) const {
    auto it = auth_answers_.find(reference);
    return it != auth_answers_.end() && it->second;
  }
  // With an authorizer: where the column reference that the "*" `star` expands to for column
  // `column_idx` of FROM item `item_idx` is kept, so that a SELECT resolved, then coded, has
  // one reference (and one authorizer call) per column (null until made).
  const parser::Expr*& StarColumn(const void* star, size_t item_idx, size_t column_idx) {
    return star_columns_[{star, item_idx, column_idx}];
  }
  // Whether a column of the FROM item `item` (its TableRef) was authorized for reading.
  bool ReadsOf(const void* item) const;
  // Records a read of FROM item `item` that needs no authorization (a CTE's column).
  void NoteRead(const void* item);
  std::string_view auth_context() const { return auth_context_; }
  void set_auth_context(std::string_view name) { auth_context_ = name; }

  // The program needs a transaction on database `db` (a write one when `write`).
  void UseTransaction(int db, bool write) {
    builder_.UseTransaction(db, write, catalog_->schema(db).cookie());
  }
  // A DDL statement that does nothing (IF EXISTS / IF NOT EXISTS decided it) still checks the
  // schema cookie of database `db`, as SQLite's does: on a schema another connection changed,
  // the statement compiles again and may act after all. A CREATE stays a statement that writes.
  void VerifySchema(int db, bool writes) {
    UseTransaction(db, false);
    if (writes) builder_.program()->set_read_only(false);
  }
  // The name of database `db`, as the authorizer is told it.
  std::string_view DatabaseName(int db) const { return catalog_->database(db).name; }

  // The database whose tables the unqualified names of the view or trigger body being
  // compiled mean (SQLite's DbFixer binds a view's or trigger's names to the object's own
  // database, but a TEMP one's), or -1: the search order of an ordinary statement.
  int bound_db() const { return bound_db_; }
  void set_bound_db(int db) { bound_db_ = db; }
  // A table or view named in the statement or in the body being compiled (bound_db()), or
  // null with "no such table: NAME" as SQLite words it: qualified by the database the name
  // gives or the body is bound to ("no such table: main.t1").
  const Table* LookupTable(const parser::QualifiedName& name) {
    if (name.schema.IsSet() || bound_db_ < 0) return catalog_->FindTable(name);
    return catalog_->FindTable(DatabaseName(bound_db_), name.name.text);
  }
  Rc MissingTable(const parser::QualifiedName& name) {
    std::string_view schema;
    if (name.schema.IsSet()) schema = name.schema.text;
    if (!name.schema.IsSet() && bound_db_ >= 0) schema = DatabaseName(bound_db_);
    return Error("no such table: " + (schema.empty() ? "" : std::string(schema) + ".") +
                 std::string(name.name.text));
  }
  // The database whose schema a schema statement changes (its sqlite_schema rows, cookie and
  // reload: OpenSchemaTable, EmitSchemaChanged, the DDL authorizer calls). Main by default.
  int schema_db() const { return schema_db_; }
  void set_schema_db(int db) { schema_db_ = db; }

 private:
  const Catalog* catalog_;
  int schema_db_ = kMainDb;
  parser::ParseResult* parse_;
  const vdbe::FunctionRegistry* functions_;
  ProgramBuilder builder_;
  std::string_view source_;
  int bound_db_ = -1;
  CompileOptions options_;
  std::string error_;
  bool read_only_statement_ = false;
  const TriggerFrame* trigger_frame_ = nullptr;
  ConflictAction trigger_conflict_ = ConflictAction::kDefault;
  const TriggerFrame* excluded_ = nullptr;
  std::vector<PlanRow> plan_;
  int plan_parent_ = 0;
  int subquery_count_ = 0;
  // Calls the authorizer (which must be set) and returns its answer.
  int AskAuthorizer(AuthAction action, AuthArg arg1, AuthArg arg2, AuthArg database);

  // Authorizer answers per reference (true: IGNORE), the FROM items read (their TableRefs),
  // and the references "*" expanded to. Keyed by address: looked up, never iterated, so no
  // order depends on pointer values (DESIGN.md).
  std::map<const void*, bool> auth_answers_;
  std::vector<const void*> read_items_;
  std::map<std::tuple<const void*, size_t, size_t>, const parser::Expr*> star_columns_;
  std::string_view auth_context_;
};

// While alive, authorizer calls name `name` (a trigger or view) as the innermost context.
class AuthContextScope {
 public:
  AuthContextScope(CodegenContext* ctx, std::string_view name)
      : ctx_(ctx), saved_(ctx->auth_context()) {
    ctx->set_auth_context(name);
  }
  ~AuthContextScope() { ctx_->set_auth_context(saved_); }
  AuthContextScope(const AuthContextScope&) = delete;
  AuthContextScope& operator=(const AuthContextScope&) = delete;

 private:
  CodegenContext* ctx_;
  std::string_view saved_;
};

// While alive, plan lines go under `parent`.
class PlanScope {
 public:
  PlanScope(CodegenContext* ctx, int parent) : ctx_(ctx), saved_(ctx->plan_parent()) {
    ctx->set_plan_parent(parent);
  }
  ~PlanScope() { ctx_->set_plan_parent(saved_); }
  PlanScope(const PlanScope&) = delete;
  PlanScope& operator=(const PlanScope&) = delete;

 private:
  CodegenContext* ctx_;
  int saved_;
};

// While alive, spans are read from `source` (the SQL of a view or trigger being compiled in).
class SourceScope {
 public:
  SourceScope(CodegenContext* ctx, std::string_view source)
      : SourceScope(ctx, source, ctx->bound_db()) {}
  // The body of a view or trigger of database `object_db`: its unqualified names are bound
  // to that database unless it is temp (CodegenContext::bound_db).
  SourceScope(CodegenContext* ctx, std::string_view source, int object_db)
      : ctx_(ctx), saved_(ctx->source()), saved_bound_db_(ctx->bound_db()) {
    ctx->set_source(source);
    ctx->set_bound_db(object_db == kTempDb ? -1 : object_db);
  }
  ~SourceScope() {
    ctx_->set_source(saved_);
    ctx_->set_bound_db(saved_bound_db_);
  }
  SourceScope(const SourceScope&) = delete;
  SourceScope& operator=(const SourceScope&) = delete;

 private:
  CodegenContext* ctx_;
  std::string_view saved_;
  int saved_bound_db_;
};

inline const vdbe::FunctionDef* CodegenContext::FindFunction(std::string_view name,
                                                            int arg_count) const {
  if (options_.case_sensitive_like && SameName(name, "like")) {
    return vdbe::CaseSensitiveLike(arg_count);
  }
  return functions_ != nullptr ? functions_->Find(name, arg_count)
                               : vdbe::FindFunction(name, arg_count);
}

// Sets the conflict policy the triggers a statement fires inherit (CodegenContext::
// trigger_conflict) while the statement compiles, and puts the outer one back after.
class TriggerConflictScope {
 public:
  TriggerConflictScope(CodegenContext* ctx, ConflictAction conflict)
      : ctx_(ctx), saved_(ctx->trigger_conflict()) {
    ctx->set_trigger_conflict(conflict);
  }
  ~TriggerConflictScope() { ctx_->set_trigger_conflict(saved_); }
  TriggerConflictScope(const TriggerConflictScope&) = delete;
  TriggerConflictScope& operator=(const TriggerConflictScope&) = delete;

 private:
  CodegenContext* ctx_;
  ConflictAction saved_;
};

}  // namespace simlite::codegen
