// struct sqlite3_mutex: the mutexes the C API hands out (sqlite3_mutex_alloc, sqlite3_db_mutex).
// The engine never uses them: it is single-threaded per connection. They exist for
// applications that synchronise through SQLite's API (Debian's shell takes one), so they are
// real mutexes, recursive for every type (a fast mutex may be recursive; SQLite only promises
// that a recursive one is).
#pragma once

#include <mutex>

struct sqlite3_mutex {
  explicit sqlite3_mutex(int type) : type(type) {}
  int type;
  std::recursive_mutex mutex;
};
