// Record encoding, lazy decoding and SQLite's sort order. See record.h for the invariants.
#include "btree/record.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

#include "common/corrupt.h"
#include "common/varint.h"

namespace simlite::btree {
namespace {

// Content bytes of serial types 0..9 (fileformat2.html, "Serial Type Codes").
constexpr uint8_t kSmallTypeSize[10] = {0, 1, 2, 3, 4, 6, 8, 8, 0, 0};
constexpr uint64_t kSerialTypeReal = 7;
constexpr uint64_t kSerialTypeZero = 8;
constexpr uint64_t kSerialTypeOne = 9;
constexpr uint64_t kSerialTypeBlobBase = 12;
constexpr uint64_t kSerialTypeTextBase = 13;

int64_t GetBigEndianInt(const uint8_t* p, uint32_t n) {
  assert(n >= 1 && n <= 8);
  uint64_t u = 0;
  for (uint32_t byte_idx = 0; byte_idx < n; byte_idx++) u = (u << 8) | p[byte_idx];
  // Sign-extend from n bytes: C++20 defines both the conversion and the arithmetic shift.
  uint32_t unused_bits = 64 - 8 * n;
  return static_cast<int64_t>(u << unused_bits) >> unused_bits;
}

// Decodes content `p` of serial type `serial_type` (already bounds-checked against the record).
void DecodeValue(const uint8_t* p, uint64_t serial_type, ValueView* value) {
  *value = ValueView{};
  if (serial_type >= kSerialTypeBlobBase) {
    value->type = (serial_type & 1) ? ValueType::kText : ValueType::kBlob;
    value->bytes = p;
    value->size = static_cast<uint32_t>(SerialTypeSize(serial_type));
    return;
  }
  switch (serial_type) {
    case 0:
      return;
    case kSerialTypeReal: {
      uint64_t bits = static_cast<uint64_t>(GetBigEndianInt(p, 8));
      double r;
      std::memcpy(&r, &bits, sizeof(r));
      // SQLite reads a stored NaN as NULL (invariant 4).
      if (std::isnan(r)) return;
      value->type = ValueType::kReal;
      value->r = r;
      return;
    }
    case kSerialTypeZero:
    case kSerialTypeOne:
      value->type = ValueType::kInteger;
      value->i = serial_type == kSerialTypeOne ? 1 : 0;
      return;
    default:
      assert(serial_type >= 1 && serial_type <= 6);
      value->type = ValueType::kInteger;
      value->i = GetBigEndianInt(p, kSmallTypeSize[serial_type]);
  }
}

// memcmp, then the shorter first (the BINARY collation, and the order of blobs).
int CompareBytes(const uint8_t* a, uint32_t a_size, const uint8_t* b, uint32_t b_size) {
  uint32_t common = a_size < b_size ? a_size : b_size;
  int c = common == 0 ? 0 : std::memcmp(a, b, common);
  if (c != 0) return c;
  return a_size < b_size ? -1 : (a_size > b_size ? 1 : 0);
}

uint8_t FoldAscii(uint8_t c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<uint8_t>(c + 32) : c;
}

int CompareNoCase(const uint8_t* a, uint32_t a_size, const uint8_t* b, uint32_t b_size) {
  uint32_t common = a_size < b_size ? a_size : b_size;
  for (uint32_t byte_idx = 0; byte_idx < common; byte_idx++) {
    // SQLite's NOCASE stops at a NUL in both: the rest of the texts does not count, only
    // their lengths.
    if (a[byte_idx] == 0 && b[byte_idx] == 0) break;
    int c = FoldAscii(a[byte_idx]) - FoldAscii(b[byte_idx]);
    if (c != 0) return c;
  }
  return a_size < b_size ? -1 : (a_size > b_size ? 1 : 0);
}

uint32_t RtrimmedSize(const uint8_t* p, uint32_t size) {
  while (size > 0 && p[size - 1] == ' ') size--;
  return size;
}

int CompareText(const ValueView& a, const ValueView& b, Collation collation,
                const CustomCollations* custom) {
  switch (collation) {
    case Collation::kBinary:
      break;
    case Collation::kNoCase:
      return CompareNoCase(a.bytes, a.size, b.bytes, b.size);
    case Collation::kRtrim:
      return CompareBytes(a.bytes, RtrimmedSize(a.bytes, a.size), b.bytes,
                          RtrimmedSize(b.bytes, b.size));
    default:
      assert(custom != nullptr);
      if (custom != nullptr) return custom->Compare(collation, a.bytes, a.size, b.bytes, b.size);
      break;
  }
  return CompareBytes(a.bytes, a.size, b.bytes, b.size);
}

// Compares an integer with a real exactly: converting either to the other's type would round
// (int64 values above 2^53 are not all doubles; doubles are not all int64). A NaN (which a
// record never holds, invariant 4) sorts below every number.
int CompareIntReal(int64_t i, double r) {
  if (std::isnan(r)) return 1;
  constexpr double kTwoPow63 = 9223372036854775808.0;
  if (r < -kTwoPow63) return 1;
  if (r >= kTwoPow63) return -1;
  // Now -2^63 <= r < 2^63, so trunc(r) is exact both as a double and as an int64.
  double truncated = std::trunc(r);
  int64_t whole = static_cast<int64_t>(truncated);
  if (i != whole) return i < whole ? -1 : 1;
  if (r == truncated) return 0;
  return r > truncated ? -1 : 1;
}

int CompareReals(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(b) - std::isnan(a);
  return a < b ? -1 : (a > b ? 1 : 0);
}

int CompareNumeric(const ValueView& a, const ValueView& b) {
  bool a_int = a.type == ValueType::kInteger;
  bool b_int = b.type == ValueType::kInteger;
  if (a_int && b_int) return a.i < b.i ? -1 : (a.i > b.i ? 1 : 0);
  if (a_int) return CompareIntReal(a.i, b.r);
  if (b_int) return -CompareIntReal(b.i, a.r);
  return CompareReals(a.r, b.r);
}

// The storage classes in sort order; integers and reals share one.
int SortClass(ValueType type) {
  switch (type) {
    case ValueType::kNull:
      return 0;
    case ValueType::kInteger:
    case ValueType::kReal:
      return 1;
    case ValueType::kText:
      return 2;
    case ValueType::kBlob:
      return 3;
  }
  return 0;
}

}  // namespace

uint64_t SerialTypeSize(uint64_t serial_type) {
  if (serial_type < kSerialTypeBlobBase) {
    return serial_type < 10 ? kSmallTypeSize[serial_type] : 0;
  }
  return (serial_type - kSerialTypeBlobBase) / 2;
}

uint64_t SerialTypeForInteger(int64_t v) {
  if (v == 0) return kSerialTypeZero;
  if (v == 1) return kSerialTypeOne;
  // The magnitude that decides the width: for negatives, ~v (so -128 fits one byte).
  uint64_t u = v < 0 ? ~static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  if (u <= 0x7f) return 1;
  if (u <= 0x7fff) return 2;
  if (u <= 0x7fffff) return 3;
  if (u <= 0x7fffffff) return 4;
  if (u <= 0x7fffffffffffULL) return 5;
  return 6;
}

uint64_t SerialTypeFor(const ValueView& v) {
  switch (v.type) {
    case ValueType::kNull:
      return 0;
    case ValueType::kInteger:
      return SerialTypeForInteger(v.i);
    case ValueType::kReal:
      return std::isnan(v.r) ? 0 : kSerialTypeReal;
    case ValueType::kText:
      return kSerialTypeTextBase + 2 * uint64_t{v.size};
    case ValueType::kBlob:
      return kSerialTypeBlobBase + 2 * uint64_t{v.size};
  }
  return 0;
}

// ---- RecordReader ----

Rc RecordReader::Init(const uint8_t* record, uint32_t size) {
  record_ = record;
  size_ = size;
  frontier_idx_ = 0;
  last_type_ = 0;
  header_done_ = false;
  count_known_ = false;
  header_rc_ = Rc::kOk;
  uint64_t header_size = 0;
  int n = GetVarint(record, size, &header_size);
  if (n == 0 || header_size < static_cast<uint64_t>(n) || header_size > size) {
    header_rc_ = SIMLITE_CORRUPT();
    return header_rc_;
  }
  header_size_ = static_cast<uint32_t>(header_size);
  header_pos_ = static_cast<uint32_t>(n);
  content_offset_ = header_size_;
  return CheckHeaderEnd();
}

Rc RecordReader::CheckHeaderEnd() {
  if (header_pos_ < header_size_) return Rc::kOk;
  header_done_ = true;
  count_known_ = true;
  column_count_ = frontier_idx_;
  if (content_offset_ != size_) header_rc_ = SIMLITE_CORRUPT();  // invariant 2
  return header_rc_;
}

Rc RecordReader::ParseOne() {
  assert(!header_done_ && header_rc_ == Rc::kOk);
  uint64_t serial_type = 0;
  int n = GetVarint(record_ + header_pos_, header_size_ - header_pos_, &serial_type);
  if (n == 0 || serial_type == kSerialTypeReservedFirst || serial_type == kSerialTypeReservedLast) {
    header_rc_ = SIMLITE_CORRUPT();
    return header_rc_;
  }
  // content_offset_ <= size_ < 2^32 and a size is < 2^63, so the sum cannot overflow.
  uint64_t content_end = content_offset_ + SerialTypeSize(serial_type);
  if (content_end > size_) {
    header_rc_ = SIMLITE_CORRUPT();
    return header_rc_;
  }
  if (frontier_idx_ < kCachedColumns) {
    types_[frontier_idx_] = serial_type;
    offsets_[frontier_idx_] = static_cast<uint32_t>(content_offset_);
  }
  header_pos_ += static_cast<uint32_t>(n);
  content_offset_ = content_end;
  last_type_ = serial_type;
  frontier_idx_++;
  if (frontier_idx_ == kCachedColumns) {
    rewind_header_pos_ = header_pos_;
    rewind_content_offset_ = content_offset_;
  }
  return CheckHeaderEnd();
}

void RecordReader::RewindToCacheEnd() {
  assert(frontier_idx_ > kCachedColumns && header_rc_ == Rc::kOk);
  header_pos_ = rewind_header_pos_;
  content_offset_ = rewind_content_offset_;
  last_type_ = types_[kCachedColumns - 1];
  frontier_idx_ = kCachedColumns;
  header_done_ = false;
}

Rc RecordReader::Advance(uint32_t column_idx) {
  // Bounded: each step consumes at least one header byte.
  while (frontier_idx_ <= column_idx && !header_done_) SIMLITE_TRY(ParseOne());
  return Rc::kOk;
}

Rc RecordReader::ColumnCount(uint32_t* count) {
  *count = 0;
  if (header_rc_ == Rc::kOk && !count_known_) (void)Advance(UINT32_MAX);
  *count = count_known_ ? column_count_ : frontier_idx_;
  return header_rc_;
}

uint32_t RecordReader::column_count() {
  uint32_t count = 0;
  (void)ColumnCount(&count);
  return count;
}

Rc RecordReader::Column(uint32_t column_idx, ValueView* value) {
  *value = ValueView{};
  SIMLITE_TRY(header_rc_);
  if (count_known_ && column_idx >= column_count_) return Rc::kOk;
  uint64_t serial_type = 0;
  uint64_t offset = 0;
  if (column_idx < kCachedColumns) {
    SIMLITE_TRY(Advance(column_idx));
    if (column_idx >= frontier_idx_) return Rc::kOk;  // past the last column: NULL
    serial_type = types_[column_idx];
    offset = offsets_[column_idx];
  } else {
    if (column_idx + 1 < frontier_idx_) RewindToCacheEnd();
    SIMLITE_TRY(Advance(column_idx));
    if (column_idx >= frontier_idx_) return Rc::kOk;
    assert(column_idx == frontier_idx_ - 1);
    serial_type = last_type_;
    offset = content_offset_ - SerialTypeSize(serial_type);
  }
  DecodeValue(record_ + offset, serial_type, value);
  return Rc::kOk;
}

Rc RecordReader::Column(uint32_t column_idx, ValueView* value, bool* present) {
  *present = false;
  SIMLITE_TRY(Column(column_idx, value));
  // Column parsed the header at least past column_idx, or to its end.
  *present = count_known_ ? column_idx < column_count_ : column_idx < frontier_idx_;
  return Rc::kOk;
}

// ---- RecordBuilder ----

void RecordBuilder::Reset() {
  types_.clear();
  content_.clear();
}

void RecordBuilder::AddTypeAndContent(uint64_t serial_type, const void* p, uint32_t n) {
  uint8_t varint[kVarintMaxBytes];
  int varint_size = PutVarint(varint, serial_type);
  types_.insert(types_.end(), varint, varint + varint_size);
  if (n == 0) return;
  const uint8_t* bytes = static_cast<const uint8_t*>(p);
  content_.insert(content_.end(), bytes, bytes + n);
}

void RecordBuilder::AddNull() {
  AddTypeAndContent(0, nullptr, 0);
}

void RecordBuilder::AddInteger(int64_t v) {
  uint64_t serial_type = SerialTypeForInteger(v);
  uint32_t n = static_cast<uint32_t>(SerialTypeSize(serial_type));
  uint8_t bytes[8];
  for (uint32_t byte_idx = 0; byte_idx < n; byte_idx++) {
    bytes[byte_idx] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * (n - 1 - byte_idx)));
  }
  AddTypeAndContent(serial_type, bytes, n);
}

