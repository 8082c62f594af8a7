// Cursor opcodes: opening, walking, seeking, and reading columns.
#include <cassert>
#include <cmath>

#include "common/corrupt.h"
#include "vdbe/value.h"
#include "vdbe/vm_ops.h"

namespace simlite::vdbe {

std::span<const uint8_t> VmOps::BuildKey(Vm* vm, int first, int count) {
  btree::RecordBuilder& builder = vm->key_builder_;
  builder.Reset();
  for (int reg_idx = 0; reg_idx < count; reg_idx++) builder.Add(Reg(vm, first + reg_idx).View());
  return builder.Finish();
}

void VmOps::KeyFromRegisters(Vm* vm, int first, int count, btree::SearchKey* key) {
  constexpr uint32_t kDecoded = btree::SearchKey::kDecodedFields;
  if (count > static_cast<int>(kDecoded)) return key->Init(BuildKey(vm, first, count));
  btree::ValueView values[kDecoded];
  for (int reg_idx = 0; reg_idx < count; reg_idx++) {
    values[reg_idx] = Reg(vm, first + reg_idx).View();
  }
  key->InitValues({values, static_cast<size_t>(count)});
}

void VmOps::KeyOperand(Vm* vm, Op op, btree::SearchKey* key) {
  if (op.p4type == P4Type::kInt32 && op.p4.i > 0) {
    return KeyFromRegisters(vm, op.p3, op.p4.i, key);
  }
  const Mem& record = Reg(vm, op.p3);
  key->Init({record.bytes(), record.size()});
}

Rc VmOps::OpenBtree(Vm* vm, Op op) {
  const btree::KeyInfo* key_info =
      op.p4type == P4Type::kKeyInfo ? &vm->program_->key_info(op.p4.index) : nullptr;
  int64_t root = op.p2;
  if (op.p5 & kP5RootInRegister) root = Reg(vm, op.p2).i();
  if (root < 1 || root > UINT32_MAX) return SIMLITE_CORRUPT();
  Cursor(vm, op.p1).OpenBtree(vm->host_->btree(op.p3), static_cast<pager::Pgno>(root),
                              op.opcode == Opcode::kOpenWrite, key_info, false);
  return Rc::kOk;
}

Rc VmOps::OpenEphemeral(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  const btree::KeyInfo* key_info =
      op.p4type == P4Type::kKeyInfo ? &vm->program_->key_info(op.p4.index) : nullptr;
  if (cursor.is_open() && cursor.ephemeral()) {
    // Reopening a transient table empties it (SQLite's OpenEphemeral on an open cursor).
    SIMLITE_TRY(vm->ephemeral_.btree()->Clear(cursor.bt().root()));
    cursor.Moved();
    NoteWrite(vm);
    return Rc::kOk;
  }
  pager::Pgno root = 0;
  SIMLITE_TRY(vm->ephemeral_.NewTree(vm->host_->io(), key_info != nullptr, &root));
  cursor.OpenBtree(vm->ephemeral_.btree(), root, true, key_info, true);
  return Rc::kOk;
}

Rc VmOps::OpenDup(Vm* vm, Op op) {
  VdbeCursor& original = Cursor(vm, op.p2);
  assert(original.ephemeral());
  Cursor(vm, op.p1).OpenBtree(vm->ephemeral_.btree(), original.bt().root(), true,
                              original.key_info(), true);
  return Rc::kOk;
}

Rc VmOps::Rewind(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  cursor.Moved();
  bool empty = false;
  if (cursor.kind() == VdbeCursor::Kind::kSorter) {
    SIMLITE_TRY(cursor.sorter().Sort(&empty));
  } else {
    SIMLITE_TRY(cursor.bt().First(&empty));
  }
  if (empty) Jump(vm, op.p2);
  return Rc::kOk;
}

Rc VmOps::Last(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  cursor.Moved();
  bool empty = false;
  SIMLITE_TRY(cursor.bt().Last(&empty));
  if (empty) Jump(vm, op.p2);
  return Rc::kOk;
}

Rc VmOps::Next(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  if (cursor.null_row()) return Rc::kOk;  // a NULL row has no next (invariant 2)
  cursor.Moved();
  bool at_end = false;
  if (cursor.kind() == VdbeCursor::Kind::kSorter) {
    SIMLITE_TRY(cursor.sorter().Next(&at_end));
    if (!at_end) Jump(vm, op.p2);
    return Rc::kOk;
  }
  SIMLITE_TRY(cursor.bt().Next(&at_end));
  if (!at_end) Jump(vm, op.p2);
  return Rc::kOk;
}

Rc VmOps::Prev(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  if (cursor.null_row()) return Rc::kOk;
  cursor.Moved();
  bool at_end = false;
  SIMLITE_TRY(cursor.bt().Prev(&at_end));
  if (!at_end) Jump(vm, op.p2);
  return Rc::kOk;
}

// Copies a decoded value into a register (invariant 2 of vm.h: registers never borrow pages).
void StoreValue(const btree::ValueView& value, Mem* out) {
  switch (value.type) {
    case ValueType::kNull:
      out->SetNull();
      break;
    case ValueType::kInteger:
      out->SetInt(value.i);
      break;
    case ValueType::kReal:
      out->SetReal(value.r);
      break;
    case ValueType::kText:
      out->SetText(value.bytes, value.size);
      break;
    case ValueType::kBlob:
      out->SetBlob(value.bytes, value.size);
      break;
  }
}

// r[P3] = column P2; a column beyond the record's end takes the default in P4 (a column added
// by ALTER TABLE ADD COLUMN after the row was written), else NULL.
Rc VmOps::Column(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  const Mem* pseudo =
      cursor.kind() == VdbeCursor::Kind::kPseudo ? &Reg(vm, cursor.pseudo_reg()) : nullptr;
  btree::RecordReader* reader = nullptr;
  SIMLITE_TRY(cursor.Record(vm->write_generation_, pseudo, &reader));
  Mem& out = Reg(vm, op.p3);
  if (reader == nullptr) {
    out.SetNull();
    return Rc::kOk;
  }
  btree::ValueView value;
  SIMLITE_TRY(reader->Column(static_cast<uint32_t>(op.p2), &value));
  if (value.type == ValueType::kNull && op.p4type == P4Type::kConstant &&
      static_cast<uint32_t>(op.p2) >= reader->column_count()) {
    out.ShallowCopyFrom(vm->program_->constant(op.p4.index));
    return Rc::kOk;
  }
  StoreValue(value, &out);
  return Rc::kOk;
}

Rc VmOps::Rowid(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  Mem& out = Reg(vm, op.p2);
  if (cursor.null_row() || !cursor.is_open()) {
    out.SetNull();
    return Rc::kOk;
  }
  int64_t rowid = 0;
  SIMLITE_TRY(cursor.Rowid(vm->write_generation_, &rowid));
  out.SetInt(rowid);
  return Rc::kOk;
}

Rc VmOps::RowData(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  std::span<const uint8_t> payload;
  SIMLITE_TRY(cursor.Payload(&payload));
  Reg(vm, op.p2).SetBlob(payload.data(), static_cast<uint32_t>(payload.size()));
  return Rc::kOk;
}

// SeekRowid takes any value (a non-integer never matches); NotExists an integer.
Rc VmOps::SeekRowid(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  const Mem& key = Reg(vm, op.p3);
  int64_t rowid = 0;
  if (key.type() == ValueType::kInteger) {
    rowid = key.i();
  } else {
    Mem converted;
    converted.ShallowCopyFrom(key);
    ApplyAffinity(&converted, vdbe::Affinity::kNumeric);
    if (converted.type() != ValueType::kInteger) {
      cursor.SetNullRow();
      Jump(vm, op.p2);
      return Rc::kOk;
    }
    rowid = converted.i();
  }
  cursor.Moved();
  int result = 0;
  SIMLITE_TRY(cursor.bt().SeekRowid(rowid, &result));
  if (result != 0 || !cursor.bt().valid()) {
    if (op.p2 == 0) return SIMLITE_CORRUPT();
    Jump(vm, op.p2);
  }
  return Rc::kOk;
}

namespace {

constexpr double kTwoPow63 = 9223372036854775808.0;

// Positions a table cursor on the first rowid >= k (or the last <= k when `backward`).
Rc SeekRowidAtLeast(btree::BtCursor* bt, int64_t k, bool backward, bool* found) {
  int result = 0;
  SIMLITE_TRY(bt->SeekRowid(k, &result));
  *found = bt->valid();
  if (!*found) return Rc::kOk;
  bool at_end = false;
  if (!backward && result < 0) SIMLITE_TRY(bt->Next(&at_end));
  if (backward && result > 0) SIMLITE_TRY(bt->Prev(&at_end));
  *found = !at_end;
  return Rc::kOk;
}

}  // namespace

// SeekGE/GT/LE/LT on a table: the key is made numeric; a real key seeks the integers around
// it, a key that is not a number sorts after every integer.
Rc VmOps::SeekTable(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  btree::BtCursor& bt = cursor.bt();
  cursor.Moved();
  Mem key;
  key.ShallowCopyFrom(Reg(vm, op.p3));
  ApplyAffinity(&key, vdbe::Affinity::kNumeric);
  const bool forward = op.opcode == Opcode::kSeekGE || op.opcode == Opcode::kSeekGT;
  bool found = false;
  bool to_end = false;  // position on the last entry (backward) or the first (forward)
  int64_t k = 0;
  if (key.type() == ValueType::kInteger) {
    k = key.i();
  } else if (key.type() == ValueType::kReal) {
    double r = key.r();
    double bound = op.opcode == Opcode::kSeekGE || op.opcode == Opcode::kSeekLT ? std::ceil(r)
                                                                                : std::floor(r);
    if (bound >= kTwoPow63) {
      if (forward) {
        Jump(vm, op.p2);
        return Rc::kOk;
      }
      to_end = true;
    } else if (bound < -kTwoPow63) {
      if (!forward) {
        Jump(vm, op.p2);
        return Rc::kOk;
      }
      to_end = true;
    } else {
      k = static_cast<int64_t>(bound);
    }
  } else {
    if (key.IsNull() || forward) {
      Jump(vm, op.p2);
      return Rc::kOk;
    }
    to_end = true;
  }
  if (to_end) {
    bool empty = false;
    SIMLITE_TRY(forward ? bt.First(&empty) : bt.Last(&empty));
    found = !empty;
  } else if (op.opcode == Opcode::kSeekGT && k == INT64_MAX) {
    found = false;
  } else if (op.opcode == Opcode::kSeekLT && k == INT64_MIN) {
    found = false;
  } else {
    if (op.opcode == Opcode::kSeekGT) k++;
    if (op.opcode == Opcode::kSeekLT) k--;
    SIMLITE_TRY(SeekRowidAtLeast(&bt, k, !forward, &found));
  }
  if (!found) Jump(vm, op.p2);
  return Rc::kOk;
}

Rc VmOps::SeekIndex(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  btree::BtCursor& bt = cursor.bt();
  cursor.Moved();
  btree::SearchKey key;
  KeyFromRegisters(vm, op.p3, op.p4.i, &key);
  bool exact = false;
  bool at_end = false;
  switch (op.opcode) {
    case Opcode::kSeekGE: {
      SIMLITE_TRY(bt.SeekKey(&key, &exact));
      // An equality lookup: the IdxGT that follows with the same key ends the loop at the
      // first entry past the key's prefix. Right after the seek, which leaves the cursor at
      // the first entry not below the key, that test is exactly "the entry is not equal":
      // decided here from the seek's own comparison (SQLite's eqOnly seek).
      const Instruction& next = vm->program_->op(vm->pc_);
      if (bt.valid() && next.opcode == Opcode::kIdxGT && next.p1 == op.p1 && next.p3 == op.p3 &&
          next.p4type == P4Type::kInt32 && next.p4.i == op.p4.i) {
        Jump(vm, exact ? vm->pc_ + 1 : next.p2);
        return Rc::kOk;
      }
      break;
    }
    case Opcode::kSeekGT:
      SIMLITE_TRY(bt.SeekKeyAfter(&key));
      break;
    case Opcode::kSeekLE:
    case Opcode::kSeekLT:
      if (op.opcode == Opcode::kSeekLE) {
        SIMLITE_TRY(bt.SeekKeyAfter(&key));
      } else {
        SIMLITE_TRY(bt.SeekKey(&key, &exact));
      }
      if (bt.valid()) {
        SIMLITE_TRY(bt.Prev(&at_end));
      } else {
        SIMLITE_TRY(bt.Last(&at_end));
      }
      break;
    default:
      assert(false);
  }
  if (at_end || !bt.valid()) Jump(vm, op.p2);
  return Rc::kOk;
}

// Compares the index entry with the key r[P3..P3+P4), over the key's fields only (an entry
// whose leading fields equal the key compares equal).
Rc VmOps::IdxCompare(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  std::span<const uint8_t> entry;
  SIMLITE_TRY(cursor.Payload(&entry));
  btree::SearchKey key;
  KeyFromRegisters(vm, op.p3, op.p4.i, &key);
  Rc rc = Rc::kOk;
  int c = btree::CompareRecordWithKey(entry, &key, *cursor.key_info(), &rc);
  SIMLITE_TRY(rc);
  bool jump = false;
  switch (op.opcode) {
    case Opcode::kIdxGE:
      jump = c >= 0;
      break;
    case Opcode::kIdxGT:
      jump = c > 0;
      break;
    case Opcode::kIdxLE:
      jump = c <= 0;
      break;
    case Opcode::kIdxLT:
      jump = c < 0;
      break;
    default:
      assert(false);
  }
  if (jump) Jump(vm, op.p2);
  return Rc::kOk;
}

// Moves table cursor P3 to the row of index cursor P1's entry (at once: simlite does not
// defer the seek).
Rc VmOps::DeferredSeek(Vm* vm, Op op) {
  VdbeCursor& index = Cursor(vm, op.p1);
  VdbeCursor& table = Cursor(vm, op.p3);
  int64_t rowid = 0;
  SIMLITE_TRY(index.Rowid(vm->write_generation_, &rowid));
  table.Moved();
  int result = 0;
  SIMLITE_TRY(table.bt().SeekRowid(rowid, &result));
  if (result != 0 || !table.bt().valid()) return SIMLITE_CORRUPT();
  return Rc::kOk;
}

namespace {

// True when the key (a record) has a NULL field.
Rc KeyHasNull(std::span<const uint8_t> key, bool* has_null) {
  btree::RecordReader reader;
  SIMLITE_TRY(reader.Init(key.data(), static_cast<uint32_t>(key.size())));
  uint32_t count = 0;
  SIMLITE_TRY(reader.ColumnCount(&count));
  *has_null = false;
  for (uint32_t field_idx = 0; field_idx < count && !*has_null; field_idx++) {
    btree::ValueView value;
    SIMLITE_TRY(reader.Column(field_idx, &value));
    *has_null = value.type == ValueType::kNull;
  }
  return Rc::kOk;
}

}  // namespace

Rc VmOps::Found(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  if (op.opcode == Opcode::kNoConflict) {
    bool has_null = false;
    if (op.p4type == P4Type::kInt32 && op.p4.i > 0) {
      for (int reg_idx = 0; reg_idx < op.p4.i && !has_null; reg_idx++) {
        // (A NaN would be stored as NULL.)
        const Mem& value = Reg(vm, op.p3 + reg_idx);
        has_null = value.type() == ValueType::kNull ||
                   (value.type() == ValueType::kReal && std::isnan(value.r()));
      }
    } else {
      const Mem& record = Reg(vm, op.p3);
      SIMLITE_TRY(KeyHasNull({record.bytes(), record.size()}, &has_null));
    }
    if (has_null) {
      Jump(vm, op.p2);
      return Rc::kOk;
    }
  }
  btree::SearchKey key;
  KeyOperand(vm, op, &key);
  cursor.Moved();
  bool exact = false;
  SIMLITE_TRY(cursor.bt().SeekKey(&key, &exact));
  const bool found = exact && cursor.bt().valid();
  if (found == (op.opcode == Opcode::kFound)) Jump(vm, op.p2);
  return Rc::kOk;
}

Rc VmOps::Count(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  cursor.Moved();
  int64_t count = 0;
  bool at_end = false;
  SIMLITE_TRY(cursor.bt().First(&at_end));
  while (!at_end) {
    count++;
    SIMLITE_TRY(cursor.bt().Next(&at_end));
  }
  Reg(vm, op.p2).SetInt(count);
  return Rc::kOk;
}

}  // namespace simlite::vdbe
