// The WAL file format (fileformat2.html, "The Write-Ahead Log"): a 32-byte header, then frames
// of a 24-byte frame header and one page. Every integer in the file is big-endian; the
// checksums run over 32-bit words whose byte order the header's magic number chooses
// (0x377f0682: little-endian words, 0x377f0683: big-endian words), cumulatively from the
// header through every frame, so a frame is valid only if all before it are.
#pragma once

#include <cstddef>
#include <cstdint>

namespace simlite::wal {

using Pgno = uint32_t;

constexpr uint32_t kWalMagic = 0x377f0682;  // | 1 for big-endian checksum words
constexpr uint32_t kWalFormatVersion = 3007000;
constexpr uint32_t kWalHeaderSize = 32;
constexpr uint32_t kFrameHeaderSize = 24;
constexpr uint32_t kMinPageSize = 512;
constexpr uint32_t kMaxPageSize = 65536;

// The running checksum (s0, s1) of fileformat2.html 4.2.
struct Checksum {
  uint32_t s0 = 0;
  uint32_t s1 = 0;
  bool operator==(const Checksum&) const = default;
};

// Continues `sum` over `data`, whose length is a multiple of 8, reading 32-bit words in
// big-endian order when big_endian_words, else little-endian.
Checksum ChecksumBytes(bool big_endian_words, const uint8_t* data, size_t length, Checksum sum);

// Whether this machine's byte order is big-endian: SQLite writes new WALs with checksum
// words in the native order, and so do we.
constexpr bool NativeBigEndian() {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return true;
#else
  return false;
#endif
}

struct WalHeader {
  uint32_t magic = 0;
  uint32_t version = 0;
  uint32_t page_size = 0;
  uint32_t checkpoint_seq = 0;
  uint8_t salt[8] = {};  // salt-1, salt-2 as stored (big-endian bytes)
  Checksum checksum;     // of the first 24 bytes

  bool big_endian_words() const { return (magic & 1) != 0; }
};

// Fills header->magic..salt and computes its checksum, then writes the 32 bytes to out.
void EncodeWalHeader(WalHeader* header, uint8_t* out);

// Decodes a header. Returns false (header contents unspecified) when it is not a valid WAL
// header: wrong magic, page size not a power of two in [512, 65536], or a bad checksum. The
// version is returned as found: a caller refuses versions other than kWalFormatVersion.
bool DecodeWalHeader(const uint8_t* in, WalHeader* header);

// Byte offset of frame `frame` (numbered from 1) in a WAL of page_size pages.
constexpr uint64_t FrameOffset(uint32_t frame, uint32_t page_size) {
  return kWalHeaderSize + uint64_t{frame - 1} * (uint64_t{page_size} + kFrameHeaderSize);
}

// Writes the 24-byte header of a frame holding page `pgno` (`data`, page_size bytes) into
// out, continuing the running checksum *sum (which then covers this frame). db_size_after is
// the database size in pages for a commit frame, 0 for any other.
void EncodeFrameHeader(bool big_endian_words, Pgno pgno, uint32_t db_size_after,
                       const uint8_t* salt, const uint8_t* data, uint32_t page_size,
                       Checksum* sum, uint8_t* out);

// Checks a frame read from the WAL (header at `header`, page at `data`) against the WAL's
// salt and the running checksum *sum. When it is valid, returns true, advances *sum past it
// and sets *pgno and *db_size_after; otherwise returns false and leaves *sum alone.
bool DecodeFrame(bool big_endian_words, const uint8_t* salt, const uint8_t* header,
                 const uint8_t* data, uint32_t page_size, Checksum* sum, Pgno* pgno,
                 uint32_t* db_size_after);

}  // namespace simlite::wal
