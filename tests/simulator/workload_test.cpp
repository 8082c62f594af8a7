// The simulator's workload is a pure function of its seed.
#include "simulator/workload.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

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

// The tables each trigger body writes (INSERT INTO / UPDATE / DELETE FROM after BEGIN), as
// pairs (the trigger's table, the table written).
std::vector<std::pair<std::string, std::string>> TriggerWrites(const std::string& sql) {
  std::vector<std::pair<std::string, std::string>> writes;
  const size_t on = sql.find(" ON ");
  const size_t begin = sql.find(" BEGIN ");
  if (sql.rfind("CREATE TRIGGER", 0) != 0 || on == std::string::npos ||
      begin == std::string::npos) {
    return writes;
  }
  const std::string table = sql.substr(on + 4, sql.find(' ', on + 4) - (on + 4));
  const std::string body = sql.substr(begin);
  for (const char* verb : {"; INSERT INTO ", "; UPDATE ", "; DELETE FROM "}) {
    const std::string marker = verb;
    // Each body statement follows BEGIN or the ';' of the one before.
    std::string text = ";" + body.substr(6);
    for (size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
      const size_t name = at + marker.size();
      writes.emplace_back(table, text.substr(name, text.find_first_of(" (", name) - name));
    }
  }
  return writes;
}

// Seed 61902: a trigger on t0 wrote t1 and triggers on t1 wrote t0, so that one statement's
// triggers fired each other in turn over a thousand rows, for minutes in SQLite. The tables
// the triggers of a run write (dropped triggers' too) form no cycle.
TEST(Workload, TriggersNeverFireEachOtherInTurn) {
  int runs_with_writes = 0;
  for (uint64_t seed = 1; seed <= 400; seed++) {
    if (!DrawConfig(seed, false).triggers) continue;
    std::vector<std::pair<std::string, std::string>> writes;
    for (const std::string& sql : Stream(seed, 400, false)) {
      for (const auto& write : TriggerWrites(sql)) writes.push_back(write);
    }
    runs_with_writes += !writes.empty();
    // A table reaches the trigger's own only through a cycle.
    for (const auto& [table, written] : writes) {
      std::vector<std::string> reached = {written};
      for (size_t reached_idx = 0; reached_idx < reached.size(); reached_idx++) {
        ASSERT_NE(reached[reached_idx], table) << "seed " << seed;
        for (const auto& [from, to] : writes) {
          if (from == reached[reached_idx] &&
              std::find(reached.begin(), reached.end(), to) == reached.end()) {
            reached.push_back(to);
          }
        }
      }
    }
  }
  EXPECT_GT(runs_with_writes, 40);
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
