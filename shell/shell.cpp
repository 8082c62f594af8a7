#include "shell/shell.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <cstring>

#include "parser/parser.h"
#include "vdbe/numeric.h"

namespace simlite::shell {
namespace {

constexpr const char* kPrompt = "simlite> ";
constexpr const char* kContinuePrompt = "   ...> ";
// Error context: SQLite's shell shows at most this many bytes of the statement, starting no
// more than kContextLead bytes before the error's offset.
constexpr int kContextLead = 50;
constexpr size_t kContextBytes = 78;
constexpr int kCaretLeftMax = 25;  // offsets from here on get "error here ---^"

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

// True when text holds only spaces and complete comments.
bool AllWhitespace(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (vdbe::IsSpace(static_cast<uint8_t>(c))) {
      pos++;
    } else if (text.substr(pos, 2) == "/*") {
      size_t end = text.find("*/", pos + 2);
      if (end == std::string_view::npos) return false;
      pos = end + 2;
    } else if (text.substr(pos, 2) == "--") {
      size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) return true;
      pos = end + 1;
    } else {
      return false;
    }
  }
  return true;
}

std::string_view SkipSpaces(std::string_view text) {
  while (!text.empty() && vdbe::IsSpace(static_cast<uint8_t>(text.front()))) {
    text.remove_prefix(1);
  }
  return text;
}

// A line that is only "go" or "/" ends the pending SQL (as in SQL Server and Oracle tools).
bool IsCommandTerminator(std::string_view line) {
  line = SkipSpaces(line);
  while (!line.empty() && vdbe::IsSpace(static_cast<uint8_t>(line.back()))) line.remove_suffix(1);
  if (line == "/") return true;
  return line.size() == 2 && (line[0] == 'g' || line[0] == 'G') &&
         (line[1] == 'o' || line[1] == 'O');
}

// Reads one line without its "\n" (or "\r\n"). Returns false at the end of the input.
bool ReadLine(std::FILE* in, std::string* line) {
  line->clear();
  int c;
  bool any = false;
  while ((c = std::fgetc(in)) != EOF) {
    any = true;
    if (c == '\n') break;
    line->push_back(static_cast<char>(c));
  }
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return any;
}

std::string CodeSuffix(Rc rc) {
  const int code = static_cast<int>(PrimaryCode(rc));
  return code > 1 ? " (" + std::to_string(code) + ")" : "";
}

}  // namespace

Shell::Shell(std::string path, bool stdin_interactive)
    : path_(std::move(path)), stdin_interactive_(stdin_interactive) {}

bool Shell::OpenDatabase() {
  if (connection_ != nullptr) return true;
  std::unique_ptr<engine::Connection> connection;
  Rc rc = engine::Connection::Open(path_, engine::OpenOptions{}, &connection);
  if (rc != Rc::kOk) {
    std::fprintf(stderr, "Error: unable to open database \"%s\": %s\n", path_.c_str(),
                 connection != nullptr ? connection->error_message().c_str() : ErrStr(rc));
    return false;
  }
  connection_ = std::move(connection);
  return true;
}

void Shell::Flush() {
  if (!out_.empty()) std::fwrite(out_.data(), 1, out_.size(), stdout);
  out_.clear();
  std::fflush(stdout);
}

std::string Shell::ErrorContext(std::string_view sql, int offset) const {
  if (offset < 0) return "";
  // Drop leading characters (whole UTF-8 sequences) until the offset is within the lead.
  while (offset > kContextLead && !sql.empty()) {
    sql.remove_prefix(1);
    offset--;
    while (!sql.empty() && IsContinuation(sql.front())) {
      sql.remove_prefix(1);
      offset--;
    }
  }
  size_t length = std::min(sql.size(), kContextBytes);
  while (length > 0 && length < sql.size() && IsContinuation(sql[length])) length--;
  std::string code(sql.substr(0, length));
  for (char& c : code) {
    if (vdbe::IsSpace(static_cast<uint8_t>(c))) c = ' ';
  }
  if (offset < kCaretLeftMax) {
    return "\n  " + code + "\n  " + std::string(static_cast<size_t>(offset), ' ') +
           "^--- error here";
  }
  return "\n  " + code + "\n  " + std::string(static_cast<size_t>(offset - 14), ' ') +
         "error here ---^";
}

