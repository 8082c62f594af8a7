// Running SQL on simlite's engine connections in tests: a statement to its end, its rows as
// text.
#pragma once

#include <string>
#include <vector>

#include "common/result_code.h"
#include "engine/connection.h"
#include "vdbe/mem.h"

namespace simlite::testing {

// A value as text (its TEXT affinity conversion), "NULL" for NULL.
std::string EngineText(const vdbe::Mem& value);
// Runs `sql` (one statement) to its end; returns kOk or its error, and appends each row to
// *rows (when given) as "a|b".
Rc EngineExec(engine::Connection* db, const std::string& sql,
              std::vector<std::string>* rows = nullptr);

}  // namespace simlite::testing
