// WhereLoop: emission of the loops planned in where_coder.cpp (see where_coder.h).
#include "codegen/where_coder.h"

#include <algorithm>

#include "codegen/expr_walk.h"

namespace simlite::codegen {

using parser::Expr;
using parser::ExprKind;

Rc WhereLoop::OpenCursors() {
  ProgramBuilder& b = ctx_->builder();
  for (Level& level : levels_) {
    const FromItem& item = (*items_)[static_cast<size_t>(level.item)];
    if (item.table == nullptr) continue;  // a materialized subquery: already open
    ctx_->UseTransaction(item.table->db, false);
    b.Add(open_table_for_write_ ? Opcode::kOpenWrite : Opcode::kOpenRead, item.cursor,
          static_cast<int>(item.table->root), item.table->db);
    b.SetP4Int(static_cast<int32_t>(item.table->columns.size()));
    if (level.access == Access::kIndex) {
      level.index_cursor = b.AllocCursor();
      b.Add(open_index_for_write_ ? Opcode::kOpenWrite : Opcode::kOpenRead, level.index_cursor,
            static_cast<int>(level.index->root), level.index->db);
      b.SetP4KeyInfo(level.index->key_info);
    } else if (level.access == Access::kAutoIndex) {
      level.index_cursor = b.AllocCursor();
    }
  }
  return Rc::kOk;
}

Rc WhereLoop::Begin(const Expr* where) {
  ProgramBuilder& b = ctx_->builder();
  break_label_ = b.NewLabel();
  if (!planned_) SIMLITE_TRY(Plan(where));
  for (Level& level : levels_) {
    level.next_label = b.NewLabel();
    level.end_label = b.NewLabel();
    level.exit_label = b.NewLabel();
    level.body_label = b.NewLabel();
  }
  SIMLITE_TRY(OpenCursors());
  // Terms that name no table of this query: once, before the loops.
  for (Term& term : terms_) {
    if (term.coded || term.mask != 0 || term.on_item >= 0) continue;
    SIMLITE_TRY(coder_->CodeIfFalse(term.expr, break_label_, true));
    term.coded = true;
  }
  for (Level& level : levels_) SIMLITE_TRY(BeginLevel(&level));
  continue_label_ = levels_.empty() ? b.NewLabel() : levels_.back().next_label;
  return Rc::kOk;
}

Rc WhereLoop::CodeTermsAt(const Level& level, bool on_terms, int fail_label) {
  const uint64_t available = level.placed | (uint64_t{1} << level.item);
  for (Term& term : terms_) {
    if (term.coded) continue;
    if (on_terms ? term.on_item != level.item
                 : term.on_item >= 0 || (term.mask & ~available) != 0) {
      continue;
    }
    SIMLITE_TRY(coder_->CodeIfFalse(term.expr, fail_label, true));
    term.coded = true;
  }
  return Rc::kOk;
}

// Builds the automatic index (its fields in level->index_columns: the looked-up column first,
// the rowid last), once per run.
void WhereLoop::EmitAutoIndex(Level* level) {
  ProgramBuilder& b = ctx_->builder();
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  const Column& column = item.table->columns[static_cast<size_t>(level->auto_column)];
  const int field_count = static_cast<int>(level->index_columns.size());
  const int once = b.Add(Opcode::kOnce, b.AllocOnce());
  b.Add(Opcode::kOpenEphemeral, level->index_cursor, field_count);
  btree::KeyInfo key_info;
  key_info.collations.assign(static_cast<size_t>(field_count), Collation::kBinary);
  key_info.collations[0] = column.collation;
  key_info.descending.assign(static_cast<size_t>(field_count), false);
  b.SetP4KeyInfo(std::move(key_info));
  const int done = b.NewLabel();
  b.Add(Opcode::kRewind, item.cursor, done);
  const int top = b.current_address();
  const int key = b.AllocRegisters(field_count);
  for (int field = 0; field < field_count; field++) {
    const int table_column = level->index_columns[static_cast<size_t>(field)];
    if (table_column == kRowidColumn) {
      b.Add(Opcode::kRowid, item.cursor, key + field);
      continue;
    }
    b.Add(Opcode::kColumn, item.cursor, table_column, key + field);
    const Column& source = item.table->columns[static_cast<size_t>(table_column)];
    if (source.has_constant_default && !source.constant_default.IsNull()) {
      b.SetP4Constant(source.constant_default);
    }
  }
  const int record = b.AllocRegister();
  b.Add(Opcode::kMakeRecord, key, field_count, record);
  b.Add(Opcode::kIdxInsert, level->index_cursor, record);
  b.Add(Opcode::kNext, item.cursor, top);
  b.ResolveLabel(done);
  b.JumpHere(once);
}

// The value side of a term on column `column` of the level's item, and the affinity the index
// key gets for it (the column's, unless the comparison converts nothing).
Rc WhereLoop::KeyValue(const Level& level, const Term& term, int column, const Expr** value,
                       char* affinity) {
  const FromItem& item = (*items_)[static_cast<size_t>(level.item)];
  const int side = term.sides[0].item == level.item && term.sides[0].column == column ? 0 : 1;
  *value = term.sides[1 - side].expr;
  Affinity comparison;
  SIMLITE_TRY(coder_->ComparisonAffinity(term.sides[0].expr, term.sides[1].expr, &comparison));
  const Affinity column_affinity =
      column == kRowidColumn ? Affinity::kInteger
                             : item.table->columns[static_cast<size_t>(column)].affinity;
  *affinity = static_cast<char>(comparison <= Affinity::kBlob ? Affinity::kBlob : column_affinity);
  return Rc::kOk;
}

// The direction a range term bounds its column in: its operator with the column on the left.
BinaryOp WhereLoop::RangeOp(const Level& level, const Term& term, int column) const {
  const bool column_left = term.sides[0].item == level.item && term.sides[0].column == column;
  return column_left ? term.op : FlipComparison(term.op);
}

// The index lookup of kIndex and kAutoIndex: the key (one value per equality term, with the
// affinity the comparison calls for, then a range's lower bound) and the upper bound key seek
// the index (EmitIndexSeek); the loop ends with the equal prefix or at the far bound.
Rc WhereLoop::SeekIndexKey(Level* level, const std::vector<int>& columns) {
  ProgramBuilder& b = ctx_->builder();
  const int count = static_cast<int>(level->eq_terms.size());
  const int key = b.AllocRegisters(count + 1);
  std::string affinities;
  for (int term_idx = 0; term_idx < count; term_idx++) {
    const Term* term = level->eq_terms[static_cast<size_t>(term_idx)];
    if (term->in_list) {
      // The IN table holds its values converted already.
      int value = 0;
      // Without an ORDER BY to serve, the IN values go in the index column's order: backwards
      // on a DESC column (as SQLite's codeEqualityTerm), which decides e.g. which rows an
      // UPDATE OR IGNORE keeps. (An ORDER BY's direction is level->reverse's business.)
      const bool descending =
          order_.empty() && level->index != nullptr &&
          static_cast<size_t>(term_idx) < level->index->columns.size() &&
          level->index->columns[static_cast<size_t>(term_idx)].descending;
      SIMLITE_TRY(BeginInLoop(level, term, &value, descending));
      b.Add(Opcode::kSCopy, value, key + term_idx);
      affinities += static_cast<char>(Affinity::kBlob);
      continue;
    }
    const Expr* value = nullptr;
    char affinity = 0;
    SIMLITE_TRY(KeyValue(*level, *term, columns[static_cast<size_t>(term_idx)], &value,
                         &affinity));
    SIMLITE_TRY(coder_->Code(value, key + term_idx));
    // A NULL key finds nothing (before the first IN loop begins, a miss leaves the level),
    // except for IS, which looks NULLs up.
    if (!term->null_key) {
      b.Add(Opcode::kIsNull, key + term_idx,
            level->in_loops.empty() ? level->exit_label : level->end_label);
    }
    affinities += affinity;
  }
  const int range_column =
      level->index != nullptr && count < static_cast<int>(level->index->columns.size())
          ? level->index->columns[static_cast<size_t>(count)].column
          : -3;
  if (count > 0) {
    b.Add(Opcode::kAffinity, key, count);
    b.SetP4Affinity(affinities);
  }
  // Bounds: r[key + count] (lower), r[upper_key..] (the prefix again, then the upper bound).
  auto code_bound = [&](const Term* term, int reg) -> Rc {
    const Expr* value = nullptr;
    char affinity = 0;
    SIMLITE_TRY(KeyValue(*level, *term, range_column, &value, &affinity));
    SIMLITE_TRY(coder_->Code(value, reg));
    if (!term->null_key) b.Add(Opcode::kIsNull, reg, level->end_label);
    b.Add(Opcode::kAffinity, reg, 1);
    b.SetP4Affinity(std::string(1, affinity));
    return Rc::kOk;
  };
  int upper_key = 0;
  if (level->upper != nullptr) {
    upper_key = b.AllocRegisters(count + 1);
    if (count > 0) b.Add(Opcode::kCopy, key, upper_key, count - 1);
    SIMLITE_TRY(code_bound(level->upper, upper_key + count));
  }
  if (level->lower != nullptr) SIMLITE_TRY(code_bound(level->lower, key + count));
  EmitIndexSeek(level, key, upper_key, range_column);
  if (level->access == Access::kIndex) ConsumeLookupTerms(*level);
  return Rc::kOk;
}

// An index lookup finds exactly the entries its equality and range terms accept: the key
// takes the comparison's affinity and the index has its collation (IndexUsable), a NULL key
// finds nothing, and the bound on the NULLs' side of the range leaves them out. So those
// terms are not tested again, except:
//  - a bound without one on the NULLs' side: the range still holds the NULL entries;
//  - IN terms and the virtual terms of IS / IS NULL / NOT NULL (tested as written);
//  - on the right table of a LEFT JOIN, WHERE terms (its NULL row must still fail them; its
//    own ON terms are consumed).
void WhereLoop::ConsumeLookupTerms(const Level& level) {
  const FromItem& item = (*items_)[static_cast<size_t>(level.item)];
  auto consumable = [&](const Term* term) {
    return term != nullptr && !term->in_list && !term->null_key &&
           (!item.left_join || term->on_item == level.item);
  };
  for (Term* term : level.eq_terms) {
    if (consumable(term)) Consume(term);
  }
  // Bounds are in index order, and NULLs sort first: at the start of an ASC column's range,
  // at the end of a DESC one's.
  const size_t range = level.eq_terms.size();
  if (range >= level.index->columns.size()) return;
  const bool descending = level.index->columns[range].descending;
  if ((descending ? level.upper : level.lower) == nullptr) return;
  if (consumable(level.lower)) Consume(level.lower);
  if (consumable(level.upper)) Consume(level.upper);
}

void WhereLoop::Consume(Term* term) {
  if (term->parent < 0) {
    term->coded = true;
    return;
  }
  Term& parent = terms_[static_cast<size_t>(term->parent)];
  if (--parent.virtual_children == 0) parent.coded = true;
}

// Positions the index cursor at the first entry in the loop's direction and emits, at the
// loop's top, the test for having passed the last one. Forward: from the lower bound (or the
// prefix) up to the upper bound (or the prefix's end); backwards the other way round.
void WhereLoop::EmitIndexSeek(Level* level, int key, int upper_key, int range_column) {
  ProgramBuilder& b = ctx_->builder();
  const int count = static_cast<int>(level->eq_terms.size());
  const int cursor = level->index_cursor;
  const Term* start = level->reverse ? level->upper : level->lower;
  const Term* stop = level->reverse ? level->lower : level->upper;
  const int start_key = level->reverse ? upper_key : key;
  const int stop_key = level->reverse ? key : upper_key;
  if (start != nullptr) {
    const BinaryOp op = RangeOp(*level, *start, range_column);
    const bool strict = op == BinaryOp::kGt || op == BinaryOp::kLt;
    const Opcode seek = level->reverse ? (strict ? Opcode::kSeekLT : Opcode::kSeekLE)
                                       : (strict ? Opcode::kSeekGT : Opcode::kSeekGE);
    b.Add(seek, cursor, level->end_label, start_key);
    b.SetP4Int(count + 1);
  } else if (count > 0) {
    b.Add(level->reverse ? Opcode::kSeekLE : Opcode::kSeekGE, cursor, level->end_label, key);
    b.SetP4Int(count);
  } else {
    b.Add(level->reverse ? Opcode::kLast : Opcode::kRewind, cursor, level->end_label);
  }
  level->top = b.current_address();
  if (stop != nullptr) {
    const BinaryOp op = RangeOp(*level, *stop, range_column);
    const bool strict = op == BinaryOp::kGt || op == BinaryOp::kLt;
    const Opcode test = level->reverse ? (strict ? Opcode::kIdxLE : Opcode::kIdxLT)
                                       : (strict ? Opcode::kIdxGE : Opcode::kIdxGT);
    b.Add(test, cursor, level->end_label, stop_key);
    b.SetP4Int(count + 1);
  } else if (count > 0) {
    b.Add(level->reverse ? Opcode::kIdxLT : Opcode::kIdxGT, cursor, level->end_label, key);
    b.SetP4Int(count);
  }
}

// The EXPLAIN QUERY PLAN line of a level, worded as SQLite's.
std::string WhereLoop::PlanText(const Level& level) const {
  const FromItem& item = (*items_)[static_cast<size_t>(level.item)];
  // The alias when there is one, else the name as written (with its database when qualified).
  std::string name = item.name;
  if (item.ref != nullptr && !item.ref->alias.IsSet() && item.ref->name.schema.IsSet()) {
    name = std::string(item.ref->name.schema.text) + "." + name;
  }
  std::string text;
  switch (level.access) {
    case Access::kScan:
      text = "SCAN " + name;
      break;
    case Access::kRowidEq:
      text = "SEARCH " + name + " USING INTEGER PRIMARY KEY (rowid=?)";
      break;
    case Access::kRowidRange:
      text = "SEARCH " + name + " USING INTEGER PRIMARY KEY (" +
             std::string(level.lower != nullptr ? "rowid>?" : "") +
             (level.lower != nullptr && level.upper != nullptr ? " AND " : "") +
             (level.upper != nullptr ? "rowid<?" : "") + ")";
      break;
    case Access::kIndex: {
      auto column_name = [&](size_t position) {
        const int column = level.index->columns[position].column;
        return column >= 0 ? item.table->columns[static_cast<size_t>(column)].name
                           : std::string("rowid");
      };
      const std::string index_text =
          std::string(level.covering ? "COVERING " : "") + "INDEX " + level.index->name;
      if (level.eq_terms.empty() && level.lower == nullptr && level.upper == nullptr) {
        text = "SCAN " + name + " USING " + index_text;
        break;
      }
      text = "SEARCH " + name + " USING " + index_text + " (";
      for (size_t term_idx = 0; term_idx < level.eq_terms.size(); term_idx++) {
        if (term_idx > 0) text += " AND ";
        text += column_name(term_idx) + "=?";
      }
      // The bounds on the column's values (level.lower / upper are in index order).
      const size_t range = level.eq_terms.size();
      const bool descending =
          range < level.index->columns.size() && level.index->columns[range].descending;
      const bool has_lower = (descending ? level.upper : level.lower) != nullptr;
      const bool has_upper = (descending ? level.lower : level.upper) != nullptr;
      if (has_lower) text += (range > 0 ? " AND " : "") + column_name(range) + ">?";
      if (has_upper) text += (range > 0 || has_lower ? " AND " : "") + column_name(range) + "<?";
      text += ")";
      break;
    }
    case Access::kAutoIndex:
      text = "SEARCH " + name + " USING AUTOMATIC COVERING INDEX (" +
             item.table->columns[static_cast<size_t>(level.auto_column)].name + "=?)";
      break;
  }
  if (item.left_join) text += " LEFT-JOIN";
  return text;
}

// The transient index of an IN list's values (built once when they are constant), and the
// loop over them, backwards when the level runs backwards; a NULL value finds nothing.
Rc WhereLoop::BeginInLoop(Level* level, const Term* term, int* reg, bool descending) {
  ProgramBuilder& b = ctx_->builder();
  const auto* in = term->expr->As<parser::InExpr>();
  InLoop loop;
  loop.term = term;
  loop.cursor = b.AllocCursor();
  loop.reg = b.AllocRegister();
  // Constant: no column of this query or of one around it (a correlated subquery's list
  // changes with the outer row).
  bool constant = true;
  for (const Expr* item : in->list) {
    SIMLITE_TRY(WalkExpr(item, [&](const Expr* node, bool*) {
      if (node->kind == ExprKind::kColumn) constant = false;
      return Rc::kOk;
    }));
  }
  const int once = constant ? b.Add(Opcode::kOnce, b.AllocOnce()) : -1;
  b.Add(Opcode::kOpenEphemeral, loop.cursor, 1);
  btree::KeyInfo key_info;
  key_info.collations = {term->collation};
  key_info.descending = {false};
  b.SetP4KeyInfo(std::move(key_info));
  const int value = b.AllocRegister();
  const int record = b.AllocRegister();
  for (const Expr* item : in->list) {
    SIMLITE_TRY(coder_->Code(item, value));
    b.Add(Opcode::kMakeRecord, value, 1, record);
    b.SetP4Affinity(std::string(1, InTableAffinity(term->affinity)));
    b.Add(Opcode::kIdxInsert, loop.cursor, record);
  }
  if (once >= 0) b.JumpHere(once);
  loop.reverse = level->reverse != descending;
  b.Add(loop.reverse ? Opcode::kLast : Opcode::kRewind, loop.cursor, level->exit_label);
  loop.top = b.current_address();
  b.Add(Opcode::kColumn, loop.cursor, 0, loop.reg);
  b.Add(Opcode::kIsNull, loop.reg, level->end_label);
  level->in_loops.push_back(loop);
  *reg = loop.reg;
  return Rc::kOk;
}

// After an index positioned: a covering index serves the column reads, else the table moves
// to the entry's row.
void WhereLoop::UseCovering(Level* level) {
  FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  if (!level->covering) {
    ctx_->builder().Add(Opcode::kDeferredSeek, level->index_cursor, 0, item.cursor);
    return;
  }
  item.covering_cursor = level->index_cursor;
  item.covering_columns = level->index_columns;
}

// A table-valued pragma's rows, for its arguments' current values (they may name the rows of
// outer loops), into its transient table.
Rc WhereLoop::FillPragmaTable(const FromItem& item) {
  ProgramBuilder& b = ctx_->builder();
  const int args = b.AllocRegisters(std::max(item.pragma_hidden, 1));
  for (int arg_idx = 0; arg_idx < item.pragma_hidden; arg_idx++) {
    if (arg_idx < static_cast<int>(item.pragma_args.size())) {
      SIMLITE_TRY(coder_->Code(item.pragma_args[static_cast<size_t>(arg_idx)], args + arg_idx));
    } else {
      b.Add(Opcode::kNull, 0, args + arg_idx);
    }
  }
  b.Add(Opcode::kOpenEphemeral, item.cursor, static_cast<int>(item.columns.size()));
  b.Add(Opcode::kPragmaRows, item.cursor, args, item.pragma_hidden);
  b.SetP4Text(item.pragma);
  return Rc::kOk;
}

Rc WhereLoop::BeginLevel(Level* level) {
  ProgramBuilder& b = ctx_->builder();
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  ctx_->AddPlan(PlanText(*level));
  if (item.left_join) {
    level->match_reg = b.AllocRegister();
    b.Add(Opcode::kInteger, 0, level->match_reg);
  }
  switch (level->access) {
    case Access::kScan:
      if (!item.pragma.empty()) SIMLITE_TRY(FillPragmaTable(item));
      b.Add(level->reverse ? Opcode::kLast : Opcode::kRewind, item.cursor, level->end_label);
      level->top = b.current_address();
      break;
    case Access::kRowidEq: {
      int reg = 0;
      if (level->eq_terms[0]->in_list) {
        SIMLITE_TRY(BeginInLoop(level, level->eq_terms[0], &reg));
      } else {
        const auto* binary = level->eq_terms[0]->expr->As<parser::BinaryExpr>();
        int column = 0;
        SIMLITE_TRY(ItemColumn(binary->left, level->item, &column));
        const Expr* value = column == kRowidColumn ? binary->right : binary->left;
        SIMLITE_TRY(coder_->CodeTemp(value, &reg));
      }
      b.Add(Opcode::kSeekRowid, item.cursor, level->end_label, reg);
      level->top = b.current_address();
      break;
    }
    case Access::kIndex: {
      std::vector<int> columns;
      for (size_t term_idx = 0; term_idx < level->eq_terms.size(); term_idx++) {
        columns.push_back(level->index->columns[term_idx].column);
      }
      SIMLITE_TRY(SeekIndexKey(level, columns));
      break;
    }
    case Access::kAutoIndex:
      EmitAutoIndex(level);
      SIMLITE_TRY(SeekIndexKey(level, {level->auto_column}));
      break;
    case Access::kRowidRange:
      SIMLITE_TRY(BeginRowidRange(level));
      break;
  }
  if (level->access == Access::kIndex || level->access == Access::kAutoIndex) UseCovering(level);
  SIMLITE_TRY(CodeTermsAt(*level, true, level->next_label));
  if (item.left_join) b.Add(Opcode::kInteger, 1, level->match_reg);
  b.ResolveLabel(level->body_label);
  return CodeTermsAt(*level, false, level->next_label);
}

// A rowid range: seek the bound the loop starts from (or the table's first or last row), test
// the other at each row. Backwards (ORDER BY rowid DESC) the upper bound is the start.
Rc WhereLoop::BeginRowidRange(Level* level) {
  ProgramBuilder& b = ctx_->builder();
  const FromItem& item = (*items_)[static_cast<size_t>(level->item)];
  struct Bound {
    const Expr* rowid_expr = nullptr;
    const Expr* value = nullptr;
    BinaryOp op = BinaryOp::kEq;  // with the rowid on the left
  };
  auto decode = [&](const Term* term, Bound* bound) -> Rc {
    const auto* binary = term->expr->As<parser::BinaryExpr>();
    int column = 0;
    SIMLITE_TRY(ItemColumn(binary->left, level->item, &column));
    const bool rowid_left = column == kRowidColumn;
    bound->rowid_expr = rowid_left ? binary->left : binary->right;
    bound->value = rowid_left ? binary->right : binary->left;
    bound->op = rowid_left ? binary->op : FlipComparison(binary->op);
    return Rc::kOk;
  };
  const Term* start = level->reverse ? level->upper : level->lower;
  const Term* stop = level->reverse ? level->lower : level->upper;
  if (start != nullptr) {
    Bound bound;
    SIMLITE_TRY(decode(start, &bound));
    int reg = 0;
    SIMLITE_TRY(coder_->CodeTemp(bound.value, &reg));
    Opcode seek = Opcode::kSeekGE;
    switch (bound.op) {
      case BinaryOp::kGt:
        seek = Opcode::kSeekGT;
        break;
      case BinaryOp::kLt:
        seek = Opcode::kSeekLT;
        break;
      case BinaryOp::kLe:
        seek = Opcode::kSeekLE;
        break;
      default:
        break;
    }
    b.Add(seek, item.cursor, level->end_label, reg);
  } else {
    b.Add(level->reverse ? Opcode::kLast : Opcode::kRewind, item.cursor, level->end_label);
  }
  level->top = b.current_address();
  if (stop != nullptr) {
    Bound bound;
    SIMLITE_TRY(decode(stop, &bound));
    int value = 0;
    SIMLITE_TRY(coder_->CodeTemp(bound.value, &value));
    const int rowid = b.AllocRegister();
    b.Add(Opcode::kRowid, item.cursor, rowid);
    // Leave the loop once the rowid is past the bound (or the bound is NULL).
    BinaryOp leave = BinaryOp::kGt;
    switch (bound.op) {
      case BinaryOp::kLt:
        leave = BinaryOp::kGe;
        break;
      case BinaryOp::kGt:
        leave = BinaryOp::kLe;
        break;
      case BinaryOp::kGe:
        leave = BinaryOp::kLt;
        break;
      default:
        break;
    }
    SIMLITE_TRY(coder_->EmitCompareJump(leave, bound.rowid_expr, rowid, bound.value, value,
                                        level->end_label, true));
  }
  return Rc::kOk;
}

bool WhereLoop::OneRow(const Level& level) {
  if (level.index == nullptr || !level.index->unique ||
      level.eq_terms.size() != level.index->columns.size()) {
    return false;
  }
  // IS / IS NULL look NULLs up, and a unique index may hold many of them; an IN list's
  // values may repeat (SQLite takes no one-row step for either).
  return std::none_of(level.eq_terms.begin(), level.eq_terms.end(),
                      [](const Term* term) { return term->null_key || term->in_list; });
}

Rc WhereLoop::End() {
  ProgramBuilder& b = ctx_->builder();
  for (size_t level_idx = levels_.size(); level_idx-- > 0;) {
    Level& level = levels_[level_idx];
    const FromItem& item = (*items_)[static_cast<size_t>(level.item)];
    b.ResolveLabel(level.next_label);
    const Opcode step = level.reverse ? Opcode::kPrev : Opcode::kNext;
    switch (level.access) {
      case Access::kScan:
      case Access::kRowidRange:
        b.Add(step, item.cursor, level.top);
        break;
      case Access::kIndex:
        // A unique index looked up by '=' on all its columns holds at most one match: no
        // step to a next entry (SQLite's WHERE_ONEROW).
        if (!OneRow(level)) b.Add(step, level.index_cursor, level.top);
        break;
      case Access::kAutoIndex:
        b.Add(step, level.index_cursor, level.top);
        break;
      case Access::kRowidEq:
        break;
    }
    b.ResolveLabel(level.end_label);
    for (size_t in_idx = level.in_loops.size(); in_idx-- > 0;) {
      const InLoop& in = level.in_loops[in_idx];
      b.Add(in.reverse ? Opcode::kPrev : Opcode::kNext, in.cursor, in.top);
    }
    b.ResolveLabel(level.exit_label);
    if (item.left_join) {
      const int matched = b.Add(Opcode::kIfPos, level.match_reg, 0, 0);
      // The NULL row also ends the loop's own cursor: its Next finds nothing more (as
      // SQLite's NullRow, which clears the b-tree cursor).
      b.Add(Opcode::kNullRow, item.cursor);
      if (level.index_cursor >= 0) b.Add(Opcode::kNullRow, level.index_cursor);
      b.Add(Opcode::kInteger, 1, level.match_reg);
      b.Add(Opcode::kGoto, 0, level.body_label);
      b.JumpHere(matched);
    }
  }
  if (levels_.empty()) b.ResolveLabel(continue_label_);
  b.ResolveLabel(break_label_);
  for (const Level& level : levels_) {
    FromItem& item = (*items_)[static_cast<size_t>(level.item)];
    item.covering_cursor = -1;
    item.covering_columns.clear();
  }
  return Rc::kOk;
}

}  // namespace simlite::codegen
