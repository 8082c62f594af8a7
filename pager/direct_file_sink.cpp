#include "pager/direct_file_sink.h"

namespace simlite::pager {

Rc DirectFileSink::Commit(std::span<const PageRef* const> pages, Pgno page_count,
                          uint32_t page_size) {
  batch_.clear();
  for (const PageRef* page : pages) {
    if (page->pgno() > page_count) continue;  // freed past the new end
    batch_.push_back(io::IoOp::Write(file_, uint64_t{page->pgno() - 1} * page_size,
                                     page->data(), page_size));
  }
  // The truncate is a barrier after the writes; the sync after it makes all durable.
  batch_.push_back(io::IoOp::Truncate(file_, uint64_t{page_count} * page_size));
  batch_.push_back(io::IoOp::Sync(file_));
  return io_->Run(batch_);
}

}  // namespace simlite::pager
