// A real SQLite connection in a child process. Tests that share a database between SQLite
// and simlite at the same time use it, because POSIX (process-associated) locks, which
// SQLite takes, are all dropped when the process closes any descriptor of the file: with
// SQLite in the test's own process, simlite closing a handle would silently unlock SQLite.
#pragma once

#include <sys/types.h>

#include <string>

namespace simlite::testing {

class SqliteProcess {
 public:
  // Forks a child that opens db_path with sqlite3_open and waits for SQL.
  explicit SqliteProcess(const std::string& db_path);
  // Closes the connection (sqlite3_close, with its checkpoint and cleanup) and reaps the child.
  ~SqliteProcess();
  SqliteProcess(const SqliteProcess&) = delete;
  SqliteProcess& operator=(const SqliteProcess&) = delete;

  // Runs every statement of sql in the child. Returns the rows of all statements, columns
  // joined by '|' and rows by '\n' (as the sqlite3 shell prints them), or
  // "<error: message>" when a statement fails (SQLite's own message).
  std::string Exec(const std::string& sql);
  // Kills the child with SIGKILL mid-whatever and reaps it: no cleanup happens.
  void Kill();

 private:
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
};

}  // namespace simlite::testing
