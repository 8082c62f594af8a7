// Loading the schema from sqlite_schema.
#pragma once

#include <string>

#include "btree/btree.h"
#include "codegen/schema.h"

namespace simlite::codegen {

// Rebuilds *schema from the sqlite_schema table of `btree` (the caller holds a read
// transaction). A temp schema's triggers on other databases' tables find them in `catalog`
// (whose other schemas are loaded). Errors: kCorrupt with "malformed database schema (name)"
// in *error, io errors.
Rc LoadSchema(btree::Btree* btree, Schema* schema, const Catalog* catalog, std::string* error);

}  // namespace simlite::codegen
