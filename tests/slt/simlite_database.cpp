#include <cstdio>

#include "engine/connection.h"
#include "tests/slt/sqlite_database.h"
#include "vdbe/value.h"

namespace simlite::slt {

namespace {

class SimliteDatabase final : public SltDatabase {
 public:
  explicit SimliteDatabase(std::unique_ptr<engine::Connection> connection)
      : connection_(std::move(connection)) {}

  bool Execute(const std::string& sql, std::string* error) override {
    return Run(sql, "", nullptr, error);
  }
  bool Query(const std::string& sql, const std::string& types, std::vector<std::string>* values,
             std::string* error) override {
    return Run(sql, types, values, error);
  }

 private:
  // Runs every statement of sql, collecting the rows of each into values (when given).
  bool Run(const std::string& sql, const std::string& types, std::vector<std::string>* values,
           std::string* error) {
    size_t offset = 0;
    while (offset < sql.size()) {
      std::unique_ptr<engine::Statement> statement;
      size_t tail = 0;
      Rc rc = connection_->Prepare(std::string_view(sql).substr(offset), &statement, &tail);
      if (rc != Rc::kOk) {
        *error = connection_->error_message();
        return false;
      }
      offset += tail;
      if (!statement) break;
      while ((rc = statement->Step()) == Rc::kRow) {
        if (!values) continue;
        for (int column = 0; column < statement->column_count(); column++) {
          char type = column < static_cast<int>(types.size()) ? types[column] : 'T';
          values->push_back(Format(statement->column(column), type));
        }
      }
      if (rc != Rc::kDone) {
        *error = connection_->error_message();
        return false;
      }
      if (tail == 0) break;
    }
    return true;
  }

  static std::string Format(const vdbe::Mem& value, char type) {
    if (value.IsNull()) return "NULL";
    char buffer[64];
    switch (type) {
      case 'I':
        std::snprintf(buffer, sizeof(buffer), "%lld",
                      static_cast<long long>(vdbe::ToInt64(value)));
        return buffer;
      case 'R':
        return FormatReal(vdbe::ToReal(value));
      default: {
        vdbe::NumberText scratch;
        return FormatText(vdbe::TextOf(value, &scratch));
      }
    }
  }

  std::unique_ptr<engine::Connection> connection_;
};

}  // namespace

std::unique_ptr<SltDatabase> OpenSimlite() {
  std::unique_ptr<engine::Connection> connection;
  if (engine::Connection::Open(":memory:", engine::OpenOptions{}, &connection) != Rc::kOk) {
    return nullptr;
  }
  return std::make_unique<SimliteDatabase>(std::move(connection));
}

}  // namespace simlite::slt
