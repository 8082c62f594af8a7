// RollbackJournal: SQLite's rollback journal (fileformat2.html, "The Rollback Journal";
// atomiccommit.html), the commit strategy of journal_mode DELETE, TRUNCATE and PERSIST.
//
// Commit protocol (synchronous FULL), issued as one io batch whose syncs are barriers:
//   1. journal: header (page count 0) + one record per original page, then sync;
//   2. journal: header rewritten with the real page count, then sync;
//   3. database: the new pages (and a truncate to the new size), then sync;
// and then, the commit point, the journal is deleted / truncated / its header zeroed.
// A crash before the commit point leaves a hot journal whose playback restores every page
// the transaction touched and the original size; a crash after it leaves the new state.
//
// Journal layout: a header padded to one sector, then records of (pgno, original page,
// checksum). The checksum is the header's nonce plus the page bytes at offsets page_size-200,
// page_size-400, ... (every 200th byte from the end), which detects torn records.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/io.h"
#include "pager/pager.h"

namespace simlite::pager {

enum class JournalMode : uint8_t { kDelete, kTruncate, kPersist };

class RollbackJournal final : public CommitSink {
 public:
  static constexpr uint32_t kSectorSize = 4096;  // SQLite's default on Linux
  static constexpr uint8_t kMagic[8] = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};

  RollbackJournal(io::Io* io, io::FileId db_file, std::string journal_path, JournalMode mode)
      : io_(io), db_file_(db_file), journal_path_(std::move(journal_path)), mode_(mode) {}
  ~RollbackJournal() override;

  Rc BeginTransaction(Pgno page_count, uint32_t page_size) override;
  Rc BeforeFirstChange(Pgno pgno, const uint8_t* original) override;
  Rc Commit(std::span<const PageRef* const> pages, Pgno page_count,
            uint32_t page_size) override;
  void Reset() override;
  Rc RestoreAfterFailedCommit() override { return PlayBack(io_, db_file_, journal_path_); }

  // Whether the journal next to the database is hot: it exists and starts with a non-zero
  // header. (The caller has checked that no connection holds RESERVED.)
  static Rc IsHot(io::Io* io, const std::string& journal_path, bool* hot);
  // Plays a hot journal back into the database file, syncs it, and removes the journal.
  // Stops at the first torn or invalid record, as SQLite does.
  static Rc PlayBack(io::Io* io, io::FileId db_file, const std::string& journal_path);

  static uint32_t Checksum(uint32_t nonce, const uint8_t* page, uint32_t page_size);

 private:
  void EncodeHeader(uint32_t record_count, uint8_t* header) const;
  // The commit point: makes the journal not hot, as the journal mode says.
  Rc FinalizeOpen(io::FileId journal);

  io::Io* io_;
  io::FileId db_file_;
  std::string journal_path_;
  JournalMode mode_;
  uint32_t page_size_ = 0;
  Pgno initial_page_count_ = 0;
  uint32_t nonce_ = 0;
  uint32_t record_count_ = 0;
  std::vector<uint8_t> records_;  // journal records, in order
  std::vector<uint8_t> header_first_;
  std::vector<uint8_t> header_final_;
  std::vector<io::IoOp> batch_;
};

}  // namespace simlite::pager
