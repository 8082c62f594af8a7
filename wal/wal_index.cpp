#include "wal/wal_index.h"

#include <atomic>
#include <cassert>
#include <cstddef>
#include <cstring>

#include "common/corrupt.h"

namespace simlite::wal {

namespace {

constexpr uint32_t kHeaderCopyBytes = sizeof(IndexHeader);
constexpr uint32_t kCheckpointInfoOffset = 2 * kHeaderCopyBytes;  // 96
constexpr uint32_t kIndexHeaderBytes = kCheckpointInfoOffset + 40;  // 136
constexpr uint32_t kHashOffset = 16384;  // 4096 page-number words, then the hash
constexpr uint32_t kFramesRegion0 = (kHashOffset - kIndexHeaderBytes) / 4;  // 4062
constexpr uint32_t kFramesPerRegion = kHashOffset / 4;                      // 4096
constexpr uint32_t kHashSlots = 8192;
constexpr uint32_t kHashPrime = 383;
// Offsets of the checkpoint information's fields within region 0.
constexpr uint32_t kBackfillOffset = kCheckpointInfoOffset;
constexpr uint32_t kReadMarkOffset = kCheckpointInfoOffset + 4;
constexpr uint32_t kBackfillAttemptedOffset = kCheckpointInfoOffset + 32;

static_assert(kFramesRegion0 == 4062);
static_assert(offsetof(IndexHeader, max_frame) == 16);
static_assert(offsetof(IndexHeader, salt) == 32);
static_assert(offsetof(IndexHeader, checksum) == 40);

// Shared memory changes under other processes: single words are read and written whole.
template <typename T>
T Load(const T* word) {
  return std::atomic_ref<T>(*const_cast<T*>(word)).load(std::memory_order_relaxed);
}
template <typename T>
void Store(T* word, T value) {
  std::atomic_ref<T>(*word).store(value, std::memory_order_relaxed);
}

uint32_t* Word(uint8_t* region, uint32_t offset) {
  return reinterpret_cast<uint32_t*>(region + offset);
}

uint32_t HashKey(Pgno pgno) { return (pgno * kHashPrime) & (kHashSlots - 1); }
uint32_t NextKey(uint32_t key) { return (key + 1) & (kHashSlots - 1); }

uint32_t FirstFrameOfRegion(uint32_t region_idx) {
  return region_idx == 0 ? 1 : kFramesRegion0 + (region_idx - 1) * kFramesPerRegion + 1;
}

Checksum HeaderChecksum(const IndexHeader& header) {
  return ChecksumBytes(NativeBigEndian(), reinterpret_cast<const uint8_t*>(&header),
                       offsetof(IndexHeader, checksum), Checksum{});
}

}  // namespace

uint32_t RegionOfFrame(uint32_t frame) {
  assert(frame >= 1);
  return frame <= kFramesRegion0 ? 0 : (frame - kFramesRegion0 - 1) / kFramesPerRegion + 1;
}

Rc WalIndex::MapRegion(uint32_t region_idx, bool extend, uint8_t** region) {
  if (region_idx < regions_.size() && regions_[region_idx] != nullptr) {
    *region = regions_[region_idx];
    return Rc::kOk;
  }
  SIMLITE_TRY(io_->ShmMap(db_file_, region_idx, io::kShmRegionSize, extend, region));
  attached_ = true;
  if (*region == nullptr) return Rc::kOk;
  if (regions_.size() <= region_idx) regions_.resize(region_idx + 1, nullptr);
  regions_[region_idx] = *region;
  return Rc::kOk;
}

Rc WalIndex::MapHeader(bool extend, bool* mapped) {
  uint8_t* region = nullptr;
  SIMLITE_TRY(MapRegion(0, extend, &region));
  *mapped = region != nullptr;
  return Rc::kOk;
}

Rc WalIndex::GetBlock(uint32_t region_idx, bool extend, Block* block) {
  uint8_t* region = nullptr;
  SIMLITE_TRY(MapRegion(region_idx, extend, &region));
  if (region == nullptr) return SIMLITE_CORRUPT();  // the header promised frames here
  uint32_t pgnos_offset = region_idx == 0 ? kIndexHeaderBytes : 0;
  block->pgnos = Word(region, pgnos_offset);
  block->hash = reinterpret_cast<uint16_t*>(region + kHashOffset);
  block->first_frame = FirstFrameOfRegion(region_idx);
  block->capacity = region_idx == 0 ? kFramesRegion0 : kFramesPerRegion;
  return Rc::kOk;
}

bool WalIndex::TryReadHeader(IndexHeader* out) {
  uint8_t* region = header_region();
  assert(region != nullptr);
  IndexHeader first, second;
  std::memcpy(&first, region, kHeaderCopyBytes);
  Barrier();
  std::memcpy(&second, region + kHeaderCopyBytes, kHeaderCopyBytes);
  if (std::memcmp(&first, &second, kHeaderCopyBytes) != 0) return false;  // mid-write
  if (first.is_init == 0) return false;
  Checksum sum = HeaderChecksum(first);
  if (sum.s0 != first.checksum[0] || sum.s1 != first.checksum[1]) return false;
  *out = first;
  return true;
}

void WalIndex::WriteHeader(IndexHeader* header) {
  uint8_t* region = header_region();
  assert(region != nullptr);
  header->is_init = 1;
  header->version = kIndexFormatVersion;
  Checksum sum = HeaderChecksum(*header);
  header->checksum[0] = sum.s0;
  header->checksum[1] = sum.s1;
  std::memcpy(region + kHeaderCopyBytes, header, kHeaderCopyBytes);
  Barrier();
  std::memcpy(region, header, kHeaderCopyBytes);
}

bool WalIndex::HeaderEquals(const IndexHeader& header) {
  IndexHeader published;
  std::memcpy(&published, header_region(), kHeaderCopyBytes);
  return std::memcmp(&published, &header, kHeaderCopyBytes) == 0;
}

uint32_t WalIndex::published_max_frame() {
  return Load(Word(header_region(), offsetof(IndexHeader, max_frame)));
}

uint32_t WalIndex::backfill() { return Load(Word(header_region(), kBackfillOffset)); }
void WalIndex::set_backfill(uint32_t frames) {
  Store(Word(header_region(), kBackfillOffset), frames);
}
uint32_t WalIndex::read_mark(uint32_t reader) {
  assert(reader < kReaderCount);
  return Load(Word(header_region(), kReadMarkOffset + 4 * reader));
}
void WalIndex::set_read_mark(uint32_t reader, uint32_t frame) {
  assert(reader < kReaderCount);
  Store(Word(header_region(), kReadMarkOffset + 4 * reader), frame);
}
void WalIndex::set_backfill_attempted(uint32_t frames) {
  Store(Word(header_region(), kBackfillAttemptedOffset), frames);
}

Rc WalIndex::Append(uint32_t frame, Pgno pgno, uint32_t committed_max_frame) {
  assert(frame > committed_max_frame && pgno != 0);
  Block block;
  SIMLITE_TRY(GetBlock(RegionOfFrame(frame), /*extend=*/true, &block));
  uint32_t position = frame - block.first_frame + 1;  // 1-based, as the hash stores it
  if (position == 1) {
    // A region's first frame: whatever the region held belongs to an older WAL.
    auto* start = reinterpret_cast<uint8_t*>(block.pgnos);
    auto* end = reinterpret_cast<uint8_t*>(block.hash + kHashSlots);
    std::memset(start, 0, static_cast<size_t>(end - start));
  }
  if (Load(&block.pgnos[position - 1]) != 0) SIMLITE_TRY(TruncateAfter(committed_max_frame));
  uint32_t key = HashKey(pgno);
  // Every position below this one may sit in the probe sequence, and no more.
  for (uint32_t collisions = 0; Load(&block.hash[key]) != 0; key = NextKey(key)) {
    if (++collisions > position) return SIMLITE_CORRUPT();
  }
  Store(&block.pgnos[position - 1], pgno);
  Store(&block.hash[key], static_cast<uint16_t>(position));
  return Rc::kOk;
}

Rc WalIndex::TruncateAfter(uint32_t max_frame) {
  if (max_frame == 0) return Rc::kOk;  // appending frame 1 clears region 0 anyway
  Block block;
  SIMLITE_TRY(GetBlock(RegionOfFrame(max_frame), /*extend=*/false, &block));
  uint32_t live = max_frame - block.first_frame + 1;
  for (uint32_t slot = 0; slot < kHashSlots; slot++) {
    if (Load(&block.hash[slot]) > live) Store(&block.hash[slot], uint16_t{0});
  }
  for (uint32_t position = live; position < block.capacity; position++) {
    Store(&block.pgnos[position], 0u);
  }
  return Rc::kOk;
}

Rc WalIndex::Find(Pgno pgno, uint32_t min_frame, uint32_t max_frame, uint32_t* frame) {
  *frame = 0;
  if (max_frame == 0 || min_frame > max_frame) return Rc::kOk;
  uint32_t lowest_region = RegionOfFrame(min_frame == 0 ? 1 : min_frame);
  // From the newest region back: the first region with a match holds the newest frame.
  for (uint32_t region_idx = RegionOfFrame(max_frame) + 1; region_idx-- > lowest_region;) {
    Block block;
    SIMLITE_TRY(GetBlock(region_idx, /*extend=*/false, &block));
    uint32_t probes = 0;
    for (uint32_t key = HashKey(pgno);; key = NextKey(key)) {
      uint16_t position = Load(&block.hash[key]);
      if (position == 0) break;
      if (++probes > kHashSlots) return SIMLITE_CORRUPT();
      uint32_t candidate = block.first_frame + position - 1;
      if (candidate <= max_frame && candidate >= min_frame &&
          Load(&block.pgnos[position - 1]) == pgno) {
        *frame = candidate;  // later probes hold later frames: keep the last match
      }
    }
    if (*frame != 0) return Rc::kOk;
  }
  return Rc::kOk;
}

Rc WalIndex::FramePgno(uint32_t frame, Pgno* pgno) {
  Block block;
  SIMLITE_TRY(GetBlock(RegionOfFrame(frame), /*extend=*/false, &block));
  *pgno = Load(&block.pgnos[frame - block.first_frame]);
  return Rc::kOk;
}

Rc WalIndex::LockShared(uint32_t slot) {
  const uint8_t bit = static_cast<uint8_t>(1u << slot);
  assert(((shared_mask_ | exclusive_mask_) & bit) == 0);
  SIMLITE_TRY(io_->ShmLock(db_file_, slot, 1, io::LockKind::kShared));
  shared_mask_ |= bit;
  return Rc::kOk;
}

Rc WalIndex::LockExclusive(uint32_t slot, uint32_t count) {
  const uint8_t bits = static_cast<uint8_t>(((1u << count) - 1) << slot);
  if ((shared_mask_ & bits) != 0) return Rc::kBusy;  // invariant 3
  assert((exclusive_mask_ & bits) == 0);
  SIMLITE_TRY(io_->ShmLock(db_file_, slot, count, io::LockKind::kExclusive));
  exclusive_mask_ |= bits;
  return Rc::kOk;
}

void WalIndex::UnlockShared(uint32_t slot) {
  const uint8_t bit = static_cast<uint8_t>(1u << slot);
  assert((shared_mask_ & bit) != 0);
  Rc ignored = io_->ShmLock(db_file_, slot, 1, io::LockKind::kUnlock);
  (void)ignored;  // nothing to do about a failed unlock; detaching drops it anyway
  shared_mask_ &= static_cast<uint8_t>(~bit);
}

void WalIndex::UnlockExclusive(uint32_t slot, uint32_t count) {
  const uint8_t bits = static_cast<uint8_t>(((1u << count) - 1) << slot);
  assert((exclusive_mask_ & bits) == bits);
  Rc ignored = io_->ShmLock(db_file_, slot, count, io::LockKind::kUnlock);
  (void)ignored;
  exclusive_mask_ &= static_cast<uint8_t>(~bits);
}

void WalIndex::Detach(bool delete_shm) {
  if (!attached_) return;
  attached_ = false;
  io_->ShmUnmap(db_file_, delete_shm);
  regions_.clear();
  shared_mask_ = 0;
  exclusive_mask_ = 0;
}

}  // namespace simlite::wal
