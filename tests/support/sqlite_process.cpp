#include "tests/support/sqlite_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace simlite::testing {

namespace {

// Moves all `length` bytes with read() or write(), resuming after partial transfers.
template <typename Transfer>
bool TransferAll(Transfer transfer, char* bytes, size_t length) {
  while (length > 0) {
    ssize_t n = transfer(bytes, length);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes += n;
    length -= static_cast<size_t>(n);
  }
  return true;
}

bool WriteAll(int fd, const void* data, size_t length) {
  return TransferAll([fd](char* bytes, size_t n) { return write(fd, bytes, n); },
                     const_cast<char*>(static_cast<const char*>(data)), length);
}

bool ReadAll(int fd, void* data, size_t length) {
  return TransferAll([fd](char* bytes, size_t n) { return read(fd, bytes, n); },
                     static_cast<char*>(data), length);
}

bool SendMessage(int fd, const std::string& text) {
  uint32_t length = static_cast<uint32_t>(text.size());
  return WriteAll(fd, &length, sizeof(length)) && WriteAll(fd, text.data(), text.size());
}

bool ReceiveMessage(int fd, std::string* text) {
  uint32_t length = 0;
  if (!ReadAll(fd, &length, sizeof(length))) return false;
  text->resize(length);
  return ReadAll(fd, text->data(), length);
}

std::string RunSql(sqlite3* db, const std::string& sql) {
  std::string out;
  const char* tail = sql.c_str();
  while (tail != nullptr && *tail != '\0') {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, tail, -1, &stmt, &tail) != SQLITE_OK) {
      return std::string("<error: ") + sqlite3_errmsg(db) + ">";
    }
    if (stmt == nullptr) break;  // trailing whitespace or comment
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (!out.empty()) out += "\n";
      for (int column = 0; column < sqlite3_column_count(stmt); column++) {
        if (column > 0) out += "|";
        const unsigned char* text = sqlite3_column_text(stmt, column);
        out += text ? reinterpret_cast<const char*>(text) : "";
      }
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return std::string("<error: ") + sqlite3_errmsg(db) + ">";
  }
  return out;
}

[[noreturn]] void ChildMain(const std::string& db_path, int commands, int results) {
  sqlite3* db = nullptr;
  if (sqlite3_open(db_path.c_str(), &db) != SQLITE_OK) _exit(2);
  std::string sql;
  // An empty command (or the parent going away) ends the child.
  while (ReceiveMessage(commands, &sql) && !sql.empty()) {
    if (!SendMessage(results, RunSql(db, sql))) break;
  }
  sqlite3_close(db);
  _exit(0);
}

}  // namespace

SqliteProcess::SqliteProcess(const std::string& db_path) {
  signal(SIGPIPE, SIG_IGN);  // a dead child must fail the test, not kill the binary
  int commands[2], results[2];
  EXPECT_EQ(pipe(commands), 0);
  EXPECT_EQ(pipe(results), 0);
  pid_ = fork();
  EXPECT_GE(pid_, 0);
  if (pid_ == 0) {
    close(commands[1]);
    close(results[0]);
    ChildMain(db_path, commands[0], results[1]);
  }
  close(commands[0]);
  close(results[1]);
  to_child_ = commands[1];
  from_child_ = results[0];
}

SqliteProcess::~SqliteProcess() {
  if (pid_ <= 0) return;
  SendMessage(to_child_, "");
  close(to_child_);
  close(from_child_);
  int status = 0;
  waitpid(pid_, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "sqlite child failed";
}

std::string SqliteProcess::Exec(const std::string& sql) {
  EXPECT_FALSE(sql.empty());
  std::string result;
  if (pid_ <= 0 || !SendMessage(to_child_, sql) || !ReceiveMessage(from_child_, &result)) {
    ADD_FAILURE() << "sqlite child is gone";
    return "<child gone>";
  }
  return result;
}

void SqliteProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  close(to_child_);
  close(from_child_);
  pid_ = -1;
}

}  // namespace simlite::testing
