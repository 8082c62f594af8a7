// Core scalar functions of lang_corefunc.html that are neither string nor pattern functions:
// abs, coalesce/ifnull, iif, likely & co, hex, nullif, min/max, quote, random, randomblob,
// round, sign, typeof, zeroblob, the connection counters and the sqlite_* introspection ones.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

#include "vdbe/builtin.h"
#include "vdbe/float_format.h"
#include "vdbe/text_util.h"

namespace simlite::vdbe::builtin {

void ResultText(FunctionContext* ctx, std::string_view bytes) {
  uint8_t* buffer = ResultBuffer(ctx, ValueType::kText, static_cast<int64_t>(bytes.size()));
  if (buffer != nullptr && !bytes.empty()) std::memcpy(buffer, bytes.data(), bytes.size());
}

void ResultBlob(FunctionContext* ctx, std::string_view bytes) {
  uint8_t* buffer = ResultBuffer(ctx, ValueType::kBlob, static_cast<int64_t>(bytes.size()));
  if (buffer != nullptr && !bytes.empty()) std::memcpy(buffer, bytes.data(), bytes.size());
}

uint8_t* ResultBuffer(FunctionContext* ctx, ValueType type, int64_t n) {
  if (n > kMaxLength) {
    ctx->SetTooBig();
    return nullptr;
  }
  return ctx->result()->AllocBytes(type, static_cast<uint32_t>(n));
}

bool NumericValue(const Mem& m, double* r, bool* is_int, int64_t* i) {
  bool integer = false;
  int64_t integer_value = 0;
  if (m.type() == ValueType::kInteger) {
    integer = true;
    integer_value = m.i();
    *r = static_cast<double>(integer_value);
  } else if (m.type() == ValueType::kReal) {
    *r = m.r();
  } else if (m.type() == ValueType::kText) {
    if (!TextToNumeric(m.chars(), /*try_for_int=*/false, &integer, &integer_value, r)) {
      return false;
    }
    if (integer) *r = static_cast<double>(integer_value);
  } else {
    return false;
  }
  if (is_int != nullptr) *is_int = integer;
  if (i != nullptr) *i = integer_value;
  return true;
}

int ToInt32(const Mem& m) {
  return static_cast<int>(static_cast<uint32_t>(static_cast<uint64_t>(ToInt64(m))));
}

void Abs(FunctionContext* ctx, Args args) {
  const Mem& x = args[0];
  if (x.IsNull()) {
    ctx->result()->SetNull();
  } else if (x.type() == ValueType::kInteger) {
    if (x.i() == INT64_MIN) {
      ctx->SetError("integer overflow");
      return;
    }
    ctx->result()->SetInt(x.i() < 0 ? -x.i() : x.i());
  } else {
    // Texts and blobs that are no number read as 0.0. -0.0 is not below zero: it stays -0.0.
    double r = ToReal(x);
    ctx->result()->SetReal(r < 0 ? -r : r);
  }
}

void Changes(FunctionContext* ctx, Args) {
  ctx->result()->SetInt(ctx->env().connection->Changes());
}

void TotalChanges(FunctionContext* ctx, Args) {
  ctx->result()->SetInt(ctx->env().connection->TotalChanges());
}

void LastInsertRowid(FunctionContext* ctx, Args) {
  ctx->result()->SetInt(ctx->env().connection->LastInsertRowid());
}

void Coalesce(FunctionContext* ctx, Args args) {
  for (const Mem& arg : args) {
    if (!arg.IsNull()) {
      ctx->result()->CopyFrom(arg);
      return;
    }
  }
  ctx->result()->SetNull();
}

void Iif(FunctionContext* ctx, Args args) {
  bool is_null = false;
  bool condition = ToBool(args[0], &is_null);
  ctx->result()->CopyFrom(condition ? args[1] : args[2]);
}

void FirstArgument(FunctionContext* ctx, Args args) {
  ctx->result()->CopyFrom(args[0]);
}

void Hex(FunctionContext* ctx, Args args) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  NumberText scratch;
  std::string_view bytes = TextOf(args[0], &scratch);
  uint8_t* out = ResultBuffer(ctx, ValueType::kText, 2 * static_cast<int64_t>(bytes.size()));
  if (out == nullptr) return;
  for (unsigned char c : bytes) {
    *out++ = kDigits[c >> 4];
    *out++ = kDigits[c & 0xf];
  }
}

