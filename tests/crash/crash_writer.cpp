// simlite-crash-writer DB MODE: writes the crash model's transactions into DB, forever, with
// journal mode MODE ("delete" or "wal") and synchronous FULL, printing "commit K" on stdout
// as each COMMIT returns. The crash test kills it with SIGKILL at random moments.
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "btree/btree.h"
#include "btree/btree_cursor.h"
#include "btree/record.h"
#include "io/posix_io.h"
#include "tests/crash/crash_model.h"

namespace simlite::crash {
namespace {

std::vector<uint8_t> RowRecord(int64_t txn, int row) {
  btree::RecordBuilder builder;
  builder.AddInteger(txn);
  builder.AddInteger(row);
  std::string blob(PayloadSize(txn, row), static_cast<char>('a' + (txn + row) % 26));
  builder.AddBlob(blob.data(), static_cast<uint32_t>(blob.size()));
  std::span<const uint8_t> bytes = builder.Finish();
  return {bytes.begin(), bytes.end()};
}

// Creates table t (root page 2) and its sqlite_schema row, in the first transaction.
Rc CreateSchema(btree::Btree* btree) {
  pager::Pgno root = 0;
  SIMLITE_TRY(btree->CreateTable(&root));
  btree::RecordBuilder builder;
  const std::string sql = "CREATE TABLE t(txn, row, payload)";
  builder.AddText("table", 5);
  builder.AddText("t", 1);
  builder.AddText("t", 1);
  builder.AddInteger(root);
  builder.AddText(sql.data(), static_cast<uint32_t>(sql.size()));
  btree::BtCursor schema;
  schema.Open(btree, 1, true, nullptr);
  SIMLITE_TRY(schema.Insert(1, builder.Finish()));
  return btree->pager()->SetHeader(pager::HeaderField::kSchemaCookie, 1);
}

Rc RunTransaction(btree::Btree* btree, int64_t txn) {
  SIMLITE_TRY(btree->BeginWrite());
  if (txn == 1) SIMLITE_TRY(CreateSchema(btree));
  btree::BtCursor table;
  table.Open(btree, 2, true, nullptr);
  for (int row = 0; row < RowsOf(txn); row++) {
    SIMLITE_TRY(table.Insert(txn * kRowidsPerTxn + row, RowRecord(txn, row)));
  }
  if (int64_t victim = DeletedBy(txn); victim != 0) {
    for (int row = 0; row < RowsOf(victim); row++) {
      int found = 0;
      SIMLITE_TRY(table.SeekRowid(victim * kRowidsPerTxn + row, &found));
      if (found == 0) SIMLITE_TRY(table.Delete());
    }
  }
  table.Close();
  return btree->Commit();
}

int Main(const char* path, const char* mode) {
  std::unique_ptr<io::Io> io = io::CreateDefaultIo();
  pager::PagerOptions options;
  options.page_size = 1024;
  options.journal_mode = std::strcmp(mode, "wal") == 0 ? pager::JournalModeOption::kWal
                                                        : pager::JournalModeOption::kDelete;
  options.synchronous = pager::Synchronous::kFull;
  std::unique_ptr<pager::Pager> pager;
  if (pager::Pager::Open(io.get(), path, options, &pager) != Rc::kOk) return 1;
  btree::Btree btree(pager.get());
  // Continue after the last transaction the file holds (its highest txn number).
  int64_t txn = 1;
  if (btree.BeginRead() != Rc::kOk) return 1;
  if (pager->page_count() >= 2) {
    btree::BtCursor table;
    table.Open(&btree, 2, false, nullptr);
    bool empty = true;
    if (table.Last(&empty) != Rc::kOk) return 1;
    if (!empty) txn = table.rowid() / kRowidsPerTxn + 1;
  }
  for (;; txn++) {
    Rc rc = RunTransaction(&btree, txn);
    if (rc != Rc::kOk) {
      std::fprintf(stderr, "txn %lld: %s\n", static_cast<long long>(txn), ErrStr(rc));
      return 1;
    }
    std::printf("commit %lld\n", static_cast<long long>(txn));
    std::fflush(stdout);
  }
}

}  // namespace
}  // namespace simlite::crash

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: simlite-crash-writer DB delete|wal\n");
    return 2;
  }
  return simlite::crash::Main(argv[1], argv[2]);
}
