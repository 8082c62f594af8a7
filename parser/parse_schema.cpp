// CREATE INDEX, CREATE VIEW, CREATE TRIGGER and DROP (lang_createindex.html,
// lang_createview.html, lang_createtrigger.html, lang_drop*.html).
#include "parser/parser_impl.h"

namespace simlite::parser {

// [IF NOT EXISTS]
bool Parser::ParseIfNotExists(bool* if_not_exists) {
  if (!Accept(Tok::kIf)) return !failed_;
  *if_not_exists = true;
  return Expect(Tok::kNot) && Expect(Tok::kExists);
}

// CREATE [UNIQUE] INDEX [IF NOT EXISTS] [schema.]name ON table (terms) [WHERE expr]
Stmt* Parser::ParseCreateIndex(bool unique, uint32_t begin) {
  CreateIndexStmt* index = NewNode<CreateIndexStmt>(begin);
  index->unique = unique;
  SIMLITE_PARSE_TRY(Expect(Tok::kIndex));
  SIMLITE_PARSE_TRY(ParseIfNotExists(&index->if_not_exists));
  SIMLITE_PARSE_TRY(ParseQualifiedName(&index->name));
  SIMLITE_PARSE_TRY(Expect(Tok::kOn) && ParseNm(&index->table) && Expect(Tok::kLp));
  lr_depth_ = command_base_ + 9;  // CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (
  SIMLITE_PARSE_TRY(ParseOrderingTerms(&index->columns));
  SIMLITE_PARSE_TRY(Expect(Tok::kRp));
  if (Accept(Tok::kWhere)) {
    index->where = ParseExpr();
    SIMLITE_PARSE_TRY(index->where);
  }
  return index;
}

// CREATE [TEMP] VIEW [IF NOT EXISTS] [schema.]name [(columns)] AS select
Stmt* Parser::ParseCreateView(bool temp, uint32_t begin) {
  CreateViewStmt* view = NewNode<CreateViewStmt>(begin);
  view->temp = temp;
  SIMLITE_PARSE_TRY(Expect(Tok::kView));
  SIMLITE_PARSE_TRY(ParseIfNotExists(&view->if_not_exists));
  SIMLITE_PARSE_TRY(ParseQualifiedName(&view->name));
  if (Accept(Tok::kLp)) SIMLITE_PARSE_TRY(ParseColumnNameList(&view->columns));
  SIMLITE_PARSE_TRY(Expect(Tok::kAs));
  lr_depth_ = command_base_ + 8;  // CREATE [TEMP] VIEW [IF NOT EXISTS] name [(columns)] AS
  view->select = ParseSelect();
  SIMLITE_PARSE_TRY(view->select);
  return view;
}

// CREATE [TEMP] TRIGGER [IF NOT EXISTS] [schema.]name [BEFORE|AFTER|INSTEAD OF]
// DELETE|INSERT|UPDATE [OF columns] ON table [FOR EACH ROW] [WHEN expr]
// BEGIN command; ... END
Stmt* Parser::ParseCreateTrigger(bool temp, uint32_t begin) {
  CreateTriggerStmt* trigger = NewNode<CreateTriggerStmt>(begin);
  trigger->temp = temp;
  SIMLITE_PARSE_TRY(Expect(Tok::kTrigger));
  SIMLITE_PARSE_TRY(ParseIfNotExists(&trigger->if_not_exists));
  SIMLITE_PARSE_TRY(ParseQualifiedName(&trigger->name));
  SIMLITE_PARSE_TRY(ParseTriggerHead(trigger));
  lr_depth_ = command_base_ + 2;  // CREATE, and the trigger's declaration
  SIMLITE_PARSE_TRY(ParseTriggerBody(trigger));
  return trigger;
}

bool Parser::ParseTriggerHead(CreateTriggerStmt* trigger) {
  if (Accept(Tok::kBefore)) {
    trigger->timing = TriggerTiming::kBefore;
  } else if (Accept(Tok::kAfter)) {
    trigger->timing = TriggerTiming::kAfter;
  } else if (Accept(Tok::kInstead)) {
    SIMLITE_PARSE_TRY(Expect(Tok::kOf));
    trigger->timing = TriggerTiming::kInsteadOf;
  }
  if (Accept(Tok::kDelete)) {
    trigger->event = TriggerEvent::kDelete;
  } else if (Accept(Tok::kInsert)) {
    trigger->event = TriggerEvent::kInsert;
  } else {
    SIMLITE_PARSE_TRY(Expect(Tok::kUpdate));
    trigger->event = TriggerEvent::kUpdate;
    if (Accept(Tok::kOf)) {
      do {
        Name column;
        SIMLITE_PARSE_TRY(ParseNm(&column));
        trigger->update_columns.PushBack(arena_, column);
      } while (Accept(Tok::kComma));
    }
  }
  SIMLITE_PARSE_TRY(Expect(Tok::kOn) && ParseQualifiedName(&trigger->table));
  if (Accept(Tok::kFor)) {
    SIMLITE_PARSE_TRY(Expect(Tok::kEach) && Expect(Tok::kRow));
    trigger->for_each_row = true;
  }
  if (Accept(Tok::kWhen)) {
    trigger->when = ParseExpr();
    SIMLITE_PARSE_TRY(trigger->when);
  }
  return true;
}

// BEGIN (command ;)... END
bool Parser::ParseTriggerBody(CreateTriggerStmt* trigger) {
  uint32_t begin = Peek().offset;
  SIMLITE_PARSE_TRY(Expect(Tok::kBegin));
  in_trigger_ = true;
  {
    LrFrame list(this);
    do {
      uint32_t command_begin = Peek().offset;
      Stmt* command = nullptr;
      {
        LrFrame frame(this);
        command = ParseTriggerCommand();
      }
      if (command == nullptr) break;
      command->span = SpanFrom(command_begin);
      trigger->body.PushBack(arena_, command);
      if (!ExpectSemicolon()) break;
      list.Reduce(1);
    } while (!At(Tok::kEnd));
  }
  in_trigger_ = false;
  SIMLITE_PARSE_TRY(Expect(Tok::kEnd));
  trigger->body_span = SpanFrom(begin);
  return true;
}

// UPDATE, INSERT, REPLACE, DELETE or a select, in the restricted trigger forms.
Stmt* Parser::ParseTriggerCommand() {
  uint32_t begin = Peek().offset;
  switch (PeekKind()) {
    case Tok::kUpdate:
      return ParseUpdate(nullptr, begin);
    case Tok::kInsert:
    case Tok::kReplace:
      SIMLITE_PARSE_TRY(PushEmpty());  // an empty "scanpt" precedes INSERT
      return ParseInsert(nullptr, begin);
    case Tok::kDelete:
      return ParseDelete(nullptr, begin);
    case Tok::kSelect:
    case Tok::kValues:
    case Tok::kWith: {
      SelectStmt* stmt = NewNode<SelectStmt>(begin);
      SIMLITE_PARSE_TRY(PushEmpty());  // scanpt
      stmt->select = ParseSelect();
      return stmt->select == nullptr ? nullptr : stmt;
    }
    default:
      SyntaxError();
      return nullptr;
  }
}

// The table of a trigger's INSERT, UPDATE or DELETE: a plain name; SQLite parses a qualified
// one and rejects it.
bool Parser::ParseTriggerTarget(QualifiedName* name) {
  SIMLITE_PARSE_TRY(ParseQualifiedName(name));
  if (name->schema.IsSet()) {
    ActionError(
        "qualified table names are not allowed on INSERT, UPDATE, and DELETE statements "
        "within triggers");
  }
  return true;
}

// SQLite parses INDEXED BY / NOT INDEXED on a trigger's UPDATE and DELETE, then rejects it.
bool Parser::RejectTriggerIndexHint() {
  if (Accept(Tok::kIndexed)) {
    Name index;
    SIMLITE_PARSE_TRY(Expect(Tok::kBy) && ParseNm(&index));
    ActionError(
        "the INDEXED BY clause is not allowed on UPDATE or DELETE statements within triggers");
  } else if (Accept(Tok::kNot)) {
    SIMLITE_PARSE_TRY(Expect(Tok::kIndexed));
    ActionError(
        "the NOT INDEXED clause is not allowed on UPDATE or DELETE statements within "
        "triggers");
  }
  return !failed_;
}

// DROP TABLE|INDEX|VIEW|TRIGGER [IF EXISTS] [schema.]name
Stmt* Parser::ParseDrop(uint32_t begin) {
  DropStmt* drop = NewNode<DropStmt>(begin);
  SIMLITE_PARSE_TRY(Consume());
  switch (PeekKind()) {
    case Tok::kTable:
      drop->object = ObjectKind::kTable;
      break;
    case Tok::kIndex:
      drop->object = ObjectKind::kIndex;
      break;
    case Tok::kView:
      drop->object = ObjectKind::kView;
      break;
    case Tok::kTrigger:
      drop->object = ObjectKind::kTrigger;
      break;
    default:
      SyntaxError();
      return nullptr;
  }
  SIMLITE_PARSE_TRY(Consume());
  if (Accept(Tok::kIf)) {
    SIMLITE_PARSE_TRY(Expect(Tok::kExists));
    drop->if_exists = true;
  }
  SIMLITE_PARSE_TRY(ParseQualifiedName(&drop->name));
  return drop;
}

}  // namespace simlite::parser
