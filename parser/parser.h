// The SQL parser's public interface: SQL text in, typed AST (parser/ast.h) out, or an error
// message worded exactly as SQLite 3.40.1 words it:
//   near "X": syntax error      X is the text of the first token that cannot continue the
//                               statement
//   incomplete input            the text ends in the middle of a statement
//   unrecognized token: "X"     X is text that forms no token
// plus the few errors SQLite reports while parsing (e.g. "unknown table option: x",
// "ORDER BY clause should come after UNION not before", "parser stack overflow").
//
// Text requirements: `sql.data()[sql.size()]` must be readable and '\0' (a std::string or a
// C string gives that); parsing also stops at an embedded '\0', like sqlite3_prepare. The
// AST refers to the text, so the text must outlive the result.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result_code.h"
#include "parser/arena.h"
#include "parser/ast.h"

namespace simlite::parser {

struct ParseOptions {
  // Largest ?NNN and largest number of parameters (SQLITE_LIMIT_VARIABLE_NUMBER).
  int32_t max_variable_number = 250000;
  // Most terms in a compound SELECT (SQLITE_LIMIT_COMPOUND_SELECT).
  int32_t max_compound_select = 500;
};

struct ParseError {
  std::string message;
  uint32_t offset = 0;  // where the offending token starts
};

// A parameter with a name: :name, @name, $name, #name, or ?NNN (named "?NNN" as written).
struct NamedVariable {
  int32_t index = 0;
  std::string_view name;
};

// One statement of the text.
struct ParsedStatement {
  Stmt* stmt = nullptr;
  SourceSpan span;             // from its first token (EXPLAIN included) to its last, without ';'
  uint32_t tail = 0;           // just past its terminating ';', or the end of the text
  int32_t variable_count = 0;  // the largest parameter number (sqlite3_bind_parameter_count)
  ArenaList<NamedVariable> named_variables;  // in order of first appearance
};

// The statements of a text and the arena their nodes live in.
class ParseResult {
 public:
  ParseResult() = default;
  ParseResult(ParseResult&&) = default;
  ParseResult& operator=(ParseResult&&) = default;

  std::string_view sql() const { return sql_; }
  const std::vector<ParsedStatement>& statements() const { return statements_; }
  // The source text of a span.
  std::string_view Text(SourceSpan span) const {
    return sql_.substr(span.begin, span.end - span.begin);
  }
  Arena& arena() { return arena_; }

 private:
  friend Rc ParseOne(std::string_view, uint32_t, const ParseOptions&, ParseResult*, ParseError*);
  friend Rc ParseScript(std::string_view, const ParseOptions&, ParseResult*, ParseError*);

  std::string_view sql_;
  Arena arena_;
  std::vector<ParsedStatement> statements_;
};

// Parses the first statement of sql[offset..] (for sqlite3_prepare). On kOk, `result` holds
// exactly one ParsedStatement, whose stmt is null when only spaces, comments and ';' remain
// (its tail is then the end of the text). On kError, `error` holds the message and `result`
// holds no statement.
Rc ParseOne(std::string_view sql, uint32_t offset, const ParseOptions& options, ParseResult* result,
            ParseError* error);

// Parses every statement of the text (for scripts and the shell). On kError, `result` holds
// the statements before the one that failed and `error` the message.
Rc ParseScript(std::string_view sql, const ParseOptions& options, ParseResult* result,
               ParseError* error);

// Like sqlite3_complete(): true when the text ends with a complete statement, i.e. its last
// token other than spaces and comments is a ';' that ends a statement (the ';' inside a
// CREATE TRIGGER body do not). Does not check the syntax otherwise.
bool IsComplete(std::string_view sql);

}  // namespace simlite::parser
