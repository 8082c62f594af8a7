// CollationRegistry: names to ids, and the application's comparators.
#include "vdbe/collation_registry.h"

#include <cstring>

#include "vdbe/text_util.h"

namespace simlite::vdbe {

namespace {

using btree::Collation;

Collation IdOf(size_t entry_idx) {
  return static_cast<Collation>(btree::kFirstCustomCollation + entry_idx);
}

}  // namespace

bool BuiltinCollation(std::string_view name, Collation* collation) {
  if (EqualsNoCase(name, "BINARY")) {
    *collation = Collation::kBinary;
  } else if (EqualsNoCase(name, "NOCASE")) {
    *collation = Collation::kNoCase;
  } else if (EqualsNoCase(name, "RTRIM")) {
    *collation = Collation::kRtrim;
  } else {
    return false;
  }
  return true;
}

int CollationRegistry::FindEntry(std::string_view name) const {
  for (size_t entry_idx = 0; entry_idx < entries_.size(); entry_idx++) {
    if (EqualsNoCase(entries_[entry_idx].name, name)) return static_cast<int>(entry_idx);
  }
  return -1;
}

const CollationRegistry::Entry* CollationRegistry::EntryOf(Collation collation) const {
  if (!btree::IsCustomCollation(collation)) return nullptr;
  const size_t entry_idx = static_cast<uint8_t>(collation) - btree::kFirstCustomCollation;
  return entry_idx < entries_.size() ? &entries_[entry_idx] : nullptr;
}

bool CollationRegistry::Declare(std::string_view name, Collation* collation) {
  if (BuiltinCollation(name, collation)) return true;
  int entry_idx = FindEntry(name);
  if (entry_idx < 0) {
    if (entries_.size() >= static_cast<size_t>(kMaxCustom)) return false;
    entries_.push_back({std::string(name), nullptr});
    entry_idx = static_cast<int>(entries_.size() - 1);
  }
  *collation = IdOf(static_cast<size_t>(entry_idx));
  return true;
}

bool CollationRegistry::Find(std::string_view name, Collation* collation) {
  if (BuiltinCollation(name, collation)) return true;
  int entry_idx = FindEntry(name);
  if (entry_idx < 0 || entries_[static_cast<size_t>(entry_idx)].comparator == nullptr) {
    if (needed_ != nullptr) needed_(name);
    entry_idx = FindEntry(name);
  }
  if (entry_idx < 0 || entries_[static_cast<size_t>(entry_idx)].comparator == nullptr) {
    return false;
  }
  *collation = IdOf(static_cast<size_t>(entry_idx));
  return true;
}

bool CollationRegistry::Defined(Collation collation) const {
  if (!btree::IsCustomCollation(collation)) return true;
  const Entry* entry = EntryOf(collation);
  return entry != nullptr && entry->comparator != nullptr;
}

bool CollationRegistry::Resolve(Collation collation) {
  if (Defined(collation)) return true;
  const Entry* entry = EntryOf(collation);
  if (entry == nullptr || needed_ == nullptr) return false;
  const std::string name = entry->name;  // the callback may add entries (and move this one)
  needed_(name);
  return Defined(collation);
}

bool CollationRegistry::Set(std::string_view name, Comparator comparator) {
  Collation collation = Collation::kBinary;
  if (BuiltinCollation(name, &collation)) {
    // SQLite lets an application replace BINARY, NOCASE or RTRIM; simlite keeps its own
    // (they are the same orders) and accepts the call.
    return true;
  }
  if (!Declare(name, &collation)) return false;
  const size_t entry_idx = static_cast<uint8_t>(collation) - btree::kFirstCustomCollation;
  entries_[entry_idx].comparator = std::move(comparator);
  return true;
}

int CollationRegistry::Compare(Collation collation, const uint8_t* a, uint32_t a_size,
                               const uint8_t* b, uint32_t b_size) const {
  const Entry* entry = EntryOf(collation);
  if (entry != nullptr && entry->comparator != nullptr) {
    return entry->comparator(a, a_size, b, b_size);
  }
  const uint32_t common_size = a_size < b_size ? a_size : b_size;
  const int c = common_size == 0 ? 0 : std::memcmp(a, b, common_size);
  if (c != 0) return c;
  return a_size < b_size ? -1 : a_size > b_size ? 1 : 0;
}

std::string_view CollationRegistry::Name(Collation collation) const {
  switch (collation) {
    case Collation::kBinary:
      return "BINARY";
    case Collation::kNoCase:
      return "NOCASE";
    case Collation::kRtrim:
      return "RTRIM";
    default:
      break;
  }
  const Entry* entry = EntryOf(collation);
  return entry != nullptr ? std::string_view(entry->name) : std::string_view("?");
}

}  // namespace simlite::vdbe
