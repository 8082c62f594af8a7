// Metamorphic oracles (SQLancer's TLP and NoREC, Rigger and Su): checks of simlite against
// itself, which catch optimizer bugs even where real SQLite is not consulted, or where it
// would be wrong the same way.
//
// Both start from a SELECT the workload drew, "SELECT cols FROM from WHERE p", taken apart
// with simlite's parser (any generator's SELECTs qualify, not a fixed shape):
//  - TLP (ternary logic partitioning): the rows of "SELECT cols FROM from" are, as a multiset,
//    those of WHERE (p), WHERE NOT (p) and WHERE (p) IS NULL together;
//  - NoREC (non-optimizing reference engine construction): "SELECT count(*) FROM from WHERE
//    p" counts what "SELECT sum(CASE WHEN (p) THEN 1 ELSE 0 END) FROM from" adds up, the
//    second evaluating p on every row, where no index or rewrite can use it.
// Only SELECTs whose rows are a function of the WHERE's rows qualify: one core, no WITH,
// DISTINCT, GROUP BY, HAVING, aggregate or window function, LIMIT, or function with a random
// result.
#pragma once

#include <string>
#include <vector>

namespace simlite::sim {

struct MetamorphicQueries {
  // TLP: the query without its WHERE, then its three partitions.
  std::string whole;
  std::vector<std::string> partitions;
  // NoREC: the count the optimizer works out, and the one evaluated row by row.
  std::string optimized_count;
  std::string unoptimized_count;
};

// The derived queries of `sql`; false when it does not qualify.
bool DeriveMetamorphicQueries(const std::string& sql, MetamorphicQueries* queries);

}  // namespace simlite::sim
