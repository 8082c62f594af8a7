#include "tests/support/dual_db.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "tests/support/rows.h"

namespace simlite::testing {

void ExpectSqliteIntegrityOk(const std::string& path) {
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &reader), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(reader, "PRAGMA integrity_check", -1, &statement, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "ok");
  sqlite3_finalize(statement);
  sqlite3_close(reader);
}

std::string ScriptName(const ::testing::TestParamInfo<SqlScript>& info) {
  return info.param.name;
}

std::string Outcome2::Describe() const {
  std::string text;
  if (!ok) {
    text += "error " + std::to_string(code) + ": " + error + "\n";
  }
  text += "changes=" + std::to_string(changes) + " total=" + std::to_string(total_changes) +
          " last_rowid=" + std::to_string(last_insert_rowid) + "\ncolumns:";
  for (const std::string& column : columns) text += " [" + column + "]";
  text += "\nrows (" + std::to_string(rows.size()) + "):\n";
  size_t shown = 0;
  for (const std::string& row : rows) {
    if (++shown > 40) {
      text += "  ...\n";
      break;
    }
    text += "  " + row + "\n";
  }
  return text;
}

DualDb::DualDb(bool on_disk) {
  std::string sqlite_path = ":memory:";
  simlite_path_ = ":memory:";
  if (on_disk) {
    char pattern[] = "/tmp/simlite-dual-XXXXXX";
    dir_ = mkdtemp(pattern);
    simlite_path_ = dir_ + "/simlite.db";
    sqlite_path = dir_ + "/sqlite.db";
  }
  engine::OpenOptions options;
  Rc rc = engine::Connection::Open(simlite_path_, options, &simlite_);
  EXPECT_EQ(rc, Rc::kOk);
  EXPECT_EQ(sqlite3_open(sqlite_path.c_str(), &sqlite_), SQLITE_OK);
}

DualDb::~DualDb() {
  simlite_.reset();
  sqlite3_close(sqlite_);
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
}

namespace {

std::string CanonicalMemRow(engine::Statement* statement) {
  std::string row;
  for (int column_idx = 0; column_idx < statement->column_count(); column_idx++) {
    if (column_idx > 0) row += "|";
    row += CanonicalValue(statement->column(column_idx).View());
  }
  return row;
}

}  // namespace

std::string DualDb::FilePrefix(bool sqlite) const {
  return dir_ + (sqlite ? "/sqlite-" : "/simlite-");
}

namespace {

std::string WithPrefix(std::string sql, const std::string& prefix) {
  for (size_t at = sql.find("%DB%"); at != std::string::npos; at = sql.find("%DB%", at)) {
    sql.replace(at, 4, prefix);
    at += prefix.size();
  }
  return sql;
}

}  // namespace

Outcome2 DualDb::RunSimlite(const std::string& sql_text) {
  const std::string sql = WithPrefix(sql_text, FilePrefix(false));
  Outcome2 outcome;
  size_t offset = 0;
  while (offset < sql.size()) {
    std::unique_ptr<engine::Statement> statement;
    size_t tail = 0;
    Rc rc = simlite_->Prepare(std::string_view(sql).substr(offset), &statement, &tail);
    if (rc != Rc::kOk) {
      outcome.ok = false;
      outcome.code = static_cast<int>(PrimaryCode(rc));
      outcome.error = simlite_->error_message();
      break;
    }
    offset += tail;
    if (statement == nullptr) break;
    if (statement->column_count() > 0) {
      outcome.columns.clear();
      for (int column_idx = 0; column_idx < statement->column_count(); column_idx++) {
        outcome.columns.emplace_back(statement->column_name(column_idx));
      }
      outcome.rows.clear();
    }
    for (;;) {
      rc = statement->Step();
      if (rc != Rc::kRow) break;
      outcome.rows.push_back(CanonicalMemRow(statement.get()));
    }
    if (rc != Rc::kDone) {
      outcome.ok = false;
      outcome.code = static_cast<int>(PrimaryCode(rc));
      outcome.error = simlite_->error_message();
      break;
    }
    if (tail == 0) break;
  }
  outcome.changes = simlite_->changes();
  outcome.total_changes = simlite_->total_changes();
  outcome.last_insert_rowid = simlite_->last_insert_rowid();
  return outcome;
}

Outcome2 DualDb::RunSqlite(const std::string& sql_text) {
  const std::string sql = WithPrefix(sql_text, FilePrefix(true));
  Outcome2 outcome;
  const char* cursor = sql.c_str();
  while (*cursor != '\0') {
    sqlite3_stmt* statement = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(sqlite_, cursor, -1, &statement, &tail);
    if (rc != SQLITE_OK) {
      outcome.ok = false;
      outcome.code = rc & 0xff;
      outcome.error = sqlite3_errmsg(sqlite_);
      break;
    }
    cursor = tail;
    if (statement == nullptr) break;
    if (sqlite3_column_count(statement) > 0) {
      outcome.columns.clear();
      for (int column_idx = 0; column_idx < sqlite3_column_count(statement); column_idx++) {
        outcome.columns.emplace_back(sqlite3_column_name(statement, column_idx));
      }
      outcome.rows.clear();
    }
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
      outcome.rows.push_back(CanonicalRow(statement));
    }
    if (rc != SQLITE_DONE) {
      outcome.ok = false;
      outcome.code = rc & 0xff;
      outcome.error = sqlite3_errmsg(sqlite_);
      sqlite3_finalize(statement);
      break;
    }
    sqlite3_finalize(statement);
  }
  outcome.changes = sqlite3_changes64(sqlite_);
  outcome.total_changes = sqlite3_total_changes64(sqlite_);
  outcome.last_insert_rowid = sqlite3_last_insert_rowid(sqlite_);
  return outcome;
}

::testing::AssertionResult DualDb::Same(const std::string& sql, bool ordered) {
  Outcome2 mine = RunSimlite(sql);
  Outcome2 theirs = RunSqlite(sql);
  if (!ordered) {
    std::sort(mine.rows.begin(), mine.rows.end());
    std::sort(theirs.rows.begin(), theirs.rows.end());
  }
  const bool same = mine.ok == theirs.ok && mine.code == theirs.code &&
                    mine.error == theirs.error && mine.columns == theirs.columns &&
                    mine.rows == theirs.rows && mine.changes == theirs.changes &&
                    mine.total_changes == theirs.total_changes &&
                    mine.last_insert_rowid == theirs.last_insert_rowid;
  if (same) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "SQL: " << sql << "\n-- simlite:\n"
                                       << mine.Describe() << "-- sqlite:\n"
                                       << theirs.Describe();
}

void DualDb::Exec(const std::string& sql) {
  Outcome2 mine = RunSimlite(sql);
  Outcome2 theirs = RunSqlite(sql);
  EXPECT_TRUE(mine.ok) << sql << "\n" << mine.Describe();
  EXPECT_TRUE(theirs.ok) << sql << "\n" << theirs.Describe();
}

std::vector<std::string> PlanDetails(DualDb* db, const std::string& sql, bool sqlite) {
  Outcome2 outcome = sqlite ? db->RunSqlite("EXPLAIN QUERY PLAN " + sql)
                            : db->RunSimlite("EXPLAIN QUERY PLAN " + sql);
  EXPECT_TRUE(outcome.ok) << sql << ": " << outcome.error;
  std::vector<std::string> details;
  for (const std::string& row : outcome.rows) details.push_back(row.substr(row.rfind('|') + 1));
  return details;
}

}  // namespace simlite::testing
