// Expressions (lang_expr.html) by precedence climbing. The precedences are those SQLite's
// grammar really uses, measured against SQLite 3.40.1: all of = == != <> IS IN LIKE GLOB
// MATCH REGEXP BETWEEN ISNULL NOTNULL share one left-associative level, below < <= > >=.
// Operands follow LR(1) behaviour: the middle operand of BETWEEN stops at AND unless an OR
// swallows it; a prefix NOT takes everything above AND.
#include <cstdlib>
#include <string>

#include "parser/parser_impl.h"

namespace simlite::parser {
namespace {

struct BinaryInfo {
  int prec;
  BinaryOp op;
};

// Binary operators written as one token; kPrecLowest when `kind` is not one of them.
BinaryInfo SimpleBinary(Tok kind) {
  switch (kind) {
    case Tok::kOr:
      return {kPrecOr, BinaryOp::kOr};
    case Tok::kAnd:
      return {kPrecAnd, BinaryOp::kAnd};
    case Tok::kEq:
      return {kPrecEquality, BinaryOp::kEq};
    case Tok::kNe:
      return {kPrecEquality, BinaryOp::kNe};
    case Tok::kLt:
      return {kPrecCompare, BinaryOp::kLt};
    case Tok::kLe:
      return {kPrecCompare, BinaryOp::kLe};
    case Tok::kGt:
      return {kPrecCompare, BinaryOp::kGt};
    case Tok::kGe:
      return {kPrecCompare, BinaryOp::kGe};
    case Tok::kBitAnd:
      return {kPrecBit, BinaryOp::kBitAnd};
    case Tok::kBitOr:
      return {kPrecBit, BinaryOp::kBitOr};
    case Tok::kLShift:
      return {kPrecBit, BinaryOp::kLShift};
    case Tok::kRShift:
      return {kPrecBit, BinaryOp::kRShift};
    case Tok::kPlus:
      return {kPrecAdd, BinaryOp::kAdd};
    case Tok::kMinus:
      return {kPrecAdd, BinaryOp::kSubtract};
    case Tok::kStar:
      return {kPrecMultiply, BinaryOp::kMultiply};
    case Tok::kSlash:
      return {kPrecMultiply, BinaryOp::kDivide};
    case Tok::kRem:
      return {kPrecMultiply, BinaryOp::kRemainder};
    case Tok::kConcat:
      return {kPrecConcat, BinaryOp::kConcat};
    case Tok::kPtr:
      return {kPrecConcat, BinaryOp::kExtract};
    default:
      return {kPrecLowest, BinaryOp::kEq};
  }
}

bool IsLikeWord(Tok kind) {
  return kind == Tok::kLike || kind == Tok::kGlob || kind == Tok::kRegexp || kind == Tok::kMatch;
}

// Tokens that start an operator of the equality level.
bool IsEqualityWord(Tok kind) {
  return kind == Tok::kIs || kind == Tok::kIn || kind == Tok::kBetween || kind == Tok::kIsnull ||
         kind == Tok::kNotnull || kind == Tok::kNot || IsLikeWord(kind);
}

bool StartsSelect(Tok kind) {
  return kind == Tok::kSelect || kind == Tok::kValues || kind == Tok::kWith;
}

}  // namespace

Expr* Parser::ParseBinary(int min_prec) {
  Expr* left = nullptr;
  {
    LrFrame operand(this);
    left = ParsePrefix();
  }
  return left == nullptr ? nullptr : ParseBinaryTail(left, min_prec);
}

// `left` is the top entry of SQLite's stack; each operator applied folds back into one.
Expr* Parser::ParseBinaryTail(Expr* left, int min_prec) {
  const int base = lr_depth_ - 1;
  for (; left != nullptr && !failed_; lr_depth_ = base + 1) {
    Tok kind = PeekKind();
    if (kind == Tok::kCollate) {
      if (min_prec > kPrecCollate) break;
      CollateExpr* collate = NewNode<CollateExpr>(left->span.begin);
      SIMLITE_PARSE_TRY(Consume() && ParseIds(&collate->collation));
      collate->operand = left;
      left = Finish(collate);
      continue;
    }
    if (IsEqualityWord(kind)) {
      if (min_prec > kPrecEquality) break;
      left = ParseEqualityOp(left);
      continue;
    }
    BinaryInfo info = SimpleBinary(kind);
    if (info.prec == kPrecLowest || info.prec < min_prec) break;
    Token op_token;
    SIMLITE_PARSE_TRY(Consume(&op_token));
    BinaryExpr* binary = NewNode<BinaryExpr>(left->span.begin);
    binary->op = info.op;
    if (kind == Tok::kPtr && op_token.length == 3) binary->op = BinaryOp::kExtractText;
    binary->left = left;
    binary->right = ParseBinary(info.prec + 1);
    SIMLITE_PARSE_TRY(binary->right);
    left = Finish(binary);
  }
  return failed_ ? nullptr : left;
}

// The operators of the equality level that are words: IS, [NOT] IN/LIKE/BETWEEN,
// ISNULL, NOTNULL, NOT NULL.
Expr* Parser::ParseEqualityOp(Expr* left) {
  Tok kind = PeekKind();
  if (kind == Tok::kIs) return ParseIs(left);
  if (kind == Tok::kIsnull || kind == Tok::kNotnull) {
    UnaryExpr* test = NewNode<UnaryExpr>(left->span.begin);
    test->op = kind == Tok::kIsnull ? UnaryOp::kIsNull : UnaryOp::kNotNull;
    test->operand = left;
    SIMLITE_PARSE_TRY(Consume());
    return Finish(test);
  }
  bool negated = Accept(Tok::kNot);
  kind = PeekKind();
  if (negated && kind == Tok::kNull) {
    UnaryExpr* test = NewNode<UnaryExpr>(left->span.begin);
    test->op = UnaryOp::kNotNull;
    test->postfix_spelled_not_null = true;
    test->operand = left;
    SIMLITE_PARSE_TRY(Consume());
    return Finish(test);
  }
  if (kind == Tok::kIn) return ParseIn(left, negated);
  if (kind == Tok::kBetween) return ParseBetween(left, negated);
  if (IsLikeWord(kind)) return ParseLike(left, negated);
  SyntaxError();
  return nullptr;
}

// IS [NOT] [DISTINCT FROM] rhs
Expr* Parser::ParseIs(Expr* left) {
  SIMLITE_PARSE_TRY(Consume());
  BinaryExpr* binary = NewNode<BinaryExpr>(left->span.begin);
  binary->left = left;
  bool negated = Accept(Tok::kNot);
  if (Accept(Tok::kDistinct)) {
    SIMLITE_PARSE_TRY(Expect(Tok::kFrom));
    binary->op = negated ? BinaryOp::kIsNotDistinctFrom : BinaryOp::kIsDistinctFrom;
  } else {
    binary->op = negated ? BinaryOp::kIsNot : BinaryOp::kIs;
  }
  binary->right = ParseBinary(kPrecEquality + 1);
  SIMLITE_PARSE_TRY(binary->right);
  return Finish(binary);
}

Expr* Parser::ParseBetween(Expr* left, bool negated) {
  SIMLITE_PARSE_TRY(Consume());
  if (negated) --lr_depth_;  // NOT BETWEEN is one nonterminal
  BetweenExpr* between = NewNode<BetweenExpr>(left->span.begin);
  between->negated = negated;
  between->operand = left;
  between->low = ParseBinary(kPrecAnd + 1);
  // An OR in the middle operand swallows every later AND (as in SQLite's LR parser), so the
  // AND of BETWEEN is then missing where the OR's right side ends.
  if (between->low != nullptr && At(Tok::kOr)) {
    between->low = ParseBinaryTail(between->low, kPrecOr);
  }
  SIMLITE_PARSE_TRY(between->low);
  SIMLITE_PARSE_TRY(Expect(Tok::kAnd));
  between->high = ParseBinary(kPrecEquality + 1);
  SIMLITE_PARSE_TRY(between->high);
  return Finish(between);
}

Expr* Parser::ParseLike(Expr* left, bool negated) {
  LikeExpr* like = NewNode<LikeExpr>(left->span.begin);
  switch (PeekKind()) {
    case Tok::kGlob:
      like->op = LikeOp::kGlob;
      break;
    case Tok::kRegexp:
      like->op = LikeOp::kRegexp;
      break;
    case Tok::kMatch:
      like->op = LikeOp::kMatch;
      break;
    default:
      like->op = LikeOp::kLike;
      break;
  }
  SIMLITE_PARSE_TRY(Consume());
  if (negated) --lr_depth_;  // NOT LIKE is one nonterminal
  like->negated = negated;
  like->operand = left;
  like->pattern = ParseBinary(kPrecEquality + 1);
  SIMLITE_PARSE_TRY(like->pattern);
  if (Accept(Tok::kEscape)) {
    like->escape = ParseBinary(kPrecEquality + 1);
    SIMLITE_PARSE_TRY(like->escape);
  }
  return Finish(like);
}

// [NOT] IN ( [exprlist] ) | ( select ) | [schema.]table [(args)]
Expr* Parser::ParseIn(Expr* left, bool negated) {
  SIMLITE_PARSE_TRY(Consume());
  if (negated) --lr_depth_;  // NOT IN is one nonterminal
  InExpr* in = NewNode<InExpr>(left->span.begin);
  in->negated = negated;
  in->operand = left;
  if (Accept(Tok::kLp)) {
    if (StartsSelect(PeekKind())) {
      in->form = InForm::kSelect;
      in->select = ParseSelect();
      SIMLITE_PARSE_TRY(in->select);
    } else if (!At(Tok::kRp)) {
      SIMLITE_PARSE_TRY(ParseExprList(&in->list));
    } else {
      SIMLITE_PARSE_TRY(PushEmpty());
    }
    SIMLITE_PARSE_TRY(Expect(Tok::kRp));
    return Finish(in);
  }
  in->form = InForm::kTable;
  SIMLITE_PARSE_TRY(ParseQualifiedName(&in->table));
  if (Accept(Tok::kLp)) {
    in->has_args = true;
    if (!At(Tok::kRp)) SIMLITE_PARSE_TRY(ParseExprList(&in->list));
    SIMLITE_PARSE_TRY(Expect(Tok::kRp));
  }
  return Finish(in);
}

Expr* Parser::ParsePrefix() {
  UnaryOp op;
  int operand_prec = kPrecUnary;
  switch (PeekKind()) {
    case Tok::kMinus:
      op = UnaryOp::kNegate;
      break;
    case Tok::kPlus:
      op = UnaryOp::kPlus;
      break;
    case Tok::kBitNot:
      op = UnaryOp::kBitNot;
      break;
    case Tok::kNot:
      op = UnaryOp::kNot;
      operand_prec = kPrecNot;
      break;
    default:
      return ParsePrimary();
  }
  UnaryExpr* unary = NewNode<UnaryExpr>(Peek().offset);
  unary->op = op;
  SIMLITE_PARSE_TRY(Consume());
  unary->operand = ParseBinary(operand_prec);
  SIMLITE_PARSE_TRY(unary->operand);
  return Finish(unary);
}

Expr* Parser::ParsePrimary() {
  Tok kind = PeekKind();
  switch (kind) {
    case Tok::kInteger:
      return ParseLiteral(LiteralKind::kInteger);
    case Tok::kFloat:
      return ParseLiteral(LiteralKind::kFloat);
    case Tok::kBlob:
      return ParseLiteral(LiteralKind::kBlob);
    case Tok::kNull:
      return ParseLiteral(LiteralKind::kNull);
    case Tok::kCurrentTime:
      return ParseLiteral(LiteralKind::kCurrentTime);
    case Tok::kCurrentDate:
      return ParseLiteral(LiteralKind::kCurrentDate);
    case Tok::kCurrentTimestamp:
      return ParseLiteral(LiteralKind::kCurrentTimestamp);
    case Tok::kVariable:
      return ParseVariable();
    case Tok::kLp:
      return ParseParenthesized();
    case Tok::kCase:
      return ParseCase();
    case Tok::kCast:
      return ParseCast();
    case Tok::kRaise:
      return ParseRaise();
    case Tok::kExists:
      return ParseExists(Peek().offset);
    default:
      break;
  }
  if (IsNmToken(kind)) return ParseNameTerm();
  SyntaxError();
  return nullptr;
}

Expr* Parser::ParseLiteral(LiteralKind kind) {
  LiteralExpr* literal = NewNode<LiteralExpr>(Peek().offset);
  literal->literal = kind;
  Token token;
  SIMLITE_PARSE_TRY(Consume(&token));
  std::string_view text = TextOf(token);
  if (kind == LiteralKind::kString) {
    text = Dequote(text);
  } else if (kind == LiteralKind::kBlob) {
    text = text.substr(2, text.size() - 3);
  }
  literal->text = text;
  return Finish(literal);
}

// Numbers parameters the way SQLite does (see VariableExpr) and records their names.
Expr* Parser::ParseVariable() {
  VariableExpr* variable = NewNode<VariableExpr>(Peek().offset);
  Token token;
  SIMLITE_PARSE_TRY(Consume(&token));
  std::string_view text = TextOf(token);
  variable->text = text;
  const int32_t limit = options_.max_variable_number;
  ParsedStatement& statement = *statement_;
  if (text.size() == 1) {
    variable->index = ++statement.variable_count;
  } else if (text[0] == '?') {
    bool in_range = text.size() <= 10;
    long long number = in_range ? std::atoll(std::string(text.substr(1)).c_str()) : 0;
    if (!in_range || number < 1 || number > limit) {
      ActionError("variable number must be between ?1 and ?" + std::to_string(limit));
      return Finish(variable);
    }
    variable->index = static_cast<int32_t>(number);
    if (variable->index > statement.variable_count) statement.variable_count = variable->index;
    if (FindVariable(variable->index).empty()) {
      statement.named_variables.PushBack(arena_, NamedVariable{variable->index, text});
    }
  } else if (text[0] == '#' && text[1] >= '0' && text[1] <= '9') {
    // "#NNN" names a register in SQLite's nested parses; users get a syntax error.
    ActionError("near \"" + std::string(text) + "\": syntax error");
    return Finish(variable);
  } else {
    for (const NamedVariable& named : statement.named_variables) {
      if (named.name == text) variable->index = named.index;
    }
    if (variable->index == 0) {
      variable->index = ++statement.variable_count;
      statement.named_variables.PushBack(arena_, NamedVariable{variable->index, text});
    }
  }
  if (variable->index > limit) ActionError("too many SQL variables");
  return Finish(variable);
}

std::string_view Parser::FindVariable(int32_t index) const {
  for (const NamedVariable& named : statement_->named_variables) {
    if (named.index == index) return named.name;
  }
  return std::string_view();
}

// ( expr ) | ( expr, expr, ... ) | ( select )
Expr* Parser::ParseParenthesized() {
  uint32_t begin = Peek().offset;
  SIMLITE_PARSE_TRY(Consume());
  if (StartsSelect(PeekKind())) {
    SubqueryExpr* subquery = NewNode<SubqueryExpr>(begin);
    subquery->select = ParseSelect();
    SIMLITE_PARSE_TRY(subquery->select);
    SIMLITE_PARSE_TRY(Expect(Tok::kRp));
    return Finish(subquery);
  }
  const int list_depth = lr_depth_ + 1;  // "(" and the items before the last
  Expr* first = ParseExpr();
  SIMLITE_PARSE_TRY(first);
  if (At(Tok::kComma)) {
    RowValueExpr* row = NewNode<RowValueExpr>(begin);
    row->items.PushBack(arena_, first);
    for (; Accept(Tok::kComma); lr_depth_ = list_depth) {
      Expr* item = ParseExpr();
      SIMLITE_PARSE_TRY(item);
      row->items.PushBack(arena_, item);
    }
    SIMLITE_PARSE_TRY(Expect(Tok::kRp));
    return Finish(row);
  }
  SIMLITE_PARSE_TRY(Expect(Tok::kRp));
  return first;
}

// A term that starts with a name: a column reference nm[.nm[.nm]], a function call id(...),
// or a string literal (a STRING not followed by '.').
Expr* Parser::ParseNameTerm() {
  const Token first = Peek();
  Tok second = PeekSecondKind();
  if (second == Tok::kLp && IsIdToken(first.kind)) {
    Name name;
    SIMLITE_PARSE_TRY(ParseNm(&name));
    return ParseFunctionCall(name, first.offset);
  }
  if (second != Tok::kDot && first.kind == Tok::kString) {
    return ParseLiteral(LiteralKind::kString);
  }
  ColumnExpr* column = NewNode<ColumnExpr>(first.offset);
  SIMLITE_PARSE_TRY(ParseNm(&column->column));
  if (Accept(Tok::kDot)) {
    column->table = column->column;
    SIMLITE_PARSE_TRY(ParseNm(&column->column));
    if (Accept(Tok::kDot)) {
      column->schema = column->table;
      column->table = column->column;
      SIMLITE_PARSE_TRY(ParseNm(&column->column));
    }
  }
  return Finish(column);
}

Expr* Parser::ParseFunctionCall(const Name& name, uint32_t begin) {
  FunctionExpr* call = NewNode<FunctionExpr>(begin);
  call->name = name;
  SIMLITE_PARSE_TRY(Expect(Tok::kLp));
  SIMLITE_PARSE_TRY(ParseFunctionArgs(call));
  SIMLITE_PARSE_TRY(ParseFilterOver(call));
  return Finish(call);
}

// After "(": * | [DISTINCT|ALL] [exprlist], then ")".
bool Parser::ParseFunctionArgs(FunctionExpr* call) {
  if (Accept(Tok::kStar)) {
    call->star = true;
    return Expect(Tok::kRp);
  }
  if (Accept(Tok::kDistinct)) {
    call->distinct = true;
  } else if (!Accept(Tok::kAll)) {
    SIMLITE_PARSE_TRY(PushEmpty());
  }
  if (!At(Tok::kRp)) {
    SIMLITE_PARSE_TRY(ParseExprList(&call->args));
  } else {
    SIMLITE_PARSE_TRY(PushEmpty());
  }
  return Expect(Tok::kRp);
}

// [FILTER (WHERE expr)] [OVER (window) | OVER name]
bool Parser::ParseFilterOver(FunctionExpr* call) {
  if (At(Tok::kFilter)) {
    LrFrame filter(this);
    SIMLITE_PARSE_TRY(Consume() && Expect(Tok::kLp) && Expect(Tok::kWhere));
    call->filter = ParseExpr();
    SIMLITE_PARSE_TRY(call->filter);
    SIMLITE_PARSE_TRY(Expect(Tok::kRp));
  }
  if (!Accept(Tok::kOver)) return !failed_;
  if (Accept(Tok::kLp)) {
    call->over = ParseWindowSpec();
    SIMLITE_PARSE_TRY(call->over);
    return Expect(Tok::kRp);
  }
  return ParseNm(&call->over_name);
}

// CASE [base] WHEN expr THEN expr ... [ELSE expr] END. SQLite's stack holds CASE, the base
// (possibly empty) and the arms so far (one entry) below each arm.
Expr* Parser::ParseCase() {
  const int base = lr_depth_;
  CaseExpr* expr = NewNode<CaseExpr>(Peek().offset);
  SIMLITE_PARSE_TRY(Consume());
  if (!At(Tok::kWhen)) {
    expr->base = ParseExpr();
    SIMLITE_PARSE_TRY(expr->base);
  } else {
    SIMLITE_PARSE_TRY(PushEmpty());
  }
  SIMLITE_PARSE_TRY(Expect(Tok::kWhen));
  do {
    lr_depth_ = base + (expr->whens.empty() ? 3 : 4);
    WhenThen arm;
    arm.when = ParseExpr();
    SIMLITE_PARSE_TRY(arm.when);
    SIMLITE_PARSE_TRY(Expect(Tok::kThen));
    arm.then = ParseExpr();
    SIMLITE_PARSE_TRY(arm.then);
    expr->whens.PushBack(arena_, arm);
    lr_depth_ = base + 3;
  } while (Accept(Tok::kWhen));
  if (Accept(Tok::kElse)) {
    expr->otherwise = ParseExpr();
    SIMLITE_PARSE_TRY(expr->otherwise);
    lr_depth_ = base + 4;
  } else {
    SIMLITE_PARSE_TRY(PushEmpty());
  }
  SIMLITE_PARSE_TRY(Expect(Tok::kEnd));
  return Finish(expr);
}

// CAST ( expr AS [type] )
Expr* Parser::ParseCast() {
  CastExpr* cast = NewNode<CastExpr>(Peek().offset);
  SIMLITE_PARSE_TRY(Consume() && Expect(Tok::kLp));
  cast->operand = ParseExpr();
  SIMLITE_PARSE_TRY(cast->operand);
  SIMLITE_PARSE_TRY(Expect(Tok::kAs));
  SIMLITE_PARSE_TRY(ParseTypeName(&cast->type));
  SIMLITE_PARSE_TRY(Expect(Tok::kRp));
  return Finish(cast);
}

// RAISE ( IGNORE ) | RAISE ( ROLLBACK|ABORT|FAIL , message )
Expr* Parser::ParseRaise() {
  RaiseExpr* raise = NewNode<RaiseExpr>(Peek().offset);
  SIMLITE_PARSE_TRY(Consume() && Expect(Tok::kLp));
  switch (PeekKind()) {
    case Tok::kIgnore:
      raise->raise = RaiseKind::kIgnore;
      break;
    case Tok::kRollback:
      raise->raise = RaiseKind::kRollback;
      break;
    case Tok::kAbort:
      raise->raise = RaiseKind::kAbort;
      break;
    case Tok::kFail:
      raise->raise = RaiseKind::kFail;
      break;
    default:
      SyntaxError();
      return nullptr;
  }
  SIMLITE_PARSE_TRY(Consume());
  if (raise->raise != RaiseKind::kIgnore) {
    SIMLITE_PARSE_TRY(Expect(Tok::kComma) && ParseNm(&raise->message));
  }
  SIMLITE_PARSE_TRY(Expect(Tok::kRp));
  return Finish(raise);
}

Expr* Parser::ParseExists(uint32_t begin) {
  ExistsExpr* exists = NewNode<ExistsExpr>(begin);
  SIMLITE_PARSE_TRY(Consume() && Expect(Tok::kLp));
  exists->select = ParseSelect();
  SIMLITE_PARSE_TRY(exists->select);
  SIMLITE_PARSE_TRY(Expect(Tok::kRp));
  return Finish(exists);
}

// expr [, expr]...
bool Parser::ParseExprList(ArenaList<Expr*>* list) {
  LrFrame frame(this);
  do {
    Expr* item = ParseExpr();
    SIMLITE_PARSE_TRY(item);
    list->PushBack(arena_, item);
    frame.Reduce(1);
  } while (Accept(Tok::kComma));
  return true;
}

// [ids...] [( signed [, signed] )] - may be empty. Type names take every name-like word,
// keywords included (so "INT GENERATED ALWAYS" is a type name, as in SQLite).
bool Parser::ParseTypeName(TypeName* type) {
  if (!IsIdsToken(PeekKind())) return PushEmpty();
  LrFrame frame(this);
  uint32_t begin = Peek().offset;
  for (; IsIdsToken(PeekKind()); frame.Reduce(1)) SIMLITE_PARSE_TRY(Consume());
  if (Accept(Tok::kLp)) {
    SIMLITE_PARSE_TRY(ParseSignedNumber());
    if (Accept(Tok::kComma)) SIMLITE_PARSE_TRY(ParseSignedNumber());
    SIMLITE_PARSE_TRY(Expect(Tok::kRp));
  }
  type->span = SpanFrom(begin);
  type->text = sql_.substr(begin, last_end_ - begin);
  return true;
}

// [+|-] INTEGER|FLOAT
bool Parser::ParseSignedNumber() {
  if (!Accept(Tok::kPlus)) Accept(Tok::kMinus);
  if (At(Tok::kInteger) || At(Tok::kFloat)) return Consume();
  return SyntaxError();
}

}  // namespace simlite::parser
