// SQLite's record format (fileformat2.html, "Record Format") and its sort order
// (datatype3.html, "Sort Order"; fileformat2.html, "Record Sort Order").
//
// A record is a header followed by a body. The header is a varint holding the header's own
// size in bytes (this varint included), then one serial-type varint per column. The body
// holds each column's content, in column order, with no padding.
//
// Invariants:
//  1. A RecordReader never reads outside [record, record + size): every header varint must end
//     inside the header, and every column's content inside the record. Anything else is
//     Rc::kCorrupt, never an assert.
//  2. Once the whole header is parsed, the content ends exactly at the record's end (as SQLite
//     requires); a record with trailing bytes is corrupt.
//  3. RecordBuilder writes exactly the bytes SQLite writes for the same values in a column with
//     no affinity, schema format 4 (0 and 1 as serial types 8 and 9).
//  4. A NaN is never stored: SQLite stores it as NULL, and reads a stored NaN as NULL.
#pragma once

#include <climits>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include "common/result_code.h"
#include "common/varint.h"

namespace simlite::btree {

// How text compares. The three built-ins are compared inline; every other value (from
// kFirstCustomCollation up) names an application-defined collation, compared through the
// CustomCollations a KeyInfo or a comparison carries.
enum class Collation : uint8_t { kBinary, kNoCase, kRtrim };
constexpr uint8_t kFirstCustomCollation = 3;
constexpr bool IsCustomCollation(Collation collation) {
  return static_cast<uint8_t>(collation) >= kFirstCustomCollation;
}

// The comparators of application-defined collations (implemented above btree: a connection's
// registry). Compare orders two UTF-8 texts by the collation `collation` (a custom one) and
// returns <0, 0 or >0; it must be a total order, as SQLite requires of collations.
class CustomCollations {
 public:
  virtual int Compare(Collation collation, const uint8_t* a, uint32_t a_size, const uint8_t* b,
                      uint32_t b_size) const = 0;
  // The collation's name as registered (for EXPLAIN and messages).
  virtual std::string_view Name(Collation collation) const = 0;

 protected:
  ~CustomCollations() = default;
};
enum class ValueType : uint8_t { kNull, kInteger, kReal, kText, kBlob };

// A decoded value. For text and blobs, `bytes` points into the record (zero-copy), so the value
// lives only as long as the record's bytes do. `i` is set for kInteger, `r` for kReal.
struct ValueView {
  ValueType type = ValueType::kNull;
  int64_t i = 0;
  double r = 0;
  const uint8_t* bytes = nullptr;
  uint32_t size = 0;
};

// Serial types 10 and 11 are reserved and never appear in a well-formed file.
constexpr uint64_t kSerialTypeReservedFirst = 10;
constexpr uint64_t kSerialTypeReservedLast = 11;

// The number of content bytes a value of serial type `serial_type` occupies (0 for the
// reserved types 10 and 11, which callers reject as corrupt).
uint64_t SerialTypeSize(uint64_t serial_type);

// The serial type RecordBuilder stores for each kind of value: the smallest integer encoding
// (8/9 for 0/1, schema format 4), 7 for a real, 0 for NULL, 12+2n / 13+2n for blobs / text.
uint64_t SerialTypeForInteger(int64_t v);
uint64_t SerialTypeFor(const ValueView& v);

// Lazy, zero-copy reader of one record. Init parses only the header size; each Column call
// decodes header entries up to the column it needs and caches their offsets (the first
// kCachedColumns of them), so Column(7) after Column(3) continues where Column(3) stopped.
// Allocates nothing. The record's bytes must outlive the reader.
class RecordReader {
 public:
  static constexpr uint32_t kCachedColumns = 64;

  // Starts reading `record[0..size)`. kCorrupt when the header size is malformed (an
  // unterminated varint, smaller than itself, or beyond the record) or when an empty header
  // is followed by content; kOk otherwise.
  Rc Init(const uint8_t* record, uint32_t size);

