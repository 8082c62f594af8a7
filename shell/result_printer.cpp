#include "shell/result_printer.h"

#include <algorithm>
#include <cassert>
#include <cstdio>

#include "vdbe/float_format.h"
#include "vdbe/value.h"

namespace simlite::shell {
namespace {

// The text as a C string would hold it: up to the first NUL byte.
std::string CutAtNul(const std::string& text) {
  size_t nul = text.find('\0');
  return nul == std::string::npos ? text : text.substr(0, nul);
}

// CSV needs quotes around a field with spaces, controls, quotes or bytes beyond ASCII.
bool NeedsCsvQuote(unsigned char c) {
  return c <= ' ' || c == '"' || c == '\'' || c >= 0x7f;
}

// A cell's text as the columnar modes lay it out: tabs expand to the next multiple of 8
// columns; each newline starts another line of the cell.
std::vector<std::string> CellLines(const std::string& text) {
  std::vector<std::string> lines(1);
  size_t column = 0;
  for (char c : text) {
    if (c == '\n') {
      lines.emplace_back();
      column = 0;
    } else if (c == '\t') {
      do {
        lines.back() += ' ';
        column++;
      } while (column % 8 != 0);
    } else {
      lines.back() += c;
      if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) column++;
    }
  }
  return lines;
}

void Pad(std::string* out, size_t count) { out->append(count, ' '); }

}  // namespace

size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) width++;
  }
  return width;
}

Cell ResultPrinter::MakeCell(const vdbe::Mem& value) {
  Cell cell;
  cell.type = value.type();
  if (cell.type == vdbe::ValueType::kNull) return cell;
  if (cell.type == vdbe::ValueType::kReal) cell.real = value.r();
  vdbe::NumberText scratch;
  cell.text = std::string(vdbe::TextOf(value, &scratch));
  return cell;
}

std::string ResultPrinter::Display(const Cell& cell) const {
  if (cell.type == vdbe::ValueType::kNull) return settings_.null_value;
  return CutAtNul(cell.text);
}

void ResultPrinter::Start(std::vector<std::string> names) {
  names_ = std::move(names);
  row_count_ = 0;
  kept_rows_.clear();
}

void ResultPrinter::Row(const std::vector<Cell>& cells) {
  assert(cells.size() == names_.size());
  const bool first = row_count_++ == 0;
  std::vector<std::string> texts;
  for (const Cell& cell : cells) texts.push_back(Display(cell));
  switch (settings_.mode) {
    case Mode::kList:
    case Mode::kCsv: {
      const bool csv = settings_.mode == Mode::kCsv;
      if (first && settings_.headers) ListRow(names_, csv);
      if (csv) {
        for (size_t column_idx = 0; column_idx < cells.size(); column_idx++) {
          if (cells[column_idx].type != vdbe::ValueType::kNull) {
            texts[column_idx] = CsvField(texts[column_idx]);
          }
        }
      }
      ListRow(texts, false);
      return;
    }
    case Mode::kLine:
      if (!first) *out_ += settings_.row_separator;
      LineRow(cells);
      return;
    case Mode::kQuote:
      if (first && settings_.headers) {
        std::vector<Cell> header(names_.size());
        for (size_t column_idx = 0; column_idx < names_.size(); column_idx++) {
          header[column_idx].type = vdbe::ValueType::kText;
          header[column_idx].text = names_[column_idx];
        }
        QuoteRow(header);
      }
      QuoteRow(cells);
      return;
    case Mode::kColumn:
    case Mode::kBox:
    case Mode::kTable:
    case Mode::kMarkdown:
      kept_rows_.push_back(std::move(texts));
      return;
  }
}

void ResultPrinter::ListRow(const std::vector<std::string>& texts, bool quote_csv) {
  for (size_t column_idx = 0; column_idx < texts.size(); column_idx++) {
    *out_ += quote_csv ? CsvField(texts[column_idx]) : texts[column_idx];
    *out_ += column_idx + 1 == texts.size() ? settings_.row_separator
                                            : settings_.column_separator;
  }
}

std::string ResultPrinter::CsvField(const std::string& text) const {
  bool quote = text.empty() || (!settings_.column_separator.empty() &&
                                text.find(settings_.column_separator) != std::string::npos);
  for (char c : text) quote = quote || NeedsCsvQuote(static_cast<unsigned char>(c));
  if (!quote) return text;
  std::string field = "\"";
  for (char c : text) {
    if (c == '"') field += '"';
    field += c;
  }
  return field + "\"";
}

void ResultPrinter::LineRow(const std::vector<Cell>& cells) {
  size_t width = 5;  // at least as wide as SQLite's shell makes it
  for (const std::string& name : names_) width = std::max(width, name.size());
  for (size_t column_idx = 0; column_idx < cells.size(); column_idx++) {
    Pad(out_, width - names_[column_idx].size());
    *out_ += names_[column_idx];
    *out_ += " = ";
    *out_ += Display(cells[column_idx]);
    *out_ += settings_.row_separator;
  }
}

