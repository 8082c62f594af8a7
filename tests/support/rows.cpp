#include "tests/support/rows.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace simlite::testing {

namespace {

std::string Hex(const uint8_t* bytes, size_t size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t byte_idx = 0; byte_idx < size; byte_idx++) {
    out += kDigits[bytes[byte_idx] >> 4];
    out += kDigits[bytes[byte_idx] & 15];
  }
  return out;
}

std::string Real(double value) {
  char text[64];
  std::snprintf(text, sizeof(text), "R:%a", value);
  return text;
}

}  // namespace

std::string CanonicalValue(const btree::ValueView& value) {
  switch (value.type) {
    case btree::ValueType::kNull: return "N";
    case btree::ValueType::kInteger: return "I:" + std::to_string(value.i);
    case btree::ValueType::kReal: return Real(value.r);
    case btree::ValueType::kText:
      return "T:'" + std::string(reinterpret_cast<const char*>(value.bytes), value.size) + "'";
    case btree::ValueType::kBlob: return "B:x'" + Hex(value.bytes, value.size) + "'";
  }
  return "?";
}

Rc CanonicalRecord(std::span<const uint8_t> record, std::string* out) {
  btree::RecordReader reader;
  SIMLITE_TRY(reader.Init(record.data(), static_cast<uint32_t>(record.size())));
  uint32_t count = 0;
  SIMLITE_TRY(reader.ColumnCount(&count));
  out->clear();
  for (uint32_t column_idx = 0; column_idx < count; column_idx++) {
    btree::ValueView value;
    SIMLITE_TRY(reader.Column(column_idx, &value));
    if (column_idx > 0) *out += "|";
    *out += CanonicalValue(value);
  }
  return Rc::kOk;
}

std::string CanonicalRow(sqlite3_stmt* stmt) {
  std::string out;
  for (int column_idx = 0; column_idx < sqlite3_column_count(stmt); column_idx++) {
    if (column_idx > 0) out += "|";
    switch (sqlite3_column_type(stmt, column_idx)) {
      case SQLITE_NULL: out += "N"; break;
      case SQLITE_INTEGER: out += "I:" + std::to_string(sqlite3_column_int64(stmt, column_idx)); break;
      case SQLITE_FLOAT: out += Real(sqlite3_column_double(stmt, column_idx)); break;
      case SQLITE_TEXT:
        out += "T:'" + std::string(reinterpret_cast<const char*>(
                                       sqlite3_column_text(stmt, column_idx)),
                                   sqlite3_column_bytes(stmt, column_idx)) + "'";
        break;
      default: {
        const void* blob = sqlite3_column_blob(stmt, column_idx);
        int size = sqlite3_column_bytes(stmt, column_idx);
        out += "B:x'" + Hex(static_cast<const uint8_t*>(blob), size) + "'";
      }
    }
  }
  return out;
}

std::vector<std::string> RealSqliteRows(const std::string& db_path, const std::string& sql) {
  std::vector<std::string> rows;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  while (stmt && sqlite3_step(stmt) == SQLITE_ROW) rows.push_back(CanonicalRow(stmt));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

}  // namespace simlite::testing
