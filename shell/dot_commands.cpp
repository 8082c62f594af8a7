// The shell's dot-commands: the subset of SQLite's (cli.html) that simlite implements, with
// their output and messages as SQLite 3.40.1's shell words them.
#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "parser/keyword.h"
#include "shell/shell.h"
#include "vdbe/numeric.h"

namespace simlite::shell {
namespace {

constexpr size_t kTablesLineWidth = 80;  // .tables lays names out in columns within this

// Resolves C escapes: \n \t \r \f \v \a \b \\ \" \' and octal \NNN.
std::string ResolveBackslashes(std::string_view text) {
  std::string out;
  for (size_t pos = 0; pos < text.size(); pos++) {
    char c = text[pos];
    if (c != '\\' || pos + 1 == text.size()) {
      out += c;
      continue;
    }
    c = text[++pos];
    switch (c) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'v': out += '\v'; break;
      case 'f': out += '\f'; break;
      case 'r': out += '\r'; break;
      default:
        if (c >= '0' && c <= '7') {
          int value = 0;
          for (int digit = 0; digit < 3 && pos < text.size() && text[pos] >= '0' &&
                              text[pos] <= '7';
               digit++, pos++) {
            value = value * 8 + (text[pos] - '0');
          }
          pos--;
          out += static_cast<char>(value);
        } else {
          out += c;
        }
    }
  }
  return out;
}

// Splits a dot-command line into words: '...' is literal, "..." resolves C escapes, and a bare
// word ends at a space. `bare_escapes` lists... nothing: callers resolve bare words as needed.
std::vector<std::string> SplitArgs(std::string_view line, std::vector<bool>* bare) {
  std::vector<std::string> args;
  size_t pos = 1;  // after the '.'
  while (pos < line.size()) {
    while (pos < line.size() && vdbe::IsSpace(static_cast<uint8_t>(line[pos]))) pos++;
    if (pos == line.size()) break;
    const char quote = line[pos];
    if (quote == '"' || quote == '\'') {
      size_t end = ++pos;
      while (end < line.size() && line[end] != quote) {
        if (quote == '"' && line[end] == '\\' && end + 1 < line.size()) end++;
        end++;
      }
      std::string_view word = line.substr(pos, end - pos);
      args.push_back(quote == '"' ? ResolveBackslashes(word) : std::string(word));
      bare->push_back(false);
      pos = end + 1;
    } else {
      size_t end = pos;
      while (end < line.size() && !vdbe::IsSpace(static_cast<uint8_t>(line[end]))) end++;
      args.emplace_back(line.substr(pos, end - pos));
      bare->push_back(true);
      pos = end;
    }
  }
  return args;
}

// SQLite's shell's booleans: an integer (non-zero is true), or on/yes and off/no.
bool BooleanValue(const std::string& text) {
  if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return vdbe::IsDigit(static_cast<uint8_t>(c));
      })) {
    return std::strtoll(text.c_str(), nullptr, 10) != 0;
  }
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "on" || lower == "yes") return true;
  if (lower != "off" && lower != "no") {
    std::fprintf(stderr, "ERROR: Not a boolean value: \"%s\". Assuming \"no\".\n", text.c_str());
  }
  return false;
}

// text between two `quote` characters, each quote inside doubled (SQL's quoting).
std::string Enclose(const std::string& text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  return out + quote;
}

// A string literal for SQL text.
std::string SqlQuote(const std::string& text) { return Enclose(text, '\''); }

// An identifier as SQLite's shell writes it in a view's column comment: bare when it is a
// plain word, else in double quotes.
std::string QuoteIdentifier(const std::string& name) {
  bool plain = !name.empty() && !vdbe::IsDigit(static_cast<uint8_t>(name[0])) &&
               parser::LookupKeyword(name) == parser::Tok::kId;
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    plain = plain && (std::isalnum(byte) || c == '_' || byte >= 0x80);
  }
  return plain ? name : Enclose(name, '"');
}

// output_c_string of SQLite's shell: a C string literal, for .show.
std::string CString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char octal[8];
          std::snprintf(octal, sizeof(octal), "\\%03o", static_cast<unsigned char>(c));
          out += octal;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

