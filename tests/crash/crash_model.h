// The workload of the SIGKILL crash test, shared by the writer process and the checker so
// both know what each transaction does. Transaction k (k >= 1) is one explicit SQL
// transaction on table t (two secondary indexes) and table progress:
//   - inserts RowsOf(k) rows with ids k * 1000 + j (some with payloads past a page),
//   - updates every row of transaction k - 2 (its v, k and w change),
//   - deletes every row of transaction k - 4, and rows j >= 3 of transaction k - 3,
//   - sets progress.last to k.
// Only the rows of the last few transactions are live, so the file stays small while its
// pages and freelist keep changing. StateAfter(n) is what the table holds after transactions
// 1..n committed, as the rows `SELECT id, txn, k, v, length(w) FROM t ORDER BY id` returns
// (canonical text).
#pragma once

#include <cstdint>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace simlite::crash {

constexpr int64_t kRowidsPerTxn = 1000;

// Run in one transaction (SchemaSql), so that a kill leaves all of it or none.
constexpr const char* kSchemaStatements =
    "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, txn INTEGER NOT NULL, k INTEGER, "
    "v TEXT, w BLOB);"
    "CREATE INDEX IF NOT EXISTS t_txn ON t(txn);"
    "CREATE INDEX IF NOT EXISTS t_kv ON t(k, v);"
    "CREATE TABLE IF NOT EXISTS progress(id INTEGER PRIMARY KEY, last INTEGER);"
    "INSERT OR IGNORE INTO progress VALUES (1, 0);";
inline std::string SchemaSql() {
  return std::string("BEGIN;") + kSchemaStatements + "COMMIT;";
}

inline int RowsOf(int64_t txn) {
  return 1 + static_cast<int>((txn * 7919) % 24);
}
inline int64_t BlobSize(int64_t txn, int row) {
  return (txn + row) % 13 == 0 ? 3000 : 10 + (txn * 31 + row) % 150;
}

// The SQL of transaction txn, BEGIN to COMMIT.
inline std::string TransactionSql(int64_t txn) {
  const std::string k = std::to_string(txn);
  std::string sql = "BEGIN;";
  for (int row = 0; row < RowsOf(txn); row++) {
    const std::string id = std::to_string(txn * kRowidsPerTxn + row);
    sql += "INSERT INTO t VALUES (" + id + ", " + k + ", " + std::to_string((txn * 31 + row) % 97) +
           ", 'v" + k + "-" + std::to_string(row) + "', zeroblob(" +
           std::to_string(BlobSize(txn, row)) + "));";
  }
  sql += "UPDATE t SET v = v || '+', k = k + 1, w = zeroblob(length(w) + 7) WHERE txn = " +
         std::to_string(txn - 2) + ";";
  sql += "DELETE FROM t WHERE txn = " + std::to_string(txn - 4) + ";";
  sql += "DELETE FROM t WHERE txn = " + std::to_string(txn - 3) + " AND id % 1000 >= 3;";
  sql += "UPDATE progress SET last = " + k + " WHERE id = 1;";
  return sql + "COMMIT;";
}

struct ModelRow {
  int64_t txn;
  int64_t k;
  std::string v;
  int64_t w_length;
};

// The table after transactions 1..last, one canonical line per row ("id|txn|k|v|len").
inline std::vector<std::string> StateAfter(int64_t last) {
  std::map<int64_t, ModelRow> rows;
  for (int64_t txn = 1; txn <= last; txn++) {
    for (int row = 0; row < RowsOf(txn); row++) {
      rows[txn * kRowidsPerTxn + row] = {txn, (txn * 31 + row) % 97,
                                         "v" + std::to_string(txn) + "-" + std::to_string(row),
                                         BlobSize(txn, row)};
    }
    for (auto it = rows.begin(); it != rows.end();) {
      ModelRow& model = it->second;
      if (model.txn == txn - 2) {
        model.v += "+";
        model.k += 1;
        model.w_length += 7;
      }
      const bool gone = model.txn == txn - 4 || (model.txn == txn - 3 && it->first % 1000 >= 3);
      it = gone ? rows.erase(it) : std::next(it);
    }
  }
  std::vector<std::string> lines;
  for (const auto& [id, model] : rows) {
    lines.push_back(std::to_string(id) + "|" + std::to_string(model.txn) + "|" +
                    std::to_string(model.k) + "|" + model.v + "|" + std::to_string(model.w_length));
  }
  return lines;
}

}  // namespace simlite::crash
