// Syntax errors worded exactly as SQLite words them. Inputs: hand-written malformed
// statements, and thousands of mutants of the statement corpus (truncated, with a token
// deleted, duplicated, swapped or replaced), from a fixed seed. For each input real SQLite
// (sqlite3_prepare_v2) is the oracle: when it reports one of the parser's own errors we must
// report the same text; when it accepts the input we must accept it too.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "parser/lexer.h"
#include "tests/parser/parser_test_util.h"
#include "tests/parser/statement_corpus.h"

namespace simlite::parser::testing {
namespace {

struct Mismatch {
  std::string sql;
  Outcome sqlite;
  Outcome simlite;
};

// Compares one input; records a mismatch. Returns true when SQLite's verdict was checked
// (accepted, or rejected with a parser message).
bool Compare(Oracle* oracle, const std::string& sql, std::vector<Mismatch>* mismatches) {
  Outcome expected = oracle->Prepare(sql);
  Outcome actual = ParseWithSimlite(sql);
  if (expected.ok) {
    if (!actual.ok) mismatches->push_back({sql, expected, actual});
    return true;
  }
  if (!IsParserMessage(expected.message)) return false;
  if (actual.ok || actual.message != expected.message) {
    mismatches->push_back({sql, expected, actual});
  }
  return true;
}

void Report(const std::vector<Mismatch>& mismatches, size_t checked) {
  for (size_t i = 0; i < mismatches.size() && i < 40; ++i) {
    const Mismatch& m = mismatches[i];
    ADD_FAILURE() << "input:   " << m.sql
                  << "\nsqlite:  " << (m.sqlite.ok ? "ok" : m.sqlite.message)
                  << "\nsimlite: " << (m.simlite.ok ? "ok" : m.simlite.message);
  }
  EXPECT_EQ(mismatches.size(), 0u) << "of " << checked << " inputs checked";
}

// Malformed statements, one per grammar area.
const char* const kHandWritten[] = {
    "SELECT",
    "SELECT 1 2",
    "SELECT * FROM",
    "SELECT * FROM t1 WHERE",
    "SELECT (1",
    "SELECT (1;",
    "SELECT 1)",
    "SELECT 1 +",
    "SELECT 'abc",
    "SELECT \"abc",
    "SELECT [abc",
    "SELECT `abc",
    "SELECT x'abc'",
    "SELECT x'zz'",
    "SELECT 123abc",
    "SELECT 1e",
    "SELECT 0x",
    "SELECT !1",
    "SELECT 1 = = 1",
    "SELECT a FROM t1 ORDER",
    "SELECT a FROM t1 ORDER BY",
    "SELECT a FROM t1 GROUP a",
    "SELECT a FROM t1 LIMIT",
    "SELECT a FROM t1 UNION",
    "SELECT a FROM t1 WHERE a BETWEEN 1",
    "SELECT a FROM t1 WHERE a BETWEEN 1 OR 2 AND 3",
    "SELECT a FROM t1 WHERE a IN (1,",
    "SELECT a FROM t1 WHERE a NOT 1",
    "SELECT CASE WHEN 1 THEN 2",
    "SELECT CASE END",
    "SELECT CAST(1 AS",
    "SELECT count(*",
    "SELECT f(DISTINCT *)",
    "SELECT 1 ORDER BY 1 UNION SELECT 2",
    "SELECT 1 LIMIT 1 UNION ALL SELECT 2",
    "SELECT * FROM t1 ON 1",
    "SELECT * FROM t1 USING (a)",
    "SELECT * FROM t1 LEFT foo JOIN t2",
    "SELECT * FROM t1 OUTER JOIN t2",
    "SELECT * FROM t1 INNER OUTER JOIN t2",
    "SELECT ?0",
    "SELECT ?0 FROM t1",
    "SELECT ?250001",
    "SELECT #1",
    "SELECT sum(a) OVER (ROWS 1 FOLLOWING) FROM t1",
    "SELECT sum(a) OVER (ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM t1",
    "SELECT sum(a) OVER (ROWS BETWEEN 1 PRECEDING AND UNBOUNDED PRECEDING) FROM t1",
    "VALUES (1) ORDER BY 1",
    "(SELECT 1)",
    "INSERT INTO t1",
    "INSERT INTO t1 VALUES",
    "INSERT INTO t1 DEFAULT VALUES ON CONFLICT DO NOTHING",
    "INSERT INTO t3 VALUES (1,2,3) ON CONFLICT DO NOTHING ON CONFLICT DO NOTHING",
    "UPDATE t1 SET",
    "UPDATE t1 SET a",
    "DELETE t1",
    "CREATE TABLE",
    "CREATE TABLE x",
    "CREATE TABLE x()",
    "CREATE TABLE x(a,)",
    "CREATE TABLE x(PRIMARY KEY(a))",
    "CREATE TABLE x(a) WITHOUT rowid2",
    "CREATE TABLE x(a) foo",
    "CREATE TABLE x(a) STRICT,",
    "CREATE TABLE x(a AS (1) bogus)",
    "CREATE TABLE x(a REFERENCES t1(a COLLATE nocase))",
    "CREATE TABLE x(a AS (1) DEFAULT 2)",
    "CREATE TABLE x(a DEFAULT 2 AS (1))",
    "CREATE TABLE x(a DEFAULT 2 AS (1) bogus)",
    "CREATE TABLE x(a AS (1) AS (2))",
    "CREATE TABLE x(a INTEGER PRIMARY KEY AS (1))",
    "CREATE TABLE x(a AS (1) PRIMARY KEY)",
    "CREATE TABLE x(a AS (1) bogus PRIMARY KEY)",
    "CREATE TABLE x(a DEFAULT 1 DEFAULT 2)",
    "CREATE TABLE x(a, b AS (1) DEFAULT 2",
    "CREATE TABLE x(a AS (1) DEFAULT 2, b (",
    "CREATE VIEW x(a DESC) AS SELECT 1",
    "WITH c(a ASC) AS (SELECT 1) SELECT * FROM c",
    "CREATE TRIGGER x AFTER INSERT ON t1 BEGIN END",
    "CREATE TRIGGER x AFTER INSERT ON t1 BEGIN DELETE FROM main.t1; END",
    "CREATE TRIGGER x AFTER INSERT ON t1 BEGIN DELETE FROM t1 INDEXED BY i1; END",
    "CREATE TRIGGER x AFTER INSERT ON t1 BEGIN DELETE FROM t1 NOT INDEXED; END",
    "CREATE TRIGGER x AFTER INSERT ON t1 BEGIN INSERT INTO t2 VALUES(1,2,3) RETURNING *; END",
    "CREATE TRIGGER x AFTER INSERT ON t1 BEGIN DELETE FROM t1 RETURNING *; END",
    "CREATE TRIGGER x AFTER INSERT ON t1 BEGIN SELECT 1",
    // SQLite's own ';' at the end of the text makes these deferred errors due.
    "CREATE TRIGGER x AFTER INSERT ON t1 BEGIN INSERT INTO t2 VALUES (1, 1, 2) RETURNING end",
    "CREATE TRIGGER x DELETE ON t1 BEGIN UPDATE t3 SET y = 'x' FROM t2 ON end",
    "CREATE VIRTUAL TABLE v USING fts5(a, b",
    "CREATE INDEX ON t1(a)",
    "CREATE UNIQUE TABLE x(a)",
    "CREATE TEMP INDEX x ON t1(a)",
    "DROP",
    "DROP TABLE",
    "DROP COLUMN x",
    "BEGIN TRANSACTION x y",
    "ROLLBACK TO",
    "PRAGMA",
    "PRAGMA x =",
    "PRAGMA x = -abc",
    "PRAGMA x(",
    "ALTER TABLE t1",
    "ALTER TABLE t1 RENAME column TO x",
    "ALTER TABLE t1 DROP COLUMN",
    "ATTACH 'x'",
    "EXPLAIN",
    "EXPLAIN QUERY",
    "EXPLAIN QUERY PLAN",
    "SELECT 1; SELECT",
    "SELECT 1; garbage",
    "SELECT window w AS x",
    "SELECT 1 FROM t1 WINDOW w AS (ORDER BY a) ORDER BY",
    "SELECT a FROM t1 WHERE a IS NOT DISTINCT b",
    "CREATE VIRTUAL TABLE v USING fts5(a, (b",
    "SELECT a FROM t1 WHERE a LIKE 'x' ESCAPE",
    "SELECT a.* .b FROM t1 a",
    "SELECT main.t1.* FROM t1",
};

TEST(ParserSyntaxErrors, HandWritten) {
  Oracle oracle;
  ASSERT_TRUE(oracle.Exec(std::string(kCorpusSchema)));
  std::vector<Mismatch> mismatches;
  size_t checked = 0;
  for (const char* input : kHandWritten) checked += Compare(&oracle, input, &mismatches);
  Report(mismatches, checked);
}

// The raw tokens of a text, spaces included, as strings.
std::vector<std::string> Tokens(const std::string& sql) {
  std::vector<std::string> tokens;
  uint32_t offset = 0;
  while (offset < sql.size()) {
    Token token = ScanToken(sql.c_str(), offset);
    if (token.length == 0) break;
    tokens.push_back(sql.substr(token.offset, token.length));
    offset = token.offset + token.length;
  }
  return tokens;
}

std::string Join(const std::vector<std::string>& tokens) {
  std::string text;
  for (const std::string& token : tokens) text += token;
  return text;
}

// Tokens that mutants may gain: a spread of keywords, punctuation and literals.
const char* const kVocabulary[] = {
    " SELECT ",   " FROM ",    " WHERE ",   " ( ",       " ) ",         " , ",         " ; ",
    " . ",        " * ",       " + ",       " - ",       " = ",         " AND ",       " OR ",
    " NOT ",      " NULL ",    " 1 ",       " 'x' ",     " a ",         " t1 ",        " AS ",
    " ON ",       " JOIN ",    " LEFT ",    " IN ",      " IS ",        " BETWEEN ",   " LIKE ",
    " ESCAPE ",   " CASE ",    " WHEN ",    " THEN ",    " END ",       " ORDER ",     " BY ",
    " GROUP ",    " LIMIT ",   " OFFSET ",  " UNION ",   " VALUES ",    " DEFAULT ",   " PRIMARY ",
    " KEY ",      " UNIQUE ",  " CHECK ",   " COLLATE ", " DESC ",      " ASC ",       " NULLS ",
    " FIRST ",    " WITH ",    " OVER ",    " FILTER ",  " WINDOW ",    " PARTITION ", " ROWS ",
    " INDEXED ",  " CAST ",    " EXISTS ",  " ? ",       " :p ",        " x'00' ",     " 1.5 ",
    " || ",       " -> ",      " << ",      " <= ",      " != ",        " ~ ",         " REPLACE ",
    " CONFLICT ", " DO ",      " NOTHING ", " SET ",     " RETURNING ", " TEMP ",      " IF ",
    " TABLE ",    " INDEX ",   " TRIGGER ", " BEGIN ",   " RAISE ",     " GENERATED ", " ALWAYS ",
    " STORED ",   " WITHOUT ", " ROWID ",   " USING ",   " NATURAL ",   " CROSS ",     " DISTINCT ",
    " ALL ",      " $ ",       " ! ",       " '",        " \"",         " [",          " /* ",
    " -- ",       " #1 ",
};

std::string Mutate(const std::vector<std::string>& tokens, std::mt19937* rng) {
  std::vector<std::string> mutant = tokens;
  auto pick = [&](size_t n) { return static_cast<size_t>((*rng)() % n); };
  size_t at = pick(mutant.size());
  const char* word = kVocabulary[pick(std::size(kVocabulary))];
  switch (pick(5)) {
    case 0:
      mutant.erase(mutant.begin() + at);
      break;
    case 1:
      mutant.insert(mutant.begin() + at, mutant[at]);
      break;
    case 2:
      if (at + 2 < mutant.size()) std::swap(mutant[at], mutant[at + 2]);
      break;
    case 3:
      mutant.insert(mutant.begin() + at, word);
      break;
    default:
      mutant[at] = word;
      break;
  }
  return Join(mutant);
}

TEST(ParserSyntaxErrors, MutantsOfTheCorpusMatchSqlite) {
  // SIMLITE_PARSER_MUTANTS=<n> and SIMLITE_PARSER_SEED=<s> run a deeper search.
  const char* count_env = std::getenv("SIMLITE_PARSER_MUTANTS");
  const char* seed_env = std::getenv("SIMLITE_PARSER_SEED");
  const int mutants_per_statement = count_env != nullptr ? std::atoi(count_env) : 60;
  std::mt19937 rng(seed_env != nullptr ? std::atoi(seed_env) : 20240611);
  Oracle oracle;
  ASSERT_TRUE(oracle.Exec(std::string(kCorpusSchema)));
  std::vector<Mismatch> mismatches;
  size_t checked = 0;
  for (std::string_view statement : kCorpus) {
    std::vector<std::string> tokens = Tokens(std::string(statement));
    for (size_t length = 0; length < tokens.size(); ++length) {
      std::vector<std::string> prefix(tokens.begin(), tokens.begin() + length);
      checked += Compare(&oracle, Join(prefix), &mismatches);
    }
    for (int i = 0; i < mutants_per_statement; ++i) {
      checked += Compare(&oracle, Mutate(tokens, &rng), &mismatches);
    }
  }
  EXPECT_GT(checked, 10000u);
  Report(mismatches, checked);
}

}  // namespace
}  // namespace simlite::parser::testing

