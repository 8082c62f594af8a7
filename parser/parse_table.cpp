// CREATE TABLE (lang_createtable.html), ALTER TABLE (lang_altertable.html) and CREATE VIRTUAL
// TABLE (lang_createvtab.html).
//
// Only the checks SQLite makes while parsing and that need no schema are made here (unknown
// table option, generated column type, COLLATE/ASC/DESC in a column-name list); duplicate
// columns, several primary keys, AUTOINCREMENT placement and the like belong to codegen.
#include <string>

#include "parser/parser_impl.h"

namespace simlite::parser {
namespace {

bool EqualsIgnoreCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

bool EndsWithIgnoreCase(std::string_view text, std::string_view lower) {
  return text.size() >= lower.size() &&
         EqualsIgnoreCase(text.substr(text.size() - lower.size()), lower);
}

std::string_view TrimRight(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || (text.back() >= '\t' && text.back() <= '\r'))) {
    text.remove_suffix(1);
  }
  return text;
}

// A type name swallows a following "GENERATED ALWAYS" (both words may be names), so SQLite
// strips those words from the end of the declared type; so do we.
std::string_view StripGeneratedAlways(std::string_view type) {
  if (type.size() < 16 || !EndsWithIgnoreCase(type, "always")) return type;
  type = TrimRight(type.substr(0, type.size() - 6));
  if (type.size() >= 9 && EndsWithIgnoreCase(type, "generated")) {
    type = TrimRight(type.substr(0, type.size() - 9));
  }
  return type;
}

bool StartsColumnConstraint(Tok kind) {
  switch (kind) {
    case Tok::kDefault:
    case Tok::kNull:
    case Tok::kNot:
    case Tok::kPrimary:
    case Tok::kUnique:
    case Tok::kCheck:
    case Tok::kReferences:
    case Tok::kCollate:
    case Tok::kGenerated:
    case Tok::kAs:
    case Tok::kDeferrable:
      return true;
    default:
      return false;
  }
}

bool StartsTableConstraint(Tok kind) {
  return kind == Tok::kConstraint || kind == Tok::kPrimary || kind == Tok::kUnique ||
         kind == Tok::kCheck || kind == Tok::kForeign;
}

}  // namespace

// CREATE [TEMP] TABLE [IF NOT EXISTS] [schema.]name (columns [, constraints]) [options]
// | ... AS select
Stmt* Parser::ParseCreateTable(bool temp, uint32_t begin) {
  CreateTableStmt* table = NewNode<CreateTableStmt>(begin);
  table->temp = temp;
  SIMLITE_PARSE_TRY(Expect(Tok::kTable));
  SIMLITE_PARSE_TRY(ParseIfNotExists(&table->if_not_exists));
  SIMLITE_PARSE_TRY(ParseQualifiedName(&table->name));
  lr_depth_ = command_base_ + 1;  // CREATE [TEMP] TABLE [IF NOT EXISTS] name
  if (Accept(Tok::kAs)) {
    table->as_select = ParseSelect();
    SIMLITE_PARSE_TRY(table->as_select);
    return table;
  }
  SIMLITE_PARSE_TRY(Expect(Tok::kLp));
  SIMLITE_PARSE_TRY(ParseTableBody(table));
  SIMLITE_PARSE_TRY(Expect(Tok::kRp));
  SIMLITE_PARSE_TRY(ParseTableOptions(table));
  return table;
}

// Column definitions, then (after a comma) table constraints.
bool Parser::ParseTableBody(CreateTableStmt* table) {
  {
    LrFrame columns(this);
    while (true) {
      ColumnDef column;
      SIMLITE_PARSE_TRY(ParseColumnDef(&column));
      table->columns.PushBack(arena_, column);
      columns.Reduce(1);
      if (!Accept(Tok::kComma)) return !failed_;
      if (StartsTableConstraint(PeekKind())) break;
    }
  }
  SIMLITE_PARSE_TRY(PushEmpty());  // the comma before the constraints
  return ParseTableConstraints(table);
}

