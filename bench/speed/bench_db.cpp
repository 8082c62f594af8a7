// BenchDb, BenchStmt: running SQL on one engine and hashing what it returns.
#include "bench/speed/bench_db.h"

#include <unistd.h>

#include <cassert>
#include <cstdio>
#include <cstring>

namespace simlite::bench {

uint64_t MixHash(uint64_t hash, uint64_t value) {
  // A multiply-xorshift round (splitmix64's finaliser) over hash ^ value.
  uint64_t x = hash ^ (value + 0x9e3779b97f4a7c15ull);
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

uint64_t HashBytes(uint64_t seed, const void* data, size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  uint64_t hash = MixHash(seed, size);
  size_t offset = 0;
  for (; offset + 8 <= size; offset += 8) {
    uint64_t word;
    std::memcpy(&word, bytes + offset, 8);
    hash = MixHash(hash, word);
  }
  uint64_t tail = 0;
  std::memcpy(&tail, bytes + offset, size - offset);
  return MixHash(hash, tail);
}

namespace {

// Hashes the current row of `stmt`: each column's type and value.
uint64_t HashRow(const EngineApi& api, sqlite3_stmt* stmt, int column_count) {
  uint64_t hash = 0;
  for (int column_idx = 0; column_idx < column_count; column_idx++) {
    const int type = api.column_type(stmt, column_idx);
    hash = MixHash(hash, static_cast<uint64_t>(type));
    if (type == SQLITE_INTEGER) {
      hash = MixHash(hash, static_cast<uint64_t>(api.column_int64(stmt, column_idx)));
    } else if (type == SQLITE_FLOAT) {
      const double value = api.column_double(stmt, column_idx);
      uint64_t bits;
      std::memcpy(&bits, &value, sizeof bits);
      hash = MixHash(hash, bits);
    } else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
      const void* data = type == SQLITE_TEXT
                             ? static_cast<const void*>(api.column_text(stmt, column_idx))
                             : api.column_blob(stmt, column_idx);
      const int size = api.column_bytes(stmt, column_idx);
      hash = HashBytes(hash, data, static_cast<size_t>(size));
    }
  }
  return hash;
}

// Steps `stmt` to its end and folds its rows (or, for a statement without columns, the
// change count) into *digest. Returns the last sqlite3_step() code: SQLITE_DONE on success.
int StepAll(const EngineApi& api, sqlite3* db, sqlite3_stmt* stmt, ResultDigest* digest) {
  const int column_count = api.column_count(stmt);
  // Rows are summed, not chained: a query without ORDER BY may return its rows in another
  // order on the other engine (another plan), and that is not a difference in results.
  uint64_t row_sum = 0;
  uint64_t row_count = 0;
  int rc;
  while ((rc = api.step(stmt)) == SQLITE_ROW) {
    row_sum += HashRow(api, stmt, column_count);
    row_count++;
  }
  if (column_count == 0) row_sum = static_cast<uint64_t>(api.changes(db));
  digest->hash = MixHash(MixHash(digest->hash, row_sum), row_count);
  digest->row_count += row_count;
  digest->statement_count++;
  return rc;
}

}  // namespace

BenchStmt::BenchStmt(BenchDb* db, std::string_view sql) : db_(db), sql_(sql) {
  const int rc = db_->api().prepare_v2(db_->handle(), sql_.c_str(), -1, &stmt_, nullptr);
  if (rc != SQLITE_OK || stmt_ == nullptr) db_->Fail("prepare", sql_);
}

BenchStmt::~BenchStmt() {
  db_->api().finalize(stmt_);
}

BenchStmt& BenchStmt::Bind(int index, int64_t value) {
  if (db_->api().bind_int64(stmt_, index, value) != SQLITE_OK) db_->Fail("bind", sql_);
  return *this;
}

BenchStmt& BenchStmt::Bind(int index, double value) {
  if (db_->api().bind_double(stmt_, index, value) != SQLITE_OK) db_->Fail("bind", sql_);
  return *this;
}

BenchStmt& BenchStmt::Bind(int index, std::string_view text) {
  const int rc =
      db_->api().bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  if (rc != SQLITE_OK) db_->Fail("bind", sql_);
  return *this;
}

void BenchStmt::Run() {
  if (StepAll(db_->api(), db_->handle(), stmt_, &db_->digest()) != SQLITE_DONE) {
    db_->Fail("step", sql_);
  }
  if (db_->api().reset(stmt_) != SQLITE_OK) db_->Fail("reset", sql_);
}

BenchDb::BenchDb(const EngineApi* api, std::string engine_label, const std::string& path)
    : api_(api), engine_label_(std::move(engine_label)) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (api_->open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) Fail("open", path);
}

BenchDb::~BenchDb() {
  if (api_->close_v2(db_) != SQLITE_OK) Fail("close", "");
}

void BenchDb::Exec(std::string_view sql) {
  // Statements one at a time, so that each one's rows are hashed like a prepared one's.
  std::string rest(sql);
  const char* cursor = rest.c_str();
  while (*cursor != '\0') {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    if (api_->prepare_v2(db_, cursor, -1, &stmt, &tail) != SQLITE_OK) Fail("prepare", cursor);
    if (stmt == nullptr) break;  // only white space or comments were left
    if (StepAll(*api_, db_, stmt, &digest_) != SQLITE_DONE) {
      Fail("step", std::string_view(cursor, tail - cursor));
    }
    api_->finalize(stmt);
    cursor = tail;
  }
}

void BenchDb::Fail(std::string_view what, std::string_view sql) const {
  std::fprintf(stderr, "simlite-speed: %s, %s: %.*s failed: %s\n  SQL: %.*s\n",
               engine_label_.c_str(), test_label_.c_str(), static_cast<int>(what.size()),
               what.data(), db_ ? api_->errmsg(db_) : "(no connection)",
               static_cast<int>(sql.size()), sql.data());
  std::fflush(stderr);
  _exit(kExitEngineError);
}

}  // namespace simlite::bench
