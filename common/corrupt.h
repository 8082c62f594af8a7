// Corrupt input is an error, never an assert (STYLE.md 4). SIMLITE_CORRUPT() returns
// Rc::kCorrupt and records where it was detected, so a test or the simulator can say which
// check fired.
#pragma once

#include "common/result_code.h"

namespace simlite {

// Where the most recent corruption was detected (file and line), for diagnostics only.
struct CorruptSite {
  const char* file = nullptr;
  int line = 0;
};

Rc ReportCorrupt(const char* file, int line);
CorruptSite LastCorruptSite();

}  // namespace simlite

#define SIMLITE_CORRUPT() ::simlite::ReportCorrupt(__FILE__, __LINE__)
