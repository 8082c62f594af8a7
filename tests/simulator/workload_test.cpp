// The simulator's workload is a pure function of its seed.
#include "simulator/workload.h"

#include <gtest/gtest.h>

#include <set>

namespace simlite::sim {
namespace {

std::vector<std::string> Stream(uint64_t seed, int count) {
  Workload workload(DrawConfig(seed, true));
  std::vector<std::string> statements = workload.Schema();
  for (int statement_idx = 0; statement_idx < count; statement_idx++) {
    statements.push_back(workload.Next());
  }
  return statements;
}

TEST(Workload, SameSeedSameStatements) {
  for (uint64_t seed = 1; seed <= 50; seed++) {
    EXPECT_EQ(Stream(seed, 200), Stream(seed, 200)) << seed;
    EXPECT_EQ(DrawConfig(seed, true).Describe(), DrawConfig(seed, true).Describe());
  }
  EXPECT_NE(Stream(1, 50), Stream(2, 50));
}

TEST(Workload, SwarmConfigurationsDiffer) {
  std::set<std::string> configs;
  int without_updates = 0, with_crashes = 0;
  for (uint64_t seed = 1; seed <= 200; seed++) {
    SwarmConfig config = DrawConfig(seed, true);
    configs.insert(config.Describe().substr(config.Describe().find(' ')));
    without_updates += config.update_weight == 0;
    with_crashes += config.crash_one_in != 0;
    EXPECT_EQ(DrawConfig(seed, false).crash_one_in, 0u);
  }
  EXPECT_GT(configs.size(), 150u);
  EXPECT_GT(without_updates, 20);  // swarm: features are switched off for whole runs
  EXPECT_GT(with_crashes, 50);
}

TEST(Workload, StatementsAreCompleteSql) {
  for (const std::string& sql : Stream(7, 500)) {
    EXPECT_FALSE(sql.empty());
    EXPECT_EQ(sql.find(';'), std::string::npos) << sql;
  }
}

}  // namespace
}  // namespace simlite::sim
