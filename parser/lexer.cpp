// Tokenizer. Token boundaries follow SQLite 3.40.1, measured against it (tests/parser):
// a number running into identifier characters is one illegal token ("123abc"), a hex
// integer stops at its last hex digit, an unterminated string, quoted identifier or blob runs
// to the end of the text as an illegal token, an unterminated /* comment runs to the end as
// a comment.
#include "parser/lexer.h"

#include <array>
#include <cassert>

#include "parser/keyword.h"

namespace simlite::parser {
namespace {

// Character classes: what token a byte can start.
enum class Cc : uint8_t {
  kIllegal,
  kSpace,
  kAlpha,  // letters other than x, '_', bytes >= 0x80
  kX,      // x or X: an identifier or a blob literal
  kDigit,
  kDot,
  kQuote,    // ' " `
  kBracket,  // [
  kVarNum,   // ?
  kVarName,  // $ @ : #
  kMinus,
  kLp,
  kRp,
  kSemi,
  kPlus,
  kStar,
  kSlash,
  kPercent,
  kEq,
  kLt,
  kGt,
  kBang,
  kPipe,
  kComma,
  kAmp,
  kTilde,
  kNul,
};

constexpr std::array<Cc, 256> MakeClasses() {
  std::array<Cc, 256> cls{};
  cls.fill(Cc::kIllegal);
  for (int c = 'a'; c <= 'z'; ++c) cls[c] = Cc::kAlpha;
  for (int c = 'A'; c <= 'Z'; ++c) cls[c] = Cc::kAlpha;
  for (int c = 0x80; c <= 0xff; ++c) cls[c] = Cc::kAlpha;
  for (int c = '0'; c <= '9'; ++c) cls[c] = Cc::kDigit;
  cls['_'] = Cc::kAlpha;
  cls['x'] = cls['X'] = Cc::kX;
  for (char c : {' ', '\t', '\n', '\f', '\r'}) cls[static_cast<unsigned char>(c)] = Cc::kSpace;
  cls['.'] = Cc::kDot;
  cls['\''] = cls['"'] = cls['`'] = Cc::kQuote;
  cls['['] = Cc::kBracket;
  cls['?'] = Cc::kVarNum;
  cls['$'] = cls['@'] = cls[':'] = cls['#'] = Cc::kVarName;
  cls['-'] = Cc::kMinus;
  cls['('] = Cc::kLp;
  cls[')'] = Cc::kRp;
  cls[';'] = Cc::kSemi;
  cls['+'] = Cc::kPlus;
  cls['*'] = Cc::kStar;
  cls['/'] = Cc::kSlash;
  cls['%'] = Cc::kPercent;
  cls['='] = Cc::kEq;
  cls['<'] = Cc::kLt;
  cls['>'] = Cc::kGt;
  cls['!'] = Cc::kBang;
  cls['|'] = Cc::kPipe;
  cls[','] = Cc::kComma;
  cls['&'] = Cc::kAmp;
  cls['~'] = Cc::kTilde;
  cls[0] = Cc::kNul;
  return cls;
}

constexpr std::array<Cc, 256> kClasses = MakeClasses();

constexpr std::array<bool, 256> MakeIdChars() {
  std::array<bool, 256> id{};
  for (int c = 0; c < 256; ++c) {
    id[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '$' || c >= 0x80;
  }
  return id;
}

constexpr std::array<bool, 256> kIdChars = MakeIdChars();

inline unsigned char At(const char* z, uint32_t i) {
  return static_cast<unsigned char>(z[i]);
}
inline bool IsDigit(unsigned char c) {
  return c >= '0' && c <= '9';
}
inline bool IsHexDigit(unsigned char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// A space run starts only at ' ', \t, \n, \f or \r (kClasses), but once started it also
// takes \v, as in SQLite: "SELECT \v1" is accepted while "SELECT\v1" is not.
inline bool IsSpace(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

// z points at a digit or at '.' followed by a digit.
uint32_t ScanNumber(const char* z, Tok* kind) {
  *kind = Tok::kInteger;
  if (z[0] == '0' && (z[1] == 'x' || z[1] == 'X') && IsHexDigit(At(z, 2))) {
    uint32_t i = 3;
    while (IsHexDigit(At(z, i))) ++i;
    return i;
  }
  uint32_t i = 0;
  while (IsDigit(At(z, i))) ++i;
  if (z[i] == '.') {
    *kind = Tok::kFloat;
    ++i;
    while (IsDigit(At(z, i))) ++i;
  }
  if ((z[i] == 'e' || z[i] == 'E') &&
      (IsDigit(At(z, i + 1)) || ((z[i + 1] == '+' || z[i + 1] == '-') && IsDigit(At(z, i + 2))))) {
    *kind = Tok::kFloat;
    i += 2;
    while (IsDigit(At(z, i))) ++i;
  }
  while (kIdChars[At(z, i)]) {
    *kind = Tok::kIllegal;
    ++i;
  }
  return i;
}

// z points at an opening ' " or `; a doubled delimiter stands for one.
uint32_t ScanQuoted(const char* z, Tok* kind) {
  char delim = z[0];
  for (uint32_t i = 1; z[i] != '\0'; ++i) {
    if (z[i] != delim) continue;
    if (z[i + 1] != delim) {
      *kind = delim == '\'' ? Tok::kString : Tok::kId;
      return i + 1;
    }
    ++i;
  }
  *kind = Tok::kIllegal;
  uint32_t i = 1;
  while (z[i] != '\0') ++i;
  return i;
}

// z points at x or X followed by a quote: a blob needs an even number of hex digits.
uint32_t ScanBlob(const char* z, Tok* kind) {
  *kind = Tok::kBlob;
  uint32_t i = 2;
  while (IsHexDigit(At(z, i))) ++i;
  if (z[i] != '\'' || i % 2 != 0) {
    *kind = Tok::kIllegal;
    while (z[i] != '\0' && z[i] != '\'') ++i;
  }
  if (z[i] != '\0') ++i;
  return i;
}

// z points at $ @ : or #: a name, with Tcl-style "::" separators and a "(...)" suffix.
uint32_t ScanNamedVariable(const char* z, Tok* kind) {
  *kind = Tok::kVariable;
  uint32_t name_bytes = 0;
  uint32_t i = 1;
  for (; z[i] != '\0'; ++i) {
    unsigned char c = At(z, i);
    if (kIdChars[c]) {
      ++name_bytes;
    } else if (c == '(' && name_bytes > 0) {
      do {
        ++i;
      } while (z[i] != '\0' && !IsSpace(At(z, i)) && z[i] != ')');
      if (z[i] == ')') {
        ++i;
      } else {
        *kind = Tok::kIllegal;
      }
      break;
    } else if (c == ':' && z[i + 1] == ':') {
      ++i;
    } else {
      break;
    }
  }
  if (name_bytes == 0) *kind = Tok::kIllegal;
  return i;
}

uint32_t ScanComment(const char* z) {
  uint32_t i = 2;
  if (z[0] == '-') {
    while (z[i] != '\0' && z[i] != '\n') ++i;
    return z[i] == '\n' ? i + 1 : i;
  }
  while (z[i] != '\0' && !(z[i] == '*' && z[i + 1] == '/')) ++i;
  return z[i] == '\0' ? i : i + 2;
}

inline uint32_t ScanIdentifier(const char* z, uint32_t i, Tok* kind) {
  while (kIdChars[At(z, i)]) ++i;
  *kind = LookupKeyword(std::string_view(z, i));
  return i;
}

// Operators of one or two bytes (and ->>); returns 0 when z does not start one.
uint32_t ScanOperator(const char* z, Cc cls, Tok* kind) {
  switch (cls) {
    case Cc::kMinus:
      if (z[1] == '>') {
        *kind = Tok::kPtr;
        return z[2] == '>' ? 3 : 2;
      }
      *kind = Tok::kMinus;
      return 1;
    case Cc::kEq:
      *kind = Tok::kEq;
      return z[1] == '=' ? 2 : 1;
    case Cc::kLt:
      if (z[1] == '=') return *kind = Tok::kLe, 2;
      if (z[1] == '>') return *kind = Tok::kNe, 2;
      if (z[1] == '<') return *kind = Tok::kLShift, 2;
      return *kind = Tok::kLt, 1;
    case Cc::kGt:
      if (z[1] == '=') return *kind = Tok::kGe, 2;
      if (z[1] == '>') return *kind = Tok::kRShift, 2;
      return *kind = Tok::kGt, 1;
    case Cc::kBang:
      *kind = z[1] == '=' ? Tok::kNe : Tok::kIllegal;
      return z[1] == '=' ? 2 : 1;
    case Cc::kPipe:
      *kind = z[1] == '|' ? Tok::kConcat : Tok::kBitOr;
      return z[1] == '|' ? 2 : 1;
    default:
      return 0;
  }
}

// The bytes that always form a one-byte token, and that token's kind (kCount: none).
constexpr std::array<Tok, 256> MakeSingleByteTokens() {
  std::array<Tok, 256> kinds{};
  kinds.fill(Tok::kCount);
  kinds['('] = Tok::kLp;
  kinds[')'] = Tok::kRp;
  kinds[';'] = Tok::kSemi;
  kinds['+'] = Tok::kPlus;
  kinds['*'] = Tok::kStar;
  kinds['%'] = Tok::kRem;
  kinds[','] = Tok::kComma;
  kinds['&'] = Tok::kBitAnd;
  kinds['~'] = Tok::kBitNot;
  return kinds;
}

constexpr std::array<Tok, 256> kSingleByteTokens = MakeSingleByteTokens();

// Everything but names, spaces and one-byte tokens: kept out of line so that the hot path
// of ScanLength stays small.
[[gnu::noinline]] uint32_t ScanOther(const char* z, Cc cls, Tok* kind) {
  switch (cls) {
    case Cc::kX:
      if (z[1] == '\'') return ScanBlob(z, kind);
      return ScanIdentifier(z, 1, kind);
    case Cc::kDigit:
      return ScanNumber(z, kind);
    case Cc::kDot:
      if (IsDigit(At(z, 1))) return ScanNumber(z, kind);
      *kind = Tok::kDot;
      return 1;
    case Cc::kQuote:
      return ScanQuoted(z, kind);
    case Cc::kBracket: {
      uint32_t i = 1;
      while (z[i] != '\0' && z[i] != ']') ++i;
      *kind = z[i] == ']' ? Tok::kId : Tok::kIllegal;
      return z[i] == ']' ? i + 1 : i;
    }
    case Cc::kVarNum: {
      uint32_t i = 1;
      while (IsDigit(At(z, i))) ++i;
      *kind = Tok::kVariable;
      return i;
    }
    case Cc::kVarName:
      return ScanNamedVariable(z, kind);
    case Cc::kNul:
      *kind = Tok::kEof;
      return 0;
    case Cc::kMinus:
      if (z[1] == '-') return *kind = Tok::kSpace, ScanComment(z);
      break;
    case Cc::kSlash:
      if (z[1] == '*') return *kind = Tok::kSpace, ScanComment(z);
      *kind = Tok::kSlash;
      return 1;
    default:
      break;
  }
  if (uint32_t n = ScanOperator(z, cls, kind); n != 0) return n;
  *kind = Tok::kIllegal;
  return 1;
}

inline uint32_t ScanLength(const char* z, Tok* kind) {
  unsigned char first = At(z, 0);
  Cc cls = kClasses[first];
  if (cls == Cc::kAlpha) return ScanIdentifier(z, 1, kind);
  if (cls == Cc::kSpace) {
    uint32_t i = 1;
    while (IsSpace(At(z, i))) ++i;
    *kind = Tok::kSpace;
    return i;
  }
  Tok single = kSingleByteTokens[first];
  if (single != Tok::kCount) {
    *kind = single;
    return 1;
  }
  return ScanOther(z, cls, kind);
}

// The names SQLite's lookahead for contextual keywords accepts as "an identifier".
bool IsNameForLookahead(Tok kind) {
  KeywordClass cls = ClassOf(kind);
  return kind == Tok::kId || kind == Tok::kString || cls == KeywordClass::kFallback ||
         cls == KeywordClass::kJoinWord || kind == Tok::kWindow || kind == Tok::kOver;
}

}  // namespace

bool IsIdChar(unsigned char c) {
  return kIdChars[c];
}

Token ScanToken(const char* text, uint32_t offset) {
  Token token;
  token.offset = offset;
  token.length = ScanLength(text + offset, &token.kind);
  return token;
}

Lexer::Lexer(const char* text, uint32_t offset) : text_(text) {
  tokens_[0] = ScanResolved(offset, previous_);
  buffered_ = 1;
}

Token Lexer::ScanSignificant(uint32_t offset) const {
  Token token;
  while (true) {
    token.length = ScanLength(text_ + offset, &token.kind);
    if (token.kind != Tok::kSpace) break;
    offset += token.length;
  }
  token.offset = offset;
  return token;
}

Tok Lexer::ResolveContextual(Tok kind, uint32_t end, Tok previous) const {
  if (kind == Tok::kWindow) {
    Token name = ScanSignificant(end);
    if (!IsNameForLookahead(name.kind)) return Tok::kId;
    Token as = ScanSignificant(name.offset + name.length);
    return as.kind == Tok::kAs ? Tok::kWindow : Tok::kId;
  }
  if (previous != Tok::kRp) return Tok::kId;
  Token next = ScanSignificant(end);
  if (next.kind == Tok::kLp) return kind;
  if (kind == Tok::kOver && IsNameForLookahead(next.kind)) return kind;
  return Tok::kId;
}

Token Lexer::ScanResolved(uint32_t offset, Tok previous) const {
  Token token = ScanSignificant(offset);
  if (token.kind == Tok::kWindow || token.kind == Tok::kOver || token.kind == Tok::kFilter) {
    token.kind = ResolveContextual(token.kind, token.offset + token.length, previous);
  }
  return token;
}

void Lexer::FillSecond() {
  const Token& first = tokens_[head_];
  Token& second = tokens_[head_ ^ 1];
  if (first.kind == Tok::kEof) {
    second = first;
  } else {
    second = ScanSignificant(first.offset + first.length);
    if (second.kind == Tok::kWindow || second.kind == Tok::kOver || second.kind == Tok::kFilter) {
      second.kind = ResolveContextual(second.kind, second.offset + second.length, first.kind);
    }
  }
  buffered_ = 2;
}

}  // namespace simlite::parser