const char* ModeName(Mode mode) {
  switch (mode) {
    case Mode::kList: return "list";
    case Mode::kCsv: return "csv";
    case Mode::kLine: return "line";
    case Mode::kColumn: return "column";
    case Mode::kQuote: return "quote";
    case Mode::kBox: return "box";
    case Mode::kTable: return "table";
    case Mode::kMarkdown: return "markdown";
  }
  return "list";
}

// The dot-commands, each matched by any prefix of its name at least `min_length` long, in
// the order SQLite's shell tries them where prefixes overlap.
enum class Command : uint8_t {
  kBail, kChanges, kDatabases, kExit, kHeaders, kHelp, kMode, kNullValue, kQuit, kRead,
  kSchema, kSeparator, kShow, kTables, kUnknown,
};
struct CommandName {
  const char* name;
  size_t min_length;
  Command command;
};
constexpr CommandName kCommands[] = {
    {"bail", 2, Command::kBail},           {"changes", 2, Command::kChanges},
    {"databases", 2, Command::kDatabases}, {"exit", 2, Command::kExit},
    {"headers", 1, Command::kHeaders},     {"help", 3, Command::kHelp},
    {"mode", 2, Command::kMode},           {"nullvalue", 1, Command::kNullValue},
    {"quit", 1, Command::kQuit},           {"read", 3, Command::kRead},
    {"schema", 3, Command::kSchema},       {"separator", 3, Command::kSeparator},
    {"show", 4, Command::kShow},           {"tables", 2, Command::kTables},
};

Command Lookup(const std::string& word) {
  for (const CommandName& entry : kCommands) {
    if (word.size() >= entry.min_length && word.size() <= std::strlen(entry.name) &&
        std::strncmp(entry.name, word.c_str(), word.size()) == 0) {
      return entry.command;
    }
  }
  return Command::kUnknown;
}

constexpr const char* kHelpText =
    ".bail on|off             Stop after hitting an error.  Default OFF\n"
    ".changes on|off          Show number of rows changed by SQL\n"
    ".databases               List names and files of attached databases\n"
    ".exit ?CODE?             Exit this program with return-code CODE\n"
    ".headers on|off          Turn display of headers on or off\n"
    ".help                    Show this message\n"
    ".mode MODE               Set output mode, one of:\n"
    "     box                   Tables using unicode box-drawing characters\n"
    "     column                Output in columns\n"
    "     csv                   Comma-separated values\n"
    "     line                  One value per line\n"
    "     list                  Values delimited by \"|\"\n"
    "     markdown              Markdown table format\n"
    "     quote                 Escape answers as for SQL\n"
    "     table                 ASCII-art table\n"
    "     tabs                  Tab-separated values\n"
    ".nullvalue STRING        Use STRING in place of NULL values\n"
    ".quit                    Exit this program\n"
    ".read FILE               Read input from FILE\n"
    ".schema ?PATTERN?        Show the CREATE statements matching PATTERN\n"
    ".separator COL ?ROW?     Change the column and row separators\n"
    ".show                    Show the current values for various settings\n"
    ".tables ?PATTERN?        List names of tables matching LIKE pattern PATTERN\n";

}  // namespace

