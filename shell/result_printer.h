// ResultPrinter: renders the rows of one statement in one of the shell's output modes, byte
// for byte as SQLite 3.40.1's shell does (cli.html "Changing Output Formats").
//
// Row-at-a-time modes (list, csv, tabs, quote, line) write each row as it arrives; the columnar
// modes (column, box, table, markdown) size their columns from every row, so they keep the
// rows until Finish(). A value is rendered from its text as sqlite3_column_text gives it
// (integers "%lld", reals "%!.15g", blobs as their bytes), cut at its first NUL byte as the
// C shell's strings are; NULL prints as the null value. Quote mode renders by type instead.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vdbe/mem.h"

namespace simlite::shell {

enum class Mode : uint8_t {
  kList,
  kCsv,
  kLine,
  kColumn,
  kQuote,
  kBox,
  kTable,
  kMarkdown,
};

struct OutputSettings {
  Mode mode = Mode::kList;
  bool headers = false;
  bool headers_set = false;  // .headers was given: .mode column then keeps it
  std::string column_separator = "|";
  std::string row_separator = "\n";
  std::string null_value;
  size_t width_count = 0;  // columns a columnar mode has shown at most (.show's "width")
};

// One value of a row, as the printer needs it.
struct Cell {
  vdbe::ValueType type = vdbe::ValueType::kNull;
  std::string text;  // the value's text (for a blob: its bytes), uncut
  double real = 0;   // for kReal
};

class ResultPrinter {
 public:
  // Appends output to *out; settings and out outlive the printer.
  ResultPrinter(const OutputSettings& settings, std::string* out)
      : settings_(settings), out_(out) {}

  void Start(std::vector<std::string> names);
  void Row(const std::vector<Cell>& cells);
  // Writes what the columnar modes kept; no-op for the others.
  void Finish();

  // Converts a column value to a Cell.
  static Cell MakeCell(const vdbe::Mem& value);

 private:
  std::string Display(const Cell& cell) const;  // the text list-like modes show
  void ListRow(const std::vector<std::string>& texts, bool quote_csv);
  void LineRow(const std::vector<Cell>& cells);
  void QuoteRow(const std::vector<Cell>& cells);
  std::string CsvField(const std::string& text) const;

  // Columnar modes.
  void WriteColumnar();
  void WriteRule(const std::vector<size_t>& widths, const char* left, const char* fill,
                 const char* middle, const char* right);
  void WriteCells(const std::vector<std::string>& texts, const std::vector<size_t>& widths,
                  bool center);

  const OutputSettings& settings_;
  std::string* out_;
  std::vector<std::string> names_;
  int64_t row_count_ = 0;
  std::vector<std::vector<std::string>> kept_rows_;  // columnar modes: display texts
};

// The number of characters (UTF-8 code points) of text.
size_t DisplayWidth(const std::string& text);

}  // namespace simlite::shell
