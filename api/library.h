// What the C API's connections share with the library-wide functions (library.cpp).
#pragma once

#include "io/io.h"

namespace simlite::api {

// Whether sqlite3_open_v2 reads "file:" names as URIs without SQLITE_OPEN_URI
// (SQLITE_CONFIG_URI; on by default, as in Debian's build).
bool UriDefault();

// Records that the library is initialised (sqlite3_initialize, or implicitly the first open):
// from then on sqlite3_config reports SQLITE_MISUSE.
void MarkInitialized();

// The io backend for what the library does outside any connection: sqlite3_randomness and
// sqlite3_sleep.
io::Io& LibraryIo();

}  // namespace simlite::api
