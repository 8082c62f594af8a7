// The micro-benchmarks' data and shared database; see bench_data.h for the invariants.
#include "bench/micro/bench_data.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "btree/btree_cursor.h"
#include "io/posix_io.h"

namespace simlite::bench {
namespace {

// One io backend for the whole process: in-memory databases need one but never use it, and
// creating an io_uring per benchmark iteration would only add noise to the setup.
io::Io* SharedIo() {
  static std::unique_ptr<io::Io> io = io::CreateDefaultIo();
  return io.get();
}

pager::Pgno RootOf(sqlite3* db, const char* name) {
  sqlite3_stmt* stmt = SqlitePrepare(db, "SELECT rootpage FROM sqlite_schema WHERE name = ?1");
  sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
  CheckSqlite(db, sqlite3_step(stmt), SQLITE_ROW, name);
  const auto root = static_cast<pager::Pgno>(sqlite3_column_int64(stmt, 0));
  sqlite3_finalize(stmt);
  return root;
}

// Visits every entry of a tree (and every overflow page of it), so its pages are cached.
void WarmTree(btree::Btree* btree, pager::Pgno root, const btree::KeyInfo* key_info) {
  btree::BtCursor cursor;
  cursor.Open(btree, root, /*writable=*/false, key_info);
  bool at_end = false;
  CheckOk(cursor.First(&at_end), "warm: First");
  std::vector<uint8_t> payload;
  while (!at_end) {
    payload.resize(cursor.payload_size());
    CheckOk(cursor.ReadPayload(0, payload), "warm: ReadPayload");
    CheckOk(cursor.Next(&at_end), "warm: Next");
  }
}

// Steps a statement to its end, touching every column's content (so SQLite reads every
// page, overflow pages included).
void SqliteTouchAll(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = SqlitePrepare(db, sql);
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    for (int column_idx = 0; column_idx < sqlite3_column_count(stmt); column_idx++) {
      (void)sqlite3_column_blob(stmt, column_idx);
    }
  }
  CheckSqlite(db, rc, SQLITE_DONE, sql);
  sqlite3_finalize(stmt);
}

// 1..count.
std::vector<int64_t> Ascending(uint32_t count) {
  std::vector<int64_t> values(count);
  for (uint32_t value_idx = 0; value_idx < count; value_idx++) values[value_idx] = value_idx + 1;
  return values;
}

}  // namespace

BenchConfig& Config() {
  static BenchConfig config;
  return config;
}

uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

int64_t RowB(int64_t rowid) {
  return static_cast<int64_t>(Mix(static_cast<uint64_t>(rowid) ^ 0xb) % 1000000);
}

uint32_t RowText(int64_t rowid, char* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t h = Mix(static_cast<uint64_t>(rowid));
  for (int digit_idx = 15; digit_idx >= 0; digit_idx--) {
    out[digit_idx] = kHex[h & 0xf];
    h >>= 4;
  }
  uint64_t letters = Mix(static_cast<uint64_t>(rowid) ^ 0xc);
  const uint32_t letter_count = 4 + static_cast<uint32_t>(letters % 21);
  for (uint32_t letter_idx = 0; letter_idx < letter_count; letter_idx++) {
    letters = letters * 6364136223846793005ULL + 1442695040888963407ULL;
    out[16 + letter_idx] = static_cast<char>('a' + (letters >> 59) % 26);
  }
  return 16 + letter_count;
}

std::string RowTextString(int64_t rowid) {
  char text[kRowTextMax];
  return std::string(text, RowText(rowid, text));
}

std::vector<int64_t> RandomKeys(uint32_t count, int64_t max, uint64_t seed) {
  std::vector<int64_t> keys(count);
  for (uint32_t key_idx = 0; key_idx < count; key_idx++) {
    keys[key_idx] = 1 + static_cast<int64_t>(Mix(seed * 1000003 + key_idx) %
                                             static_cast<uint64_t>(max));
  }
  return keys;
}

std::vector<int64_t> Permutation(uint32_t count, uint64_t seed) {
  std::vector<int64_t> values = Ascending(count);
  for (uint32_t value_idx = count; value_idx > 1; value_idx--) {
    const uint64_t other = Mix(seed * 1000003 + value_idx) % value_idx;
    std::swap(values[value_idx - 1], values[other]);
  }
  return values;
}

std::vector<int64_t> InsertOrder(bool shuffled) {
  const uint32_t count = Config().insert_rows;
  return shuffled ? Permutation(count, 4) : Ascending(count);
}

void CheckOk(Rc rc, const char* what) {
  if (rc == Rc::kOk) return;
  std::fprintf(stderr, "simlite-bench-micro: %s failed: %s (%d)\n", what, ErrStr(rc),
               static_cast<int>(rc));
  std::abort();
}

void CheckSqlite(sqlite3* db, int rc, int expected, const char* what) {
  if (rc == expected) return;
  std::fprintf(stderr, "simlite-bench-micro: %s failed (SQLite %d): %s\n", what, rc,
               sqlite3_errmsg(db));
  std::abort();
}

void SqliteExec(sqlite3* db, const char* sql) {
  CheckSqlite(db, sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK, sql);
}

sqlite3_stmt* SqlitePrepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  CheckSqlite(db, sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK, sql);
  return stmt;
}

BenchDatabase& BenchDatabase::Get() {
  static BenchDatabase database;
  return database;
}