void Nullif(FunctionContext* ctx, Args args) {
  if (btree::CompareValues(args[0].View(), args[1].View(), ctx->collation(),
                           ctx->custom_collations()) == 0) {
    ctx->result()->SetNull();
  } else {
    ctx->result()->CopyFrom(args[0]);
  }
}

namespace {

// min(): a later argument equal to the best so far replaces it; max(): only a greater one.
void MinMax(FunctionContext* ctx, Args args, bool is_max) {
  size_t best = 0;
  for (size_t arg_idx = 0; arg_idx < args.size(); arg_idx++) {
    if (args[arg_idx].IsNull()) {
      ctx->result()->SetNull();
      return;
    }
    if (arg_idx == 0) continue;
    int c = btree::CompareValues(args[best].View(), args[arg_idx].View(), ctx->collation(),
                                 ctx->custom_collations());
    if (is_max ? c < 0 : c >= 0) best = arg_idx;
  }
  ctx->result()->CopyFrom(args[best]);
}

}  // namespace

void MinScalar(FunctionContext* ctx, Args args) {
  MinMax(ctx, args, /*is_max=*/false);
}

void MaxScalar(FunctionContext* ctx, Args args) {
  MinMax(ctx, args, /*is_max=*/true);
}

namespace {

// quote() of a REAL: "%!.15g" when that reads back as the same double, else "%!.20e".
void QuoteReal(double r, std::string* out) {
  FloatSpec spec;
  spec.alt_form2 = true;
  spec.precision = 15;
  char buf[512];
  size_t length = FormatFloat(r, spec, buf);
  if (ParseReal(std::string_view(buf, length)).value != r) {
    spec.kind = FloatSpec::Kind::kExponent;
    spec.precision = 20;
    length = FormatFloat(r, spec, buf);
  }
  out->assign(buf, length);
}

void QuoteText(std::string_view text, std::string* out) {
  // The literal ends at the first NUL: SQL text literals cannot hold one.
  text = UpToNul(text);
  out->assign(1, '\'');
  for (char c : text) {
    out->push_back(c);
    if (c == '\'') out->push_back('\'');
  }
  out->push_back('\'');
}

}  // namespace

void Quote(FunctionContext* ctx, Args args) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  const Mem& x = args[0];
  std::string& out = ctx->scratch();
  NumberText scratch;
  switch (x.type()) {
    case ValueType::kNull:
      out = "NULL";
      break;
    case ValueType::kInteger:
      out.assign(TextOf(x, &scratch));
      break;
    case ValueType::kReal:
      QuoteReal(x.r(), &out);
      break;
    case ValueType::kText:
      QuoteText(x.chars(), &out);
      break;
    case ValueType::kBlob:
      out = "X'";
      for (unsigned char c : x.chars()) {
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 0xf]);
      }
      out.push_back('\'');
      break;
  }
  ResultText(ctx, out);
}

void Random(FunctionContext* ctx, Args) {
  int64_t r = static_cast<int64_t>(ctx->env().random->Next());
  // Never INT64_MIN, whose abs() would overflow: fold negatives into (-2^63, 0).
  if (r < 0) r = -(r & INT64_MAX);
  ctx->result()->SetInt(r);
}

void RandomBlob(FunctionContext* ctx, Args args) {
  int64_t n = ToInt64(args[0]);
  if (n < 1) n = 1;
  uint8_t* out = ResultBuffer(ctx, ValueType::kBlob, n);
  if (out != nullptr) ctx->env().random->Fill(out, static_cast<size_t>(n));
}

void Round(FunctionContext* ctx, Args args) {
  int digits = 0;
  if (args.size() == 2) {
    if (args[1].IsNull()) {
      ctx->result()->SetNull();
      return;
    }
    digits = std::clamp(ToInt32(args[1]), 0, 30);
  }
  if (args[0].IsNull()) {
    ctx->result()->SetNull();
    return;
  }
  double r = ToReal(args[0]);
  // Beyond 2^52 a double has no fractional part to round.
  constexpr double kTwoPow52 = 4503599627370496.0;
  if (r < -kTwoPow52 || r > kTwoPow52) {
    // Nothing to round.
  } else if (digits == 0) {
    r = static_cast<double>(static_cast<int64_t>(r + (r < 0 ? -0.5 : 0.5)));
  } else {
    // SQLite rounds by printing "%.*f" (16 significant digits at most) and reading the text
    // back, so round(42, 20) is 41.99999999999999.
    FloatSpec spec;
    spec.kind = FloatSpec::Kind::kFixed;
    spec.precision = digits;
    char buf[512];
    size_t length = FormatFloat(r, spec, buf);
    r = ParseReal(std::string_view(buf, length)).value;
  }
  ctx->result()->SetReal(r);
}

