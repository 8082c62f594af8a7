// Planted bugs: known defects compiled into test builds only (cmake -DSIMLITE_PLANTED_BUGS=ON),
// each dormant until switched on at run time (simlite-sim --plant N). They prove that the
// simulator catches the kinds of bug it exists for; docs/simulator.md lists them with the
// number of seeds each took to be caught. A release build has none: On() is constant false
// and the planted branches compile away.
#pragma once

namespace simlite::planted {

enum Bug : int {
  kNone = 0,
  kNullEqualsNull = 1,       // vdbe: NULL = NULL is true
  kRealAffinityLost = 2,     // vdbe: REAL affinity leaves integers as integers
  kStaleIndexOnUpdate = 3,   // codegen: UPDATE keeps the old index entry
  kOverflowPageLeak = 4,     // btree: deleting a cell frees one overflow page too few
  kWalLastFrameIgnored = 5,  // wal: a reader's snapshot misses the WAL's last frame
  kJournalNotSynced = 6,     // pager: a commit writes the database before the journal is synced
  kCheckpointUnsynced = 7,   // wal: a checkpoint restarts the WAL before the database is synced
  kSavepointLosesPage = 8,   // pager: ROLLBACK TO forgets to restore one page
  kBugCount = 8,
};

#ifdef SIMLITE_PLANTED_BUGS
inline int active = kNone;  // set once, before any connection opens
inline bool On(Bug bug) { return active == bug; }
#else
constexpr bool On(Bug) { return false; }
#endif

}  // namespace simlite::planted
