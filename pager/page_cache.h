// PageCache: a pool of page frames with O(1) lookup by page number (an intrusive hash
// table), an LRU list of evictable frames and a dirty list, all Boost.Intrusive, so a page
// access allocates nothing.
//
// Invariants
//  1. A frame is in exactly one of: the free list (holds no page), the LRU list (holds a
//     clean, unpinned page), the dirty list (holds a dirty page, pinned or not), or no list
//     (a clean, pinned page). Frames holding a page are also in the hash table.
//  2. Only LRU frames are evicted, least recently unpinned first.
//  3. When no frame is free or evictable, the pool grows (so a transaction larger than the
//     cache still works; spilling to a journal is the journal strategies' future job).
#pragma once

#include <boost/intrusive/list.hpp>
#include <boost/intrusive/unordered_set.hpp>
#include <cstdint>
#include <memory>
#include <vector>

namespace simlite::pager {

using Pgno = uint32_t;

namespace bi = boost::intrusive;
struct LruTag;
struct DirtyTag;
using LruHook = bi::list_base_hook<bi::tag<LruTag>, bi::link_mode<bi::safe_link>>;
using HashHook = bi::unordered_set_base_hook<bi::link_mode<bi::safe_link>>;

// One page-sized buffer and its bookkeeping. LruHook links it into the free, LRU or dirty
// list (at most one at a time).
struct Frame : public LruHook, public HashHook {
  Pgno pgno = 0;             // 0: the frame holds no page
  uint32_t pin_count = 0;
  bool dirty = false;        // changed in the current write transaction
  // The id of the innermost savepoint mark open when this page's image was last saved (see
  // Pager's savepoints); 0 for none. Every mark whose id is at most this holds the page.
  uint64_t savepoint = 0;
  std::unique_ptr<uint8_t[]> data;
};

class PageCache {
 public:
  // capacity_frames: frames to keep before growing; page_size: bytes per frame.
  PageCache(uint32_t capacity_frames, uint32_t page_size);
  ~PageCache();
  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;

  // The frame holding pgno, pinned, or null. Counts a hit or a miss.
  Frame* Lookup(Pgno pgno);
  // A frame for pgno (which must not be cached), pinned, with undefined content: a free
  // frame, else the LRU frame evicted (only when evict_allowed), else a new one.
  Frame* Assign(Pgno pgno, bool evict_allowed);
  // Drops one pin; an unpinned clean frame becomes evictable.
  void Unpin(Frame* frame, bool evictable);
  // Moves a pinned frame onto the dirty list.
  void MarkDirty(Frame* frame);
  // Every dirty frame becomes clean (pinned ones stay out of the LRU list).
  void CleanAll(bool evictable);
  // Forgets the page a frame holds; the frame must be unpinned or pinned only by the caller
  // who then stops using it. Dirty or not.
  void Discard(Frame* frame);
  // Forgets every unpinned page (clean or dirty).
  void DiscardUnpinned();
  // Releases least recently used clean frames until the pool is back to its capacity
  // (after a transaction made it grow).
  void ShrinkToCapacity();

  // The dirty frames, in no particular order.
  template <typename Fn>
  void ForEachDirty(Fn fn) {
    for (Frame& frame : dirty_) fn(&frame);
  }

  uint32_t page_size() const { return page_size_; }
  uint32_t frame_count() const { return static_cast<uint32_t>(frames_.size()); }
  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }
  uint64_t evictions() const { return evictions_; }

 private:
  struct FrameKey {
    using type = Pgno;
    Pgno operator()(const Frame& frame) const { return frame.pgno; }
  };
  struct PgnoHash {
    size_t operator()(Pgno pgno) const { return pgno * 0x9e3779b1u; }
  };
  using FrameList = bi::list<Frame, bi::base_hook<LruHook>, bi::constant_time_size<false>>;
  using Table = bi::unordered_set<Frame, bi::base_hook<HashHook>, bi::key_of_value<FrameKey>,
                                  bi::hash<PgnoHash>, bi::power_2_buckets<true>,
                                  bi::constant_time_size<true>>;

  Frame* Grow();
  void RehashIfNeeded();
  void Unlink(Frame* frame);

  uint32_t capacity_frames_;
  uint32_t page_size_;
  std::vector<std::unique_ptr<Frame>> frames_;
  std::vector<Table::bucket_type> buckets_;
  std::unique_ptr<Table> table_;
  FrameList free_;
  FrameList lru_;
  FrameList dirty_;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
  uint64_t evictions_ = 0;
};

}  // namespace simlite::pager
