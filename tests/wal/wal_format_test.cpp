// The WAL file format and the wal-index against what real SQLite writes: checksums by the
// formula of fileformat2.html 4.2, SQLite's WAL frames decoded and re-encoded byte for byte,
// and SQLite's live -shm read through WalIndex. Plus the wal-index hash against a brute
// force search and the byte layout of walformat.html 2.2.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/varint.h"
#include "io/posix_io.h"
#include "simulator/sim_io.h"
#include "tests/support/sqlite_process.h"
#include "tests/support/temp_dir.h"
#include "wal/wal_format.h"
#include "wal/wal_index.h"

namespace simlite::wal {
namespace {

using simlite::testing::SqliteProcess;
using simlite::testing::TempDir;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

const uint8_t* Bytes(const std::string& text) {
  return reinterpret_cast<const uint8_t*>(text.data());
}

TEST(WalChecksum, FollowsTheSpecFormula) {
  // s0 += x(i) + s1; s1 += x(i+1) + s0, over words 1, 2, 3, 4: (1, 3), then (7, 14).
  const uint8_t data[16] = {0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4};
  EXPECT_EQ(ChecksumBytes(true, data, 16, Checksum{}), (Checksum{7, 14}));
  // The same bytes read as little-endian words: 0x01000000, 0x02000000, ...
  EXPECT_EQ(ChecksumBytes(false, data, 16, Checksum{}), (Checksum{0x07000000, 0x0e000000}));
  // Continuing a running sum is the same as one pass.
  EXPECT_EQ(ChecksumBytes(true, data + 8, 8, ChecksumBytes(true, data, 8, Checksum{})),
            (Checksum{7, 14}));
  // Arithmetic is modulo 2^32.
  const uint8_t ones[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  EXPECT_EQ(ChecksumBytes(true, ones, 8, Checksum{}), (Checksum{0xffffffff, 0xfffffffe}));
}

struct ScannedFrame {
  Pgno pgno;
  uint32_t db_size_after;
  Checksum sum;  // running checksum after this frame
};

// Decodes frames from the start of a WAL image until the first invalid one.
std::vector<ScannedFrame> ScanFrames(const std::string& image, const WalHeader& header) {
  std::vector<ScannedFrame> frames;
  Checksum sum = header.checksum;
  for (uint32_t frame = 1;; frame++) {
    uint64_t offset = FrameOffset(frame, header.page_size);
    if (offset + kFrameHeaderSize + header.page_size > image.size()) break;
    ScannedFrame scanned{};
    if (!DecodeFrame(header.big_endian_words(), header.salt, Bytes(image) + offset,
                     Bytes(image) + offset + kFrameHeaderSize, header.page_size, &sum,
                     &scanned.pgno, &scanned.db_size_after)) {
      break;
    }
    scanned.sum = sum;
    frames.push_back(scanned);
  }
  return frames;
}

class RealSqliteWalTest : public ::testing::Test {
 protected:
  static constexpr int kInserts = 30;

  void SetUp() override {
    db_ = dir_.File("db");
    sqlite_ = std::make_unique<SqliteProcess>(db_);
    ASSERT_EQ(sqlite_->Exec("PRAGMA page_size=1024; PRAGMA journal_mode=WAL;"
                            "PRAGMA wal_autocheckpoint=0;"
                            "CREATE TABLE t(a INTEGER PRIMARY KEY, b BLOB);"),
              "wal\n0");
    for (int insert_idx = 0; insert_idx < kInserts; insert_idx++) {
      ASSERT_EQ(sqlite_->Exec("BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n "
                              "WHERE i<" + std::to_string(insert_idx * 7 + 1) +
                              ") INSERT INTO t(b) SELECT randomblob(200) FROM n;"
                              "UPDATE t SET b = randomblob(100) WHERE a % 11 = " +
                              std::to_string(insert_idx % 11) + "; COMMIT;"),
                "");
    }
    wal_ = ReadFile(db_ + "-wal");
    ASSERT_GT(wal_.size(), kWalHeaderSize);
    ASSERT_TRUE(DecodeWalHeader(Bytes(wal_), &header_));
    frames_ = ScanFrames(wal_, header_);
  }

  TempDir dir_;
  std::string db_;
  std::unique_ptr<SqliteProcess> sqlite_;
  std::string wal_;
  WalHeader header_;
  std::vector<ScannedFrame> frames_;
};

TEST_F(RealSqliteWalTest, HeaderAndFramesDecodeAndReencodeByteForByte) {
  EXPECT_EQ(header_.magic, kWalMagic | (NativeBigEndian() ? 1u : 0u));
  EXPECT_EQ(header_.version, kWalFormatVersion);
  EXPECT_EQ(header_.page_size, 1024u);
  WalHeader again = header_;
  uint8_t encoded[kWalHeaderSize];
  EncodeWalHeader(&again, encoded);
  EXPECT_EQ(std::memcmp(encoded, Bytes(wal_), kWalHeaderSize), 0);
  // Every frame SQLite wrote is valid (it never restarted this WAL).
  const uint64_t frame_bytes = 1024 + kFrameHeaderSize;
  EXPECT_EQ(frames_.size(), (wal_.size() - kWalHeaderSize) / frame_bytes);
  EXPECT_EQ((wal_.size() - kWalHeaderSize) % frame_bytes, 0u);
  size_t commits = 0;
  for (const ScannedFrame& frame : frames_) commits += frame.db_size_after != 0;
  EXPECT_EQ(commits, size_t{kInserts + 1});  // CREATE TABLE, then each transaction
  EXPECT_EQ(std::to_string(frames_.back().db_size_after), sqlite_->Exec("PRAGMA page_count"));
  Checksum sum = header_.checksum;
  for (uint32_t frame = 1; frame <= frames_.size(); frame++) {
    const uint8_t* original = Bytes(wal_) + FrameOffset(frame, 1024);
    uint8_t reencoded[kFrameHeaderSize];
    EncodeFrameHeader(header_.big_endian_words(), frames_[frame - 1].pgno,
                      frames_[frame - 1].db_size_after, header_.salt,
                      original + kFrameHeaderSize, 1024, &sum, reencoded);
    ASSERT_EQ(std::memcmp(reencoded, original, kFrameHeaderSize), 0) << "frame " << frame;
  }
}

TEST_F(RealSqliteWalTest, ADamagedFrameEndsTheValidLog) {
  ASSERT_GT(frames_.size(), 20u);
  std::string damaged = wal_;
  damaged[FrameOffset(12, 1024) + kFrameHeaderSize + 500] ^= 0x01;  // page bytes of frame 12
  EXPECT_EQ(ScanFrames(damaged, header_).size(), 11u);
  damaged = wal_;
  damaged[FrameOffset(5, 1024) + 9] ^= 0x80;  // salt-1 of frame 5
  EXPECT_EQ(ScanFrames(damaged, header_).size(), 4u);
  damaged = wal_;
  damaged[20] ^= 0x01;  // salt-2 in the WAL header: its checksum fails
  WalHeader header;
  EXPECT_FALSE(DecodeWalHeader(Bytes(damaged), &header));
}

TEST_F(RealSqliteWalTest, WalIndexReadsSqlitesLiveSharedMemory) {
  std::unique_ptr<io::Io> io = io::CreateDefaultIo();
  io::FileId file = io::kNoFile;
  ASSERT_EQ(io->Open(db_, io::OpenFlags{}, &file), Rc::kOk);
  {
    WalIndex index(io.get(), file);
    bool mapped = false;
    ASSERT_EQ(index.MapHeader(/*extend=*/false, &mapped), Rc::kOk);
    ASSERT_TRUE(mapped);
    IndexHeader header;
    ASSERT_TRUE(index.TryReadHeader(&header));  // SQLite's header checksum, verified
    EXPECT_EQ(header.version, kIndexFormatVersion);
    EXPECT_EQ(header.max_frame, frames_.size());
    EXPECT_EQ(header.page_count, frames_.back().db_size_after);
    EXPECT_EQ(header.page_size(), 1024u);
    EXPECT_EQ(std::memcmp(header.salt, header_.salt, 8), 0);
    EXPECT_EQ(header.frame_checksum[0], frames_.back().sum.s0);
    EXPECT_EQ(header.frame_checksum[1], frames_.back().sum.s1);
    EXPECT_EQ(header.big_endian_checksum, header_.big_endian_words() ? 1 : 0);
    EXPECT_EQ(index.backfill(), 0u);
    EXPECT_EQ(index.read_mark(0), 0u);
    // SQLite's hash tables answer our lookups: the newest frame of each page, for any bound.
    for (uint32_t max_frame : {header.max_frame, header.max_frame / 2, 1u}) {
      std::map<Pgno, uint32_t> newest;
      for (uint32_t frame = 1; frame <= max_frame; frame++) {
        Pgno pgno = 0;
        ASSERT_EQ(index.FramePgno(frame, &pgno), Rc::kOk);
        ASSERT_EQ(pgno, frames_[frame - 1].pgno) << frame;
        newest[pgno] = frame;
      }
      for (Pgno pgno = 1; pgno <= header.page_count + 1; pgno++) {
        uint32_t found = 0;
        ASSERT_EQ(index.Find(pgno, 1, max_frame, &found), Rc::kOk);
        EXPECT_EQ(found, newest.count(pgno) ? newest[pgno] : 0u) << pgno << " " << max_frame;
      }
    }
  }
  io->Close(file);
}

// ---- The hash on its own ----

class WalIndexHashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    io_ = std::make_unique<sim::SimIo>(&disk_, 1);
    ASSERT_EQ(io_->Open("db", io::OpenFlags{.create = true}, &file_), Rc::kOk);
    index_ = std::make_unique<WalIndex>(io_.get(), file_);
    bool mapped = false;
    ASSERT_EQ(index_->MapHeader(/*extend=*/true, &mapped), Rc::kOk);
  }
  uint8_t* Region(uint32_t region_idx) {
    uint8_t* region = nullptr;
    EXPECT_EQ(io_->ShmMap(file_, region_idx, io::kShmRegionSize, false, &region), Rc::kOk);
    return region;
  }
  uint32_t Word(uint32_t region_idx, uint32_t offset) {
    uint32_t word;
    std::memcpy(&word, Region(region_idx) + offset, 4);
    return word;
  }
  uint16_t Slot(uint32_t region_idx, uint32_t slot) {
    uint16_t value;
    std::memcpy(&value, Region(region_idx) + 16384 + 2 * slot, 2);
    return value;
  }

