#include "api/query.h"

#include "api/database.h"

namespace simlite::api {

Query::~Query() {
  if (stmt_ == nullptr) return;
  sqlite3* db = sqlite3_db_handle(stmt_);
  int code = db->error_code;
  std::string message = std::move(db->error_message);
  const char* text = db->error_text;
  int offset = db->error_offset;
  sqlite3_finalize(stmt_);
  db->error_code = code;
  db->error_message = std::move(message);
  db->error_text = text;
  db->error_offset = offset;
}

Query::Query(sqlite3* db, const std::string& sql) {
  rc_ = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc_ == SQLITE_OK && stmt_ == nullptr) rc_ = SQLITE_ERROR;
}

bool Query::Step() {
  if (!ok()) return false;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  rc_ = rc == SQLITE_DONE ? SQLITE_DONE : rc;
  return false;
}

int Query::Run() {
  while (Step()) {
  }
  return rc_ == SQLITE_DONE ? SQLITE_OK : rc_;
}

std::string Query::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

}  // namespace simlite::api
