// CollationRegistry: a connection's collations by name (SQLite's collating sequences,
// datatype3.html "Collating Sequences"): the three built-ins and the application's
// (sqlite3_create_collation), each application name with a small id (btree::Collation from
// kFirstCustomCollation) that KeyInfos and comparison instructions carry.
//
// Invariants:
//  1. An id, once given to a name, keeps that name for the registry's life: a schema loaded
//     earlier (or a compiled program) keeps meaning the same collation when the application
//     replaces its comparator. Names compare case-insensitively (ASCII), as SQLite's do.
//  2. An id may be declared without a comparator (a column of the schema declares a collation
//     the application has not registered, or has removed): such an id is "undefined", and
//     code generation refuses to compile a use of it ("no such collation sequence: X").
//  3. At most kMaxCustom application names; Declare fails past that.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "btree/record.h"

namespace simlite::vdbe {

class CollationRegistry final : public btree::CustomCollations {
 public:
  // Orders two UTF-8 texts: <0, 0 or >0.
  using Comparator =
      std::function<int(const uint8_t* a, uint32_t a_size, const uint8_t* b, uint32_t b_size)>;
  // Called with a name that has no comparator, so that the application may register one
  // (sqlite3_collation_needed).
  using NeededCallback = std::function<void(std::string_view name)>;

  static constexpr int kMaxCustom = 256 - btree::kFirstCustomCollation;

  // The id of `name`: a built-in, or an application name (declared, with no comparator, when
  // new: invariant 2). False only when the registry is full (invariant 3).
  bool Declare(std::string_view name, btree::Collation* collation);
  // The id of `name` when it is a built-in or has a comparator; else asks the needed
  // callback (once) and looks again. False when still undefined.
  bool Find(std::string_view name, btree::Collation* collation);
  // Whether `collation` can compare now (a built-in, or a custom id with a comparator).
  bool Defined(btree::Collation collation) const;
  // As Defined, asking the needed callback first when it is not.
  bool Resolve(btree::Collation collation);

  // Registers, replaces (same name, any case) or, with a null comparator, removes the
  // comparator of an application collation. The caller expires the programs compiled before.
  // False when the registry is full.
  bool Set(std::string_view name, Comparator comparator);
  void SetNeededCallback(NeededCallback callback) { needed_ = std::move(callback); }

  // btree::CustomCollations. Compare on an undefined id compares as BINARY (a program is
  // never compiled with one; this keeps a stale one safe).
  int Compare(btree::Collation collation, const uint8_t* a, uint32_t a_size, const uint8_t* b,
              uint32_t b_size) const override;
  // The built-ins' names in upper case; application names as first declared.
  std::string_view Name(btree::Collation collation) const override;

 private:
  struct Entry {
    std::string name;
    Comparator comparator;  // null: undefined (invariant 2)
  };

  // The index in entries_ of `name`, or -1.
  int FindEntry(std::string_view name) const;
  const Entry* EntryOf(btree::Collation collation) const;

  std::vector<Entry> entries_;  // entries_[i] has id kFirstCustomCollation + i
  NeededCallback needed_;
};

// The built-in named `name` (case-insensitive); false for any other name.
bool BuiltinCollation(std::string_view name, btree::Collation* collation);

}  // namespace simlite::vdbe
