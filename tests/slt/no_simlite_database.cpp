// Until the SQL engine is built, there is no simlite database to run sqllogictest on.
#include "tests/slt/sqlite_database.h"

namespace simlite::slt {

std::unique_ptr<SltDatabase> OpenSimlite() { return nullptr; }

}  // namespace simlite::slt
