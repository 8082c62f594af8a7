// SqlPrinter for expressions and SELECT. Operators are parenthesized one pair per
// application, so the printed text shows the tree's shape; atoms (names, literals, calls,
// CASE, CAST) are not.
#include "parser/printer_impl.h"
#include "parser/sql_printer.h"

namespace simlite::parser {
namespace {

std::string_view BinaryText(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr:
      return "OR";
    case BinaryOp::kAnd:
      return "AND";
    case BinaryOp::kEq:
      return "=";
    case BinaryOp::kNe:
      return "<>";
    case BinaryOp::kIs:
      return "IS";
    case BinaryOp::kIsNot:
      return "IS NOT";
    case BinaryOp::kIsDistinctFrom:
      return "IS DISTINCT FROM";
    case BinaryOp::kIsNotDistinctFrom:
      return "IS NOT DISTINCT FROM";
    case BinaryOp::kLt:
      return "<";
    case BinaryOp::kLe:
      return "<=";
    case BinaryOp::kGt:
      return ">";
    case BinaryOp::kGe:
      return ">=";
    case BinaryOp::kBitAnd:
      return "&";
    case BinaryOp::kBitOr:
      return "|";
    case BinaryOp::kLShift:
      return "<<";
    case BinaryOp::kRShift:
      return ">>";
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSubtract:
      return "-";
    case BinaryOp::kMultiply:
      return "*";
    case BinaryOp::kDivide:
      return "/";
    case BinaryOp::kRemainder:
      return "%";
    case BinaryOp::kConcat:
      return "||";
    case BinaryOp::kExtract:
      return "->";
    case BinaryOp::kExtractText:
      return "->>";
  }
  return "?";
}

std::string_view LikeText(LikeOp op) {
  switch (op) {
    case LikeOp::kLike:
      return "LIKE";
    case LikeOp::kGlob:
      return "GLOB";
    case LikeOp::kRegexp:
      return "REGEXP";
    case LikeOp::kMatch:
      return "MATCH";
  }
  return "?";
}

std::string_view RaiseText(RaiseKind kind) {
  switch (kind) {
    case RaiseKind::kIgnore:
      return "IGNORE";
    case RaiseKind::kRollback:
      return "ROLLBACK";
    case RaiseKind::kAbort:
      return "ABORT";
    case RaiseKind::kFail:
      return "FAIL";
  }
  return "?";
}

std::string_view CompoundText(CompoundOp op) {
  switch (op) {
    case CompoundOp::kUnion:
      return " UNION ";
    case CompoundOp::kUnionAll:
      return " UNION ALL ";
    case CompoundOp::kIntersect:
      return " INTERSECT ";
    case CompoundOp::kExcept:
      return " EXCEPT ";
    case CompoundOp::kNone:
      break;
  }
  return " ";
}

std::string_view BoundText(FrameBoundKind kind) {
  switch (kind) {
    case FrameBoundKind::kUnboundedPreceding:
      return "UNBOUNDED PRECEDING";
    case FrameBoundKind::kPreceding:
      return " PRECEDING";
    case FrameBoundKind::kCurrentRow:
      return "CURRENT ROW";
    case FrameBoundKind::kFollowing:
      return " FOLLOWING";
    case FrameBoundKind::kUnboundedFollowing:
      return "UNBOUNDED FOLLOWING";
  }
  return "?";
}

}  // namespace

void SqlPrinter::PutQuoted(std::string_view text, char open) {
  char close = open == '[' ? ']' : open;
  out_ += open;
  for (char c : text) {
    out_ += c;
    if (c == close && open != '[') out_ += c;
  }
  out_ += close;
}

void SqlPrinter::PutName(const Name& name) {
  if (name.quote == 0) {
    Put(name.text);
  } else {
    PutQuoted(name.text, name.quote);
  }
}

void SqlPrinter::PutQualified(const QualifiedName& name) {
  if (name.schema.IsSet()) {
    PutName(name.schema);
    Put(".");
  }
  PutName(name.name);
}

void SqlPrinter::PutExprList(const ArenaList<Expr*>& list) {
  for (uint32_t i = 0; i < list.size(); ++i) {
    if (i > 0) Put(", ");
    Print(list[i]);
  }
}

void SqlPrinter::PutNameList(const ArenaList<Name>& names) {
  Put("(");
  for (uint32_t i = 0; i < names.size(); ++i) {
    if (i > 0) Put(", ");
    PutName(names[i]);
  }
  Put(")");
}

