#include "simulator/metamorphic.h"

#include <cctype>
#include <string_view>

#include "codegen/expr_walk.h"
#include "parser/parser.h"
#include "vdbe/function.h"

namespace simlite::sim {

namespace {

// Whether the expression's value depends on more than its row: an aggregate or window call.
bool Aggregates(const parser::Expr* expr) {
  bool found = false;
  Rc rc = codegen::WalkExpr(expr, [&](const parser::Expr* node, bool*) {
    if (node->kind != parser::ExprKind::kFunction) return Rc::kOk;
    const auto* call = node->As<parser::FunctionExpr>();
    const vdbe::FunctionDef* def =
        vdbe::FindFunction(call->name.text, static_cast<int>(call->args.size()));
    if (call->over != nullptr || call->over_name.IsSet() || call->star ||
        (def != nullptr && def->aggregate != nullptr)) {
      found = true;
    }
    return Rc::kOk;
  });
  return rc != Rc::kOk || found;
}

bool ContainsNoCase(std::string_view text, std::string_view word) {
  for (size_t at = 0; at + word.size() <= text.size(); at++) {
    bool match = true;
    for (size_t char_idx = 0; char_idx < word.size() && match; char_idx++) {
      match = std::tolower(static_cast<unsigned char>(text[at + char_idx])) == word[char_idx];
    }
    if (match) return true;
  }
  return false;
}

// Where the WHERE keyword before `predicate_begin` starts (spaces between), or npos.
size_t WhereKeyword(std::string_view sql, size_t predicate_begin) {
  size_t end = predicate_begin;
  while (end > 0 && std::isspace(static_cast<unsigned char>(sql[end - 1]))) end--;
  if (end < 5) return std::string_view::npos;
  const size_t begin = end - 5;
  return ContainsNoCase(sql.substr(begin, 5), "where") ? begin : std::string_view::npos;
}

}  // namespace

bool DeriveMetamorphicQueries(const std::string& sql, MetamorphicQueries* queries) {
  if (ContainsNoCase(sql, "random")) return false;  // random(), randomblob()
  parser::ParseResult parse;
  parser::ParseError error;
  if (parser::ParseOne(sql, 0, parser::ParseOptions{}, &parse, &error) != Rc::kOk ||
      parse.statements().empty() || parse.statements()[0].stmt == nullptr) {
    return false;
  }
  const parser::Stmt* stmt = parse.statements()[0].stmt;
  if (stmt->kind != parser::StmtKind::kSelect || stmt->explain != parser::ExplainKind::kNone) {
    return false;
  }
  const parser::Select* select = stmt->As<parser::SelectStmt>()->select;
  if (select->with != nullptr || select->cores.size() != 1 ||
      select->order_limit.limit != nullptr) {
    return false;
  }
  const parser::SelectCore* core = select->cores[0];
  if (core->is_values || core->distinct == parser::Distinctness::kDistinct ||
      core->where == nullptr || !core->group_by.empty() || core->having != nullptr ||
      !core->windows.empty() || core->columns.empty() || core->from.empty()) {
    return false;
  }
  for (const parser::ResultColumn& column : core->columns) {
    if (column.expr != nullptr && Aggregates(column.expr)) return false;
  }
  const std::string_view text = parse.sql();
  const size_t where = WhereKeyword(text, core->where->span.begin);
  const parser::ResultColumn& last = core->columns[core->columns.size() - 1];
  const size_t columns_end = last.alias.IsSet() ? last.alias.span.end : last.span.end;
  if (where == std::string_view::npos || columns_end == 0 || columns_end > where) return false;
  const std::string predicate = "(" + std::string(parse.Text(core->where->span)) + ")";
  size_t head_end = where;  // without the spaces before WHERE
  while (head_end > columns_end && std::isspace(static_cast<unsigned char>(text[head_end - 1]))) {
    head_end--;
  }
  // "SELECT cols FROM ...", and " FROM ..." alone.
  const std::string head(text.substr(0, head_end));
  const std::string from(text.substr(columns_end, head_end - columns_end));
  queries->whole = head;
  queries->partitions = {head + " WHERE " + predicate, head + " WHERE NOT " + predicate,
                         head + " WHERE " + predicate + " IS NULL"};
  queries->optimized_count = "SELECT count(*)" + from + " WHERE " + predicate;
  queries->unoptimized_count =
      "SELECT coalesce(sum(CASE WHEN " + predicate + " THEN 1 ELSE 0 END), 0)" + from;
  return true;
}

}  // namespace simlite::sim
