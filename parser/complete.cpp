// IsComplete: sqlite3_complete() semantics (c3ref/complete.html). A small state machine over
// tokens: a ';' ends a statement, except inside the body of a CREATE TRIGGER, which ends
// only with "; END ;". The statement's syntax is not checked.
#include <string_view>

#include "parser/keyword.h"
#include "parser/lexer.h"
#include "parser/parser.h"

namespace simlite::parser {
namespace {

enum class State : uint8_t {
  kComplete,  // just after a statement-ending ';'
  kStart,     // at the start of the text, nothing but spaces so far
  kNormal,    // inside an ordinary statement
  kExplain,   // after a leading EXPLAIN and any ordinary words (EXPLAIN QUERY PLAN)
  kCreate,    // after a leading [EXPLAIN] CREATE [TEMP]
  kTrigger,   // inside CREATE TRIGGER
  kSemi,      // after a ';' inside a trigger
  kEnd,       // after "; END" inside a trigger
};

enum class Word : uint8_t { kSemi, kExplain, kCreate, kTemp, kTrigger, kEnd, kOther };

Word Classify(Tok kind) {
  switch (kind) {
    case Tok::kSemi:
      return Word::kSemi;
    case Tok::kExplain:
      return Word::kExplain;
    case Tok::kCreate:
      return Word::kCreate;
    case Tok::kTemp:
    case Tok::kTemporary:
      return Word::kTemp;
    case Tok::kTrigger:
      return Word::kTrigger;
    case Tok::kEnd:
      return Word::kEnd;
    default:
      return Word::kOther;
  }
}

State Next(State state, Word word) {
  if (state == State::kTrigger || state == State::kSemi || state == State::kEnd) {
    if (word == Word::kSemi) return state == State::kEnd ? State::kComplete : State::kSemi;
    if (word == Word::kEnd && state == State::kSemi) return State::kEnd;
    return State::kTrigger;
  }
  if (word == Word::kSemi) return State::kComplete;
  bool at_start = state == State::kComplete || state == State::kStart;
  if (word == Word::kExplain && at_start) return State::kExplain;
  if (word == Word::kCreate && (at_start || state == State::kExplain)) return State::kCreate;
  if (state == State::kExplain && word == Word::kOther) return State::kExplain;
  if (state == State::kCreate && word == Word::kTemp) return State::kCreate;
  if (state == State::kCreate && word == Word::kTrigger) return State::kTrigger;
  return State::kNormal;
}

// True when a token can never be completed by more text: an unterminated string, quoted
// name or block comment.
bool IsUnterminated(const Token& token, std::string_view text) {
  char first = text[0];
  if (token.kind == Tok::kIllegal) {
    return first == '\'' || first == '"' || first == '`' || first == '[';
  }
  if (token.kind == Tok::kSpace && text.size() >= 2 && first == '/' && text[1] == '*') {
    return text.size() < 4 || text.substr(text.size() - 2) != "*/";
  }
  return false;
}

}  // namespace

bool IsComplete(std::string_view sql) {
  // ScanToken needs a terminating NUL; the caller's text has one (parser.h).
  State state = State::kStart;
  uint32_t offset = 0;
  while (true) {
    Token token = ScanToken(sql.data(), offset);
    if (token.kind == Tok::kEof || token.offset >= sql.size()) break;
    std::string_view text = sql.substr(token.offset, token.length);
    if (IsUnterminated(token, text)) return false;
    if (token.kind != Tok::kSpace) state = Next(state, Classify(token.kind));
    offset = token.offset + token.length;
  }
  return state == State::kComplete;
}

}  // namespace simlite::parser