  // The number of columns in the header. Parses the whole header; a malformed header yields
  // the number of columns before the malformation (ColumnCount reports the corruption).
  uint32_t column_count();
  // As column_count(), but kCorrupt when the header (or the content size it implies) is
  // malformed, kOk otherwise.
  Rc ColumnCount(uint32_t* count);

  // Decodes column `column_idx` into *value. A column past the end of the record is NULL (the
  // caller applies any default). kCorrupt when the header up to that column is malformed or
  // the column's content lies past the record's end; once a reader has found its header
  // malformed, every later call returns kCorrupt.
  Rc Column(uint32_t column_idx, ValueView* value);
  // As Column, and *present tells whether the record has column column_idx at all (Column
  // reads a missing column as NULL; a comparison instead stops at the shorter record).
  Rc Column(uint32_t column_idx, ValueView* value, bool* present);
  // The record being read.
  std::span<const uint8_t> bytes() const { return {record_, size_}; }

 private:
  // Parses header entries until column `column_idx` is located (or the header ends).
  Rc Advance(uint32_t column_idx);
  Rc ParseOne();
  // Called after each header step: marks the header done at its end and checks invariant 2.
  Rc CheckHeaderEnd();
  // Moves the parse frontier back to column kCachedColumns, the first one past the cache, to
  // rescan a wide record's tail.
  void RewindToCacheEnd();

  const uint8_t* record_ = nullptr;
  uint32_t size_ = 0;
  uint32_t header_size_ = 0;
  // The parse frontier: the next header byte, the column it describes and its content offset.
  uint32_t header_pos_ = 0;
  uint32_t frontier_idx_ = 0;
  uint64_t content_offset_ = 0;
  // The serial type of column frontier_idx_ - 1 (valid while frontier_idx_ > 0).
  uint64_t last_type_ = 0;
  bool header_done_ = false;
  // The column count, once the header has been parsed to its end (it survives a rewind).
  bool count_known_ = false;
  uint32_t column_count_ = 0;
  Rc header_rc_ = Rc::kOk;  // sticky: once the header is malformed, it stays so
  // Per cached column: serial type and content offset; then the frontier state at column
  // kCachedColumns, to rewind to.
  uint64_t types_[kCachedColumns];
  uint32_t offsets_[kCachedColumns];
  uint32_t rewind_header_pos_ = 0;
  uint64_t rewind_content_offset_ = 0;
};

// Builds one record into buffers that are reused, so a warm builder allocates nothing.
class RecordBuilder {
 public:
  // Starts a new, empty record.
  void Reset();
  void AddNull();
  void AddInteger(int64_t v);
  // A NaN is stored as NULL, as SQLite does.
  void AddReal(double v);
  void AddText(const void* p, uint32_t n);
  void AddBlob(const void* p, uint32_t n);
  void Add(const ValueView& v);
  // The record so far. Valid until the next Reset or Add.
  std::span<const uint8_t> Finish();

 private:
  void AddTypeAndContent(uint64_t serial_type, const void* p, uint32_t n);

  std::vector<uint8_t> types_;    // serial-type varints
  std::vector<uint8_t> content_;  // the body
  std::vector<uint8_t> record_;   // Finish's output
};

// How an index's keys compare: per field a collation and a direction.
// `custom` compares the custom collations among `collations` (null when there are none).
struct KeyInfo {
  std::vector<Collation> collations;
  std::vector<bool> descending;
  const CustomCollations* custom = nullptr;
};

// Compares two records field by field by SQLite's sort order, field i with
// key_info.collations[i] and key_info.descending[i] (fields beyond the vectors: BINARY,
// ascending). Compares min(fields of a, fields of b) fields and returns 0 when they are all
// equal (what a prefix means is the caller's business). Returns <0, 0 or >0. On malformed input
// sets *rc to kCorrupt (else leaves it) and returns 0.
int CompareRecords(std::span<const uint8_t> a, std::span<const uint8_t> b, const KeyInfo& key_info,
                   Rc* rc);

// A search key decoded once for the many comparisons of one seek (SQLite's UnpackedRecord):
// its fields as values, up to kDecodedFields of them (a wider key keeps a reader over its
// bytes for the rest). The key's bytes (or values) must outlive it.
class SearchKey {
 public:
  static constexpr uint32_t kDecodedFields = 16;

