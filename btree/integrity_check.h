// IntegrityCheck: the page-level half of PRAGMA integrity_check. It walks every listed b-tree,
// the freelist and the overflow chains, and reports, in SQLite's words where SQLite has them:
//   - pages referenced twice, never used, or out of range (page accounting);
//   - malformed pages (header, cell pointers, cells overlapping, freeblocks, fragment count);
//   - keys out of order within a page and against the parent's dividers; leaves at
//     different depths;
//   - overflow chains of the wrong length;
//   - a freelist whose size disagrees with the header.
// Findings are messages, not errors: the walk goes on after each, up to max_errors. Only
// io failures end it early (the returned Rc). Row-versus-index consistency needs the SQL
// layer and is checked there.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "btree/record.h"
#include "pager/pager.h"

namespace simlite::btree {

struct TreeToCheck {
  pager::Pgno root = 0;
  bool is_index = false;
  const KeyInfo* key_info = nullptr;  // index trees: how keys compare (null: order unchecked)
};

// Checks the database open in `pager` (in a read transaction). `trees` must list every
// b-tree in the file (sqlite_schema's root page 1 included), else their pages are reported
// as never used. Appends findings to *errors.
Rc CheckIntegrity(pager::Pager* pager, std::span<const TreeToCheck> trees, uint32_t max_errors,
                  std::vector<std::string>* errors);

}  // namespace simlite::btree
