// Record and write opcodes: MakeRecord, NewRowid, Insert, Delete, index inserts and deletes.
#include <cassert>

#include "common/corrupt.h"
#include "vdbe/value.h"
#include "vdbe/vm_ops.h"

namespace simlite::vdbe {

Rc VmOps::MakeRecord(Vm* vm, Op op) {
  if (op.p4type == P4Type::kAffinity) {
    const std::string& letters = vm->program_->string(op.p4.index);
    for (int reg_idx = 0; reg_idx < op.p2 && reg_idx < static_cast<int>(letters.size());
         reg_idx++) {
      ApplyAffinity(&Reg(vm, op.p1 + reg_idx),
                    static_cast<vdbe::Affinity>(letters[static_cast<size_t>(reg_idx)]));
    }
  }
  btree::RecordBuilder& builder = vm->record_builder_;
  builder.Reset();
  for (int reg_idx = 0; reg_idx < op.p2; reg_idx++) builder.Add(Reg(vm, op.p1 + reg_idx).View());
  std::span<const uint8_t> record = builder.Finish();
  if (record.size() > static_cast<size_t>(kMaxLength)) {
    return vm->Fail(Rc::kTooBig, "string or blob too big");
  }
  Reg(vm, op.p3).SetBlob(record.data(), static_cast<uint32_t>(record.size()));
  return Rc::kOk;
}

namespace {

// SQLite's retries for a random rowid once the largest one is taken.
constexpr int kRandomRowidAttempts = 100;

}  // namespace

// A new rowid: one more than the largest in the table (and than r[P3] when P3 is set, the
// AUTOINCREMENT high-water mark, which is updated); when the largest is already 2^63-1, a
// random unused one (never with AUTOINCREMENT: "database or disk is full").
Rc VmOps::NewRowid(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  btree::BtCursor& bt = cursor.bt();
  cursor.Moved();
  bool empty = false;
  SIMLITE_TRY(bt.Last(&empty));
  int64_t largest = empty ? 0 : bt.rowid();
  if (op.p3 > 0) {
    Mem& high_water = Reg(vm, op.p3);
    int64_t mark = high_water.type() == ValueType::kInteger ? high_water.i() : 0;
    if (mark == INT64_MAX) return vm->Fail(Rc::kFull, "database or disk is full");
    if (mark > largest) largest = mark;
  }
  int64_t rowid = 0;
  if (largest < INT64_MAX) {
    rowid = largest + 1;
  } else {
    if (op.p3 > 0) return vm->Fail(Rc::kFull, "database or disk is full");
    io::Random& random = *vm->host_->function_env()->random;
    bool found = false;
    for (int attempt = 0; attempt < kRandomRowidAttempts && !found; attempt++) {
      rowid = static_cast<int64_t>(random.Next() >> 1);
      if (rowid == 0) continue;
      int result = 0;
      SIMLITE_TRY(bt.SeekRowid(rowid, &result));
      found = result != 0;
    }
    if (!found) return vm->Fail(Rc::kFull, "database or disk is full");
  }
  if (op.p3 > 0) Reg(vm, op.p3).SetInt(rowid);
  Reg(vm, op.p2).SetInt(rowid);
  return Rc::kOk;
}

Rc VmOps::Insert(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  const Mem& data = Reg(vm, op.p2);
  const int64_t rowid = Reg(vm, op.p3).i();
  std::span<const uint8_t> payload;
  if (data.IsTextOrBlob()) payload = {data.bytes(), data.size()};
  cursor.Moved();
  NoteWrite(vm);
  SIMLITE_TRY(cursor.bt().Insert(rowid, payload));
  if (op.p5 & kP5NChange) vm->changes_++;
  if (op.p5 & kP5NestedChange) vm->CountNestedChange();
  if (op.p5 & kP5LastRowid) vm->host_->SetLastInsertRowid(rowid);
  return Rc::kOk;
}

Rc VmOps::Delete(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  if (cursor.bt().needs_restore()) SIMLITE_TRY(cursor.bt().Restore());
  if (!cursor.bt().valid()) return SIMLITE_CORRUPT();
  cursor.Moved();
  NoteWrite(vm);
  SIMLITE_TRY(cursor.bt().Delete());
  if (op.p2 & kP5NChange) vm->changes_++;
  if (op.p2 & kP5NestedChange) vm->CountNestedChange();
  return Rc::kOk;
}

Rc VmOps::IdxInsert(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  const Mem& key = Reg(vm, op.p2);
  if (cursor.kind() == VdbeCursor::Kind::kSorter) {
    return cursor.sorter().Insert({key.bytes(), key.size()});
  }
  cursor.Moved();
  NoteWrite(vm);
  return cursor.bt().InsertKey({key.bytes(), key.size()});
}

// Deletes the entry whose key is r[P2..P2+P3) (a missing entry is ignored).
Rc VmOps::IdxDelete(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  btree::SearchKey key;
  KeyFromRegisters(vm, op.p2, op.p3, &key);
  cursor.Moved();
  bool exact = false;
  SIMLITE_TRY(cursor.bt().SeekKey(&key, &exact));
  if (!exact || !cursor.bt().valid()) return Rc::kOk;
  NoteWrite(vm);
  return cursor.bt().Delete();
}

Rc VmOps::ResetSorter(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  if (!cursor.is_open()) return Rc::kOk;
  if (cursor.kind() == VdbeCursor::Kind::kSorter) {
    cursor.OpenSorter(cursor.key_info(), vm->host_->io());
    cursor.sorter().set_spill_threshold(vm->host_->SorterMemoryLimit());
    return Rc::kOk;
  }
  assert(cursor.ephemeral());
  cursor.Moved();
  NoteWrite(vm);
  return vm->ephemeral_.btree()->Clear(cursor.bt().root());
}

}  // namespace simlite::vdbe