void Sign(FunctionContext* ctx, Args args) {
  double r = 0;
  if (!NumericValue(args[0], &r)) {
    ctx->result()->SetNull();
    return;
  }
  ctx->result()->SetInt(r < 0 ? -1 : (r > 0 ? 1 : 0));
}

void SqliteVersion(FunctionContext* ctx, Args) {
  ResultText(ctx, "3.40.1");
}

void SqliteSourceId(FunctionContext* ctx, Args) {
  // Debian 12's build of 3.40.1 (the compatibility target) reports this id.
  ResultText(ctx,
             "2022-12-28 14:03:47 "
             "df5c253c0b3dd24916e4ec7cf77d3db5294cc9fd45ae7b9c5e82ad8197f3alt1");
}

void SqliteLog(FunctionContext* ctx, Args) {
  // sqlite3_log() goes to an error-log callback simlite does not have; the result is NULL.
  ctx->result()->SetNull();
}

namespace {

// The compile-time options simlite reports (sqlite_compileoption_get/used): those whose
// behaviour it reproduces. THREADSAFE=2 (multi-thread): a connection is used by one thread at a
// time (engine/connection.h); sqlite3_threadsafe() says the same.
constexpr std::string_view kCompileOptions[] = {"ENABLE_MATH_FUNCTIONS",
                                                "LIKE_DOESNT_MATCH_BLOBS",
                                                "MAX_LENGTH=1000000000",
                                                "MAX_LIKE_PATTERN_LENGTH=50000",
                                                "SOUNDEX",
                                                "THREADSAFE=2"};

bool OptionMatches(std::string_view option, std::string_view name) {
  if (name.size() >= 7 && std::equal(name.begin(), name.begin() + 7, "SQLITE_",
                                     [](char a, char b) { return (a & ~0x20) == b; })) {
    name.remove_prefix(7);
  }
  if (name.size() > option.size()) return false;
  for (size_t char_idx = 0; char_idx < name.size(); char_idx++) {
    char a = name[char_idx];
    if (a >= 'a' && a <= 'z') a = static_cast<char>(a - 32);
    if (a != option[char_idx]) return false;
  }
  // The name must be the whole option, or the part before its '='.
  return name.size() == option.size() || option[name.size()] == '=';
}

}  // namespace

void SqliteCompileOptionUsed(FunctionContext* ctx, Args args) {
  if (args[0].IsNull()) {
    ctx->result()->SetNull();
    return;
  }
  NumberText scratch;
  std::string_view name = TextOf(args[0], &scratch);
  bool used = false;
  for (std::string_view option : kCompileOptions) used = used || OptionMatches(option, name);
  ctx->result()->SetBool(used);
}

void SqliteCompileOptionGet(FunctionContext* ctx, Args args) {
  int64_t n = ToInt32(args[0]);
  if (n < 0 || n >= static_cast<int64_t>(std::size(kCompileOptions))) {
    ctx->result()->SetNull();
    return;
  }
  ResultText(ctx, kCompileOptions[n]);
}

void Subtype(FunctionContext* ctx, Args) {
  // simlite's values carry no subtype (only JSON functions set one).
  ctx->result()->SetInt(0);
}

void TypeOf(FunctionContext* ctx, Args args) {
  static constexpr std::string_view kNames[] = {"null", "integer", "real", "text", "blob"};
  ResultText(ctx, kNames[static_cast<int>(args[0].type())]);
}

void ZeroBlob(FunctionContext* ctx, Args args) {
  int64_t n = ToInt64(args[0]);
  if (n < 0) n = 0;
  uint8_t* out = ResultBuffer(ctx, ValueType::kBlob, n);
  if (out != nullptr && n > 0) std::memset(out, 0, static_cast<size_t>(n));
}

}  // namespace simlite::vdbe::builtin
