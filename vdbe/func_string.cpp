// String functions of lang_corefunc.html: char, instr, length, lower, upper, ltrim, rtrim,
// trim, replace, substr, unicode, soundex; and the UTF-8 helpers they share.
//
// A "character" is SQLite's: a byte, together with the continuation bytes (10xxxxxx) that
// follow it when it is a lead byte (>= 0xc0). Functions that SQLite runs over NUL-terminated
// text (length, substr on text, the trim set, soundex) stop at the first NUL as SQLite does.
#include <cstring>

#include "vdbe/builtin.h"
#include "vdbe/text_util.h"

namespace simlite::vdbe::builtin {
namespace {

bool IsContinuation(uint8_t c) {
  return (c & 0xc0) == 0x80;
}

// Moves *pos past one character of text.
void SkipUtf8(std::string_view text, size_t* pos) {
  uint8_t c = static_cast<uint8_t>(text[(*pos)++]);
  if (c >= 0xc0) {
    while (*pos < text.size() && IsContinuation(static_cast<uint8_t>(text[*pos]))) (*pos)++;
  }
}

}  // namespace

int64_t Utf8Length(std::string_view text) {
  int64_t count = 0;
  for (size_t pos = 0; pos < text.size(); count++) SkipUtf8(text, &pos);
  return count;
}

uint32_t ReadUtf8(std::string_view text, size_t* pos) {
  uint32_t c = static_cast<uint8_t>(text[(*pos)++]);
  if (c < 0xc0) return c;
  // The lead byte's payload bits: 5 for 110xxxxx, 4, 3, 2, 1, and none for 0xfe / 0xff.
  static constexpr uint8_t kLeadMasks[] = {0x1f, 0x0f, 0x07, 0x03, 0x01, 0x00};
  int lead_class = c < 0xe0 ? 0 : c < 0xf0 ? 1 : c < 0xf8 ? 2 : c < 0xfc ? 3 : c < 0xfe ? 4 : 5;
  c &= kLeadMasks[lead_class];
  while (*pos < text.size() && IsContinuation(static_cast<uint8_t>(text[*pos]))) {
    c = (c << 6) + (static_cast<uint8_t>(text[(*pos)++]) & 0x3f);
  }
  if (c < 0x80 || (c & 0xfffff800) == 0xd800 || (c & 0xfffffffe) == 0xfffe) c = 0xfffd;
  return c;
}

void AppendUtf8(uint32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xc0 + (c >> 6)));
    out->push_back(static_cast<char>(0x80 + (c & 0x3f)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xe0 + (c >> 12)));
    out->push_back(static_cast<char>(0x80 + ((c >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 + (c & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 + (c >> 18)));
    out->push_back(static_cast<char>(0x80 + ((c >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 + ((c >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 + (c & 0x3f)));
  }
}

void Char(FunctionContext* ctx, Args args) {
  std::string& out = ctx->scratch();
  out.clear();
  for (const Mem& arg : args) {
    int64_t c = ToInt64(arg);
    if (c < 0 || c > 0x10ffff) c = 0xfffd;
    AppendUtf8(static_cast<uint32_t>(c), &out);
  }
  ResultText(ctx, out);
}

void Instr(FunctionContext* ctx, Args args) {
  if (args[0].IsNull() || args[1].IsNull()) {
    ctx->result()->SetNull();
    return;
  }
  // Positions count bytes when both are blobs, characters otherwise.
  bool is_text = !(args[0].type() == ValueType::kBlob && args[1].type() == ValueType::kBlob);
  NumberText scratch_haystack;
  NumberText scratch_needle;
  std::string_view haystack = TextOf(args[0], &scratch_haystack);
  std::string_view needle = TextOf(args[1], &scratch_needle);
  int64_t position = 1;
  if (!needle.empty()) {
    size_t pos = 0;
    while (needle.size() <= haystack.size() - pos &&
           std::memcmp(haystack.data() + pos, needle.data(), needle.size()) != 0) {
      position++;
      do {
        pos++;
      } while (is_text && pos < haystack.size() && IsContinuation(haystack[pos]));
    }
    if (needle.size() > haystack.size() - pos) position = 0;
  }
  ctx->result()->SetInt(position);
}

void Length(FunctionContext* ctx, Args args) {
  const Mem& x = args[0];
  switch (x.type()) {
    case ValueType::kNull:
      ctx->result()->SetNull();
      return;
    case ValueType::kText:
      ctx->result()->SetInt(Utf8Length(UpToNul(x.chars())));
      return;
    case ValueType::kBlob:
      ctx->result()->SetInt(x.size());
      return;
    case ValueType::kInteger:
    case ValueType::kReal:
      break;
  }
  NumberText scratch;
  ctx->result()->SetInt(static_cast<int64_t>(TextOf(x, &scratch).size()));
}

namespace {

// lower() / upper(): ASCII letters only.
void MapAscii(FunctionContext* ctx, Args args, char from_first, char from_last, int delta) {
  if (args[0].IsNull()) {
    ctx->result()->SetNull();
    return;
  }
  NumberText scratch;
  std::string_view text = TextOf(args[0], &scratch);
  uint8_t* out = ResultBuffer(ctx, ValueType::kText, static_cast<int64_t>(text.size()));
  if (out == nullptr) return;
  for (size_t byte_idx = 0; byte_idx < text.size(); byte_idx++) {
    char c = text[byte_idx];
    out[byte_idx] = static_cast<uint8_t>(c >= from_first && c <= from_last ? c + delta : c);
  }
}

enum TrimSide : int { kTrimLeft = 1, kTrimRight = 2, kTrimBoth = 3 };

// Whether text starts (at_end false) or ends with one of the characters of `set`; the length
// of the matched character, or 0.
size_t MatchTrimChar(std::string_view text, std::string_view set, bool at_end) {
  for (size_t pos = 0; pos < set.size();) {
    size_t start = pos;
    SkipUtf8(set, &pos);
    std::string_view c = set.substr(start, pos - start);
    if (c.size() > text.size()) continue;
    std::string_view candidate =
        at_end ? text.substr(text.size() - c.size()) : text.substr(0, c.size());
    if (candidate == c) return c.size();
  }
  return 0;
}

void TrimImpl(FunctionContext* ctx, Args args, int sides) {
  if (args[0].IsNull() || (args.size() == 2 && args[1].IsNull())) {
    ctx->result()->SetNull();
    return;
  }
  NumberText scratch_text;
  NumberText scratch_set;
  std::string_view text = TextOf(args[0], &scratch_text);
  std::string_view set = args.size() == 2 ? UpToNul(TextOf(args[1], &scratch_set)) : " ";
  if (!set.empty()) {
    size_t matched = 0;
    while ((sides & kTrimLeft) && !text.empty() && (matched = MatchTrimChar(text, set, false))) {
      text.remove_prefix(matched);
    }
    while ((sides & kTrimRight) && !text.empty() && (matched = MatchTrimChar(text, set, true))) {
      text.remove_suffix(matched);
    }
  }
  ResultText(ctx, text);
}

}  // namespace

void Lower(FunctionContext* ctx, Args args) {
  MapAscii(ctx, args, 'A', 'Z', 'a' - 'A');
}

void Upper(FunctionContext* ctx, Args args) {
  MapAscii(ctx, args, 'a', 'z', 'A' - 'a');
}

void Ltrim(FunctionContext* ctx, Args args) {
  TrimImpl(ctx, args, kTrimLeft);
}

void Rtrim(FunctionContext* ctx, Args args) {
  TrimImpl(ctx, args, kTrimRight);
}

void Trim(FunctionContext* ctx, Args args) {
  TrimImpl(ctx, args, kTrimBoth);
}

void Replace(FunctionContext* ctx, Args args) {
  if (args[0].IsNull() || args[1].IsNull()) {
    ctx->result()->SetNull();
    return;
  }
  NumberText scratch_text;
  NumberText scratch_pattern;
  NumberText scratch_replacement;
  std::string_view pattern = TextOf(args[1], &scratch_pattern);
  // An empty pattern (or one that starts with NUL, which SQLite reads as empty) returns X as
  // it is, except that it has been read as text by then: a blob comes back as TEXT, a number
  // as a number with a text form too (Mem::read_as_text).
  if (pattern.empty() || pattern[0] == '\0') {
    ctx->result()->CopyFrom(args[0]);
    if (args[0].type() == ValueType::kBlob) ctx->result()->SetTextBlobType(ValueType::kText);
    if (args[0].IsNumber()) ctx->result()->MarkReadAsText();
    return;
  }
  if (args[2].IsNull()) {
    ctx->result()->SetNull();
    return;
  }
  std::string_view text = TextOf(args[0], &scratch_text);
  std::string_view replacement = TextOf(args[2], &scratch_replacement);
  std::string& out = ctx->scratch();
  out.clear();
  size_t pos = 0;
  while (pos < text.size()) {
    if (text.compare(pos, pattern.size(), pattern) == 0 && pattern.size() <= text.size() - pos) {
      if (static_cast<int64_t>(out.size() + replacement.size()) > kMaxLength) {
        ctx->SetTooBig();
        return;
      }
      out.append(replacement);
      pos += pattern.size();
    } else {
      out.push_back(text[pos++]);
    }
  }
  ResultText(ctx, out);
}

void Substr(FunctionContext* ctx, Args args) {
  if (args[0].IsNull() || args[1].IsNull() || (args.size() == 3 && args[2].IsNull())) {
    ctx->result()->SetNull();
    return;
  }
  bool is_blob = args[0].type() == ValueType::kBlob;
  if (is_blob && args[0].size() == 0) {
    // sqlite3_value_blob() gives no pointer for an empty blob, and substr() then gives NULL.
    ctx->result()->SetNull();
    return;
  }
  NumberText scratch;
  std::string_view text = is_blob ? args[0].chars() : UpToNul(TextOf(args[0], &scratch));
  int64_t start = ToInt32(args[1]);
  int64_t count = kMaxLength;
  bool negative_count = false;
  if (args.size() == 3) {
    count = ToInt32(args[2]);
    if (count < 0) {
      count = -count;
      negative_count = true;
    }
  }
  int64_t length = is_blob ? static_cast<int64_t>(text.size()) : (start < 0 ? Utf8Length(text) : 0);
  if (start < 0) {
    start += length;
    if (start < 0) {
      count = std::max<int64_t>(count + start, 0);
      start = 0;
    }
  } else if (start > 0) {
    start--;
  } else if (count > 0) {
    count--;  // substr(X, 0, N) covers the imaginary character before the first
  }
  if (negative_count) {
    start -= count;
    if (start < 0) {
      count += start;
      start = 0;
    }
  }
  if (is_blob) {
    if (start + count > length) count = std::max<int64_t>(length - start, 0);
    ResultBlob(ctx, count == 0 ? std::string_view() : text.substr(start, count));
    return;
  }
  size_t begin = 0;
  for (; begin < text.size() && start > 0; start--) SkipUtf8(text, &begin);
  size_t end = begin;
  for (; end < text.size() && count > 0; count--) SkipUtf8(text, &end);
  ResultText(ctx, text.substr(begin, end - begin));
}

void Unicode(FunctionContext* ctx, Args args) {
  NumberText scratch;
  std::string_view text = TextOf(args[0], &scratch);
  if (args[0].IsNull() || text.empty() || text[0] == '\0') {
    ctx->result()->SetNull();
    return;
  }
  size_t pos = 0;
  ctx->result()->SetInt(ReadUtf8(text, &pos));
}

void Soundex(FunctionContext* ctx, Args args) {
  // Codes of the letters A..Z; vowels, H, W and Y are 0.
  static constexpr char kCodes[] = "01230120022455012623010202";
  auto code_of = [](uint8_t c) -> int {
    c &= 0x7f;  // SQLite folds bytes >= 0x80 onto ASCII here
    if (c >= 'a' && c <= 'z') c = static_cast<uint8_t>(c - 32);
    return c >= 'A' && c <= 'Z' ? kCodes[c - 'A'] - '0' : 0;
  };
  auto is_alpha = [](uint8_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  NumberText scratch;
  std::string_view text = UpToNul(TextOf(args[0], &scratch));
  size_t pos = 0;
  while (pos < text.size() && !is_alpha(text[pos])) pos++;
  if (pos == text.size()) {
    ResultText(ctx, "?000");
    return;
  }
  char result[4] = {'0', '0', '0', '0'};
  uint8_t first = text[pos];
  result[0] = static_cast<char>(first >= 'a' ? first - 32 : first);
  int previous = code_of(first);
  for (int out_idx = 1; out_idx < 4 && pos < text.size(); pos++) {
    int code = code_of(text[pos]);
    if (code > 0 && code != previous) result[out_idx++] = static_cast<char>('0' + code);
    previous = code;
  }
  ResultText(ctx, std::string_view(result, 4));
}

}  // namespace simlite::vdbe::builtin