// Table constraints, optionally comma-separated. "CONSTRAINT name" alone is a complete
// constraint in SQLite's grammar; it names the next constraint unless a comma intervenes.
bool Parser::ParseTableConstraints(CreateTableStmt* table) {
  LrFrame list(this);
  Name pending_name;
  for (bool first = true;; first = false) {
    if (!first) {
      bool comma = Accept(Tok::kComma);
      if (comma) pending_name = Name();
      if (!StartsTableConstraint(PeekKind())) return comma ? SyntaxError() : !failed_;
      if (!comma) SIMLITE_PARSE_TRY(PushEmpty());
    }
    if (Accept(Tok::kConstraint)) {
      SIMLITE_PARSE_TRY(ParseNm(&pending_name));
    } else {
      TableConstraint constraint;
      constraint.name = pending_name;
      pending_name = Name();
      SIMLITE_PARSE_TRY(ParseTableConstraint(&constraint));
      table->constraints.PushBack(arena_, constraint);
    }
    list.Reduce(1);
  }
}

// name [type] [constraint]...
// On SQLite's stack: the name and type (one entry), then the constraints so far (one).
bool Parser::ParseColumnDef(ColumnDef* column) {
  LrFrame frame(this);
  uint32_t begin = Peek().offset;
  SIMLITE_PARSE_TRY(ParseNm(&column->name));
  SIMLITE_PARSE_TRY(ParseTypeName(&column->type));
  column->type.text = StripGeneratedAlways(column->type.text);
  frame.Reduce(1);
  SIMLITE_PARSE_TRY(PushEmpty());
  Name pending_name;  // CONSTRAINT name names the constraint after it
  for (;; frame.Reduce(2)) {
    if (Accept(Tok::kConstraint)) {
      SIMLITE_PARSE_TRY(ParseNm(&pending_name));
      continue;
    }
    if (!StartsColumnConstraint(PeekKind())) break;
    ColumnConstraint constraint;
    constraint.name = pending_name;
    pending_name = Name();
    uint32_t constraint_begin = Peek().offset;
    SIMLITE_PARSE_TRY(ParseColumnConstraint(column, &constraint));
    CheckColumnConstraint(*column, constraint);
    if (constraint.kind != ColumnConstraintKind::kDefault) {
      constraint.span = SpanFrom(constraint_begin);
    }
    column->constraints.PushBack(arena_, constraint);
  }
  column->span = SpanFrom(begin);
  return !failed_;
}

// One column constraint, at a token for which StartsColumnConstraint() holds.
bool Parser::ParseColumnConstraint(ColumnDef* column, ColumnConstraint* constraint) {
  switch (PeekKind()) {
    case Tok::kDefault:
      return ParseDefaultValue(constraint);
    case Tok::kNull:
      constraint->kind = ColumnConstraintKind::kNull;
      return Consume() && ParseConflictClause(&constraint->conflict);
    case Tok::kNot:
      if (PeekSecondKind() == Tok::kDeferrable) break;
      constraint->kind = ColumnConstraintKind::kNotNull;
      return Consume() && Expect(Tok::kNull) && ParseConflictClause(&constraint->conflict);
    case Tok::kPrimary:
      constraint->kind = ColumnConstraintKind::kPrimaryKey;
      SIMLITE_PARSE_TRY(Consume() && Expect(Tok::kKey));
      if (Accept(Tok::kAsc)) {
        constraint->order = SortOrder::kAsc;
      } else if (Accept(Tok::kDesc)) {
        constraint->order = SortOrder::kDesc;
      }
      SIMLITE_PARSE_TRY(ParseConflictClause(&constraint->conflict));
      constraint->autoincrement = Accept(Tok::kAutoincrement);
      return !failed_;
    case Tok::kUnique:
      constraint->kind = ColumnConstraintKind::kUnique;
      return Consume() && ParseConflictClause(&constraint->conflict);
    case Tok::kCheck:
      constraint->kind = ColumnConstraintKind::kCheck;
      SIMLITE_PARSE_TRY(Consume() && Expect(Tok::kLp));
      constraint->expr = ParseExpr();
      return constraint->expr != nullptr && Expect(Tok::kRp);
    case Tok::kReferences:
      constraint->kind = ColumnConstraintKind::kReferences;
      return ParseForeignKeyClause(&constraint->foreign_key);
    case Tok::kCollate:
      constraint->kind = ColumnConstraintKind::kCollate;
      return Consume() && ParseIds(&constraint->collation);
    case Tok::kGenerated:
    case Tok::kAs:
      return ParseGenerated(column, constraint);
    default:
      break;
  }
  constraint->kind = ColumnConstraintKind::kDeferral;
  return ParseDeferral(&constraint->deferral);
}

