// Incremental BLOB I/O (sqlite3_blob_*), built from SQL: opening checks the table, column and
// row as SQLite does (with its messages); a read or write first reads the value again and
// compares it with the handle's copy, so that a handle whose row changed since it was opened
// (or last written through it) has expired and fails with SQLITE_ABORT, as in SQLite; a write
// stores the whole value back with an UPDATE.
//
// Differences from SQLite (docs/compat.md): each write commits on its own (SQLite holds the
// write until the handle closes), and reads and writes cost the size of the value.
#include <cstring>
#include <new>
#include <string>

#include "api/database.h"
#include "api/query.h"
#include "vdbe/text_util.h"

struct sqlite3_blob {
  sqlite3* db = nullptr;
  std::string schema;
  std::string table;
  std::string column;
  sqlite3_int64 rowid = 0;
  bool writable = false;
  bool is_text = false;
  bool aborted = false;
  int close_rc = SQLITE_OK;  // what sqlite3_blob_close returns: a write refused as read-only
  std::string value;  // the value as of opening or the last write through this handle
};

namespace simlite::api {
namespace {

// Reads the blob's value at its row into *value: SQLITE_OK, or an error with SQLite's message
// on the connection ("no such rowid", "cannot open value of type ...").
int ReadValue(sqlite3_blob* blob, std::string* value, bool* is_text) {
  char* sql = sqlite3_mprintf("SELECT \"%w\" FROM \"%w\".\"%w\" WHERE rowid = ?",
                              blob->column.c_str(), blob->schema.c_str(), blob->table.c_str());
  Query query(blob->db, sql);
  sqlite3_free(sql);
  if (!query.ok()) return query.rc();
  sqlite3_bind_int64(query.stmt(), 1, blob->rowid);
  if (!query.Step()) {
    if (query.rc() != SQLITE_DONE) return query.rc();
    return SetError(blob->db, SQLITE_ERROR, "no such rowid: " + std::to_string(blob->rowid));
  }
  int type = sqlite3_column_type(query.stmt(), 0);
  if (type != SQLITE_BLOB && type != SQLITE_TEXT) {
    const char* name = type == SQLITE_NULL ? "null" : type == SQLITE_INTEGER ? "integer" : "real";
    return SetError(blob->db, SQLITE_ERROR, std::string("cannot open value of type ") + name);
  }
  const void* bytes = sqlite3_column_blob(query.stmt(), 0);
  value->assign(static_cast<const char*>(bytes),
                static_cast<size_t>(sqlite3_column_bytes(query.stmt(), 0)));
  *is_text = type == SQLITE_TEXT;
  return SQLITE_OK;
}

// Checks that schema.table is an ordinary table with `column`, as blob_open requires.
int CheckTarget(sqlite3* db, const char* schema, const char* table, const char* column) {
  bool main = vdbe::EqualsNoCase(schema, "main");
  char* sql = sqlite3_mprintf(
      "SELECT type, sql FROM sqlite_schema WHERE type IN ('table', 'view') AND name = %Q "
      "COLLATE NOCASE",
      table);
  Query query(db, sql);
  sqlite3_free(sql);
  if (!query.ok()) return query.rc();
  if (!main || !query.Step()) {
    return SetError(db, SQLITE_ERROR, std::string("no such table: ") + schema + "." + table);
  }
  if (query.Text(0) == "view") {
    return SetError(db, SQLITE_ERROR, std::string("cannot open view: ") + table);
  }
  char* select = sqlite3_mprintf("SELECT * FROM \"%w\" LIMIT 0", table);
  Query columns(db, select);
  sqlite3_free(select);
  if (!columns.ok()) return columns.rc();
  for (int column_idx = 0; column_idx < sqlite3_column_count(columns.stmt()); column_idx++) {
    if (vdbe::EqualsNoCase(sqlite3_column_name(columns.stmt(), column_idx), column)) {
      return SQLITE_OK;
    }
  }
  return SetError(db, SQLITE_ERROR, std::string("no such column: \"") + column + "\"");
}

int Expired(sqlite3_blob* blob) {
  blob->aborted = true;
  return SetError(blob->db, SQLITE_ABORT);
}

// Reads the value again: SQLITE_OK when it is unchanged, SQLITE_ABORT when the row changed.
int CheckCurrent(sqlite3_blob* blob) {
  if (blob->aborted) return SetError(blob->db, SQLITE_ABORT);
  std::string current;
  bool is_text = false;
  if (ReadValue(blob, &current, &is_text) != SQLITE_OK || current != blob->value ||
      is_text != blob->is_text) {
    return Expired(blob);
  }
  return SQLITE_OK;
}

bool InRange(const sqlite3_blob* blob, int n, int offset) {
  return n >= 0 && offset >= 0 &&
         static_cast<int64_t>(offset) + n <= static_cast<int64_t>(blob->value.size());
}

int Write(sqlite3_blob* blob, const void* data, int n, int offset) {
  int rc = CheckCurrent(blob);
  if (rc != SQLITE_OK) return rc;
  std::string updated = blob->value;
  std::memcpy(updated.data() + offset, data, static_cast<size_t>(n));
  char* sql = sqlite3_mprintf("UPDATE \"%w\".\"%w\" SET \"%w\" = ? WHERE rowid = ?",
                              blob->schema.c_str(), blob->table.c_str(), blob->column.c_str());
  Query query(blob->db, sql);
  sqlite3_free(sql);
  if (!query.ok()) return query.rc();
  if (blob->is_text) {
    sqlite3_bind_text(query.stmt(), 1, updated.data(), static_cast<int>(updated.size()),
                      SQLITE_STATIC);
  } else {
    sqlite3_bind_blob(query.stmt(), 1, updated.data(), static_cast<int>(updated.size()),
                      SQLITE_STATIC);
  }
  sqlite3_bind_int64(query.stmt(), 2, blob->rowid);
  rc = query.Run();
  if (rc != SQLITE_OK) return rc;
  blob->value = std::move(updated);
  ClearError(blob->db);
  return SQLITE_OK;
}

}  // namespace
}  // namespace simlite::api