bool Shell::RunStatement(engine::Statement* statement, std::string* error, Rc* error_rc) {
  ResultPrinter printer(settings_, &out_);
  const int column_count = statement->column_count();
  if (column_count > 0) {
    std::vector<std::string> names;
    for (int column_idx = 0; column_idx < column_count; column_idx++) {
      names.emplace_back(statement->column_name(column_idx));
    }
    printer.Start(std::move(names));
    const Mode mode = settings_.mode;
    if (mode == Mode::kColumn || mode == Mode::kBox || mode == Mode::kTable ||
        mode == Mode::kMarkdown) {
      settings_.width_count = std::max(settings_.width_count, static_cast<size_t>(column_count));
    }
  }
  Rc rc;
  std::vector<Cell> cells(static_cast<size_t>(column_count));
  while ((rc = statement->Step()) == Rc::kRow) {
    for (int column_idx = 0; column_idx < column_count; column_idx++) {
      cells[static_cast<size_t>(column_idx)] =
          ResultPrinter::MakeCell(statement->column(column_idx));
    }
    printer.Row(cells);
  }
  if (column_count > 0) printer.Finish();
  if (rc == Rc::kDone) return true;
  *error = "stepping, " + connection_->error_message() + CodeSuffix(rc);
  *error_rc = rc;
  return false;
}

bool Shell::Execute(std::string_view sql, std::string* error, Rc* error_rc) {
  if (!OpenDatabase()) {
    *error = "unable to open database";
    return false;
  }
  for (sql = SkipSpaces(sql); !sql.empty(); sql = SkipSpaces(sql)) {
    std::unique_ptr<engine::Statement> statement;
    size_t tail = 0;
    Rc rc = connection_->Prepare(sql, &statement, &tail);
    if (rc != Rc::kOk) {
      *error_rc = rc;
      *error = "in prepare, " + connection_->error_message() +
               ErrorContext(sql, connection_->error_offset()) + CodeSuffix(rc);
      return false;
    }
    if (statement != nullptr && !RunStatement(statement.get(), error, error_rc)) return false;
    if (tail == 0) break;
    sql.remove_prefix(std::min(tail, sql.size()));
  }
  return true;
}

bool Shell::RunChunk(std::string_view sql, int start_line, bool in_file) {
  std::string error;
  Rc rc = Rc::kOk;
  const bool ok = Execute(sql, &error, &rc);
  Flush();
  if (!ok) {
    const char* type = "Error";
    std::string_view tail = error;
    if (tail.starts_with("in prepare, ")) {
      type = "Parse error";
      tail.remove_prefix(std::strlen("in prepare, "));
    } else if (tail.starts_with("stepping, ")) {
      type = "Runtime error";
      tail.remove_prefix(std::strlen("stepping, "));
    }
    if (in_file || !stdin_interactive_) {
      std::fprintf(stderr, "%s near line %d: %.*s\n", type, start_line,
                   static_cast<int>(tail.size()), tail.data());
    } else {
      std::fprintf(stderr, "%s: %.*s\n", type, static_cast<int>(tail.size()), tail.data());
    }
    return false;
  }
  if (show_changes_) {
    std::printf("changes: %lld   total_changes: %lld\n",
                static_cast<long long>(connection_->changes()),
                static_cast<long long>(connection_->total_changes()));
  }
  return true;
}

int Shell::RunCommandLineSql(std::string_view sql) {
  std::string error;
  Rc rc = Rc::kOk;
  const bool ok = Execute(sql, &error, &rc);
  Flush();
  if (ok) return 0;
  std::fprintf(stderr, "Error: %s\n", error.c_str());
  return rc == Rc::kOk ? 1 : static_cast<int>(PrimaryCode(rc));
}

int Shell::ProcessInput(std::FILE* in, bool interactive, bool in_file) {
  int error_count = 0;
  int line_number = 0;
  int start_line = 0;
  std::string pending;  // SQL read but not yet complete
  std::string line;
  // Once bail is on, an error (even one from before) ends the input.
  while (!quit_ && !(bail_ && error_count > 0)) {
    if (interactive) {
      std::fputs(pending.empty() ? kPrompt : kContinuePrompt, stdout);
      std::fflush(stdout);
    }
    if (!ReadLine(in, &line)) {
      if (interactive) std::fputs("\n", stdout);
      break;
    }
    line_number++;
    if (pending.empty() && AllWhitespace(line)) continue;
    if (pending.empty() && (line[0] == '.' || line[0] == '#')) {
      if (line[0] == '#') continue;
      CommandResult result = RunDotCommand(line);
      Flush();
      if (result == CommandResult::kQuit) break;
      if (result == CommandResult::kError) error_count++;
      continue;
    }
    if (!pending.empty() && IsCommandTerminator(line) && parser::IsComplete(pending + ";")) {
      line = ";";
    }
    if (pending.empty()) {
      pending = SkipSpaces(line);
      start_line = line_number;
    } else {
      pending += '\n';
      pending += line;
    }
    if (parser::IsComplete(pending)) {
      if (!RunChunk(pending, start_line, in_file)) error_count++;
      pending.clear();
    } else if (AllWhitespace(pending)) {
      pending.clear();
    }
  }
  if (!pending.empty() && !AllWhitespace(pending)) {
    if (!RunChunk(pending, start_line, in_file)) error_count++;
  }
  Flush();
  return error_count;
}

}  // namespace simlite::shell
