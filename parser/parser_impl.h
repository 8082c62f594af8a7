// The recursive-descent parser behind parser.h. One Parser parses statements of one text.
//
// How errors match SQLite's LALR(1) parser: an LR parser reports the first token that cannot
// continue a valid prefix of a statement. This parser keeps that property: every function
// consumes a token only when the grammar allows it there, and fails at the first token that
// no alternative accepts. Where SQLite lets a keyword stand for a name (token.h), a keyword
// with a meaning at that point is taken as the keyword, like LR's preference for a shift.
//
// Errors that SQLite raises inside grammar actions (e.g. "unknown table option") are
// "deferred": SQLite reports them only when the token after the rule is accepted; a syntax
// error at that token wins. ActionError() records such a message and Consume() reports it.
//
// Failure protocol: the first error is recorded and sticks; afterwards Peek() returns a
// token that matches nothing, so every caller unwinds. Parse functions return nullptr or
// false on failure (SIMLITE_PARSE_TRY propagates that).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "parser/arena.h"
#include "parser/ast.h"
#include "parser/lexer.h"
#include "parser/parser.h"
#include "parser/token.h"

// Returns failure ({} : nullptr or false) from the enclosing parse function when `expr`
// (a pointer or bool) is null or false.
#define SIMLITE_PARSE_TRY(expr) \
  do {                          \
    if (!(expr)) return {};     \
  } while (0)

namespace simlite::parser {

// Operator precedence, loosest first (parse.y-compatible, see lang_expr.html "Operators").
enum Prec : int {
  kPrecLowest = 0,
  kPrecOr,
  kPrecAnd,
  kPrecNot,
  kPrecEquality,  // = == != <> IS IN LIKE GLOB MATCH REGEXP BETWEEN ISNULL NOTNULL
  kPrecCompare,   // < <= > >=; ESCAPE belongs to LIKE (see ParseLike)
  kPrecBit,       // & | << >>
  kPrecAdd,
  kPrecMultiply,
  kPrecConcat,  // || -> ->>
  kPrecCollate,
  kPrecUnary,
};

class Parser {
 public:
  Parser(std::string_view sql, uint32_t offset, const ParseOptions& options, Arena* arena);

  // Parses the next statement with its ';'. Returns false on error (see error()). At the
  // end of the text, succeeds with out->stmt == nullptr.
  bool ParseNext(ParsedStatement* out);
  const ParseError& error() const { return error_; }

 private:
  // --- tokens and errors (parser.cpp)
  const Token& Peek() const { return failed_ ? kPoison : lexer_.Peek(); }
  Tok PeekKind() const { return Peek().kind; }
  Tok PeekSecondKind();
  bool At(Tok kind) const { return PeekKind() == kind; }
  // Consumes the current token (pushing it on the emulated stack). False on failure: an
  // earlier error, a deferred action error now due, or a stack overflow.
  bool Consume(Token* token = nullptr) {
    if (failed_ || has_pending_error_ || lr_depth_ >= kStackDepthMax) return ConsumeSlow(token);
    ++lr_depth_;
    Token consumed = lexer_.Advance();
    assert(consumed.kind != Tok::kEof);
    last_end_ = consumed.offset + consumed.length;
    if (token != nullptr) *token = consumed;
    return true;
  }
  bool ConsumeSlow(Token* token);
  // Consumes the current token if it is `kind`.
  bool Accept(Tok kind) { return At(kind) && Consume(); }
  // Consumes the current token if it is `kind`, else reports a syntax error.
  bool Expect(Tok kind) { return At(kind) ? Consume() : SyntaxError(); }
  bool ExpectSemicolon();
  bool SyntaxError();
  void ActionError(std::string message);
  bool Fail(std::string message, uint32_t offset);
  std::string_view TextOf(const Token& token) const {
    return sql_.substr(token.offset, token.length);
  }
  SourceSpan SpanFrom(uint32_t begin) const { return SourceSpan{begin, last_end_}; }

