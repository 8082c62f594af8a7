// Parser core: token consumption, error reporting, names, and statement dispatch; the
// entry points of parser.h. See parser_impl.h for how errors match SQLite's.
#include "parser/parser.h"

#include <cassert>
#include <utility>

#include "parser/parser_impl.h"

namespace simlite::parser {

const Token Parser::kPoison{Tok::kCount, 0, 0};

Parser::Parser(std::string_view sql, uint32_t offset, const ParseOptions& options, Arena* arena)
    : sql_(sql), options_(options), arena_(arena), lexer_(sql.data(), offset) {
  assert(sql.data()[sql.size()] == '\0');
  last_end_ = offset;
}

// ---------------------------------------------------------------------------------------------
// Tokens and errors

Tok Parser::PeekSecondKind() {
  return failed_ ? Tok::kCount : lexer_.PeekSecond().kind;
}

// The cases Consume() leaves out of line: an error, a deferred error, a full stack.
bool Parser::ConsumeSlow(Token* token) {
  if (failed_) return false;
  if (has_pending_error_) {
    // The rule that raised the error is complete and SQLite would now shift this token.
    return Fail(std::move(pending_error_), lexer_.Peek().offset);
  }
  if (lr_depth_ + 1 > kStackDepthMax) return Fail("parser stack overflow", lexer_.Peek().offset);
  ++lr_depth_;
  Token consumed = lexer_.Advance();
  last_end_ = consumed.offset + consumed.length;
  if (token != nullptr) *token = consumed;
  return true;
}

// SQLite feeds a ';' of its own at the end of the text before the end itself; where a ';'
// is acceptable, that virtual ';' makes a deferred action error due.
bool Parser::ExpectSemicolon() {
  if (At(Tok::kEof) && has_pending_error_) return Consume();
  return Expect(Tok::kSemi);
}

bool Parser::SyntaxError() {
  if (failed_) return false;
  const Token& token = lexer_.Peek();
  if (token.kind == Tok::kEof) return Fail("incomplete input", token.offset);
  std::string text(TextOf(token));
  if (token.kind == Tok::kIllegal)
    return Fail("unrecognized token: \"" + text + "\"", token.offset);
  return Fail("near \"" + text + "\": syntax error", token.offset);
}

void Parser::ActionError(std::string message) {
  if (failed_) return;
  pending_error_ = std::move(message);
  has_pending_error_ = true;
}

bool Parser::Fail(std::string message, uint32_t offset) {
  if (failed_) return false;
  failed_ = true;
  error_.message = std::move(message);
  error_.offset = offset;
  return false;
}

bool Parser::StackOverflow() {
  return Fail("parser stack overflow", lexer_.Peek().offset);
}

// ---------------------------------------------------------------------------------------------
// Names

std::string_view Parser::Dequote(std::string_view text) {
  char open = text[0];
  char close = open == '[' ? ']' : open;
  std::string_view inner = text.substr(1, text.size() - 2);
  if (open == '[' || inner.find(close) == std::string_view::npos) return inner;
  char* out = arena_->AllocateArray<char>(inner.size());
  size_t length = 0;
  for (size_t i = 0; i < inner.size(); ++i) {
    out[length++] = inner[i];
    if (inner[i] == close) ++i;  // a doubled quote stands for one
  }
  return std::string_view(out, length);
}

Name Parser::MakeName(const Token& token) {
  Name name;
  name.span = SourceSpan{token.offset, token.offset + token.length};
  std::string_view text = TextOf(token);
  char first = text[0];
  if ((token.kind == Tok::kId || token.kind == Tok::kString) &&
      (first == '"' || first == '\'' || first == '[' || first == '`')) {
    name.quote = first;
    name.text = Dequote(text);
  } else {
    name.text = text;
  }
  return name;
}

bool Parser::ParseNm(Name* name) {
  if (!IsNmToken(PeekKind())) return SyntaxError();
  Token token;
  SIMLITE_PARSE_TRY(Consume(&token));
  *name = MakeName(token);
  return true;
}

bool Parser::ParseIds(Name* name) {
  if (!IsIdsToken(PeekKind())) return SyntaxError();
  Token token;
  SIMLITE_PARSE_TRY(Consume(&token));
  *name = MakeName(token);
  return true;
}

bool Parser::ParseQualifiedName(QualifiedName* name) {
  SIMLITE_PARSE_TRY(ParseNm(&name->name));
  if (Accept(Tok::kDot)) {
    name->schema = name->name;
    SIMLITE_PARSE_TRY(ParseNm(&name->name));
  }
  return !failed_;
}

// "(" nm ["," nm]... ")" with the "(" already consumed.
bool Parser::ParseNameList(ArenaList<Name>* names) {
  {
    LrFrame list(this);
    do {
      Name name;
      SIMLITE_PARSE_TRY(ParseNm(&name));
      names->PushBack(arena_, name);
      list.Reduce(1);
    } while (Accept(Tok::kComma));
  }
  return Expect(Tok::kRp);
}

// Like ParseNameList, but each name may carry COLLATE and ASC/DESC, which SQLite parses and
// then rejects (outside schema loading) with "syntax error after column name".
bool Parser::ParseColumnNameList(ArenaList<Name>* names) {
  {
    LrFrame list(this);
    do {
      Name name;
      SIMLITE_PARSE_TRY(ParseNm(&name));
      SIMLITE_PARSE_TRY(ParseNameDecoration(name));
      names->PushBack(arena_, name);
      list.Reduce(1);
    } while (Accept(Tok::kComma));
  }
  return Expect(Tok::kRp);
}

// [COLLATE name] [ASC|DESC] after a column name in a list of names.
bool Parser::ParseNameDecoration(const Name& name) {
  bool decorated = false;
  if (Accept(Tok::kCollate)) {
    Name collation;
    SIMLITE_PARSE_TRY(ParseIds(&collation));
    decorated = true;
  }
  if (Accept(Tok::kAsc) || Accept(Tok::kDesc)) decorated = true;
  if (decorated) {
    std::string_view text = sql_.substr(name.span.begin, name.span.end - name.span.begin);
    ActionError("syntax error after column name \"" + std::string(text) + "\"");
  }
  return !failed_;
}

bool Parser::ParseConflictAction(ConflictAction* action) {
  switch (PeekKind()) {
    case Tok::kRollback:
      *action = ConflictAction::kRollback;
      break;
    case Tok::kAbort:
      *action = ConflictAction::kAbort;
      break;
    case Tok::kFail:
      *action = ConflictAction::kFail;
      break;
    case Tok::kIgnore:
      *action = ConflictAction::kIgnore;
      break;
    case Tok::kReplace:
      *action = ConflictAction::kReplace;
      break;
    default:
      return SyntaxError();
  }
  return Consume();
}

// [ON CONFLICT action]
bool Parser::ParseConflictClause(ConflictAction* action) {
  if (!Accept(Tok::kOn)) return !failed_;
  SIMLITE_PARSE_TRY(Expect(Tok::kConflict));
  return ParseConflictAction(action);
}

// ---------------------------------------------------------------------------------------------
// Statements

bool Parser::ParseNext(ParsedStatement* out) {
  *out = ParsedStatement{};
  statement_ = out;
  // SQLite's stack holds its bottom entry, and "cmdlist" once a ';' has been read.
  lr_depth_ = 1;
  bool had_semicolon = false;
  while (Accept(Tok::kSemi)) had_semicolon = true;
  lr_depth_ = had_semicolon ? 2 : 1;
  if (At(Tok::kEof)) {
    out->tail = Peek().offset;
    return !failed_;
  }
  uint32_t begin = Peek().offset;
  ExplainKind explain = ExplainKind::kNone;
  if (At(Tok::kExplain)) {
    LrFrame frame(this);
    SIMLITE_PARSE_TRY(Consume());
    explain = ExplainKind::kExplain;
    if (Accept(Tok::kQuery)) {
      SIMLITE_PARSE_TRY(Expect(Tok::kPlan));
      explain = ExplainKind::kQueryPlan;
    }
  }
  uint32_t command_begin = Peek().offset;
  Stmt* stmt = nullptr;
  {
    LrFrame frame(this);
    command_base_ = lr_depth_;
    stmt = ParseCommand();
  }
  if (stmt == nullptr) return false;
  stmt->explain = explain;
  stmt->span = SpanFrom(command_begin);
  out->span = SpanFrom(begin);
  if (At(Tok::kSemi)) {
    SIMLITE_PARSE_TRY(Consume());
    out->tail = last_end_;
  } else if (!At(Tok::kEof)) {
    return SyntaxError();
  } else if (has_pending_error_) {
    return Fail(std::move(pending_error_), Peek().offset);
  } else {
    out->tail = Peek().offset;
  }
  out->stmt = stmt;
  return true;
}

Stmt* Parser::ParseCommand() {
  uint32_t begin = Peek().offset;
  switch (PeekKind()) {
    case Tok::kSelect:
    case Tok::kValues: {
      SelectStmt* stmt = NewNode<SelectStmt>(begin);
      stmt->select = ParseSelect();
      return stmt->select == nullptr ? nullptr : stmt;
    }
    case Tok::kWith:
      return ParseWithStatement();
    case Tok::kInsert:
    case Tok::kReplace:
      SIMLITE_PARSE_TRY(PushEmpty());  // the absent WITH clause
      return ParseInsert(nullptr, begin);
    case Tok::kUpdate:
      SIMLITE_PARSE_TRY(PushEmpty());
      return ParseUpdate(nullptr, begin);
    case Tok::kDelete:
      SIMLITE_PARSE_TRY(PushEmpty());
      return ParseDelete(nullptr, begin);
    case Tok::kCreate:
      return ParseCreate();
    case Tok::kDrop:
      return ParseDrop(begin);
    case Tok::kAlter:
      return ParseAlterTable(begin);
    case Tok::kBegin:
      return ParseBegin(begin);
    case Tok::kCommit:
    case Tok::kEnd:
      return ParseCommit(begin);
    case Tok::kRollback:
      return ParseRollback(begin);
    case Tok::kSavepoint:
      return ParseSavepoint(begin);
    case Tok::kRelease:
      return ParseRelease(begin);
    case Tok::kPragma:
      return ParsePragma(begin);
    case Tok::kReindex:
      return ParseReindex(begin);
    case Tok::kAnalyze:
      return ParseAnalyze(begin);
    case Tok::kVacuum:
      return ParseVacuum(begin);
    case Tok::kAttach:
      return ParseAttach(begin);
    case Tok::kDetach:
      return ParseDetach(begin);
    default:
      SyntaxError();
      return nullptr;
  }
}

// CREATE [TEMP] TABLE | [TEMP] VIEW | [TEMP] TRIGGER | [UNIQUE] INDEX | VIRTUAL TABLE
Stmt* Parser::ParseCreate() {
  uint32_t begin = Peek().offset;
  SIMLITE_PARSE_TRY(Consume());
  bool temp = false;
  if (At(Tok::kTemp) || At(Tok::kTemporary)) {
    temp = true;
    SIMLITE_PARSE_TRY(Consume());
  }
  switch (PeekKind()) {
    case Tok::kTable:
      return ParseCreateTable(temp, begin);
    case Tok::kView:
      return ParseCreateView(temp, begin);
    case Tok::kTrigger:
      return ParseCreateTrigger(temp, begin);
    default:
      break;
  }
  if (!temp) {
    if (At(Tok::kUnique)) {
      SIMLITE_PARSE_TRY(Consume());
      if (!At(Tok::kIndex)) {
        SyntaxError();
        return nullptr;
      }
      return ParseCreateIndex(true, begin);
    }
    if (At(Tok::kIndex)) return ParseCreateIndex(false, begin);
    if (At(Tok::kVirtual)) return ParseCreateVirtualTable(begin);
  }
  SyntaxError();
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Entry points

Rc ParseOne(std::string_view sql, uint32_t offset, const ParseOptions& options, ParseResult* result,
            ParseError* error) {
  assert(offset <= sql.size());
  result->sql_ = sql;
  result->arena_ = Arena();
  result->statements_.clear();
  Parser parser(sql, offset, options, &result->arena_);
  ParsedStatement statement;
  if (!parser.ParseNext(&statement)) {
    *error = parser.error();
    return Rc::kError;
  }
  result->statements_.push_back(statement);
  return Rc::kOk;
}

Rc ParseScript(std::string_view sql, const ParseOptions& options, ParseResult* result,
               ParseError* error) {
  result->sql_ = sql;
  result->arena_ = Arena();
  result->statements_.clear();
  uint32_t offset = 0;
  // Each statement gets a fresh Parser: parameter numbering and nesting restart.
  while (true) {
    Parser parser(sql, offset, options, &result->arena_);
    ParsedStatement statement;
    if (!parser.ParseNext(&statement)) {
      *error = parser.error();
      return Rc::kError;
    }
    if (statement.stmt == nullptr) return Rc::kOk;
    result->statements_.push_back(statement);
    offset = statement.tail;
  }
}

}  // namespace simlite::parser
