// Column name lookup with SQLite's rules (resolve.c's lookupName, as its documentation and
// behaviour describe it): columns of the FROM items first (the right side of a USING/NATURAL
// join yields to the left), then the rowid when exactly one table could own it, then result
// aliases where they are visible, then the enclosing queries; finally a "double-quoted" name
// that resolves to nothing is a string.
#include "codegen/name_context.h"

namespace simlite::codegen {

void TableColumns(const Table& table, std::vector<SourceColumn>* columns) {
  columns->clear();
  for (const Column& column : table.columns) {
    SourceColumn source;
    source.name = column.name;
    source.decltype_name = column.type;
    source.affinity = column.affinity;
    source.collation = column.collation;
    columns->push_back(std::move(source));
  }
}

FromItem TableItem(const Table& table, std::string_view schema_name, int cursor) {
  FromItem item;
  item.table = &table;
  item.name = table.name;
  item.schema_name = schema_name;
  item.cursor = cursor;
  TableColumns(table, &item.columns);
  return item;
}

const CteDef* CteScope::Find(std::string_view name) const {
  for (const CteScope* scope = this; scope != nullptr; scope = scope->outer) {
    for (const CteDef& def : scope->ctes) {
      if (SameName(def.cte->name.text, name)) return &def;
    }
  }
  return nullptr;
}

const CteScope* VisibleCtes(const NameContext* nc) {
  for (; nc != nullptr; nc = nc->outer) {
    if (nc->ctes != nullptr) return nc->ctes;
  }
  return nullptr;
}

std::string ItemBoundName(size_t item_idx) {
  return std::string(1, '\x01') + std::to_string(item_idx);
}

namespace {

struct Lookup {
  explicit Lookup(const parser::ColumnExpr& e) : expr(e) {}
  const parser::ColumnExpr& expr;
  int matches = 0;
  int rowid_candidates = 0;
  ColumnRef found;
  int rowid_item = -1;
};

// Searches the FROM items of one context.
void LookupItems(NameContext* context, int depth, Lookup* lookup) {
  std::vector<FromItem>& items = *context->items;
  const int limit =
      context->visible_items < 0 ? static_cast<int>(items.size()) : context->visible_items;
  const bool qualified = lookup->expr.table.IsSet();
  for (int item_idx = 0; item_idx < limit; item_idx++) {
    FromItem& item = items[static_cast<size_t>(item_idx)];
    if (qualified) {
      std::string_view table = lookup->expr.table.text;
      if (!table.empty() && table[0] == '\x01') {
        if (table != ItemBoundName(static_cast<size_t>(item_idx))) continue;
      } else if (!SameName(item.name, table)) {
        continue;
      }
      if (lookup->expr.schema.IsSet() &&
          (item.schema_name.empty() || !SameName(lookup->expr.schema.text, item.schema_name))) {
        continue;
      }
    }
    bool matched = false;
    for (size_t column_idx = 0; column_idx < item.columns.size(); column_idx++) {
      const SourceColumn& column = item.columns[column_idx];
      if (!SameName(column.name, lookup->expr.column.text)) continue;
      matched = true;
      // The right side of USING merges with the left: not a second match.
      if (lookup->matches == 1 && column.hidden_by_using) break;
      lookup->matches++;
      lookup->found.kind = ColumnRef::Kind::kColumn;
      lookup->found.depth = depth;
      lookup->found.context = context;
      lookup->found.item = item_idx;
      lookup->found.column = static_cast<int>(column_idx);
      break;
    }
    if (!matched && lookup->matches == 0 && item.has_rowid) {
      lookup->rowid_candidates++;
      lookup->rowid_item = item_idx;
    }
  }
}

bool IsRowidName(std::string_view name) {
  return SameName(name, "rowid") || SameName(name, "oid") || SameName(name, "_rowid_");
}

// NEW.x / OLD.x inside a trigger: *found when `expr` names one.
// (With `excluded`, the name is "excluded" and the row is the frame's new_row.)
bool ResolveTriggerRow(const TriggerFrame* frame, const parser::ColumnExpr& expr, ColumnRef* ref,
                       bool excluded = false) {
  if (frame == nullptr || !expr.table.IsSet() || expr.schema.IsSet()) return false;
  int row = 0;
  if (excluded) {
    if (SameName(expr.table.text, "excluded")) row = frame->new_row;
  } else if (SameName(expr.table.text, "new")) {
    row = frame->new_row;
  } else if (SameName(expr.table.text, "old")) {
    row = frame->old_row;
  }
  if (row == 0) return false;
  const Table& table = *frame->table;
  const int column = table.FindColumn(expr.column.text);
  ref->kind = ColumnRef::Kind::kRegister;
  ref->depth = 0;
  ref->excluded = excluded;
  if (column >= 0 && column != table.rowid_alias) {
    ref->reg = row + 1 + column;
    ref->table_column = &table.columns[static_cast<size_t>(column)];
    ref->no_affinity = !excluded;
    return true;
  }
  if (column >= 0 || table.IsRowidName(expr.column.text)) {
    ref->reg = row;
    ref->table_column = column >= 0 ? &table.columns[static_cast<size_t>(column)] : nullptr;
    return true;
  }
  return false;
}

std::string QualifiedText(const parser::ColumnExpr& expr) {
  std::string text;
  if (expr.schema.IsSet()) text += std::string(expr.schema.text) + ".";
  if (expr.table.IsSet()) text += std::string(expr.table.text) + ".";
  return text + std::string(expr.column.text);
}

}  // namespace

Rc ResolveColumn(CodegenContext* ctx, NameContext* nc, const parser::ColumnExpr& expr,
                 ColumnRef* ref) {
  const bool qualified = expr.table.IsSet();
  int depth = 0;
  for (NameContext* context = nc; context != nullptr; context = context->outer, depth++) {
    Lookup lookup(expr);
    if (context->items != nullptr) LookupItems(context, depth, &lookup);
    if (lookup.matches > 1) return ctx->Error("ambiguous column name: " + QualifiedText(expr));
    if (lookup.matches == 0 && lookup.rowid_candidates == 1 && IsRowidName(expr.column.text)) {
      lookup.matches = 1;
      lookup.found.kind = ColumnRef::Kind::kRowid;
      lookup.found.depth = depth;
      lookup.found.context = context;
      lookup.found.item = lookup.rowid_item;
    }
    if (lookup.matches == 0 &&
        (ResolveTriggerRow(ctx->trigger_frame(), expr, &lookup.found) ||
         ResolveTriggerRow(ctx->excluded(), expr, &lookup.found, /*excluded=*/true))) {
      lookup.matches = 1;
      lookup.found.context = context;
    }
    if (lookup.matches == 0 && !qualified && context->aliases != nullptr) {
      for (const ResultAlias& alias : *context->aliases) {
        if (alias.alias.empty() || !SameName(alias.alias, expr.column.text)) continue;
        lookup.matches = 1;
        lookup.found.kind = ColumnRef::Kind::kAlias;
        lookup.found.depth = depth;
        lookup.found.context = context;
        lookup.found.alias = alias.expr;
        break;
      }
    }
    if (lookup.matches == 1) {
      *ref = lookup.found;
      for (NameContext* inner = nc; inner != context; inner = inner->outer) {
        inner->used_outer = true;
      }
      return Rc::kOk;
    }
  }
  if (!qualified && expr.column.quote == 0 &&
      (SameName(expr.column.text, "true") || SameName(expr.column.text, "false"))) {
    ref->kind = ColumnRef::Kind::kBoolean;
    ref->reg = SameName(expr.column.text, "true") ? 1 : 0;
    return Rc::kOk;
  }
  if (!qualified && expr.column.quote == '"') {
    ref->kind = ColumnRef::Kind::kString;
    return Rc::kOk;
  }
  return ctx->Error("no such column: " + QualifiedText(expr));
}

void EmitItemRowid(ProgramBuilder& b, const FromItem& item, int reg) {
  if (item.covering_cursor >= 0) {
    b.Add(Opcode::kIdxRowid, item.covering_cursor, reg);
  } else {
    b.Add(Opcode::kRowid, item.cursor, reg);
  }
}

}  // namespace simlite::codegen
