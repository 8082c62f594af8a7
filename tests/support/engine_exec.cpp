#include "tests/support/engine_exec.h"

#include <memory>

#include "vdbe/value.h"

namespace simlite::testing {

std::string EngineText(const vdbe::Mem& value) {
  vdbe::Mem text;
  text.CopyFrom(value);
  vdbe::ApplyAffinity(&text, vdbe::Affinity::kText);  // NULL stays NULL
  return text.IsNull() ? std::string("NULL") : std::string(text.chars());
}

Rc EngineExec(engine::Connection* db, const std::string& sql, std::vector<std::string>* rows) {
  std::unique_ptr<engine::Statement> statement;
  size_t tail = 0;
  SIMLITE_TRY(db->Prepare(sql, &statement, &tail));
  Rc rc;
  while ((rc = statement->Step()) == Rc::kRow) {
    if (rows == nullptr) continue;
    std::string row;
    for (int column = 0; column < statement->column_count(); column++) {
      if (column > 0) row += "|";
      row += EngineText(statement->column(column));
    }
    rows->push_back(row);
  }
  return rc == Rc::kDone ? Rc::kOk : rc;
}

}  // namespace simlite::testing
