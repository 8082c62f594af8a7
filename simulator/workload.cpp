#include "simulator/workload.h"

#include <cstdio>
#include <cstdlib>
#include <initializer_list>

namespace simlite::sim {

namespace {

constexpr const char* kTypes[] = {"INTEGER", "TEXT", "REAL", "BLOB", "NUMERIC", "", "INT",
                                  "VARCHAR(10)"};
constexpr const char* kTexts[] = {"''", "'a'", "'A'", "'abc'", "'abc '", "'10'", "'1e3'",
                                  "'-7'", "'x y z'", "'Zebra'"};
constexpr const char* kFunctions1[] = {"abs", "length", "upper", "lower", "typeof", "quote"};

// Concatenates parts evaluated in order: the elements of a braced list are sequenced, while
// the operands of "a + b" are not (compilers draw in different orders, and a seed must be
// the same run under every compiler).
std::string Cat(std::initializer_list<std::string> parts) {
  std::string text;
  for (const std::string& part : parts) text += part;
  return text;
}

uint32_t Weight(io::Random& random, uint32_t max_weight) {
  // One in four kinds is off for a given seed (swarm testing).
  return random.OneIn(4) ? 0 : 1 + static_cast<uint32_t>(random.Uniform(max_weight));
}

}  // namespace

std::string SwarmConfig::Describe() const {
  char text[512];
  std::snprintf(text, sizeof(text),
                "seed=%llu weights(ins=%u upd=%u del=%u sel=%u txn=%u schema=%u) joins=%d "
                "aggregates=%d functions=%d big_values=%d checkpoints=%d page_size=%u cache=%u "
                "wal=%d connections=%u crash_one_in=%u "
                "faults(read=%u write=%u sync=%u truncate=%u short=%u full=%u lock=%u flip=%u)",
                static_cast<unsigned long long>(seed), insert_weight, update_weight,
                delete_weight, select_weight, transaction_weight, schema_weight, use_joins,
                use_aggregates, use_functions, big_values, checkpoints, page_size, cache_pages,
                wal, connections, crash_one_in,
                faults.read_error, faults.write_error, faults.sync_error, faults.truncate_error,
                faults.short_write, faults.disk_full, faults.lock_error, faults.read_bit_flip);
  return text;
}

SwarmConfig DrawConfig(uint64_t seed, FaultKinds faults) {
  io::Random random(seed);
  SwarmConfig config;
  config.seed = seed;
  config.insert_weight = 1 + static_cast<uint32_t>(random.Uniform(10));  // always some data
  config.update_weight = Weight(random, 5);
  config.delete_weight = Weight(random, 3);
  config.select_weight = 1 + static_cast<uint32_t>(random.Uniform(10));
  config.transaction_weight = Weight(random, 3);
  config.schema_weight = Weight(random, 2);
  config.use_joins = random.OneIn(2);
  config.use_aggregates = random.OneIn(2);
  config.use_functions = random.OneIn(2);
  const uint32_t page_sizes[] = {512, 1024, 4096, 65536};
  config.page_size = page_sizes[random.Uniform(4)];
  config.cache_pages = random.OneIn(2) ? 10 : 2000;
  config.wal = random.OneIn(3);
  {
    io::Random knob_random(seed ^ 0xb16);
    config.big_values = knob_random.OneIn(4);
    config.checkpoints = config.wal && knob_random.OneIn(2);
  }
  if (faults.crash && random.OneIn(2)) {
    config.crash_one_in = 20 + static_cast<uint32_t>(random.Uniform(200));
  }
  if (faults.io) {
    io::Random fault_random(seed ^ 0xfa17);
    // Each kind on in half the seeds, at one in 20..400 operations of its kind.
    auto rate = [&] {
      return fault_random.OneIn(2) ? 0 : 20 + static_cast<uint32_t>(fault_random.Uniform(380));
    };
    config.faults.read_error = rate();
    config.faults.write_error = rate();
    config.faults.sync_error = rate();
    config.faults.truncate_error = rate();
    config.faults.short_write = rate();
    config.faults.disk_full = rate();
    config.faults.lock_error = rate();  // drawn last: the other kinds keep their draws
    // SIMLITE_SIM_ONLY_FAULT=read|write|sync|truncate|short|full keeps one kind (triage).
    if (const char* only = std::getenv("SIMLITE_SIM_ONLY_FAULT")) {
      const std::string kind = only;
      FaultRates kept;
      const uint32_t any = 40;
      if (kind == "read") kept.read_error = any;
      if (kind == "write") kept.write_error = any;
      if (kind == "sync") kept.sync_error = any;
      if (kind == "truncate") kept.truncate_error = any;
      if (kind == "short") kept.short_write = any;
      if (kind == "full") kept.disk_full = any;
      if (kind == "lock") kept.lock_error = any;
      config.faults = kept;
    }
  }
  if (faults.flip) {
    io::Random flip_random(seed ^ 0xf11b);
    config.faults.read_bit_flip = 5 + static_cast<uint32_t>(flip_random.Uniform(200));
  }
  {
    // Half the WAL seeds run several connections (on their own stream: the rest of the draws
    // stay as they were). Their oracle is real SQLite on a file, so they go without faults
    // and crashes, and with a cache large enough that neither engine spills (a spill takes
    // the EXCLUSIVE lock, and the engines' spill points need not agree). Rollback-journal
    // runs get them only with SIMLITE_SIM_ROLLBACK_CONNECTIONS set, until simlite loads its
    // schema when SQLite's does there (docs/simulator.md, "Not yet").
    io::Random connection_random(seed ^ 0xc044);
    if (connection_random.OneIn(2) &&
        (config.wal || std::getenv("SIMLITE_SIM_ROLLBACK_CONNECTIONS") != nullptr)) {
      config.connections = 2 + static_cast<uint32_t>(connection_random.Uniform(2));
      config.crash_one_in = 0;
      config.faults = FaultRates{};
      config.cache_pages = 2000;
    }
  }
  return config;
}

Workload::Workload(const SwarmConfig& config)
    : config_(config), random_(config.seed ^ 0x51), extra_random_(config.seed ^ 0xe7a) {}

std::vector<std::string> Workload::Schema() {
  std::vector<std::string> statements;
  int table_count = 1 + static_cast<int>(random_.Uniform(3));
  for (int table_idx = 0; table_idx < table_count; table_idx++) {
    Table table;
    table.name = "t" + std::to_string(table_idx);
    table.integer_primary_key = random_.OneIn(2);
    std::string sql = "CREATE TABLE " + table.name + "(";
    if (table.integer_primary_key) sql += "id INTEGER PRIMARY KEY, ";
    int column_count = 1 + static_cast<int>(random_.Uniform(4));
    for (int column_idx = 0; column_idx < column_count; column_idx++) {
      Column column;
      column.name = "c" + std::to_string(column_idx);
      column.type = kTypes[random_.Uniform(std::size(kTypes))];
      column.not_null = random_.OneIn(6);
      column.unique = random_.OneIn(8);
      if (column_idx > 0) sql += ", ";
      sql += column.name;
      if (!column.type.empty()) sql += " " + column.type;
      if (column.not_null) sql += " NOT NULL DEFAULT 0";
      if (column.unique) sql += " UNIQUE";
      table.columns.push_back(column);
    }
    sql += ")";
    statements.push_back(sql);
    tables_.push_back(table);
  }
  return statements;
}

const Workload::Table& Workload::PickTable() { return tables_[random_.Uniform(tables_.size())]; }

std::string Workload::Literal() {
  if (config_.big_values && extra_random_.OneIn(8)) {
    const uint64_t size = 100 + extra_random_.Uniform(3000);
    return extra_random_.OneIn(2) ? "zeroblob(" + std::to_string(size) + ")"
                                  : "hex(zeroblob(" + std::to_string(size / 2) + "))";
  }
  switch (random_.Uniform(6)) {
    case 0: return "NULL";
    case 1: return std::to_string(static_cast<int64_t>(random_.Uniform(200)) - 100);
    case 2: {
      char text[32];
      std::snprintf(text, sizeof(text), "%.2f",
                    static_cast<double>(static_cast<int64_t>(random_.Uniform(20000)) - 10000) /
                        100.0);
      return text;
    }
    case 3: return kTexts[random_.Uniform(std::size(kTexts))];
    case 4: return random_.OneIn(2) ? "x'00ff'" : "x''";
    default: return std::to_string(random_.Uniform(10));
  }
}

std::string Workload::Expression(const Table& table, int depth) {
  uint64_t choice = random_.Uniform(depth > 2 ? 2 : 7);
  switch (choice) {
    case 0: return Literal();
    case 1: {
      // In a join: a column of any joined table, qualified (but now and then bare, which
      // may be ambiguous: an error both engines must report).
      if (scope_.size() > 1) {
        const Table* from = scope_[random_.Uniform(scope_.size())];
        const std::string& name = from->columns[random_.Uniform(from->columns.size())].name;
        return random_.OneIn(20) ? name : from->name + "." + name;
      }
      return table.columns[random_.Uniform(table.columns.size())].name;
    }
    case 2: {
      const char* ops[] = {"+", "-", "*", "/", "%", "||"};
      return Cat({"(", Expression(table, depth + 1), " ", ops[random_.Uniform(6)], " ",
                  Expression(table, depth + 1), ")"});
    }
    case 3:
      return Cat({"CASE WHEN ", Predicate(table, depth + 1), " THEN ",
                  Expression(table, depth + 1), " ELSE ", Expression(table, depth + 1), " END"});
    case 4: {
      const char* types[] = {"INTEGER", "TEXT", "REAL", "NUMERIC", "BLOB"};
      return Cat({"CAST(", Expression(table, depth + 1), " AS ", types[random_.Uniform(5)], ")"});
    }
    case 5:
      if (config_.use_functions) {
        return Cat({kFunctions1[random_.Uniform(std::size(kFunctions1))], "(",
                    Expression(table, depth + 1), ")"});
      }
      return "-" + Expression(table, depth + 1);
    default:
      return Cat({"coalesce(", Expression(table, depth + 1), ", ", Literal(), ")"});
  }
}

std::string Workload::Predicate(const Table& table, int depth) {
  switch (random_.Uniform(depth > 2 ? 2 : 6)) {
    case 0: {
      const char* ops[] = {"=", "<>", "<", "<=", ">", ">=", "IS", "IS NOT"};
      return Cat({Expression(table, depth + 1), " ", ops[random_.Uniform(8)], " ",
                  Expression(table, depth + 1)});
    }
    case 1:
      return Cat({Expression(table, depth + 1), random_.OneIn(2) ? " IS NULL" : " NOT NULL"});
    case 2:
      return Cat({"(", Predicate(table, depth + 1), random_.OneIn(2) ? " AND " : " OR ",
                  Predicate(table, depth + 1), ")"});
    case 3: return "NOT " + Predicate(table, depth + 1);
    case 4:
      return Cat({Expression(table, depth + 1), " BETWEEN ", Literal(), " AND ", Literal()});
    default:
      return Cat({Expression(table, depth + 1), " IN (", Literal(), ", ", Literal(), ")"});
  }
}

std::string Workload::Insert() {
  const Table& table = PickTable();
  const char* verbs[] = {"INSERT", "INSERT OR IGNORE", "INSERT OR REPLACE", "REPLACE"};
  std::string sql = std::string(verbs[random_.Uniform(4)]) + " INTO " + table.name + "(";
  for (size_t column_idx = 0; column_idx < table.columns.size(); column_idx++) {
    sql += (column_idx ? ", " : "") + table.columns[column_idx].name;
  }
  sql += ") VALUES ";
  int rows = 1 + static_cast<int>(random_.Uniform(3));
  for (int row_idx = 0; row_idx < rows; row_idx++) {
    sql += row_idx ? ", (" : "(";
    for (size_t column_idx = 0; column_idx < table.columns.size(); column_idx++) {
      sql += (column_idx ? ", " : "") + Literal();
    }
    sql += ")";
  }
  return sql;
}

std::string Workload::Update() {
  const Table& table = PickTable();
  const Column& column = table.columns[random_.Uniform(table.columns.size())];
  const char* verbs[] = {"UPDATE", "UPDATE OR IGNORE", "UPDATE OR REPLACE"};
  return Cat({verbs[random_.Uniform(3)], " ", table.name, " SET ", column.name, " = ",
              Expression(table, 1), " WHERE ", Predicate(table, 1)});
}

std::string Workload::Delete() {
  const Table& table = PickTable();
  return "DELETE FROM " + table.name + " WHERE " + Predicate(table, 1);
}

std::string Workload::Select() {
  const Table& table = PickTable();
  if (config_.use_aggregates && random_.OneIn(3)) {
    const Column& column = table.columns[random_.Uniform(table.columns.size())];
    const char* aggregates[] = {"count(*)", "count(", "min(", "max(", "sum(", "total("};
    uint64_t pick = random_.Uniform(6);
    std::string aggregate = pick == 0 ? aggregates[0]
                                      : std::string(aggregates[pick]) + column.name + ")";
    return "SELECT " + column.name + ", " + aggregate + " FROM " + table.name + " GROUP BY " +
           column.name + " ORDER BY 1, 2";
  }
  std::string from = table.name;
  scope_.clear();
  if (config_.use_joins && tables_.size() > 1 && random_.OneIn(3)) {
    const Table& other = PickTable();
    if (other.name != table.name) {
      from += (random_.OneIn(2) ? " LEFT JOIN " : " JOIN ") + other.name + " ON " +
              table.name + "." + table.columns[0].name + " = " + other.name + "." +
              other.columns[0].name;
      scope_ = {&table, &other};
    }
  }
  std::string columns;
  int count = 1 + static_cast<int>(random_.Uniform(3));
  for (int column_idx = 0; column_idx < count; column_idx++) {
    columns += (column_idx ? ", " : "") + Expression(table, 1);
  }
  std::string sql = "SELECT " + std::string(random_.OneIn(5) ? "DISTINCT " : "") + columns +
                    " FROM " + from;
  if (random_.OneIn(2)) sql += " WHERE " + Predicate(table, 1);
  scope_.clear();
  // ORDER BY every result column fixes the order completely, so rows compare as lists.
  if (random_.OneIn(2)) {
    sql += " ORDER BY ";
    for (int column_idx = 0; column_idx < count; column_idx++) {
      sql += (column_idx ? ", " : "") + std::to_string(column_idx + 1);
    }
    if (random_.OneIn(2)) sql += " LIMIT " + std::to_string(random_.Uniform(10));
  }
  return sql;
}

std::string Workload::TransactionControl() {
  if (transaction_depth_ == 0) {
    transaction_depth_ = 1;
    const char* begins[] = {"BEGIN", "BEGIN IMMEDIATE", "BEGIN DEFERRED", "BEGIN EXCLUSIVE"};
    return begins[random_.Uniform(4)];
  }
  switch (random_.Uniform(4)) {
    case 0:
      savepoint_count_++;
      return "SAVEPOINT sp" + std::to_string(savepoint_count_);
    case 1:
      if (savepoint_count_ > 0) return "ROLLBACK TO sp" + std::to_string(savepoint_count_);
      [[fallthrough]];
    case 2:
      transaction_depth_ = 0;
      savepoint_count_ = 0;
      return "ROLLBACK";
    default:
      transaction_depth_ = 0;
      savepoint_count_ = 0;
      return "COMMIT";
  }
}

std::string Workload::SchemaChange() {
  Table& table = tables_[random_.Uniform(tables_.size())];
  if (!table.indexes.empty() && random_.OneIn(3)) {
    std::string name = table.indexes.back();
    table.indexes.pop_back();
    return "DROP INDEX " + name;
  }
  std::string name = "i" + std::to_string(index_counter_++);
  table.indexes.push_back(name);
  const Column& column = table.columns[random_.Uniform(table.columns.size())];
  return "CREATE INDEX " + name + " ON " + table.name + "(" + column.name +
         (random_.OneIn(3) ? " DESC" : "") + ")";
}

std::string Workload::Next() {
  if (config_.checkpoints && extra_random_.OneIn(15) && transaction_depth_ == 0) {
    const char* modes[] = {"", "(PASSIVE)", "(FULL)", "(RESTART)", "(TRUNCATE)"};
    return std::string("PRAGMA wal_checkpoint") + modes[extra_random_.Uniform(5)];
  }
  const uint32_t weights[] = {config_.insert_weight,      config_.update_weight,
                              config_.delete_weight,      config_.select_weight,
                              config_.transaction_weight, config_.schema_weight};
  uint32_t total = 0;
  for (uint32_t weight : weights) total += weight;
  uint64_t pick = random_.Uniform(total);
  size_t kind = 0;
  while (pick >= weights[kind]) pick -= weights[kind++];
  switch (kind) {
    case 0: return Insert();
    case 1: return Update();
    case 2: return Delete();
    case 3: return Select();
    case 4: return TransactionControl();
    default: return SchemaChange();
  }
}

}  // namespace simlite::sim
