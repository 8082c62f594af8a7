#include <cstdio>

#include "engine/connection.h"
#include "simulator/sql_engine.h"

namespace simlite::sim {

namespace {

std::string Hex(const uint8_t* bytes, uint32_t size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint32_t byte_idx = 0; byte_idx < size; byte_idx++) {
    out += kDigits[bytes[byte_idx] >> 4];
    out += kDigits[bytes[byte_idx] & 15];
  }
  return out;
}

std::string CanonicalValue(const vdbe::Mem& value) {
  char number[64];
  switch (value.type()) {
    case btree::ValueType::kNull: return "N";
    case btree::ValueType::kInteger: return "I:" + std::to_string(value.i());
    case btree::ValueType::kReal:
      std::snprintf(number, sizeof(number), "R:%.17g", value.r());
      return number;
    case btree::ValueType::kText: return "T:'" + std::string(value.chars()) + "'";
    case btree::ValueType::kBlob: return "B:" + Hex(value.bytes(), value.size());
  }
  return "?";
}

class SimliteEngine final : public SqlEngine {
 public:
  explicit SimliteEngine(std::unique_ptr<engine::Connection> connection)
      : connection_(std::move(connection)) {}

  Outcome Run(const std::string& sql) override {
    Outcome outcome;
    std::unique_ptr<engine::Statement> statement;
    size_t tail = 0;
    Rc rc = connection_->Prepare(sql, &statement, &tail);
    if (rc == Rc::kOk && statement) {
      while ((rc = statement->Step()) == Rc::kRow) {
        std::string row;
        for (int column = 0; column < statement->column_count(); column++) {
          if (column > 0) row += "|";
          row += CanonicalValue(statement->column(column));
        }
        outcome.rows.push_back(row);
      }
      if (rc == Rc::kDone) rc = Rc::kOk;
    }
    if (rc != Rc::kOk) {
      outcome.rc = static_cast<int>(connection_->error_code());
      outcome.message = connection_->error_message();
    }
    outcome.changes = connection_->changes();
    outcome.last_insert_rowid = connection_->last_insert_rowid();
    return outcome;
  }

  bool autocommit() override { return connection_->autocommit(); }

 private:
  std::unique_ptr<engine::Connection> connection_;
};

}  // namespace

std::unique_ptr<SqlEngine> OpenSimlite(io::Io* io, const SimliteSettings& settings,
                                       std::string* error) {
  engine::OpenOptions options;
  options.io = io;
  options.page_size = settings.page_size;
  options.cache_pages = settings.cache_pages;
  std::unique_ptr<engine::Connection> connection;
  Rc rc = engine::Connection::Open("sim.db", options, &connection);
  if (rc != Rc::kOk) {
    *error = connection ? connection->error_message() : ErrStr(rc);
    return nullptr;
  }
  auto engine = std::make_unique<SimliteEngine>(std::move(connection));
  if (settings.wal) {
    Outcome outcome = engine->Run("PRAGMA journal_mode=WAL");
    if (outcome.rc != 0) {
      *error = outcome.message;
      return nullptr;
    }
  }
  return engine;
}

}  // namespace simlite::sim
