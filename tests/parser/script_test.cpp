// Scripts: splitting text into statements with the tails sqlite3_prepare_v2 reports,
// IsComplete() against sqlite3_complete(), parameter numbering against
// sqlite3_bind_parameter_count/name, and the source spans later layers rely on.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "tests/parser/parser_test_util.h"
#include "tests/parser/statement_corpus.h"

namespace simlite::parser::testing {
namespace {

// Offsets of the successive tails sqlite3_prepare_v2 reports for a script, stopping after
// the first statement-less tail or error.
std::vector<size_t> SqliteTails(Oracle* oracle, const std::string& sql) {
  std::vector<size_t> tails;
  const char* at = sql.c_str();
  while (true) {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(oracle->db(), at, -1, &stmt, &tail);
    bool had_statement = stmt != nullptr;
    sqlite3_finalize(stmt);
    if (rc != SQLITE_OK) break;
    tails.push_back(static_cast<size_t>(tail - sql.c_str()));
    if (!had_statement || *tail == '\0') break;
    at = tail;
  }
  return tails;
}

std::vector<size_t> SimliteTails(const std::string& sql) {
  std::vector<size_t> tails;
  uint32_t offset = 0;
  while (true) {
    ParseResult result;
    ParseError error;
    if (ParseOne(sql, offset, ParseOptions(), &result, &error) != Rc::kOk) break;
    const ParsedStatement& statement = result.statements()[0];
    tails.push_back(statement.tail);
    if (statement.stmt == nullptr || statement.tail == sql.size()) break;
    offset = statement.tail;
  }
  return tails;
}

TEST(ParserScript, TailsMatchSqlitePrepare) {
  static const char* const kScripts[] = {
      "SELECT 1",
      "SELECT 1;",
      "SELECT 1;  SELECT 2",
      "  ;; SELECT 1 ;;; SELECT 2 ; ",
      "SELECT 1 -- comment\n; /* c */ SELECT 2 /* end",
      "",
      "   ",
      ";",
      "-- only a comment",
      "CREATE TRIGGER x AFTER INSERT ON t1 BEGIN SELECT 1; SELECT 2; END; SELECT 3",
      "SELECT 'a;b'; SELECT \"c;d\" FROM t1",
      "EXPLAIN SELECT 1;EXPLAIN QUERY PLAN SELECT 2;",
  };
  Oracle oracle;
  ASSERT_TRUE(oracle.Exec(std::string(kCorpusSchema)));
  for (const char* script : kScripts) {
    EXPECT_EQ(SimliteTails(script), SqliteTails(&oracle, script)) << script;
  }
}

TEST(ParserScript, ParseScriptSplitsStatements) {
  std::string sql = "SELECT 1; ;INSERT INTO t1 VALUES (1) ;\n  EXPLAIN SELECT 2";
  ParseResult result;
  ParseError error;
  ASSERT_EQ(ParseScript(sql, ParseOptions(), &result, &error), Rc::kOk);
  ASSERT_EQ(result.statements().size(), 3u);
  EXPECT_EQ(result.Text(result.statements()[0].span), "SELECT 1");
  EXPECT_EQ(result.Text(result.statements()[1].span), "INSERT INTO t1 VALUES (1)");
  EXPECT_EQ(result.Text(result.statements()[2].span), "EXPLAIN SELECT 2");
  EXPECT_EQ(result.Text(result.statements()[2].stmt->span), "SELECT 2");
  EXPECT_EQ(result.statements()[2].stmt->explain, ExplainKind::kExplain);

  // A script stops at its first error; the statements before it are kept.
  ASSERT_EQ(ParseScript("SELECT 1; SELECT 2 2; SELECT 3", ParseOptions(), &result, &error),
            Rc::kError);
  EXPECT_EQ(error.message, "near \"2\": syntax error");
  EXPECT_EQ(error.offset, 19u);
  EXPECT_EQ(result.statements().size(), 1u);
}

// Inputs for IsComplete: corpus statements with and without ';', their prefixes, triggers,
// and text that hides ';' in strings and comments.
std::vector<std::string> CompletionInputs() {
  std::vector<std::string> inputs = {
      "",
      ";",
      " ; ",
      "SELECT 1",
      "SELECT 1;",
      "SELECT 1; -- done",
      "SELECT 1; /* open",
      "SELECT ';'",
      "SELECT ';';",
      "SELECT \";\"",
      "SELECT [;]",
      "SELECT `;`",
      "SELECT 'open;",
      "SELECT 1 -- ;",
      "SELECT 1 /* ; */",
      "SELECT 1 /* ; */;",
      "CREATE TRIGGER x",
      "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1;",
      "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END",
      "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END;",
      "CREATE TEMP TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END;",
      "CREATE TEMPORARY TRIGGER x BEGIN; END;",
      "EXPLAIN CREATE TRIGGER x BEGIN ; END ;",
      "CREATE TRIGGER x BEGIN SELECT 1; END; SELECT 2;",
      "CREATE TABLE end(x);",
      "CREATE TRIGGER x BEGIN SELECT 'end;'; END;",
      "CREATE UNIQUE TRIGGER x;",
      "SELECT 1; CREATE TRIGGER x BEGIN SELECT 1;",
      "explain select 1;",
      "END;",
      "CREATE TRIGGER end BEGIN SELECT 1; end;",
      "CREATE TRIGGER x BEGIN SELECT 1; END -- x\n;",
      "SELECT 1;\n\n",
      "SELECT x'ab';",
      "SELECT $a(;);",
      "SELECT 1; ;",
      "CREATE;",
      "CREATE TRIGGER;",
      "CREATE TEMP;",
      "EXPLAIN;",
      "EXPLAIN QUERY PLAN CREATE TRIGGER x;",
  };
  for (std::string_view statement : kCorpus) {
    std::string text(statement);
    inputs.push_back(text);
    inputs.push_back(text + ";");
    for (size_t cut = 1; cut < text.size(); cut += 7) inputs.push_back(text.substr(0, cut));
  }
  return inputs;
}

TEST(ParserScript, IsCompleteMatchesSqliteComplete) {
  for (const std::string& input : CompletionInputs()) {
    EXPECT_EQ(IsComplete(input), sqlite3_complete(input.c_str()) != 0) << input;
  }
}

TEST(ParserScript, IsCompleteMatchesSqliteOnRandomText) {
  static const char* const kPieces[] = {";", " ",  "CREATE", "TEMP", "TRIGGER", "END", "x",
                                        "'", "\"", "--",     "\n",   "/*",      "*/",  "EXPLAIN",
                                        "[", "]",  "BEGIN",  "`",    "SELECT",  "1"};
  std::mt19937 rng(5);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    int pieces = 1 + static_cast<int>(rng() % 10);
    for (int j = 0; j < pieces; ++j) {
      text += kPieces[rng() % std::size(kPieces)];
      if (rng() % 2 == 0) text += " ";
    }
    ASSERT_EQ(IsComplete(text), sqlite3_complete(text.c_str()) != 0) << text;
  }
}

TEST(ParserScript, ParametersNumberedLikeSqlite) {
  static const char* const kInputs[] = {
      "SELECT ?, ?, ?",        "SELECT ?3, ?, ?1",      "SELECT :a, :b, :a, ?",
      "SELECT ?2, :x, ?2, @y", "SELECT $a, :a, @a, #a", "SELECT ?1, :one, ?1, ?",
      "SELECT ?5, ?, :z",      "SELECT ?01, ?1",        "SELECT 1",
  };
  Oracle oracle;
  for (const char* input : kInputs) {
    std::string sql = input;
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(oracle.db(), sql.c_str(), -1, &stmt, nullptr), SQLITE_OK);
    ParseResult result;
    ParseError error;
    ASSERT_EQ(ParseOne(sql, 0, ParseOptions(), &result, &error), Rc::kOk);
    const ParsedStatement& statement = result.statements()[0];
    EXPECT_EQ(statement.variable_count, sqlite3_bind_parameter_count(stmt)) << sql;
    for (int index = 1; index <= sqlite3_bind_parameter_count(stmt); ++index) {
      const char* name = sqlite3_bind_parameter_name(stmt, index);
      std::string_view ours;
      for (const NamedVariable& named : statement.named_variables) {
        if (named.index == index) ours = named.name;
      }
      EXPECT_EQ(ours, name == nullptr ? "" : name) << sql << " ?" << index;
    }
    sqlite3_finalize(stmt);
  }
}

