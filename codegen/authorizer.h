// The authorizer (sqlite3_set_authorizer, c3ref/set_authorizer.html): while a statement
// compiles, codegen asks the connection's authorizer about each action the statement would
// take — reading a column, inserting into a table, creating an index, calling a function —
// with SQLite's action codes and arguments. The answer is SQLITE_OK, SQLITE_DENY (the
// statement fails to compile: SQLITE_AUTH) or SQLITE_IGNORE (the column reads as NULL, the
// column is not updated, the statement does nothing, as SQLite defines per action); any other
// answer fails the compile with "authorizer malfunction".
#pragma once

#include <functional>

namespace simlite::codegen {

// SQLite's action codes (the second argument of the callback), with their values.
enum class AuthAction : int {
  kCreateIndex = 1,
  kCreateTable = 2,
  kCreateTempIndex = 3,
  kCreateTempTable = 4,
  kCreateTempTrigger = 5,
  kCreateTempView = 6,
  kCreateTrigger = 7,
  kCreateView = 8,
  kDelete = 9,
  kDropIndex = 10,
  kDropTable = 11,
  kDropTempIndex = 12,
  kDropTempTable = 13,
  kDropTempTrigger = 14,
  kDropTempView = 15,
  kDropTrigger = 16,
  kDropView = 17,
  kInsert = 18,
  kPragma = 19,
  kRead = 20,
  kSelect = 21,
  kTransaction = 22,
  kUpdate = 23,
  kAttach = 24,
  kDetach = 25,
  kAlterTable = 26,
  kReindex = 27,
  kAnalyze = 28,
  kCreateVtable = 29,
  kDropVtable = 30,
  kFunction = 31,
  kSavepoint = 32,
  kRecursive = 33,
};

// The authorizer's answers (SQLITE_OK, SQLITE_DENY, SQLITE_IGNORE).
constexpr int kAuthOk = 0;
constexpr int kAuthDeny = 1;
constexpr int kAuthIgnore = 2;

// The connection's authorizer: action code, then the four nullable NUL-terminated strings
// SQLite passes (two action arguments, the database name, the innermost trigger or view);
// returns one of the answers above (anything else is a malfunction).
using Authorizer = std::function<int(int action, const char* arg1, const char* arg2,
                                     const char* database, const char* inner)>;

}  // namespace simlite::codegen