void RecordBuilder::AddReal(double v) {
  if (std::isnan(v)) return AddNull();  // invariant 4
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof(bits));
  uint8_t bytes[8];
  for (int byte_idx = 0; byte_idx < 8; byte_idx++) {
    bytes[byte_idx] = static_cast<uint8_t>(bits >> (8 * (7 - byte_idx)));
  }
  AddTypeAndContent(kSerialTypeReal, bytes, 8);
}

void RecordBuilder::AddText(const void* p, uint32_t n) {
  AddTypeAndContent(kSerialTypeTextBase + 2 * uint64_t{n}, p, n);
}

void RecordBuilder::AddBlob(const void* p, uint32_t n) {
  AddTypeAndContent(kSerialTypeBlobBase + 2 * uint64_t{n}, p, n);
}

void RecordBuilder::Add(const ValueView& v) {
  switch (v.type) {
    case ValueType::kNull:
      return AddNull();
    case ValueType::kInteger:
      return AddInteger(v.i);
    case ValueType::kReal:
      return AddReal(v.r);
    case ValueType::kText:
      return AddText(v.bytes, v.size);
    case ValueType::kBlob:
      return AddBlob(v.bytes, v.size);
  }
}

std::span<const uint8_t> RecordBuilder::Finish() {
  // The header size counts its own varint, whose length depends on the size it encodes.
  uint64_t types_size = types_.size();
  int size_varint_length = 1;
  while (VarintLength(types_size + size_varint_length) > size_varint_length) size_varint_length++;
  uint8_t size_varint[kVarintMaxBytes];
  PutVarint(size_varint, types_size + size_varint_length);
  record_.clear();
  record_.insert(record_.end(), size_varint, size_varint + size_varint_length);
  record_.insert(record_.end(), types_.begin(), types_.end());
  record_.insert(record_.end(), content_.begin(), content_.end());
  return record_;
}