// SQLite names an unaliased result column (other than a plain column reference) after its
// expression's text as written.
TEST(ParserScript, ResultColumnSpansAreTheTextAsWritten) {
  std::string sql = "SELECT a+1 , count( * ),t1.* , 'x' AS y, (b)  FROM t1";
  ParseResult result;
  ParseError error;
  ASSERT_EQ(ParseOne(sql, 0, ParseOptions(), &result, &error), Rc::kOk);
  const Select* select = result.statements()[0].stmt->As<SelectStmt>()->select;
  const ArenaList<ResultColumn>& columns = select->cores[0]->columns;
  ASSERT_EQ(columns.size(), 5u);
  EXPECT_EQ(result.Text(columns[0].span), "a+1");
  EXPECT_EQ(result.Text(columns[1].span), "count( * )");
  EXPECT_EQ(result.Text(columns[2].span), "t1.*");
  EXPECT_EQ(result.Text(columns[3].span), "'x'");
  EXPECT_EQ(result.Text(columns[4].span), "(b)");
  Oracle oracle;
  ASSERT_TRUE(oracle.Exec("CREATE TABLE t1(a, b)"));
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(oracle.db(), sql.c_str(), -1, &stmt, nullptr), SQLITE_OK);
  EXPECT_STREQ(sqlite3_column_name(stmt, 0), "a+1");
  EXPECT_STREQ(sqlite3_column_name(stmt, 1), "count( * )");
  sqlite3_finalize(stmt);
}

}  // namespace
}  // namespace simlite::parser::testing
