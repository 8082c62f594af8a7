#include "tests/slt/slt_runner.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "tests/slt/md5.h"

namespace simlite::slt {

namespace {

constexpr size_t kMaxReportedFailures = 10;

struct Record {
  int line = 0;
  enum class Kind { kStatement, kQuery, kHashThreshold, kHalt, kOther } kind = Kind::kOther;
  bool expect_error = false;
  std::string types;  // query
  std::string sort;   // nosort, rowsort, valuesort
  std::string label;
  std::string sql;
  std::vector<std::string> expected;  // lines after ----
  int threshold = 0;
  bool skip = false;
};

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

// Reads the next record (lines up to a blank line). Returns false at the end of the file.
bool ReadRecord(std::istream& in, int* line_number, const std::string& engine, Record* record) {
  *record = Record{};
  std::string line;
  // Skip blank lines and comments before the record.
  while (std::getline(in, line)) {
    (*line_number)++;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> words = Words(line);
    if (words.size() >= 2 && words[0] == "skipif") {
      if (words[1] == engine) record->skip = true;
      continue;
    }
    if (words.size() >= 2 && words[0] == "onlyif") {
      if (words[1] != engine) record->skip = true;
      continue;
    }
    record->line = *line_number;
    if (words[0] == "statement") {
      record->kind = Record::Kind::kStatement;
      record->expect_error = words.size() > 1 && words[1] == "error";
    } else if (words[0] == "query") {
      record->kind = Record::Kind::kQuery;
      record->types = words.size() > 1 ? words[1] : "";
      record->sort = words.size() > 2 ? words[2] : "nosort";
      record->label = words.size() > 3 ? words[3] : "";
    } else if (words[0] == "hash-threshold") {
      record->kind = Record::Kind::kHashThreshold;
      record->threshold = words.size() > 1 ? std::stoi(words[1]) : 0;
      return true;
    } else if (words[0] == "halt") {
      record->kind = Record::Kind::kHalt;
      return true;
    }
    break;
  }
  if (record->line == 0) return false;
  bool in_results = false;
  while (std::getline(in, line)) {
    (*line_number)++;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    if (record->kind == Record::Kind::kQuery && line == "----") {
      in_results = true;
    } else if (in_results) {
      record->expected.push_back(line);
    } else {
      if (!record->sql.empty()) record->sql += "\n";
      record->sql += line;
    }
  }
  return true;
}

// Sorts the values as the record asks: whole rows, or every value on its own.
void SortValues(const std::string& sort, size_t columns, std::vector<std::string>* values) {
  if (sort == "valuesort") {
    std::sort(values->begin(), values->end());
  } else if (sort == "rowsort" && columns > 0) {
    std::vector<std::vector<std::string>> rows;
    for (size_t at = 0; at + columns <= values->size(); at += columns) {
      rows.emplace_back(values->begin() + at, values->begin() + at + columns);
    }
    std::sort(rows.begin(), rows.end());
    values->clear();
    for (auto& row : rows) values->insert(values->end(), row.begin(), row.end());
  }
}

std::string HashValues(const std::vector<std::string>& values) {
  Md5 md5;
  for (const std::string& value : values) {
    md5.Update(value);
    md5.Update("\n");
  }
  return md5.HexDigest();
}

}  // namespace

std::string FormatText(std::string_view text) {
  if (text.empty()) return "(empty)";
  std::string out(text);
  for (char& ch : out) {
    if (ch < ' ' || ch > '~') ch = '@';
  }
  return out;
}

FileResult SltRunner::RunFile(const std::string& path, SltDatabase* database) {
  FileResult result;
  result.path = path;
  std::ifstream in(path);
  if (!in) {
    result.failed = 1;
    result.failures.push_back("cannot open " + path);
    return result;
  }
  int line_number = 0;
  int threshold = 8;
  std::map<std::string, std::string> label_hashes;
  Record record;
  auto fail = [&](const std::string& why) {
    result.failed++;
    if (result.failures.size() < kMaxReportedFailures) {
      result.failures.push_back(path + ":" + std::to_string(record.line) + ": " + why);
    }
  };
  while (ReadRecord(in, &line_number, engine_name_, &record)) {
    // A halt (or a hash-threshold) under skipif/onlyif applies only to the engines named.
    if (record.kind == Record::Kind::kHalt && !record.skip) break;
    if (record.kind == Record::Kind::kHalt) continue;
    if (record.kind == Record::Kind::kHashThreshold) {
      threshold = record.threshold;
      continue;
    }
    if (record.kind == Record::Kind::kOther) continue;
    if (record.skip) {
      result.skipped++;
      continue;
    }
    std::string error;
    if (record.kind == Record::Kind::kStatement) {
      bool ok = database->Execute(record.sql, &error);
      if (ok == record.expect_error) {
        fail(ok ? "statement succeeded, expected an error: " + record.sql
                : "statement failed: " + error + ": " + record.sql);
      } else {
        result.passed++;
      }
      continue;
    }
    std::vector<std::string> values;
    if (!database->Query(record.sql, record.types, &values, &error)) {
      // The corpus records a query that fails (e.g. sum() overflowing) as one with no rows.
      if (record.expected.empty()) {
        result.passed++;
      } else {
        fail("query failed: " + error + ": " + record.sql);
      }
      continue;
    }
    SortValues(record.sort, record.types.size(), &values);
    std::vector<std::string> actual = values;
    bool hashed = threshold > 0 && values.size() > static_cast<size_t>(threshold);
    if (hashed) {
      actual = {std::to_string(values.size()) + " values hashing to " + HashValues(values)};
    }
    bool matches = actual == record.expected;
    if (!record.label.empty()) {
      std::string hash = HashValues(values);
      auto [it, inserted] = label_hashes.emplace(record.label, hash);
      if (!inserted && it->second != hash) matches = false;
    }
    if (matches) {
      result.passed++;
    } else {
      std::string got = actual.empty() ? "(no rows)" : actual[0];
      fail("wrong result (first value " + got + "): " + record.sql);
    }
  }
  return result;
}

}  // namespace simlite::slt
