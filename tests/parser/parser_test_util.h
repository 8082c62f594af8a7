// Helpers for the parser tests: run our parser and real SQLite (the oracle) on the same text.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "parser/parser.h"
#include "parser/sql_printer.h"

namespace simlite::parser::testing {

// What a parser said about a text: ok, or the error message.
struct Outcome {
  bool ok = false;
  std::string message;  // error message when !ok
  std::string printed;  // ToSql of every statement, "; "-separated, when ok

  bool operator==(const Outcome&) const = default;
};

// Parses every statement of `sql` with simlite's parser.
inline Outcome ParseWithSimlite(const std::string& sql) {
  ParseResult result;
  ParseError error;
  Outcome outcome;
  if (ParseScript(sql, ParseOptions(), &result, &error) != Rc::kOk) {
    outcome.message = error.message;
    return outcome;
  }
  outcome.ok = true;
  for (const ParsedStatement& statement : result.statements()) {
    if (!outcome.printed.empty()) outcome.printed += "; ";
    outcome.printed += ToSql(*statement.stmt);
  }
  return outcome;
}

// Parses the first statement; returns its printed form or "error: message".
inline std::string Print(const std::string& sql) {
  ParseResult result;
  ParseError error;
  if (ParseOne(sql, 0, ParseOptions(), &result, &error) != Rc::kOk) {
    return "error: " + error.message;
  }
  const ParsedStatement& statement = result.statements()[0];
  return statement.stmt == nullptr ? "<empty>" : ToSql(*statement.stmt);
}

// Messages that SQLite's parser itself produces (as opposed to name resolution or code
// generation): these are the ones simlite's parser must reproduce word for word.
inline bool IsParserMessage(std::string_view message) {
  static constexpr std::string_view kPrefixes[] = {
      "near \"",
      "incomplete input",
      "unrecognized token:",
      "parser stack overflow",
      "unknown table option:",
      "unknown join type:",
      "variable number must be between",
      "too many SQL variables",
      "syntax error after column name",
      "error in generated column",
      "cannot use DEFAULT on a generated column",
      "generated columns cannot be part of the PRIMARY KEY",
      "unsupported frame specification",
      "a JOIN clause is required before",
      "qualified table names are not allowed",
      "the INDEXED BY clause is not allowed",
      "the NOT INDEXED clause is not allowed",
      "cannot use RETURNING in a trigger",
      "too many terms in compound SELECT",
  };
  for (std::string_view prefix : kPrefixes) {
    if (message.substr(0, prefix.size()) == prefix) return true;
  }
  return message.find(" clause should come after ") != std::string_view::npos;
}

// Real SQLite on an in-memory database, used as the oracle for what parses and how errors
// are worded.
class Oracle {
 public:
  Oracle() { sqlite3_open(":memory:", &db_); }
  ~Oracle() { sqlite3_close(db_); }
  Oracle(const Oracle&) = delete;
  Oracle& operator=(const Oracle&) = delete;

  // Executes setup SQL (e.g. CREATE TABLE) and returns whether it succeeded.
  bool Exec(const std::string& sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }

  // Prepares every statement of `sql` in turn, like ParseWithSimlite; stops at the first
  // error. Nothing is executed. `printed` stays empty.
  Outcome Prepare(const std::string& sql) {
    Outcome outcome;
    const char* tail = sql.c_str();
    while (*tail != '\0') {
      sqlite3_stmt* stmt = nullptr;
      const char* next = nullptr;
      int rc = sqlite3_prepare_v2(db_, tail, -1, &stmt, &next);
      sqlite3_finalize(stmt);
      if (rc != SQLITE_OK) {
        outcome.message = sqlite3_errmsg(db_);
        return outcome;
      }
      if (next == tail) break;
      tail = next;
    }
    outcome.ok = true;
    return outcome;
  }

  sqlite3* db() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace simlite::parser::testing
