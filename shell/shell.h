// Shell: the simlite command's state and its two kinds of input, SQL and dot-commands, run on
// one engine::Connection. It reproduces SQLite 3.40.1's shell (cli.html) where it implements
// something: what it prints on stdout, its error messages on stderr and its exit status.
//
// Input is read a line at a time. A line that starts with '.' while no SQL is pending is a
// dot-command; other lines accumulate until the text is complete (parser::IsComplete, like
// sqlite3_complete), and then every statement in it runs in turn. Errors are counted; with
// .bail on the first one stops the input.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/connection.h"
#include "shell/result_printer.h"

namespace simlite::shell {

class Shell {
 public:
  // path: the database file ("" or ":memory:" for an in-memory database).
  Shell(std::string path, bool stdin_interactive);

  // Opens the database when not yet open. Returns false (message printed) when it cannot.
  bool OpenDatabase();

  // Reads and runs input until its end, .quit or (with bail) an error. in_file: the input is
  // a file of .read, whose errors name their line in it even when stdin is a terminal.
  // Returns the number of errors.
  int ProcessInput(std::FILE* in, bool interactive, bool in_file);

  // Runs SQL given on the command line: errors print as "Error: in prepare, ...". Returns 0,
  // or on error the exit status SQLite's shell gives (the error's primary result code).
  int RunCommandLineSql(std::string_view sql);
  // Runs a dot-command line. Returns false on error.
  enum class CommandResult : uint8_t { kOk, kError, kQuit };
  CommandResult RunDotCommand(std::string_view line);

  OutputSettings& settings() { return settings_; }
  void set_bail(bool bail) { bail_ = bail; }
  bool quit_requested() const { return quit_; }
  int exit_code() const { return exit_code_; }

 private:
  // Runs each statement of sql; on an error, *error gets "in prepare, MESSAGE[CONTEXT]" or
  // "stepping, MESSAGE (CODE)", *error_rc its code, and the rest of sql is skipped.
  bool Execute(std::string_view sql, std::string* error, Rc* error_rc);
  bool RunStatement(engine::Statement* statement, std::string* error, Rc* error_rc);
  // Runs one complete chunk of input SQL, printing an error as the shell does.
  bool RunChunk(std::string_view sql, int start_line, bool in_file);
  std::string ErrorContext(std::string_view sql, int offset) const;
  void Flush();

  // Dot-commands (dot_commands.cpp).
  CommandResult DoTables(const std::vector<std::string>& args);
  CommandResult DoSchema(const std::vector<std::string>& args);
  CommandResult DoDatabases();
  CommandResult DoMode(const std::vector<std::string>& args);
  CommandResult DoRead(const std::vector<std::string>& args);
  CommandResult DoShow();
  // Runs a query of the shell's own, collecting each row's columns as text.
  bool QueryRows(const std::string& sql, std::vector<std::vector<std::string>>* rows);
  // The UNION ALL of select(schema table, database name) over every database ("" when the
  // databases cannot be listed).
  std::string OverEveryDatabase(
      const std::function<std::string(const std::string& table, const std::string& db)>& select);
  // The comment .schema adds after a view of database `db`.
  std::string ViewColumnsComment(const std::string& db, const std::string& view);

  std::string path_;
  bool stdin_interactive_;
  std::unique_ptr<engine::Connection> connection_;
  OutputSettings settings_;
  std::string out_;  // pending stdout output
  bool bail_ = false;
  bool show_changes_ = false;
  bool quit_ = false;
  int exit_code_ = 0;  // what .exit N asks for
  int read_depth_ = 0;
};

}  // namespace simlite::shell
