// The tokenizer: keyword recognition against SQLite's own keyword list (sqlite3_keyword_*),
// token kinds and boundaries of literals, operators, quoting, comments and parameters
// (lang_expr.html, lang_keywords.html), checked where possible against real SQLite, and the
// contextual keywords WINDOW, OVER and FILTER.
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "parser/keyword.h"
#include "parser/lexer.h"
#include "tests/parser/parser_test_util.h"

namespace simlite::parser::testing {
namespace {

TEST(ParserKeywords, MatchSqliteKeywordList) {
  ASSERT_EQ(KeywordCount(), sqlite3_keyword_count());
  std::set<std::string> ours;
  for (int i = 0; i < KeywordCount(); ++i) ours.emplace(KeywordName(i));
  for (int i = 0; i < sqlite3_keyword_count(); ++i) {
    const char* name = nullptr;
    int length = 0;
    ASSERT_EQ(sqlite3_keyword_name(i, &name, &length), SQLITE_OK);
    std::string keyword(name, length);
    EXPECT_TRUE(ours.count(keyword)) << keyword;
    Tok kind = LookupKeyword(keyword);
    ASSERT_TRUE(IsKeyword(kind)) << keyword;
    EXPECT_EQ(TokName(kind), keyword);
    std::string lower = keyword;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(LookupKeyword(lower), kind) << lower;
  }
}

TEST(ParserKeywords, NonKeywordsAreIdentifiers) {
  std::vector<std::string> words = {"",
                                    "a",
                                    "selec",
                                    "selectx",
                                    "_select",
                                    "select_",
                                    "current_dat",
                                    "current_timestampx",
                                    "rowid",
                                    "true",
                                    "false",
                                    "x",
                                    "\xc3\xa9t\xc3\xa9",
                                    "without_",
                                    "o"};
  for (char a = 'a'; a <= 'z'; ++a) {
    for (char b = 'a'; b <= 'z'; ++b) words.push_back(std::string{a, b});
  }
  for (int i = 0; i < sqlite3_keyword_count(); ++i) {
    const char* name = nullptr;
    int length = 0;
    sqlite3_keyword_name(i, &name, &length);
    std::string keyword(name, length);
    words.push_back(keyword + "S");
    words.push_back(keyword.substr(1));
    words.push_back(keyword.substr(0, keyword.size() - 1));
  }
  for (const std::string& word : words) {
    bool sqlite_says_keyword =
        sqlite3_keyword_check(word.data(), static_cast<int>(word.size())) != 0;
    EXPECT_EQ(LookupKeyword(word) != Tok::kId, sqlite_says_keyword) << word;
  }
}

struct Scanned {
  Tok kind;
  std::string text;
};

// Every raw token of `sql` except spaces.
std::vector<Scanned> Scan(const std::string& sql) {
  std::vector<Scanned> tokens;
  uint32_t offset = 0;
  while (true) {
    Token token = ScanToken(sql.c_str(), offset);
    if (token.kind == Tok::kEof) break;
    if (token.kind != Tok::kSpace)
      tokens.push_back({token.kind, sql.substr(token.offset, token.length)});
    offset = token.offset + token.length;
  }
  return tokens;
}

void ExpectOneToken(const std::string& text, Tok kind) {
  std::vector<Scanned> tokens = Scan(text);
  ASSERT_EQ(tokens.size(), 1u) << text;
  EXPECT_EQ(tokens[0].kind, kind) << text;
  EXPECT_EQ(tokens[0].text, text);
}

TEST(ParserTokenizer, LiteralsFromLangExpr) {
  for (const char* text : {"0", "123", "0x1F", "0XaBc", "9223372036854775807"}) {
    ExpectOneToken(text, Tok::kInteger);
  }
  for (const char* text : {"1.5", ".5", "5.", "1e5", "1E+5", "2.5e-3", "1.e5"}) {
    ExpectOneToken(text, Tok::kFloat);
  }
  for (const char* text : {"''", "'a'", "'it''s'", "'multi\nline'", "';'"}) {
    ExpectOneToken(text, Tok::kString);
  }
  for (const char* text : {"x''", "X'00'", "x'aBcD'"}) ExpectOneToken(text, Tok::kBlob);
  for (const char* text : {"abc", "_a1", "a$b", "\"quoted id\"", "\"a\"\"b\"", "[x y]",
                           "`back``tick`", "\xc3\xa9t\xc3\xa9", "x"}) {
    ExpectOneToken(text, Tok::kId);
  }
  for (const char* text :
       {"?", "?1", "?123", ":name", "@name", "$name", "#name", "$a::b", "$a(b)", ":a::b::c"}) {
    ExpectOneToken(text, Tok::kVariable);
  }
}

TEST(ParserTokenizer, Operators) {
  const std::pair<const char*, Tok> kOperators[] = {
      {"(", Tok::kLp},      {")", Tok::kRp},     {",", Tok::kComma},   {".", Tok::kDot},
      {";", Tok::kSemi},    {"+", Tok::kPlus},   {"-", Tok::kMinus},   {"*", Tok::kStar},
      {"/", Tok::kSlash},   {"%", Tok::kRem},    {"||", Tok::kConcat}, {"->", Tok::kPtr},
      {"->>", Tok::kPtr},   {"<", Tok::kLt},     {"<=", Tok::kLe},     {">", Tok::kGt},
      {">=", Tok::kGe},     {"=", Tok::kEq},     {"==", Tok::kEq},     {"!=", Tok::kNe},
      {"<>", Tok::kNe},     {"&", Tok::kBitAnd}, {"|", Tok::kBitOr},   {"<<", Tok::kLShift},
      {">>", Tok::kRShift}, {"~", Tok::kBitNot},
  };
  for (const auto& [text, kind] : kOperators) ExpectOneToken(text, kind);
}

TEST(ParserTokenizer, SpacesAndComments) {
  EXPECT_TRUE(Scan(" \t\n\f\r").empty());
  EXPECT_TRUE(Scan("-- comment").empty());
  EXPECT_TRUE(Scan("/* comment */").empty());
  EXPECT_TRUE(Scan("/* unterminated").empty());
  std::vector<Scanned> tokens = Scan("1--x\n2/*y*/3");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[2].text, "3");
  // Vertical tab does not start a space run (it is an unrecognized token) but continues one.
  EXPECT_EQ(Scan("\v")[0].kind, Tok::kIllegal);
  EXPECT_TRUE(Scan(" \v").empty());
}

// Token boundaries that only real SQLite can settle: each input, after SELECT, must get the
// same verdict from both parsers (accepted, or the same error quoting the same token).
const char* const kBoundaryInputs[] = {
    "123abc", "1e",   "1e+",    "1.5e-3x", "0x",      "0x1g",  "0xg",     "00x12",
    "1..2",   "1ee5", "x'abc'", "x'zz'",   "x'ab",    "x'0'",  "'abc",    "\"abc",
    "[abc",   "`abc", "!1",     "?1a",     "?-1",     ":",     ":1",      ":a:b",
    "@",      "@a.b", "$",      "$a(b",    "$a(b c)", "$a(b)", "#1",      "#a",
    "\v1",    " \v1", "1\v",    "1 \v",    "(\v1)",   "\x01",  "\x7f",    "1 ->> 2",
    "1 -> 2", ".e5",  "1.e5",   "5.",      "1==1",    "1=<1",  "a$b",     "$a::",
    "$a::b",  "x",    "X'AB'",  "'a''",    "'a'''",   "[a]]",  "\"a\"\"",
};

TEST(ParserTokenizer, BoundariesMatchSqlite) {
  Oracle oracle;
  for (const char* input : kBoundaryInputs) {
    std::string sql = std::string("SELECT ") + input;
    Outcome expected = oracle.Prepare(sql);
    if (!expected.ok && !IsParserMessage(expected.message)) continue;
    Outcome actual = ParseWithSimlite(sql);
    EXPECT_EQ(actual.ok, expected.ok) << sql << ": " << expected.message;
    EXPECT_EQ(actual.message, expected.message) << sql;
  }
}

// Kinds the Lexer gives the contextual keywords.
std::vector<Tok> LexKinds(const std::string& sql) {
  Lexer lexer(sql.c_str(), 0);
  std::vector<Tok> kinds;
  while (lexer.Peek().kind != Tok::kEof) kinds.push_back(lexer.Advance().kind);
  return kinds;
}

TEST(ParserLexer, ContextualKeywords) {
  // WINDOW is a keyword only before "name AS".
  EXPECT_EQ(LexKinds("window w as")[0], Tok::kWindow);
  EXPECT_EQ(LexKinds("window as")[0], Tok::kId);
  EXPECT_EQ(LexKinds("window w")[0], Tok::kId);
  EXPECT_EQ(LexKinds("window left as")[0], Tok::kWindow);
  // OVER only after ')' and before '(' or a name.
  EXPECT_EQ(LexKinds("f() over (")[3], Tok::kOver);
  EXPECT_EQ(LexKinds("f() over w")[3], Tok::kOver);
  EXPECT_EQ(LexKinds("f() over")[3], Tok::kId);
  EXPECT_EQ(LexKinds("a over (")[1], Tok::kId);
  // FILTER only after ')' and before '('.
  EXPECT_EQ(LexKinds("f() filter (")[3], Tok::kFilter);
  EXPECT_EQ(LexKinds("f() filter w")[3], Tok::kId);
  EXPECT_EQ(LexKinds("a filter (")[1], Tok::kId);
}

TEST(ParserLexer, LookaheadDoesNotConsume) {
  Lexer lexer("a b c", 0);
  EXPECT_EQ(lexer.Peek().offset, 0u);
  EXPECT_EQ(lexer.PeekSecond().offset, 2u);
  EXPECT_EQ(lexer.Advance().offset, 0u);
  EXPECT_EQ(lexer.Peek().offset, 2u);
  EXPECT_EQ(lexer.Previous(), Tok::kId);
  lexer.Advance();
  lexer.Advance();
  EXPECT_EQ(lexer.Peek().kind, Tok::kEof);
  EXPECT_EQ(lexer.Advance().kind, Tok::kEof);
}

}  // namespace
}  // namespace simlite::parser::testing
