// What the C API says about a statement's text: sqlite3_expanded_sql (the text with each
// parameter replaced by the literal of its binding) and sqlite3_stmt_isexplain. Both read the
// text with the parser's tokenizer, so that parameters inside strings and comments are left
// alone, as in SQLite.
#include <string>

#include "api/database.h"
#include "api/memory.h"
#include "api/statement.h"
#include "parser/lexer.h"

using simlite::parser::ScanToken;
using simlite::parser::Tok;
using simlite::parser::Token;
using simlite::vdbe::Mem;
using simlite::vdbe::ValueType;

namespace simlite::api {
namespace {

// Appends the SQL literal of a bound value, as SQLite's expanded SQL writes it.
void AppendLiteral(const Mem& value, sqlite3_str* out) {
  switch (value.type()) {
    case ValueType::kNull:
      sqlite3_str_appendall(out, "NULL");
      break;
    case ValueType::kInteger:
      sqlite3_str_appendf(out, "%lld", static_cast<long long>(value.i()));
      break;
    case ValueType::kReal:
      sqlite3_str_appendf(out, "%!.15g", value.r());
      break;
    case ValueType::kText:
      sqlite3_str_appendf(out, "'%.*q'", static_cast<int>(value.size()),
                          std::string(value.chars()).c_str());
      break;
    case ValueType::kBlob:
      sqlite3_str_appendall(out, "x'");
      for (uint32_t byte_idx = 0; byte_idx < value.size(); byte_idx++) {
        sqlite3_str_appendf(out, "%02x", value.bytes()[byte_idx]);
      }
      sqlite3_str_appendall(out, "'");
      break;
  }
}

// The parameter number of a variable token: "?NNN" its number, a name its index, a bare "?"
// the number after the largest seen so far.
int ParameterNumber(const sqlite3_stmt* stmt, std::string_view token, int* largest) {
  int number = 0;
  if (token == "?") {
    number = *largest + 1;
  } else if (token[0] == '?') {
    number = std::atoi(std::string(token.substr(1)).c_str());
  } else {
    number = stmt->statement->ParameterIndex(token);
  }
  if (number > *largest) *largest = number;
  return number;
}

char* ExpandedSql(sqlite3_stmt* stmt) {
  const std::string& sql = stmt->sql;
  sqlite3_str* out = sqlite3_str_new(stmt->db);
  int largest = 0;
  uint32_t offset = 0;
  while (offset < sql.size()) {
    Token token = ScanToken(sql.c_str(), offset);
    if (token.kind == Tok::kEof) break;
    std::string_view text(sql.data() + token.offset, token.length);
    int number = token.kind == Tok::kVariable ? ParameterNumber(stmt, text, &largest) : 0;
    if (number > 0 && number < static_cast<int>(stmt->bindings.size())) {
      AppendLiteral(stmt->bindings[static_cast<size_t>(number)], out);
    } else {
      sqlite3_str_append(out, text.data(), static_cast<int>(text.size()));
    }
    offset = token.offset + token.length;
  }
  if (offset < sql.size()) {
    sqlite3_str_append(out, sql.data() + offset, static_cast<int>(sql.size() - offset));
  }
  // Longer than the connection's length limit: null, as SQLite.
  if (sqlite3_str_length(out) > stmt->db->limits[SQLITE_LIMIT_LENGTH]) {
    sqlite3_free(sqlite3_str_finish(out));
    return nullptr;
  }
  char* expanded = sqlite3_str_finish(out);
  return expanded != nullptr ? expanded : CopyString("");
}

// The first significant token at or after offset.
Token NextToken(const std::string& sql, uint32_t offset) {
  for (;;) {
    Token token = ScanToken(sql.c_str(), offset);
    if (token.kind != Tok::kSpace) return token;
    offset = token.offset + token.length;
  }
}

}  // namespace
}  // namespace simlite::api

extern "C" {

char* sqlite3_expanded_sql(sqlite3_stmt* stmt) {
  return stmt == nullptr ? nullptr : simlite::api::ExpandedSql(stmt);
}

// 1 for EXPLAIN, 2 for EXPLAIN QUERY PLAN, 0 otherwise.
int sqlite3_stmt_isexplain(sqlite3_stmt* stmt) {
  if (stmt == nullptr) return 0;
  const std::string& sql = stmt->sql;
  Token first = simlite::api::NextToken(sql, 0);
  if (first.kind != Tok::kExplain) return 0;
  Token second = simlite::api::NextToken(sql, first.offset + first.length);
  if (second.kind != Tok::kQuery) return 1;
  Token third = simlite::api::NextToken(sql, second.offset + second.length);
  return third.kind == Tok::kPlan ? 2 : 1;
}

}  // extern "C"
