// Real SQLite as the value oracle (see sqlite_oracle.h).
#include "tests/support/sqlite_oracle.h"

#include <gtest/gtest.h>

#include <cinttypes>
#include <cmath>
#include <cstring>
#include <limits>

namespace simlite::testing {

using vdbe::Mem;
using vdbe::ValueType;

void BindMem(sqlite3_stmt* stmt, int param_idx, const Mem& m) {
  int rc = SQLITE_OK;
  switch (m.type()) {
    case ValueType::kNull:
      rc = sqlite3_bind_null(stmt, param_idx);
      break;
    case ValueType::kInteger:
      rc = sqlite3_bind_int64(stmt, param_idx, m.i());
      break;
    case ValueType::kReal:
      rc = sqlite3_bind_double(stmt, param_idx, m.r());
      break;
    case ValueType::kText:
      rc = sqlite3_bind_text(stmt, param_idx, reinterpret_cast<const char*>(m.bytes()),
                             static_cast<int>(m.size()), SQLITE_TRANSIENT);
      break;
    case ValueType::kBlob:
      // A null pointer would bind NULL, so an empty blob is a zero-length zeroblob.
      rc = m.size() == 0 ? sqlite3_bind_zeroblob(stmt, param_idx, 0)
                         : sqlite3_bind_blob(stmt, param_idx, m.bytes(), static_cast<int>(m.size()),
                                             SQLITE_TRANSIENT);
      break;
  }
  EXPECT_EQ(rc, SQLITE_OK);
}

Mem ColumnMem(sqlite3_stmt* stmt, int column_idx) {
  switch (sqlite3_column_type(stmt, column_idx)) {
    case SQLITE_INTEGER:
      return Mem::Int(sqlite3_column_int64(stmt, column_idx));
    case SQLITE_FLOAT:
      return Mem::Real(sqlite3_column_double(stmt, column_idx));
    case SQLITE_TEXT: {
      const unsigned char* text = sqlite3_column_text(stmt, column_idx);
      int size = sqlite3_column_bytes(stmt, column_idx);
      Mem m;
      m.SetText(text, static_cast<uint32_t>(size));
      return m;
    }
    case SQLITE_BLOB: {
      const void* blob = sqlite3_column_blob(stmt, column_idx);
      int size = sqlite3_column_bytes(stmt, column_idx);
      Mem m;
      m.SetBlob(blob, static_cast<uint32_t>(size));
      return m;
    }
    default:
      return Mem();
  }
}

namespace {

std::string Escaped(std::string_view bytes) {
  // Huge values would drown the failure message: show their start and size.
  constexpr size_t kShown = 200;
  if (bytes.size() > kShown) {
    return Escaped(bytes.substr(0, kShown)) + "...(" + std::to_string(bytes.size()) + " bytes)";
  }
  std::string out;
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

}  // namespace

std::string Describe(const Mem& m) {
  char buf[96];
  switch (m.type()) {
    case ValueType::kNull:
      return "NULL";
    case ValueType::kInteger:
      std::snprintf(buf, sizeof(buf), "INTEGER %" PRId64, m.i());
      return buf;
    case ValueType::kReal: {
      uint64_t bits;
      double r = m.r();
      std::memcpy(&bits, &r, sizeof(bits));
      std::snprintf(buf, sizeof(buf), "REAL %.17g (0x%016" PRIx64 ")", r, bits);
      return buf;
    }
    case ValueType::kText:
      return "TEXT '" + Escaped(m.chars()) + "'";
    case ValueType::kBlob: {
      std::string out = "BLOB x'";
      for (uint32_t byte_idx = 0; byte_idx < m.size() && byte_idx < 100; byte_idx++) {
        std::snprintf(buf, sizeof(buf), "%02x", m.bytes()[byte_idx]);
        out += buf;
      }
      return out + (m.size() > 100 ? "'...(" + std::to_string(m.size()) + " bytes)" : "'");
    }
  }
  return "?";
}

std::string Describe(const Outcome& outcome) {
  return outcome.ok ? Describe(outcome.value) : "ERROR '" + outcome.error + "'";
}

bool SameValue(const Mem& a, const Mem& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case ValueType::kNull:
      return true;
    case ValueType::kInteger:
      return a.i() == b.i();
    case ValueType::kReal: {
      double ra = a.r();
      double rb = b.r();
      return std::memcmp(&ra, &rb, sizeof(ra)) == 0;
    }
    case ValueType::kText:
    case ValueType::kBlob:
      return a.chars() == b.chars();
  }
  return false;
}

bool SameOutcome(const Outcome& a, const Outcome& b) {
  if (a.ok != b.ok) return false;
  return a.ok ? SameValue(a.value, b.value) : a.error == b.error;
}

::testing::AssertionResult Agree(const std::string& expression, std::span<const Mem> args,
                                 const Outcome& simlite, const Outcome& sqlite) {
  if (SameOutcome(simlite, sqlite)) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure();
  failure << expression << " with (";
  for (size_t arg_idx = 0; arg_idx < args.size(); arg_idx++) {
    failure << (arg_idx == 0 ? "" : ", ") << Describe(args[arg_idx]);
  }
  return failure << "): simlite " << Describe(simlite) << ", sqlite " << Describe(sqlite);
}

::testing::AssertionResult Agree(const std::string& expression, std::span<const Mem> args,
                                 const Mem& simlite, const Mem& sqlite) {
  Outcome simlite_outcome;
  simlite_outcome.value = simlite;
  Outcome sqlite_outcome;
  sqlite_outcome.value = sqlite;
  return Agree(expression, args, simlite_outcome, sqlite_outcome);
}

SqliteOracle::SqliteOracle() {
  EXPECT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
}

SqliteOracle::~SqliteOracle() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

void SqliteOracle::Exec(const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error != nullptr ? error : "") << " in " << sql;
  sqlite3_free(error);
}

