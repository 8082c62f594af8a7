// sqlite3_column_*: the result columns of a statement and the values of its current row. A
// value accessor without a row, or for a column that does not exist, returns the NULL value's
// answer and sets SQLITE_RANGE on the connection (statement.h invariant 1), as SQLite does.
#include "api/database.h"
#include "api/statement.h"
#include "api/utf16.h"

using simlite::api::ColumnValue;

namespace {

bool ValidColumn(sqlite3_stmt* stmt, int column) {
  return stmt != nullptr && column >= 0 && column < static_cast<int>(stmt->columns.size());
}

// The UTF-16 copy of names[column], made on first use.
const void* Utf16Name(const std::vector<std::string>& names, std::vector<std::u16string>* cache,
                      int column) {
  if (cache->empty()) {
    cache->resize(names.size());
    for (size_t name_idx = 0; name_idx < names.size(); name_idx++) {
      simlite::api::Utf8ToUtf16(names[name_idx], simlite::api::NativeUtf16(),
                                &(*cache)[name_idx]);
    }
  }
  return (*cache)[static_cast<size_t>(column)].c_str();
}

}  // namespace

extern "C" {

int sqlite3_column_count(sqlite3_stmt* stmt) {
  return stmt == nullptr ? 0 : static_cast<int>(stmt->columns.size());
}

int sqlite3_data_count(sqlite3_stmt* stmt) {
  return stmt == nullptr || !stmt->has_row ? 0 : static_cast<int>(stmt->columns.size());
}

const char* sqlite3_column_name(sqlite3_stmt* stmt, int column) {
  if (!ValidColumn(stmt, column)) return nullptr;
  return stmt->column_names[static_cast<size_t>(column)].c_str();
}

const void* sqlite3_column_name16(sqlite3_stmt* stmt, int column) {
  if (!ValidColumn(stmt, column)) return nullptr;
  return Utf16Name(stmt->column_names, &stmt->column_names16, column);
}

// The declared type of a column that is a table column; null for expressions.
const char* sqlite3_column_decltype(sqlite3_stmt* stmt, int column) {
  if (!ValidColumn(stmt, column)) return nullptr;
  const std::string& type = stmt->column_decltypes[static_cast<size_t>(column)];
  return type.empty() ? nullptr : type.c_str();
}

const void* sqlite3_column_decltype16(sqlite3_stmt* stmt, int column) {
  if (sqlite3_column_decltype(stmt, column) == nullptr) return nullptr;
  return Utf16Name(stmt->column_decltypes, &stmt->column_decltypes16, column);
}

// The engine does not report a column's origin yet: null, as SQLite returns for an expression.
const char* sqlite3_column_database_name(sqlite3_stmt*, int) { return nullptr; }
const char* sqlite3_column_table_name(sqlite3_stmt*, int) { return nullptr; }
const char* sqlite3_column_origin_name(sqlite3_stmt*, int) { return nullptr; }

const void* sqlite3_column_blob(sqlite3_stmt* stmt, int column) {
  return sqlite3_value_blob(ColumnValue(stmt, column));
}

double sqlite3_column_double(sqlite3_stmt* stmt, int column) {
  return sqlite3_value_double(ColumnValue(stmt, column));
}

int sqlite3_column_int(sqlite3_stmt* stmt, int column) {
  return sqlite3_value_int(ColumnValue(stmt, column));
}

sqlite3_int64 sqlite3_column_int64(sqlite3_stmt* stmt, int column) {
  return sqlite3_value_int64(ColumnValue(stmt, column));
}

const unsigned char* sqlite3_column_text(sqlite3_stmt* stmt, int column) {
  return sqlite3_value_text(ColumnValue(stmt, column));
}

const void* sqlite3_column_text16(sqlite3_stmt* stmt, int column) {
  return sqlite3_value_text16(ColumnValue(stmt, column));
}

sqlite3_value* sqlite3_column_value(sqlite3_stmt* stmt, int column) {
  return ColumnValue(stmt, column);
}

int sqlite3_column_bytes(sqlite3_stmt* stmt, int column) {
  return sqlite3_value_bytes(ColumnValue(stmt, column));
}

int sqlite3_column_bytes16(sqlite3_stmt* stmt, int column) {
  return sqlite3_value_bytes16(ColumnValue(stmt, column));
}

int sqlite3_column_type(sqlite3_stmt* stmt, int column) {
  return sqlite3_value_type(ColumnValue(stmt, column));
}

}  // extern "C"
