// CollationRegistry: names to ids, undefined ids, replacement and removal, the needed
// callback, and comparisons through btree's CustomCollations (values, records, the sorter).
#include "vdbe/collation_registry.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "btree/record.h"

namespace simlite::vdbe {
namespace {

using btree::Collation;

int Reverse(const uint8_t* a, uint32_t a_size, const uint8_t* b, uint32_t b_size) {
  const uint32_t common = a_size < b_size ? a_size : b_size;
  int c = common == 0 ? 0 : std::memcmp(a, b, common);
  if (c == 0) c = a_size < b_size ? -1 : a_size > b_size ? 1 : 0;
  return -c;
}

btree::ValueView Text(const char* text) {
  btree::ValueView value;
  value.type = btree::ValueType::kText;
  value.bytes = reinterpret_cast<const uint8_t*>(text);
  value.size = static_cast<uint32_t>(std::strlen(text));
  return value;
}

TEST(CollationRegistryTest, BuiltinsHaveFixedIds) {
  CollationRegistry registry;
  Collation collation = Collation::kRtrim;
  EXPECT_TRUE(registry.Find("binary", &collation));
  EXPECT_EQ(collation, Collation::kBinary);
  EXPECT_TRUE(registry.Declare("NoCase", &collation));
  EXPECT_EQ(collation, Collation::kNoCase);
  EXPECT_TRUE(registry.Defined(Collation::kRtrim));
  EXPECT_EQ(registry.Name(Collation::kNoCase), "NOCASE");
}

TEST(CollationRegistryTest, DeclaredNamesAreUndefinedUntilSet) {
  CollationRegistry registry;
  Collation declared = Collation::kBinary;
  ASSERT_TRUE(registry.Declare("Rev", &declared));
  EXPECT_TRUE(btree::IsCustomCollation(declared));
  EXPECT_FALSE(registry.Defined(declared));
  Collation found = Collation::kBinary;
  EXPECT_FALSE(registry.Find("rev", &found));
  ASSERT_TRUE(registry.Set("REV", Reverse));
  EXPECT_TRUE(registry.Find("rev", &found));
  EXPECT_EQ(found, declared);  // the id stays with the name (invariant 1)
  EXPECT_EQ(registry.Name(found), "Rev");
  EXPECT_LT(btree::CompareValues(Text("b"), Text("a"), found, &registry), 0);
  ASSERT_TRUE(registry.Set("rev", nullptr));
  EXPECT_FALSE(registry.Defined(declared));
  // A stale program comparing with a removed collation compares as BINARY.
  EXPECT_GT(btree::CompareValues(Text("b"), Text("a"), declared, &registry), 0);
}

TEST(CollationRegistryTest, NeededCallbackMayRegister) {
  CollationRegistry registry;
  std::vector<std::string> asked;
  registry.SetNeededCallback([&](std::string_view name) {
    asked.emplace_back(name);
    if (name == "lazy") {
      ASSERT_TRUE(registry.Set(name, Reverse));
    }
  });
  Collation collation = Collation::kBinary;
  EXPECT_TRUE(registry.Find("lazy", &collation));
  EXPECT_FALSE(registry.Find("other", &collation));
  Collation declared = Collation::kBinary;
  ASSERT_TRUE(registry.Declare("later", &declared));
  EXPECT_FALSE(registry.Resolve(declared));
  EXPECT_EQ(asked, (std::vector<std::string>{"lazy", "other", "later"}));
}

TEST(CollationRegistryTest, FullRegistryRefusesNewNames) {
  CollationRegistry registry;
  Collation collation = Collation::kBinary;
  for (int name_idx = 0; name_idx < CollationRegistry::kMaxCustom; name_idx++) {
    ASSERT_TRUE(registry.Declare("c" + std::to_string(name_idx), &collation));
  }
  EXPECT_FALSE(registry.Declare("one_more", &collation));
  EXPECT_FALSE(registry.Set("one_more", Reverse));
  EXPECT_TRUE(registry.Declare("C0", &collation));  // known names still resolve
}

TEST(CollationRegistryTest, RecordsCompareThroughKeyInfo) {
  CollationRegistry registry;
  Collation rev = Collation::kBinary;
  ASSERT_TRUE(registry.Set("rev", Reverse));
  ASSERT_TRUE(registry.Find("rev", &rev));
  btree::RecordBuilder builder;
  builder.Reset();
  builder.AddText("a", 1);
  const std::vector<uint8_t> a(builder.Finish().begin(), builder.Finish().end());
  builder.Reset();
  builder.AddText("b", 1);
  const std::vector<uint8_t> b(builder.Finish().begin(), builder.Finish().end());
  btree::KeyInfo key_info{{rev}, {false}, &registry};
  Rc rc = Rc::kOk;
  EXPECT_GT(btree::CompareRecords(a, b, key_info, &rc), 0);
  btree::SearchKey key;
  key.Init(b);
  EXPECT_GT(btree::CompareRecordWithKey(a, &key, key_info, &rc), 0);
  EXPECT_EQ(rc, Rc::kOk);
}

}  // namespace
}  // namespace simlite::vdbe
