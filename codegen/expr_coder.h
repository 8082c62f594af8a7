// ExprCoder: code generation for expressions (SQLite's expr.c): values into registers, and
// conditions as jumps (the IfTrue / IfFalse forms that WHERE, ON, HAVING, CASE and CHECK use),
// with SQLite's affinity and collation rules for comparisons (datatype3.html 4.2, 7.1).
//
// Invariants:
//  1. Code(e, target) leaves e's value in `target` and writes no other register that the
//     caller owns (temporaries are fresh registers).
//  2. Registers returned by CodeTemp may be shared constants: callers never modify them in
//     place (Affinity, MakeRecord's affinities, MustBeInt, Cast run on registers they own).
//  3. An expression whose node is in the substitution map is not evaluated: its value is the
//     mapped register (aggregate results and columns captured by an aggregate query).
#pragma once

#include <unordered_map>

#include "codegen/codegen_context.h"
#include "codegen/name_context.h"
#include "parser/ast.h"
#include "vdbe/expr_ops.h"

namespace simlite::codegen {

class ExprCoder {
 public:
  ExprCoder(CodegenContext* ctx, NameContext* nc) : ctx_(ctx), nc_(nc) {}

  void set_substitutions(const std::unordered_map<const parser::Expr*, int>* substitutions) {
    substitutions_ = substitutions;
  }
  // Where aggregate functions may appear ("misuse of aggregate function f()" elsewhere).
  void set_aggregates_allowed(bool allowed) { aggregates_allowed_ = allowed; }
  // Where window functions may appear: result columns and ORDER BY ("misuse of window
  // function f()" elsewhere).
  void set_windows_allowed(bool allowed) { windows_allowed_ = allowed; }
  const std::unordered_map<const parser::Expr*, int>* substitutions() const {
    return substitutions_;
  }
  NameContext* names() { return nc_; }
  CodegenContext* ctx() { return ctx_; }

  // Evaluates expr into `target`.
  Rc Code(const parser::Expr* expr, int target);
  // Evaluates expr into a register of the coder's choosing (invariant 2).
  Rc CodeTemp(const parser::Expr* expr, int* reg);
  // Evaluates expr into `target`, a register only this code reads (a call's argument): a
  // literal or a bound parameter is loaded there once, in the prologue.
  Rc CodeArgument(const parser::Expr* expr, int target);
  // Jumps to `label` when expr is false (IfFalse) / true (IfTrue); a NULL expr jumps only
  // when jump_if_null.
  Rc CodeIfFalse(const parser::Expr* expr, int label, bool jump_if_null);
  Rc CodeIfTrue(const parser::Expr* expr, int label, bool jump_if_null);

  // The affinity of an expression (datatype3.html 3.2): a column's, a CAST's, a scalar
  // subquery's first column's; kNone for everything else.
  Rc AffinityOf(const parser::Expr* expr, Affinity* affinity);
  // The collation of an expression: an explicit COLLATE (*is_explicit), else a column's.
  // *found is false when the expression has none.
  Rc CollationOf(const parser::Expr* expr, Collation* collation, bool* found,
                 bool* is_explicit);
  // The collation a binary comparison of left and right uses.
  Rc ComparisonCollation(const parser::Expr* left, const parser::Expr* right,
                         Collation* collation);
  // The P5 affinity letter of a comparison of left with right.
  Rc ComparisonAffinity(const parser::Expr* left, const parser::Expr* right,
                        Affinity* affinity);

  // Emits "jump to label when r_left OP r_right" for the comparison left OP right.
  Rc EmitCompareJump(parser::BinaryOp op, const parser::Expr* left, int r_left,
                     const parser::Expr* right, int r_right, int label, bool jump_if_null);

  // Loads a resolved column reference into target.
  Rc CodeColumnRef(const ColumnRef& ref, int target);
  // Validates the names and functions of expr (SQLite resolves every name before it codes
  // anything, so errors come in its order); aggregates allowed as set_aggregates_allowed says.
  Rc CheckNames(const parser::Expr* expr);

