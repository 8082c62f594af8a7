// Application-defined collations (sqlite3_create_collation and friends, collation_needed).
//
// As in SQLite, a name may have one comparator per text encoding (UTF-8, UTF-16LE, UTF-16BE).
// The engine (engine/connection.h SetCollation) knows one comparator per name, over UTF-8
// text: the UTF-8 one when registered, else a UTF-16 one, called with the texts converted.
// Registering or removing a comparator replaces (and destroys) the one of the same name and
// encoding and expires the connection's statements, which prepare again before they next run.
#include <algorithm>

#include "api/database.h"
#include "api/statement.h"
#include "api/utf16.h"
#include "vdbe/text_util.h"

namespace {

using simlite::api::UserCollation;

// SQLite's rule: SQLITE_UTF16 and SQLITE_UTF16_ALIGNED mean the machine's byte order; any
// other value outside UTF8..UTF16BE is misuse (0).
int EncodingOf(int text_rep) {
  if (text_rep == SQLITE_UTF16 || text_rep == SQLITE_UTF16_ALIGNED) {
    return simlite::api::NativeUtf16();
  }
  return text_rep >= SQLITE_UTF8 && text_rep <= SQLITE_UTF16BE ? text_rep : 0;
}

// The comparator the engine uses for `name`: the UTF-8 registration, else the native UTF-16
// one, else the other; null when none is left.
simlite::engine::Connection::CollationComparator EngineComparator(sqlite3* db,
                                                                  std::string_view name) {
  const UserCollation* chosen = nullptr;
  int chosen_rank = 4;
  for (const auto& collation : db->collations) {
    if (!simlite::vdbe::EqualsNoCase(collation->name, name)) continue;
    const int rank = collation->encoding == SQLITE_UTF8                   ? 0
                     : collation->encoding == simlite::api::NativeUtf16() ? 1
                                                                          : 2;
    if (rank < chosen_rank) {
      chosen = collation.get();
      chosen_rank = rank;
    }
  }
  if (chosen == nullptr) return nullptr;
  if (chosen->encoding == SQLITE_UTF8) {
    return [chosen](const uint8_t* a, uint32_t a_size, const uint8_t* b, uint32_t b_size) {
      static const uint8_t kEmpty[1] = {0};
      return chosen->compare(chosen->arg, static_cast<int>(a_size), a != nullptr ? a : kEmpty,
                             static_cast<int>(b_size), b != nullptr ? b : kEmpty);
    };
  }
  return [chosen](const uint8_t* a, uint32_t a_size, const uint8_t* b, uint32_t b_size) {
    std::u16string a16;
    std::u16string b16;
    simlite::api::Utf8ToUtf16({reinterpret_cast<const char*>(a), a_size}, chosen->encoding, &a16);
    simlite::api::Utf8ToUtf16({reinterpret_cast<const char*>(b), b_size}, chosen->encoding, &b16);
    return chosen->compare(chosen->arg, static_cast<int>(a16.size() * 2), a16.c_str(),
                           static_cast<int>(b16.size() * 2), b16.c_str());
  };
}

int CreateCollation(sqlite3* db, std::string_view name, int text_rep, void* arg,
                    int (*compare)(void*, int, const void*, int, const void*),
                    void (*destroy)(void*)) {
  const int encoding = EncodingOf(text_rep);
  if (encoding == 0) return SQLITE_MISUSE;
  // The registration this one replaces: kept alive until the engine no longer refers to it.
  std::unique_ptr<UserCollation> replaced;
  auto same = std::find_if(db->collations.begin(), db->collations.end(), [&](const auto& c) {
    return c->encoding == encoding && simlite::vdbe::EqualsNoCase(c->name, name);
  });
  if (same != db->collations.end()) {
    replaced = std::move(*same);
    db->collations.erase(same);
  }
  if (compare != nullptr) {
    auto collation = std::make_unique<UserCollation>();
    collation->name = std::string(name);
    collation->encoding = encoding;
    collation->arg = arg;
    collation->compare = compare;
    collation->destroy = destroy;
    db->collations.push_back(std::move(collation));
  }
  simlite::Rc rc = db->connection->SetCollation(name, EngineComparator(db, name));
  if (rc != simlite::Rc::kOk) {
    // Undo: the engine still uses the old registration; the new one is dropped without its
    // xDestroy (as SQLite does when the call fails).
    if (compare != nullptr) {
      db->collations.back()->destroy = nullptr;
      db->collations.pop_back();
    }
    if (replaced != nullptr) db->collations.push_back(std::move(replaced));
    return simlite::api::SetEngineError(db, rc);
  }
  for (sqlite3_stmt* stmt = db->statements; stmt != nullptr; stmt = stmt->next) {
    stmt->expired = true;
  }
  simlite::api::ClearError(db);
  return SQLITE_OK;  // `replaced` is destroyed here, its xDestroy called
}

// The engine asks for a collation it does not know: the application's callback may register
// it (SQLite passes the database's text encoding, UTF-8).
void InstallNeededCallback(sqlite3* db) {
  if (db->collation_needed == nullptr && db->collation_needed16 == nullptr) {
    db->connection->SetCollationNeeded(nullptr);
    return;
  }
  db->connection->SetCollationNeeded([db](std::string_view name) {
    if (db->collation_needed != nullptr) {
      const std::string copy(name);
      db->collation_needed(db->collation_needed_arg, db, SQLITE_UTF8, copy.c_str());
    } else if (db->collation_needed16 != nullptr) {
      std::u16string name16;
      simlite::api::Utf8ToUtf16(name, simlite::api::NativeUtf16(), &name16);
      db->collation_needed16(db->collation_needed_arg, db, SQLITE_UTF8, name16.c_str());
    }
  });
}

}  // namespace

