// What the crash tests' checkers share: reading a database through simlite's engine API in
// the shape RealSqliteQuery gives (single-column rows joined by '\n'), and the model's state
// in that shape.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/connection.h"

namespace simlite::crash {

// The rows of the table, one line each (see crash_model.h's StateAfter).
constexpr const char* kRowsSql =
    "SELECT id || '|' || txn || '|' || k || '|' || v || '|' || length(w) FROM t ORDER BY id";

// Runs sql on simlite: its single-column rows joined by '\n'.
inline Rc SimliteQuery(engine::Connection* connection, const std::string& sql, std::string* out) {
  out->clear();
  std::unique_ptr<engine::Statement> statement;
  size_t tail = 0;
  SIMLITE_TRY(connection->Prepare(sql, &statement, &tail));
  Rc rc = statement->Step();
  for (int row_idx = 0; rc == Rc::kRow && row_idx < 1000000; row_idx++) {
    if (row_idx > 0) *out += "\n";
    const vdbe::Mem& value = statement->column(0);
    if (value.IsNull()) {
      *out += "NULL";
    } else if (value.type() == btree::ValueType::kInteger) {
      *out += std::to_string(value.i());
    } else {
      *out += value.chars();
    }
    rc = statement->Step();
  }
  return rc == Rc::kDone ? Rc::kOk : rc;
}

inline std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += (text.empty() ? "" : "\n") + line;
  return text;
}

}  // namespace simlite::crash