// DEFAULT literal | DEFAULT (expr) | DEFAULT +literal | DEFAULT -literal | DEFAULT name
bool Parser::ParseDefaultValue(ColumnConstraint* constraint) {
  constraint->kind = ColumnConstraintKind::kDefault;
  SIMLITE_PARSE_TRY(Consume());
  uint32_t begin = Peek().offset;
  if (Accept(Tok::kLp)) {
    constraint->expr = ParseExpr();
    SIMLITE_PARSE_TRY(constraint->expr && Expect(Tok::kRp));
    constraint->span = SpanFrom(begin);
    return true;
  }
  UnaryExpr* sign = nullptr;
  if (At(Tok::kPlus) || At(Tok::kMinus)) {
    sign = NewNode<UnaryExpr>(begin);
    sign->op = At(Tok::kPlus) ? UnaryOp::kPlus : UnaryOp::kNegate;
    SIMLITE_PARSE_TRY(Consume());
  }
  Expr* value = nullptr;
  switch (PeekKind()) {
    case Tok::kNull:
      value = ParseLiteral(LiteralKind::kNull);
      break;
    case Tok::kFloat:
      value = ParseLiteral(LiteralKind::kFloat);
      break;
    case Tok::kBlob:
      value = ParseLiteral(LiteralKind::kBlob);
      break;
    case Tok::kString:
      value = ParseLiteral(LiteralKind::kString);
      break;
    case Tok::kInteger:
      value = ParseLiteral(LiteralKind::kInteger);
      break;
    case Tok::kCurrentTime:
      value = ParseLiteral(LiteralKind::kCurrentTime);
      break;
    case Tok::kCurrentDate:
      value = ParseLiteral(LiteralKind::kCurrentDate);
      break;
    case Tok::kCurrentTimestamp:
      value = ParseLiteral(LiteralKind::kCurrentTimestamp);
      break;
    default: {
      if (sign != nullptr || !IsIdToken(PeekKind())) return SyntaxError();
      // DEFAULT name: SQLite takes the name as a string.
      LiteralExpr* literal = NewNode<LiteralExpr>(begin);
      Token token;
      SIMLITE_PARSE_TRY(Consume(&token));
      literal->literal = LiteralKind::kString;
      literal->text = MakeName(token).text;
      value = Finish(literal);
    }
  }
  SIMLITE_PARSE_TRY(value);
  if (sign != nullptr) {
    sign->operand = value;
    value = Finish(sign);
  }
  constraint->expr = value;
  constraint->span = SpanFrom(begin);
  return true;
}

// [GENERATED ALWAYS] AS (expr) [type], the type STORED or VIRTUAL. Any identifier or
// fallback keyword after the ")" is taken as the type (GENERATED too, as in SQLite).
bool Parser::ParseGenerated(const ColumnDef* column, ColumnConstraint* constraint) {
  constraint->kind = ColumnConstraintKind::kGenerated;
  if (Accept(Tok::kGenerated)) SIMLITE_PARSE_TRY(Expect(Tok::kAlways));
  SIMLITE_PARSE_TRY(Expect(Tok::kAs) && Expect(Tok::kLp));
  constraint->expr = ParseExpr();
  SIMLITE_PARSE_TRY(constraint->expr && Expect(Tok::kRp));
  Tok kind = PeekKind();
  if (kind != Tok::kId && ClassOf(kind) != KeywordClass::kFallback) return true;
  Token type;
  SIMLITE_PARSE_TRY(Consume(&type));
  std::string_view word = TextOf(type);
  if (EqualsIgnoreCase(word, "stored")) {
    constraint->stored = true;
  } else if (!EqualsIgnoreCase(word, "virtual")) {
    ActionError("error in generated column \"" + std::string(column->name.text) + "\"");
  }
  return true;
}

