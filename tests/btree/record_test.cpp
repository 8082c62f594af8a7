// The record format against real SQLite (the oracle): the bytes RecordBuilder writes equal the
// bytes SQLite writes, RecordReader decodes SQLite's records as sqlite3_column_* does, the
// comparators order values as SQLite's ORDER BY does, and malformed records give kCorrupt.
#include "btree/record.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "common/varint.h"

namespace simlite::btree {
namespace {

constexpr uint32_t kPageSize = 4096;
constexpr uint8_t kTableLeafPage = 0x0d;

// A value the test owns; ValueView() points into it.
struct TestValue {
  ValueType type = ValueType::kNull;
  int64_t i = 0;
  double r = 0;
  std::string bytes;

  ValueView View() const {
    return ValueView{type, i, r, reinterpret_cast<const uint8_t*>(bytes.data()),
                     static_cast<uint32_t>(bytes.size())};
  }
};

TestValue Null() {
  return {};
}
TestValue Int(int64_t i) {
  return {ValueType::kInteger, i, 0, {}};
}
TestValue Real(double r) {
  return {ValueType::kReal, 0, r, {}};
}
TestValue Text(std::string s) {
  return {ValueType::kText, 0, 0, std::move(s)};
}
TestValue Blob(std::string s) {
  return {ValueType::kBlob, 0, 0, std::move(s)};
}

void Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error << sql;
}

void Bind(sqlite3_stmt* stmt, int param_idx, const TestValue& v) {
  int rc = SQLITE_OK;
  switch (v.type) {
    case ValueType::kNull:
      rc = sqlite3_bind_null(stmt, param_idx);
      break;
    case ValueType::kInteger:
      rc = sqlite3_bind_int64(stmt, param_idx, v.i);
      break;
    case ValueType::kReal:
      rc = sqlite3_bind_double(stmt, param_idx, v.r);
      break;
    case ValueType::kText:
      rc = sqlite3_bind_text(stmt, param_idx, v.bytes.data(), static_cast<int>(v.bytes.size()),
                             SQLITE_TRANSIENT);
      break;
    case ValueType::kBlob:
      // A null pointer would bind NULL, so an empty blob is bound as a zero-length zeroblob.
      rc = v.bytes.empty() ? sqlite3_bind_zeroblob(stmt, param_idx, 0)
                           : sqlite3_bind_blob(stmt, param_idx, v.bytes.data(),
                                               static_cast<int>(v.bytes.size()), SQLITE_TRANSIENT);
      break;
  }
  ASSERT_EQ(rc, SQLITE_OK);
}

// An in-memory SQLite database holding table t(c0, c1, ...) (no affinity, so values are stored
// as bound) plus, when `with_id`, an INTEGER PRIMARY KEY `id` first.
class SqliteTable {
 public:
  SqliteTable(size_t column_count, bool with_id) {
    EXPECT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    Exec(db_, "PRAGMA page_size=" + std::to_string(kPageSize));
    std::string columns = with_id ? "id INTEGER PRIMARY KEY" : "";
    std::string params = with_id ? "?" : "";
    for (size_t column_idx = 0; column_idx < column_count; column_idx++) {
      columns += std::string(columns.empty() ? "" : ",") + "c" + std::to_string(column_idx);
      params += std::string(params.empty() ? "" : ",") + "?";
    }
    Exec(db_, "CREATE TABLE t(" + columns + ")");
    insert_sql_ = "INSERT INTO t VALUES(" + params + ")";
  }
  ~SqliteTable() { sqlite3_close(db_); }
  sqlite3* db() { return db_; }

