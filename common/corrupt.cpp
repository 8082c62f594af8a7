#include "common/corrupt.h"

namespace simlite {
namespace {
// One engine runs single-threaded per connection; the site is diagnostic only.
thread_local CorruptSite last_site;
}  // namespace

Rc ReportCorrupt(const char* file, int line) {
  last_site = CorruptSite{file, line};
  return Rc::kCorrupt;
}

CorruptSite LastCorruptSite() { return last_site; }

}  // namespace simlite