Shell::CommandResult Shell::RunDotCommand(std::string_view line) {
  std::vector<bool> bare;
  std::vector<std::string> args = SplitArgs(line, &bare);
  if (args.empty()) return CommandResult::kOk;
  auto usage = [](const char* text) {
    std::fprintf(stderr, "Usage: %s\n", text);
    return CommandResult::kError;
  };
  switch (Lookup(args[0])) {
    case Command::kQuit:
      return CommandResult::kQuit;
    case Command::kExit: {
      const int code = args.size() > 1 ? std::atoi(args[1].c_str()) : 0;
      if (code != 0) {
        Flush();
        std::exit(code);
      }
      return CommandResult::kQuit;
    }
    case Command::kBail:
      if (args.size() != 2) return usage(".bail on|off");
      bail_ = BooleanValue(args[1]);
      return CommandResult::kOk;
    case Command::kChanges:
      if (args.size() != 2) return usage(".changes on|off");
      show_changes_ = BooleanValue(args[1]);
      return CommandResult::kOk;
    case Command::kHeaders:
      if (args.size() != 2) return usage(".headers on|off");
      settings_.headers = BooleanValue(args[1]);
      settings_.headers_set = true;
      return CommandResult::kOk;
    case Command::kNullValue:
      if (args.size() != 2) return usage(".nullvalue STRING");
      settings_.null_value = bare[1] ? ResolveBackslashes(args[1]) : args[1];
      return CommandResult::kOk;
    case Command::kSeparator:
      // As SQLite's shell: too many arguments print the usage, yet the first two apply.
      if (args.size() >= 2) {
        settings_.column_separator = bare[1] ? ResolveBackslashes(args[1]) : args[1];
      }
      if (args.size() >= 3) {
        settings_.row_separator = bare[2] ? ResolveBackslashes(args[2]) : args[2];
      }
      if (args.size() < 2 || args.size() > 3) return usage(".separator COL ?ROW?");
      return CommandResult::kOk;
    case Command::kMode:
      return DoMode(args);
    case Command::kTables:
      return DoTables(args);
    case Command::kSchema:
      return DoSchema(args);
    case Command::kDatabases:
      return DoDatabases();
    case Command::kRead:
      return DoRead(args);
    case Command::kShow:
      if (args.size() != 1) return usage(".show");
      return DoShow();
    case Command::kHelp:
      if (args.size() > 1) {
        std::printf("Nothing matches '%s'\n", args[1].c_str());
      } else {
        std::fputs(kHelpText, stdout);
      }
      return CommandResult::kOk;
    case Command::kUnknown:
      break;
  }
  std::fprintf(stderr,
               "Error: unknown command or invalid arguments:  \"%s\". Enter \".help\" for help\n",
               args[0].c_str());
  return CommandResult::kError;
}

Shell::CommandResult Shell::DoMode(const std::vector<std::string>& args) {
  if (args.size() < 2) {
    std::printf("current output mode: %s\n", ModeName(settings_.mode));
    return CommandResult::kOk;
  }
  const std::string& name = args[1];
  OutputSettings& s = settings_;
  if (name == "list" || name == "tabs") {
    s.mode = Mode::kList;
    s.column_separator = name == "list" ? "|" : "\t";
    if (name == "list") s.row_separator = "\n";
  } else if (name == "csv") {
    s.mode = Mode::kCsv;
    s.column_separator = ",";
    s.row_separator = "\r\n";
  } else if (name == "quote") {
    s.mode = Mode::kQuote;
    s.column_separator = ",";
    s.row_separator = "\n";
  } else if (name == "line") {
    s.mode = Mode::kLine;
    s.row_separator = "\n";
  } else if (name == "column") {
    s.mode = Mode::kColumn;
    if (!s.headers_set) s.headers = true;
  } else if (name == "box" || name == "table" || name == "markdown") {
    s.mode = name == "box" ? Mode::kBox : name == "table" ? Mode::kTable : Mode::kMarkdown;
  } else if (name == "ascii" || name == "html" || name == "insert" || name == "json" ||
             name == "qbox" || name == "tcl") {
    std::fprintf(stderr, "Error: simlite does not support mode %s yet\n", name.c_str());
    return CommandResult::kError;
  } else {
    std::fprintf(stderr, "Error: mode should be one of: ascii box column csv html insert json "
                         "line list markdown qbox quote table tabs tcl\n");
    return CommandResult::kError;
  }
  return CommandResult::kOk;
}

bool Shell::QueryRows(const std::string& sql, std::vector<std::vector<std::string>>* rows) {
  if (!OpenDatabase()) return false;
  std::unique_ptr<engine::Statement> statement;
  size_t tail = 0;
  if (connection_->Prepare(sql, &statement, &tail) != Rc::kOk || statement == nullptr) {
    return false;
  }
  Rc rc;
  while ((rc = statement->Step()) == Rc::kRow) {
    std::vector<std::string> row;
    for (int column_idx = 0; column_idx < statement->column_count(); column_idx++) {
      row.push_back(ResultPrinter::MakeCell(statement->column(column_idx)).text);
    }
    rows->push_back(std::move(row));
  }
  return rc == Rc::kDone;
}

