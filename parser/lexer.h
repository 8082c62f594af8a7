// The tokenizer: turns SQL text into tokens (lang_keywords.html, lang_expr.html "Literal
// Values", "Parameters"), one tight loop over a character-class table with no allocation.
// Invariant: the text is NUL-terminated and has no NUL before its end, so the scanners may
// read one byte past any non-NUL byte without a bounds check.
#pragma once

#include <cstdint>
#include <string_view>

#include "parser/token.h"

namespace simlite::parser {

// Scans the raw token that starts at text[offset]: whitespace and comments come back as
// kSpace, end of text as kEof (length 0), bytes that form no token as kIllegal. Keywords
// come back as their own kind, including WINDOW, OVER and FILTER (see Lexer).
Token ScanToken(const char* text, uint32_t offset);

// True for the bytes SQLite allows inside an identifier: letters, digits, '_', '$' and every
// byte >= 0x80.
bool IsIdChar(unsigned char c);

// A token stream with two tokens of lookahead over one statement's text. It skips spaces and
// comments and resolves the contextual keywords the way SQLite 3.40 does:
//   WINDOW is a keyword only when followed by a name and AS;
//   OVER   only right after ')' and before '(' or a name;
//   FILTER only right after ')' and before '('.
// Elsewhere they are plain identifiers (Tok::kId).
class Lexer {
 public:
  Lexer(const char* text, uint32_t offset);

  // The current token (not consumed).
  const Token& Peek() const { return tokens_[head_]; }
  // The token after the current one.
  const Token& PeekSecond() {
    if (buffered_ < 2) FillSecond();
    return tokens_[head_ ^ 1];
  }
  // Consumes and returns the current token. At kEof it stays at kEof.
  Token Advance() {
    Token current = tokens_[head_];
    if (current.kind == Tok::kEof) return current;
    if (buffered_ < 2) FillSecond();
    head_ ^= 1;
    buffered_ = 1;
    previous_ = current.kind;
    return current;
  }
  // Kind of the most recently consumed token (kSemi before the first).
  Tok Previous() const { return previous_; }
  // The text the tokens refer to.
  const char* text() const { return text_; }

 private:
  static constexpr int kLookahead = 2;

  void FillSecond();
  Token ScanResolved(uint32_t offset, Tok previous) const;
  Tok ResolveContextual(Tok kind, uint32_t end, Tok previous) const;
  Token ScanSignificant(uint32_t offset) const;

  const char* text_;
  Token tokens_[kLookahead];
  int head_ = 0;
  int buffered_ = 0;  // tokens buffered from head_, 1 or 2
  Tok previous_ = Tok::kSemi;
};

}  // namespace simlite::parser