sqlite3_stmt* SqliteOracle::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr);
  EXPECT_EQ(rc, SQLITE_OK) << sqlite3_errmsg(db_) << " in " << sql;
  cache_[sql] = stmt;
  return stmt;
}

bool SqliteOracle::EvalRow(const std::string& sql, std::span<const Mem> args, std::vector<Mem>* row,
                           std::string* error) {
  sqlite3_stmt* stmt = Prepare(sql);
  row->clear();
  if (stmt == nullptr) {
    *error = "prepare failed";
    return false;
  }
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  for (size_t arg_idx = 0; arg_idx < args.size(); arg_idx++) {
    BindMem(stmt, static_cast<int>(arg_idx + 1), args[arg_idx]);
  }
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    for (int column_idx = 0; column_idx < sqlite3_column_count(stmt); column_idx++) {
      row->push_back(ColumnMem(stmt, column_idx));
    }
  }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    *error = sqlite3_errmsg(db_);
    sqlite3_reset(stmt);
    return false;
  }
  sqlite3_reset(stmt);
  return true;
}

Outcome SqliteOracle::Eval(const std::string& sql, std::span<const Mem> args, int column_idx) {
  Outcome outcome;
  std::vector<Mem> row;
  outcome.ok = EvalRow(sql, args, &row, &outcome.error);
  if (outcome.ok && static_cast<size_t>(column_idx) < row.size()) {
    outcome.value = row[column_idx];
  }
  return outcome;
}

int64_t ValueGenerator::Uniform(int64_t lo, int64_t hi) {
  std::uniform_int_distribution<int64_t> dist(lo, hi);
  return dist(rng_);
}

Mem ValueGenerator::Next() {
  switch (Uniform(0, 9)) {
    case 0:
      return Mem();
    case 1:
    case 2:
      return NextInteger();
    case 3:
    case 4:
      return NextReal();
    case 5:
    case 6:
    case 7:
      return NextText();
    case 8:
      return Mem::Text(NumericText());
    default:
      return NextBlob();
  }
}

Mem ValueGenerator::NextInteger() {
  static constexpr int64_t kEdges[] = {0,
                                       1,
                                       -1,
                                       2,
                                       10,
                                       -10,
                                       255,
                                       1000,
                                       INT64_MAX,
                                       INT64_MIN,
                                       INT64_MAX - 1,
                                       INT64_MIN + 1,
                                       int64_t{1} << 53,
                                       (int64_t{1} << 53) + 1,
                                       -(int64_t{1} << 53) - 1,
                                       int64_t{1} << 51,
                                       (int64_t{1} << 51) - 1,
                                       -(int64_t{1} << 51),
                                       INT32_MAX,
                                       INT32_MIN,
                                       4294967296,
                                       1000000000000000000};
  switch (Uniform(0, 3)) {
    case 0:
      return Mem::Int(kEdges[Uniform(0, std::size(kEdges) - 1)]);
    case 1:
      return Mem::Int(Uniform(-100, 100));
    case 2:
      return Mem::Int(static_cast<int64_t>(rng_()));
    default:
      return Mem::Int(Uniform(-1000000000, 1000000000) * (OneIn(2) ? 1 : 1000000));
  }
}

double ValueGenerator::RandomReal() {
  switch (Uniform(0, 5)) {
    case 0: {
      uint64_t bits = rng_();
      double r;
      std::memcpy(&r, &bits, sizeof(r));
      return std::isnan(r) ? 0.5 : r;
    }
    case 1:
      return static_cast<double>(Uniform(-1000, 1000)) / 8.0;
    case 2:
      return static_cast<double>(Uniform(-1000000, 1000000)) * std::pow(10.0, Uniform(-30, 30));
    case 3:
      return std::ldexp(static_cast<double>(Uniform(-(int64_t{1} << 53), int64_t{1} << 53)),
                        static_cast<int>(Uniform(-1100, 1000)));
    case 4:
      return static_cast<double>(Uniform(-100000, 100000)) / 1000.0;
    default:
      return static_cast<double>(static_cast<int64_t>(rng_()) >> Uniform(0, 62));
  }
}