  // Starts on `key`, a record. A malformed key is not reported here: every comparison with it
  // reports kCorrupt (so a seek in an empty tree, which compares nothing, succeeds, as it does
  // with CompareRecords).
  void Init(std::span<const uint8_t> key);
  // Starts on `values` (at most kDecodedFields): the key the record of those values would be.
  void InitValues(std::span<const ValueView> values);
  // Tells how the first field compares under key_info (CompareFirstField's way), as the
  // first comparison would. A seek calls it before its comparisons; no-op once known.
  void Classify(const KeyInfo& key_info);

 private:
  friend int CompareFirstField(std::span<const uint8_t> a, const SearchKey& key);
  RecordReader reader_;  // Init only, for the fields past kDecodedFields
  ValueView fields_[kDecodedFields];
  uint32_t field_count_ = 0;
  friend int CompareRecordWithKeySlow(std::span<const uint8_t> a, SearchKey* key,
                                      const KeyInfo& key_info, Rc* rc);
  friend int CompareRecordWithKeyPastFirst(std::span<const uint8_t> a, SearchKey* key,
                                           const KeyInfo& key_info, Rc* rc);
  friend int CompareRecordWithKeyFrom(std::span<const uint8_t> a, SearchKey* key,
                                      const KeyInfo& key_info, Rc* rc, uint32_t field,
                                      uint64_t header_size, uint64_t pos, uint64_t offset);
  // How the first field compares: kUnknown until the first comparison tells.
  enum class First : uint8_t { kUnknown, kGeneral, kBinaryText, kInteger };
  First first_ = First::kUnknown;
  bool descending0_ = false;  // the first field sorts descending (known with first_)
  Rc rc_ = Rc::kOk;           // kCorrupt for a malformed key
};

// CompareRecordWithKey's general path (the inline part decides only first fields that differ).
int CompareRecordWithKeySlow(std::span<const uint8_t> a, SearchKey* key, const KeyInfo& key_info,
                             Rc* rc);
// The general path's walk from field `field`, whose serial type is at header byte `pos` and
// whose content starts at `offset` (the fields before it equal the key's; `header_size`, a's
// checked header size).
int CompareRecordWithKeyFrom(std::span<const uint8_t> a, SearchKey* key, const KeyInfo& key_info,
                             Rc* rc, uint32_t field, uint64_t header_size, uint64_t pos,
                             uint64_t offset);

// CompareRecordWithKey's way on when a's first field, checked by the inline part, equals the
// key's first field as far as the shorter of them goes: the lengths of texts, then the walk
// from the second field.
int CompareRecordWithKeyPastFirst(std::span<const uint8_t> a, SearchKey* key,
                                  const KeyInfo& key_info, Rc* rc);

// CompareFirstField's answers that are no comparison.
inline constexpr int kFirstFieldUndecided = INT_MIN;  // the general path must compare
inline constexpr int kFirstFieldEqual = INT_MIN + 1;  // equal as far as the shorter goes

// Most comparisons of a seek are decided by the first field (SQLite's vdbeRecordCompareInt /
// String): with a one-byte header size and a one-byte serial type, an integer key against an
// integer field, or a text key compared as BINARY against a text field, is compared straight
// from the bytes. Returns the comparison (<0, >0) when a's first field decides it,
// kFirstFieldEqual when it equals the key's first field (texts: as far as the shorter of
// them goes; CompareRecordWithKeyPastFirst goes on from there), kFirstFieldUndecided for
// everything else. Reads nothing outside `a`, reports no error, and keeps nothing live past
// its memcmp (a seek's binary search runs it in its loop).
[[gnu::always_inline]] inline int CompareFirstField(std::span<const uint8_t> a,
                                                    const SearchKey& key) {
  using First = SearchKey::First;
  if (key.first_ <= First::kGeneral || a.size() < 2 || a[0] < 2 || a[0] >= 0x80 ||
      a[0] > a.size()) {
    return kFirstFieldUndecided;
  }
  const uint32_t header_size = a[0];
  const uint8_t serial_type = a[1];
  const uint8_t* content = a.data() + header_size;
  const size_t room = a.size() - header_size;
  // A one-field record (a transient index's key) ends with that field (invariant 2).
  const bool last = header_size == 2;
  auto fits = [room, last](size_t length) { return last ? room == length : room >= length; };
  int c = 0;
  if (key.first_ == First::kInteger) {
    const int64_t want = key.fields_[0].i;
    int64_t v = 0;
    switch (serial_type) {
      case 1:
        if (!fits(1)) return kFirstFieldUndecided;
        v = static_cast<int8_t>(content[0]);
        break;
      case 2:
        if (!fits(2)) return kFirstFieldUndecided;
        v = static_cast<int16_t>((content[0] << 8) | content[1]);
        break;
      case 3:
        if (!fits(3)) return kFirstFieldUndecided;
        v = (static_cast<int32_t>(static_cast<int8_t>(content[0])) << 16) | (content[1] << 8) |
            content[2];
        break;
      case 4:
        if (!fits(4)) return kFirstFieldUndecided;
        v = static_cast<int32_t>(Get4(content));
        break;
      case 8:
      case 9:
        if (!fits(0)) return kFirstFieldUndecided;
        v = serial_type - 8;
        break;
      default:
        return kFirstFieldUndecided;
    }
    if (v == want) return kFirstFieldEqual;
    c = v < want ? -1 : 1;
  } else {
    // A text of up to 57 bytes has a one-byte serial type, a longer one (up to 8,185 bytes)
    // a two-byte one.
    uint32_t text_type = serial_type;
    bool text_last = last;
    if (serial_type >= 0x80) [[unlikely]] {
      if (header_size < 3 || a[2] >= 0x80) return kFirstFieldUndecided;
      text_type = ((serial_type & 0x7fu) << 7) | a[2];
      text_last = header_size == 3;
    }
    if (text_type < 13 || (text_type & 1) == 0) return kFirstFieldUndecided;
    const uint32_t length = (text_type - 13u) / 2;
    if (text_last ? room != length : room < length) return kFirstFieldUndecided;
    const ValueView& want = key.fields_[0];
    const uint32_t common = length < want.size ? length : want.size;
    c = common == 0 ? 0 : std::memcmp(content, want.bytes, common);
    if (c == 0) return kFirstFieldEqual;
    c = c < 0 ? -1 : 1;  // memcmp may answer INT_MIN, one of the sentinels
  }
  return key.descending0_ ? -c : c;
}

// As CompareRecords(a, key) for a SearchKey. Unlike CompareRecords, record `a` is parsed only
// as far as the deciding field: a malformation past it goes unnoticed, as nothing past it is
// read (RecordReader's invariant 1). The first field inline (CompareFirstField), the rest by
// the general path.
[[gnu::always_inline]] inline int CompareRecordWithKey(std::span<const uint8_t> a, SearchKey* key,
                                                       const KeyInfo& key_info, Rc* rc) {
  const int c = CompareFirstField(a, *key);
  if (c == kFirstFieldEqual) return CompareRecordWithKeyPastFirst(a, key, key_info, rc);
  if (c == kFirstFieldUndecided) return CompareRecordWithKeySlow(a, key, key_info, rc);
  return c;
}

// The rowid ending an index record: its last field, which must be an integer (else
// kCorrupt). Read from the header's last byte and the record's last bytes, as SQLite's
// IdxRowid does, where the header allows (a malformation elsewhere in the record goes
// unnoticed); otherwise by walking the header.
Rc ReadRecordRowid(std::span<const uint8_t> record, int64_t* rowid);

// Compares two values by SQLite's rules: NULL < INTEGER/REAL (numerically, integers against
// reals exactly) < TEXT (by `collation`) < BLOB (memcmp, then length). Returns <0, 0 or >0.
// A custom collation compares through `custom` (BINARY when it is null: a caller's bug,
// asserted).
int CompareValues(const ValueView& a, const ValueView& b, Collation collation,
                  const CustomCollations* custom = nullptr);

}  // namespace simlite::btree