extern "C" {

int sqlite3_create_collation_v2(sqlite3* db, const char* name, int text_rep, void* arg,
                                int (*compare)(void*, int, const void*, int, const void*),
                                void (*destroy)(void*)) {
  if (!simlite::api::IsUsable(db) || name == nullptr) return SQLITE_MISUSE;
  return CreateCollation(db, name, text_rep, arg, compare, destroy);
}

int sqlite3_create_collation(sqlite3* db, const char* name, int text_rep, void* arg,
                             int (*compare)(void*, int, const void*, int, const void*)) {
  return sqlite3_create_collation_v2(db, name, text_rep, arg, compare, nullptr);
}

int sqlite3_create_collation16(sqlite3* db, const void* name, int text_rep, void* arg,
                               int (*compare)(void*, int, const void*, int, const void*)) {
  if (!simlite::api::IsUsable(db) || name == nullptr) return SQLITE_MISUSE;
  std::string utf8;
  simlite::api::Utf16ToUtf8(name, simlite::api::Utf16Bytes(name), simlite::api::NativeUtf16(),
                            &utf8);
  return CreateCollation(db, utf8, text_rep, arg, compare, nullptr);
}

int sqlite3_collation_needed(sqlite3* db, void* arg,
                             void (*callback)(void*, sqlite3*, int, const char*)) {
  if (!simlite::api::IsUsable(db)) return SQLITE_MISUSE;
  db->collation_needed = callback;
  db->collation_needed16 = nullptr;
  db->collation_needed_arg = arg;
  InstallNeededCallback(db);
  return SQLITE_OK;
}

int sqlite3_collation_needed16(sqlite3* db, void* arg,
                               void (*callback)(void*, sqlite3*, int, const void*)) {
  if (!simlite::api::IsUsable(db)) return SQLITE_MISUSE;
  db->collation_needed = nullptr;
  db->collation_needed16 = callback;
  db->collation_needed_arg = arg;
  InstallNeededCallback(db);
  return SQLITE_OK;
}

}  // extern "C"
