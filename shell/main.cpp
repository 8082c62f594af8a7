// simlite [OPTIONS] [FILE] [SQL...]: the SQL shell (cli.html). With SQL arguments it runs them
// in turn and exits; otherwise it reads SQL and dot-commands from stdin, with prompts when stdin
// is a terminal. Exit status as SQLite's shell: 1 when an error occurred (or the database
// cannot be opened), else 0; ".exit N" exits with N.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "shell/shell.h"

namespace simlite::shell {
namespace {

constexpr const char* kVersion = "0.1.0";
constexpr const char* kSqliteVersion = "3.40.1";

struct Options {
  std::string path;
  std::vector<std::string> commands;  // SQL or dot-commands given after the file
  bool bail = false;
  int interactive = -1;  // -1: when stdin is a terminal
  std::vector<std::string> dot_commands;  // settings from options, run before the input
};

void PrintUsage(const char* argv0) {
  std::printf(
      "Usage: %s [OPTIONS] FILENAME [SQL...]\n"
      "FILENAME is the name of an SQLite database. A new database is created\n"
      "if the file does not previously exist.\n"
      "OPTIONS include:\n"
      "   -bail                stop after hitting an error\n"
      "   -batch               force batch I/O\n"
      "   -box                 set output mode to 'box'\n"
      "   -column              set output mode to 'column'\n"
      "   -csv                 set output mode to 'csv'\n"
      "   -header              turn headers on\n"
      "   -help                show this message\n"
      "   -interactive         force interactive I/O\n"
      "   -line                set output mode to 'line'\n"
      "   -list                set output mode to 'list'\n"
      "   -markdown            set output mode to 'markdown'\n"
      "   -noheader            turn headers off\n"
      "   -nullvalue TEXT      set text string for NULL values. Default ''\n"
      "   -quote               set output mode to 'quote'\n"
      "   -separator SEP       set output column separator. Default: '|'\n"
      "   -table               set output mode to 'table'\n"
      "   -tabs                set output mode to 'tabs'\n"
      "   -version             show SQLite version\n",
      argv0);
}

// Quotes an option's argument for the dot-command it becomes.
std::string Quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c != '\'') out += c;
  }
  return out + "'";
}

// Returns -1 to go on, else the exit status.
int ParseOptions(int argc, char** argv, Options* options) {
  bool have_path = false;
  for (int arg_idx = 1; arg_idx < argc; arg_idx++) {
    std::string arg = argv[arg_idx];
    if (arg.size() < 2 || arg[0] != '-') {
      if (!have_path) {
        options->path = arg;
        have_path = true;
      } else {
        options->commands.push_back(arg);
      }
      continue;
    }
    if (arg.starts_with("--")) arg.erase(0, 1);
    static const char* const kModes[] = {"-box",   "-column", "-csv",   "-line", "-list",
                                         "-markdown", "-quote", "-table", "-tabs"};
    bool is_mode = false;
    for (const char* mode : kModes) is_mode = is_mode || arg == mode;
    if (is_mode) {
      options->dot_commands.push_back(".mode " + arg.substr(1));
      // -csv, unlike .mode csv, keeps the row separator.
      if (arg == "-csv") options->dot_commands.push_back(".separator , \\n");
    } else if (arg == "-bail") {
      options->bail = true;
    } else if (arg == "-header" || arg == "-headers") {
      options->dot_commands.push_back(".headers on");
    } else if (arg == "-noheader" || arg == "-noheaders") {
      options->dot_commands.push_back(".headers off");
    } else if ((arg == "-separator" || arg == "-nullvalue") && arg_idx + 1 < argc) {
      options->dot_commands.push_back("." + arg.substr(1) + " " + Quoted(argv[++arg_idx]));
    } else if (arg == "-batch") {
      options->interactive = 0;
    } else if (arg == "-interactive") {
      options->interactive = 1;
    } else if (arg == "-version") {
      std::printf("%s (simlite %s)\n", kSqliteVersion, kVersion);
      return 0;
    } else if (arg == "-help") {
      PrintUsage(argv[0]);
      return 0;
    } else {
      std::fprintf(stderr, "%s: Error: unknown option: %s\nUse -help for a list of options.\n",
                   argv[0], argv[arg_idx]);
      return 1;
    }
  }
  return -1;
}

int Run(int argc, char** argv) {
  Options options;
  const int status = ParseOptions(argc, argv, &options);
  if (status >= 0) return status;
  const bool stdin_tty = isatty(STDIN_FILENO) != 0;
  const bool interactive =
      options.commands.empty() && (options.interactive < 0 ? stdin_tty : options.interactive);
  Shell shell(options.path, interactive);
  shell.set_bail(options.bail);
  // Options apply in order, as the dot-commands they stand for (the same messages).
  for (const std::string& command : options.dot_commands) {
    if (shell.RunDotCommand(command) != Shell::CommandResult::kOk) {
      return 1;
    }
  }
  if (!shell.OpenDatabase()) return 1;
  if (!options.commands.empty()) {
    for (const std::string& command : options.commands) {
      if (command[0] == '.') {
        Shell::CommandResult result = shell.RunDotCommand(command);
        if (result == Shell::CommandResult::kQuit) break;
        if (result == Shell::CommandResult::kError) return 1;
      } else if (int code = shell.RunCommandLineSql(command); code != 0) {
        return code;
      }
    }
    return 0;
  }
  if (interactive) {
    std::printf("simlite %s (SQLite %s compatible)\nEnter \".help\" for usage hints.\n", kVersion,
                kSqliteVersion);
    if (options.path.empty()) std::printf("Connected to a transient in-memory database.\n");
  }
  return shell.ProcessInput(stdin, interactive, /*in_file=*/false) > 0 ? 1 : 0;
}

}  // namespace
}  // namespace simlite::shell

int main(int argc, char** argv) { return simlite::shell::Run(argc, argv); }
