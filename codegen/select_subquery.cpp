// Subqueries in expressions: scalar (the first row's value, NULL when none), EXISTS, and the
// transient index behind IN (SELECT ...). A subquery that names no column of an enclosing
// query is evaluated once per run (Once); a correlated one every time it is reached.
#include "codegen/select_coder.h"

namespace simlite::codegen {

namespace {

Rc CheckSingleColumn(CodegenContext* ctx, const SelectCoder& sub) {
  if (sub.columns().size() != 1) {
    return ctx->Error("sub-select returns " + std::to_string(sub.columns().size()) +
                      " columns - expected 1");
  }
  return Rc::kOk;
}

// Emits `body` guarded by a Once that becomes a Noop when the subquery turns out correlated.
// `kind` names it in the query plan ("SCALAR SUBQUERY 1", "CORRELATED LIST SUBQUERY 2").
Rc OnceUnlessCorrelated(CodegenContext* ctx, SelectCoder* sub, const char* kind,
                        const std::function<Rc()>& body) {
  ProgramBuilder& b = ctx->builder();
  const int plan = ctx->AddPlan(std::string(kind) + " SUBQUERY " +
                                std::to_string(ctx->NextSubqueryNumber()));
  const int once = b.Add(Opcode::kOnce, b.AllocOnce());
  {
    PlanScope scope(ctx, plan);
    SIMLITE_TRY(body());
  }
  if (sub->correlated()) {
    b.At(once).opcode = Opcode::kNoop;
    if (PlanRow* row = ctx->FindPlan(plan)) row->detail = "CORRELATED " + row->detail;
  } else {
    b.JumpHere(once);
  }
  return Rc::kOk;
}

}  // namespace

Rc CodeScalarSubquery(ExprCoder* coder, const parser::Select* select, int target) {
  CodegenContext* ctx = coder->ctx();
  ProgramBuilder& b = ctx->builder();
  SelectCoder sub(ctx, coder->names());
  const int value = b.AllocRegister();
  SIMLITE_TRY(OnceUnlessCorrelated(ctx, &sub, "SCALAR", [&]() -> Rc {
    b.Add(Opcode::kNull, 0, value);
    SelectDest dest;
    dest.kind = SelectDest::Kind::kScalar;
    dest.reg = value;
    SIMLITE_TRY(sub.Code(select, dest));
    return CheckSingleColumn(ctx, sub);
  }));
  b.Add(Opcode::kSCopy, value, target);
  return Rc::kOk;
}

Rc CodeExistsSubquery(ExprCoder* coder, const parser::Select* select, int target) {
  CodegenContext* ctx = coder->ctx();
  ProgramBuilder& b = ctx->builder();
  SelectCoder sub(ctx, coder->names());
  const int value = b.AllocRegister();
  SIMLITE_TRY(OnceUnlessCorrelated(ctx, &sub, "SCALAR", [&]() -> Rc {
    b.Add(Opcode::kInteger, 0, value);
    SelectDest dest;
    dest.kind = SelectDest::Kind::kExists;
    dest.reg = value;
    return sub.Code(select, dest);
  }));
  b.Add(Opcode::kSCopy, value, target);
  return Rc::kOk;
}

Rc CodeInSubqueryTable(ExprCoder* coder, const parser::InExpr& expr, Affinity left_affinity,
                       int* cursor, int* has_null_reg) {
  CodegenContext* ctx = coder->ctx();
  ProgramBuilder& b = ctx->builder();
  SelectCoder describe(ctx, coder->names());
  SIMLITE_TRY(describe.Describe(expr.select));
  SIMLITE_TRY(CheckSingleColumn(ctx, describe));
  const ResultColumnInfo& column = describe.columns()[0];
  // The comparison's collation (SQLite's sqlite3BinaryCompareCollSeq with the subquery's
  // first result expression, of its last arm): an explicit COLLATE on the left, else one in
  // that expression, else the left side's when it has one, else the subquery column's.
  Collation collation = column.collation;
  bool found = false;
  bool is_explicit = false;
  Collation left_collation;
  SIMLITE_TRY(coder->CollationOf(expr.operand, &left_collation, &found, &is_explicit));
  const parser::SelectCore* last = expr.select->cores.back();
  const parser::Expr* right =
      !last->is_values && !last->columns.empty() ? last->columns[0].expr : nullptr;
  if (!is_explicit && right != nullptr && HasExplicitCollation(right)) {
    // (An explicit collation is found without resolving a name: no column is read.)
    SIMLITE_TRY(coder->CollationOf(right, &collation, &found, &is_explicit));
  } else if (found) {
    collation = left_collation;
  }
  const Affinity affinity = vdbe::ComparisonAffinity(left_affinity, column.affinity);
  *cursor = b.AllocCursor();
  *has_null_reg = b.AllocRegister();
  SelectCoder sub(ctx, coder->names());
  return OnceUnlessCorrelated(ctx, &sub, "LIST", [&]() -> Rc {
    b.Add(Opcode::kOpenEphemeral, *cursor, 1);
    btree::KeyInfo key_info;
    key_info.collations = {collation};
    key_info.descending = {false};
    b.SetP4KeyInfo(std::move(key_info));
    SelectDest dest;
    dest.kind = SelectDest::Kind::kIndex;
    dest.cursor = *cursor;
    dest.affinity = std::string(1, static_cast<char>(affinity));
    SIMLITE_TRY(sub.Code(expr.select, dest));
    // NULL sorts first: the index holds a NULL when its first entry is one.
    b.Add(Opcode::kInteger, 0, *has_null_reg);
    const int empty = b.Add(Opcode::kRewind, *cursor);
    b.Add(Opcode::kColumn, *cursor, 0, *has_null_reg);
    b.JumpHere(empty);
    return Rc::kOk;
  });
}

Rc SubqueryColumnAffinity(ExprCoder* coder, const parser::Select* select, Affinity* affinity) {
  SelectCoder describe(coder->ctx(), coder->names());
  SIMLITE_TRY(describe.Describe(select));
  *affinity = describe.columns().empty() ? Affinity::kNone : describe.columns()[0].affinity;
  return Rc::kOk;
}

Rc SubqueryColumnCollation(ExprCoder* coder, const parser::Select* select, Collation* collation,
                           bool* found) {
  SelectCoder describe(coder->ctx(), coder->names());
  SIMLITE_TRY(describe.Describe(select));
  *found = !describe.columns().empty();
  *collation = *found ? describe.columns()[0].collation : Collation::kBinary;
  return Rc::kOk;
}

}  // namespace simlite::codegen