// The union of one query over the schema table of every database, in database order:
// `select` is given the schema table (quoted, qualified) and the database's name.
std::string Shell::OverEveryDatabase(
    const std::function<std::string(const std::string& table, const std::string& db)>& select) {
  std::vector<std::vector<std::string>> databases;
  if (!QueryRows("SELECT name FROM pragma_database_list", &databases)) return "";
  std::string sql;
  for (const auto& database : databases) {
    if (!sql.empty()) sql += " UNION ALL ";
    sql += select(Enclose(database[0], '"') + ".sqlite_schema", database[0]);
  }
  return sql;
}

Shell::CommandResult Shell::DoTables(const std::vector<std::string>& args) {
  const std::string pattern = args.size() > 1 ? args[1] : "%";
  std::vector<std::vector<std::string>> rows;
  // Main's names bare, the others' with their database (as SQLite's shell lists them).
  const std::string names = OverEveryDatabase([&](const std::string& table, const std::string& db) {
    const std::string name = db == "main" ? "name" : SqlQuote(db + ".") + " || name";
    return "SELECT " + name + " FROM " + table +
           " WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' AND name LIKE " +
           SqlQuote(pattern);
  });
  if (names.empty() || !QueryRows(names + " ORDER BY 1", &rows)) {
    std::fprintf(stderr, "Error: %s\n", connection_ ? connection_->error_message().c_str() : "");
    return CommandResult::kError;
  }
  if (rows.empty()) return CommandResult::kOk;
  size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row[0].size());
  const size_t per_line = std::max<size_t>(1, kTablesLineWidth / (width + 2));
  const size_t line_count = (rows.size() + per_line - 1) / per_line;
  for (size_t line_idx = 0; line_idx < line_count; line_idx++) {
    for (size_t name_idx = line_idx, column_idx = 0; name_idx < rows.size();
         name_idx += line_count, column_idx++) {
      if (column_idx > 0) out_ += "  ";
      out_ += rows[name_idx][0];
      out_.append(width - rows[name_idx][0].size(), ' ');
    }
    out_ += '\n';
  }
  return CommandResult::kOk;
}

// "db." for a name of database `db` other than main ("" for main), as SQLite's shell writes
// it: a database name that is a plain word stays bare, even a keyword such as temp.
std::string SchemaQualifier(const std::string& db) {
  if (db == "main") return "";
  bool plain = !db.empty() && !vdbe::IsDigit(static_cast<uint8_t>(db[0]));
  for (char c : db) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  return (plain ? db : Enclose(db, '"')) + ".";
}

// The view's column names, as the comment .schema adds after a CREATE VIEW; "" when the view
// does not compile.
std::string Shell::ViewColumnsComment(const std::string& db, const std::string& view) {
  std::unique_ptr<engine::Statement> statement;
  size_t tail = 0;
  const std::string name = SchemaQualifier(db) + QuoteIdentifier(view);
  if (connection_->Prepare("SELECT * FROM " + name, &statement, &tail) != Rc::kOk ||
      statement == nullptr) {
    return "";
  }
  std::string comment = "\n/* " + name + "(";
  for (int column_idx = 0; column_idx < statement->column_count(); column_idx++) {
    if (column_idx > 0) comment += ",";
    comment += QuoteIdentifier(std::string(statement->column_name(column_idx)));
  }
  return comment + ") */";
}

// The SQL of a schema object of database `db` as .schema shows it: the object's name
// qualified with its database when that is not main (SQLite's shell_add_schema). A database
// name that is a plain word stays bare.
std::string WithSchema(const std::string& sql, const std::string& db) {
  if (db == "main") return sql;
  const std::string qualifier = SchemaQualifier(db);
  for (std::string_view kind : {"CREATE TABLE ", "CREATE VIEW ", "CREATE INDEX ",
                                "CREATE UNIQUE INDEX ", "CREATE TRIGGER "}) {
    if (sql.starts_with(kind)) {
      return std::string(kind) + qualifier + sql.substr(kind.size());
    }
  }
  return sql;
}

