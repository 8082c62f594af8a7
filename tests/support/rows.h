// Canonical text for rows, so that what simlite's b-tree decodes and what real SQLite's
// sqlite3_column_* return can be compared value by value: "I:42", "R:0x1.8p+1", "T:'abc'",
// "B:x'00ff'", "N", joined by '|'.
#pragma once

#include <sqlite3.h>

#include <span>
#include <string>
#include <vector>

#include "btree/record.h"
#include "common/result_code.h"

namespace simlite::testing {

std::string CanonicalValue(const btree::ValueView& value);
// Every column of a record; kCorrupt on a malformed one.
Rc CanonicalRecord(std::span<const uint8_t> record, std::string* out);
// The current row of a stepped statement.
std::string CanonicalRow(sqlite3_stmt* stmt);
// Every row of a query on real SQLite (read-write open, so hot journals are handled).
std::vector<std::string> RealSqliteRows(const std::string& db_path, const std::string& sql);

}  // namespace simlite::testing
