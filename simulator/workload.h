// The workload generator of simlite-sim: from one seed, a swarm configuration (which
// statement kinds, faults and settings this run uses), a random schema, and a stream of SQL
// statements over it. Everything is drawn from io::Random, so a seed is a whole run.
//
// The generator keeps a model of the schema only (tables, columns, indexes), not of the data:
// the oracle (real SQLite) says what each statement must return.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
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
  // Schema features (drawn from a stream of their own: see DrawConfig).
  bool defaults = false;      // DEFAULT values, NOT NULL without one, INSERTs naming some columns
  bool checks = false;        // column and table CHECK constraints (some named)
  bool collations = false;    // NOCASE / RTRIM / BINARY columns, COLLATE in expressions
  bool rich_indexes = false;  // multi-column, UNIQUE, partial and expression indexes
  bool temp_tables = false;   // a TEMP table (runs without faults only: see DrawConfig)
  bool views = false;         // CREATE VIEW / DROP VIEW, SELECTs from views
  bool triggers = false;      // CREATE TRIGGER / DROP TRIGGER (BEFORE / AFTER, WHEN, RAISE)
  // Statement features.
  bool subqueries = false;    // scalar, EXISTS, IN (SELECT ...), FROM subqueries
  bool compounds = false;     // UNION [ALL] / INTERSECT / EXCEPT
  bool having = false;        // WHERE and HAVING in GROUP BY queries
  bool like = false;          // LIKE / GLOB
  bool upserts = false;       // ON CONFLICT DO NOTHING / DO UPDATE; explicit rowids
  bool insert_select = false;  // INSERT ... SELECT
  bool wide_updates = false;  // UPDATE of several columns
  bool returning = false;     // RETURNING on INSERT / UPDATE / DELETE
  uint32_t synchronous = 2;   // PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
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
    bool collated = false;  // compares with NOCASE or RTRIM (ties between unequal values)
  };
  struct Index {
    std::string name;
    std::string upsert_target;  // "(c0, c1)" [WHERE ...] for a UNIQUE index; else empty
  };
  struct Table {
    std::string name;
    bool integer_primary_key = false;
    bool temp = false;
    std::vector<Column> columns;
    std::vector<Index> indexes;
    std::vector<std::string> upsert_targets;  // of the table's own UNIQUE constraints
  };

  const Table& PickTable();
  const Table& PickReadable();  // a table or a view
  const Table& PickMainTable();  // a table of the main database
  std::string Literal();
  std::string Expression(const Table& table, int depth);
  std::string ExtraExpression(const Table& table, int depth);
  std::string Function(const Table& table, int depth);
  std::string Predicate(const Table& table, int depth);
  std::string ExtraPredicate(const Table& table, int depth);
  std::string Subquery(const Table& outer, int depth, const char* kind);
  std::string ColumnDefinition(io::Random& random, Column* column);
  std::string CreateTable(const std::string& name, bool temp, io::Random& random);
  std::vector<std::string> ResultColumns(const Table& table, int count,
                                         std::vector<bool>* collated);
  std::string Join(const std::vector<std::string>& columns, bool binary,
                   std::vector<bool>* collated);
  std::string OrderBy(const std::vector<bool>& collated);
  std::string Insert();
  std::string InsertSource(const Table& table, const std::vector<const Column*>& columns);
  std::string Upsert(const Table& table);
  std::string Returning(const Table& table);
  std::string Update();
  std::string Delete();
  std::string Select();
  std::string AggregateSelect(const Table& table);
  std::string CompoundSelect();
  std::string TransactionControl();
  std::string SchemaChange();
  std::string CreateIndex(Table* table);
  std::string RichIndex(Table* table, const std::string& name, Index* index);
  std::string ViewChange();
  std::string TriggerChange();
  // Whether the triggers drawn so far write, directly or through each other, from `from` to
  // `to` (a table reaches itself).
  bool TriggersReach(const std::string& from, const std::string& to) const;

  SwarmConfig config_;
  io::Random random_;
  std::vector<Table> tables_;
  // The tables a SELECT joins, while its expressions are drawn (empty: one table).
  std::vector<const Table*> scope_;
  int transaction_depth_ = 0;
  int savepoint_count_ = 0;
  int index_counter_ = 0;
  int view_counter_ = 0;
  int trigger_counter_ = 0;
  std::vector<Table> views_;  // columns c0..cN, each collated when its expression may be
  std::vector<std::string> triggers_;
  // (the table a trigger is on, a table its body writes) for every trigger the run has drawn,
  // dropped ones too (a DROP that failed leaves it): a new trigger on A writes B only if no
  // chain of these leads from B back to A, so that triggers never fire each other in turn
  // (the work of one statement stays bounded; seed 61902 kept SQLite busy for minutes).
  std::vector<std::pair<std::string, std::string>> trigger_writes_;
  // Set by Expression when what it drew may compare with NOCASE or RTRIM.
  bool collated_ = false;
  bool main_only_ = false;      // drawing a view or trigger: no TEMP table
  bool in_trigger_ = false;     // drawing a trigger: no view
  std::string writing_;         // the table an UPDATE or DELETE being drawn writes
  // Sets writing_ while an UPDATE or DELETE is drawn (Subquery reads other tables then).
  class WritingScope {
   public:
    WritingScope(Workload* workload, const std::string& table)
        : workload_(workload), saved_(workload->writing_) {
      workload->writing_ = table;
    }
    ~WritingScope() { workload_->writing_ = saved_; }
    WritingScope(const WritingScope&) = delete;
    WritingScope& operator=(const WritingScope&) = delete;

   private:
    Workload* workload_;
    std::string saved_;
  };
  // Drawn apart from random_, so that turning these knobs on leaves the other draws alone.
  io::Random extra_random_;
  // The features of the swarm's newer knobs decide and draw here, so that a seed with those
  // knobs off draws from random_ as before.
  io::Random feature_random_;
};

}  // namespace simlite::sim