// The checks SQLite makes on a column while parsing its definition, for a constraint just
// parsed (`added`) against the column's earlier ones. They need no schema; the checks that
// look beyond one column belong to codegen.
void Parser::CheckColumnConstraint(const ColumnDef& column, const ColumnConstraint& added) {
  if (has_pending_error_) return;  // the constraint's own error comes first
  bool has_value = false;          // DEFAULT or generated: both set the column's value
  bool generated = false;
  bool primary = false;
  for (const ColumnConstraint& earlier : column.constraints) {
    has_value = has_value || earlier.kind == ColumnConstraintKind::kDefault ||
                earlier.kind == ColumnConstraintKind::kGenerated;
    generated = generated || earlier.kind == ColumnConstraintKind::kGenerated;
    primary = primary || earlier.kind == ColumnConstraintKind::kPrimaryKey;
  }
  if (added.kind == ColumnConstraintKind::kGenerated && has_value) {
    ActionError("error in generated column \"" + std::string(column.name.text) + "\"");
  } else if (added.kind == ColumnConstraintKind::kDefault && generated) {
    ActionError("cannot use DEFAULT on a generated column");
  } else if ((added.kind == ColumnConstraintKind::kGenerated && primary) ||
             (added.kind == ColumnConstraintKind::kPrimaryKey && generated)) {
    ActionError("generated columns cannot be part of the PRIMARY KEY");
  }
}

// PRIMARY KEY (...) | UNIQUE (...) | CHECK (...) | FOREIGN KEY (...) ...
bool Parser::ParseTableConstraint(TableConstraint* constraint) {
  uint32_t begin = Peek().offset;
  switch (PeekKind()) {
    case Tok::kPrimary:
    case Tok::kUnique: {
      bool primary = At(Tok::kPrimary);
      constraint->kind = primary ? TableConstraintKind::kPrimaryKey : TableConstraintKind::kUnique;
      SIMLITE_PARSE_TRY(Consume());
      if (primary) SIMLITE_PARSE_TRY(Expect(Tok::kKey));
      SIMLITE_PARSE_TRY(Expect(Tok::kLp) && ParseOrderingTerms(&constraint->columns));
      if (primary) constraint->autoincrement = Accept(Tok::kAutoincrement);
      SIMLITE_PARSE_TRY(Expect(Tok::kRp) && ParseConflictClause(&constraint->conflict));
      break;
    }
    case Tok::kCheck:
      constraint->kind = TableConstraintKind::kCheck;
      SIMLITE_PARSE_TRY(Consume() && Expect(Tok::kLp));
      constraint->check = ParseExpr();
      SIMLITE_PARSE_TRY(constraint->check && Expect(Tok::kRp));
      SIMLITE_PARSE_TRY(ParseConflictClause(&constraint->conflict));
      break;
    case Tok::kForeign:
      constraint->kind = TableConstraintKind::kForeignKey;
      SIMLITE_PARSE_TRY(Consume() && Expect(Tok::kKey) && Expect(Tok::kLp));
      SIMLITE_PARSE_TRY(ParseColumnNameList(&constraint->fk_columns));
      SIMLITE_PARSE_TRY(ParseForeignKeyClause(&constraint->foreign_key));
      if (At(Tok::kDeferrable) || At(Tok::kNot)) {
        SIMLITE_PARSE_TRY(ParseDeferral(&constraint->foreign_key->deferral));
      }
      break;
    default:
      return SyntaxError();
  }
  constraint->span = SpanFrom(begin);
  return true;
}