Shell::CommandResult Shell::DoSchema(const std::vector<std::string>& args) {
  std::string filter;
  if (args.size() > 1) filter = " AND tbl_name LIKE " + SqlQuote(args[1]);
  std::vector<std::vector<std::string>> rows;
  int seq = 0;
  const std::string objects = OverEveryDatabase([&](const std::string& table,
                                                    const std::string& db) {
    return "SELECT sql, type, name, " + SqlQuote(db) + " AS db, rowid AS x, " +
           std::to_string(seq++) + " AS seq FROM " + table + " WHERE sql IS NOT NULL" + filter;
  });
  if (objects.empty() || !QueryRows("SELECT sql, type, name, db FROM (" + objects +
                                        ") ORDER BY seq, x",
                                    &rows)) {
    std::fprintf(stderr, "Error: %s\n", connection_ ? connection_->error_message().c_str() : "");
    return CommandResult::kError;
  }
  for (const auto& row : rows) {
    const std::string sql = WithSchema(row[0], row[3]);
    constexpr std::string_view kCreateTable = "CREATE TABLE ";
    if (sql.starts_with(kCreateTable) && sql.size() > kCreateTable.size() &&
        (sql[kCreateTable.size()] == '"' || sql[kCreateTable.size()] == '\'')) {
      out_ += "CREATE TABLE IF NOT EXISTS " + sql.substr(kCreateTable.size());
    } else {
      out_ += sql;
    }
    if (row[1] == "view") out_ += ViewColumnsComment(row[3], row[2]);
    out_ += ";\n";
  }
  return CommandResult::kOk;
}

Shell::CommandResult Shell::DoDatabases() {
  std::vector<std::vector<std::string>> rows;
  if (!QueryRows("SELECT name, file FROM pragma_database_list", &rows)) {
    std::fprintf(stderr, "Error: %s\n", connection_ ? connection_->error_message().c_str() : "");
    return CommandResult::kError;
  }
  for (const auto& row : rows) {
    out_ += row[0] + ": " + (row[1].empty() ? std::string("\"\"") : row[1]) + " r/w\n";
  }
  return CommandResult::kOk;
}

Shell::CommandResult Shell::DoRead(const std::vector<std::string>& args) {
  if (args.size() != 2) {
    std::fprintf(stderr, "Usage: .read FILE\n");
    return CommandResult::kError;
  }
  std::FILE* in = std::fopen(args[1].c_str(), "rb");
  if (in == nullptr) {
    std::fprintf(stderr, "Error: cannot open \"%s\"\n", args[1].c_str());
    return CommandResult::kError;
  }
  constexpr int kReadDepthMax = 25;  // a file that reads itself stops here
  int errors = 1;
  if (read_depth_ < kReadDepthMax) {
    read_depth_++;
    errors = ProcessInput(in, /*interactive=*/false, /*in_file=*/true);
    read_depth_--;
  } else {
    std::fprintf(stderr, "Error: .read nested too deeply\n");
  }
  std::fclose(in);
  return errors > 0 ? CommandResult::kError : CommandResult::kOk;
}

Shell::CommandResult Shell::DoShow() {
  const OutputSettings& s = settings_;
  auto line = [this](const char* label, const std::string& value) {
    char head[32];
    std::snprintf(head, sizeof(head), "%12.12s: ", label);
    out_ += head + value + "\n";
  };
  line("echo", "off");
  line("eqp", "off");
  line("explain", "auto");
  line("headers", s.headers ? "on" : "off");
  line("mode", ModeName(s.mode));
  line("nullvalue", CString(s.null_value));
  line("output", "stdout");
  line("colseparator", CString(s.column_separator));
  line("rowseparator", CString(s.row_separator));
  line("stats", "off");
  std::string widths;
  for (size_t column_idx = 0; column_idx < s.width_count; column_idx++) widths += "0 ";
  line("width", widths);
  line("filename", path_.empty() ? ":memory:" : path_);
  return CommandResult::kOk;
}

}  // namespace simlite::shell
