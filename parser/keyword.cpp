// Invariant: kHash maps every keyword spelling to a distinct slot (checked at compile time by
// a static_assert), so a lookup probes exactly one slot.
#include "parser/keyword.h"

#include <array>
#include <cassert>
#include <cstdint>
#include <iterator>

namespace simlite::parser {
namespace {

constexpr std::string_view kSpellings[] = {
#define SIMLITE_KEYWORD_SPELLING(kind, spelling, cls) spelling,
    SIMLITE_KEYWORDS(SIMLITE_KEYWORD_SPELLING)
#undef SIMLITE_KEYWORD_SPELLING
};
constexpr int kKeywordCount = static_cast<int>(std::size(kSpellings));
constexpr size_t kLengthMin = 2;
constexpr size_t kLengthMax = 17;
constexpr int kBucketCount = 64;
constexpr int kSlotCount = 256;
constexpr uint8_t kEmptySlot = 0xff;
static_assert(kKeywordCount < kEmptySlot);

// Folds ASCII letters to lower case; other bytes are unchanged.
constexpr std::array<uint8_t, 256> MakeFoldTable() {
  std::array<uint8_t, 256> fold{};
  for (int c = 0; c < 256; ++c) {
    fold[c] = static_cast<uint8_t>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return fold;
}

constexpr std::array<uint8_t, 256> kFold = MakeFoldTable();

constexpr uint32_t Fold(char c) {
  return kFold[static_cast<uint8_t>(c)];
}

// Two hashes of a candidate (length >= 2): the bucket, and the slot before displacement.
// They read the first two and last two bytes and the length, which together tell every
// keyword apart.
constexpr uint32_t BucketOf(std::string_view text) {
  size_t n = text.size();
  return (Fold(text[0]) * 7 + Fold(text[n - 1]) * 3 + static_cast<uint32_t>(n)) % kBucketCount;
}
constexpr uint32_t BaseSlotOf(std::string_view text) {
  size_t n = text.size();
  return (Fold(text[0]) * 31 + Fold(text[1]) * 17 + Fold(text[n - 2]) * 5 + Fold(text[n - 1]) * 11 +
          static_cast<uint32_t>(n) * 13) %
         kSlotCount;
}

struct PerfectHash {
  std::array<uint8_t, kBucketCount> displacement{};
  std::array<uint8_t, kSlotCount> slot_keyword{};
  bool ok = false;
};

// Tries displacement d for every keyword of `bucket`; on success records the slots.
constexpr bool PlaceBucket(PerfectHash& hash, uint32_t bucket, uint32_t d) {
  std::array<uint8_t, kSlotCount> trial = hash.slot_keyword;
  for (int kw = 0; kw < kKeywordCount; ++kw) {
    if (BucketOf(kSpellings[kw]) != bucket) continue;
    uint32_t slot = (BaseSlotOf(kSpellings[kw]) + d) % kSlotCount;
    if (trial[slot] != kEmptySlot) return false;
    trial[slot] = static_cast<uint8_t>(kw);
  }
  hash.slot_keyword = trial;
  hash.displacement[bucket] = static_cast<uint8_t>(d);
  return true;
}

// Hash-and-displace: buckets with more keywords are placed first, each at the first
// displacement that lands all its keywords on free slots.
constexpr PerfectHash BuildHash() {
  PerfectHash hash;
  hash.slot_keyword.fill(kEmptySlot);
  std::array<int, kBucketCount> sizes{};
  for (std::string_view spelling : kSpellings) ++sizes[BucketOf(spelling)];
  for (int size = kKeywordCount; size > 0; --size) {
    for (uint32_t bucket = 0; bucket < kBucketCount; ++bucket) {
      if (sizes[bucket] != size) continue;
      uint32_t d = 0;
      while (d < kSlotCount && !PlaceBucket(hash, bucket, d)) ++d;
      if (d == kSlotCount) return hash;
    }
  }
  hash.ok = true;
  return hash;
}

constexpr PerfectHash kHash = BuildHash();
static_assert(kHash.ok, "keyword hash has a collision: change the hash constants");

constexpr bool EqualsFolded(std::string_view text, std::string_view upper) {
  if (text.size() != upper.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (Fold(text[i]) != Fold(upper[i])) return false;
  }
  return true;
}

}  // namespace

Tok LookupKeyword(std::string_view text) {
  if (text.size() < kLengthMin || text.size() > kLengthMax) return Tok::kId;
  uint32_t slot = (BaseSlotOf(text) + kHash.displacement[BucketOf(text)]) % kSlotCount;
  uint8_t kw = kHash.slot_keyword[slot];
  if (kw == kEmptySlot || !EqualsFolded(text, kSpellings[kw])) return Tok::kId;
  return static_cast<Tok>(static_cast<int>(kFirstKeyword) + kw);
}

int KeywordCount() {
  return kKeywordCount;
}

std::string_view KeywordName(int index) {
  assert(index >= 0 && index < kKeywordCount);
  return kSpellings[index];
}

}  // namespace simlite::parser