  // The value a literal stands for (for constants and DEFAULT). kError for a bad hex literal.
  Rc LiteralValue(const parser::LiteralExpr& literal, bool negate, vdbe::Mem* value);

 private:
  Rc CodeLiteral(const parser::LiteralExpr& literal, bool negate, int target);
  Rc CodeColumn(const parser::ColumnExpr& expr, int target);
  Rc CodeUnary(const parser::UnaryExpr& expr, int target);
  Rc CodeBinary(const parser::BinaryExpr& expr, int target);
  Rc CodeComparisonValue(const parser::BinaryExpr& expr, int target);
  Rc CodeBetween(const parser::BetweenExpr& expr, int target);
  Rc CodeLike(const parser::LikeExpr& expr, int target);
  Rc CodeCase(const parser::CaseExpr& expr, int target);
  Rc CodeRaise(const parser::RaiseExpr& expr);
  Rc CodeFunction(const parser::FunctionExpr& expr, int target);
  Rc CodeFunctionCall(const parser::FunctionExpr& expr, std::string_view name,
                      const vdbe::FunctionDef* def, int target);
  Rc CodeIn(const parser::InExpr& expr, int target);
  // x IN (...): jumps to if_true / if_false / if_null (a label, or 0 for "fall through").
  Rc CodeInJumps(const parser::InExpr& expr, int if_false, int if_null);
  Rc CodeInList(const parser::InExpr& expr, int r_left, int if_true, int if_false,
                int if_null);
  Rc CodeBetweenJumps(const parser::BetweenExpr& expr, int label, bool jump_if_true,
                      bool jump_if_null);
  Rc CodeCompareCondition(const parser::BinaryExpr& expr, int label, bool jump_if_true,
                          bool jump_if_null);
  Rc CollationOfOperands(const parser::Expr* expr, Collation* collation, bool* found,
                         bool* is_explicit);
  Rc ResolveFunction(const parser::FunctionExpr& expr, const vdbe::FunctionDef** def);
  Rc Misuse(const parser::FunctionExpr& expr);
  Rc CheckWindowCall(const parser::FunctionExpr& expr, const vdbe::FunctionDef* def);

  CodegenContext* ctx_;
  NameContext* nc_;
  const std::unordered_map<const parser::Expr*, int>* substitutions_ = nullptr;
  bool aggregates_allowed_ = false;
  bool windows_allowed_ = false;
};

// A function call with OVER.
inline bool IsWindowCall(const parser::FunctionExpr& expr) {
  return expr.over != nullptr || expr.over_name.IsSet();
}
// True when expr calls a window function (outside subqueries).
bool HasWindowCall(const parser::Expr* expr);

// True for the comparison operators (=, <>, <, <=, >, >=, IS, IS NOT and their spellings).
bool IsComparison(parser::BinaryOp op);

// The affinity a transient IN table stores its values with, given the left side's (SQLite: none
// becomes BLOB, REAL becomes NUMERIC).
char InTableAffinity(Affinity affinity);

// True when expr has an explicit COLLATE that decides its collation.
bool HasExplicitCollation(const parser::Expr* expr);

// Implemented by select codegen (select_subquery.cpp), for the subquery expressions.
Rc SubqueryColumnAffinity(ExprCoder* coder, const parser::Select* select, Affinity* affinity);
Rc SubqueryColumnCollation(ExprCoder* coder, const parser::Select* select,
                           Collation* collation, bool* found);
// With an authorizer: the reads and calls of the subquery `expr` is (if it is one), asked in
// SQLite's order as names are resolved (select_authorize.cpp).
Rc AuthorizeSubqueryNames(CodegenContext* ctx, NameContext* outer, const parser::Expr* expr);
Rc CodeScalarSubquery(ExprCoder* coder, const parser::Select* select, int target);
Rc CodeExistsSubquery(ExprCoder* coder, const parser::Select* select, int target);
// Fills a transient index (cursor *cursor) with the values of an IN subquery.
Rc CodeInSubqueryTable(ExprCoder* coder, const parser::InExpr& expr, Affinity affinity,
                       int* cursor, int* has_null_reg);

}  // namespace simlite::codegen