using simlite::api::SetError;

extern "C" {

int sqlite3_blob_open(sqlite3* db, const char* schema, const char* table, const char* column,
                      sqlite3_int64 rowid, int flags, sqlite3_blob** out) {
  if (out == nullptr) return SQLITE_MISUSE;
  *out = nullptr;
  if (!simlite::api::IsUsable(db) || table == nullptr || column == nullptr) {
    return SQLITE_MISUSE;
  }
  if (schema == nullptr) schema = "main";
  int rc = simlite::api::CheckTarget(db, schema, table, column);
  if (rc != SQLITE_OK) return rc;
  auto* blob = new (std::nothrow) sqlite3_blob;
  if (blob == nullptr) return SetError(db, SQLITE_NOMEM);
  blob->db = db;
  blob->schema = schema;
  blob->table = table;
  blob->column = column;
  blob->rowid = rowid;
  blob->writable = flags != 0;
  rc = simlite::api::ReadValue(blob, &blob->value, &blob->is_text);
  if (rc != SQLITE_OK) {
    delete blob;
    return rc;
  }
  db->open_blobs++;
  simlite::api::ClearError(db);
  *out = blob;
  return SQLITE_OK;
}

int sqlite3_blob_reopen(sqlite3_blob* blob, sqlite3_int64 rowid) {
  if (blob == nullptr) return SQLITE_MISUSE;
  if (blob->aborted) return SetError(blob->db, SQLITE_ABORT);
  blob->rowid = rowid;
  int rc = simlite::api::ReadValue(blob, &blob->value, &blob->is_text);
  if (rc != SQLITE_OK) {
    blob->aborted = true;
    return rc;
  }
  simlite::api::ClearError(blob->db);
  return SQLITE_OK;
}

int sqlite3_blob_close(sqlite3_blob* blob) {
  if (blob == nullptr) return SQLITE_OK;
  sqlite3* db = blob->db;
  int rc = blob->close_rc;
  delete blob;
  db->open_blobs--;
  simlite::api::FreeIfZombie(db);
  return rc;
}

int sqlite3_blob_bytes(sqlite3_blob* blob) {
  return blob == nullptr || blob->aborted ? 0 : static_cast<int>(blob->value.size());
}

int sqlite3_blob_read(sqlite3_blob* blob, void* buffer, int n, int offset) {
  if (blob == nullptr) return SQLITE_MISUSE;
  if (!simlite::api::InRange(blob, n, offset)) return SetError(blob->db, SQLITE_ERROR);
  int rc = simlite::api::CheckCurrent(blob);
  if (rc != SQLITE_OK) return rc;
  std::memcpy(buffer, blob->value.data() + offset, static_cast<size_t>(n));
  simlite::api::ClearError(blob->db);
  return SQLITE_OK;
}

int sqlite3_blob_write(sqlite3_blob* blob, const void* data, int n, int offset) {
  if (blob == nullptr) return SQLITE_MISUSE;
  if (!blob->writable) {
    blob->close_rc = SQLITE_READONLY;
    return SetError(blob->db, SQLITE_READONLY);
  }
  if (!simlite::api::InRange(blob, n, offset)) return SetError(blob->db, SQLITE_ERROR);
  return simlite::api::Write(blob, data, n, offset);
}

}  // extern "C"
