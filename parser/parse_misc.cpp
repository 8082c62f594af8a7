// Transactions (lang_transaction.html, lang_savepoint.html) and utility statements: PRAGMA,
// REINDEX, ANALYZE, VACUUM, ATTACH, DETACH.
#include "parser/parser_impl.h"

namespace simlite::parser {

// BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] [TRANSACTION [name]]
Stmt* Parser::ParseBegin(uint32_t begin) {
  BeginStmt* stmt = NewNode<BeginStmt>(begin);
  SIMLITE_PARSE_TRY(Consume());
  if (Accept(Tok::kDeferred)) {
    stmt->type = TransactionType::kDeferred;
  } else if (Accept(Tok::kImmediate)) {
    stmt->type = TransactionType::kImmediate;
  } else if (Accept(Tok::kExclusive)) {
    stmt->type = TransactionType::kExclusive;
  }
  if (Accept(Tok::kTransaction) && IsNmToken(PeekKind())) SIMLITE_PARSE_TRY(Consume());
  SIMLITE_PARSE_TRY(!failed_);
  return stmt;
}

// COMMIT|END [TRANSACTION [name]]
Stmt* Parser::ParseCommit(uint32_t begin) {
  CommitStmt* stmt = NewNode<CommitStmt>(begin);
  SIMLITE_PARSE_TRY(Consume());
  if (Accept(Tok::kTransaction) && IsNmToken(PeekKind())) SIMLITE_PARSE_TRY(Consume());
  SIMLITE_PARSE_TRY(!failed_);
  return stmt;
}

// ROLLBACK [TRANSACTION [name]] [TO [SAVEPOINT] name]
Stmt* Parser::ParseRollback(uint32_t begin) {
  RollbackStmt* stmt = NewNode<RollbackStmt>(begin);
  SIMLITE_PARSE_TRY(Consume());
  if (Accept(Tok::kTransaction) && IsNmToken(PeekKind())) SIMLITE_PARSE_TRY(Consume());
  if (Accept(Tok::kTo)) {
    Accept(Tok::kSavepoint);
    SIMLITE_PARSE_TRY(ParseNm(&stmt->savepoint));
  }
  SIMLITE_PARSE_TRY(!failed_);
  return stmt;
}

// SAVEPOINT name
Stmt* Parser::ParseSavepoint(uint32_t begin) {
  SavepointStmt* stmt = NewNode<SavepointStmt>(begin);
  SIMLITE_PARSE_TRY(Consume() && ParseNm(&stmt->name));
  return stmt;
}

// RELEASE [SAVEPOINT] name
Stmt* Parser::ParseRelease(uint32_t begin) {
  ReleaseStmt* stmt = NewNode<ReleaseStmt>(begin);
  SIMLITE_PARSE_TRY(Consume());
  Accept(Tok::kSavepoint);
  SIMLITE_PARSE_TRY(ParseNm(&stmt->name));
  return stmt;
}

// PRAGMA [schema.]name [= value | (value)]
Stmt* Parser::ParsePragma(uint32_t begin) {
  PragmaStmt* pragma = NewNode<PragmaStmt>(begin);
  SIMLITE_PARSE_TRY(Consume() && ParseQualifiedName(&pragma->name));
  if (Accept(Tok::kEq)) {
    pragma->has_value = true;
    SIMLITE_PARSE_TRY(ParsePragmaValue(pragma));
  } else if (Accept(Tok::kLp)) {
    pragma->has_value = true;
    pragma->call_form = true;
    SIMLITE_PARSE_TRY(ParsePragmaValue(pragma) && Expect(Tok::kRp));
  }
  SIMLITE_PARSE_TRY(!failed_);
  return pragma;
}

// [+|-] number | name | ON | DELETE | DEFAULT
bool Parser::ParsePragmaValue(PragmaStmt* pragma) {
  bool signed_number = false;
  if (Accept(Tok::kMinus)) {
    pragma->negative = true;
    signed_number = true;
  } else if (Accept(Tok::kPlus)) {
    signed_number = true;
  }
  Tok kind = PeekKind();
  bool number = kind == Tok::kInteger || kind == Tok::kFloat;
  bool word = IsNmToken(kind) || kind == Tok::kOn || kind == Tok::kDelete || kind == Tok::kDefault;
  if (!number && (signed_number || !word)) return SyntaxError();
  Token token;
  SIMLITE_PARSE_TRY(Consume(&token));
  pragma->value = MakeName(token);
  return true;
}

// REINDEX [[schema.]name]
Stmt* Parser::ParseReindex(uint32_t begin) {
  ReindexStmt* stmt = NewNode<ReindexStmt>(begin);
  SIMLITE_PARSE_TRY(Consume());
  if (IsNmToken(PeekKind())) SIMLITE_PARSE_TRY(ParseQualifiedName(&stmt->name));
  SIMLITE_PARSE_TRY(!failed_);
  return stmt;
}

// ANALYZE [[schema.]name]
Stmt* Parser::ParseAnalyze(uint32_t begin) {
  AnalyzeStmt* stmt = NewNode<AnalyzeStmt>(begin);
  SIMLITE_PARSE_TRY(Consume());
  if (IsNmToken(PeekKind())) SIMLITE_PARSE_TRY(ParseQualifiedName(&stmt->name));
  SIMLITE_PARSE_TRY(!failed_);
  return stmt;
}

// VACUUM [schema] [INTO expr]
Stmt* Parser::ParseVacuum(uint32_t begin) {
  VacuumStmt* stmt = NewNode<VacuumStmt>(begin);
  SIMLITE_PARSE_TRY(Consume());
  if (IsNmToken(PeekKind())) SIMLITE_PARSE_TRY(ParseNm(&stmt->schema));
  if (Accept(Tok::kInto)) {
    stmt->into = ParseExpr();
    SIMLITE_PARSE_TRY(stmt->into);
  }
  SIMLITE_PARSE_TRY(!failed_);
  return stmt;
}

// ATTACH [DATABASE] expr AS expr [KEY expr]
Stmt* Parser::ParseAttach(uint32_t begin) {
  AttachStmt* stmt = NewNode<AttachStmt>(begin);
  SIMLITE_PARSE_TRY(Consume());
  Accept(Tok::kDatabase);
  stmt->file = ParseExpr();
  SIMLITE_PARSE_TRY(stmt->file && Expect(Tok::kAs));
  stmt->schema = ParseExpr();
  SIMLITE_PARSE_TRY(stmt->schema);
  if (Accept(Tok::kKey)) {
    stmt->key = ParseExpr();
    SIMLITE_PARSE_TRY(stmt->key);
  }
  SIMLITE_PARSE_TRY(!failed_);
  return stmt;
}

// DETACH [DATABASE] expr
Stmt* Parser::ParseDetach(uint32_t begin) {
  DetachStmt* stmt = NewNode<DetachStmt>(begin);
  SIMLITE_PARSE_TRY(Consume());
  Accept(Tok::kDatabase);
  stmt->schema = ParseExpr();
  SIMLITE_PARSE_TRY(stmt->schema);
  return stmt;
}

}  // namespace simlite::parser
