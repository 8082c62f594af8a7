#include <sqlite3.h>

#include <cstdio>

#include "tests/slt/sqlite_database.h"

namespace simlite::slt {

namespace {

class RealSqliteDatabase final : public SltDatabase {
 public:
  RealSqliteDatabase() { sqlite3_open(":memory:", &db_); }
  ~RealSqliteDatabase() override { sqlite3_close(db_); }

  bool Execute(const std::string& sql, std::string* error) override {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) *error = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return rc == SQLITE_OK;
  }

  bool Query(const std::string& sql, const std::string& types, std::vector<std::string>* values,
             std::string* error) override {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      *error = sqlite3_errmsg(db_);
      return false;
    }
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      for (int column = 0; column < sqlite3_column_count(stmt); column++) {
        values->push_back(Format(stmt, column, column < static_cast<int>(types.size())
                                                   ? types[column] : 'T'));
      }
    }
    if (rc != SQLITE_DONE) *error = sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE;
  }

 private:
  static std::string Format(sqlite3_stmt* stmt, int column, char type) {
    if (sqlite3_column_type(stmt, column) == SQLITE_NULL) return "NULL";
    char buffer[64];
    switch (type) {
      case 'I':
        std::snprintf(buffer, sizeof(buffer), "%lld",
                      static_cast<long long>(sqlite3_column_int64(stmt, column)));
        return buffer;
      case 'R':
        return FormatReal(sqlite3_column_double(stmt, column));
      default: {
        const char* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
        return FormatText(std::string_view(text, sqlite3_column_bytes(stmt, column)));
      }
    }
  }

  sqlite3* db_ = nullptr;
};

}  // namespace

std::string FormatReal(double value) {
  // The corpus's expected values were printed with SQLite's own printf, whose %f keeps at
  // most 16 significant digits: the harness formats the same way, for both engines.
  char buffer[400];
  sqlite3_snprintf(sizeof(buffer), buffer, "%.3f", value);
  return buffer;
}

std::unique_ptr<SltDatabase> OpenRealSqlite() { return std::make_unique<RealSqliteDatabase>(); }

}  // namespace simlite::slt
