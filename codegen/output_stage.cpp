// OutputStage: DISTINCT, ORDER BY, OFFSET/LIMIT and the destinations (see output_stage.h).
#include "codegen/output_stage.h"

namespace simlite::codegen {

Rc OutputStage::SetLimit(const parser::Expr* limit, const parser::Expr* offset) {
  ProgramBuilder& b = ctx_->builder();
  if (limit == nullptr) return Rc::kOk;
  NameContext no_names;
  ExprCoder coder(ctx_, &no_names);
  limit_reg_ = b.AllocRegister();
  SIMLITE_TRY(coder.Code(limit, limit_reg_));
  b.Add(Opcode::kMustBeInt, limit_reg_);
  if (offset != nullptr) {
    offset_reg_ = b.AllocRegister();
    SIMLITE_TRY(coder.Code(offset, offset_reg_));
    b.Add(Opcode::kMustBeInt, offset_reg_);
  }
  b.Add(Opcode::kIfNot, limit_reg_, break_label_);
  return Rc::kOk;
}

void OutputStage::SetDistinct(std::vector<Collation> collations) {
  distinct_ = true;
  distinct_collations_ = std::move(collations);
}

void OutputStage::SetSortKeys(std::vector<SortKey> keys) { keys_ = std::move(keys); }

int OutputStage::KeyFieldCount() const {
  int count = 0;
  for (const SortKey& key : keys_) {
    // A NULLS placement other than the default needs a "value IS NULL" field first.
    count += key.nulls_first == key.descending ? 2 : 1;
  }
  return count;
}

btree::KeyInfo OutputStage::DistinctKeyInfo() const {
  btree::KeyInfo key_info;
  key_info.collations.assign(static_cast<size_t>(column_count_), Collation::kBinary);
  for (int column_idx = 0; column_idx < column_count_ &&
                           column_idx < static_cast<int>(distinct_collations_.size());
       column_idx++) {
    key_info.collations[static_cast<size_t>(column_idx)] =
        distinct_collations_[static_cast<size_t>(column_idx)];
  }
  key_info.descending.assign(static_cast<size_t>(column_count_), false);
  return key_info;
}

Rc OutputStage::Open() {
  ProgramBuilder& b = ctx_->builder();
  if (distinct_ && distinct_ordered_) {
    previous_reg_ = b.AllocRegisters(column_count_);
    seen_reg_ = b.AllocRegister();
    b.Add(Opcode::kInteger, 0, seen_reg_);
  } else if (distinct_) {
    distinct_cursor_ = b.AllocCursor();
    b.Add(Opcode::kOpenEphemeral, distinct_cursor_, column_count_);
    b.SetP4KeyInfo(DistinctKeyInfo());
  }
  if (!keys_.empty()) {
    sorter_cursor_ = b.AllocCursor();
    btree::KeyInfo key_info;
    for (const SortKey& key : keys_) {
      if (key.nulls_first == key.descending) {
        key_info.collations.push_back(Collation::kBinary);
        key_info.descending.push_back(key.descending);
      }
      key_info.collations.push_back(key.collation);
      key_info.descending.push_back(key.descending);
    }
    key_info.collations.push_back(Collation::kBinary);  // the sequence number
    key_info.descending.push_back(false);
    b.Add(Opcode::kSorterOpen, sorter_cursor_, KeyFieldCount() + 1 + column_count_);
    b.SetP4KeyInfo(std::move(key_info));
    if (limit_reg_ != 0) {
      // ORDER BY ... LIMIT: the sorter keeps only the first LIMIT + OFFSET rows.
      int total = limit_reg_;
      if (offset_reg_ != 0) {
        total = b.AllocRegister();
        b.Add(Opcode::kOffsetLimit, limit_reg_, total, offset_reg_);
      }
      b.Add(Opcode::kSorterLimit, sorter_cursor_, total);
    }
  }
  return Rc::kOk;
}

Rc OutputStage::EmitRow(ExprCoder* coder, int first, int skip) {
  ProgramBuilder& b = ctx_->builder();
  if (distinct_ && distinct_ordered_) {
    const int store = b.NewLabel();
    b.Add(Opcode::kIfNot, seen_reg_, store);
    b.Add(Opcode::kCompare, previous_reg_, first, column_count_);
    b.SetP4KeyInfo(DistinctKeyInfo());
    b.Add(Opcode::kJump, store, skip, store);
    b.ResolveLabel(store);
    b.Add(Opcode::kCopy, first, previous_reg_, column_count_ - 1);
    b.Add(Opcode::kInteger, 1, seen_reg_);
  } else if (distinct_) {
    const int record = b.AllocRegister();
    b.Add(Opcode::kMakeRecord, first, column_count_, record);
    b.Add(Opcode::kFound, distinct_cursor_, skip, record);
    b.SetP4Int(0);
    b.Add(Opcode::kIdxInsert, distinct_cursor_, record);
  }
  if (keys_.empty()) return Deliver(first, skip);
  const int key_fields = KeyFieldCount();
  const int base = b.AllocRegisters(key_fields + 1 + column_count_);
  int field = 0;
  for (const SortKey& key : keys_) {
    const bool null_flag = key.nulls_first == key.descending;
    const int value = base + field + (null_flag ? 1 : 0);
    if (key.result >= 0) {
      b.Add(Opcode::kSCopy, first + key.result, value);
    } else {
      SIMLITE_TRY(coder->Code(key.expr, value));
    }
    if (null_flag) EmitNullFlag(b, value, base + field);
    field += null_flag ? 2 : 1;
  }
  b.Add(Opcode::kSequence, sorter_cursor_, base + key_fields);
  if (column_count_ > 0) {
    b.Add(Opcode::kCopy, first, base + key_fields + 1, column_count_ - 1);
  }
  const int record = b.AllocRegister();
  b.Add(Opcode::kMakeRecord, base, key_fields + 1 + column_count_, record);
  b.Add(Opcode::kSorterInsert, sorter_cursor_, record);
  return Rc::kOk;
}

void EmitNullFlag(ProgramBuilder& b, int value, int flag) {
  b.Add(Opcode::kInteger, 0, flag);
  const int not_null = b.Add(Opcode::kNotNull, value);
  b.Add(Opcode::kInteger, 1, flag);
  b.JumpHere(not_null);
}

Rc EmitToDest(CodegenContext* ctx, const SelectDest& dest, int first, int count, int skip,
              int done) {
  ProgramBuilder& b = ctx->builder();
  switch (dest.kind) {
    case SelectDest::Kind::kOutput:
      b.Add(Opcode::kResultRow, first, count);
      break;
    case SelectDest::Kind::kTable: {
      const int record = b.AllocRegister();
      const int rowid = b.AllocRegister();
      b.Add(Opcode::kMakeRecord, first, count, record);
      b.Add(Opcode::kNewRowid, dest.cursor, rowid);
      b.Add(Opcode::kInsert, dest.cursor, record, rowid);
      break;
    }
    case SelectDest::Kind::kIndex: {
      const int record = b.AllocRegister();
      b.Add(Opcode::kMakeRecord, first, count, record);
      if (!dest.affinity.empty()) b.SetP4Affinity(dest.affinity);
      b.Add(Opcode::kIdxInsert, dest.cursor, record);
      break;
    }
    case SelectDest::Kind::kExcept:
      b.Add(Opcode::kIdxDelete, dest.cursor, first, count);
      break;
    case SelectDest::Kind::kScalar:
      b.Add(Opcode::kCopy, first, dest.reg);
      b.Add(Opcode::kGoto, 0, done);
      break;
    case SelectDest::Kind::kExists:
      b.Add(Opcode::kInteger, 1, dest.reg);
      b.Add(Opcode::kGoto, 0, done);
      break;
    case SelectDest::Kind::kCallback:
      return dest.callback(first, count, skip);
  }
  return Rc::kOk;
}

Rc OutputStage::Deliver(int first, int skip) {
  ProgramBuilder& b = ctx_->builder();
  if (offset_reg_ != 0) b.Add(Opcode::kIfPos, offset_reg_, skip, 1);
  SIMLITE_TRY(EmitToDest(ctx_, dest_, first, column_count_, skip, break_label_));
  if (limit_reg_ != 0) b.Add(Opcode::kDecrJumpZero, limit_reg_, break_label_);
  return Rc::kOk;
}

Rc OutputStage::Finish() {
  ProgramBuilder& b = ctx_->builder();
  if (distinct_ && !distinct_ordered_) ctx_->AddPlan("USE TEMP B-TREE FOR DISTINCT");
  if (!keys_.empty()) {
    ctx_->AddPlan(partial_sort_ ? "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY"
                                : "USE TEMP B-TREE FOR ORDER BY");
  }
  if (!keys_.empty()) {
    const int done = b.NewLabel();
    b.Add(Opcode::kSorterSort, sorter_cursor_, done);
    const int top = b.current_address();
    const int first = b.AllocRegisters(column_count_);
    const int key_fields = KeyFieldCount();
    for (int column_idx = 0; column_idx < column_count_; column_idx++) {
      b.Add(Opcode::kColumn, sorter_cursor_, key_fields + 1 + column_idx, first + column_idx);
    }
    const int next = b.NewLabel();
    SIMLITE_TRY(Deliver(first, next));
    b.ResolveLabel(next);
    b.Add(Opcode::kSorterNext, sorter_cursor_, top);
    b.ResolveLabel(done);
  }
  b.ResolveLabel(break_label_);
  return Rc::kOk;
}

}  // namespace simlite::codegen
