// Test helpers for the b-tree layer: a pager + Btree over memory or a file, deterministic
// payloads, and the sqlite_schema rows that let real SQLite read what the tests write.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "btree/btree.h"
#include "btree/btree_cursor.h"
#include "btree/record.h"
#include "io/posix_io.h"
#include "pager/pager.h"

namespace simlite::btree::testing {

// A database open through the engine's pager and btree layers.
struct BtreeEnv {
  std::unique_ptr<io::Io> io = io::CreateDefaultIo();
  std::unique_ptr<pager::Pager> pager;
  std::unique_ptr<Btree> btree;

  // Opens `path` (":memory:" for memory) and starts a write transaction.
  void Open(const std::string& path, uint32_t page_size, uint32_t cache_pages = 2000,
            uint8_t reserved_bytes = 0) {
    pager::PagerOptions options;
    options.page_size = page_size;
    options.reserved_bytes = reserved_bytes;
    options.cache_pages = cache_pages;
    ASSERT_EQ(pager::Pager::Open(io.get(), path, options, &pager), Rc::kOk);
    btree = std::make_unique<Btree>(pager.get());
    ASSERT_EQ(btree->BeginRead(), Rc::kOk);
    ASSERT_EQ(btree->BeginWrite(), Rc::kOk);
  }
  // Commits and starts the next write transaction.
  void CommitAndContinue() {
    ASSERT_EQ(btree->Commit(), Rc::kOk);
    ASSERT_EQ(btree->BeginWrite(), Rc::kOk);
  }
  void Close() {
    if (!btree) return;
    if (pager->state() == pager::Pager::State::kWriting) {
      EXPECT_EQ(btree->Commit(), Rc::kOk);
    }
    if (pager->state() == pager::Pager::State::kReading) btree->EndRead();
    btree.reset();
    pager.reset();
  }
  ~BtreeEnv() { Close(); }
};

// Deterministic bytes for a payload of `size` bytes identified by `seed`.
inline std::vector<uint8_t> PatternBytes(uint64_t size, uint32_t seed) {
  std::vector<uint8_t> bytes(size);
  uint32_t x = seed * 2654435761u + 1;
  for (uint64_t byte_idx = 0; byte_idx < size; byte_idx++) {
    x = x * 1103515245u + 12345u;
    bytes[byte_idx] = static_cast<uint8_t>(x >> 16);
  }
  return bytes;
}

// Lower-case text of `size` characters identified by `seed`.
inline std::string PatternText(uint32_t size, uint32_t seed) {
  std::string text(size, 'a');
  uint32_t x = seed * 2246822519u + 7;
  for (uint32_t char_idx = 0; char_idx < size; char_idx++) {
    x = x * 1103515245u + 12345u;
    text[char_idx] = static_cast<char>('a' + (x >> 16) % 26);
  }
  return text;
}

// Inserts the sqlite_schema row (type, name, tbl_name, rootpage, sql) for a table or index.
inline void AddSchemaRow(Btree* btree, int64_t rowid, const std::string& type,
                         const std::string& name, const std::string& table, Pgno root,
                         const std::string& sql) {
  RecordBuilder builder;
  builder.Reset();
  builder.AddText(type.data(), static_cast<uint32_t>(type.size()));
  builder.AddText(name.data(), static_cast<uint32_t>(name.size()));
  builder.AddText(table.data(), static_cast<uint32_t>(table.size()));
  builder.AddInteger(root);
  builder.AddText(sql.data(), static_cast<uint32_t>(sql.size()));
  auto record = builder.Finish();
  std::vector<uint8_t> copy(record.begin(), record.end());
  BtCursor schema;
  schema.Open(btree, 1, /*writable=*/true, nullptr);
  ASSERT_EQ(schema.Insert(rowid, copy), Rc::kOk);
}

// Reads the current entry's whole payload.
inline std::vector<uint8_t> CursorPayload(BtCursor& cursor) {
  std::vector<uint8_t> payload(cursor.payload_size());
  EXPECT_EQ(cursor.ReadPayload(0, payload), Rc::kOk);
  return payload;
}

}  // namespace simlite::btree::testing
