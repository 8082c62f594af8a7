// The simlite-speed workload: a list of tests modelled on the workload of SQLite's speedtest1
// (bulk inserts, range and LIKE scans, sorts, index builds, updates, deletes, REPLACE, joins,
// subqueries, point lookups, DISTINCT, integrity_check). The tests run in order on one
// database, each building on what the earlier ones left.
#pragma once

#include <string>
#include <vector>

#include "bench/speed/bench_db.h"
#include "bench/speed/workload_data.h"

namespace simlite::bench {

struct SpeedTest {
  int id;
  std::string title;  // with its counts, e.g. "50000 INSERTs into a table, no index"
  bool write_heavy;   // part of the io-backend comparison
  void (*run)(BenchDb* db, const WorkloadData& data);
};

// The tests for `data`'s size, in the order they must run.
std::vector<SpeedTest> MakeWorkload(const WorkloadData& data);

// Hashes every row of every table (untimed): what the workload leaves behind must match too.
void DigestContents(BenchDb* db);

}  // namespace simlite::bench
