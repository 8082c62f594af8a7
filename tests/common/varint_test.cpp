#include "common/varint.h"

#include <gtest/gtest.h>

#include <vector>

namespace simlite {
namespace {

// Boundaries of every encoded length, per fileformat2.html.
const uint64_t kValues[] = {0,
                            1,
                            0x7f,
                            0x80,
                            0x3fff,
                            0x4000,
                            0x1fffff,
                            0x200000,
                            0xfffffff,
                            0x10000000,
                            0x7ffffffffULL,
                            0x800000000ULL,
                            0x00ffffffffffffffULL,
                            0x0100000000000000ULL,
                            0xffffffffffffffffULL,
                            0x8000000000000000ULL};

TEST(Varint, RoundTripsAndLengths) {
  for (uint64_t value : kValues) {
    uint8_t buffer[kVarintMaxBytes] = {};
    int written = PutVarint(buffer, value);
    EXPECT_EQ(written, VarintLength(value)) << value;
    uint64_t decoded = 0;
    EXPECT_EQ(GetVarint(buffer, sizeof(buffer), &decoded), written) << value;
    EXPECT_EQ(decoded, value);
  }
  EXPECT_EQ(VarintLength(0x7f), 1);
  EXPECT_EQ(VarintLength(0x80), 2);
  EXPECT_EQ(VarintLength(0x00ffffffffffffffULL), 8);
  EXPECT_EQ(VarintLength(0x0100000000000000ULL), 9);
}

TEST(Varint, KnownEncodings) {
  uint8_t buffer[kVarintMaxBytes];
  ASSERT_EQ(PutVarint(buffer, 0x81), 2);
  EXPECT_EQ(buffer[0], 0x81);
  EXPECT_EQ(buffer[1], 0x01);
  ASSERT_EQ(PutVarint(buffer, 0xffffffffffffffffULL), 9);
  for (int byte_idx = 0; byte_idx < 9; byte_idx++) EXPECT_EQ(buffer[byte_idx], 0xff);
}

TEST(Varint, TruncatedInputIsRejected) {
  uint8_t buffer[kVarintMaxBytes];
  int written = PutVarint(buffer, 0x10000000);
  uint64_t decoded = 0;
  for (int available = 0; available < written; available++) {
    EXPECT_EQ(GetVarint(buffer, available, &decoded), 0) << available;
  }
}

TEST(Varint, FixedWidth) {
  uint8_t buffer[4];
  Put4(buffer, 0xdeadbeef);
  EXPECT_EQ(Get4(buffer), 0xdeadbeefu);
  Put2(buffer, 0xbeef);
  EXPECT_EQ(Get2(buffer), 0xbeef);
}

}  // namespace
}  // namespace simlite
