// VdbeSorter: in-memory stable sort of records, with an optional top-n bound (see sorter.h).
#include "vdbe/sorter.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "common/corrupt.h"
#include "common/varint.h"

namespace simlite::vdbe {

namespace {

// Decodes the value of serial type `type` at data[0..available); false when it does not fit.
bool DecodeValue(uint64_t type, const uint8_t* data, uint64_t available, btree::ValueView* value) {
  const uint64_t size = btree::SerialTypeSize(type);
  if (size > available) return false;
  *value = btree::ValueView{};
  if (type == 0) return true;
  if (type >= 12) {
    value->type = type & 1 ? btree::ValueType::kText : btree::ValueType::kBlob;
    value->bytes = data;
    value->size = static_cast<uint32_t>(size);
    return true;
  }
  if (type == 8 || type == 9) {
    value->type = btree::ValueType::kInteger;
    value->i = type == 9 ? 1 : 0;
    return true;
  }
  if (type == 10 || type == 11) return false;
  uint64_t bits = 0;
  for (uint64_t byte_idx = 0; byte_idx < size; byte_idx++) bits = (bits << 8) | data[byte_idx];
  if (type == 7) {
    value->type = btree::ValueType::kReal;
    std::memcpy(&value->r, &bits, sizeof(bits));
    if (value->r != value->r) value->type = btree::ValueType::kNull;  // a stored NaN reads NULL
    return true;
  }
  const int shift = static_cast<int>(64 - 8 * size);  // sign-extend the big-endian integer
  value->type = btree::ValueType::kInteger;
  value->i = static_cast<int64_t>(bits << shift) >> shift;
  return true;
}

inline bool IsIntegerType(uint64_t type) { return (type >= 1 && type <= 6) || type == 8 || type == 9; }

inline uint64_t TypeSize(uint64_t type) {
  static constexpr uint8_t kSizes[12] = {0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0};
  return type >= 12 ? (type - 12) / 2 : kSizes[type];
}

// The integer of an integer serial type (its bytes are in bounds).
inline int64_t ReadInteger(uint64_t type, const uint8_t* data) {
  if (type >= 8) return type == 9 ? 1 : 0;
  const uint64_t size = TypeSize(type);
  uint64_t bits = 0;
  for (uint64_t byte_idx = 0; byte_idx < size; byte_idx++) bits = (bits << 8) | data[byte_idx];
  const int shift = static_cast<int>(64 - 8 * size);
  return static_cast<int64_t>(bits << shift) >> shift;
}

inline bool IsTextType(uint64_t type) { return type >= 13 && (type & 1) != 0; }

// BINARY order of two byte strings: memcmp of the common part, then the shorter first (the
// order btree::CompareValues gives two texts under BINARY).
inline int CompareBinary(const uint8_t* a, uint64_t a_size, const uint8_t* b, uint64_t b_size) {
  const uint64_t common = a_size < b_size ? a_size : b_size;
  const int c = common == 0 ? 0 : std::memcmp(a, b, common);
  if (c != 0) return c < 0 ? -1 : 1;
  return a_size < b_size ? -1 : (a_size > b_size ? 1 : 0);
}

inline int ReadType(const uint8_t* p, size_t available, uint64_t* type) {
  if (available >= 1 && p[0] < 0x80) {
    *type = p[0];
    return 1;
  }
  return GetVarint(p, available, type);
}

}  // namespace

// CompareRecords, walking both headers in step and stopping at the first difference (the
// sorter compares records it built itself millions of times; most differ in an early field).
int CompareSorterRecords(std::span<const uint8_t> a, std::span<const uint8_t> b,
                         const btree::KeyInfo& key_info, Rc* rc) {
  uint64_t header_a = 0;
  uint64_t header_b = 0;
  size_t pos_a = static_cast<size_t>(GetVarint(a.data(), a.size(), &header_a));
  size_t pos_b = static_cast<size_t>(GetVarint(b.data(), b.size(), &header_b));
  if (pos_a == 0 || pos_b == 0 || header_a > a.size() || header_b > b.size()) {
    *rc = Rc::kCorrupt;
    return 0;
  }
  uint64_t data_a = header_a;
  uint64_t data_b = header_b;
  for (size_t field_idx = 0; pos_a < header_a && pos_b < header_b; field_idx++) {
    uint64_t type_a = 0;
    uint64_t type_b = 0;
    const int length_a = ReadType(a.data() + pos_a, header_a - pos_a, &type_a);
    const int length_b = ReadType(b.data() + pos_b, header_b - pos_b, &type_b);
    const bool descending = field_idx < key_info.descending.size() && key_info.descending[field_idx];
    if (length_a != 0 && length_b != 0 && IsIntegerType(type_a) && IsIntegerType(type_b) &&
        data_a + TypeSize(type_a) <= a.size() && data_b + TypeSize(type_b) <= b.size()) {
      // The common case: two integers.
      const int64_t int_a = ReadInteger(type_a, a.data() + data_a);
      const int64_t int_b = ReadInteger(type_b, b.data() + data_b);
      pos_a += static_cast<size_t>(length_a);
      pos_b += static_cast<size_t>(length_b);
      data_a += TypeSize(type_a);
      data_b += TypeSize(type_b);
      if (int_a == int_b) continue;
      const int c = int_a < int_b ? -1 : 1;
      return descending ? -c : c;
    }
    const btree::Collation collation = field_idx < key_info.collations.size()
                                           ? key_info.collations[field_idx]
                                           : btree::Collation::kBinary;
    if (length_a != 0 && length_b != 0 && IsTextType(type_a) && IsTextType(type_b) &&
        collation == btree::Collation::kBinary && data_a + TypeSize(type_a) <= a.size() &&
        data_b + TypeSize(type_b) <= b.size()) {
      // The other common case: two texts under BINARY (ORDER BY or an index on a text column).
      const int c = CompareBinary(a.data() + data_a, TypeSize(type_a), b.data() + data_b,
                                  TypeSize(type_b));
      pos_a += static_cast<size_t>(length_a);
      pos_b += static_cast<size_t>(length_b);
      data_a += TypeSize(type_a);
      data_b += TypeSize(type_b);
      if (c == 0) continue;
      return descending ? -c : c;
    }
    btree::ValueView value_a;
    btree::ValueView value_b;
    if (length_a == 0 || length_b == 0 ||
        !DecodeValue(type_a, a.data() + data_a, a.size() - data_a, &value_a) ||
        !DecodeValue(type_b, b.data() + data_b, b.size() - data_b, &value_b)) {
      *rc = Rc::kCorrupt;
      return 0;
    }
    pos_a += static_cast<size_t>(length_a);
    pos_b += static_cast<size_t>(length_b);
    data_a += btree::SerialTypeSize(type_a);
    data_b += btree::SerialTypeSize(type_b);
    const int c = btree::CompareValues(value_a, value_b, collation, key_info.custom);
    if (c == 0) continue;
    return descending ? -c : c;
  }
  return 0;
}

void VdbeSorter::Reset(const btree::KeyInfo* key_info, io::Io* io) {
  Release();
  io_ = io;
  key_info_ = key_info;
  bound_ = 0;
  arena_.clear();
  order_.clear();
  position_ = 0;
  live_bytes_ = 0;
  compare_rc_ = Rc::kOk;
}

VdbeSorter::Entry VdbeSorter::MakeEntry(std::span<const uint8_t> record) const {
  Entry entry;
  entry.offset = static_cast<uint32_t>(arena_.size());
  entry.size = static_cast<uint32_t>(record.size());
  // A one-byte header size and a one-byte first serial type, the field within the record
  // (anything else compares the records; a malformed one is reported there).
  if (record.size() < 2 || record[0] < 2 || record[0] >= 0x80 || record[1] >= 0x80 ||
      record[0] > record.size()) {
    return entry;
  }
  const uint64_t type = record[1];
  const uint8_t* data = record.data() + record[0];
  const uint64_t available = record.size() - record[0];
  if (TypeSize(type) > available) return entry;
  if (IsIntegerType(type)) {
    // Flipping the sign bit maps int64 order onto uint64 order.
    entry.prefix = static_cast<uint64_t>(ReadInteger(type, data)) ^ (uint64_t{1} << 63);
    entry.kind = PrefixKind::kInteger;
  } else if (IsTextType(type) && (key_info_->collations.empty() ||
                                  key_info_->collations[0] == btree::Collation::kBinary)) {
    const uint64_t size = TypeSize(type);
    for (uint64_t byte_idx = 0; byte_idx < 8; byte_idx++) {
      entry.prefix = (entry.prefix << 8) | (byte_idx < size ? data[byte_idx] : 0);
    }
    entry.kind = PrefixKind::kText;
  }
  return entry;
}

bool VdbeSorter::Less(const Entry& a, const Entry& b) {
  if (a.kind != PrefixKind::kNone && a.kind == b.kind && a.prefix != b.prefix) {
    const bool descending = !key_info_->descending.empty() && key_info_->descending[0];
    return descending ? a.prefix > b.prefix : a.prefix < b.prefix;
  }
  return CompareSorterRecords(Bytes(a), Bytes(b), *key_info_, &compare_rc_) < 0;
}

Rc VdbeSorter::Insert(std::span<const uint8_t> record) {
  if (bound_ > 0) return InsertBounded(record);
  const Entry entry = MakeEntry(record);
  arena_.insert(arena_.end(), record.begin(), record.end());
  order_.push_back(entry);
  if (io_ != nullptr && arena_.size() >= spill_threshold_) return SpillRun();
  return Rc::kOk;
}

// Keeps the `bound_` smallest records in a max-heap: a record that is not smaller than the
// largest kept one is dropped; otherwise it replaces it.
Rc VdbeSorter::InsertBounded(std::span<const uint8_t> record) {
  auto greater_first = [this](const Entry& a, const Entry& b) { return Less(a, b); };
  const Entry entry = MakeEntry(record);
  arena_.insert(arena_.end(), record.begin(), record.end());
  if (order_.size() < static_cast<size_t>(bound_)) {
    order_.push_back(entry);
    std::push_heap(order_.begin(), order_.end(), greater_first);
    live_bytes_ += entry.size;
  } else if (Less(entry, order_.front())) {
    std::pop_heap(order_.begin(), order_.end(), greater_first);
    live_bytes_ -= order_.back().size;
    order_.back() = entry;
    std::push_heap(order_.begin(), order_.end(), greater_first);
    live_bytes_ += entry.size;
  } else {
    arena_.resize(entry.offset);  // the record is not kept
  }
  if (arena_.size() > 2 * live_bytes_ + 65536) Compact();
  return compare_rc_;
}

// Moves the kept records of a bounded sorter to the front of the arena.
void VdbeSorter::Compact() {
  std::vector<size_t> index(order_.size());
  for (size_t entry_idx = 0; entry_idx < index.size(); entry_idx++) index[entry_idx] = entry_idx;
  std::sort(index.begin(), index.end(),
            [&](size_t a, size_t b) { return order_[a].offset < order_[b].offset; });
  uint32_t write = 0;
  for (size_t entry_idx : index) {
    Entry& entry = order_[entry_idx];
    std::memmove(arena_.data() + write, arena_.data() + entry.offset, entry.size);
    entry.offset = write;
    write += entry.size;
  }
  arena_.resize(write);
}

Rc VdbeSorter::Sort(bool* empty) {
  if (!runs_.empty()) return StartMerge(empty);
  std::stable_sort(order_.begin(), order_.end(),
                   [this](const Entry& a, const Entry& b) { return Less(a, b); });
  position_ = 0;
  *empty = order_.empty();
  return compare_rc_;
}

Rc VdbeSorter::Next(bool* at_end) {
  if (merging_) {
    auto after = [this](size_t a, size_t b) { return ReaderBefore(b, a); };
    std::pop_heap(heap_.begin(), heap_.end(), after);
    bool done = false;
    SIMLITE_TRY(Advance(&readers_[heap_.back()], &done));
    if (done) {
      heap_.pop_back();
    } else {
      std::push_heap(heap_.begin(), heap_.end(), after);
    }
    *at_end = heap_.empty();
    return compare_rc_;
  }
  if (position_ < order_.size()) position_++;
  *at_end = position_ >= order_.size();
  return Rc::kOk;
}

std::span<const uint8_t> VdbeSorter::current() const {
  if (merging_) return readers_[heap_.front()].record;
  assert(position_ < order_.size());
  return Bytes(order_[position_]);
}

}  // namespace simlite::vdbe
