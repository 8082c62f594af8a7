// The workload generator of simlite-sim: from one seed, a swarm configuration (which
// statement kinds, faults and settings this run uses), a random schema, and a stream of SQL
// statements over it. Everything is drawn from io::Random, so a seed is a whole run.
//
// The generator keeps a model of the schema only (tables, columns, indexes), not of the data:
// the oracle (real SQLite) says what each statement must return.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/random.h"
#include "simulator/sim_io.h"

namespace simlite::sim {

// Swarm testing (Groce et al.): each seed turns whole features on or off, so that rare
// combinations get runs of their own instead of being drowned in an average mix.
struct SwarmConfig {
  uint64_t seed = 0;
  // Relative weights of the statement kinds; 0 switches a kind off.
  uint32_t insert_weight = 0;
  uint32_t update_weight = 0;
  uint32_t delete_weight = 0;
  uint32_t select_weight = 0;
  uint32_t transaction_weight = 0;  // BEGIN / COMMIT / ROLLBACK / SAVEPOINT
  uint32_t schema_weight = 0;       // CREATE INDEX / DROP INDEX
  bool use_joins = false;
  bool use_aggregates = false;
  bool use_functions = false;
  bool big_values = false;   // values past a page (overflow chains)
  bool checkpoints = false;  // PRAGMA wal_checkpoint now and then (WAL runs)
  uint32_t page_size = 4096;
  uint32_t cache_pages = 100;
  bool wal = false;
  // Connections to the database, each statement run on one of them (a seeded scheduler
  // switches between them). Runs with more than one have no faults or crashes.
  uint32_t connections = 1;
  FaultRates faults;
  uint32_t crash_one_in = 0;  // per statement: crash the machine (0: never)

  std::string Describe() const;
};

// Which kinds of faults a run may draw (simlite-sim --faults LIST).
struct FaultKinds {
  bool crash = false;  // power loss at a random operation, then recovery
  bool io = false;     // EIO on read / write / sync / truncate, short writes, a full disk
  // Bits flipped in what reads return (a bad disk or cable): simlite alone, which must report
  // an error or go on, never crash or misbehave (the sanitizer build checks); with no other
  // oracle, since the data is no longer SQLite's.
  bool flip = false;
};

// Draws a configuration for `seed`. `allow_faults` false keeps every fault rate at zero.
// Each kind of fault draws from its own stream, so turning one on leaves the rest of a
// seed's run as it was.
SwarmConfig DrawConfig(uint64_t seed, FaultKinds faults);
inline SwarmConfig DrawConfig(uint64_t seed, bool allow_faults) {
  return DrawConfig(seed, FaultKinds{allow_faults, false});
}

class Workload {
 public:
  explicit Workload(const SwarmConfig& config);

  // The CREATE statements of the initial schema.
  std::vector<std::string> Schema();
  // The next statement of the stream.
  std::string Next();

 private:
  struct Column {
    std::string name;
    std::string type;  // declared type, maybe empty
    bool not_null = false;
    bool unique = false;
  };
  struct Table {
    std::string name;
    bool integer_primary_key = false;
    std::vector<Column> columns;
    std::vector<std::string> indexes;
  };

  const Table& PickTable();
  std::string Literal();
  std::string Expression(const Table& table, int depth);
  std::string Predicate(const Table& table, int depth);
  std::string Insert();
  std::string Update();
  std::string Delete();
  std::string Select();
  std::string TransactionControl();
  std::string SchemaChange();

  SwarmConfig config_;
  io::Random random_;
  std::vector<Table> tables_;
  // The tables a SELECT joins, while its expressions are drawn (empty: one table).
  std::vector<const Table*> scope_;
  int transaction_depth_ = 0;
  int savepoint_count_ = 0;
  int index_counter_ = 0;
  // Drawn apart from random_, so that turning these knobs on leaves the other draws alone.
  io::Random extra_random_;
};

}  // namespace simlite::sim