Mem ValueGenerator::NextReal() {
  static const double kEdges[] = {0.0,
                                  -0.0,
                                  1.0,
                                  -1.0,
                                  0.5,
                                  1.5,
                                  -2.5,
                                  0.1,
                                  1e308,
                                  -1e308,
                                  std::numeric_limits<double>::max(),
                                  std::numeric_limits<double>::min(),
                                  std::numeric_limits<double>::denorm_min(),
                                  std::numeric_limits<double>::infinity(),
                                  -std::numeric_limits<double>::infinity(),
                                  9223372036854775807.0,
                                  -9223372036854775808.0,
                                  9007199254740993.0,
                                  1e15,
                                  1e16,
                                  123456789012345678.0,
                                  3.0,
                                  1e-5,
                                  100000000000000.5};
  if (OneIn(3)) return Mem::Real(kEdges[Uniform(0, std::size(kEdges) - 1)]);
  return Mem::Real(RandomReal());
}

std::string ValueGenerator::NumericText() {
  std::string s;
  auto digits = [&](int max_count) {
    int count = static_cast<int>(Uniform(1, max_count));
    for (int digit_idx = 0; digit_idx < count; digit_idx++) {
      s += static_cast<char>('0' + Uniform(0, 9));
    }
  };
  static const char* kSpaces[] = {"", "", "", " ", "  ", "\t", "\n", "\r\f\v "};
  s += kSpaces[Uniform(0, 7)];
  if (OneIn(3)) s += OneIn(2) ? "-" : "+";
  if (!OneIn(6)) digits(OneIn(4) ? 25 : 8);
  if (OneIn(2)) {
    s += '.';
    if (!OneIn(5)) digits(OneIn(4) ? 25 : 6);
  }
  if (OneIn(3)) {
    s += OneIn(2) ? 'e' : 'E';
    if (OneIn(2)) s += OneIn(2) ? "-" : "+";
    if (!OneIn(8)) digits(OneIn(5) ? 4 : 2);
  }
  s += kSpaces[Uniform(0, 7)];
  if (OneIn(6)) {
    static const char* kJunk[] = {"abc", "x", ".", "e", "0x", " 1", "-", "\xc3\xa9"};
    s += kJunk[Uniform(0, 7)];
  }
  return s;
}

std::string ValueGenerator::ShortText(const std::string& alphabet, int max_length) {
  std::string s;
  int length = static_cast<int>(Uniform(0, max_length));
  for (int char_idx = 0; char_idx < length; char_idx++) {
    s += alphabet[Uniform(0, static_cast<int64_t>(alphabet.size()) - 1)];
  }
  return s;
}

Mem ValueGenerator::NextText() {
  static const char* kTexts[] = {"",
                                 " ",
                                 "abc",
                                 "ABC",
                                 "Hello World",
                                 "hello world",
                                 "12",
                                 " 12 ",
                                 "1e5",
                                 ".5",
                                 "1.",
                                 "-0",
                                 "+3",
                                 "0x1A",
                                 "1e",
                                 "12abc",
                                 "3.0",
                                 "-0.0",
                                 "9223372036854775807",
                                 "9223372036854775808",
                                 "-9223372036854775808",
                                 "-9223372036854775809",
                                 "1e400",
                                 "-1e400",
                                 "1e-400",
                                 "  -1.5e-3  ",
                                 "\t5\n",
                                 "\xc3\x80\xc3\x89\xc3\x8e",
                                 "\xf0\x9f\x98\x80 smile",
                                 "na\xc3\xafve",
                                 "a\0b",
                                 "%",
                                 "_",
                                 "a%b_c",
                                 "'quoted'",
                                 "\"dq\"",
                                 "  spaced  ",
                                 "xyzzy",
                                 "1,000",
                                 "Inf",
                                 "NaN",
                                 "0",
                                 "00012",
                                 "1E+2",
                                 "1e+",
                                 "- 1",
                                 "--1",
                                 "\xe2\x82\xac"};
  switch (Uniform(0, 3)) {
    case 0: {
      const char* text = kTexts[Uniform(0, std::size(kTexts) - 1)];
      // "a\0b" keeps its NUL: take 3 bytes for it.
      size_t size = std::strcmp(text, "a") == 0 ? 3 : std::strlen(text);
      return Mem::Text(std::string_view(text, size));
    }
    case 1:
      return Mem::Text(NumericText());
    case 2:
      return Mem::Text(ShortText("abcABC xyz%_\\.-019", 12));
    default:
      return Mem::Text(ShortText("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 Z", 8));
  }
}

Mem ValueGenerator::NextBlob() {
  std::string bytes;
  switch (Uniform(0, 3)) {
    case 0:
      break;
    case 1:
      bytes = NumericText();
      break;
    case 2:
      bytes = ShortText("abc 12", 6);
      break;
    default: {
      int size = static_cast<int>(Uniform(1, 12));
      for (int byte_idx = 0; byte_idx < size; byte_idx++) {
        bytes += static_cast<char>(Uniform(0, 255));
      }
    }
  }
  return Mem::Blob(bytes);
}

}  // namespace simlite::testing