namespace simlite::parser::testing {
namespace {

// Every keyword, punctuation and literal kind, for token soups.
std::vector<std::string> SoupVocabulary() {
  std::vector<std::string> words;
  for (int i = 0; i < sqlite3_keyword_count(); ++i) {
    const char* name = nullptr;
    int length = 0;
    sqlite3_keyword_name(i, &name, &length);
    words.emplace_back(name, length);
  }
  for (const char* word :
       {"(", ")",  ",",  ";",  ".", "*",  "+",  "-",     "/",   "%",   "||",  "->",
        "=", "<",  ">=", "!=", "&", "|",  "<<", "~",     "1",   "2.5", "'s'", "x'ab'",
        "?", "?2", ":v", "a",  "b", "t1", "t2", "\"q\"", "[b]", "i1",  "v1"}) {
    words.emplace_back(word);
  }
  return words;
}

// Random token sequences after a valid statement start, so that the parser gets deep into
// every statement form before the sequence goes wrong.
// Valid statement starts that the token soups continue.
const char* const kSoupStarts[] = {
    "",
    "SELECT ",
    "SELECT a FROM t1 ",
    "SELECT * FROM t1 WHERE ",
    "SELECT sum(a) OVER (",
    "INSERT INTO t1 ",
    "INSERT INTO t3 VALUES (1, 2, 3) ON CONFLICT ",
    "UPDATE t1 SET a = ",
    "DELETE FROM t1 ",
    "CREATE TABLE n(a ",
    "CREATE TABLE n(a, ",
    "CREATE INDEX n ON t1(",
    "CREATE TRIGGER n AFTER INSERT ON t1 BEGIN ",
    "CREATE VIEW n AS ",
    "WITH c AS (SELECT 1) ",
    "PRAGMA ",
    "ALTER TABLE t1 ",
    "BEGIN ",
    "SELECT a FROM t1 GROUP BY a ",
    "SELECT a FROM t1 ORDER BY a ",
    "SELECT CASE a ",
    "SELECT CAST(a ",
    "SELECT a FROM t1 LEFT ",
    "SELECT a FROM t1 JOIN t2 ",
    "SELECT a FROM (",
    "SELECT count(",
    "SELECT a NOT ",
    "SELECT a IS ",
    "SELECT a BETWEEN ",
    "SELECT a FROM t1 LIMIT 1 ",
    "SELECT 1 UNION ",
    "SELECT sum(a) OVER (ROWS ",
    "SELECT sum(a) FILTER (",
    "SELECT a FROM t1 WINDOW w AS (",
    "CREATE TABLE n(a INT ",
    "CREATE TABLE n(a, PRIMARY KEY(a) ",
    "CREATE TABLE n(a) ",
    "CREATE TABLE n(a REFERENCES t1 ",
    "CREATE TABLE n(a AS (1) ",
    "CREATE VIRTUAL TABLE n USING m(",
    "CREATE TRIGGER n ",
    "CREATE TRIGGER n AFTER INSERT ON t1 BEGIN UPDATE t1 SET a = 1 ",
    "CREATE TRIGGER n AFTER INSERT ON t1 BEGIN INSERT INTO t1 ",
    "CREATE INDEX n ON t1(a) WHERE ",
    "CREATE UNIQUE ",
    "CREATE TEMP ",
    "INSERT INTO t1 SELECT ",
    "INSERT INTO t3 VALUES (1, 2, 3) ON CONFLICT (x) ",
    "UPDATE t1 SET (a, b) = ",
    "DELETE FROM t1 WHERE a = 1 ",
    "WITH RECURSIVE c(",
    "EXPLAIN ",
    "ATTACH ",
    "DETACH ",
    "DROP ",
    "ROLLBACK ",
    "SAVEPOINT ",
    "RELEASE ",
    "VACUUM ",
    "REINDEX ",
    "ANALYZE ",
};

TEST(ParserSyntaxErrors, TokenSoupsMatchSqlite) {
  const char* count_env = std::getenv("SIMLITE_PARSER_SOUPS");
  const int soups_per_start = count_env != nullptr ? std::atoi(count_env) : 150;
  std::vector<std::string> words = SoupVocabulary();
  const char* seed_env = std::getenv("SIMLITE_PARSER_SEED");
  std::mt19937 rng(seed_env != nullptr ? std::atoi(seed_env) : 99);
  Oracle oracle;
  ASSERT_TRUE(oracle.Exec(std::string(kCorpusSchema)));
  std::vector<Mismatch> mismatches;
  size_t checked = 0;
  for (const char* start : kSoupStarts) {
    for (int i = 0; i < soups_per_start; ++i) {
      std::string sql = start;
      int length = 1 + static_cast<int>(rng() % 8);
      for (int j = 0; j < length; ++j) sql += words[rng() % words.size()] + " ";
      checked += Compare(&oracle, sql, &mismatches);
    }
  }
  Report(mismatches, checked);
}

}  // namespace
}  // namespace simlite::parser::testing
