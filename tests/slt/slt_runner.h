// A sqllogictest runner (the format of SQLite's sqllogictest corpus; see shared/slt/README.md).
// It drives any SltDatabase: simlite's engine, or real SQLite (which must pass every record,
// and so checks the runner itself).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace simlite::slt {

// One database the runner drives. Query results come back as text, one string per value,
// already formatted by the column's type letter (I, R or T) as sqllogictest prints values.
class SltDatabase {
 public:
  virtual ~SltDatabase() = default;
  // Runs a statement; false (with *error) when it fails.
  virtual bool Execute(const std::string& sql, std::string* error) = 0;
  // Runs a query; false (with *error) when it fails. `types` has one letter per column.
  virtual bool Query(const std::string& sql, const std::string& types,
                     std::vector<std::string>* values, std::string* error) = 0;
};

// Formatting shared by the adapters: how sqllogictest prints a text value (empty text as
// "(empty)", characters outside ' '..'~' as '@').
std::string FormatText(std::string_view text);

struct FileResult {
  std::string path;
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  std::vector<std::string> failures;  // the first few, for the report
};

class SltRunner {
 public:
  // engine_name: the name skipif/onlyif lines test ("sqlite" for both engines: simlite
  // aims to be SQLite).
  explicit SltRunner(std::string engine_name = "sqlite") : engine_name_(std::move(engine_name)) {}

  // Runs every record of one file on a fresh database.
  FileResult RunFile(const std::string& path, SltDatabase* database);

 private:
  std::string engine_name_;
};

}  // namespace simlite::slt