BenchDatabase::BenchDatabase() {
  char dir_template[] = "/tmp/simlite-bench-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) {
    std::perror("simlite-bench-micro: mkdtemp");
    std::abort();
  }
  dir_ = dir_template;
  path_ = dir_ + "/bench.db";
  index_key_info_.collations = {btree::Collation::kBinary, btree::Collation::kBinary};
  index_key_info_.descending = {false, false};
  WriteWithSqlite();
  OpenSimlite();
  OpenSqlite();
  BuildKeys();
}

BenchDatabase::~BenchDatabase() {
  if (sqlite_ != nullptr) {
    SqliteExec(sqlite_, "COMMIT");
    sqlite3_close(sqlite_);
  }
  if (pager_) btree_->EndRead();
  btree_.reset();
  pager_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void BenchDatabase::WriteWithSqlite() {
  sqlite3* db = nullptr;
  CheckSqlite(db, sqlite3_open(path_.c_str(), &db), SQLITE_OK, "open (write)");
  SqliteExec(db, "PRAGMA page_size=4096; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                 "CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c TEXT);"
                 "CREATE TABLE big(a INTEGER PRIMARY KEY, x BLOB); BEGIN");
  sqlite3_stmt* insert = SqlitePrepare(db, "INSERT INTO t VALUES(?1, ?2, ?3)");
  char text[kRowTextMax];
  for (int64_t rowid = 1; rowid <= Config().rows; rowid++) {
    sqlite3_bind_int64(insert, 1, rowid);
    sqlite3_bind_int64(insert, 2, RowB(rowid));
    sqlite3_bind_text(insert, 3, text, static_cast<int>(RowText(rowid, text)), SQLITE_STATIC);
    CheckSqlite(db, sqlite3_step(insert), SQLITE_DONE, "insert t");
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  insert = SqlitePrepare(db, "INSERT INTO big VALUES(?1, ?2)");
  std::vector<uint8_t> blob(kBigBytes);
  for (int64_t rowid = 1; rowid <= Config().big_rows; rowid++) {
    for (uint32_t byte_idx = 0; byte_idx < kBigBytes; byte_idx++) {
      blob[byte_idx] = static_cast<uint8_t>(Mix(static_cast<uint64_t>(rowid) + byte_idx));
    }
    sqlite3_bind_int64(insert, 1, rowid);
    sqlite3_bind_blob(insert, 2, blob.data(), kBigBytes, SQLITE_STATIC);
    CheckSqlite(db, sqlite3_step(insert), SQLITE_DONE, "insert big");
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  // The index is built after the rows, as a bulk load would; its pages come out packed.
  SqliteExec(db, "CREATE INDEX t_c ON t(c); COMMIT");
  table_root_ = RootOf(db, "t");
  index_root_ = RootOf(db, "t_c");
  big_root_ = RootOf(db, "big");
  sqlite3_close(db);
}

void BenchDatabase::OpenSimlite() {
  io_ = io::CreateDefaultIo();
  pager::PagerOptions options;
  options.read_only = true;
  const auto file_pages = std::filesystem::file_size(path_) / kPageSize;
  options.cache_pages = static_cast<uint32_t>(file_pages) + 64;
  CheckOk(pager::Pager::Open(io_.get(), path_, options, &pager_), "Pager::Open");
  btree_ = std::make_unique<btree::Btree>(pager_.get());
  CheckOk(btree_->BeginRead(), "BeginRead");
  WarmTree(btree_.get(), table_root_, nullptr);
  WarmTree(btree_.get(), index_root_, &index_key_info_);
  WarmTree(btree_.get(), big_root_, nullptr);
}

void BenchDatabase::OpenSqlite() {
  CheckSqlite(sqlite_, sqlite3_open_v2(path_.c_str(), &sqlite_, SQLITE_OPEN_READONLY, nullptr),
              SQLITE_OK, "open (read)");
  // A cache larger than the file, and one read transaction for the whole run: like
  // simlite's side, SQLite then neither re-reads pages nor re-takes locks per statement.
  SqliteExec(sqlite_, "PRAGMA cache_size=-1000000; BEGIN");
  SqliteTouchAll(sqlite_, "SELECT a, b, c FROM t");
  SqliteTouchAll(sqlite_, "SELECT c FROM t INDEXED BY t_c");
  SqliteTouchAll(sqlite_, "SELECT x FROM big");
}

void BenchDatabase::BuildKeys() {
  random_rowids_ = RandomKeys(kKeyCount, Config().rows, 1);
  random_big_rowids_ = RandomKeys(kKeyCount, Config().big_rows, 2);
  btree::RecordBuilder builder;
  for (int64_t rowid : random_rowids_) {
    random_texts_.push_back(RowTextString(rowid));
    const std::string& text = random_texts_.back();
    builder.Reset();
    builder.AddText(text.data(), static_cast<uint32_t>(text.size()));
    auto key = builder.Finish();
    random_index_keys_.emplace_back(key.begin(), key.end());
  }
}

MemoryTable::MemoryTable() {
  pager::PagerOptions options;
  options.page_size = kPageSize;
  CheckOk(pager::Pager::Open(SharedIo(), ":memory:", options, &pager), "Pager::Open memory");
  btree = std::make_unique<btree::Btree>(pager.get());
  CheckOk(btree->BeginRead(), "BeginRead memory");
  CheckOk(btree->BeginWrite(), "BeginWrite memory");
  CheckOk(btree->CreateTable(&root), "CreateTable memory");
}

MemoryTable::~MemoryTable() {
  if (pager->state() == pager::Pager::State::kWriting) btree->Rollback();
  btree->EndRead();
}

}  // namespace simlite::bench