// ---- Comparison ----

int CompareValues(const ValueView& a, const ValueView& b, Collation collation,
                  const CustomCollations* custom) {
  int a_class = SortClass(a.type);
  int b_class = SortClass(b.type);
  if (a_class != b_class) return a_class < b_class ? -1 : 1;
  switch (a.type) {
    case ValueType::kNull:
      return 0;
    case ValueType::kInteger:
    case ValueType::kReal:
      return CompareNumeric(a, b);
    case ValueType::kText:
      return CompareText(a, b, collation, custom);
    case ValueType::kBlob:
      return CompareBytes(a.bytes, a.size, b.bytes, b.size);
  }
  return 0;
}

namespace {

// Compares field by field until a field differs or either record runs out of fields.
int CompareFields(RecordReader* a, RecordReader* b, const KeyInfo& key_info, Rc* rc) {
  // Bounded: each field present in `a` takes at least one byte of its header.
  for (uint32_t field_idx = 0;; field_idx++) {
    ValueView value_a;
    ValueView value_b;
    bool in_a = false;
    bool in_b = false;
    if (a->Column(field_idx, &value_a, &in_a) != Rc::kOk ||
        b->Column(field_idx, &value_b, &in_b) != Rc::kOk) {
      *rc = Rc::kCorrupt;
      return 0;
    }
    if (!in_a || !in_b) return 0;
    Collation collation = field_idx < key_info.collations.size() ? key_info.collations[field_idx]
                                                                 : Collation::kBinary;
    int c = CompareValues(value_a, value_b, collation, key_info.custom);
    if (c == 0) continue;
    bool descending = field_idx < key_info.descending.size() && key_info.descending[field_idx];
    return descending ? -c : c;
  }
}

}  // namespace

