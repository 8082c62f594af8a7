// Until the SQL engine is built, simlite-sim has no simlite to drive.
#include "simulator/sql_engine.h"

namespace simlite::sim {

std::unique_ptr<SqlEngine> OpenSimlite(io::Io*, const SimliteSettings&, std::string* error) {
  *error = "this build has no SQL engine";
  return nullptr;
}

}  // namespace simlite::sim
