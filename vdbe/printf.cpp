// SQLite's printf (printf.html): format(FORMAT, ...) / printf(FORMAT, ...) over SQL values, and
// the formatter behind the C API's sqlite3_mprintf family (printf.h).
//
// A conversion is %[flags][width][.precision][l|ll]type. Flags: '-' left-justify, '+' and ' '
// sign prefixes, '#' alternate form, '!' alternate form 2 (characters instead of bytes, SQL
// floating-point text), '0' zero padding, ',' thousands separators. Width and precision may be
// '*' (read from the arguments). Types: d i u (decimal), x X o p (radix), r (ordinal), f e E g
// G (floating point), s z (text), q Q w (SQL-escaped text), c (repeated character), % and n.
// Missing SQL arguments read as NULL. An unknown type ends the output where it stands.
//
// SQLite returns NULL rather than an empty string when nothing at all was emitted (no literal
// text and no conversion, e.g. format('') or a format that starts with an unknown type), and
// NULL when the output would exceed the length limit.
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "vdbe/builtin.h"
#include "vdbe/float_format.h"
#include "vdbe/printf.h"
#include "vdbe/text_util.h"

namespace simlite::vdbe {
namespace {

using builtin::Args;
using builtin::ReadUtf8;

using Conversion = PrintfConversion;

// What NextInt receives for a '*' width or precision.
constexpr Conversion kStar = {.type = '*'};

// SQL values as printf arguments: past the end they read as NULL, and the length modifiers
// mean nothing.
class SqlArguments final : public PrintfArguments {
 public:
  explicit SqlArguments(Args args) : args_(args) {}
  int64_t NextInt(const Conversion&) override { return Done() ? 0 : ToInt64(args_[used_++]); }
  double NextReal() override { return Done() ? 0.0 : ToReal(args_[used_++]); }
  std::string_view NextText(const Conversion&, bool* is_null) override {
    *is_null = Done() || args_[used_].IsNull();
    if (Done()) return std::string_view();
    return UpToNul(TextOf(args_[used_++], &scratch_));  // C strings, as SQLite reads them
  }
  // The first character of the argument's text (at most 4 bytes), or a NUL byte for an empty
  // or NULL argument.
  size_t NextCharacter(char* buffer) override {
    bool is_null = false;
    std::string_view text = NextText(Conversion(), &is_null);
    if (text.empty()) {
      buffer[0] = '\0';
      return 1;
    }
    size_t length = 1;
    if ((static_cast<uint8_t>(text[0]) & 0xc0) == 0xc0) {
      while (length < 4 && length < text.size() &&
             (static_cast<uint8_t>(text[length]) & 0xc0) == 0x80) {
        length++;
      }
    }
    std::memcpy(buffer, text.data(), length);
    return length;
  }
  void StoreCount(int64_t) override {}

 private:
  bool Done() const { return used_ >= args_.size(); }
  Args args_;
  size_t used_ = 0;
  NumberText scratch_;
};

class Printer {
 public:
  Printer(PrintfArguments* args, std::string* out, std::string* buffer)
      : args_(args), out_(out), buffer_(buffer) {}

  // Runs the whole format; false when the output grew too big.
  bool Run(std::string_view format);
  bool emitted() const { return emitted_; }

 private:
  // Parses the conversion after '%' at format[*pos]; false for an unknown type (stop).
  bool Parse(std::string_view format, size_t* pos, Conversion* conversion);
  bool Convert(const Conversion& conversion);
  void Integer(const Conversion& conversion);
  void Float(const Conversion& conversion);
  void Character(Conversion conversion);
  void String(const Conversion& conversion);
  void Escaped(const Conversion& conversion);
  // Emits `text` padded with spaces to `width` (a width in characters when `in_chars`).
  void Pad(std::string_view text, const Conversion& conversion, int64_t width);
  // SQLite's accumulator needs room for a terminating NUL within the length limit, so the
  // longest output is kMaxLength - 1 bytes.
  bool Fits(int64_t more) const { return static_cast<int64_t>(out_->size()) + more < kMaxLength; }
  bool Append(std::string_view text) {
    emitted_ = true;
    if (!Fits(static_cast<int64_t>(text.size()))) {
      too_big_ = true;
      return false;
    }
    out_->append(text);
    return true;
  }
  bool AppendSpaces(int64_t count) {
    emitted_ = true;
    if (!Fits(count)) {
      too_big_ = true;
      return false;
    }
    out_->append(static_cast<size_t>(count), ' ');
    return true;
  }
  // A scratch buffer of n bytes, or nullptr (too big).
  char* Buffer(int64_t n) {
    if (n > kMaxLength) {
      too_big_ = true;
      return nullptr;
    }
    buffer_->resize(static_cast<size_t>(n));
    return buffer_->data();
  }