int CompareRecords(std::span<const uint8_t> a, std::span<const uint8_t> b, const KeyInfo& key_info,
                   Rc* rc) {
  RecordReader reader_a;
  RecordReader reader_b;
  uint32_t count_a = 0;
  uint32_t count_b = 0;
  // Records are page-sized or smaller; a span beyond 4 GiB is a caller bug, not corruption.
  assert(a.size() <= UINT32_MAX && b.size() <= UINT32_MAX);
  // Both records are checked whole, even past the field that decides.
  if (reader_a.Init(a.data(), static_cast<uint32_t>(a.size())) != Rc::kOk ||
      reader_b.Init(b.data(), static_cast<uint32_t>(b.size())) != Rc::kOk ||
      reader_a.ColumnCount(&count_a) != Rc::kOk || reader_b.ColumnCount(&count_b) != Rc::kOk) {
    *rc = Rc::kCorrupt;
    return 0;
  }
  return CompareFields(&reader_a, &reader_b, key_info, rc);
}

Rc ReadRecordRowid(std::span<const uint8_t> record, int64_t* rowid) {
  assert(record.size() <= UINT32_MAX);
  const uint8_t* p = record.data();
  const size_t size = record.size();
  // The short way: a one-byte header size, and a last serial type (an integer's) that is a
  // varint of its own (the byte before it ends the previous varint).
  if (size >= 3 && p[0] >= 2 && p[0] < 0x80 && p[0] <= size && p[p[0] - 2] < 0x80) {
    const uint32_t header_size = p[0];
    const uint8_t serial_type = p[header_size - 1];
    const uint64_t length = SerialTypeSize(serial_type);
    const bool integer = (serial_type >= 1 && serial_type <= 6) ||
                         serial_type == kSerialTypeZero || serial_type == kSerialTypeOne;
    if (integer && length <= size - header_size) {
      ValueView value;
      DecodeValue(p + size - length, serial_type, &value);
      *rowid = value.i;
      return Rc::kOk;
    }
  }
  RecordReader reader;
  SIMLITE_TRY(reader.Init(p, static_cast<uint32_t>(size)));
  uint32_t count = 0;
  SIMLITE_TRY(reader.ColumnCount(&count));
  if (count == 0) return SIMLITE_CORRUPT();
  ValueView value;
  SIMLITE_TRY(reader.Column(count - 1, &value));
  if (value.type != ValueType::kInteger) return SIMLITE_CORRUPT();
  *rowid = value.i;
  return Rc::kOk;
}

