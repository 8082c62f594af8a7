// LIKE and GLOB (lang_expr.html "The LIKE, GLOB, REGEXP, MATCH, and extract operators";
// like(X,Y[,Z]) and glob(X,Y) of lang_corefunc.html).
//
// LIKE: '%' matches any sequence, '_' any one character, an optional escape character makes the
// next one literal; ASCII letters match either case. GLOB: '*', '?', and sets "[...]" with
// ranges "a-z" and negation "[^...]"; case-sensitive. Both read their operands as SQLite does,
// as NUL-terminated UTF-8: matching stops at a NUL. Debian builds SQLite with
// LIKE_DOESNT_MATCH_BLOBS: a BLOB operand never matches.
//
// Matching backtracks over each wildcard; a failure that no later choice of a wildcard can
// repair ends the whole search at once (kNoWildcardMatch), which bounds the work.
#include <cstring>

#include "vdbe/builtin.h"
#include "vdbe/text_util.h"

namespace simlite::vdbe::builtin {
namespace {

// SQLite's limit on a pattern's length in bytes (SQLITE_MAX_LIKE_PATTERN_LENGTH).
constexpr size_t kMaxPatternLength = 50000;

enum class MatchResult : uint8_t { kMatch, kNoMatch, kNoWildcardMatch };

struct PatternRules {
  uint32_t match_all;  // '%' or '*' (0 when the escape character took its place)
  uint32_t match_one;  // '_' or '?' (likewise)
  bool has_sets;       // GLOB's "[...]"
  bool no_case;        // ASCII case folding (LIKE)
};

constexpr PatternRules kLikeRules = {'%', '_', false, true};
constexpr PatternRules kLikeCaseSensitiveRules = {'%', '_', false, false};
constexpr PatternRules kGlobRules = {'*', '?', true, false};

uint32_t FoldAscii(uint32_t c) {
  return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

class Matcher {
 public:
  // `other` is the escape character for LIKE (0 when none) or '[' for GLOB.
  Matcher(const PatternRules& rules, uint32_t other) : rules_(rules), other_(other) {}

  MatchResult Match(std::string_view pattern, size_t p, std::string_view text, size_t t) const;

 private:
  // Reads one character, 0 at the end.
  static uint32_t Next(std::string_view s, size_t* pos) {
    if (*pos >= s.size()) return 0;
    const auto byte = static_cast<uint8_t>(s[*pos]);
    if (byte < 0x80) {
      ++*pos;
      return byte;
    }
    return ReadUtf8(s, pos);
  }
  // After the first occurrence of ASCII character c (either case when folding) at or after t,
  // or npos. (An ASCII byte is always a whole character in UTF-8.)
  size_t FindAscii(std::string_view text, size_t t, uint32_t c) const {
    const auto lower = static_cast<uint8_t>(FoldAscii(c));
    const bool fold = rules_.no_case && lower >= 'a' && lower <= 'z';
    for (; t < text.size(); t++) {
      const auto byte = static_cast<uint8_t>(text[t]);
      if (byte == c || (fold && FoldAscii(byte) == lower)) return t + 1;
    }
    return std::string_view::npos;
  }
  MatchResult AfterMatchAll(std::string_view pattern, size_t p, std::string_view text,
                            size_t t) const;
  // Matches the set starting after '[' at pattern[*p] against character c; advances *p past
  // the closing ']'. False when c is not in the set or the set is unterminated.
  bool MatchSet(std::string_view pattern, size_t* p, uint32_t c) const;

  PatternRules rules_;
  uint32_t other_;
};

MatchResult Matcher::Match(std::string_view pattern, size_t p, std::string_view text,
                           size_t t) const {
  // The position just after an escaped character: a '_' read there is literal.
  size_t escaped_at = SIZE_MAX;
  uint32_t c;
  while ((c = Next(pattern, &p)) != 0) {
    if (c == rules_.match_all) return AfterMatchAll(pattern, p, text, t);
    if (c == other_) {
      if (!rules_.has_sets) {
        c = Next(pattern, &p);
        if (c == 0) return MatchResult::kNoMatch;
        escaped_at = p;
      } else {
        uint32_t subject = Next(text, &t);
        if (subject == 0 || !MatchSet(pattern, &p, subject)) return MatchResult::kNoMatch;
        continue;
      }
    }
    uint32_t subject = Next(text, &t);
    if (c == subject) continue;
    if (rules_.no_case && c < 0x80 && subject < 0x80 && FoldAscii(c) == FoldAscii(subject)) {
      continue;
    }
    if (c == rules_.match_one && p != escaped_at && subject != 0) continue;
    return MatchResult::kNoMatch;
  }
  return t == text.size() ? MatchResult::kMatch : MatchResult::kNoMatch;
}

MatchResult Matcher::AfterMatchAll(std::string_view pattern, size_t p, std::string_view text,
                                   size_t t) const {
  // Collapse a run of match-all and match-one characters; each match-one eats one character.
  uint32_t c;
  while ((c = Next(pattern, &p)) == rules_.match_all ||
         (c == rules_.match_one && rules_.match_one != 0)) {
    if (c == rules_.match_one && Next(text, &t) == 0) return MatchResult::kNoWildcardMatch;
  }
  if (c == 0) return MatchResult::kMatch;
  if (c == other_) {
    if (rules_.has_sets) {
      // A set right after the wildcard: try it at every remaining position.
      size_t set_start = p - 1;
      for (; t < text.size(); ReadUtf8(text, &t)) {
        MatchResult result = Match(pattern, set_start, text, t);
        if (result != MatchResult::kNoMatch) return result;
      }
      return MatchResult::kNoWildcardMatch;
    }
    c = Next(pattern, &p);  // the escaped character, matched literally below
    if (c == 0) return MatchResult::kNoWildcardMatch;
  }
  // c is the next literal of the pattern: try the rest of the pattern after every occurrence
  // of it in the text (either case, for an ASCII letter under LIKE).
  if (c < 0x80) {
    while ((t = FindAscii(text, t, c)) != std::string_view::npos) {
      MatchResult result = Match(pattern, p, text, t);
      if (result != MatchResult::kNoMatch) return result;
    }
    return MatchResult::kNoWildcardMatch;
  }
  while (t < text.size()) {
    uint32_t subject = ReadUtf8(text, &t);
    bool same = subject == c || (rules_.no_case && c < 0x80 && subject < 0x80 &&
                                 FoldAscii(c) == FoldAscii(subject));
    if (!same) continue;
    MatchResult result = Match(pattern, p, text, t);
    if (result != MatchResult::kNoMatch) return result;
  }
  return MatchResult::kNoWildcardMatch;
}

bool Matcher::MatchSet(std::string_view pattern, size_t* p, uint32_t c) const {
  bool seen = false;
  bool invert = false;
  uint32_t prior = 0;
  uint32_t member = Next(pattern, p);
  if (member == '^') {
    invert = true;
    member = Next(pattern, p);
  }
  if (member == ']') {  // a leading ']' is a member, not the end
    seen = c == ']';
    member = Next(pattern, p);
  }
  while (member != 0 && member != ']') {
    bool range = member == '-' && *p < pattern.size() && pattern[*p] != ']' && prior > 0;
    if (range) {
      member = Next(pattern, p);
      if (c >= prior && c <= member) seen = true;
      prior = 0;
    } else {
      if (c == member) seen = true;
      prior = member;
    }
    member = Next(pattern, p);
  }
  return member != 0 && seen != invert;
}

void PatternFunction(FunctionContext* ctx, Args args, const PatternRules& base_rules,
                     uint32_t default_other) {
  const Mem& pattern_arg = args[0];
  const Mem& text_arg = args[1];
  if (pattern_arg.type() == ValueType::kBlob || text_arg.type() == ValueType::kBlob) {
    ctx->result()->SetInt(0);
    return;
  }
  NumberText pattern_scratch;
  NumberText text_scratch;
  std::string_view pattern = TextOf(pattern_arg, &pattern_scratch);
  if (pattern.size() > kMaxPatternLength) {
    ctx->SetError("LIKE or GLOB pattern too complex");
    return;
  }
  PatternRules rules = base_rules;
  uint32_t other = default_other;
  if (args.size() == 3) {
    NumberText escape_scratch;
    std::string_view escape = UpToNul(TextOf(args[2], &escape_scratch));
    if (args[2].IsNull()) {
      ctx->result()->SetNull();
      return;
    }
    if (Utf8Length(escape) != 1) {
      ctx->SetError("ESCAPE expression must be a single character");
      return;
    }
    size_t pos = 0;
    other = ReadUtf8(escape, &pos);
    // An escape character that is also a wildcard stops being a wildcard.
    if (other == rules.match_all) rules.match_all = 0;
    if (other == rules.match_one) rules.match_one = 0;
  }
  if (pattern_arg.IsNull() || text_arg.IsNull()) {
    ctx->result()->SetNull();
    return;
  }
  Matcher matcher(rules, other);
  MatchResult result =
      matcher.Match(UpToNul(pattern), 0, UpToNul(TextOf(text_arg, &text_scratch)), 0);
  ctx->result()->SetBool(result == MatchResult::kMatch);
}

}  // namespace

void Like(FunctionContext* ctx, Args args) {
  PatternFunction(ctx, args, kLikeRules, 0);
}

void LikeCaseSensitive(FunctionContext* ctx, Args args) {
  PatternFunction(ctx, args, kLikeCaseSensitiveRules, 0);
}

void Glob(FunctionContext* ctx, Args args) {
  PatternFunction(ctx, args, kGlobRules, '[');
}

}  // namespace simlite::vdbe::builtin
