// Stand-in for the SQL engine until engine/*.cpp joins the build (api/CMakeLists.txt): every
// open fails, so the library builds and its SQL-free functions can be tested. Delete this file
// once the engine has landed.
#include "engine/connection.h"

namespace simlite::engine {

Rc Connection::Open(std::string_view, const OpenOptions&,
                    std::unique_ptr<Connection>* connection) {
  connection->reset();
  return Rc::kCantOpen;
}

}  // namespace simlite::engine
