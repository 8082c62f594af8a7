#include "pager/page_cache.h"

#include <cassert>
#include <algorithm>
#include <cstring>

namespace simlite::pager {

namespace {
constexpr size_t kMinBuckets = 64;
}

PageCache::PageCache(uint32_t capacity_frames, uint32_t page_size)
    : capacity_frames_(capacity_frames < 4 ? 4 : capacity_frames), page_size_(page_size) {
  buckets_.resize(kMinBuckets);
  table_ = std::make_unique<Table>(Table::bucket_traits(buckets_.data(), buckets_.size()));
}

PageCache::~PageCache() {
  // Unlink everything before the frames go, so safe-mode hooks do not assert.
  table_->clear();
  free_.clear();
  lru_.clear();
  dirty_.clear();
}

Frame* PageCache::Lookup(Pgno pgno) {
  auto it = table_->find(pgno);
  if (it == table_->end()) {
    misses_++;
    return nullptr;
  }
  hits_++;
  Frame* frame = &*it;
  if (frame->pin_count == 0 && !frame->dirty && frame->LruHook::is_linked()) {
    lru_.erase(lru_.iterator_to(*frame));
  }
  frame->pin_count++;
  return frame;
}

Frame* PageCache::Assign(Pgno pgno, bool evict_allowed) {
  assert(pgno != 0);
  assert(table_->find(pgno) == table_->end());
  Frame* frame = nullptr;
  if (!free_.empty()) {
    frame = &free_.front();
    free_.pop_front();
  } else if (evict_allowed && !lru_.empty() && frames_.size() >= capacity_frames_) {
    frame = &lru_.front();
    lru_.pop_front();
    table_->erase(table_->iterator_to(*frame));
    evictions_++;
  } else {
    frame = Grow();
  }
  frame->pgno = pgno;
  frame->pin_count = 1;
  frame->dirty = false;
  frame->savepoint = 0;
  table_->insert(*frame);
  return frame;
}

void PageCache::Unpin(Frame* frame, bool evictable) {
  assert(frame->pin_count > 0);
  frame->pin_count--;
  if (frame->pin_count == 0 && !frame->dirty && evictable) lru_.push_back(*frame);
}

void PageCache::MarkDirty(Frame* frame) {
  assert(frame->pin_count > 0);
  if (frame->dirty) return;
  frame->dirty = true;
  dirty_.push_back(*frame);
}

void PageCache::CleanAll(bool evictable) {
  while (!dirty_.empty()) {
    Frame& frame = dirty_.front();
    dirty_.pop_front();
    frame.dirty = false;
    if (frame.pin_count == 0 && evictable) lru_.push_back(frame);
  }
}

void PageCache::Unlink(Frame* frame) {
  if (frame->LruHook::is_linked()) {
    // It is in exactly one of the three lists; find which by its state.
    FrameList& list = frame->dirty ? dirty_ : frame->pgno == 0 ? free_ : lru_;
    list.erase(list.iterator_to(*frame));
  }
}

void PageCache::Discard(Frame* frame) {
  Unlink(frame);
  if (frame->HashHook::is_linked()) table_->erase(table_->iterator_to(*frame));
  frame->pgno = 0;
  frame->pin_count = 0;
  frame->dirty = false;
  free_.push_back(*frame);
}

void PageCache::DiscardUnpinned() {
  for (std::unique_ptr<Frame>& frame : frames_) {
    if (frame->pgno != 0 && frame->pin_count == 0) Discard(frame.get());
  }
}

void PageCache::ShrinkToCapacity() {
  if (frames_.size() <= capacity_frames_) return;
  size_t excess = frames_.size() - capacity_frames_;
  size_t free_count = 0;
  for (const std::unique_ptr<Frame>& frame : frames_) free_count += frame->pgno == 0 ? 1 : 0;
  // Evict least recently used clean pages until enough frames are free...
  while (free_count < excess && !lru_.empty()) {
    Frame& frame = lru_.front();
    lru_.pop_front();
    table_->erase(table_->iterator_to(frame));
    frame.pgno = 0;
    free_.push_back(frame);
    free_count++;
  }
  // ...then release up to `excess` of the free frames, keeping the rest on the free list.
  free_.clear();
  size_t release = std::min(excess, free_count);
  std::erase_if(frames_, [&](const std::unique_ptr<Frame>& frame) {
    if (frame->pgno != 0 || release == 0) return false;
    release--;
    return true;
  });
  for (std::unique_ptr<Frame>& frame : frames_) {
    if (frame->pgno == 0) free_.push_back(*frame);
  }
}

Frame* PageCache::Grow() {
  auto frame = std::make_unique<Frame>();
  frame->data = std::make_unique<uint8_t[]>(page_size_);
  std::memset(frame->data.get(), 0, page_size_);
  frames_.push_back(std::move(frame));
  RehashIfNeeded();
  return frames_.back().get();
}

void PageCache::RehashIfNeeded() {
  if (frames_.size() <= buckets_.size()) return;
  std::vector<Table::bucket_type> bigger(buckets_.size() * 4);
  table_->rehash(Table::bucket_traits(bigger.data(), bigger.size()));
  buckets_.swap(bigger);
}

}  // namespace simlite::pager
