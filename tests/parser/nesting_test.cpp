// Deep nesting: SQLite's LR parser has a fixed stack and reports "parser stack overflow" at
// a depth that depends on the construct. For each nesting form we find the first depth at
// which real SQLite overflows and require the same of simlite; long flat lists, which SQLite
// reduces as it goes, must not overflow.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "tests/parser/parser_test_util.h"
#include "tests/parser/statement_corpus.h"

namespace simlite::parser::testing {
namespace {

std::string Repeat(const std::string& text, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += text;
  return out;
}

struct Form {
  const char* name;
  std::function<std::string(int)> make;
};

const Form kForms[] = {
    {"parens", [](int n) { return "SELECT " + Repeat("(", n) + "1" + Repeat(")", n); }},
    {"minus", [](int n) { return "SELECT " + Repeat("- ", n) + "1"; }},
    {"not", [](int n) { return "SELECT " + Repeat("NOT ", n) + "1"; }},
    {"bitnot-parens", [](int n) { return "SELECT " + Repeat("~(", n) + "1" + Repeat(")", n); }},
    {"plus-right", [](int n) { return "SELECT 1+" + Repeat("(1+", n) + "1" + Repeat(")", n); }},
    {"eq-right", [](int n) { return "SELECT 1" + Repeat(" = (1", n) + Repeat(")", n); }},
    {"is-not-distinct",
     [](int n) { return "SELECT 1" + Repeat(" IS NOT DISTINCT FROM (1", n) + Repeat(")", n); }},
    {"function", [](int n) { return "SELECT " + Repeat("abs(", n) + "1" + Repeat(")", n); }},
    {"function-arg2",
     [](int n) { return "SELECT " + Repeat("max(1, ", n) + "1" + Repeat(")", n); }},
    {"distinct-arg",
     [](int n) { return "SELECT " + Repeat("count(DISTINCT ", n) + "1" + Repeat(")", n); }},
    {"case-then",
     [](int n) { return "SELECT " + Repeat("CASE WHEN 1 THEN ", n) + "1" + Repeat(" END", n); }},
    {"case-when",
     [](int n) { return "SELECT " + Repeat("CASE WHEN ", n) + "1" + Repeat(" THEN 1 END", n); }},
    {"case-base",
     [](int n) { return "SELECT " + Repeat("CASE ", n) + "1" + Repeat(" WHEN 1 THEN 1 END", n); }},
    {"case-else",
     [](int n) {
       return "SELECT " + Repeat("CASE WHEN 1 THEN 1 WHEN 2 THEN 2 ELSE ", n) + "1" +
              Repeat(" END", n);
     }},
    {"cast", [](int n) { return "SELECT " + Repeat("CAST(", n) + "1" + Repeat(" AS INT)", n); }},
    {"subquery", [](int n) { return "SELECT " + Repeat("(SELECT ", n) + "1" + Repeat(")", n); }},
    {"exists",
     [](int n) { return "SELECT " + Repeat("EXISTS (SELECT ", n) + "1" + Repeat(")", n); }},
    {"where-subquery",
     [](int n) {
       return "SELECT 1 WHERE " + Repeat("(SELECT 1 WHERE ", n) + "1" + Repeat(")", n);
     }},
    {"in-select",
     [](int n) { return "SELECT 1 IN " + Repeat("(SELECT 1 IN ", n) + "(1)" + Repeat(")", n); }},
    {"in-list", [](int n) { return "SELECT 1" + Repeat(" IN (1", n) + Repeat(")", n); }},
    {"in-list-2nd", [](int n) { return "SELECT 1" + Repeat(" IN (1, 1", n) + Repeat(")", n); }},
    {"between", [](int n) { return "SELECT 1" + Repeat(" BETWEEN (1", n) + Repeat(") AND 2", n); }},
    {"not-between",
     [](int n) { return "SELECT 1" + Repeat(" NOT BETWEEN 0 AND (1", n) + Repeat(")", n); }},
    {"like", [](int n) { return "SELECT 1" + Repeat(" LIKE (1", n) + Repeat(")", n); }},
    {"not-like-escape",
     [](int n) { return "SELECT 1" + Repeat(" NOT LIKE 1 ESCAPE (1", n) + Repeat(")", n); }},
    {"row-value", [](int n) { return "SELECT " + Repeat("(1, ", n) + "1" + Repeat(")", n); }},
    {"collate", [](int n) { return "SELECT " + Repeat("(", n) + "1 COLLATE x" + Repeat(")", n); }},
    {"from-subquery",
     [](int n) { return "SELECT * FROM " + Repeat("(SELECT * FROM ", n) + "t1" + Repeat(")", n); }},
    {"from-parens",
     [](int n) { return "SELECT * FROM " + Repeat("(", n) + "t1" + Repeat(")", n); }},
    {"from-join-parens",
     [](int n) {
       return "SELECT * FROM t1 JOIN " + Repeat("(t1 JOIN ", n) + "t1" + Repeat(")", n);
     }},
    {"second-column",
     [](int n) { return "SELECT 1, 2 AS x, " + Repeat("(", n) + "1" + Repeat(")", n); }},
    {"order-by",
     [](int n) { return "SELECT 1 ORDER BY 1, " + Repeat("(", n) + "1" + Repeat(")", n); }},
    {"group-by",
     [](int n) { return "SELECT 1 GROUP BY 1, " + Repeat("(", n) + "1" + Repeat(")", n); }},
    {"limit", [](int n) { return "SELECT 1 LIMIT " + Repeat("(", n) + "1" + Repeat(")", n); }},
    {"compound",
     [](int n) { return "SELECT 1 UNION SELECT " + Repeat("(", n) + "1" + Repeat(")", n); }},
    {"values", [](int n) { return "VALUES (1), (" + Repeat("(", n) + "1" + Repeat(")", n) + ")"; }},
    {"explain", [](int n) { return "EXPLAIN SELECT " + Repeat("(", n) + "1" + Repeat(")", n); }},
    {"with",
     [](int n) {
       return "WITH c AS (SELECT " + Repeat("(", n) + "1" + Repeat(")", n) + ") SELECT 1";
     }},
    {"window-order",
     [](int n) {
       return "SELECT sum(1) OVER (ORDER BY " + Repeat("(", n) + "1" + Repeat(")", n) + ")";
     }},
    {"filter",
     [](int n) {
       return "SELECT sum(1) FILTER (WHERE " + Repeat("(", n) + "1" + Repeat(")", n) + ")";
     }},
    {"insert-values",
     [](int n) {
       return "INSERT INTO t1 VALUES (1, " + Repeat("(", n) + "1" + Repeat(")", n) + ", 1)";
     }},
    {"update-set",
     [](int n) { return "UPDATE t1 SET a = " + Repeat("(", n) + "1" + Repeat(")", n); }},
    {"delete-where",
     [](int n) { return "DELETE FROM t1 WHERE " + Repeat("(", n) + "1" + Repeat(")", n); }},
    {"default",
     [](int n) {
       return "CREATE TABLE n(a DEFAULT (" + Repeat("(", n) + "1" + Repeat(")", n) + "))";
     }},
    {"check",
     [](int n) {
       return "CREATE TABLE n(a, CHECK (" + Repeat("(", n) + "1" + Repeat(")", n) + "))";
     }},
    {"trigger",
     [](int n) {
       return "CREATE TRIGGER n AFTER INSERT ON t1 BEGIN SELECT " + Repeat("(", n) + "1" +
              Repeat(")", n) + "; END";
     }},
};

bool Overflows(const Outcome& outcome) {
  return !outcome.ok && outcome.message == "parser stack overflow";
}

class ParserNesting : public ::testing::TestWithParam<Form> {};

TEST_P(ParserNesting, OverflowsAtSqlitesDepth) {
  const Form& form = GetParam();
  Oracle oracle;
  ASSERT_TRUE(oracle.Exec(std::string(kCorpusSchema)));
  int sqlite_depth = 0;
  int simlite_depth = 0;
  for (int n = 1; n <= 120 && (sqlite_depth == 0 || simlite_depth == 0); ++n) {
    std::string sql = form.make(n);
    if (sqlite_depth == 0 && Overflows(oracle.Prepare(sql))) sqlite_depth = n;
    Outcome ours = ParseWithSimlite(sql);
    if (simlite_depth == 0 && Overflows(ours)) simlite_depth = n;
    if (!Overflows(ours)) {
      ASSERT_TRUE(ours.ok) << sql << "\n" << ours.message;
    }
  }
  ASSERT_NE(sqlite_depth, 0) << form.name << " never overflows SQLite";
  EXPECT_EQ(simlite_depth, sqlite_depth) << form.name << "\n" << form.make(sqlite_depth);
}

INSTANTIATE_TEST_SUITE_P(Forms, ParserNesting, ::testing::ValuesIn(kForms),
                         [](const ::testing::TestParamInfo<Form>& info) {
                           std::string name = info.param.name;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

// Lists that SQLite reduces as it reads them never overflow, however long.
TEST(ParserNestingLists, LongFlatListsParse) {
  const std::string kInputs[] = {
      "SELECT 1 IN (" + Repeat("1, ", 5000) + "1)",
      "SELECT " + Repeat("1, ", 3000) + "1",
      "SELECT " + Repeat("1 + ", 3000) + "1",
      "SELECT " + Repeat("1 OR ", 3000) + "1",
      "SELECT CASE " + Repeat("WHEN 1 THEN 2 ", 2000) + "END",
      "VALUES " + Repeat("(1), ", 2000) + "(1)",
      "SELECT * FROM t1" + Repeat(" JOIN t1 AS x", 500),
      "SELECT * FROM t1" + Repeat(", t1 AS x", 500),
      "SELECT 1" + Repeat(" UNION SELECT 1", 400),
      "CREATE TABLE n(" + Repeat("a INT NOT NULL DEFAULT 1 CHECK (a > 0), ", 500) + "b)",
      "CREATE TABLE n(a, " + Repeat("UNIQUE (a), ", 500) + "CHECK (a))",
      "CREATE TABLE n(a " + Repeat("NOT NULL ", 500) + ")",
      "CREATE TABLE n(a " + Repeat("x ", 500) + ")",
      "CREATE VIRTUAL TABLE n USING fts5(" + Repeat("a b c d e f ", 300) + ")",
      "CREATE TRIGGER n AFTER INSERT ON t1 BEGIN " + Repeat("SELECT 1; ", 500) + "END",
      "UPDATE t1 SET " + Repeat("a = 1, ", 2000) + "b = 2",
      "INSERT INTO t1 VALUES " + Repeat("(1, 2, 3), ", 2000) + "(1, 2, 3)",
      "SELECT sum(a) OVER w FROM t1 WINDOW " + Repeat("w AS (), ", 300) + "x AS ()",
      "WITH " + Repeat("c AS (SELECT 1), ", 300) + "d AS (SELECT 1) SELECT 1",
      "SELECT 1 ORDER BY " + Repeat("1, ", 2000) + "1",
      "SELECT " + Repeat("- ", 80) + "1 + " + Repeat("- ", 80) + "1",
  };
  Oracle oracle;
  ASSERT_TRUE(oracle.Exec(std::string(kCorpusSchema)));
  for (const std::string& sql : kInputs) {
    Outcome expected = oracle.Prepare(sql);
    ASSERT_FALSE(!expected.ok && IsParserMessage(expected.message))
        << sql.substr(0, 80) << ": " << expected.message;
    Outcome ours = ParseWithSimlite(sql);
    EXPECT_TRUE(ours.ok) << sql.substr(0, 80) << ": " << ours.message;
  }
}

}  // namespace
}  // namespace simlite::parser::testing