// REFERENCES table [(columns)] [ON DELETE|UPDATE|INSERT action | MATCH name]...
bool Parser::ParseForeignKeyClause(ForeignKey** out) {
  ForeignKey* fk = arena_->New<ForeignKey>();
  *out = fk;
  SIMLITE_PARSE_TRY(Expect(Tok::kReferences) && ParseNm(&fk->table));
  if (Accept(Tok::kLp)) SIMLITE_PARSE_TRY(ParseColumnNameList(&fk->columns));
  while (true) {
    if (Accept(Tok::kMatch)) {
      Name name;
      SIMLITE_PARSE_TRY(ParseNm(&name));
      fk->match.PushBack(arena_, name);
      continue;
    }
    if (!Accept(Tok::kOn)) return !failed_;
    FkAction ignored = FkAction::kDefault;  // ON INSERT is accepted and ignored
    FkAction* action = &ignored;
    if (Accept(Tok::kDelete)) {
      action = &fk->on_delete;
    } else if (Accept(Tok::kUpdate)) {
      action = &fk->on_update;
    } else {
      SIMLITE_PARSE_TRY(Expect(Tok::kInsert));
    }
    SIMLITE_PARSE_TRY(ParseFkAction(action));
  }
}

// SET NULL | SET DEFAULT | CASCADE | RESTRICT | NO ACTION
bool Parser::ParseFkAction(FkAction* action) {
  if (Accept(Tok::kSet)) {
    if (Accept(Tok::kNull)) {
      *action = FkAction::kSetNull;
      return true;
    }
    *action = FkAction::kSetDefault;
    return Expect(Tok::kDefault);
  }
  if (Accept(Tok::kCascade)) {
    *action = FkAction::kCascade;
  } else if (Accept(Tok::kRestrict)) {
    *action = FkAction::kRestrict;
  } else {
    SIMLITE_PARSE_TRY(Expect(Tok::kNo) && Expect(Tok::kAction));
    *action = FkAction::kNoAction;
  }
  return true;
}

// [NOT] DEFERRABLE [INITIALLY DEFERRED | INITIALLY IMMEDIATE]
bool Parser::ParseDeferral(FkDeferral* deferral) {
  bool negated = Accept(Tok::kNot);
  SIMLITE_PARSE_TRY(Expect(Tok::kDeferrable));
  *deferral = negated ? FkDeferral::kNotDeferrable : FkDeferral::kDeferrable;
  if (!Accept(Tok::kInitially)) return !failed_;
  if (Accept(Tok::kDeferred)) {
    *deferral = negated ? FkDeferral::kNotDeferrableInitiallyDeferred
                        : FkDeferral::kDeferrableInitiallyDeferred;
    return true;
  }
  SIMLITE_PARSE_TRY(Expect(Tok::kImmediate));
  *deferral = negated ? FkDeferral::kNotDeferrableInitiallyImmediate
                      : FkDeferral::kDeferrableInitiallyImmediate;
  return true;
}

// [option] [, option]... with option WITHOUT ROWID or STRICT. As in SQLite's grammar the
// first option may be empty: "CREATE TABLE t(a), STRICT" is accepted.
bool Parser::ParseTableOptions(CreateTableStmt* table) {
  if (!At(Tok::kWithout) && !At(Tok::kComma) && !IsNmToken(PeekKind())) return !failed_;
  bool option_due = !At(Tok::kComma);
  do {
    if (option_due) SIMLITE_PARSE_TRY(ParseTableOption(table));
    option_due = true;
  } while (Accept(Tok::kComma));
  return !failed_;
}

bool Parser::ParseTableOption(CreateTableStmt* table) {
  bool without = Accept(Tok::kWithout);
  if (!IsNmToken(PeekKind())) return SyntaxError();
  Token option;
  SIMLITE_PARSE_TRY(Consume(&option));
  if (without && EqualsIgnoreCase(TextOf(option), "rowid")) {
    table->without_rowid = true;
  } else if (!without && EqualsIgnoreCase(TextOf(option), "strict")) {
    table->strict = true;
  } else {
    ActionError("unknown table option: " + std::string(TextOf(option)));
  }
  return true;
}