void SearchKey::Init(std::span<const uint8_t> key) {
  assert(key.size() <= UINT32_MAX);
  first_ = First::kUnknown;
  field_count_ = 0;
  rc_ = reader_.Init(key.data(), static_cast<uint32_t>(key.size()));
  if (rc_ == Rc::kOk) rc_ = reader_.ColumnCount(&field_count_);
  const uint32_t decoded = std::min(field_count_, kDecodedFields);
  for (uint32_t field_idx = 0; field_idx < decoded && rc_ == Rc::kOk; field_idx++) {
    rc_ = reader_.Column(field_idx, &fields_[field_idx]);
  }
}

void SearchKey::InitValues(std::span<const ValueView> values) {
  assert(values.size() <= kDecodedFields);
  first_ = First::kUnknown;
  rc_ = Rc::kOk;
  field_count_ = static_cast<uint32_t>(values.size());
  for (uint32_t field_idx = 0; field_idx < field_count_; field_idx++) {
    fields_[field_idx] = values[field_idx];
    // A record stores a NaN as NULL (invariant 4).
    if (fields_[field_idx].type == ValueType::kReal && std::isnan(fields_[field_idx].r)) {
      fields_[field_idx] = ValueView{};
    }
  }
}

void SearchKey::Classify(const KeyInfo& key_info) {
  if (first_ != First::kUnknown) return;
  const ValueView& first = fields_[0];
  const Collation collation =
      key_info.collations.empty() ? Collation::kBinary : key_info.collations[0];
  descending0_ = !key_info.descending.empty() && key_info.descending[0];
  first_ = rc_ != Rc::kOk || field_count_ == 0 || field_count_ > kDecodedFields
               ? First::kGeneral
           : first.type == ValueType::kInteger ? First::kInteger
           : first.type == ValueType::kText && collation == Collation::kBinary
               ? First::kBinaryText
               : First::kGeneral;
}

