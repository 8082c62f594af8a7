// The online backup API (sqlite3_backup_*), as a logical copy: the destination's schema objects
// are dropped, the source's created again from their SQL, and every table's rows copied with
// their rowids, in one transaction on the destination.
//
// Pages are counted as SQLite counts them, from the source's size in pages: each step "copies"
// up to N pages, and the step that reaches the last page performs the copy, so
// sqlite3_backup_remaining and sqlite3_backup_pagecount report what SQLite would. When the
// source connection changed the database between two steps, the backup starts over, as SQLite's
// does. Differences from SQLite (docs/compat.md): the destination's file is a new layout of the
// same content (page size, free pages and page order are the destination's own).
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "api/database.h"
#include "api/query.h"
#include "vdbe/text_util.h"

struct sqlite3_backup {
  sqlite3* dest = nullptr;
  sqlite3* source = nullptr;
  std::string source_schema;  // the source database's name ("main", "temp", attached)
  bool started = false;
  int64_t source_changes = 0;  // the source's total_changes at the last step
  int pages = 0;               // the source's size in pages
  int copied = 0;
  int rc = SQLITE_OK;          // the last step's outcome
};

namespace simlite::api {
namespace {

// "schema".rest, the name quoted.
std::string Qualified(const std::string& schema, const char* rest) {
  char* name = sqlite3_mprintf("\"%w\".%s", schema.c_str(), rest);
  std::string qualified(name);
  sqlite3_free(name);
  return qualified;
}

int SourcePageCount(sqlite3_backup* backup) {
  Query query(backup->source, "PRAGMA " + Qualified(backup->source_schema, "page_count"));
  return query.Step() ? sqlite3_column_int(query.stmt(), 0) : 0;
}

// Whether `db` has a database called `name`.
bool HasDatabase(sqlite3* db, const char* name) {
  // Main (and temp) without asking: the query would fail on a source that is no database.
  if (simlite::vdbe::EqualsNoCase(name, "main") || simlite::vdbe::EqualsNoCase(name, "temp")) {
    return true;
  }
  Query query(db, "SELECT name FROM pragma_database_list");
  while (query.Step()) {
    if (simlite::vdbe::EqualsNoCase(query.Text(0), name)) return true;
  }
  return false;
}

int Exec(sqlite3* db, const std::string& sql) {
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

// Drops every schema object of the destination (views, then tables with their indexes).
int ClearDestination(sqlite3* dest) {
  std::vector<std::string> drops;
  Query query(dest,
              "SELECT type, name FROM sqlite_schema WHERE type IN ('view', 'table') AND "
              "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type = 'table'");
  while (query.Step()) {
    char* drop = sqlite3_mprintf("DROP %s \"%w\"", query.Text(0) == "view" ? "VIEW" : "TABLE",
                                 query.Text(1).c_str());
    drops.emplace_back(drop);
    sqlite3_free(drop);
  }
  if (query.rc() != SQLITE_DONE) return query.rc();
  for (const std::string& drop : drops) {
    int rc = Exec(dest, drop);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

// Copies one table's rows, rowids included.
int CopyRows(sqlite3* source, const std::string& schema, sqlite3* dest, const std::string& table) {
  char* select = sqlite3_mprintf("SELECT rowid, * FROM \"%w\".\"%w\"", schema.c_str(),
                                 table.c_str());
  Query rows(source, select);
  sqlite3_free(select);
  if (!rows.ok()) return rows.rc();
  int column_count = sqlite3_column_count(rows.stmt());
  std::string insert = "INSERT INTO \"" + table + "\"(rowid";
  std::string values = "VALUES(?";
  for (int column_idx = 1; column_idx < column_count; column_idx++) {
    char* name = sqlite3_mprintf(", \"%w\"", sqlite3_column_name(rows.stmt(), column_idx));
    insert += name;
    sqlite3_free(name);
    values += ", ?";
  }
  Query write(dest, insert + ") " + values + ")");
  if (!write.ok()) return write.rc();
  while (rows.Step()) {
    for (int column_idx = 0; column_idx < column_count; column_idx++) {
      sqlite3_bind_value(write.stmt(), column_idx + 1,
                         sqlite3_column_value(rows.stmt(), column_idx));
    }
    int rc = sqlite3_step(write.stmt());
    if (rc != SQLITE_DONE) return rc;
    sqlite3_reset(write.stmt());
  }
  return rows.rc() == SQLITE_DONE ? SQLITE_OK : rows.rc();
}

// Creates the source's objects in the destination, in the source's order, and copies rows.
int CopyContent(sqlite3* source, const std::string& schema, sqlite3* dest) {
  Query objects(source, "SELECT type, name, sql FROM " + Qualified(schema, "sqlite_schema") +
                            " WHERE sql IS NOT NULL AND "
                            "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid");
  std::vector<std::string> tables;
  while (objects.Step()) {
    int rc = Exec(dest, objects.Text(2));
    if (rc != SQLITE_OK) return rc;
    if (objects.Text(0) == "table") tables.push_back(objects.Text(1));
  }
  if (objects.rc() != SQLITE_DONE) return objects.rc();
  for (const std::string& table : tables) {
    int rc = CopyRows(source, schema, dest, table);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

int Copy(sqlite3_backup* backup) {
  sqlite3* dest = backup->dest;
  int rc = Exec(dest, "BEGIN");
  if (rc != SQLITE_OK) return rc;
  rc = ClearDestination(dest);
  if (rc == SQLITE_OK) rc = CopyContent(backup->source, backup->source_schema, dest);
  if (rc == SQLITE_OK) return Exec(dest, "COMMIT");
  // Reading failed on the source, or writing on the destination: report that message.
  sqlite3* failed = backup->source->error_code == rc ? backup->source : dest;
  std::string message = ErrorMessage(failed);
  Exec(dest, "ROLLBACK");
  return SetError(dest, rc, message);
}

// One step of nPage pages; the step that reaches the end copies.
int Step(sqlite3_backup* backup, int page_count) {
  int64_t changes = sqlite3_total_changes64(backup->source);
  if (!backup->started || changes != backup->source_changes) {
    backup->started = true;
    backup->copied = 0;
    backup->pages = SourcePageCount(backup);
  }
  backup->source_changes = changes;
  int remaining = backup->pages - backup->copied;
  backup->copied += page_count < 0 || page_count > remaining ? remaining : page_count;
  if (backup->copied < backup->pages) return SQLITE_OK;
  int rc = Copy(backup);
  return rc == SQLITE_OK ? SQLITE_DONE : rc;
}

}  // namespace
}  // namespace simlite::api

using simlite::api::SetError;

extern "C" {

sqlite3_backup* sqlite3_backup_init(sqlite3* dest, const char* dest_name, sqlite3* source,
                                    const char* source_name) {
  if (!simlite::api::IsUsable(dest) || !simlite::api::IsUsable(source)) return nullptr;
  if (dest == source) {
    SetError(dest, SQLITE_ERROR, "source and destination must be distinct");
    return nullptr;
  }
  // The destination is its main or temp database (written through its main schema); the
  // source any of its databases.
  if (source_name != nullptr && !simlite::api::HasDatabase(source, source_name)) {
    SetError(dest, SQLITE_ERROR, std::string("unknown database ") + source_name);
    return nullptr;
  }
  if (dest_name != nullptr && !simlite::vdbe::EqualsNoCase(dest_name, "main") &&
      !simlite::vdbe::EqualsNoCase(dest_name, "temp")) {
    SetError(dest, SQLITE_ERROR, std::string("unknown database ") + dest_name);
    return nullptr;
  }
  if (!dest->connection->autocommit()) {
    SetError(dest, SQLITE_ERROR, "destination database is in use");
    return nullptr;
  }
  auto* backup = new (std::nothrow) sqlite3_backup;
  if (backup == nullptr) {
    SetError(dest, SQLITE_NOMEM);
    return nullptr;
  }
  backup->dest = dest;
  backup->source = source;
  backup->source_schema = source_name != nullptr ? source_name : "main";
  dest->open_backups++;
  source->open_backups++;
  return backup;
}

int sqlite3_backup_step(sqlite3_backup* backup, int pages) {
  if (backup == nullptr) return SQLITE_MISUSE;
  if (backup->rc != SQLITE_OK) return backup->rc;
  int rc = simlite::api::Step(backup, pages);
  if (rc != SQLITE_OK && rc != SQLITE_DONE) backup->rc = rc;
  if (rc == SQLITE_DONE) backup->rc = SQLITE_DONE;
  return rc;
}

int sqlite3_backup_finish(sqlite3_backup* backup) {
  if (backup == nullptr) return SQLITE_OK;
  sqlite3* dest = backup->dest;
  sqlite3* source = backup->source;
  int rc = backup->rc == SQLITE_DONE ? SQLITE_OK : backup->rc;
  delete backup;
  source->open_backups--;
  dest->open_backups--;
  if (rc == SQLITE_OK) {
    simlite::api::ClearError(dest);
  } else {
    dest->error_code = rc;
  }
  simlite::api::FreeIfZombie(source);
  simlite::api::FreeIfZombie(dest);
  return rc;
}

int sqlite3_backup_remaining(sqlite3_backup* backup) {
  return backup == nullptr ? 0 : backup->pages - backup->copied;
}

int sqlite3_backup_pagecount(sqlite3_backup* backup) {
  return backup == nullptr ? 0 : backup->pages;
}

}  // extern "C"
