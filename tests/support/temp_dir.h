// A fresh directory per test, removed with everything in it at the end.
#pragma once

#include <string>

namespace simlite::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Runs SQL on a database file with real SQLite; fails the current test on an error.
void RealSqliteExec(const std::string& db_path, const std::string& sql);

// The single-column rows of a query on real SQLite, as text ("NULL" for NULL).
std::string RealSqliteQuery(const std::string& db_path, const std::string& sql);

}  // namespace simlite::testing