  PrintfArguments* args_;
  std::string* out_;
  std::string* buffer_;
  bool emitted_ = false;
  bool too_big_ = false;
};

bool Printer::Run(std::string_view format) {
  size_t pos = 0;
  while (pos < format.size() && !too_big_) {
    size_t percent = format.find('%', pos);
    if (percent != pos) {
      size_t end = percent == std::string_view::npos ? format.size() : percent;
      Append(format.substr(pos, end - pos));
      pos = end;
      continue;
    }
    pos++;
    if (pos == format.size()) {  // a lone '%' at the end prints as itself
      Append("%");
      break;
    }
    Conversion conversion;
    if (!Parse(format, &pos, &conversion) || !Convert(conversion)) break;
  }
  return !too_big_;
}

bool Printer::Parse(std::string_view format, size_t* pos, Conversion* conversion) {
  auto at = [&](size_t p) -> char { return p < format.size() ? format[p] : '\0'; };
  auto digits = [&](size_t* p) {
    uint32_t value = 0;
    while (at(*p) >= '0' && at(*p) <= '9') value = value * 10 + (format[(*p)++] - '0');
    return static_cast<int>(value & 0x7fffffff);
  };
  for (;;) {
    char c = at(*pos);
    switch (c) {
      case '-':
        conversion->left_justify = true;
        (*pos)++;
        continue;
      case '+':
        conversion->sign = '+';
        (*pos)++;
        continue;
      case ' ':
        conversion->sign = ' ';
        (*pos)++;
        continue;
      case '#':
        conversion->alt_form = true;
        (*pos)++;
        continue;
      case '!':
        conversion->alt_form2 = true;
        (*pos)++;
        continue;
      case '0':
        conversion->zero_pad = true;
        (*pos)++;
        continue;
      case ',':
        conversion->thousands = true;
        (*pos)++;
        continue;
      default:
        break;
    }
    if (c >= '1' && c <= '9') {
      conversion->width = digits(pos);
    } else if (c == '*') {
      int64_t width = static_cast<int32_t>(args_->NextInt(kStar));
      if (width < 0) conversion->left_justify = true;
      conversion->width = static_cast<int>(width == INT32_MIN ? 0 : (width < 0 ? -width : width));
      (*pos)++;
    }
    if (at(*pos) == '.') {
      (*pos)++;
      if (at(*pos) == '*') {
        int64_t precision = static_cast<int32_t>(args_->NextInt(kStar));
        conversion->precision = static_cast<int>(precision == INT32_MIN ? -1 : std::abs(precision));
        (*pos)++;
      } else {
        conversion->precision = digits(pos);
      }
    }
    if (at(*pos) == 'l') {
      (*pos)++;
      conversion->long_count = 1;
      if (at(*pos) == 'l') {
        (*pos)++;
        conversion->long_count = 2;
      }
    }
    break;
  }
  conversion->type = at(*pos);
  if (conversion->type != '\0') (*pos)++;
  return std::strchr("diuxXoprfeEgGszqQwcn%", conversion->type) != nullptr &&
         conversion->type != '\0';
}

bool Printer::Convert(const Conversion& conversion) {
  switch (conversion.type) {
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o':
    case 'p':
    case 'r':
      Integer(conversion);
      break;
    case 'f':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
      Float(conversion);
      break;
    case 'c':
      Character(conversion);
      break;
    case 's':
    case 'z':
      String(conversion);
      break;
    case 'q':
    case 'Q':
    case 'w':
      Escaped(conversion);
      break;
    case 'n':
      // Prints nothing, but counts as output; a C argument receives the length so far.
      args_->StoreCount(static_cast<int64_t>(out_->size()));
      Append("");
      break;
    case '%':
      Pad("%", conversion, conversion.width);
      break;
    default:
      return false;
  }
  return !too_big_;
}

void Printer::Integer(const Conversion& conversion) {
  char type = conversion.type;
  bool is_signed = type == 'd' || type == 'i' || type == 'r';
  int base = (type == 'x' || type == 'X' || type == 'p') ? 16 : type == 'o' ? 8 : 10;
  const char* digit_set = (type == 'X' || type == 'p') ? "0123456789ABCDEF" : "0123456789abcdef";
  int64_t v = args_->NextInt(conversion);
  uint64_t magnitude = static_cast<uint64_t>(v);
  char prefix = 0;
  if (is_signed) {
    prefix = v < 0 ? '-' : conversion.sign;
    if (v < 0) magnitude = ~magnitude + 1;
  }
  bool alt_form = conversion.alt_form && magnitude != 0;
  int64_t precision = conversion.precision;
  if (conversion.zero_pad && precision < conversion.width - (prefix != 0)) {
    precision = conversion.width - (prefix != 0);
  }
  bool thousands = conversion.thousands && base == 10 && type != 'r';
  // Digits, leading zeros, separators, sign and radix prefix, built right to left.
  int64_t digits_max = std::max<int64_t>(precision, 0) + 24;
  int64_t capacity = digits_max + (thousands ? digits_max / 3 : 0) + 8;
  char* end = Buffer(capacity);
  if (end == nullptr) return;
  end += capacity;
  char* p = end;
  if (type == 'r') {
    static constexpr char kSuffixes[] = "thstndrd";
    int last = static_cast<int>(magnitude % 10);
    if (last >= 4 || (magnitude / 10) % 10 == 1) last = 0;
    *--p = kSuffixes[last * 2 + 1];
    *--p = kSuffixes[last * 2];
  }
  // The precision counts the ordinal suffix too.
  char* digits_end = end;
  do {
    *--p = digit_set[magnitude % base];
    magnitude /= base;
  } while (magnitude > 0);
  while (digits_end - p < precision) *--p = '0';
  if (thousands) {
    // Shift the digits left, inserting a ',' before every group of three from the right.
    int64_t count = digits_end - p;
    int64_t commas = (count - 1) / 3;
    char* start = p - commas;
    int64_t first_group = (count - 1) % 3 + 1;
    char* write = start;
    for (int64_t digit_idx = 0; digit_idx < count; digit_idx++) {
      if (digit_idx > 0 && (digit_idx - first_group) % 3 == 0) *write++ = ',';
      *write++ = p[digit_idx];
    }
    p = start;
  }
  if (prefix != 0) *--p = prefix;
  if (alt_form) {
    const char* radix_prefix = type == 'o'   ? "0"
                               : type == 'x' ? "x0"
                               : type == 'X' ? "X0"
                               : type == 'p' ? "x0"
                                             : "";
    for (; *radix_prefix != '\0'; radix_prefix++) *--p = *radix_prefix;
  }
  Pad(std::string_view(p, end - p), conversion, conversion.width);
}

void Printer::Float(const Conversion& conversion) {
  FloatSpec spec;
  char type = conversion.type;
  spec.kind = (type == 'f')                  ? FloatSpec::Kind::kFixed
              : (type == 'e' || type == 'E') ? FloatSpec::Kind::kExponent
                                             : FloatSpec::Kind::kGeneral;
  spec.upper = type == 'E' || type == 'G';
  // SQLite caps a floating-point precision at 100,000,000 digits.
  spec.precision = std::min(conversion.precision, 100000000);
  spec.width = conversion.width;
  spec.zero_pad = conversion.zero_pad && !conversion.left_justify;
  spec.alt_form = conversion.alt_form;
  spec.alt_form2 = conversion.alt_form2;
  spec.sign = conversion.sign;
  double value = args_->NextReal();
  char* buffer = Buffer(static_cast<int64_t>(FormatFloatCapacity(spec)));
  if (buffer == nullptr) return;
  size_t length = FormatFloat(value, spec, buffer);
  Pad(std::string_view(buffer, length), conversion, conversion.width);
}

void Printer::Character(Conversion conversion) {
  char character[4];
  std::string_view c(character, args_->NextCharacter(character));
  int64_t width = conversion.width;
  if (conversion.precision > 1) {
    // Give up at once on output that could never fit, rather than append a billion times.
    int64_t repeated = static_cast<int64_t>(c.size()) * (conversion.precision - 1);
    if (!Fits(repeated)) {
      too_big_ = true;
      return;
    }
    // Repeats: the padding (when right-justified) and all but one copy go out directly.
    width -= conversion.precision - 1;
    if (width > 1 && !conversion.left_justify) {
      if (!AppendSpaces(width - 1)) return;
      width = 0;
    }
    for (int copy_idx = 1; copy_idx < conversion.precision; copy_idx++) {
      if (!Append(c)) return;
    }
  }
  conversion.alt_form2 = true;  // the width of %c counts characters
  Pad(c, conversion, width);
}

void Printer::String(const Conversion& conversion) {
  bool is_null = false;
  std::string_view text = args_->NextText(conversion, &is_null);
  if (conversion.precision >= 0) {
    if (conversion.alt_form2) {
      size_t pos = 0;
      for (int char_idx = 0; char_idx < conversion.precision && pos < text.size(); char_idx++) {
        ReadUtf8(text, &pos);
      }
      text = text.substr(0, pos);
    } else {
      text = text.substr(0, std::min<size_t>(text.size(), conversion.precision));
    }
  }
  Pad(text, conversion, conversion.width);
}

void Printer::Escaped(const Conversion& conversion) {
  char quote = conversion.type == 'w' ? '"' : '\'';
  bool is_null = false;
  std::string_view text = args_->NextText(conversion, &is_null);
  if (is_null) text = conversion.type == 'Q' ? "NULL" : "(NULL)";
  // The precision counts input bytes (characters with '!'), before quotes are doubled.
  size_t pos = 0;
  for (int64_t remaining = conversion.precision; remaining != 0 && pos < text.size(); remaining--) {
    if (conversion.alt_form2) {
      ReadUtf8(text, &pos);
    } else {
      pos++;
    }
  }
  text = text.substr(0, pos);
  bool add_quotes = !is_null && conversion.type == 'Q';
  std::string& escaped = *buffer_;
  escaped.clear();
  if (add_quotes) escaped.push_back(quote);
  for (char c : text) {
    escaped.push_back(c);
    if (c == quote) escaped.push_back(c);
  }
  if (add_quotes) escaped.push_back(quote);
  Pad(escaped, conversion, conversion.width);
}

void Printer::Pad(std::string_view text, const Conversion& conversion, int64_t width) {
  if (conversion.alt_form2 && width > 0) {
    // The width counts characters: continuation bytes do not take room.
    for (unsigned char c : text) width += (c & 0xc0) == 0x80 ? 1 : 0;
  }
  int64_t padding = width - static_cast<int64_t>(text.size());
  if (padding > 0 && !conversion.left_justify && !AppendSpaces(padding)) return;
  if (!Append(text)) return;
  if (padding > 0 && conversion.left_justify) AppendSpaces(padding);
}

}  // namespace

bool FormatPrintf(std::string_view format, PrintfArguments* args, std::string* out,
                  std::string* buffer, bool* emitted) {
  Printer printer(args, out, buffer);
  bool ok = printer.Run(format);
  *emitted = printer.emitted();
  return ok;
}

namespace builtin {

void Format(FunctionContext* ctx, Args args) {
  if (args.empty() || args[0].IsNull()) {
    ctx->result()->SetNull();
    return;
  }
  NumberText scratch;
  std::string_view format = UpToNul(TextOf(args[0], &scratch));
  SqlArguments arguments(args.subspan(1));
  std::string& out = ctx->scratch();
  out.clear();
  bool emitted = false;
  if (!FormatPrintf(format, &arguments, &out, &ctx->scratch_aux(), &emitted) || !emitted) {
    ctx->result()->SetNull();
    return;
  }
  ResultText(ctx, out);
}

}  // namespace builtin
}  // namespace simlite::vdbe
