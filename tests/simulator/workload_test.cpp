// The simulator's workload is a pure function of its seed.
#include "simulator/workload.h"

#include <gtest/gtest.h>

#include <set>

namespace simlite::sim {
namespace {

std::vector<std::string> Stream(uint64_t seed, int count, bool faults = true) {
  Workload workload(DrawConfig(seed, faults));
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
  for (uint64_t seed = 1; seed <= 40; seed++) {
    for (const std::string& sql : Stream(seed, 300)) {
      EXPECT_FALSE(sql.empty());
      // One statement each (a trigger's body separates its own with ';'), and no "--",
      // which would make the rest of the line a comment.
      if (sql.rfind("CREATE TRIGGER", 0) != 0) {
        EXPECT_EQ(sql.find(';'), std::string::npos) << sql;
      }
      EXPECT_EQ(sql.find("--"), std::string::npos) << sql;
    }
  }
}

// Each newer knob is on for some seeds and off for others, and a seed with it on draws its
// statements (schema features appear in CREATE statements, the others in the stream).
TEST(Workload, FeatureKnobsReachTheStatements) {
  struct Knob {
    const char* name;
    bool SwarmConfig::*flag;
    const char* marker;  // a piece of SQL only that knob produces
  };
  const Knob knobs[] = {
      {"defaults", &SwarmConfig::defaults, " DEFAULT ("},
      {"checks", &SwarmConfig::checks, "CHECK ("},
      {"collations", &SwarmConfig::collations, "COLLATE RTRIM"},
      {"rich_indexes", &SwarmConfig::rich_indexes, "CREATE UNIQUE INDEX"},
      {"temp_tables", &SwarmConfig::temp_tables, "CREATE TEMP TABLE"},
      {"views", &SwarmConfig::views, "CREATE VIEW"},
      {"triggers", &SwarmConfig::triggers, "CREATE TRIGGER"},
      {"subqueries", &SwarmConfig::subqueries, " AS sq"},
      {"compounds", &SwarmConfig::compounds, "SELECT "},
      {"having", &SwarmConfig::having, " HAVING "},
      {"like", &SwarmConfig::like, " LIKE "},
      {"upserts", &SwarmConfig::upserts, " ON CONFLICT"},
      {"insert_select", &SwarmConfig::insert_select, ") SELECT "},
      {"returning", &SwarmConfig::returning, " RETURNING quote("},
  };
  for (const Knob& knob : knobs) {
    int on = 0, off = 0, seen_on = 0, seen_off = 0;
    for (uint64_t seed = 1; seed <= 60; seed++) {
      const SwarmConfig config = DrawConfig(seed, false);
      bool seen = false;
      for (const std::string& sql : Stream(seed, 400, false)) {
        seen = seen || sql.find(knob.marker) != std::string::npos;
      }
      if (config.*knob.flag) {
        on++;
        seen_on += seen;
      } else {
        off++;
        seen_off += seen;
      }
    }
    EXPECT_GT(on, 10) << knob.name;
    EXPECT_GT(off, 10) << knob.name;
    EXPECT_GT(seen_on, on / 4) << knob.name;
    if (std::string(knob.marker) != "SELECT ") {
      EXPECT_EQ(seen_off, 0) << knob.name;
    }
  }
}

TEST(Workload, SettingsTheOraclesCannotFollowStayOff) {
  for (uint64_t seed = 1; seed <= 300; seed++) {
    const SwarmConfig config = DrawConfig(seed, FaultKinds{true, true});
    const FaultRates& faults = config.faults;
    const bool io_faults = faults.read_error || faults.write_error || faults.sync_error ||
                           faults.truncate_error || faults.short_write || faults.disk_full;
    if (config.crash_one_in != 0) {
      EXPECT_NE(config.synchronous, 0u) << seed;  // OFF loses commits at a power loss
      if (config.wal) {
        EXPECT_NE(config.synchronous, 1u) << seed;
      }
    }
    if (config.crash_one_in != 0 || io_faults) {
      EXPECT_FALSE(config.temp_tables) << seed;
    }
    if (io_faults) {
      EXPECT_FALSE(config.views) << seed;
    }
  }
}

}  // namespace
}  // namespace simlite::sim
