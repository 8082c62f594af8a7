// Calls a built-in SQL function from the C API, for the C functions that SQLite defines as the
// SQL function's behaviour (sqlite3_strglob is GLOB, sqlite3_compileoption_get is
// sqlite_compileoption_get(), ...), so that there is one implementation of each.
#pragma once

#include <span>
#include <string_view>

#include "vdbe/mem.h"

namespace simlite::api {

// The result of the scalar function `name` on args; NULL when there is no such function or it
// reports an error. The function must need no connection, clock or randomness.
vdbe::Mem CallBuiltin(std::string_view name, std::span<const vdbe::Mem> args);

}  // namespace simlite::api