  // --- SQLite's parser stack (parser.cpp)
  // SQLite's LR parser keeps a stack of at most kStackDepthMax entries (the bottom one
  // included) and fails with "parser stack overflow" beyond it. lr_depth_ emulates that
  // stack's height: Consume() pushes a token; an LrFrame stands for one grammar rule being
  // recognized, and leaves one entry (the rule's nonterminal) when it ends; Reduce() models
  // a reduction inside the rule (a list item folded into the list); PushEmpty() models an
  // empty nonterminal (an absent optional clause, like "distinct ::= .").
  class LrFrame {
   public:
    explicit LrFrame(Parser* parser) : parser_(parser), base_(parser->lr_depth_) {}
    // The rule reduces to its nonterminal; for an empty rule that is a push, checked.
    ~LrFrame() {
      parser_->lr_depth_ = base_;
      (void)parser_->PushEmpty();
    }
    LrFrame(const LrFrame&) = delete;
    LrFrame& operator=(const LrFrame&) = delete;
    // The rule's symbols so far now occupy `symbols` entries.
    void Reduce(int symbols) { parser_->lr_depth_ = base_ + symbols; }

   private:
    Parser* parser_;
    int base_;
  };
  bool PushEmpty() {
    if (failed_) return false;
    return ++lr_depth_ <= kStackDepthMax || StackOverflow();
  }
  bool StackOverflow();

  // --- names (parser.cpp)
  Name MakeName(const Token& token);
  std::string_view Dequote(std::string_view text);
  bool ParseNm(Name* name);
  bool ParseIds(Name* name);
  bool ParseQualifiedName(QualifiedName* name);
  bool ParseNameList(ArenaList<Name>* names);
  bool ParseColumnNameList(ArenaList<Name>* names);
  bool ParseNameDecoration(const Name& name);
  bool ParseConflictClause(ConflictAction* action);
  bool ParseConflictAction(ConflictAction* action);

  // --- statements (parser.cpp)
  Stmt* ParseCommand();
  Stmt* ParseCreate();

  // --- expressions (parse_expr.cpp)
  Expr* ParseExpr() { return ParseBinary(kPrecOr); }
  Expr* ParseBinary(int min_prec);
  Expr* ParseBinaryTail(Expr* left, int min_prec);
  Expr* ParseEqualityOp(Expr* left);
  Expr* ParseIs(Expr* left);
  Expr* ParsePrefix();
  Expr* ParsePrimary();
  Expr* ParseLiteral(LiteralKind kind);
  Expr* ParseVariable();
  std::string_view FindVariable(int32_t index) const;
  Expr* ParseParenthesized();
  Expr* ParseNameTerm();
  Expr* ParseFunctionCall(const Name& name, uint32_t begin);
  bool ParseFunctionArgs(FunctionExpr* call);
  bool ParseFilterOver(FunctionExpr* call);
  Expr* ParseCase();
  Expr* ParseCast();
  Expr* ParseRaise();
  Expr* ParseExists(uint32_t begin);
  Expr* ParseBetween(Expr* left, bool negated);
  Expr* ParseLike(Expr* left, bool negated);
  Expr* ParseIn(Expr* left, bool negated);
  bool ParseExprList(ArenaList<Expr*>* list);
  bool ParseTypeName(TypeName* type);
  bool ParseSignedNumber();
  // A new node whose span starts at `begin` (Finish() sets its end).
  template <class T>
  T* NewNode(uint32_t begin) {
    T* node = arena_->New<T>();
    node->span.begin = begin;
    return node;
  }
  template <class T>
  T* Finish(T* node) {
    node->span.end = last_end_;
    return node;
  }

  // --- windows (parse_window.cpp)
  WindowSpec* ParseWindowSpec();
  bool ParseFrame(FrameSpec** frame);
  bool ParseFrameBound(FrameBound* bound, bool is_start);
  bool ParseWindowClause(ArenaList<WindowDef>* windows);

  // --- SELECT (parse_select.cpp)
  Select* ParseSelect();
  Select* ParseSelectWithWith(WithClause* with, uint32_t begin);
  WithClause* ParseWith();
  bool ParseCte(CommonTableExpr* cte);
  SelectCore* ParseSelectCore(Select* select);
  SelectCore* ParseValuesCore();
  bool ParseResultColumns(ArenaList<ResultColumn>* columns);
  bool ParseResultColumn(ResultColumn* column);
  bool ParseAlias(Name* alias, bool allow_bare);
  bool ParseFrom(FromClause* from);
  bool ParseJoinOperator(uint8_t* join);
  TableRef* ParseTableRef(uint8_t join);
  TableRef* ParseParenthesizedFrom(uint8_t join, uint32_t begin);
  bool ParseJoinConstraint(TableRef* ref);
  bool ParseIndexHint(IndexHint* hint, Name* index);
  bool ParseOrderBy(ArenaList<OrderingTerm>* terms);
  bool ParseOrderingTerm(OrderingTerm* term);
  bool ParseOrderingTerms(ArenaList<OrderingTerm>* terms);
  bool ParseLimit(OrderLimit* order_limit);
  bool ParseGroupByHaving(SelectCore* core, LrFrame* frame);

