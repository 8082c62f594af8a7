// SELECT (lang_select.html, lang_with.html): WITH, compound cores, result columns, FROM with
// joins, WHERE, GROUP BY, HAVING, WINDOW, ORDER BY and LIMIT.
//
// As in SQLite's grammar, every SELECT core may carry ORDER BY and LIMIT; a core other than
// the last one that does is reported once the whole select is parsed ("ORDER BY clause
// should come after UNION not before"). A VALUES core takes neither.
#include <string>

#include "parser/parser_impl.h"

namespace simlite::parser {
namespace {

bool StartsSelect(Tok kind) {
  return kind == Tok::kSelect || kind == Tok::kValues || kind == Tok::kWith;
}

const char* CompoundName(CompoundOp op) {
  switch (op) {
    case CompoundOp::kUnionAll:
      return "UNION ALL";
    case CompoundOp::kIntersect:
      return "INTERSECT";
    case CompoundOp::kExcept:
      return "EXCEPT";
    default:
      return "UNION";
  }
}

// The JoinFlag bits of one join word, or 0 when the word names no join type.
uint8_t JoinWordFlags(std::string_view word) {
  struct Entry {
    std::string_view word;
    uint8_t flags;
  };
  static constexpr Entry kWords[] = {
      {"natural", kJoinNatural},
      {"left", kJoinLeft | kJoinOuter},
      {"inner", kJoinInner},
      {"right", kJoinRight | kJoinOuter},
      {"full", kJoinLeft | kJoinRight | kJoinOuter},
      {"outer", kJoinOuter},
      {"cross", kJoinInner | kJoinCross},
  };
  for (const Entry& entry : kWords) {
    if (word.size() != entry.word.size()) continue;
    bool same = true;
    for (size_t i = 0; i < word.size() && same; ++i) {
      same = (word[i] | 0x20) == entry.word[i];
    }
    if (same) return entry.flags;
  }
  return 0;
}

}  // namespace

// [WITH ...] core [op core]... [ORDER BY ...] [LIMIT ...]
Select* Parser::ParseSelect() {
  LrFrame frame(this);
  uint32_t begin = Peek().offset;
  WithClause* with = nullptr;
  if (At(Tok::kWith)) {
    with = ParseWith();
    SIMLITE_PARSE_TRY(with);
  }
  return ParseSelectWithWith(with, begin);
}

Select* Parser::ParseSelectWithWith(WithClause* with, uint32_t begin) {
  LrFrame compound(this);
  Select* select = arena_->New<Select>();
  select->with = with;
  select->span.begin = begin;
  // The last core before the final one that carried ORDER BY or LIMIT, if any.
  const char* misplaced_clause = nullptr;
  CompoundOp misplaced_before = CompoundOp::kNone;
  CompoundOp op = CompoundOp::kNone;
  while (true) {
    SelectCore* core = At(Tok::kValues) ? ParseValuesCore() : ParseSelectCore(select);
    SIMLITE_PARSE_TRY(core);
    compound.Reduce(1);
    core->op = op;
    select->cores.PushBack(arena_, core);
    if (Accept(Tok::kUnion)) {
      op = Accept(Tok::kAll) ? CompoundOp::kUnionAll : CompoundOp::kUnion;
    } else if (Accept(Tok::kIntersect)) {
      op = CompoundOp::kIntersect;
    } else if (Accept(Tok::kExcept)) {
      op = CompoundOp::kExcept;
    } else {
      break;
    }
    compound.Reduce(2);
    const OrderLimit& order_limit = select->order_limit;
    if (!order_limit.order_by.empty() || order_limit.limit != nullptr) {
      misplaced_clause = order_limit.order_by.empty() ? "LIMIT" : "ORDER BY";
      misplaced_before = op;
    }
  }
  select->span.end = last_end_;
  SIMLITE_PARSE_TRY(!failed_);
  // SQLite checks these once the whole select is reduced.
  if (misplaced_clause != nullptr) {
    ActionError(std::string(misplaced_clause) + " clause should come after " +
                CompoundName(misplaced_before) + " not before");
  } else if (static_cast<int32_t>(select->cores.size()) > options_.max_compound_select) {
    ActionError("too many terms in compound SELECT");
  }
  return select;
}

// WITH [RECURSIVE] cte [, cte]...
WithClause* Parser::ParseWith() {
  SIMLITE_PARSE_TRY(Expect(Tok::kWith));
  WithClause* with = arena_->New<WithClause>();
  with->recursive = Accept(Tok::kRecursive);
  LrFrame list(this);
  do {
    CommonTableExpr cte;
    SIMLITE_PARSE_TRY(ParseCte(&cte));
    with->ctes.PushBack(arena_, cte);
    list.Reduce(1);
  } while (Accept(Tok::kComma));
  return with;
}

// name [(columns)] AS [[NOT] MATERIALIZED] (select)
bool Parser::ParseCte(CommonTableExpr* cte) {
  const int base = lr_depth_;
  SIMLITE_PARSE_TRY(ParseNm(&cte->name));
  if (Accept(Tok::kLp)) SIMLITE_PARSE_TRY(ParseColumnNameList(&cte->columns));
  lr_depth_ = base + 2;  // name, column list (possibly empty)
  SIMLITE_PARSE_TRY(Expect(Tok::kAs));
  if (Accept(Tok::kMaterialized)) {
    cte->materialization = Materialization::kMaterialized;
  } else if (Accept(Tok::kNot)) {
    SIMLITE_PARSE_TRY(Expect(Tok::kMaterialized));
    cte->materialization = Materialization::kNotMaterialized;
  }
  lr_depth_ = base + 3;  // AS [[NOT] MATERIALIZED] is one nonterminal
  SIMLITE_PARSE_TRY(Expect(Tok::kLp));
  cte->select = ParseSelect();
  SIMLITE_PARSE_TRY(cte->select);
  return Expect(Tok::kRp);
}

// SELECT [DISTINCT|ALL] columns [FROM ...] [WHERE ...] [GROUP BY ...] [HAVING ...]
// [WINDOW ...] [ORDER BY ...] [LIMIT ...]; the ORDER BY and LIMIT go to `select` (they
// apply to the whole compound). The Reduce() calls count the clauses before each one on
// SQLite's stack, absent ones included.
SelectCore* Parser::ParseSelectCore(Select* select) {
  LrFrame frame(this);
  SelectCore* core = arena_->New<SelectCore>();
  core->span.begin = Peek().offset;
  SIMLITE_PARSE_TRY(Expect(Tok::kSelect));
  if (Accept(Tok::kDistinct)) {
    core->distinct = Distinctness::kDistinct;
  } else if (Accept(Tok::kAll)) {
    core->distinct = Distinctness::kAll;
  } else {
    SIMLITE_PARSE_TRY(PushEmpty());
  }
  SIMLITE_PARSE_TRY(ParseResultColumns(&core->columns));
  if (Accept(Tok::kFrom)) SIMLITE_PARSE_TRY(ParseFrom(&core->from));
  frame.Reduce(4);
  if (Accept(Tok::kWhere)) {
    core->where = ParseExpr();
    SIMLITE_PARSE_TRY(core->where);
  }
  frame.Reduce(5);
  SIMLITE_PARSE_TRY(ParseGroupByHaving(core, &frame));
  int clauses = 7;
  if (At(Tok::kWindow)) {
    SIMLITE_PARSE_TRY(ParseWindowClause(&core->windows));
    frame.Reduce(++clauses);
  }
  core->span.end = last_end_;
  select->order_limit = OrderLimit();
  if (At(Tok::kOrder)) SIMLITE_PARSE_TRY(ParseOrderBy(&select->order_limit.order_by));
  frame.Reduce(clauses + 1);
  if (At(Tok::kLimit)) {
    SIMLITE_PARSE_TRY(ParseLimit(&select->order_limit));
  }
  return core;
}

bool Parser::ParseGroupByHaving(SelectCore* core, LrFrame* frame) {
  if (Accept(Tok::kGroup)) {
    SIMLITE_PARSE_TRY(Expect(Tok::kBy));
    SIMLITE_PARSE_TRY(ParseExprList(&core->group_by));
  }
  frame->Reduce(6);
  if (Accept(Tok::kHaving)) {
    core->having = ParseExpr();
    SIMLITE_PARSE_TRY(core->having);
  }
  frame->Reduce(7);
  return !failed_;
}

// VALUES (exprs) [, (exprs)]...
SelectCore* Parser::ParseValuesCore() {
  LrFrame frame(this);
  SelectCore* core = arena_->New<SelectCore>();
  core->span.begin = Peek().offset;
  core->is_values = true;
  SIMLITE_PARSE_TRY(Expect(Tok::kValues));
  do {
    SIMLITE_PARSE_TRY(Expect(Tok::kLp));
    ArenaList<Expr*> row;
    SIMLITE_PARSE_TRY(ParseExprList(&row));
    SIMLITE_PARSE_TRY(Expect(Tok::kRp));
    core->rows.PushBack(arena_, row);
    frame.Reduce(1);
  } while (Accept(Tok::kComma));
  core->span.end = last_end_;
  return core;
}

// On SQLite's stack each column sits above the columns before it (one entry, or none for
// the first) and an empty "scanpt".
bool Parser::ParseResultColumns(ArenaList<ResultColumn>* columns) {
  LrFrame list(this);
  SIMLITE_PARSE_TRY(PushEmpty());
  do {
    list.Reduce(1);
    SIMLITE_PARSE_TRY(PushEmpty());
    ResultColumn column;
    SIMLITE_PARSE_TRY(ParseResultColumn(&column));
    columns->PushBack(arena_, column);
    list.Reduce(1);
  } while (Accept(Tok::kComma));
  return true;
}

// * | nm.* | expr [[AS] alias]
bool Parser::ParseResultColumn(ResultColumn* column) {
  uint32_t begin = Peek().offset;
  if (Accept(Tok::kStar)) {
    column->span = SpanFrom(begin);
    return true;
  }
  Expr* expr = nullptr;
  Tok kind = PeekKind();
  // CAST, RAISE and CURRENT_* start expressions as keywords even before a '.'.
  bool keyword_term = kind == Tok::kCast || kind == Tok::kRaise || kind == Tok::kCurrentTime ||
                      kind == Tok::kCurrentDate || kind == Tok::kCurrentTimestamp;
  if (!keyword_term && IsNmToken(kind) && PeekSecondKind() == Tok::kDot) {
    const int base = lr_depth_;
    Name first;
    SIMLITE_PARSE_TRY(ParseNm(&first) && Consume());
    if (Accept(Tok::kStar)) {
      column->table = first;
      column->span = SpanFrom(begin);
      return true;
    }
    // Not nm.*: the expression nm.nm[.nm], then the rest of an expression.
    ColumnExpr* ref = NewNode<ColumnExpr>(begin);
    ref->table = first;
    SIMLITE_PARSE_TRY(ParseNm(&ref->column));
    if (Accept(Tok::kDot)) {
      ref->schema = ref->table;
      ref->table = ref->column;
      SIMLITE_PARSE_TRY(ParseNm(&ref->column));
    }
    lr_depth_ = base + 1;
    expr = ParseBinaryTail(Finish(ref), kPrecOr);
  } else {
    expr = ParseExpr();
  }
  SIMLITE_PARSE_TRY(expr);
  column->expr = expr;
  column->span = SpanFrom(begin);
  SIMLITE_PARSE_TRY(PushEmpty());
  return ParseAlias(&column->alias, true);
}

// [AS nm | ids] (bare only when allow_bare): one entry on SQLite's stack, empty or not.
bool Parser::ParseAlias(Name* alias, bool allow_bare) {
  LrFrame frame(this);
  if (Accept(Tok::kAs)) return ParseNm(alias);
  if (allow_bare && IsIdsToken(PeekKind())) return ParseIds(alias);
  return !failed_;
}

// table-or-subquery [join-op table-or-subquery [ON expr | USING (cols)]]...
// On SQLite's stack each item sits above the items before it and the join operator (reduced
// to one entry, or an empty one for the first item).
bool Parser::ParseFrom(FromClause* from) {
  LrFrame list(this);
  SIMLITE_PARSE_TRY(PushEmpty());
  uint8_t join = 0;
  while (true) {
    TableRef* ref = ParseTableRef(join);
    SIMLITE_PARSE_TRY(ref);
    from->PushBack(arena_, ref);
    list.Reduce(1);
    if (Accept(Tok::kComma)) {
      join = kJoinInner | kJoinComma;
    } else if (At(Tok::kJoin) || ClassOf(PeekKind()) == KeywordClass::kJoinWord) {
      SIMLITE_PARSE_TRY(ParseJoinOperator(&join));
    } else {
      return !failed_;
    }
    list.Reduce(1);
  }
}

// JOIN | word JOIN | word nm JOIN | word nm nm JOIN, words checked like SQLite does.
bool Parser::ParseJoinOperator(uint8_t* join) {
  if (Accept(Tok::kJoin)) {
    *join = kJoinInner;
    return true;
  }
  Token words[3];
  int count = 0;
  SIMLITE_PARSE_TRY(Consume(&words[count++]));
  while (!At(Tok::kJoin) && count < 3) {
    if (!IsNmToken(PeekKind())) return SyntaxError();
    SIMLITE_PARSE_TRY(Consume(&words[count++]));
  }
  SIMLITE_PARSE_TRY(Expect(Tok::kJoin));
  uint8_t flags = 0;
  bool unknown = false;
  for (int i = 0; i < count; ++i) {
    uint8_t word = JoinWordFlags(TextOf(words[i]));
    unknown = unknown || word == 0;
    flags |= word;
  }
  bool inner_outer = (flags & (kJoinInner | kJoinOuter)) == (kJoinInner | kJoinOuter);
  bool bare_outer = (flags & (kJoinOuter | kJoinLeft | kJoinRight)) == kJoinOuter;
  if (unknown || inner_outer || bare_outer) {
    std::string message = "unknown join type: ";
    for (int i = 0; i < count; ++i) {
      if (i > 0) message += ' ';
      message += TextOf(words[i]);
    }
    ActionError(std::move(message));
    flags = kJoinInner;
  }
  *join = flags;
  return true;
}

// [schema.]table [AS alias] [INDEXED BY i | NOT INDEXED] | [schema.]fn(args) [AS alias] |
// (select) [AS alias] | (from) [AS alias]; then [ON expr | USING (columns)].
TableRef* Parser::ParseTableRef(uint8_t join) {
  LrFrame frame(this);
  uint32_t begin = Peek().offset;
  if (At(Tok::kLp)) return ParseParenthesizedFrom(join, begin);
  TableRef* ref = arena_->New<TableRef>();
  ref->join = join;
  SIMLITE_PARSE_TRY(ParseQualifiedName(&ref->name));
  frame.Reduce(2);  // nm dbnm
  if (Accept(Tok::kLp)) {
    ref->kind = TableRefKind::kFunction;
    if (!At(Tok::kRp)) {
      SIMLITE_PARSE_TRY(ParseExprList(&ref->args));
    } else {
      SIMLITE_PARSE_TRY(PushEmpty());
    }
    SIMLITE_PARSE_TRY(Expect(Tok::kRp));
    SIMLITE_PARSE_TRY(ParseAlias(&ref->alias, true));
  } else {
    SIMLITE_PARSE_TRY(ParseAlias(&ref->alias, true));
    SIMLITE_PARSE_TRY(ParseIndexHint(&ref->index_hint, &ref->index));
  }
  SIMLITE_PARSE_TRY(ParseJoinConstraint(ref));
  ref->span = SpanFrom(begin);
  return ref;
}

TableRef* Parser::ParseParenthesizedFrom(uint8_t join, uint32_t begin) {
  SIMLITE_PARSE_TRY(Expect(Tok::kLp));
  TableRef* ref = arena_->New<TableRef>();
  ref->join = join;
  if (StartsSelect(PeekKind())) {
    ref->kind = TableRefKind::kSubquery;
    ref->subquery = ParseSelect();
    SIMLITE_PARSE_TRY(ref->subquery);
  } else {
    ref->kind = TableRefKind::kJoin;
    SIMLITE_PARSE_TRY(ParseFrom(&ref->nested));
  }
  SIMLITE_PARSE_TRY(Expect(Tok::kRp));
  SIMLITE_PARSE_TRY(ParseAlias(&ref->alias, true));
  SIMLITE_PARSE_TRY(ParseJoinConstraint(ref));
  ref->span = SpanFrom(begin);
  return ref;
}

// [ON expr | USING (columns)]: one entry on SQLite's stack, empty or not.
bool Parser::ParseJoinConstraint(TableRef* ref) {
  LrFrame frame(this);
  bool has_constraint = false;
  if (Accept(Tok::kOn)) {
    has_constraint = true;
    ref->on = ParseExpr();
    SIMLITE_PARSE_TRY(ref->on);
  } else if (Accept(Tok::kUsing)) {
    has_constraint = true;
    ref->has_using = true;
    SIMLITE_PARSE_TRY(Expect(Tok::kLp) && ParseNameList(&ref->using_columns));
  }
  if (has_constraint && ref->join == 0) {
    ActionError(std::string("a JOIN clause is required before ") +
                (ref->on != nullptr ? "ON" : "USING"));
  }
  return !failed_;
}

// [INDEXED BY name | NOT INDEXED]
bool Parser::ParseIndexHint(IndexHint* hint, Name* index) {
  if (Accept(Tok::kIndexed)) {
    *hint = IndexHint::kIndexedBy;
    return Expect(Tok::kBy) && ParseNm(index);
  }
  if (Accept(Tok::kNot)) {
    *hint = IndexHint::kNotIndexed;
    return Expect(Tok::kIndexed);
  }
  return !failed_;
}

// ORDER BY term [, term]...
bool Parser::ParseOrderBy(ArenaList<OrderingTerm>* terms) {
  SIMLITE_PARSE_TRY(Expect(Tok::kOrder) && Expect(Tok::kBy));
  return ParseOrderingTerms(terms);
}

// term [, term]... (SQLite's "sortlist": one entry on its stack for the terms so far)
bool Parser::ParseOrderingTerms(ArenaList<OrderingTerm>* terms) {
  LrFrame list(this);
  do {
    OrderingTerm term;
    SIMLITE_PARSE_TRY(ParseOrderingTerm(&term));
    terms->PushBack(arena_, term);
    list.Reduce(1);
  } while (Accept(Tok::kComma));
  return true;
}

// expr [ASC|DESC] [NULLS FIRST|LAST]
bool Parser::ParseOrderingTerm(OrderingTerm* term) {
  term->expr = ParseExpr();
  SIMLITE_PARSE_TRY(term->expr);
  if (Accept(Tok::kAsc)) {
    term->order = SortOrder::kAsc;
  } else if (Accept(Tok::kDesc)) {
    term->order = SortOrder::kDesc;
  }
  if (Accept(Tok::kNulls)) {
    if (Accept(Tok::kFirst)) {
      term->nulls = NullsOrder::kFirst;
    } else {
      SIMLITE_PARSE_TRY(Expect(Tok::kLast));
      term->nulls = NullsOrder::kLast;
    }
  }
  return !failed_;
}

// LIMIT expr [OFFSET expr | , expr]
bool Parser::ParseLimit(OrderLimit* order_limit) {
  SIMLITE_PARSE_TRY(Expect(Tok::kLimit));
  order_limit->limit = ParseExpr();
  SIMLITE_PARSE_TRY(order_limit->limit);
  if (Accept(Tok::kOffset)) {
    order_limit->offset = ParseExpr();
    SIMLITE_PARSE_TRY(order_limit->offset);
  } else if (Accept(Tok::kComma)) {
    // "LIMIT a, b" means OFFSET a LIMIT b.
    order_limit->limit_comma = true;
    order_limit->offset = order_limit->limit;
    order_limit->limit = ParseExpr();
    SIMLITE_PARSE_TRY(order_limit->limit);
  }
  return true;
}

}  // namespace simlite::parser
