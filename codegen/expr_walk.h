// Walking expression trees: the direct subexpressions of a node, and a pre-order walk that
// stops at subqueries (their expressions belong to another query) unless asked otherwise.
#pragma once

#include <functional>

#include "common/result_code.h"
#include "parser/ast.h"

namespace simlite::codegen {

// Calls visit for each direct subexpression of expr (not those inside subqueries).
void ForEachChild(const parser::Expr* expr, const std::function<void(const parser::Expr*)>& visit);

// Pre-order walk; visit returns an error to stop, and may clear *descend to skip a node's
// children.
Rc WalkExpr(const parser::Expr* expr,
            const std::function<Rc(const parser::Expr*, bool* descend)>& visit);

// True when the expression contains a subquery (scalar, EXISTS or IN (SELECT ...)).
bool HasSubquery(const parser::Expr* expr);

}  // namespace simlite::codegen
