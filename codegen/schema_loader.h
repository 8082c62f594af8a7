// Loading the schema from sqlite_schema.
#pragma once

#include <string>

#include "btree/btree.h"
#include "codegen/schema.h"

namespace simlite::codegen {

// Rebuilds *schema from the sqlite_schema table of `btree` (the caller holds a read
// transaction). Errors: kCorrupt with "malformed database schema (name)" in *error, io errors.
Rc LoadSchema(btree::Btree* btree, Schema* schema, std::string* error);

}  // namespace simlite::codegen