void SqlPrinter::Print(const Expr* expr) {
  switch (expr->kind) {
    case ExprKind::kLiteral:
      return PrintLiteral(expr->As<LiteralExpr>());
    case ExprKind::kVariable:
      return Put(expr->As<VariableExpr>()->text);
    case ExprKind::kColumn: {
      const ColumnExpr* column = expr->As<ColumnExpr>();
      for (const Name* part : {&column->schema, &column->table}) {
        if (!part->IsSet()) continue;
        PutName(*part);
        Put(".");
      }
      return PutName(column->column);
    }
    case ExprKind::kUnary:
      return PrintUnary(expr->As<UnaryExpr>());
    case ExprKind::kBinary:
      return PrintBinary(expr->As<BinaryExpr>());
    case ExprKind::kIn:
      return PrintIn(expr->As<InExpr>());
    case ExprKind::kCase:
      return PrintCase(expr->As<CaseExpr>());
    case ExprKind::kFunction:
      return PrintFunction(expr->As<FunctionExpr>());
    case ExprKind::kRowValue:
      Put("(");
      PutExprList(expr->As<RowValueExpr>()->items);
      return Put(")");
    case ExprKind::kExists:
      Put("EXISTS ");
      [[fallthrough]];
    case ExprKind::kSubquery:
      Put("(");
      PrintSelect(expr->kind == ExprKind::kExists ? expr->As<ExistsExpr>()->select
                                                  : expr->As<SubqueryExpr>()->select);
      return Put(")");
    default:
      return PrintSpecial(expr);
  }
}

// COLLATE, CAST, BETWEEN, LIKE and RAISE.
void SqlPrinter::PrintSpecial(const Expr* expr) {
  if (expr->kind == ExprKind::kCollate) {
    const CollateExpr* collate = expr->As<CollateExpr>();
    Put("(");
    Print(collate->operand);
    Put(" COLLATE ");
    PutName(collate->collation);
    return Put(")");
  }
  if (expr->kind == ExprKind::kCast) {
    const CastExpr* cast = expr->As<CastExpr>();
    Put("CAST(");
    Print(cast->operand);
    Put(cast->type.text.empty() ? " AS" : " AS ");
    Put(cast->type.text);
    return Put(")");
  }
  if (expr->kind == ExprKind::kBetween) {
    const BetweenExpr* between = expr->As<BetweenExpr>();
    Put("(");
    Print(between->operand);
    Put(between->negated ? " NOT BETWEEN " : " BETWEEN ");
    Print(between->low);
    Put(" AND ");
    Print(between->high);
    return Put(")");
  }
  if (expr->kind == ExprKind::kLike) return PrintLike(expr->As<LikeExpr>());
  const RaiseExpr* raise = expr->As<RaiseExpr>();
  Put("RAISE(");
  Put(RaiseText(raise->raise));
  if (raise->raise != RaiseKind::kIgnore) {
    Put(", ");
    PutName(raise->message);
  }
  Put(")");
}

void SqlPrinter::PrintLike(const LikeExpr* like) {
  Put("(");
  Print(like->operand);
  Put(like->negated ? " NOT " : " ");
  Put(LikeText(like->op));
  Put(" ");
  Print(like->pattern);
  if (like->escape != nullptr) {
    Put(" ESCAPE ");
    Print(like->escape);
  }
  Put(")");
}

void SqlPrinter::PrintLiteral(const LiteralExpr* literal) {
  switch (literal->literal) {
    case LiteralKind::kInteger:
    case LiteralKind::kFloat:
      return Put(literal->text);
    case LiteralKind::kString:
      return PutQuoted(literal->text, '\'');
    case LiteralKind::kBlob:
      Put("X'");
      Put(literal->text);
      return Put("'");
    case LiteralKind::kNull:
      return Put("NULL");
    case LiteralKind::kCurrentTime:
      return Put("CURRENT_TIME");
    case LiteralKind::kCurrentDate:
      return Put("CURRENT_DATE");
    case LiteralKind::kCurrentTimestamp:
      return Put("CURRENT_TIMESTAMP");
  }
}

void SqlPrinter::PrintUnary(const UnaryExpr* unary) {
  Put("(");
  switch (unary->op) {
    case UnaryOp::kNegate:
      Put("- ");
      break;
    case UnaryOp::kPlus:
      Put("+ ");
      break;
    case UnaryOp::kBitNot:
      Put("~ ");
      break;
    case UnaryOp::kNot:
      Put("NOT ");
      break;
    case UnaryOp::kIsNull:
    case UnaryOp::kNotNull:
      break;
  }
  Print(unary->operand);
  if (unary->op == UnaryOp::kIsNull) Put(" ISNULL");
  if (unary->op == UnaryOp::kNotNull) {
    Put(unary->postfix_spelled_not_null ? " NOT NULL" : " NOTNULL");
  }
  Put(")");
}

void SqlPrinter::PrintBinary(const BinaryExpr* binary) {
  Put("(");
  Print(binary->left);
  Put(" ");
  Put(BinaryText(binary->op));
  Put(" ");
  Print(binary->right);
  Put(")");
}

