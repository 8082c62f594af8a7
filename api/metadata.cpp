// sqlite3_table_column_metadata: the engine's schema (engine/connection.h) in the C API's
// terms. The strings it returns live in the connection until the next call.
#include "api/database.h"
#include "vdbe/text_util.h"

extern "C" {

int sqlite3_table_column_metadata(sqlite3* db, const char* schema, const char* table,
                                  const char* column, char const** declared_type,
                                  char const** collation, int* not_null, int* primary_key,
                                  int* autoincrement) {
  if (!simlite::api::IsUsable(db) || table == nullptr) return SQLITE_MISUSE;
  simlite::engine::Connection::ColumnMetadata metadata;
  simlite::Rc rc = simlite::Rc::kError;
  if (schema == nullptr || simlite::vdbe::EqualsNoCase(schema, "main")) {
    rc = db->connection->TableColumnMetadata(table, column == nullptr ? "" : column, &metadata);
  }
  bool found = rc == simlite::Rc::kOk && column != nullptr;
  db->metadata_type = metadata.declared_type;
  db->metadata_collation = metadata.collation;
  if (declared_type != nullptr) {
    *declared_type = found && !db->metadata_type.empty() ? db->metadata_type.c_str() : nullptr;
  }
  if (collation != nullptr) *collation = found ? db->metadata_collation.c_str() : nullptr;
  if (not_null != nullptr) *not_null = found && metadata.not_null;
  if (primary_key != nullptr) *primary_key = found && metadata.primary_key;
  if (autoincrement != nullptr) *autoincrement = found && metadata.autoincrement;
  if (rc != simlite::Rc::kOk) {
    return simlite::api::SetError(db, SQLITE_ERROR, std::string("no such table column: ") +
                                                        table + "." + (column ? column : ""));
  }
  simlite::api::ClearError(db);
  return SQLITE_OK;
}

}  // extern "C"
