// Compile: dispatches a statement to its compiler and finishes the program (result columns,
// parameters, EXPLAIN).
#include "codegen/compiler.h"

#include "codegen/codegen_context.h"
#include "codegen/ddl.h"
#include "codegen/dml.h"
#include "codegen/select_coder.h"

namespace simlite::codegen {

namespace {

Rc CompileSelect(CodegenContext* ctx, const parser::SelectStmt& stmt) {
  ctx->set_read_only_statement(true);
  SelectCoder select(ctx, nullptr);
  select.set_statement_select();
  SelectDest dest;
  SIMLITE_TRY(select.Code(stmt.select, dest));
  vdbe::Program* program = ctx->builder().program();
  for (const ResultColumnInfo& column : select.columns()) {
    program->column_names().push_back(column.name);
    program->column_decltypes().push_back(column.decltype_name);
  }
  return Rc::kOk;
}

Rc CompileStatement(CodegenContext* ctx, const parser::ParsedStatement& statement) {
  const parser::Stmt& stmt = *statement.stmt;
  switch (stmt.kind) {
    case parser::StmtKind::kSelect:
      return CompileSelect(ctx, *stmt.As<parser::SelectStmt>());
    case parser::StmtKind::kInsert:
    case parser::StmtKind::kUpdate:
    case parser::StmtKind::kDelete:
      return CompileDml(ctx, stmt);
    case parser::StmtKind::kCreateTable:
      return CompileCreateTable(ctx, *stmt.As<parser::CreateTableStmt>(), statement.tail);
    case parser::StmtKind::kCreateIndex:
      return CompileCreateIndex(ctx, *stmt.As<parser::CreateIndexStmt>(), statement.tail);
    case parser::StmtKind::kCreateView:
      return CompileCreateView(ctx, *stmt.As<parser::CreateViewStmt>(), statement.tail);
    case parser::StmtKind::kCreateTrigger:
      return CompileCreateTrigger(ctx, *stmt.As<parser::CreateTriggerStmt>());
    case parser::StmtKind::kDrop:
      return CompileDrop(ctx, *stmt.As<parser::DropStmt>());
    case parser::StmtKind::kBegin:
    case parser::StmtKind::kCommit:
    case parser::StmtKind::kRollback:
    case parser::StmtKind::kSavepoint:
    case parser::StmtKind::kRelease:
      return CompileTransaction(ctx, stmt);
    case parser::StmtKind::kPragma:
      return CompilePragma(ctx, *stmt.As<parser::PragmaStmt>());
    case parser::StmtKind::kReindex:
      return CompileReindex(ctx, *stmt.As<parser::ReindexStmt>());
    case parser::StmtKind::kAttach:
      return CompileAttach(ctx, *stmt.As<parser::AttachStmt>());
    case parser::StmtKind::kDetach:
      return CompileDetach(ctx, *stmt.As<parser::DetachStmt>());
    case parser::StmtKind::kAnalyze:
      return CompileAnalyze(ctx, *stmt.As<parser::AnalyzeStmt>());
    default:
      return ctx->Error("this kind of statement is not supported yet");
  }
}

// EXPLAIN QUERY PLAN: a program that returns the plan lines the compilation recorded.
std::unique_ptr<vdbe::Program> QueryPlanProgram(const std::vector<PlanRow>& plan) {
  ProgramBuilder b;
  const int first = b.AllocRegisters(4);
  for (const PlanRow& row : plan) {
    b.Add(vdbe::Opcode::kInteger, row.id, first);
    b.Add(vdbe::Opcode::kInteger, row.parent, first + 1);
    b.Add(vdbe::Opcode::kInteger, 0, first + 2);
    b.Add(vdbe::Opcode::kString8, 0, first + 3);
    b.SetP4Constant(vdbe::Mem::Text(row.detail));
    b.Add(vdbe::Opcode::kResultRow, first, 4);
  }
  b.Add(vdbe::Opcode::kHalt);
  std::unique_ptr<vdbe::Program> program = b.Finish();
  program->column_names() = {"id", "parent", "notused", "detail"};
  program->column_decltypes().assign(4, "");
  return program;
}

// The first collation the program compares with that is not defined (a column or index of
// the schema declares a collation the application has not registered), after asking
// collation_needed; "" when every one is. SQLite finds these while resolving names; checking
// the finished program catches every use in one place.
std::string UndefinedCollation(const vdbe::Program& program, vdbe::CollationRegistry* registry) {
  auto undefined = [registry](btree::Collation collation) {
    return btree::IsCustomCollation(collation) && !registry->Resolve(collation);
  };
  for (const vdbe::Instruction& op : program.ops()) {
    if (op.p4type != vdbe::P4Type::kCollation) continue;
    const auto collation = static_cast<btree::Collation>(op.p4.i);
    if (undefined(collation)) return std::string(registry->Name(collation));
  }
  for (uint32_t key_idx = 0; key_idx < program.key_info_count(); key_idx++) {
    for (btree::Collation collation : program.key_info(key_idx).collations) {
      if (undefined(collation)) return std::string(registry->Name(collation));
    }
  }
  return "";
}

// Fails when the program compares with an undefined collation (also for EXPLAIN QUERY PLAN,
// whose plan comes from the same program).
Rc CheckCollations(const vdbe::Program& program, vdbe::CollationRegistry* registry,
                   std::string* error) {
  if (registry == nullptr) return Rc::kOk;
  if (std::string name = UndefinedCollation(program, registry); !name.empty()) {
    *error = "no such collation sequence: " + name;
    return Rc::kError;
  }
  return Rc::kOk;
}

}  // namespace

Rc Compile(const parser::ParsedStatement& statement, parser::ParseResult* parse,
           const Catalog* catalog, const CompileOptions& options,
           std::unique_ptr<vdbe::Program>* program, std::string* error,
           const vdbe::FunctionRegistry* functions) {
  CodegenContext ctx(catalog, parse, functions);
  const Schema* schema = &ctx.schema();
  ctx.set_options(options);
  Rc rc = CompileStatement(&ctx, statement);
  if (rc != Rc::kOk) {
    *error = ctx.error().empty() ? ErrStr(rc) : ctx.error();
    return rc;
  }
  SIMLITE_TRY(CheckCollations(*ctx.builder().program(), schema->collations(), error));
  if (statement.stmt->explain == parser::ExplainKind::kQueryPlan) {
    *program = QueryPlanProgram(ctx.plan());
    return Rc::kOk;
  }
  ctx.builder().Add(vdbe::Opcode::kHalt);
  *program = ctx.builder().Finish();
  vdbe::Program& finished = **program;
  finished.SetCustomCollations(schema->collations());
  const parser::StmtKind kind = statement.stmt->kind;
  finished.set_counts_changes(kind == parser::StmtKind::kInsert ||
                              kind == parser::StmtKind::kUpdate ||
                              kind == parser::StmtKind::kDelete);
  finished.set_variable_count(statement.variable_count);
  finished.variable_names().assign(static_cast<size_t>(statement.variable_count), "");
  for (const parser::NamedVariable& variable : statement.named_variables) {
    finished.variable_names()[static_cast<size_t>(variable.index - 1)] =
        std::string(variable.name);
  }
  if (statement.stmt->explain == parser::ExplainKind::kExplain) {
    finished.set_explain(true);
    finished.column_names() = {"addr", "opcode", "p1", "p2", "p3", "p4", "p5", "comment"};
    finished.column_decltypes().assign(8, "");
  }
  return Rc::kOk;
}

}  // namespace simlite::codegen