  // --- INSERT, UPDATE, DELETE (parse_dml.cpp)
  Stmt* ParseWithStatement();
  Stmt* ParseInsert(WithClause* with, uint32_t begin);
  bool ParseInsertSource(InsertStmt* insert);
  bool ParseUpsert(InsertStmt* insert);
  bool ParseReturning(Returning* returning);
  Stmt* ParseUpdate(WithClause* with, uint32_t begin);
  Stmt* ParseDelete(WithClause* with, uint32_t begin);
  bool ParseQualifiedTable(QualifiedTable* table);
  bool ParseSetClauses(ArenaList<SetClause>* sets);
  bool ParseOrderLimit(OrderLimit* order_limit);

  // --- CREATE TABLE and ALTER TABLE (parse_table.cpp)
  Stmt* ParseCreateTable(bool temp, uint32_t begin);
  bool ParseTableBody(CreateTableStmt* table);
  bool ParseTableConstraints(CreateTableStmt* table);
  bool ParseColumnDef(ColumnDef* column);
  bool ParseColumnConstraint(ColumnDef* column, ColumnConstraint* constraint);
  void CheckColumnConstraint(const ColumnDef& column, const ColumnConstraint& added);
  bool ParseDefaultValue(ColumnConstraint* constraint);
  bool ParseGenerated(const ColumnDef* column, ColumnConstraint* constraint);
  bool ParseTableConstraint(TableConstraint* constraint);
  bool ParseForeignKeyClause(ForeignKey** out);
  bool ParseFkAction(FkAction* action);
  bool ParseDeferral(FkDeferral* deferral);
  bool ParseTableOptions(CreateTableStmt* table);
  bool ParseTableOption(CreateTableStmt* table);
  Stmt* ParseAlterTable(uint32_t begin);
  Stmt* ParseCreateVirtualTable(uint32_t begin);
  bool ParseModuleArgs(CreateVirtualTableStmt* table);

  // --- other DDL (parse_schema.cpp)
  bool ParseIfNotExists(bool* if_not_exists);
  Stmt* ParseCreateIndex(bool unique, uint32_t begin);
  Stmt* ParseCreateView(bool temp, uint32_t begin);
  Stmt* ParseCreateTrigger(bool temp, uint32_t begin);
  bool ParseTriggerHead(CreateTriggerStmt* trigger);
  bool ParseTriggerBody(CreateTriggerStmt* trigger);
  Stmt* ParseTriggerCommand();
  bool ParseTriggerTarget(QualifiedName* name);
  bool RejectTriggerIndexHint();
  Stmt* ParseDrop(uint32_t begin);

  // --- transactions and utility statements (parse_misc.cpp)
  Stmt* ParseBegin(uint32_t begin);
  Stmt* ParseCommit(uint32_t begin);
  Stmt* ParseRollback(uint32_t begin);
  Stmt* ParseSavepoint(uint32_t begin);
  Stmt* ParseRelease(uint32_t begin);
  Stmt* ParsePragma(uint32_t begin);
  bool ParsePragmaValue(PragmaStmt* pragma);
  Stmt* ParseReindex(uint32_t begin);
  Stmt* ParseAnalyze(uint32_t begin);
  Stmt* ParseVacuum(uint32_t begin);
  Stmt* ParseAttach(uint32_t begin);
  Stmt* ParseDetach(uint32_t begin);

  static const Token kPoison;
  // YYSTACKDEPTH of SQLite's parser: entries on its stack, the bottom one included.
  static constexpr int kStackDepthMax = 100;

  std::string_view sql_;
  const ParseOptions& options_;
  Arena* arena_;
  Lexer lexer_;
  ParseError error_;
  std::string pending_error_;
  bool has_pending_error_ = false;
  bool failed_ = false;
  bool in_trigger_ = false;
  uint32_t last_end_ = 0;                 // end offset of the last consumed token
  int lr_depth_ = 1;                      // emulated height of SQLite's parser stack (see LrFrame)
  int command_base_ = 1;                  // lr_depth_ where the current statement's command starts
  ParsedStatement* statement_ = nullptr;  // the statement being parsed
};

}  // namespace simlite::parser