  void Insert(const std::vector<TestValue>& row, int64_t id = -1) {
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db_, insert_sql_.c_str(), -1, &stmt, nullptr), SQLITE_OK);
    int param_idx = 1;
    if (id >= 0) {
      ASSERT_EQ(sqlite3_bind_int64(stmt, param_idx++, id), SQLITE_OK);
    }
    for (const TestValue& v : row) Bind(stmt, param_idx++, v);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);
  }

  // The payload of the only row of t, read from the database image: t's root is page 2, a
  // table leaf whose one cell is payload-size varint, rowid varint, payload (fileformat2.html,
  // "B-tree Pages"). Payloads here are small enough never to overflow.
  std::vector<uint8_t> OnlyRecord() {
    std::vector<uint8_t> image = Image();
    if (image.size() < 2 * kPageSize) {
      ADD_FAILURE() << "no page 2";
      return {};
    }
    return LeafCellPayload(image.data() + kPageSize);
  }

  // The database file's bytes, and a way to replace them (to plant what SQLite never writes).
  std::vector<uint8_t> Image() {
    sqlite3_int64 image_size = 0;
    uint8_t* image = sqlite3_serialize(db_, "main", &image_size, 0);
    std::vector<uint8_t> bytes(image, image + (image ? image_size : 0));
    sqlite3_free(image);
    return bytes;
  }
  void SetImage(const std::vector<uint8_t>& bytes) {
    auto* copy = static_cast<uint8_t*>(sqlite3_malloc64(bytes.size()));
    std::memcpy(copy, bytes.data(), bytes.size());
    ASSERT_EQ(sqlite3_deserialize(db_, "main", copy, static_cast<sqlite3_int64>(bytes.size()),
                                  static_cast<sqlite3_int64>(bytes.size()),
                                  SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE),
              SQLITE_OK);
  }

  // Row ids in the order of `SELECT id FROM t ORDER BY <order_by>`.
  std::vector<int64_t> OrderedIds(const std::string& order_by) {
    std::vector<int64_t> ids;
    sqlite3_stmt* stmt = nullptr;
    std::string sql = "SELECT id FROM t ORDER BY " + order_by;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
    while (sqlite3_step(stmt) == SQLITE_ROW) ids.push_back(sqlite3_column_int64(stmt, 0));
    sqlite3_finalize(stmt);
    return ids;
  }

 private:
  static std::vector<uint8_t> LeafCellPayload(const uint8_t* page) {
    EXPECT_EQ(page[0], kTableLeafPage);
    EXPECT_EQ(Get2(page + 3), 1u) << "cell count";
    uint32_t cell_offset = Get2(page + 8);
    uint64_t payload_size = 0;
    uint64_t rowid = 0;
    uint32_t pos = cell_offset;
    pos += GetVarint(page + pos, kPageSize - pos, &payload_size);
    pos += GetVarint(page + pos, kPageSize - pos, &rowid);
    EXPECT_LE(pos + payload_size, kPageSize) << "payload overflows the page";
    if (pos + payload_size > kPageSize) return {};
    return std::vector<uint8_t>(page + pos, page + pos + payload_size);
  }

  sqlite3* db_ = nullptr;
  std::string insert_sql_;
};

std::vector<uint8_t> BuildRecord(const std::vector<TestValue>& row) {
  RecordBuilder builder;
  builder.Reset();
  for (const TestValue& v : row) builder.Add(v.View());
  std::span<const uint8_t> record = builder.Finish();
  return std::vector<uint8_t>(record.begin(), record.end());
}

// Decodes `record` column by column in `order` and compares with `SELECT * FROM t` (one row).
void ExpectDecodesLikeSqlite(sqlite3* db, const std::vector<uint8_t>& record,
                             const std::vector<uint32_t>& order) {
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT * FROM t", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  RecordReader reader;
  ASSERT_EQ(reader.Init(record.data(), static_cast<uint32_t>(record.size())), Rc::kOk);
  for (uint32_t column_idx : order) {
    ValueView value;
    ASSERT_EQ(reader.Column(column_idx, &value), Rc::kOk) << column_idx;
    int column = static_cast<int>(column_idx);
    switch (sqlite3_column_type(stmt, column)) {
      case SQLITE_NULL:
        EXPECT_EQ(value.type, ValueType::kNull) << column_idx;
        break;
      case SQLITE_INTEGER:
        EXPECT_EQ(value.type, ValueType::kInteger) << column_idx;
        EXPECT_EQ(value.i, sqlite3_column_int64(stmt, column));
        break;
      case SQLITE_FLOAT: {
        EXPECT_EQ(value.type, ValueType::kReal) << column_idx;
        double expected = sqlite3_column_double(stmt, column);
        EXPECT_EQ(std::memcmp(&value.r, &expected, sizeof(double)), 0) << expected;
        break;
      }
      default: {
        bool is_text = sqlite3_column_type(stmt, column) == SQLITE_TEXT;
        EXPECT_EQ(value.type, is_text ? ValueType::kText : ValueType::kBlob) << column_idx;
        const void* expected =
            is_text ? sqlite3_column_text(stmt, column) : sqlite3_column_blob(stmt, column);
        ASSERT_EQ(value.size, static_cast<uint32_t>(sqlite3_column_bytes(stmt, column)));
        if (value.size > 0) {
          EXPECT_EQ(std::memcmp(value.bytes, expected, value.size), 0);
        }
      }
    }
  }
  EXPECT_EQ(reader.column_count(), static_cast<uint32_t>(sqlite3_column_count(stmt)));
  ValueView past_end;
  EXPECT_EQ(reader.Column(reader.column_count(), &past_end), Rc::kOk);
  EXPECT_EQ(past_end.type, ValueType::kNull);
  sqlite3_finalize(stmt);
}

