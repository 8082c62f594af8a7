// VdbeSorter: spilling sorted runs to a temporary file and merging them (invariant 4 of
// sorter.h).
#include <algorithm>
#include <cstring>

#include "common/corrupt.h"
#include "vdbe/sorter.h"

namespace simlite::vdbe {

namespace {

// How much of a run a reader buffers at a time.
constexpr uint64_t kReadChunk = 64 * 1024;
// Writes go out in pieces of at most this many bytes (an IoOp's length is 32 bits).
constexpr size_t kWriteChunk = size_t{1} << 30;

}  // namespace

void VdbeSorter::Release() {
  if (file_ != io::kNoFile) io_->Close(file_);
  file_ = io::kNoFile;
  file_size_ = 0;
  runs_.clear();
  readers_.clear();
  heap_.clear();
  merging_ = false;
}

// The records in memory, stable-sorted, become the file's next run; memory empties.
Rc VdbeSorter::SpillRun() {
  std::stable_sort(order_.begin(), order_.end(),
                   [this](const Entry& a, const Entry& b) { return Less(a, b); });
  SIMLITE_TRY(compare_rc_);
  spill_buffer_.clear();
  for (const Entry& entry : order_) {
    const uint8_t length[4] = {
        static_cast<uint8_t>(entry.size), static_cast<uint8_t>(entry.size >> 8),
        static_cast<uint8_t>(entry.size >> 16), static_cast<uint8_t>(entry.size >> 24)};
    spill_buffer_.insert(spill_buffer_.end(), length, length + 4);
    std::span<const uint8_t> bytes = Bytes(entry);
    spill_buffer_.insert(spill_buffer_.end(), bytes.begin(), bytes.end());
  }
  if (file_ == io::kNoFile) SIMLITE_TRY(io_->OpenTemp(&file_));
  for (size_t written = 0; written < spill_buffer_.size();) {
    const size_t length = std::min(kWriteChunk, spill_buffer_.size() - written);
    SIMLITE_TRY(io_->Write(file_, file_size_ + written, spill_buffer_.data() + written,
                           static_cast<uint32_t>(length)));
    written += length;
  }
  runs_.push_back({file_size_, spill_buffer_.size()});
  file_size_ += spill_buffer_.size();
  arena_.clear();
  order_.clear();
  return Rc::kOk;
}

Rc VdbeSorter::StartMerge(bool* empty) {
  if (!order_.empty()) SIMLITE_TRY(SpillRun());
  readers_.assign(runs_.size(), RunReader{});
  heap_.clear();
  for (size_t run_idx = 0; run_idx < runs_.size(); run_idx++) {
    RunReader& reader = readers_[run_idx];
    reader.next = runs_[run_idx].offset;
    reader.end = runs_[run_idx].offset + runs_[run_idx].size;
    bool done = false;
    SIMLITE_TRY(Advance(&reader, &done));
    if (!done) heap_.push_back(run_idx);
  }
  merging_ = true;
  std::make_heap(heap_.begin(), heap_.end(),
                 [this](size_t a, size_t b) { return ReaderBefore(b, a); });
  *empty = heap_.empty();
  return compare_rc_;
}

// Makes file bytes [from, from + need) available in the reader's buffer.
Rc VdbeSorter::Fill(RunReader* reader, uint64_t from, uint64_t need) {
  if (from >= reader->buffer_offset &&
      from + need <= reader->buffer_offset + reader->buffer.size()) {
    return Rc::kOk;
  }
  if (from + need > reader->end) return SIMLITE_CORRUPT();
  const uint64_t length = std::min(std::max(need, kReadChunk), reader->end - from);
  reader->buffer.resize(static_cast<size_t>(length));
  reader->buffer_offset = from;
  return io_->Read(file_, from, reader->buffer.data(), static_cast<uint32_t>(length));
}

Rc VdbeSorter::Advance(RunReader* reader, bool* done) {
  *done = reader->next >= reader->end;
  if (*done) return Rc::kOk;
  SIMLITE_TRY(Fill(reader, reader->next, 4));
  const uint8_t* p = reader->buffer.data() + (reader->next - reader->buffer_offset);
  const uint32_t size = static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
                        static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
  SIMLITE_TRY(Fill(reader, reader->next, 4 + uint64_t{size}));
  const size_t start = static_cast<size_t>(reader->next - reader->buffer_offset) + 4;
  reader->record = {reader->buffer.data() + start, size};
  reader->next += 4 + uint64_t{size};
  return Rc::kOk;
}

bool VdbeSorter::ReaderBefore(size_t a, size_t b) {
  const int c =
      CompareSorterRecords(readers_[a].record, readers_[b].record, *key_info_, &compare_rc_);
  return c < 0 || (c == 0 && a < b);
}

}  // namespace simlite::vdbe
