// Parses the SQL of every record of the sqllogictest corpus (../shared/slt, README.md there
// describes the format). Each file runs against a fresh real SQLite database: records that
// apply to SQLite and say "statement ok" are executed there to build the schema, and every
// record's SQL is prepared by SQLite as the oracle. Where SQLite parses a record we must too;
// where it reports a parser error we must report the same text.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/parser/parser_test_util.h"

namespace simlite::parser::testing {
namespace {

namespace fs = std::filesystem;

fs::path CorpusDir() {
  if (const char* dir = std::getenv("SIMLITE_SLT_DIR")) return fs::path(dir);
  // tests/parser/ -> repository root -> its sibling shared/slt.
  return fs::path(__FILE__).parent_path() / ".." / ".." / ".." / "shared" / "slt" / "test";
}

struct Record {
  std::string sql;
  bool is_statement_ok = false;
  bool for_sqlite = true;  // not excluded by skipif sqlite / onlyif <other>
  int line = 0;
};

// Splits a .test file into records (blank-line separated); stops at "halt".
std::vector<Record> ReadRecords(const fs::path& path) {
  std::ifstream in(path);
  std::vector<Record> records;
  std::string line;
  Record record;
  enum { kHeader, kSql, kSkip } state = kHeader;
  int line_number = 0;
  auto flush = [&] {
    if (!record.sql.empty()) records.push_back(record);
    record = Record();
    state = kHeader;
  };
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      flush();
      continue;
    }
    if (state == kSql) {
      if (line == "----") {
        state = kSkip;
      } else {
        record.sql += (record.sql.empty() ? "" : "\n") + line;
      }
      continue;
    }
    if (state == kSkip) continue;
    if (line == "halt" && record.for_sqlite) break;
    if (line.rfind("skipif sqlite", 0) == 0) record.for_sqlite = false;
    if (line.rfind("onlyif ", 0) == 0 && line.rfind("onlyif sqlite", 0) != 0) {
      record.for_sqlite = false;
    }
    if (line.rfind("statement", 0) == 0 || line.rfind("query", 0) == 0) {
      record.is_statement_ok = line.rfind("statement ok", 0) == 0;
      record.line = line_number;
      state = kSql;
    }
  }
  flush();
  return records;
}

TEST(ParserSltCorpus, ParsesEveryRecordSqliteParses) {
  fs::path dir = CorpusDir();
  if (!fs::exists(dir)) GTEST_SKIP() << "no sqllogictest corpus at " << dir;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".test") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  size_t records = 0;
  size_t failures = 0;
  size_t accepted = 0;  // records SQLite parses
  size_t rejected = 0;  // records SQLite rejects with a parser error
  for (const fs::path& file : files) {
    Oracle oracle;
    for (const Record& record : ReadRecords(file)) {
      ++records;
      Outcome expected = oracle.Prepare(record.sql);
      Outcome actual = ParseWithSimlite(record.sql);
      bool checked = expected.ok || IsParserMessage(expected.message);
      accepted += expected.ok;
      rejected += !expected.ok && checked;
      bool same = expected.ok ? actual.ok : (!actual.ok && actual.message == expected.message);
      if (checked && !same && ++failures <= 20) {
        ADD_FAILURE() << file.string() << ":" << record.line << "\n"
                      << record.sql << "\nsqlite:  " << (expected.ok ? "ok" : expected.message)
                      << "\nsimlite: " << (actual.ok ? "ok" : actual.message);
      }
      if (record.is_statement_ok && record.for_sqlite) oracle.Exec(record.sql);
    }
  }
  std::printf("slt corpus: %zu records in %zu files; sqlite parses %zu, rejects %zu as syntax\n",
              records, files.size(), accepted, rejected);
  EXPECT_GT(records, 50000u) << "corpus looks truncated";
  EXPECT_EQ(failures, 0u) << "of " << records << " records in " << files.size() << " files";
}

}  // namespace
}  // namespace simlite::parser::testing