// Values at every encoding boundary (fileformat2.html, "Serial Type Codes").
std::vector<TestValue> EncodingValues() {
  std::vector<TestValue> values = {Null(), Int(0), Int(1), Int(-1), Int(2)};
  // The largest and smallest value of each integer width, and one past each.
  for (int bits : {8, 16, 24, 32, 48}) {
    int64_t max = (int64_t{1} << (bits - 1)) - 1;
    for (int64_t v : {max, max + 1, -max - 1, -max - 2}) values.push_back(Int(v));
  }
  values.push_back(Int(std::numeric_limits<int64_t>::max()));
  values.push_back(Int(std::numeric_limits<int64_t>::min()));
  for (double r :
       {0.0, -0.0, 1.0, -1.5, 0.1, 3.25e10, 1e308, -1e308, 5e-324, 2.2250738585072014e-308,
        9223372036854775808.0, 1e-300, std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
    values.push_back(Real(r));
  }
  const std::string texts[] = {"", "a", "hello", "\xc3\xa9t\xc3\xa9", std::string(100, 'x')};
  for (const std::string& s : texts) {
    values.push_back(Text(s));
  }
  values.push_back(Blob(""));
  values.push_back(Blob(std::string(1, '\0')));
  values.push_back(Blob(std::string(200, '\xab')));
  return values;
}

std::vector<uint32_t> Iota(uint32_t n) {
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  return order;
}

TEST(Record, SingleValuesEncodeAndDecodeLikeSqlite) {
  std::vector<TestValue> values = EncodingValues();
  values.push_back(Text(std::string(3000, 'y')));  // a two-byte serial type varint
  for (const TestValue& v : values) {
    SqliteTable table(1, false);
    table.Insert({v});
    std::vector<uint8_t> expected = table.OnlyRecord();
    EXPECT_EQ(BuildRecord({v}), expected)
        << "type " << int(v.type) << " i " << v.i << " r " << v.r << " size " << v.bytes.size();
    ExpectDecodesLikeSqlite(table.db(), expected, {0});
  }
}

// A record wider than the reader's offset cache, read in several orders.
TEST(Record, WideRecordEncodesAndDecodesLikeSqlite) {
  std::vector<TestValue> row;
  std::vector<TestValue> values = EncodingValues();
  for (size_t column_idx = 0; column_idx < 150; column_idx++) {
    row.push_back(values[(column_idx * 7) % values.size()]);
  }
  SqliteTable table(row.size(), false);
  table.Insert(row);
  std::vector<uint8_t> expected = table.OnlyRecord();
  EXPECT_EQ(BuildRecord(row), expected);
  uint32_t n = static_cast<uint32_t>(row.size());
  std::vector<uint32_t> forward = Iota(n);
  std::vector<uint32_t> backward(forward.rbegin(), forward.rend());
  std::vector<uint32_t> shuffled = forward;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
  for (const auto& order : {forward, backward, shuffled}) {
    ExpectDecodesLikeSqlite(table.db(), expected, order);
  }
}

// SQLite never writes a NaN (it stores NULL instead), and reads one planted in a file as NULL.
TEST(Record, StoredNanReadsAsNullLikeSqlite) {
  SqliteTable table(1, false);
  table.Insert({Real(1.5)});
  std::vector<uint8_t> image = table.Image();
  // The record: header size 2, serial type 7, then 1.5 in big-endian IEEE 754.
  const uint8_t one_and_half[] = {0x02, 0x07, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0};
  auto found = std::search(image.begin() + kPageSize, image.end(), std::begin(one_and_half),
                           std::end(one_and_half));
  ASSERT_NE(found, image.end());
  found[2] = 0x7f;  // 0x7ff8000000000000: a quiet NaN
  table.SetImage(image);
  std::vector<uint8_t> record = table.OnlyRecord();
  ASSERT_EQ(record.size(), 10u);
  EXPECT_EQ(record[2], 0x7f);
  ExpectDecodesLikeSqlite(table.db(), record, {0});
  ValueView value;
  RecordReader reader;
  ASSERT_EQ(reader.Init(record.data(), static_cast<uint32_t>(record.size())), Rc::kOk);
  ASSERT_EQ(reader.Column(0, &value), Rc::kOk);
  EXPECT_EQ(value.type, ValueType::kNull);
}

TEST(Record, BuilderReusesItsBuffer) {
  std::vector<TestValue> row = EncodingValues();
  RecordBuilder builder;
  builder.Reset();
  for (const TestValue& v : row) builder.Add(v.View());
  std::vector<uint8_t> first(builder.Finish().begin(), builder.Finish().end());
  const uint8_t* warm = builder.Finish().data();
  builder.Reset();
  for (const TestValue& v : row) builder.Add(v.View());
  std::span<const uint8_t> second = builder.Finish();
  EXPECT_EQ(second.data(), warm);  // same storage: nothing was reallocated
  EXPECT_TRUE(std::equal(second.begin(), second.end(), first.begin(), first.end()));
}

// ---- Ordering ----

TestValue RandomValue(std::mt19937& rng) {
  auto pick = [&rng](size_t n) { return static_cast<size_t>(rng() % n); };
  static const int64_t kInts[] = {0,
                                  1,
                                  -1,
                                  2,
                                  127,
                                  128,
                                  -129,
                                  9007199254740992,
                                  9007199254740993,
                                  std::numeric_limits<int64_t>::max(),
                                  std::numeric_limits<int64_t>::max() - 1,
                                  std::numeric_limits<int64_t>::min(),
                                  std::numeric_limits<int64_t>::min() + 1};
  static const double kReals[] = {0.0,
                                  -0.0,
                                  1.0,
                                  -1.0,
                                  2.0,
                                  0.5,
                                  -0.5,
                                  127.5,
                                  9007199254740992.0,
                                  9007199254740994.0,
                                  9223372036854775808.0,
                                  9223372036854774784.0,
                                  -9223372036854775808.0,
                                  -9223372036854777856.0,
                                  1e300,
                                  -1e300,
                                  std::numeric_limits<double>::infinity(),
                                  -std::numeric_limits<double>::infinity()};
  static const char* const kTextPieces[] = {"a", "A", "b", "B", " ", "\xc3\xa9", "\xc3\x89", "\t"};
  static const char kBlobBytes[] = {'\0', ' ', 'A', 'a', '\xff'};
  std::string bytes;
  switch (pick(7)) {
    case 0:
      return Null();
    case 1:
      return Int(static_cast<int64_t>(pick(7)) - 3);
    case 2:
      return Int(kInts[pick(std::size(kInts))]);
    case 3:
      return Real(static_cast<double>(pick(7)) - 3.0 + (pick(2) ? 0.5 : 0.0));
    case 4:
      return Real(kReals[pick(std::size(kReals))]);
    case 5:
      for (size_t piece_idx = pick(5); piece_idx > 0; piece_idx--) {
        bytes += kTextPieces[pick(std::size(kTextPieces))];
      }
      return Text(bytes);
    default:
      for (size_t byte_idx = pick(4); byte_idx > 0; byte_idx--) {
        bytes += kBlobBytes[pick(std::size(kBlobBytes))];
      }
      return Blob(bytes);
  }
}

// A seek's comparison: record a against key, the key parsed once as a SearchKey.
int CompareWithKey(std::span<const uint8_t> a, std::span<const uint8_t> key,
                   const KeyInfo& key_info, Rc* rc) {
  SearchKey search_key;
  search_key.Init(key);
  return CompareRecordWithKey(a, &search_key, key_info, rc);
}

int Sign(int c) {
  return (c > 0) - (c < 0);
}

const char* CollationName(Collation c) {
  return c == Collation::kNoCase ? "NOCASE" : (c == Collation::kRtrim ? "RTRIM" : "BINARY");
}

// Random rows of `column_count` columns, ordered by SQLite with `ORDER BY c0 COLLATE .. DIR,
// ..., id` and by CompareRecords over records (c0, ..., id): the two orders must be the same.
void ExpectSameOrderAsSqlite(std::mt19937& rng, size_t column_count, const KeyInfo& key_info) {
  constexpr int64_t kRowCount = 300;
  SqliteTable table(column_count, true);
  std::vector<std::vector<uint8_t>> records;
  std::vector<std::vector<TestValue>> rows;
  ASSERT_EQ(sqlite3_exec(table.db(), "BEGIN", nullptr, nullptr, nullptr), SQLITE_OK);
  for (int64_t id = 0; id < kRowCount; id++) {
    std::vector<TestValue> row;
    for (size_t column_idx = 0; column_idx < column_count; column_idx++) {
      row.push_back(RandomValue(rng));
    }
    table.Insert(row, id);
    rows.push_back(row);
    row.push_back(Int(id));  // the tiebreaker, as in SQL's ORDER BY
    records.push_back(BuildRecord(row));
  }
  ASSERT_EQ(sqlite3_exec(table.db(), "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  std::string order_by;
  for (size_t column_idx = 0; column_idx < column_count; column_idx++) {
    order_by += "c" + std::to_string(column_idx) + " COLLATE " +
                CollationName(key_info.collations[column_idx]) +
                (key_info.descending[column_idx] ? " DESC, " : " ASC, ");
  }
  std::vector<int64_t> expected = table.OrderedIds(order_by + "id");
  std::vector<int64_t> by_records(kRowCount);
  std::iota(by_records.begin(), by_records.end(), 0);
  Rc rc = Rc::kOk;
  std::stable_sort(by_records.begin(), by_records.end(), [&](int64_t a, int64_t b) {
    return CompareRecords(records[a], records[b], key_info, &rc) < 0;
  });
  EXPECT_EQ(rc, Rc::kOk);
  EXPECT_EQ(by_records, expected) << order_by;
  // A seek's comparison (CompareRecordWithKey) orders them the same way.
  std::vector<int64_t> by_key(kRowCount);
  std::iota(by_key.begin(), by_key.end(), 0);
  std::stable_sort(by_key.begin(), by_key.end(), [&](int64_t a, int64_t b) {
    return CompareWithKey(records[a], records[b], key_info, &rc) < 0;
  });
  EXPECT_EQ(rc, Rc::kOk);
  EXPECT_EQ(by_key, expected) << order_by;
  if (column_count != 1) return;
  // One column: CompareValues directly on the values must agree too.
  std::vector<int64_t> by_values(kRowCount);
  std::iota(by_values.begin(), by_values.end(), 0);
  std::stable_sort(by_values.begin(), by_values.end(), [&](int64_t a, int64_t b) {
    int c = CompareValues(rows[a][0].View(), rows[b][0].View(), key_info.collations[0]);
    return (key_info.descending[0] ? -c : c) < 0;
  });
  EXPECT_EQ(by_values, expected) << order_by;
}

TEST(Record, SingleColumnOrderMatchesSqlite) {
  std::mt19937 rng(20240601);
  for (Collation collation : {Collation::kBinary, Collation::kNoCase, Collation::kRtrim}) {
    for (bool descending : {false, true}) {
      ExpectSameOrderAsSqlite(rng, 1, KeyInfo{{collation, Collation::kBinary}, {descending}});
    }
  }
}

TEST(Record, MultiColumnOrderMatchesSqlite) {
  std::mt19937 rng(4242);
  for (int trial_idx = 0; trial_idx < 12; trial_idx++) {
    KeyInfo key_info;
    for (int column_idx = 0; column_idx < 3; column_idx++) {
      key_info.collations.push_back(static_cast<Collation>(rng() % 3));
      key_info.descending.push_back(rng() % 2 == 1);
    }
    ExpectSameOrderAsSqlite(rng, 3, key_info);
  }
}

// Keys that are prefixes of entries, and entries that share prefixes (so comparisons get past
// the first field): CompareRecordWithKey agrees with CompareRecords on every pair.
TEST(Record, SearchKeyComparisonAgreesWithCompareRecords) {
  std::mt19937 rng(777);
  std::vector<std::vector<TestValue>> rows;
  for (int row_idx = 0; row_idx < 60; row_idx++) {
    std::vector<TestValue> row;
    for (size_t column_idx = rng() % 4; column_idx > 0; column_idx--) {
      // Few distinct values, so that equal leading fields are common; integers of every
      // width (serial types 1..6, 8, 9) and texts sharing prefixes, for the fast paths.
      switch (rng() % 5) {
        case 0:
          row.push_back(RandomValue(rng));
          break;
        case 1: {
          const int64_t magnitude = int64_t{1} << (8 * (rng() % 8) + rng() % 8);
          row.push_back(Int(rng() % 2 == 0 ? magnitude : -magnitude - 1));
          break;
        }
        case 2:
          row.push_back(Text(std::string("ab", rng() % 3) + std::string(rng() % 2 * 70, 'z')));
          break;
        default:
          row.push_back(Int(static_cast<int64_t>(rng() % 3)));
          break;
      }
    }
    rows.push_back(row);
  }
  std::vector<std::vector<uint8_t>> records;
  for (const auto& row : rows) {
    records.push_back(BuildRecord(row));
    for (size_t prefix = 0; prefix < row.size(); prefix++) {
      records.push_back(BuildRecord({row.begin(), row.begin() + prefix}));
    }
  }
  const KeyInfo key_infos[] = {
      KeyInfo{},
      KeyInfo{{Collation::kNoCase, Collation::kRtrim}, {true, false}},
  };
  for (const KeyInfo& key_info : key_infos) {
    for (const auto& key : records) {
      // One SearchKey per key for all the comparisons, as in a seek (its first comparison
      // learns how the first field compares; the later ones take the fast paths).
      SearchKey search_key;
      search_key.Init(key);
      // The same key given as values (a seek from registers).
      RecordReader reader;
      ASSERT_EQ(reader.Init(key.data(), static_cast<uint32_t>(key.size())), Rc::kOk);
      std::vector<ValueView> values(reader.column_count());
      for (uint32_t field_idx = 0; field_idx < values.size(); field_idx++) {
        ASSERT_EQ(reader.Column(field_idx, &values[field_idx]), Rc::kOk);
      }
      SearchKey from_values;
      from_values.InitValues(values);
      for (const auto& a : records) {
        Rc rc = Rc::kOk;
        const int expected = Sign(CompareRecords(a, key, key_info, &rc));
        EXPECT_EQ(Sign(CompareRecordWithKey(a, &search_key, key_info, &rc)), expected);
        EXPECT_EQ(Sign(CompareRecordWithKey(a, &from_values, key_info, &rc)), expected);
        EXPECT_EQ(rc, Rc::kOk);
      }
    }
  }
}

// Spot checks straight from datatype3.html, independent of the random mix.
TEST(Record, CompareValuesSpotChecks) {
  auto cmp = [](const TestValue& a, const TestValue& b, Collation c = Collation::kBinary) {
    return CompareValues(a.View(), b.View(), c);
  };
  EXPECT_LT(cmp(Null(), Int(std::numeric_limits<int64_t>::min())), 0);
  EXPECT_LT(cmp(Real(std::numeric_limits<double>::infinity()), Text("")), 0);
  EXPECT_LT(cmp(Text("\xff"), Blob("")), 0);
  EXPECT_EQ(cmp(Int(3), Real(3.0)), 0);
  EXPECT_GT(cmp(Int(std::numeric_limits<int64_t>::max()), Real(9223372036854774784.0)), 0);
  EXPECT_LT(cmp(Int(std::numeric_limits<int64_t>::max()), Real(9223372036854775808.0)), 0);
  EXPECT_GT(cmp(Int(9007199254740993), Real(9007199254740992.0)), 0);
  EXPECT_EQ(cmp(Text("abc"), Text("ABC"), Collation::kNoCase), 0);
  EXPECT_EQ(cmp(Text("abc  "), Text("abc"), Collation::kRtrim), 0);
  EXPECT_NE(cmp(Text("\xc3\xa9"), Text("\xc3\x89"), Collation::kNoCase), 0);
  EXPECT_EQ(cmp(Real(0.0), Real(-0.0)), 0);
}

// ---- Corruption ----

// Reads every column of `bytes` in two orders, touching each byte a value points at, and
// compares it with `other`. Returns kCorrupt if any step did, kOk otherwise. Values must lie
// inside the record.
Rc ReadEverything(const std::vector<uint8_t>& bytes, const std::vector<uint8_t>& other) {
  Rc result = Rc::kOk;
  Rc compare_rc = Rc::kOk;
  (void)CompareRecords(bytes, other, KeyInfo{}, &compare_rc);
  (void)CompareRecords(other, bytes, KeyInfo{{Collation::kNoCase}, {true}}, &compare_rc);
  // A seek's comparison reads only what decides it, so it may miss a malformation past that,
  // but it never reports one that is not there (and never reads outside either record).
  Rc key_rc = Rc::kOk;
  (void)CompareWithKey(bytes, other, KeyInfo{}, &key_rc);
  (void)CompareWithKey(other, bytes, KeyInfo{{Collation::kNoCase}, {true}}, &key_rc);
  if (key_rc != Rc::kOk) {
    EXPECT_EQ(compare_rc, Rc::kCorrupt);
  }
  RecordReader reader;
  if (reader.Init(bytes.data(), static_cast<uint32_t>(bytes.size())) != Rc::kOk) {
    EXPECT_EQ(compare_rc, Rc::kCorrupt);
    return Rc::kCorrupt;
  }
  uint32_t count = 0;
  if (reader.ColumnCount(&count) != Rc::kOk) result = Rc::kCorrupt;
  std::vector<uint32_t> order = Iota(count + 3);
  order.insert(order.end(), order.rbegin(), order.rend());
  unsigned checksum = 0;
  for (uint32_t column_idx : order) {
    ValueView value;
    if (reader.Column(column_idx, &value) != Rc::kOk) {
      result = Rc::kCorrupt;
      continue;
    }
    if (value.type != ValueType::kText && value.type != ValueType::kBlob) continue;
    EXPECT_GE(value.bytes, bytes.data());
    EXPECT_LE(value.bytes + value.size, bytes.data() + bytes.size());
    for (uint32_t byte_idx = 0; byte_idx < value.size; byte_idx++)
      checksum += value.bytes[byte_idx];
  }
  EXPECT_EQ(compare_rc == Rc::kCorrupt, result == Rc::kCorrupt);
  return checksum == ~0u ? Rc::kInternal : result;  // keeps the reads from being optimized away
}

std::vector<std::vector<uint8_t>> RandomRecords(std::mt19937& rng, int record_count) {
  std::vector<std::vector<uint8_t>> records;
  for (int record_idx = 0; record_idx < record_count; record_idx++) {
    std::vector<TestValue> row;
    for (size_t column_idx = rng() % 90; column_idx > 0; column_idx--) {
      row.push_back(rng() % 8 == 0 ? Text(std::string(rng() % 300, 'q')) : RandomValue(rng));
    }
    records.push_back(BuildRecord(row));
  }
  return records;
}

TEST(Record, TruncatedRecordsAreCorrupt) {
  std::mt19937 rng(99);
  for (const std::vector<uint8_t>& record : RandomRecords(rng, 40)) {
    ASSERT_EQ(ReadEverything(record, record), Rc::kOk);
    for (size_t size = 0; size < record.size(); size++) {
      std::vector<uint8_t> truncated(record.begin(), record.begin() + size);
      EXPECT_EQ(ReadEverything(truncated, record), Rc::kCorrupt) << size;
    }
  }
}

TEST(Record, GarbageNeverCrashes) {
  std::mt19937 rng(12345);
  std::vector<std::vector<uint8_t>> records = RandomRecords(rng, 50);
  int corrupt_count = 0;
  for (int variant_idx = 0; variant_idx < 20000; variant_idx++) {
    const std::vector<uint8_t>& original = records[rng() % records.size()];
    std::vector<uint8_t> bytes = original;
    if (variant_idx % 4 == 0) {
      bytes.resize(rng() % 24);  // pure garbage
      for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(rng());
    } else {
      // A few random bytes, biased toward the header, which decides every bound.
      for (int flip_idx = 1 + rng() % 3; flip_idx > 0 && !bytes.empty(); flip_idx--) {
        size_t limit = rng() % 2 ? std::min<size_t>(bytes.size(), 8) : bytes.size();
        bytes[rng() % limit] = static_cast<uint8_t>(rng());
      }
    }
    if (ReadEverything(bytes, original) == Rc::kCorrupt) corrupt_count++;
  }
  EXPECT_GT(corrupt_count, 5000);  // the variants do reach the corruption checks
}

// Each malformation fileformat2.html rules out, by hand.
TEST(Record, HandMadeMalformations) {
  const std::vector<std::vector<uint8_t>> cases = {
      {},                        // no header size
      {0x00},                    // header smaller than its own size varint
      {0x03, 0x01},              // header past the record's end
      {0x02, 0x0a},              // reserved serial type 10
      {0x02, 0x0b},              // reserved serial type 11
      {0x02, 0x81},              // serial type varint running past the header
      {0x02, 0x01},              // a one-byte integer with no content
      {0x02, 0x01, 0x05, 0x06},  // trailing bytes after the content
  };
  for (const std::vector<uint8_t>& bytes : cases) {
    EXPECT_EQ(ReadEverything(bytes, bytes), Rc::kCorrupt) << bytes.size();
  }
  // And the smallest valid records: no columns; one NULL; the integer 1 as serial type 9.
  for (const std::vector<uint8_t>& bytes :
       std::vector<std::vector<uint8_t>>{{0x01}, {0x02, 0x00}, {0x02, 0x09}}) {
    EXPECT_EQ(ReadEverything(bytes, bytes), Rc::kOk);
  }
}

// The inline first-field comparison decides texts of every common length, those of 57 bytes
// and more (a two-byte serial type) too, integers of one to four bytes, and agrees with
// CompareRecords; a first field equal as far as the shorter goes is handed on, not decided.
TEST(Record, FirstFieldIsComparedInline) {
  const KeyInfo key_info;  // BINARY, ascending
  const uint32_t lengths[] = {0, 1, 20, 56, 57, 58, 60, 100, 500, 8185};
  for (uint32_t key_length : lengths) {
    const std::vector<uint8_t> key = BuildRecord({Text(std::string(key_length, 'm')), Int(7)});
    SearchKey search_key;
    search_key.Init(key);
    search_key.Classify(key_info);
    for (uint32_t length : lengths) {
      for (char fill : {'a', 'm', 'z'}) {
        for (bool one_field : {false, true}) {
          std::vector<TestValue> row = {Text(std::string(length, fill))};
          if (!one_field) row.push_back(Int(3));
          const std::vector<uint8_t> record = BuildRecord(row);
          const int c = CompareFirstField(record, search_key);
          Rc rc = Rc::kOk;
          const int expected = Sign(CompareRecords(record, key, key_info, &rc));
          ASSERT_EQ(rc, Rc::kOk);
          const bool prefix = fill == 'm' || length == 0 || key_length == 0;
          if (prefix) {
            EXPECT_EQ(c, kFirstFieldEqual) << key_length << " " << length;
          } else {
            EXPECT_EQ(c, expected) << key_length << " " << length << " " << fill;
          }
        }
      }
    }
  }
  for (int64_t value : {int64_t{0}, int64_t{1}, int64_t{-100}, int64_t{30000}, int64_t{1} << 30}) {
    const std::vector<uint8_t> key = BuildRecord({Int(value)});
    SearchKey search_key;
    search_key.Init(key);
    search_key.Classify(key_info);
    for (int64_t other : {int64_t{-5}, int64_t{1}, int64_t{20000}, int64_t{1} << 29}) {
      const std::vector<uint8_t> record = BuildRecord({Int(other), Int(9)});
      Rc rc = Rc::kOk;
      const int expected = Sign(CompareRecords(record, key, key_info, &rc));
      EXPECT_EQ(CompareFirstField(record, search_key),
                expected == 0 ? kFirstFieldEqual : expected);
    }
  }
}

// An index entry's rowid, its last field: read from the record's ends where the header
// allows, by a header walk otherwise; the same value both ways, and kCorrupt exactly when the
// last field is no integer or the walk finds the record malformed.
TEST(Record, IndexRowidIsTheLastField) {
  std::mt19937 rng(77);
  const int64_t rowids[] = {0, 1, -1, 127, -129, 40000, -8388609, 1LL << 40, INT64_MIN};
  for (int record_idx = 0; record_idx < 2000; record_idx++) {
    std::vector<TestValue> row;
    // Up to 70 fields before the rowid: headers of one byte and of two.
    for (size_t column_idx = rng() % 70; column_idx > 0; column_idx--) {
      row.push_back(rng() % 8 == 0 ? Text(std::string(rng() % 200, 'q')) : RandomValue(rng));
    }
    const int64_t rowid = rng() % 2 ? rowids[rng() % std::size(rowids)]
                                    : static_cast<int64_t>(rng()) - (1LL << 31);
    row.push_back(Int(rowid));
    const std::vector<uint8_t> record = BuildRecord(row);
    int64_t read = 0;
    ASSERT_EQ(ReadRecordRowid(record, &read), Rc::kOk);
    EXPECT_EQ(read, rowid);
  }
  // The last serial-type byte ends a two-byte varint (0x81 0x05: type 133, a text of 60
  // bytes): no rowid, though the byte alone would read as a 6-byte integer.
  std::vector<uint8_t> text_last = {0x03, 0x81, 0x05};
  text_last.resize(3 + 60, 'x');
  int64_t read = 0;
  EXPECT_EQ(ReadRecordRowid(text_last, &read), Rc::kCorrupt);
  // A last field that is no integer, and records too short to hold theirs.
  EXPECT_EQ(ReadRecordRowid(BuildRecord({Int(5), Text("abc")}), &read), Rc::kCorrupt);
  EXPECT_EQ(ReadRecordRowid(BuildRecord({Int(5), Real(1.5)}), &read), Rc::kCorrupt);
  EXPECT_EQ(ReadRecordRowid(BuildRecord({}), &read), Rc::kCorrupt);
  EXPECT_EQ(ReadRecordRowid(std::vector<uint8_t>{0x02, 0x04, 0x01}, &read), Rc::kCorrupt);
  EXPECT_EQ(ReadRecordRowid(std::vector<uint8_t>{0x03, 0x01}, &read), Rc::kCorrupt);
  // And garbage never reads out of bounds (ASan builds check it).
  for (int variant_idx = 0; variant_idx < 20000; variant_idx++) {
    std::vector<uint8_t> bytes(rng() % 12);
    for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(rng() % 4 == 0 ? rng() : rng() % 10);
    Rc rc = ReadRecordRowid(bytes, &read);
    EXPECT_TRUE(rc == Rc::kOk || rc == Rc::kCorrupt);
  }
}

}  // namespace
}  // namespace simlite::btree
