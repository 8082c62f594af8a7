// Triggers (lang_createtrigger.html): a DML statement fires its table's FOR EACH ROW triggers
// for every row it changes, BEFORE and AFTER the change. simlite compiles a trigger's
// statements in line at each firing point, with NEW and OLD bound to the row's registers
// (TriggerFrame); RAISE(IGNORE) skips the row. As with SQLite's default (recursive_triggers
// off), a trigger never fires itself, directly or through others. Triggers of one table fire
// newest first, as SQLite's list orders them.
#pragma once

#include <vector>

#include "codegen/codegen_context.h"
#include "parser/ast.h"

namespace simlite::codegen {

// True when some trigger of `table` fires for `event` at `timing` (for UPDATE, given the set
// columns: null for "any").
bool HasTriggers(const CodegenContext& ctx, const Table& table, parser::TriggerEvent event,
                 parser::TriggerTiming timing, const std::vector<bool>* updated);

// Emits those triggers for the row whose OLD and NEW values are in r[old_row..] and
// r[new_row..] (0 when absent). RAISE(IGNORE) jumps to ignore_label.
Rc FireTriggers(CodegenContext* ctx, const Table& table, parser::TriggerEvent event,
                parser::TriggerTiming timing, const std::vector<bool>* updated, int old_row,
                int new_row, int ignore_label);

}  // namespace simlite::codegen