  sim::SimDisk disk_;
  std::unique_ptr<sim::SimIo> io_;
  io::FileId file_ = io::kNoFile;
  std::unique_ptr<WalIndex> index_;
};

TEST_F(WalIndexHashTest, LayoutIsWalformatHtml) {
  // Frame 1's page number at byte 136 of region 0; page P's hash slot (P * 383) % 8192.
  ASSERT_EQ(index_->Append(1, 5, 0), Rc::kOk);
  ASSERT_EQ(index_->Append(2, 77, 1), Rc::kOk);
  EXPECT_EQ(Word(0, 136), 5u);
  EXPECT_EQ(Word(0, 140), 77u);
  EXPECT_EQ(Slot(0, (5 * 383) % 8192), 1);
  EXPECT_EQ(Slot(0, (77 * 383) % 8192), 2);
  // A collision takes the next slot: 5 + 8192 hashes like 5.
  ASSERT_EQ(index_->Append(3, 5 + 8192, 2), Rc::kOk);
  EXPECT_EQ(Slot(0, (5 * 383) % 8192 + 1), 3);
  // Frame 4063 is the first of region 1: page numbers from its byte 0.
  for (uint32_t frame = 4; frame <= 4063; frame++) {
    ASSERT_EQ(index_->Append(frame, 9, frame - 1), Rc::kOk);
  }
  EXPECT_EQ(Word(0, 136 + 4 * 4061), 9u);  // frame 4062, the last of region 0
  EXPECT_EQ(Word(1, 0), 9u);
  EXPECT_EQ(Slot(1, (9 * 383) % 8192), 1);
  EXPECT_EQ(RegionOfFrame(4062), 0u);
  EXPECT_EQ(RegionOfFrame(4063), 1u);
  EXPECT_EQ(RegionOfFrame(4062 + 4096), 1u);
  EXPECT_EQ(RegionOfFrame(4062 + 4097), 2u);
}

TEST_F(WalIndexHashTest, FindMatchesBruteForceAcrossRegionsAndTruncation) {
  io::Random random(42);
  std::vector<Pgno> pages = {0};  // pages[frame]
  auto append_frames = [&](uint32_t count, uint32_t page_range) {
    for (uint32_t frame_idx = 0; frame_idx < count; frame_idx++) {
      Pgno pgno = 1 + static_cast<Pgno>(random.Uniform(page_range));
      uint32_t frame = static_cast<uint32_t>(pages.size());
      ASSERT_EQ(index_->Append(frame, pgno, frame - 1), Rc::kOk);
      pages.push_back(pgno);
    }
  };
  auto check = [&](uint32_t probes) {
    for (uint32_t probe_idx = 0; probe_idx < probes; probe_idx++) {
      uint32_t max_frame = 1 + static_cast<uint32_t>(random.Uniform(pages.size() - 1));
      uint32_t min_frame = 1 + static_cast<uint32_t>(random.Uniform(max_frame));
      Pgno pgno = pages[1 + random.Uniform(pages.size() - 1)];
      uint32_t expected = 0;
      for (uint32_t frame = min_frame; frame <= max_frame; frame++) {
        if (pages[frame] == pgno) expected = frame;
      }
      uint32_t found = 0;
      ASSERT_EQ(index_->Find(pgno, min_frame, max_frame, &found), Rc::kOk);
      ASSERT_EQ(found, expected) << pgno << " in [" << min_frame << ", " << max_frame << "]";
    }
  };
  append_frames(10000, 700);  // three regions, many collisions
  check(3000);
  // A writer that failed left frames 9001..10000 in the hash; the next one appends over them.
  pages.resize(9001);
  append_frames(500, 50);
  check(3000);
  uint32_t found = 0;
  ASSERT_EQ(index_->Find(pages[9600 - 100], 9700, 10000, &found), Rc::kOk);
  EXPECT_EQ(found, 0u);  // nothing left past frame 9500
}

}  // namespace
}  // namespace simlite::wal
