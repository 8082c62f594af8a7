// The schema pragmas as tables (pragma.html): table_info, table_xinfo, index_list, index_info,
// index_xinfo and database_list give rows worked out from the schema. PRAGMA statements emit
// them as constants; the table-valued functions (pragma_table_info('t')) have the running
// program ask the connection for them (OP_PragmaRows), since their argument may change per
// row ("FROM sqlite_schema AS m, pragma_table_info(m.name)").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codegen/schema.h"
#include "vdbe/mem.h"

namespace simlite::codegen {

struct PragmaTable {
  std::vector<std::string> names;  // the result columns
  std::vector<std::vector<vdbe::Mem>> rows;
  // As a table-valued function: the hidden columns after the result columns ("arg" and
  // "schema" for the pragmas that take an argument).
  int hidden_columns = 0;
};

// Fills *out for schema pragma `name` (lower case) with argument `argument` (null: none; a
// table or index that does not exist gives the columns and no rows), looking the table or
// index up in database `schema_name` ("" for all, in the catalog's search order). False for a
// pragma that is not a schema pragma.
bool SchemaPragmaTable(const Catalog& catalog, std::string_view name, const vdbe::Mem* argument,
                       std::string_view schema_name, PragmaTable* out);

}  // namespace simlite::codegen
