// The workload's tests. Each test is one function; tests that write run in one transaction,
// as speedtest1's do, except the point lookups, which run one statement per transaction
// (autocommit) on purpose: they measure what an engine does between statements.
#include "bench/speed/workload.h"

#include <string>

namespace simlite::bench {

namespace {

// Words that occur in number names, for LIKE patterns.
constexpr const char* kLikeWords[] = {"%one%",    "%two%",     "%three%", "%seven%",
                                      "%eighty%", "%hundred%", "%nine%",  "%twelve%"};
constexpr size_t kLikeWordCount = sizeof kLikeWords / sizeof kLikeWords[0];

size_t Idx(int64_t value) {
  return static_cast<size_t>(value);
}

// Inserts data's rows into `table`(a, b, c): a = key, b = ordered or shuffled, c = a's name.
void InsertRows(BenchDb* db, const WorkloadData& data, const char* table, bool shuffled_b) {
  BenchStmt insert(db, std::string("INSERT INTO ") + table + "(a, b, c) VALUES(?1, ?2, ?3)");
  db->Exec("BEGIN");
  for (int64_t idx = 0; idx < data.row_count; idx++) {
    const int64_t b = shuffled_b ? data.order[Idx(idx)] : idx + 1;
    insert.Bind(1, data.key[Idx(idx)])
        .Bind(2, b)
        .Bind(3, std::string_view(data.key_name[Idx(idx)]));
    insert.Run();
  }
  db->Exec("COMMIT");
}

void Test100(BenchDb* db, const WorkloadData& data) {
  db->Exec("CREATE TABLE t1(a INTEGER, b INTEGER, c TEXT)");
  InsertRows(db, data, "t1", false);
}

void Test110(BenchDb* db, const WorkloadData& data) {
  // (speedtest1 adds e with ALTER TABLE ADD COLUMN, which simlite does not support yet.)
  db->Exec(
      "CREATE TABLE t2(a INTEGER, b INTEGER, c TEXT, d INTEGER, e INTEGER DEFAULT 123);"
      "CREATE INDEX t2b ON t2(b)");
  InsertRows(db, data, "t2", false);
}

void Test120(BenchDb* db, const WorkloadData& data) {
  db->Exec(
      "CREATE TABLE t3(a INTEGER, b INTEGER, c TEXT, d INTEGER);"
      "CREATE INDEX t3b ON t3(b)");
  InsertRows(db, data, "t3", true);
}

// Runs `sql` once per probe with ?1 = probe and ?2 = probe + width, in one transaction.
void RangeQueries(BenchDb* db, const WorkloadData& data, const char* sql, int64_t count,
                  int64_t width) {
  BenchStmt query(db, sql);
  db->Exec("BEGIN");
  for (int64_t idx = 0; idx < count; idx++) {
    const int64_t low = data.probe[Idx(idx) % data.probe.size()];
    query.Bind(1, low).Bind(2, low + width).Run();
  }
  db->Exec("COMMIT");
}

// Runs `sql` once per probe with ?1 = probe's name and ?2 = that name followed by " z".
void TextRangeQueries(BenchDb* db, const WorkloadData& data, const char* sql, int64_t count) {
  BenchStmt query(db, sql);
  db->Exec("BEGIN");
  std::string high;
  for (int64_t idx = 0; idx < count; idx++) {
    const std::string& low = data.probe_name[Idx(idx) % data.probe_name.size()];
    high = low + " z";
    query.Bind(1, std::string_view(low)).Bind(2, std::string_view(high)).Run();
  }
  db->Exec("COMMIT");
}

// Runs `sql` with ?1 bound to each LIKE pattern in turn, `count` times in all.
void LikeQueries(BenchDb* db, int64_t count, const char* sql) {
  BenchStmt query(db, sql);
  db->Exec("BEGIN");
  for (int64_t idx = 0; idx < count; idx++) {
    query.Bind(1, std::string_view(kLikeWords[Idx(idx) % kLikeWordCount])).Run();
  }
  db->Exec("COMMIT");
}

void Test130(BenchDb* db, const WorkloadData& data) {
  RangeQueries(db, data,
               "SELECT count(*), avg(b), sum(length(c)) FROM t1"
               " WHERE a BETWEEN ?1 AND ?2",
               data.scan_count, data.row_count / 10);
}

void Test135(BenchDb* db, const WorkloadData& data) {
  TextRangeQueries(db, data,
                   "SELECT count(*), avg(b), sum(length(c)) FROM t1"
                   " WHERE c BETWEEN ?1 AND ?2",
                   data.scan_count);
}

void Test140(BenchDb* db, const WorkloadData& data) {
  LikeQueries(db, data.scan_count,
              "SELECT count(*), avg(b), sum(length(c)) FROM t1"
              " WHERE c LIKE ?1");
}

void Test142(BenchDb* db, const WorkloadData& data) {
  LikeQueries(db, data.scan_count, "SELECT a, b, c FROM t1 WHERE c LIKE ?1 ORDER BY a");
}

void Test145(BenchDb* db, const WorkloadData& data) {
  LikeQueries(db, data.scan_count,
              "SELECT a, b, c FROM t1 WHERE c LIKE ?1 ORDER BY c DESC LIMIT 10");
}

void Test150(BenchDb* db, const WorkloadData&) {
  db->Exec(
      "BEGIN;"
      "CREATE UNIQUE INDEX t1b ON t1(b);"
      "CREATE INDEX t1a ON t1(a);"
      "CREATE INDEX t1c ON t1(c);"
      "CREATE INDEX t2a ON t2(a);"
      "CREATE INDEX t2c ON t2(c);"
      "CREATE INDEX t3a ON t3(a);"
      "COMMIT");
}

void Test160(BenchDb* db, const WorkloadData& data) {
  RangeQueries(db, data,
               "SELECT count(*), avg(b), sum(length(c)) FROM t1"
               " WHERE a BETWEEN ?1 AND ?2",
               data.lookup_count, 30);
}

void Test170(BenchDb* db, const WorkloadData& data) {
  TextRangeQueries(db, data,
                   "SELECT count(*), avg(b), sum(length(c)) FROM t1"
                   " WHERE c BETWEEN ?1 AND ?2",
                   data.lookup_count);
}

void Test180(BenchDb* db, const WorkloadData& data) {
  db->Exec(
      "CREATE TABLE t4(a INTEGER, b INTEGER, c TEXT, d INTEGER);"
      "CREATE INDEX t4a ON t4(a); CREATE INDEX t4b ON t4(b); CREATE INDEX t4c ON t4(c)");
  InsertRows(db, data, "t4", true);
}

void Test190(BenchDb* db, const WorkloadData&) {
  db->Exec("BEGIN; DELETE FROM t2; INSERT INTO t2(a, b, c) SELECT a, b, c FROM t1; COMMIT");
}

void Test230(BenchDb* db, const WorkloadData& data) {
  RangeQueries(db, data, "UPDATE t2 SET d = b * 2 WHERE a BETWEEN ?1 AND ?2", data.lookup_count,
               30);
}

void Test240(BenchDb* db, const WorkloadData& data) {
  BenchStmt update(db, "UPDATE t2 SET d = ?2 WHERE b = ?1");
  db->Exec("BEGIN");
  for (int64_t idx = 0; idx < data.row_count; idx++) {
    update.Bind(1, data.order[Idx(idx)]).Bind(2, idx).Run();
  }
  db->Exec("COMMIT");
}

void Test250(BenchDb* db, const WorkloadData&) {
  db->Exec("BEGIN; UPDATE t2 SET d = d + b * 3 + length(c), e = e + 1; COMMIT");
}

void Test260(BenchDb* db, const WorkloadData&) {
  db->Exec("SELECT sum(d), sum(e), max(c) FROM t2");
}

void Test270(BenchDb* db, const WorkloadData& data) {
  RangeQueries(db, data, "DELETE FROM t2 WHERE a BETWEEN ?1 AND ?2", data.lookup_count, 5);
}

void Test280(BenchDb* db, const WorkloadData& data) {
  BenchStmt remove(db, "DELETE FROM t3 WHERE b = ?1");
  db->Exec("BEGIN");
  for (int64_t idx = 0; idx < data.row_count; idx += 2) remove.Bind(1, data.order[Idx(idx)]).Run();
  db->Exec("COMMIT");
}

void Test290(BenchDb* db, const WorkloadData&) {
  db->Exec(
      "BEGIN;"
      "REPLACE INTO t2(rowid, a, b, c, d) SELECT rowid, a, b, c, b FROM t1;"
      "REPLACE INTO t3(rowid, a, b, c, d) SELECT rowid, a, b, c, a FROM t1;"
      "COMMIT");
}

void Test310(BenchDb* db, const WorkloadData& data) {
  RangeQueries(db, data,
               "SELECT t1.c, t2.c, t3.c, t4.c FROM t1, t2, t3, t4"
               " WHERE t1.a BETWEEN ?1 AND ?2 AND t2.b = t1.b AND t3.a = t2.a"
               " AND t4.c = t3.c",
               data.join_count, 100);
}

void Test320(BenchDb* db, const WorkloadData& data) {
  RangeQueries(db, data,
               "SELECT t1.c, (SELECT max(c) FROM t2 WHERE t2.b = t1.b),"
               " (SELECT count(*) FROM t3 WHERE t3.a BETWEEN t1.a AND t1.a + 100)"
               " FROM t1 WHERE t1.a BETWEEN ?1 AND ?2",
               data.join_count, 100);
}

void Test400(BenchDb* db, const WorkloadData& data) {
  db->Exec("CREATE TABLE z1(a INTEGER PRIMARY KEY, b INTEGER, c TEXT)");
  BenchStmt replace(db, "REPLACE INTO z1(a, b, c) VALUES(?1, ?2, ?3)");
  db->Exec("BEGIN");
  for (int64_t idx = 0; idx < data.row_count; idx++) {
    replace.Bind(1, data.key[Idx(idx)] % data.row_count)
        .Bind(2, idx)
        .Bind(3, std::string_view(data.key_name[Idx(idx)]))
        .Run();
  }
  db->Exec("COMMIT");
}

void Test410(BenchDb* db, const WorkloadData& data) {
  BenchStmt query(db, "SELECT b, c FROM z1 WHERE a = ?1");
  for (int64_t idx = 0; idx < data.point_count; idx++) {
    query.Bind(1, data.probe[Idx(idx)] % data.row_count).Run();
  }
}

void Test500(BenchDb* db, const WorkloadData& data) {
  db->Exec("CREATE TABLE z2(a TEXT PRIMARY KEY, b INTEGER, c TEXT)");
  BenchStmt replace(db, "REPLACE INTO z2(a, b, c) VALUES(?1, ?2, ?3)");
  db->Exec("BEGIN");
  for (int64_t idx = 0; idx < data.row_count; idx++) {
    replace.Bind(1, std::string_view(data.probe_name[Idx(idx) % data.probe_name.size()]))
        .Bind(2, idx)
        .Bind(3, std::string_view(data.key_name[Idx(idx)]))
        .Run();
  }
  db->Exec("COMMIT");
}

void Test510(BenchDb* db, const WorkloadData& data) {
  BenchStmt query(db, "SELECT b, c FROM z2 WHERE a = ?1");
  for (int64_t idx = 0; idx < data.point_count; idx++) {
    // Even probes hit (names z2 holds), odd ones mostly miss.
    const std::string& name = idx % 2 == 0 ? data.probe_name[Idx(idx)] : data.key_name[Idx(idx)];
    query.Bind(1, std::string_view(name)).Run();
  }
}

void Test520(BenchDb* db, const WorkloadData& data) {
  BenchStmt by_number(db, "SELECT DISTINCT b % 1000 FROM t4 WHERE a BETWEEN ?1 AND ?2");
  BenchStmt by_text(db, "SELECT DISTINCT substr(c, 1, 12) FROM t1 WHERE b BETWEEN ?1 AND ?2");
  db->Exec("BEGIN");
  for (int64_t idx = 0; idx < data.scan_count; idx++) {
    const int64_t low = data.probe[Idx(idx)];
    by_number.Bind(1, low).Bind(2, low + data.row_count).Run();
    by_text.Bind(1, low / 3).Bind(2, low / 3 + data.row_count / 3).Run();
  }
  db->Exec("COMMIT");
}

void Test980(BenchDb* db, const WorkloadData&) {
  db->Exec("PRAGMA integrity_check");
}

// "<count> <text>" for a title.
std::string Counted(int64_t count, const char* text) {
  return std::to_string(count) + " " + text;
}

}  // namespace

std::vector<SpeedTest> MakeWorkload(const WorkloadData& data) {
  const int64_t rows = data.row_count;
  const int64_t scans = data.scan_count;
  const int64_t lookups = data.lookup_count;
  return {
      {100, Counted(rows, "INSERTs into a table with no index"), true, Test100},
      {110, Counted(rows, "ordered INSERTs with one index"), true, Test110},
      {120, Counted(rows, "unordered INSERTs with one index"), true, Test120},
      {130, Counted(scans, "SELECTs, numeric BETWEEN, unindexed"), false, Test130},
      {135, Counted(scans, "SELECTs, text BETWEEN, unindexed"), false, Test135},
      {140, Counted(scans, "SELECTs, LIKE, unindexed"), false, Test140},
      {142, Counted(scans, "SELECTs w/ORDER BY, unindexed"), false, Test142},
      {145, Counted(scans, "SELECTs w/ORDER BY and LIMIT, unindexed"), false, Test145},
      {150, "CREATE INDEX six times", true, Test150},
      {160, Counted(lookups, "SELECTs, numeric BETWEEN, indexed"), false, Test160},
      {170, Counted(lookups, "SELECTs, text BETWEEN, indexed"), false, Test170},
      {180, Counted(rows, "INSERTs with three indexes"), true, Test180},
      {190, "DELETE and refill one table", true, Test190},
      {230, Counted(lookups, "UPDATEs, numeric BETWEEN, indexed"), true, Test230},
      {240, Counted(rows, "UPDATEs of individual rows"), true, Test240},
      {250, "One big UPDATE of the whole table", true, Test250},
      {260, "Query a defaulted column after filling", false, Test260},
      {270, Counted(lookups, "DELETEs, numeric BETWEEN, indexed"), true, Test270},
      {280, Counted((rows + 1) / 2, "DELETEs of individual rows"), true, Test280},
      {290, "Refill two tables using REPLACE", true, Test290},
      {310, Counted(data.join_count, "four-way joins"), false, Test310},
      {320, Counted(data.join_count, "subqueries in the result set"), false, Test320},
      {400, Counted(rows, "REPLACE ops on an INTEGER PRIMARY KEY"), true, Test400},
      {410, Counted(data.point_count, "point SELECTs by INTEGER PRIMARY KEY, autocommit"), false,
       Test410},
      {500, Counted(rows, "REPLACE ops on a TEXT PRIMARY KEY"), true, Test500},
      {510, Counted(data.point_count, "point SELECTs by TEXT PRIMARY KEY, autocommit"), false,
       Test510},
      {520, Counted(2 * scans, "SELECT DISTINCT"), false, Test520},
      {980, "PRAGMA integrity_check", false, Test980},
  };
}

void DigestContents(BenchDb* db) {
  db->Exec(
      "SELECT * FROM t1 ORDER BY rowid; SELECT * FROM t2 ORDER BY rowid;"
      "SELECT * FROM t3 ORDER BY rowid; SELECT * FROM t4 ORDER BY rowid;"
      "SELECT * FROM z1 ORDER BY a; SELECT * FROM z2 ORDER BY a");
}

}  // namespace simlite::bench
