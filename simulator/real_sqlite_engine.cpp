#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "simulator/sql_engine.h"

namespace simlite::sim {

namespace {

std::string Hex(const unsigned char* bytes, int size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (int byte_idx = 0; byte_idx < size; byte_idx++) {
    out += kDigits[bytes[byte_idx] >> 4];
    out += kDigits[bytes[byte_idx] & 15];
  }
  return out;
}

std::string CanonicalRow(sqlite3_stmt* stmt) {
  std::string row;
  for (int column = 0; column < sqlite3_column_count(stmt); column++) {
    if (column > 0) row += "|";
    char number[64];
    switch (sqlite3_column_type(stmt, column)) {
      case SQLITE_NULL: row += "N"; break;
      case SQLITE_INTEGER:
        row += "I:" + std::to_string(sqlite3_column_int64(stmt, column));
        break;
      case SQLITE_FLOAT:
        std::snprintf(number, sizeof(number), "R:%.17g", sqlite3_column_double(stmt, column));
        row += number;
        break;
      case SQLITE_TEXT:
        row += "T:'" + std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, column)),
                                   sqlite3_column_bytes(stmt, column)) + "'";
        break;
      default:
        row += "B:" + Hex(static_cast<const unsigned char*>(sqlite3_column_blob(stmt, column)),
                          sqlite3_column_bytes(stmt, column));
    }
  }
  return row;
}

class RealSqliteEngine final : public SqlEngine {
 public:
  explicit RealSqliteEngine(const char* path = ":memory:") { sqlite3_open(path, &db_); }
  ~RealSqliteEngine() override { sqlite3_close(db_); }

  Outcome Run(const std::string& sql) override {
    Outcome outcome;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr);
    if (rc == SQLITE_OK && stmt != nullptr) {
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) outcome.rows.push_back(CanonicalRow(stmt));
      if (rc == SQLITE_DONE) rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK) {
      outcome.rc = sqlite3_extended_errcode(db_);
      outcome.message = sqlite3_errmsg(db_);
    }
    sqlite3_finalize(stmt);
    outcome.changes = sqlite3_changes64(db_);
    outcome.last_insert_rowid = sqlite3_last_insert_rowid(db_);
    return outcome;
  }

  bool autocommit() override { return sqlite3_get_autocommit(db_) != 0; }

  std::string Snapshot() override {
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(db_, "main", &size, 0);
    std::string image(reinterpret_cast<const char*>(bytes), static_cast<size_t>(size));
    sqlite3_free(bytes);
    return image;
  }

  void Restore(const std::string& image) override {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    const size_t capacity = std::max<size_t>(image.size(), 1);
    auto* bytes = static_cast<unsigned char*>(sqlite3_malloc64(capacity));
    if (!image.empty()) std::memcpy(bytes, image.data(), image.size());
    sqlite3_deserialize(db_, "main", bytes, static_cast<sqlite3_int64>(image.size()),
                        static_cast<sqlite3_int64>(capacity),
                        SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  }

  void SetLastInsertRowid(int64_t rowid) override { sqlite3_set_last_insert_rowid(db_, rowid); }

  void ForgetConnectionState() override {
    sqlite3_set_last_insert_rowid(db_, 0);
    // A DELETE of no rows makes changes() 0; the temp table is outside the compared state.
    sqlite3_exec(db_, "CREATE TEMP TABLE IF NOT EXISTS simlite_sim_nothing(x);"
                      "DELETE FROM temp.simlite_sim_nothing", nullptr, nullptr, nullptr);
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<SqlEngine> OpenRealSqlite() { return std::make_unique<RealSqliteEngine>(); }

std::unique_ptr<SqlEngine> OpenRealSqliteFile(const std::string& path, uint32_t page_size,
                                              uint32_t cache_pages, bool wal) {
  auto engine = std::make_unique<RealSqliteEngine>(path.c_str());
  // Durability is the simulated disk's business: no fsync here.
  engine->Run("PRAGMA synchronous = OFF");
  engine->Run("PRAGMA cache_size = " + std::to_string(cache_pages));
  engine->Run("PRAGMA page_size = " + std::to_string(page_size));
  if (wal) engine->Run("PRAGMA journal_mode = WAL");
  return engine;
}

}  // namespace simlite::sim