void ResultPrinter::QuoteRow(const std::vector<Cell>& cells) {
  for (size_t column_idx = 0; column_idx < cells.size(); column_idx++) {
    const Cell& cell = cells[column_idx];
    switch (cell.type) {
      case vdbe::ValueType::kNull:
        *out_ += "NULL";
        break;
      case vdbe::ValueType::kInteger:
        *out_ += cell.text;
        break;
      case vdbe::ValueType::kReal: {
        vdbe::FloatSpec spec;
        spec.precision = 20;
        spec.alt_form2 = true;
        std::string buffer(vdbe::FormatFloatCapacity(spec), '\0');
        buffer.resize(vdbe::FormatFloat(cell.real, spec, buffer.data()));
        *out_ += buffer;
        break;
      }
      case vdbe::ValueType::kText:
        *out_ += '\'';
        for (char c : CutAtNul(cell.text)) {
          if (c == '\'') *out_ += '\'';
          *out_ += c;
        }
        *out_ += '\'';
        break;
      case vdbe::ValueType::kBlob: {
        *out_ += "X'";
        char hex[3];
        for (char c : cell.text) {
          std::snprintf(hex, sizeof(hex), "%02x", static_cast<unsigned char>(c));
          *out_ += hex;
        }
        *out_ += '\'';
        break;
      }
    }
    *out_ += column_idx + 1 == cells.size() ? settings_.row_separator
                                            : settings_.column_separator;
  }
}

void ResultPrinter::Finish() {
  if (settings_.mode == Mode::kColumn || settings_.mode == Mode::kBox ||
      settings_.mode == Mode::kTable || settings_.mode == Mode::kMarkdown) {
    if (!kept_rows_.empty()) WriteColumnar();
  }
  kept_rows_.clear();
}

void ResultPrinter::WriteRule(const std::vector<size_t>& widths, const char* left,
                              const char* fill, const char* middle, const char* right) {
  *out_ += left;
  for (size_t column_idx = 0; column_idx < widths.size(); column_idx++) {
    if (column_idx > 0) *out_ += middle;
    for (size_t count = 0; count < widths[column_idx] + 2; count++) *out_ += fill;
  }
  *out_ += right;
  *out_ += '\n';
}

// One line of cells: column mode separates cells by two spaces; the framed modes put each
// between bars with a space of padding. A centered cell is a framed header.
void ResultPrinter::WriteCells(const std::vector<std::string>& texts,
                               const std::vector<size_t>& widths, bool center) {
  const bool framed = settings_.mode != Mode::kColumn;
  const char* bar = settings_.mode == Mode::kBox ? "\u2502" : "|";
  if (framed) *out_ += bar;
  for (size_t column_idx = 0; column_idx < texts.size(); column_idx++) {
    const size_t slack = widths[column_idx] - DisplayWidth(texts[column_idx]);
    const size_t before = center ? slack / 2 : 0;
    if (framed) *out_ += ' ';
    Pad(out_, before);
    *out_ += texts[column_idx];
    Pad(out_, slack - before);
    if (framed) {
      *out_ += ' ';
      *out_ += bar;
    } else if (column_idx + 1 < texts.size()) {
      *out_ += "  ";
    }
  }
  *out_ += '\n';
}

void ResultPrinter::WriteColumnar() {
  const Mode mode = settings_.mode;
  const bool headers = mode != Mode::kColumn || settings_.headers;
  std::vector<size_t> widths;
  for (const std::string& name : names_) widths.push_back(DisplayWidth(name));
  // Each row as its lines of text, every cell split at its newlines.
  std::vector<std::vector<std::vector<std::string>>> rows;
  bool multi_line = false;
  for (const std::vector<std::string>& texts : kept_rows_) {
    std::vector<std::vector<std::string>> cells;
    for (size_t column_idx = 0; column_idx < texts.size(); column_idx++) {
      cells.push_back(CellLines(texts[column_idx]));
      multi_line = multi_line || cells.back().size() > 1;
      for (const std::string& line : cells.back()) {
        widths[column_idx] = std::max(widths[column_idx], DisplayWidth(line));
      }
    }
    rows.push_back(std::move(cells));
  }
  const bool box = mode == Mode::kBox;
  const char* dash = box ? "\u2500" : "-";
  if (mode == Mode::kBox) WriteRule(widths, "\u250c", dash, "\u252c", "\u2510");
  if (mode == Mode::kTable) WriteRule(widths, "+", dash, "+", "+");
  if (headers) {
    WriteCells(names_, widths, mode != Mode::kColumn);
    if (mode == Mode::kColumn) {
      std::vector<std::string> rules;
      for (size_t width : widths) rules.emplace_back(width, '-');
      WriteCells(rules, widths, false);
    } else if (box) {
      WriteRule(widths, "\u251c", dash, "\u253c", "\u2524");
    } else {
      WriteRule(widths, mode == Mode::kTable ? "+" : "|", dash,
                mode == Mode::kTable ? "+" : "|", mode == Mode::kTable ? "+" : "|");
    }
  }
  for (size_t row_idx = 0; row_idx < rows.size(); row_idx++) {
    if (row_idx > 0 && multi_line) {
      if (mode == Mode::kColumn) *out_ += '\n';
      if (box) WriteRule(widths, "\u251c", dash, "\u253c", "\u2524");
      if (mode == Mode::kTable) WriteRule(widths, "+", dash, "+", "+");
    }
    size_t line_count = 0;
    for (const auto& cell : rows[row_idx]) line_count = std::max(line_count, cell.size());
    for (size_t line_idx = 0; line_idx < line_count; line_idx++) {
      std::vector<std::string> texts;
      for (const auto& cell : rows[row_idx]) {
        texts.push_back(line_idx < cell.size() ? cell[line_idx] : "");
      }
      WriteCells(texts, widths, false);
    }
  }
  if (box) WriteRule(widths, "\u2514", dash, "\u2534", "\u2518");
  if (mode == Mode::kTable) WriteRule(widths, "+", dash, "+", "+");
}

}  // namespace simlite::shell
