// Every statement form of the corpus: real SQLite parses it, so must we; printing our tree
// gives SQL that SQLite also parses, and that parses back to the same tree.
#include "tests/parser/statement_corpus.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/parser/parser_test_util.h"

namespace simlite::parser::testing {
namespace {

class ParserStatementCorpus : public ::testing::TestWithParam<std::string_view> {};

TEST_P(ParserStatementCorpus, ParsesPrintsAndRoundTrips) {
  std::string sql(GetParam());
  Oracle oracle;
  ASSERT_TRUE(oracle.Exec(std::string(kCorpusSchema)));
  Outcome expected = oracle.Prepare(sql);
  ASSERT_FALSE(!expected.ok && IsParserMessage(expected.message))
      << "SQLite rejects a corpus statement: " << expected.message;

  Outcome first = ParseWithSimlite(sql);
  ASSERT_TRUE(first.ok) << sql << "\n" << first.message;
  Outcome second = ParseWithSimlite(first.printed);
  ASSERT_TRUE(second.ok) << first.printed << "\n" << second.message;
  EXPECT_EQ(first.printed, second.printed);

  Outcome reprinted = oracle.Prepare(first.printed);
  EXPECT_FALSE(!reprinted.ok && IsParserMessage(reprinted.message)) << first.printed << "\n"
                                                                    << reprinted.message;
}

INSTANTIATE_TEST_SUITE_P(All, ParserStatementCorpus, ::testing::ValuesIn(kCorpus));

}  // namespace
}  // namespace simlite::parser::testing
