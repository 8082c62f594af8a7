// INSERT, REPLACE, UPDATE and DELETE (lang_insert.html, lang_upsert.html, lang_update.html,
// lang_delete.html, lang_returning.html), with ORDER BY / LIMIT on UPDATE and DELETE (the
// Debian build of SQLite has SQLITE_ENABLE_UPDATE_DELETE_LIMIT).
//
// Inside a CREATE TRIGGER body (in_trigger_) the same functions parse the restricted forms:
// no WITH, no alias, no ORDER BY / LIMIT / RETURNING on UPDATE and DELETE, and SQLite's
// errors for qualified table names, index hints and RETURNING.
#include <string>

#include "parser/parser_impl.h"

namespace simlite::parser {

// WITH ... followed by SELECT, INSERT, REPLACE, UPDATE or DELETE.
Stmt* Parser::ParseWithStatement() {
  const int base = lr_depth_;
  uint32_t begin = Peek().offset;
  WithClause* with = ParseWith();
  SIMLITE_PARSE_TRY(with);
  switch (PeekKind()) {
    case Tok::kSelect:
    case Tok::kValues: {
      SelectStmt* stmt = NewNode<SelectStmt>(begin);
      stmt->select = ParseSelectWithWith(with, begin);
      return stmt->select == nullptr ? nullptr : stmt;
    }
    default:
      break;
  }
  lr_depth_ = base + 1;  // the WITH clause of INSERT, UPDATE, DELETE is one nonterminal
  switch (PeekKind()) {
    case Tok::kInsert:
    case Tok::kReplace:
      return ParseInsert(with, begin);
    case Tok::kUpdate:
      return ParseUpdate(with, begin);
    case Tok::kDelete:
      return ParseDelete(with, begin);
    default:
      SyntaxError();
      return nullptr;
  }
}

// INSERT [OR action] | REPLACE, INTO table [AS alias] [(columns)], then the source.
Stmt* Parser::ParseInsert(WithClause* with, uint32_t begin) {
  const int base = lr_depth_;
  InsertStmt* insert = NewNode<InsertStmt>(begin);
  insert->with = with;
  if (Accept(Tok::kReplace)) {
    insert->replace = true;
    insert->conflict = ConflictAction::kReplace;
  } else {
    SIMLITE_PARSE_TRY(Expect(Tok::kInsert));
    if (Accept(Tok::kOr)) SIMLITE_PARSE_TRY(ParseConflictAction(&insert->conflict));
  }
  lr_depth_ = base + 1;  // INSERT [OR action] | REPLACE
  SIMLITE_PARSE_TRY(Expect(Tok::kInto));
  if (in_trigger_) {
    SIMLITE_PARSE_TRY(ParseTriggerTarget(&insert->table));
  } else {
    SIMLITE_PARSE_TRY(ParseQualifiedName(&insert->table));
    if (Accept(Tok::kAs)) SIMLITE_PARSE_TRY(ParseNm(&insert->alias));
  }
  lr_depth_ = base + 3;
  if (Accept(Tok::kLp)) {
    insert->has_columns = true;
    SIMLITE_PARSE_TRY(ParseNameList(&insert->columns));
    lr_depth_ = base + 4;
  } else {
    SIMLITE_PARSE_TRY(PushEmpty());
  }
  SIMLITE_PARSE_TRY(ParseInsertSource(insert));
  return insert;
}

// DEFAULT VALUES [RETURNING ...] (not in triggers) | select [upsert]... [RETURNING ...]
bool Parser::ParseInsertSource(InsertStmt* insert) {
  if (!in_trigger_ && Accept(Tok::kDefault)) {
    SIMLITE_PARSE_TRY(Expect(Tok::kValues));
    insert->default_values = true;
    return ParseReturning(&insert->returning);
  }
  insert->select = ParseSelect();
  SIMLITE_PARSE_TRY(insert->select);
  while (At(Tok::kOn)) SIMLITE_PARSE_TRY(ParseUpsert(insert));
  return ParseReturning(&insert->returning);
}

// ON CONFLICT [(target) [WHERE expr]] DO NOTHING | DO UPDATE SET ... [WHERE expr].
// Only a clause with a target may be followed by another ON CONFLICT clause.
bool Parser::ParseUpsert(InsertStmt* insert) {
  SIMLITE_PARSE_TRY(Expect(Tok::kOn) && Expect(Tok::kConflict));
  Upsert* upsert = arena_->New<Upsert>();
  insert->upserts.PushBack(arena_, upsert);
  bool has_target = Accept(Tok::kLp);
  if (has_target) {
    SIMLITE_PARSE_TRY(ParseOrderingTerms(&upsert->target));
    SIMLITE_PARSE_TRY(Expect(Tok::kRp));
    if (Accept(Tok::kWhere)) {
      upsert->target_where = ParseExpr();
      SIMLITE_PARSE_TRY(upsert->target_where);
    }
  }
  SIMLITE_PARSE_TRY(Expect(Tok::kDo));
  if (Accept(Tok::kNothing)) {
    upsert->do_nothing = true;
  } else {
    SIMLITE_PARSE_TRY(Expect(Tok::kUpdate) && Expect(Tok::kSet));
    SIMLITE_PARSE_TRY(ParseSetClauses(&upsert->sets));
    if (Accept(Tok::kWhere)) {
      upsert->where = ParseExpr();
      SIMLITE_PARSE_TRY(upsert->where);
    }
  }
  if (!has_target && At(Tok::kOn)) return SyntaxError();
  return true;
}

// [RETURNING result-columns]
bool Parser::ParseReturning(Returning* returning) {
  if (!Accept(Tok::kReturning)) return !failed_;
  returning->present = true;
  SIMLITE_PARSE_TRY(ParseResultColumns(&returning->columns));
  if (in_trigger_) ActionError("cannot use RETURNING in a trigger");
  return true;
}

// UPDATE [OR action] table SET ... [FROM ...] [WHERE ...] [RETURNING ...] [ORDER BY] [LIMIT]
Stmt* Parser::ParseUpdate(WithClause* with, uint32_t begin) {
  const int base = lr_depth_;
  UpdateStmt* update = NewNode<UpdateStmt>(begin);
  update->with = with;
  SIMLITE_PARSE_TRY(Expect(Tok::kUpdate));
  if (Accept(Tok::kOr)) SIMLITE_PARSE_TRY(ParseConflictAction(&update->conflict));
  lr_depth_ = base + 1;
  SIMLITE_PARSE_TRY(PushEmpty());  // [OR action] is one nonterminal
  SIMLITE_PARSE_TRY(ParseQualifiedTable(&update->table));
  SIMLITE_PARSE_TRY(Expect(Tok::kSet));
  SIMLITE_PARSE_TRY(ParseSetClauses(&update->sets));
  if (Accept(Tok::kFrom)) SIMLITE_PARSE_TRY(ParseFrom(&update->from));
  lr_depth_ = base + 6;
  SIMLITE_PARSE_TRY(PushEmpty());  // [FROM ...]
  if (Accept(Tok::kWhere)) {
    update->where = ParseExpr();
    SIMLITE_PARSE_TRY(update->where);
  }
  if (in_trigger_) return update;
  SIMLITE_PARSE_TRY(ParseReturning(&update->returning));
  SIMLITE_PARSE_TRY(ParseOrderLimit(&update->order_limit));
  return update;
}

// DELETE FROM table [WHERE ...] [RETURNING ...] [ORDER BY ...] [LIMIT ...]
Stmt* Parser::ParseDelete(WithClause* with, uint32_t begin) {
  DeleteStmt* del = NewNode<DeleteStmt>(begin);
  del->with = with;
  SIMLITE_PARSE_TRY(Expect(Tok::kDelete) && Expect(Tok::kFrom));
  SIMLITE_PARSE_TRY(ParseQualifiedTable(&del->table));
  if (Accept(Tok::kWhere)) {
    del->where = ParseExpr();
    SIMLITE_PARSE_TRY(del->where);
  }
  if (in_trigger_) return del;
  SIMLITE_PARSE_TRY(ParseReturning(&del->returning));
  SIMLITE_PARSE_TRY(ParseOrderLimit(&del->order_limit));
  return del;
}

bool Parser::ParseOrderLimit(OrderLimit* order_limit) {
  if (At(Tok::kOrder)) SIMLITE_PARSE_TRY(ParseOrderBy(&order_limit->order_by));
  if (At(Tok::kLimit)) SIMLITE_PARSE_TRY(ParseLimit(order_limit));
  return !failed_;
}

// [schema.]table [AS alias] [INDEXED BY index | NOT INDEXED]
// On SQLite's stack: the name (with its alias) and the index hint (possibly empty).
bool Parser::ParseQualifiedTable(QualifiedTable* table) {
  const int base = lr_depth_;
  if (in_trigger_) {
    SIMLITE_PARSE_TRY(ParseTriggerTarget(&table->name));
    lr_depth_ = base + 1;
    SIMLITE_PARSE_TRY(RejectTriggerIndexHint());
  } else {
    SIMLITE_PARSE_TRY(ParseQualifiedName(&table->name));
    if (Accept(Tok::kAs)) SIMLITE_PARSE_TRY(ParseNm(&table->alias));
    lr_depth_ = base + 1;
    SIMLITE_PARSE_TRY(ParseIndexHint(&table->index_hint, &table->index));
  }
  lr_depth_ = base + 1;
  return PushEmpty();
}

// column = expr | (column, ...) = expr, comma-separated
bool Parser::ParseSetClauses(ArenaList<SetClause>* sets) {
  LrFrame list(this);
  do {
    SetClause set;
    if (Accept(Tok::kLp)) {
      set.is_list = true;
      SIMLITE_PARSE_TRY(ParseNameList(&set.columns));
    } else {
      Name column;
      SIMLITE_PARSE_TRY(ParseNm(&column));
      set.columns.PushBack(arena_, column);
    }
    SIMLITE_PARSE_TRY(Expect(Tok::kEq));
    set.value = ParseExpr();
    SIMLITE_PARSE_TRY(set.value);
    sets->PushBack(arena_, set);
    list.Reduce(1);
  } while (Accept(Tok::kComma));
  return true;
}

}  // namespace simlite::parser