// ALTER TABLE [schema.]table RENAME TO name | RENAME [COLUMN] a TO b | ADD [COLUMN] def |
// DROP [COLUMN] name
Stmt* Parser::ParseAlterTable(uint32_t begin) {
  AlterTableStmt* alter = NewNode<AlterTableStmt>(begin);
  SIMLITE_PARSE_TRY(Consume() && Expect(Tok::kTable));
  SIMLITE_PARSE_TRY(ParseQualifiedName(&alter->table));
  if (Accept(Tok::kRename)) {
    if (Accept(Tok::kTo)) {
      alter->action = AlterAction::kRenameTable;
      SIMLITE_PARSE_TRY(ParseNm(&alter->new_name));
      return alter;
    }
    alter->action = AlterAction::kRenameColumn;
    Accept(Tok::kColumn);
    SIMLITE_PARSE_TRY(ParseNm(&alter->column) && Expect(Tok::kTo));
    SIMLITE_PARSE_TRY(ParseNm(&alter->new_name));
    return alter;
  }
  if (Accept(Tok::kAdd)) {
    alter->action = AlterAction::kAddColumn;
    Accept(Tok::kColumn);
    lr_depth_ = command_base_ + 5;  // ALTER TABLE name ADD [COLUMN]
    alter->new_column = arena_->New<ColumnDef>();
    SIMLITE_PARSE_TRY(ParseColumnDef(alter->new_column));
    return alter;
  }
  SIMLITE_PARSE_TRY(Expect(Tok::kDrop));
  alter->action = AlterAction::kDropColumn;
  Accept(Tok::kColumn);
  SIMLITE_PARSE_TRY(ParseNm(&alter->column));
  return alter;
}

// CREATE VIRTUAL TABLE [IF NOT EXISTS] [schema.]name USING module [(args)]
Stmt* Parser::ParseCreateVirtualTable(uint32_t begin) {
  CreateVirtualTableStmt* table = NewNode<CreateVirtualTableStmt>(begin);
  SIMLITE_PARSE_TRY(Expect(Tok::kVirtual) && Expect(Tok::kTable));
  SIMLITE_PARSE_TRY(ParseIfNotExists(&table->if_not_exists));
  SIMLITE_PARSE_TRY(ParseQualifiedName(&table->name));
  SIMLITE_PARSE_TRY(Expect(Tok::kUsing) && ParseNm(&table->module));
  if (!Accept(Tok::kLp)) return table;
  table->has_args = true;
  SIMLITE_PARSE_TRY(ParseModuleArgs(table));
  return table;
}

// Module arguments: any tokens (';' included) with balanced parentheses, separated by
// top-level commas.
bool Parser::ParseModuleArgs(CreateVirtualTableStmt* table) {
  const int base = lr_depth_ + 1;
  int depth = 0;
  uint32_t arg_begin = 0;
  uint32_t arg_end = 0;
  bool in_arg = false;
  while (true) {
    Tok kind = PeekKind();
    if (kind == Tok::kEof && has_pending_error_) return Consume();  // see ExpectSemicolon
    if (kind == Tok::kEof || kind == Tok::kIllegal || failed_) return SyntaxError();
    if (depth == 0 && (kind == Tok::kComma || kind == Tok::kRp)) {
      table->args.PushBack(
          arena_, in_arg ? sql_.substr(arg_begin, arg_end - arg_begin) : std::string_view());
      in_arg = false;
      SIMLITE_PARSE_TRY(Consume());
      if (kind == Tok::kRp) return true;
      continue;
    }
    if (kind == Tok::kLp) ++depth;
    if (kind == Tok::kRp) --depth;
    Token token;
    lr_depth_ = base + 2 * depth;  // the argument list so far, and open parentheses
    SIMLITE_PARSE_TRY(Consume(&token));
    if (!in_arg) arg_begin = token.offset;
    in_arg = true;
    arg_end = token.offset + token.length;
  }
}

}  // namespace simlite::parser
