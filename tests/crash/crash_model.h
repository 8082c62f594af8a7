// The workload of the SIGKILL crash test, shared by the writer process and the checker so
// both know what each transaction does. Transaction k (k >= 1) inserts RowsOf(k) rows with
// rowids k * 1000 + j; every tenth transaction also deletes all rows of transaction k - 5.
#pragma once

#include <cstdint>
#include <set>

namespace simlite::crash {

constexpr int64_t kRowidsPerTxn = 1000;

inline int RowsOf(int64_t txn) { return 1 + static_cast<int>((txn * 7919) % 40); }
inline int64_t DeletedBy(int64_t txn) { return txn % 10 == 0 && txn > 5 ? txn - 5 : 0; }
// The payload size of row j of txn k: mostly small, sometimes overflowing.
inline uint32_t PayloadSize(int64_t txn, int row) {
  return (txn + row) % 17 == 0 ? 9000 : 20 + static_cast<uint32_t>((txn * 31 + row) % 200);
}

// The transactions whose rows exist after transactions 1..last committed.
inline std::set<int64_t> LiveAfter(int64_t last) {
  std::set<int64_t> live;
  for (int64_t txn = 1; txn <= last; txn++) {
    live.insert(txn);
    if (DeletedBy(txn) != 0) live.erase(DeletedBy(txn));
  }
  return live;
}

}  // namespace simlite::crash