void SqlPrinter::PrintIn(const InExpr* in) {
  Put("(");
  Print(in->operand);
  Put(in->negated ? " NOT IN " : " IN ");
  switch (in->form) {
    case InForm::kList:
      Put("(");
      PutExprList(in->list);
      Put(")");
      break;
    case InForm::kSelect:
      Put("(");
      PrintSelect(in->select);
      Put(")");
      break;
    case InForm::kTable:
      PutQualified(in->table);
      if (in->has_args) {
        Put("(");
        PutExprList(in->list);
        Put(")");
      }
      break;
  }
  Put(")");
}

void SqlPrinter::PrintCase(const CaseExpr* expr) {
  Put("CASE");
  if (expr->base != nullptr) {
    Put(" ");
    Print(expr->base);
  }
  for (const WhenThen& arm : expr->whens) {
    Put(" WHEN ");
    Print(arm.when);
    Put(" THEN ");
    Print(arm.then);
  }
  if (expr->otherwise != nullptr) {
    Put(" ELSE ");
    Print(expr->otherwise);
  }
  Put(" END");
}

void SqlPrinter::PrintFunction(const FunctionExpr* call) {
  PutName(call->name);
  Put("(");
  if (call->star) Put("*");
  if (call->distinct) Put(call->args.empty() ? "DISTINCT" : "DISTINCT ");
  PutExprList(call->args);
  Put(")");
  if (call->filter != nullptr) {
    Put(" FILTER (WHERE ");
    Print(call->filter);
    Put(")");
  }
  if (call->over != nullptr) {
    Put(" OVER (");
    PrintWindowSpec(call->over);
    Put(")");
  } else if (call->over_name.IsSet()) {
    Put(" OVER ");
    PutName(call->over_name);
  }
}

void SqlPrinter::PrintWindowSpec(const WindowSpec* spec) {
  std::string_view separator;
  if (spec->base.IsSet()) {
    PutName(spec->base);
    separator = " ";
  }
  if (!spec->partition_by.empty()) {
    Put(separator);
    Put("PARTITION BY ");
    PutExprList(spec->partition_by);
    separator = " ";
  }
  if (!spec->order_by.empty()) {
    Put(separator);
    PrintOrderingTerms(spec->order_by);
    separator = " ";
  }
  const FrameSpec* frame = spec->frame;
  if (frame == nullptr) return;
  Put(separator);
  Put(frame->unit == FrameUnit::kRows    ? "ROWS "
      : frame->unit == FrameUnit::kRange ? "RANGE "
                                         : "GROUPS ");
  if (frame->between) Put("BETWEEN ");
  PrintFrameBound(frame->start);
  if (frame->between) {
    Put(" AND ");
    PrintFrameBound(frame->end);
  }
  static constexpr std::string_view kExclude[] = {"", " EXCLUDE NO OTHERS", " EXCLUDE CURRENT ROW",
                                                  " EXCLUDE GROUP", " EXCLUDE TIES"};
  Put(kExclude[static_cast<int>(frame->exclude)]);
}

void SqlPrinter::PrintFrameBound(const FrameBound& bound) {
  if (bound.offset != nullptr) Print(bound.offset);
  Put(BoundText(bound.kind));
}

void SqlPrinter::PrintOrderingTerms(const ArenaList<OrderingTerm>& terms) {
  Put("ORDER BY ");
  PrintTermList(terms);
}

void SqlPrinter::PrintTermList(const ArenaList<OrderingTerm>& terms) {
  for (uint32_t i = 0; i < terms.size(); ++i) {
    if (i > 0) Put(", ");
    Print(terms[i].expr);
    if (terms[i].order == SortOrder::kAsc) Put(" ASC");
    if (terms[i].order == SortOrder::kDesc) Put(" DESC");
    if (terms[i].nulls == NullsOrder::kFirst) Put(" NULLS FIRST");
    if (terms[i].nulls == NullsOrder::kLast) Put(" NULLS LAST");
  }
}

void SqlPrinter::PrintWith(const WithClause* with) {
  Put(with->recursive ? "WITH RECURSIVE " : "WITH ");
  for (uint32_t i = 0; i < with->ctes.size(); ++i) {
    const CommonTableExpr& cte = with->ctes[i];
    if (i > 0) Put(", ");
    PutName(cte.name);
    if (!cte.columns.empty()) PutNameList(cte.columns);
    Put(" AS ");
    if (cte.materialization == Materialization::kMaterialized) Put("MATERIALIZED ");
    if (cte.materialization == Materialization::kNotMaterialized) Put("NOT MATERIALIZED ");
    Put("(");
    PrintSelect(cte.select);
    Put(")");
  }
  Put(" ");
}

