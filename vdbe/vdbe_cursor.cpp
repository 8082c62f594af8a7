// VdbeCursor: record caching over a b-tree cursor (invariants in vdbe_cursor.h).
#include "vdbe/vdbe_cursor.h"

#include "common/corrupt.h"
#include "vdbe/mem.h"

namespace simlite::vdbe {

void VdbeCursor::OpenBtree(btree::Btree* btree, pager::Pgno root, bool writable,
                           const btree::KeyInfo* key_info, bool ephemeral) {
  Close();
  kind_ = Kind::kBtree;
  key_info_ = key_info;
  ephemeral_ = ephemeral;
  bt_.Open(btree, root, writable, key_info);
}

void VdbeCursor::OpenPseudo(int reg) {
  Close();
  kind_ = Kind::kPseudo;
  pseudo_reg_ = reg;
}

void VdbeCursor::OpenSorter(const btree::KeyInfo* key_info, io::Io* io) {
  Close();
  kind_ = Kind::kSorter;
  key_info_ = key_info;
  sorter_.Reset(key_info, io);
}

void VdbeCursor::Close() {
  bt_.Close();
  if (kind_ == Kind::kSorter) sorter_.Release();
  kind_ = Kind::kClosed;
  ephemeral_ = false;
  null_row_ = false;
  cache_valid_ = false;
  key_info_ = nullptr;
  sequence_ = 0;
  last_new_rowid = -1;
}

Rc VdbeCursor::Payload(std::span<const uint8_t>* payload) {
  if (kind_ == Kind::kSorter) {
    if (sorter_.at_end()) return SIMLITE_CORRUPT();
    *payload = sorter_.current();
    return Rc::kOk;
  }
  if (bt_.needs_restore()) SIMLITE_TRY(bt_.Restore());
  if (!bt_.valid()) return SIMLITE_CORRUPT();
  return bt_.Payload(&overflow_, payload);
}

Rc VdbeCursor::Record(uint64_t write_generation, const Mem* pseudo,
                      btree::RecordReader** reader) {
  if (null_row_) {
    *reader = nullptr;
    return Rc::kOk;
  }
  if (cache_valid_ && cache_generation_ == write_generation) {
    *reader = &reader_;
    return Rc::kOk;
  }
  if (kind_ == Kind::kPseudo) {
    if (pseudo == nullptr || pseudo->type() != ValueType::kBlob) {
      *reader = nullptr;
      return Rc::kOk;
    }
    SIMLITE_TRY(reader_.Init(pseudo->bytes(), pseudo->size()));
  } else if (kind_ == Kind::kSorter) {
    if (sorter_.at_end()) {
      *reader = nullptr;
      return Rc::kOk;
    }
    std::span<const uint8_t> record = sorter_.current();
    SIMLITE_TRY(reader_.Init(record.data(), static_cast<uint32_t>(record.size())));
  } else {
    if (bt_.needs_restore()) SIMLITE_TRY(bt_.Restore());
    if (!bt_.valid()) {
      *reader = nullptr;
      return Rc::kOk;
    }
    std::span<const uint8_t> payload;
    SIMLITE_TRY(bt_.Payload(&overflow_, &payload));
    SIMLITE_TRY(reader_.Init(payload.data(), static_cast<uint32_t>(payload.size())));
  }
  cache_valid_ = true;
  cache_generation_ = write_generation;
  *reader = &reader_;
  return Rc::kOk;
}

Rc VdbeCursor::Rowid(uint64_t write_generation, int64_t* rowid) {
  if (null_row_) {
    *rowid = 0;
    return Rc::kOk;
  }
  if (kind_ == Kind::kBtree && is_table()) {
    if (bt_.needs_restore()) SIMLITE_TRY(bt_.Restore());
    if (!bt_.valid()) return SIMLITE_CORRUPT();
    *rowid = bt_.rowid();
    return Rc::kOk;
  }
  btree::RecordReader* reader = nullptr;
  SIMLITE_TRY(Record(write_generation, nullptr, &reader));
  if (reader == nullptr) return SIMLITE_CORRUPT();
  return btree::ReadRecordRowid(reader->bytes(), rowid);
}

}  // namespace simlite::vdbe
