// The sqllogictest adapters: real SQLite (the reference, which must pass every record) and
// simlite's engine.
#pragma once

#include <memory>
#include <string>

#include "tests/slt/slt_runner.h"

namespace simlite::slt {

// A real value as the corpus prints it ("%.3f" as SQLite's printf renders it).
std::string FormatReal(double value);

// A fresh real-SQLite database (in memory).
std::unique_ptr<SltDatabase> OpenRealSqlite();
// A fresh simlite database (in memory); null when simlite has no SQL engine in this build.
std::unique_ptr<SltDatabase> OpenSimlite();

}  // namespace simlite::slt
