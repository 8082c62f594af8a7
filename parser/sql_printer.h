// Renders AST nodes back to SQL text. The output parses back to the same tree: every operator
// application is fully parenthesized ("1+2*3" prints as "(1 + (2 * 3))"), names keep the
// quoting they were written with, numbers keep their spelling. Tests use it to compare tree
// shapes; later layers use it to show expressions.
#pragma once

#include <string>

#include "parser/ast.h"

namespace simlite::parser {

std::string ToSql(const Expr& expr);
std::string ToSql(const Select& select);
std::string ToSql(const Stmt& stmt);

}  // namespace simlite::parser
