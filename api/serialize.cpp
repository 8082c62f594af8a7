// sqlite3_serialize and sqlite3_deserialize. Serializing copies the engine's pages (the
// database file image, engine/connection.h Serialize). Deserializing writes the image to a
// temporary file and copies its content into the connection's database with the backup API
// (backup.cpp): the connection keeps its own storage (memory or file), with the image's
// content. (SQLite instead makes the connection an in-memory database over the image:
// docs/compat.md.)
#include <cstring>
#include <string>

#include "api/database.h"
#include "api/library.h"
#include "api/memory.h"
#include "io/io.h"
#include "vdbe/text_util.h"

namespace simlite::api {
namespace {

bool IsMain(const char* schema) {
  return schema == nullptr || vdbe::EqualsNoCase(schema, "main");
}

// A file name for the image that no other process uses: the temporary directory and random
// bytes (through io/).
std::string TemporaryPath() {
  uint8_t random[8];
  sqlite3_randomness(sizeof(random), random);
  std::string path = sqlite3_temp_directory != nullptr ? sqlite3_temp_directory : "/tmp";
  path += "/simlite-deserialize-";
  for (uint8_t byte : random) {
    path.push_back("0123456789abcdef"[byte >> 4]);
    path.push_back("0123456789abcdef"[byte & 15]);
  }
  return path + ".db";
}

Rc WriteFile(const std::string& path, const unsigned char* data, int64_t size) {
  io::Io& io = LibraryIo();
  io::FileId file = io::kNoFile;
  io::OpenFlags flags;
  flags.create = true;
  flags.exclusive = true;
  SIMLITE_TRY(io.Open(path, flags, &file));
  Rc rc = size > 0 ? io.Write(file, 0, data, static_cast<uint32_t>(size)) : Rc::kOk;
  io.Close(file);
  return rc;
}

// Copies the database in the file at path into db (the backup API).
int CopyFrom(sqlite3* db, const std::string& path) {
  sqlite3* image = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &image, SQLITE_OPEN_READONLY, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_backup* backup = sqlite3_backup_init(db, "main", image, "main");
    if (backup == nullptr) {
      rc = sqlite3_errcode(db);
    } else {
      sqlite3_backup_step(backup, -1);
      rc = sqlite3_backup_finish(backup);
    }
  } else {
    SetError(db, rc, sqlite3_errmsg(image));
  }
  sqlite3_close(image);
  return rc;
}

}  // namespace
}  // namespace simlite::api

extern "C" {

unsigned char* sqlite3_serialize(sqlite3* db, const char* schema, sqlite3_int64* size,
                                 unsigned int flags) {
  if (size != nullptr) *size = -1;
  if (!simlite::api::IsUsable(db) || !simlite::api::IsMain(schema)) return nullptr;
  // There is no in-memory image to hand out without copying.
  if ((flags & SQLITE_SERIALIZE_NOCOPY) != 0) return nullptr;
  std::string image;
  if (db->connection->Serialize(&image) != simlite::Rc::kOk) return nullptr;
  auto* copy =
      static_cast<unsigned char*>(simlite::api::Allocate(image.empty() ? 1 : image.size()));
  if (copy == nullptr) return nullptr;
  std::memcpy(copy, image.data(), image.size());
  if (size != nullptr) *size = static_cast<sqlite3_int64>(image.size());
  return copy;
}

int sqlite3_deserialize(sqlite3* db, const char* schema, unsigned char* data,
                        sqlite3_int64 size, sqlite3_int64, unsigned flags) {
  int rc = SQLITE_OK;
  if (!simlite::api::IsUsable(db)) {
    rc = SQLITE_MISUSE;
  } else if (!simlite::api::IsMain(schema)) {
    rc = simlite::api::SetError(db, SQLITE_ERROR, std::string("unknown database ") + schema);
  } else if (size < 0 || size > 0x7fffffff) {
    rc = simlite::api::SetError(db, SQLITE_TOOBIG);
  } else {
    std::string path = simlite::api::TemporaryPath();
    simlite::Rc written = simlite::api::WriteFile(path, data, size);
    rc = written == simlite::Rc::kOk ? simlite::api::CopyFrom(db, path)
                                     : simlite::api::SetError(db, written);
    (void)simlite::api::LibraryIo().Delete(path);
  }
  // The image belongs to the library from here on when the caller says so.
  if ((flags & SQLITE_DESERIALIZE_FREEONCLOSE) != 0) sqlite3_free(data);
  return rc;
}

}  // extern "C"
