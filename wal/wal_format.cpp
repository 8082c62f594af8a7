#include "wal/wal_format.h"

#include <cassert>
#include <cstring>

#include "common/varint.h"

namespace simlite::wal {

namespace {

uint32_t LoadWord(const uint8_t* p, bool big_endian) {
  uint32_t word;
  std::memcpy(&word, p, sizeof(word));
  return big_endian == NativeBigEndian() ? word : __builtin_bswap32(word);
}

bool ValidPageSize(uint32_t page_size) {
  return page_size >= kMinPageSize && page_size <= kMaxPageSize &&
         (page_size & (page_size - 1)) == 0;
}

}  // namespace

Checksum ChecksumBytes(bool big_endian_words, const uint8_t* data, size_t length,
                       Checksum sum) {
  assert(length % 8 == 0);
  uint32_t s0 = sum.s0;
  uint32_t s1 = sum.s1;
  for (size_t offset = 0; offset < length; offset += 8) {
    s0 += LoadWord(data + offset, big_endian_words) + s1;
    s1 += LoadWord(data + offset + 4, big_endian_words) + s0;
  }
  return Checksum{s0, s1};
}

void EncodeWalHeader(WalHeader* header, uint8_t* out) {
  Put4(out, header->magic);
  Put4(out + 4, header->version);
  Put4(out + 8, header->page_size);
  Put4(out + 12, header->checkpoint_seq);
  std::memcpy(out + 16, header->salt, 8);
  header->checksum = ChecksumBytes(header->big_endian_words(), out, 24, Checksum{});
  Put4(out + 24, header->checksum.s0);
  Put4(out + 28, header->checksum.s1);
}

bool DecodeWalHeader(const uint8_t* in, WalHeader* header) {
  header->magic = Get4(in);
  header->version = Get4(in + 4);
  header->page_size = Get4(in + 8);
  header->checkpoint_seq = Get4(in + 12);
  std::memcpy(header->salt, in + 16, 8);
  header->checksum = Checksum{Get4(in + 24), Get4(in + 28)};
  if ((header->magic & ~1u) != kWalMagic || !ValidPageSize(header->page_size)) return false;
  return ChecksumBytes(header->big_endian_words(), in, 24, Checksum{}) == header->checksum;
}

void EncodeFrameHeader(bool big_endian_words, Pgno pgno, uint32_t db_size_after,
                       const uint8_t* salt, const uint8_t* data, uint32_t page_size,
                       Checksum* sum, uint8_t* out) {
  Put4(out, pgno);
  Put4(out + 4, db_size_after);
  std::memcpy(out + 8, salt, 8);
  // The checksum covers the first 8 bytes of the frame header, then the page.
  *sum = ChecksumBytes(big_endian_words, out, 8, *sum);
  *sum = ChecksumBytes(big_endian_words, data, page_size, *sum);
  Put4(out + 16, sum->s0);
  Put4(out + 20, sum->s1);
}

bool DecodeFrame(bool big_endian_words, const uint8_t* salt, const uint8_t* header,
                 const uint8_t* data, uint32_t page_size, Checksum* sum, Pgno* pgno,
                 uint32_t* db_size_after) {
  if (std::memcmp(header + 8, salt, 8) != 0) return false;  // left over from an older WAL
  Pgno frame_pgno = Get4(header);
  if (frame_pgno == 0) return false;
  Checksum next = ChecksumBytes(big_endian_words, header, 8, *sum);
  next = ChecksumBytes(big_endian_words, data, page_size, next);
  if (next != Checksum{Get4(header + 16), Get4(header + 20)}) return false;
  *sum = next;
  *pgno = frame_pgno;
  *db_size_after = Get4(header + 4);
  return true;
}

}  // namespace simlite::wal
