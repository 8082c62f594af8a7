// Operator precedence and associativity. Two checks:
// - shape: an expression and its explicitly parenthesized form (lang_expr.html "Operators")
//   print the same tree;
// - oracle: thousands of random unparenthesized constant expressions evaluate, in real
//   SQLite, to the same value as our fully parenthesized rendering of their tree.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "tests/parser/parser_test_util.h"

namespace simlite::parser::testing {
namespace {

std::string Shape(const std::string& expr) {
  return Print("SELECT " + expr);
}

TEST(ParserPrecedence, ShapesMatchExplicitParentheses) {
  struct Case {
    const char* bare;
    const char* explicit_form;
  };
  static const Case kCases[] = {
      {"1+2*3", "1+(2*3)"},
      {"1*2+3", "(1*2)+3"},
      {"1-2-3", "(1-2)-3"},
      {"1/2*3", "(1/2)*3"},
      {"1||2*3", "(1||2)*3"},
      {"1*2||3", "1*(2||3)"},
      {"'a'->'b'||'c'", "('a'->'b')||'c'"},
      {"1+2&3", "(1+2)&3"},
      {"1&2|3<<4>>5", "(((1&2)|3)<<4)>>5"},
      {"1<2=3", "(1<2)=3"},
      {"1=2<3", "1=(2<3)"},
      {"1=2 IS 3", "(1=2) IS 3"},
      {"1 IS 2=3", "(1 IS 2)=3"},
      {"1=2 BETWEEN 0 AND 2", "(1=2) BETWEEN 0 AND 2"},
      {"1 IN (1)=0", "(1 IN (1))=0"},
      {"1=1 IN (1)", "(1=1) IN (1)"},
      {"1 BETWEEN 0 AND 2 AND 3", "(1 BETWEEN 0 AND 2) AND 3"},
      {"1 BETWEEN 0+1 AND 2*3", "1 BETWEEN (0+1) AND (2*3)"},
      {"NOT 1=2", "NOT (1=2)"},
      {"NOT 1 AND 2", "(NOT 1) AND 2"},
      {"1=NOT 2=3", "1=(NOT (2=3))"},
      {"1 OR 2 AND 3", "1 OR (2 AND 3)"},
      {"1 AND 2 OR 3", "(1 AND 2) OR 3"},
      {"-1*2", "(-1)*2"},
      {"-1 COLLATE nocase", "(-1) COLLATE nocase"},
      {"1||2 COLLATE nocase", "1||(2 COLLATE nocase)"},
      {"~1+2", "(~1)+2"},
      {"1 ISNULL=0", "(1 ISNULL)=0"},
      {"1=2 NOT NULL", "(1=2) NOT NULL"},
      {"'a' LIKE 'b'=1", "('a' LIKE 'b')=1"},
      {"'a' LIKE 'b'||'c' ESCAPE 'd'", "'a' LIKE ('b'||'c') ESCAPE 'd'"},
      {"1 IS NOT 2 IS 3", "(1 IS NOT 2) IS 3"},
      {"1 IS NOT DISTINCT FROM 2=3", "(1 IS NOT DISTINCT FROM 2)=3"},
  };
  for (const Case& c : kCases) {
    std::string bare = Shape(c.bare);
    EXPECT_EQ(bare, Shape(c.explicit_form)) << c.bare;
    EXPECT_EQ(bare.rfind("error", 0), std::string::npos) << c.bare << ": " << bare;
  }
  EXPECT_EQ(Shape("1+2*3"), "SELECT (1 + (2 * 3))");
  EXPECT_NE(Shape("1+2*3"), Shape("(1+2)*3"));
}

// A random unparenthesized expression over small integers and NULL.
class ExprGenerator {
 public:
  explicit ExprGenerator(uint32_t seed) : rng_(seed) {}

  std::string Next() {
    std::string text = Operand();
    int terms = 1 + Pick(5);
    for (int i = 0; i < terms; ++i) text += Connective() + Operand();
    return text;
  }

 private:
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }

  std::string Operand() {
    static const char* const kPrefixes[] = {"", "", "", "", "-", "+", "~", "NOT "};
    static const char* const kSuffixes[] = {
        "", "", "", "", "", " ISNULL", " NOTNULL", " NOT NULL", " COLLATE nocase"};
    std::string atom = Pick(10) == 0 ? "NULL" : std::to_string(Pick(6));
    return kPrefixes[Pick(8)] + atom + kSuffixes[Pick(9)];
  }

  std::string Connective() {
    static const char* const kBinary[] = {" || ",
                                          " * ",
                                          " / ",
                                          " % ",
                                          " + ",
                                          " - ",
                                          " & ",
                                          " | ",
                                          " << ",
                                          " >> ",
                                          " < ",
                                          " <= ",
                                          " > ",
                                          " >= ",
                                          " = ",
                                          " == ",
                                          " != ",
                                          " <> ",
                                          " IS ",
                                          " IS NOT ",
                                          " IS DISTINCT FROM ",
                                          " IS NOT DISTINCT FROM ",
                                          " AND ",
                                          " OR ",
                                          " LIKE ",
                                          " GLOB ",
                                          " NOT LIKE "};
    int choice = Pick(static_cast<int>(std::size(kBinary)) + 3);
    if (choice == static_cast<int>(std::size(kBinary))) {
      return " BETWEEN " + Operand() + " AND ";
    }
    if (choice == static_cast<int>(std::size(kBinary)) + 1) {
      return " NOT BETWEEN " + Operand() + " AND ";
    }
    if (choice == static_cast<int>(std::size(kBinary)) + 2) {
      return " IN (" + Operand() + ", " + Operand() + ") AND ";
    }
    return kBinary[choice];
  }

  std::mt19937 rng_;
};

// The value of a one-column query as "type:text", or "error: message".
std::string Evaluate(Oracle* oracle, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(oracle->db(), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    return std::string("error: ") + sqlite3_errmsg(oracle->db());
  }
  std::string value;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    value = std::to_string(sqlite3_column_type(stmt, 0)) + ":" +
            (text != nullptr ? reinterpret_cast<const char*>(text) : "");
  } else {
    value = std::string("error: ") + sqlite3_errmsg(oracle->db());
  }
  sqlite3_finalize(stmt);
  return value;
}

TEST(ParserPrecedence, RandomExpressionsEvaluateLikeSqlite) {
  Oracle oracle;
  ExprGenerator generator(4242);
  int compared = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string sql = "SELECT " + generator.Next();
    std::string expected = Evaluate(&oracle, sql);
    std::string printed = Print(sql);
    if (expected.rfind("error", 0) == 0) {
      // Both must reject it the same way when the error is the parser's.
      std::string message = expected.substr(7);
      if (IsParserMessage(message)) {
        EXPECT_EQ(printed, "error: " + message) << sql;
      }
      continue;
    }
    ASSERT_EQ(printed.rfind("error", 0), std::string::npos) << sql << "\n" << printed;
    EXPECT_EQ(Evaluate(&oracle, printed), expected) << sql << "\nprinted: " << printed;
    ++compared;
  }
  EXPECT_GT(compared, 3000);
}

}  // namespace
}  // namespace simlite::parser::testing
