// sqlite3_exec and sqlite3_get_table: run every statement of a text through the prepared
// statement interface, as SQLite defines them (exec.html, free_table.html).
#include <cctype>
#include <cstring>
#include <vector>

#include "api/database.h"
#include "api/memory.h"
#include "api/statement.h"

namespace simlite::api {
namespace {

using ExecCallback = int (*)(void*, int, char**, char**);

// Steps one statement, calling the callback for each row. Returns the finalize code, or
// SQLITE_ABORT when the callback asked to stop.
int RunStatement(sqlite3* db, sqlite3_stmt* stmt, ExecCallback callback, void* arg) {
  int column_count = sqlite3_column_count(stmt);
  std::vector<char*> names;
  std::vector<char*> values(static_cast<size_t>(column_count));
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW || callback == nullptr) {
      if (rc == SQLITE_ROW) continue;
      return sqlite3_finalize(stmt);
    }
    if (names.empty()) {
      for (int column_idx = 0; column_idx < column_count; column_idx++) {
        names.push_back(const_cast<char*>(sqlite3_column_name(stmt, column_idx)));
      }
    }
    for (int column_idx = 0; column_idx < column_count; column_idx++) {
      const unsigned char* text = sqlite3_column_text(stmt, column_idx);
      values[static_cast<size_t>(column_idx)] =
          reinterpret_cast<char*>(const_cast<unsigned char*>(text));
    }
    if (callback(arg, column_count, values.data(), names.data()) != 0) {
      sqlite3_finalize(stmt);
      return SetError(db, SQLITE_ABORT);
    }
  }
}

int Exec(sqlite3* db, const char* sql, ExecCallback callback, void* arg) {
  if (sql == nullptr) sql = "";
  ClearError(db);
  while (*sql != '\0') {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, &tail);
    if (rc != SQLITE_OK) return rc;
    sql = tail;
    if (stmt == nullptr) continue;
    rc = RunStatement(db, stmt, callback, arg);
    if (rc != SQLITE_OK) return rc;
    while (std::isspace(static_cast<unsigned char>(*sql))) sql++;
  }
  return SQLITE_OK;
}

// sqlite3_get_table's result: the strings, with the count of entries kept in the slot before
// the array that the application sees (sqlite3_free_table reads it).
struct Table {
  std::vector<char*> entries{nullptr};  // entries[0]: the count, set at the end
  int rows = 0;
  int columns = 0;
  bool out_of_memory = false;

  void Add(const char* text) {
    char* copy = text == nullptr ? nullptr : CopyString(text);
    if (text != nullptr && copy == nullptr) out_of_memory = true;
    entries.push_back(copy);
  }
};

int TableRow(void* arg, int column_count, char** values, char** names) {
  auto* table = static_cast<Table*>(arg);
  if (table->rows == 0 && table->columns == 0) {
    table->columns = column_count;
    for (int column_idx = 0; column_idx < column_count; column_idx++) table->Add(names[column_idx]);
  } else if (table->columns != column_count) {
    return 1;  // SQLite refuses statements of different widths in one table
  }
  for (int column_idx = 0; column_idx < column_count; column_idx++) table->Add(values[column_idx]);
  table->rows++;
  return table->out_of_memory ? 1 : 0;
}

void FreeEntries(char** entries, size_t count) {
  for (size_t entry_idx = 1; entry_idx < count; entry_idx++) Free(entries[entry_idx]);
}

}  // namespace
}  // namespace simlite::api

extern "C" {

int sqlite3_exec(sqlite3* db, const char* sql, int (*callback)(void*, int, char**, char**),
                 void* arg, char** errmsg) {
  if (errmsg != nullptr) *errmsg = nullptr;
  if (!simlite::api::IsUsable(db)) return SQLITE_MISUSE;
  int rc = simlite::api::Exec(db, sql, callback, arg);
  if (rc != SQLITE_OK && errmsg != nullptr) {
    *errmsg = simlite::api::CopyString(sqlite3_errmsg(db));
  }
  return rc;
}

int sqlite3_get_table(sqlite3* db, const char* sql, char*** result, int* rows, int* columns,
                      char** errmsg) {
  if (result == nullptr) return SQLITE_MISUSE;
  *result = nullptr;
  if (rows != nullptr) *rows = 0;
  if (columns != nullptr) *columns = 0;
  simlite::api::Table table;
  int rc = sqlite3_exec(db, sql, simlite::api::TableRow, &table, errmsg);
  size_t count = table.entries.size();
  auto** array = static_cast<char**>(simlite::api::Allocate(count * sizeof(char*)));
  if (rc != SQLITE_OK || array == nullptr) {
    simlite::api::FreeEntries(table.entries.data(), count);
    simlite::api::Free(array);
    return rc != SQLITE_OK ? rc : SQLITE_NOMEM;
  }
  std::memcpy(array, table.entries.data(), count * sizeof(char*));
  array[0] = reinterpret_cast<char*>(static_cast<uintptr_t>(count));
  *result = array + 1;
  if (rows != nullptr) *rows = table.rows;
  if (columns != nullptr) *columns = table.columns;
  return SQLITE_OK;
}

void sqlite3_free_table(char** result) {
  if (result == nullptr) return;
  char** array = result - 1;
  size_t count = reinterpret_cast<uintptr_t>(array[0]);
  simlite::api::FreeEntries(array, count);
  simlite::api::Free(array);
}

}  // extern "C"
