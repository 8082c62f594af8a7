// The SqlPrinter behind sql_printer.h: appends SQL text for AST nodes to one string.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "parser/ast.h"

namespace simlite::parser {

class SqlPrinter {
 public:
  std::string Take() { return std::move(out_); }

  // print_expr.cpp
  void Print(const Expr* expr);
  void PrintSelect(const Select* select);

  // print_stmt.cpp
  void PrintStmt(const Stmt* stmt);

 private:
  void Put(std::string_view text) { out_ += text; }
  void PutName(const Name& name);
  void PutQualified(const QualifiedName& name);
  void PutQuoted(std::string_view text, char open);
  void PutExprList(const ArenaList<Expr*>& list);
  void PutNameList(const ArenaList<Name>& names);

  void PrintSpecial(const Expr* expr);
  void PrintLike(const LikeExpr* like);
  void PrintLiteral(const LiteralExpr* literal);
  void PrintUnary(const UnaryExpr* unary);
  void PrintBinary(const BinaryExpr* binary);
  void PrintIn(const InExpr* in);
  void PrintCase(const CaseExpr* expr);
  void PrintFunction(const FunctionExpr* call);
  void PrintWindowSpec(const WindowSpec* spec);
  void PrintFrameBound(const FrameBound& bound);
  void PrintOrderingTerms(const ArenaList<OrderingTerm>& terms);
  void PrintTermList(const ArenaList<OrderingTerm>& terms);
  void PrintWith(const WithClause* with);
  void PrintCore(const SelectCore* core);
  void PrintResultColumns(const ArenaList<ResultColumn>& columns);
  void PrintFrom(const FromClause& from);
  void PrintTableRef(const TableRef* ref);
  void PrintOrderLimit(const OrderLimit& order_limit);

  void PrintInsert(const InsertStmt* insert);
  void PrintUpsert(const Upsert* upsert);
  void PrintSets(const ArenaList<SetClause>& sets);
  void PrintReturning(const Returning& returning);
  void PrintUpdate(const UpdateStmt* update);
  void PrintDelete(const DeleteStmt* del);
  void PrintQualifiedTable(const QualifiedTable& table);
  void PrintCreateTable(const CreateTableStmt* table);
  void PrintColumnDef(const ColumnDef& column);
  void PrintColumnConstraint(const ColumnConstraint& constraint);
  void PrintTableConstraint(const TableConstraint& constraint);
  void PrintForeignKey(const ForeignKey* fk);
  void PrintConflict(ConflictAction action);
  void PrintDeferral(FkDeferral deferral);
  void PrintCreateVirtualTable(const CreateVirtualTableStmt* table);
  void PrintCreateIndex(const CreateIndexStmt* index);
  void PrintCreateView(const CreateViewStmt* view);
  void PrintCreateTrigger(const CreateTriggerStmt* trigger);
  void PrintDrop(const DropStmt* drop);
  void PrintTransaction(const Stmt* stmt);
  void PrintPragma(const PragmaStmt* pragma);
  void PrintUtility(const Stmt* stmt);
  void PrintAlterTable(const AlterTableStmt* alter);

  std::string out_;
};

}  // namespace simlite::parser