void SqlPrinter::PrintSelect(const Select* select) {
  if (select->with != nullptr) PrintWith(select->with);
  for (const SelectCore* core : select->cores) {
    if (core->op != CompoundOp::kNone) Put(CompoundText(core->op));
    PrintCore(core);
  }
  PrintOrderLimit(select->order_limit);
}

void SqlPrinter::PrintOrderLimit(const OrderLimit& order_limit) {
  if (!order_limit.order_by.empty()) {
    Put(" ");
    PrintOrderingTerms(order_limit.order_by);
  }
  if (order_limit.limit == nullptr) return;
  Put(" LIMIT ");
  if (order_limit.limit_comma) {
    Print(order_limit.offset);
    Put(", ");
    Print(order_limit.limit);
    return;
  }
  Print(order_limit.limit);
  if (order_limit.offset != nullptr) {
    Put(" OFFSET ");
    Print(order_limit.offset);
  }
}

void SqlPrinter::PrintCore(const SelectCore* core) {
  if (core->is_values) {
    Put("VALUES ");
    for (uint32_t i = 0; i < core->rows.size(); ++i) {
      Put(i > 0 ? ", (" : "(");
      PutExprList(core->rows[i]);
      Put(")");
    }
    return;
  }
  Put("SELECT ");
  if (core->distinct == Distinctness::kDistinct) Put("DISTINCT ");
  if (core->distinct == Distinctness::kAll) Put("ALL ");
  PrintResultColumns(core->columns);
  if (!core->from.empty()) {
    Put(" FROM ");
    PrintFrom(core->from);
  }
  if (core->where != nullptr) {
    Put(" WHERE ");
    Print(core->where);
  }
  if (!core->group_by.empty()) {
    Put(" GROUP BY ");
    PutExprList(core->group_by);
  }
  if (core->having != nullptr) {
    Put(" HAVING ");
    Print(core->having);
  }
  for (uint32_t i = 0; i < core->windows.size(); ++i) {
    Put(i == 0 ? " WINDOW " : ", ");
    PutName(core->windows[i].name);
    Put(" AS (");
    PrintWindowSpec(core->windows[i].spec);
    Put(")");
  }
}

void SqlPrinter::PrintResultColumns(const ArenaList<ResultColumn>& columns) {
  for (uint32_t i = 0; i < columns.size(); ++i) {
    const ResultColumn& column = columns[i];
    if (i > 0) Put(", ");
    if (column.expr == nullptr) {
      if (column.table.IsSet()) {
        PutName(column.table);
        Put(".");
      }
      Put("*");
      continue;
    }
    Print(column.expr);
    if (column.alias.IsSet()) {
      Put(" AS ");
      PutName(column.alias);
    }
  }
}

void SqlPrinter::PrintFrom(const FromClause& from) {
  for (const TableRef* ref : from) {
    if (ref->join & kJoinComma) {
      Put(", ");
    } else if (ref->join != 0) {
      Put(" ");
      if (ref->join & kJoinNatural) Put("NATURAL ");
      bool left = ref->join & kJoinLeft;
      bool right = ref->join & kJoinRight;
      Put(left && right ? "FULL " : left ? "LEFT " : right ? "RIGHT " : "");
      if (ref->join & kJoinCross) Put("CROSS ");
      Put("JOIN ");
    }
    PrintTableRef(ref);
  }
}

void SqlPrinter::PrintTableRef(const TableRef* ref) {
  switch (ref->kind) {
    case TableRefKind::kTable:
      PutQualified(ref->name);
      break;
    case TableRefKind::kFunction:
      PutQualified(ref->name);
      Put("(");
      PutExprList(ref->args);
      Put(")");
      break;
    case TableRefKind::kSubquery:
      Put("(");
      PrintSelect(ref->subquery);
      Put(")");
      break;
    case TableRefKind::kJoin:
      Put("(");
      PrintFrom(ref->nested);
      Put(")");
      break;
  }
  if (ref->alias.IsSet()) {
    Put(" AS ");
    PutName(ref->alias);
  }
  if (ref->index_hint == IndexHint::kIndexedBy) {
    Put(" INDEXED BY ");
    PutName(ref->index);
  } else if (ref->index_hint == IndexHint::kNotIndexed) {
    Put(" NOT INDEXED");
  }
  if (ref->on != nullptr) {
    Put(" ON ");
    Print(ref->on);
  } else if (ref->has_using) {
    Put(" USING ");
    PutNameList(ref->using_columns);
  }
}

std::string ToSql(const Expr& expr) {
  SqlPrinter printer;
  printer.Print(&expr);
  return printer.Take();
}

std::string ToSql(const Select& select) {
  SqlPrinter printer;
  printer.PrintSelect(&select);
  return printer.Take();
}

}  // namespace simlite::parser