namespace {

// Field `field_idx`'s comparison: by its collation, reversed when descending.
int CompareField(const ValueView& a, const ValueView& b, uint32_t field_idx,
                 const KeyInfo& key_info) {
  int c = 0;
  if (a.type == ValueType::kInteger && b.type == ValueType::kInteger) {
    c = a.i < b.i ? -1 : (a.i > b.i ? 1 : 0);
  } else {
    const Collation collation = field_idx < key_info.collations.size()
                                    ? key_info.collations[field_idx]
                                    : Collation::kBinary;
    c = CompareValues(a, b, collation, key_info.custom);
  }
  const bool descending = field_idx < key_info.descending.size() && key_info.descending[field_idx];
  return descending ? -c : c;
}

}  // namespace

int CompareRecordWithKeySlow(std::span<const uint8_t> a, SearchKey* key, const KeyInfo& key_info,
                             Rc* rc) {
  assert(a.size() <= UINT32_MAX);
  if (key->rc_ != Rc::kOk) {
    *rc = Rc::kCorrupt;
    return 0;
  }
  if (key->field_count_ > SearchKey::kDecodedFields) {
    RecordReader reader_a;
    if (reader_a.Init(a.data(), static_cast<uint32_t>(a.size())) != Rc::kOk) {
      *rc = Rc::kCorrupt;
      return 0;
    }
    return CompareFields(&reader_a, &key->reader_, key_info, rc);
  }
  if (key->first_ == SearchKey::First::kUnknown) {
    key->Classify(key_info);
    // Known now: the inline way takes this comparison too, if it can.
    if (key->first_ != SearchKey::First::kGeneral) {
      return CompareRecordWithKey(a, key, key_info, rc);
    }
  }
  uint64_t header_size = 0;
  const int n = GetVarint(a.data(), a.size(), &header_size);
  if (n == 0 || header_size < static_cast<uint64_t>(n) || header_size > a.size() ||
      (header_size == static_cast<uint64_t>(n) && a.size() != header_size)) {
    *rc = Rc::kCorrupt;
    return 0;
  }
  return CompareRecordWithKeyFrom(a, key, key_info, rc, 0, header_size, static_cast<uint64_t>(n),
                                  header_size);
}

int CompareRecordWithKeyPastFirst(std::span<const uint8_t> a, SearchKey* key,
                                  const KeyInfo& key_info, Rc* rc) {
  // The inline part checked: a one-byte header size, a serial type of the first field's kind
  // (of one byte, or two for a text), its content inside the record.
  const uint32_t header_size = a[0];
  uint64_t serial_type = 0;
  const int n = GetVarint(a.data() + 1, header_size - 1, &serial_type);
  assert(n == 1 || n == 2);
  const uint64_t length = SerialTypeSize(serial_type);
  if (key->first_ == SearchKey::First::kBinaryText && length != key->fields_[0].size) {
    const int c = length < key->fields_[0].size ? -1 : 1;
    return key->descending0_ ? -c : c;
  }
  return CompareRecordWithKeyFrom(a, key, key_info, rc, 1, header_size,
                                  1 + static_cast<uint64_t>(n), header_size + length);
}

int CompareRecordWithKeyFrom(std::span<const uint8_t> a, SearchKey* key, const KeyInfo& key_info,
                             Rc* rc, uint32_t field, uint64_t header_size, uint64_t pos,
                             uint64_t offset) {
  // Walk a's header and body side by side, field by field, as far as the deciding field. The
  // checks are RecordReader's (invariants 1 and 2) up to there.
  const uint8_t* p = a.data();
  const uint64_t size = a.size();
  for (uint32_t field_idx = field; field_idx < key->field_count_; field_idx++) {
    if (pos >= header_size) return 0;  // `a` has no more fields
    uint64_t serial_type = p[pos];
    if (serial_type < 0x80) {
      pos++;
    } else {
      const int m = GetVarint(p + pos, header_size - pos, &serial_type);
      if (m == 0) {
        *rc = Rc::kCorrupt;
        return 0;
      }
      pos += static_cast<uint64_t>(m);
    }
    if (serial_type == kSerialTypeReservedFirst || serial_type == kSerialTypeReservedLast) {
      *rc = Rc::kCorrupt;
      return 0;
    }
    // header_size < 2^32 and offsets stay below size + 2^63: no overflow.
    const uint64_t end = offset + SerialTypeSize(serial_type);
    if (end > size || (pos == header_size && end != size)) {
      *rc = Rc::kCorrupt;
      return 0;
    }
    ValueView value;
    DecodeValue(p + offset, serial_type, &value);
    offset = end;
    const int c = CompareField(value, key->fields_[field_idx], field_idx, key_info);
    if (c != 0) return c;
  }
  return 0;
}

}  // namespace simlite::btree
