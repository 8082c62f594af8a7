#include "common/planted.h"
#include "pager/rollback_journal.h"

#include <cassert>
#include <cstring>

#include "common/varint.h"

namespace simlite::pager {

namespace {

constexpr uint32_t kHeaderBytes = 28;
constexpr uint32_t kAllRecords = 0xffffffff;

bool ValidSize(uint32_t size) {
  return size >= 512 && size <= 65536 && (size & (size - 1)) == 0;
}

}  // namespace

RollbackJournal::~RollbackJournal() = default;

uint32_t RollbackJournal::Checksum(uint32_t nonce, const uint8_t* page, uint32_t page_size) {
  uint32_t sum = nonce;
  for (int64_t offset = int64_t{page_size} - 200; offset >= 0; offset -= 200) {
    sum += page[offset];
  }
  return sum;
}

Rc RollbackJournal::BeginTransaction(Pgno page_count, uint32_t page_size) {
  Reset();
  page_size_ = page_size;
  initial_page_count_ = page_count;
  nonce_ = static_cast<uint32_t>(io_->random().Next());
  return Rc::kOk;
}

Rc RollbackJournal::BeforeFirstChange(Pgno pgno, const uint8_t* original) {
  // Pages past the original end need no record: playback truncates them away.
  if (pgno > initial_page_count_) return Rc::kOk;
  size_t at = records_.size();
  records_.resize(at + 8 + page_size_);
  uint8_t* record = records_.data() + at;
  Put4(record, pgno);
  std::memcpy(record + 4, original, page_size_);
  Put4(record + 4 + page_size_, Checksum(nonce_, original, page_size_));
  record_count_++;
  return Rc::kOk;
}

void RollbackJournal::EncodeHeader(uint32_t record_count, uint8_t* header) const {
  std::memset(header, 0, kSectorSize);
  std::memcpy(header, kMagic, sizeof(kMagic));
  Put4(header + 8, record_count);
  Put4(header + 12, nonce_);
  Put4(header + 16, initial_page_count_);
  Put4(header + 20, kSectorSize);
  Put4(header + 24, page_size_);
}

Rc RollbackJournal::Commit(std::span<const PageRef* const> pages, Pgno page_count,
                           uint32_t page_size) {
  assert(page_size == page_size_);
  io::FileId journal = io::kNoFile;
  SIMLITE_TRY(io_->Open(journal_path_, io::OpenFlags{.create = true}, &journal));
  header_first_.resize(kSectorSize);
  header_final_.resize(kSectorSize);
  EncodeHeader(0, header_first_.data());
  EncodeHeader(record_count_, header_final_.data());
  batch_.clear();
  batch_.push_back(io::IoOp::Write(journal, 0, header_first_.data(), kSectorSize));
  if (!records_.empty()) {
    batch_.push_back(io::IoOp::Write(journal, kSectorSize, records_.data(),
                                     static_cast<uint32_t>(records_.size())));
  }
  // Drop anything an earlier transaction (PERSIST / TRUNCATE modes) left after the records.
  batch_.push_back(io::IoOp::Truncate(journal, kSectorSize + records_.size()));
  const bool sync_journal = !planted::On(planted::kJournalNotSynced);
  if (sync_journal) batch_.push_back(io::IoOp::Sync(journal));
  batch_.push_back(io::IoOp::Write(journal, 0, header_final_.data(), kSectorSize));
  if (sync_journal) batch_.push_back(io::IoOp::Sync(journal));
  for (const PageRef* page : pages) {
    if (page->pgno() > page_count) continue;
    batch_.push_back(io::IoOp::Write(db_file_, uint64_t{page->pgno() - 1} * page_size,
                                     page->data(), page_size));
  }
  batch_.push_back(io::IoOp::Truncate(db_file_, uint64_t{page_count} * page_size));
  batch_.push_back(io::IoOp::Sync(db_file_));
  Rc rc = io_->Run(batch_);
  if (rc == Rc::kOk) rc = FinalizeOpen(journal);
  io_->Close(journal);
  return rc;
}

Rc RollbackJournal::FinalizeOpen(io::FileId journal) {
  switch (mode_) {
    case JournalMode::kDelete:
      return io_->Delete(journal_path_);
    case JournalMode::kTruncate: {
      SIMLITE_TRY(io_->Truncate(journal, 0));
      return io_->Sync(journal);
    }
    case JournalMode::kPersist: {
      std::memset(header_first_.data(), 0, kHeaderBytes);
      SIMLITE_TRY(io_->Write(journal, 0, header_first_.data(), kHeaderBytes));
      return io_->Sync(journal);
    }
  }
  return Rc::kOk;
}

void RollbackJournal::Reset() {
  records_.clear();
  record_count_ = 0;
}

Rc RollbackJournal::IsHot(io::Io* io, const std::string& journal_path, bool* hot) {
  *hot = false;
  bool exists = false;
  SIMLITE_TRY(io->Exists(journal_path, &exists));
  if (!exists) return Rc::kOk;
  io::FileId journal = io::kNoFile;
  Rc rc = io->Open(journal_path, io::OpenFlags{.read_write = false}, &journal);
  if (rc == Rc::kCantOpen) return Rc::kOk;  // removed in between
  SIMLITE_TRY(rc);
  uint8_t first = 0;
  rc = io->Read(journal, 0, &first, 1);
  io->Close(journal);
  if (rc == Rc::kIoErrShortRead) return Rc::kOk;  // empty: a committed TRUNCATE journal
  SIMLITE_TRY(rc);
  *hot = first != 0;
  return Rc::kOk;
}

// Reads the journal header at `offset`. *valid: it is one (magic and sizes); a read error
// is returned as such, never taken for the end of the journal (that would delete a journal
// still needed).
static Rc ReadJournalHeader(io::Io* io, io::FileId journal, uint64_t offset,
                            uint64_t journal_size, uint32_t* record_count, uint32_t* nonce,
                            Pgno* initial_pages, uint32_t* sector_size, uint32_t* page_size,
                            bool* valid) {
  *valid = false;
  uint8_t header[kHeaderBytes];
  if (offset + kHeaderBytes > journal_size) return Rc::kOk;
  SIMLITE_TRY(io->Read(journal, offset, header, kHeaderBytes));
  if (std::memcmp(header, RollbackJournal::kMagic, 8) != 0) return Rc::kOk;
  *record_count = Get4(header + 8);
  *nonce = Get4(header + 12);
  *initial_pages = Get4(header + 16);
  *sector_size = Get4(header + 20);
  *page_size = Get4(header + 24);
  *valid = ValidSize(*sector_size) && ValidSize(*page_size);
  return Rc::kOk;
}

Rc RollbackJournal::PlayBack(io::Io* io, io::FileId db_file, const std::string& journal_path) {
  io::FileId journal = io::kNoFile;
  SIMLITE_TRY(io->Open(journal_path, io::OpenFlags{}, &journal));
  uint64_t journal_size = 0;
  Rc rc = io->Size(journal, &journal_size);
  uint64_t offset = 0;
  bool first_header = true;
  Pgno truncate_pages = 0;
  uint32_t db_page_size = 0;
  std::vector<uint8_t> record;
  // Each pass plays one segment; the number of segments is bounded by the journal's size.
  while (rc == Rc::kOk) {
    uint32_t record_count, nonce, sector_size, page_size;
    Pgno initial_pages;
    bool valid = false;
    rc = ReadJournalHeader(io, journal, offset, journal_size, &record_count, &nonce,
                           &initial_pages, &sector_size, &page_size, &valid);
    if (rc != Rc::kOk || !valid) break;
    if (first_header) {
      truncate_pages = initial_pages;
      db_page_size = page_size;
      first_header = false;
    } else if (page_size != db_page_size) {
      break;
    }
    offset += sector_size;
    const uint64_t record_bytes = uint64_t{page_size} + 8;
    if (record_count == kAllRecords) record_count = (journal_size - offset) / record_bytes;
    record.resize(record_bytes);
    uint32_t played = 0;
    for (; played < record_count && offset + record_bytes <= journal_size; played++) {
      rc = io->Read(journal, offset, record.data(), static_cast<uint32_t>(record_bytes));
      if (rc != Rc::kOk) break;
      Pgno pgno = Get4(record.data());
      if (pgno == 0 || pgno == LockBytePage(page_size)) break;
      if (Checksum(nonce, record.data() + 4, page_size) != Get4(record.data() + 4 + page_size)) {
        break;  // a torn record: the rest of the journal was never synced
      }
      offset += record_bytes;
      if (pgno > initial_pages) continue;
      rc = io->Write(db_file, uint64_t{pgno - 1} * page_size, record.data() + 4, page_size);
      if (rc != Rc::kOk) break;
    }
    if (rc != Rc::kOk || played < record_count) break;
    offset = (offset + sector_size - 1) / sector_size * sector_size;
  }
  if (rc == Rc::kOk && !first_header) {
    rc = io->Truncate(db_file, uint64_t{truncate_pages} * db_page_size);
    if (rc == Rc::kOk) rc = io->Sync(db_file);
  }
  io->Close(journal);
  // Only once the database is restored and durable may the journal go.
  if (rc == Rc::kOk) rc = io->Delete(journal_path);
  return rc;
}

}  // namespace simlite::pager
