// The opcode implementations outside the dispatch loop, grouped by family into files:
// vm_expr.cpp (values, operators, functions), vm_cursor.cpp (cursors, seeks, columns),
// vm_write.cpp (records, inserts, deletes), vm_schema.cpp (transactions, cookies, b-trees).
// Internal to vdbe/.
//
// Convention: the dispatch loop sets vm->pc_ to the next instruction before calling an
// implementation; one that jumps overwrites vm->pc_. Each returns kOk or an error (whose
// message it has set with vm->Fail).
#pragma once

#include "vdbe/program.h"
#include "vdbe/vm.h"

namespace simlite::vdbe {

// A decoded value copied into a register (vm_cursor.cpp): its bytes are the register's own.
void StoreValue(const btree::ValueView& value, Mem* out);

struct VmOps {
  using Op = const Instruction&;

  static Mem& Reg(Vm* vm, int reg) { return vm->registers_[static_cast<size_t>(reg)]; }
  static VdbeCursor& Cursor(Vm* vm, int cursor) {
    return *vm->cursors_[static_cast<size_t>(cursor)];
  }
  static void Jump(Vm* vm, int addr) { vm->pc_ = addr; }

  // vm_expr.cpp
  static Rc Halt(Vm* vm, Op op);
  static Rc MustBeInt(Vm* vm, Op op);
  static Rc OffsetLimit(Vm* vm, Op op);
  static Rc CompareVectors(Vm* vm, Op op);
  static Rc Affinity(Vm* vm, Op op);
  static Rc IsTrue(Vm* vm, Op op);
  static Rc Arithmetic(Vm* vm, Op op);
  static Rc Logic(Vm* vm, Op op);
  static Rc CompareJump(Vm* vm, Op op);
  static Rc Function(Vm* vm, Op op);
  static Rc AggStep(Vm* vm, Op op);
  static Rc AggFinal(Vm* vm, Op op);

  // vm_window.cpp
  static Rc WindowAppend(Vm* vm, Op op);
  static Rc WindowNext(Vm* vm, Op op);
  static Rc WindowColumn(Vm* vm, Op op);
  static WindowPartition& PartitionOf(Vm* vm, Op op);

  // vm_cursor.cpp
  static Rc OpenBtree(Vm* vm, Op op);
  static Rc OpenEphemeral(Vm* vm, Op op);
  static Rc OpenDup(Vm* vm, Op op);
  static Rc Rewind(Vm* vm, Op op);
  static Rc Last(Vm* vm, Op op);
  static Rc Next(Vm* vm, Op op);
  static Rc Prev(Vm* vm, Op op);
  static Rc Column(Vm* vm, Op op);
  static Rc Rowid(Vm* vm, Op op);
  static Rc RowData(Vm* vm, Op op);
  static Rc SeekRowid(Vm* vm, Op op);
  static Rc SeekTable(Vm* vm, Op op);
  static Rc SeekIndex(Vm* vm, Op op);
  static Rc IdxCompare(Vm* vm, Op op);
  static Rc Found(Vm* vm, Op op);
  static Rc Count(Vm* vm, Op op);
  static Rc DeferredSeek(Vm* vm, Op op);

  // vm_write.cpp
  static Rc MakeRecord(Vm* vm, Op op);
  static Rc NewRowid(Vm* vm, Op op);
  static Rc Insert(Vm* vm, Op op);
  static Rc Delete(Vm* vm, Op op);
  static Rc IdxInsert(Vm* vm, Op op);
  static Rc IdxDelete(Vm* vm, Op op);
  static Rc ResetSorter(Vm* vm, Op op);

  // vm_schema.cpp
  static Rc Transaction(Vm* vm, Op op);
  static Rc AutoCommit(Vm* vm, Op op);
  static Rc Savepoint(Vm* vm, Op op);
  static Rc ReadCookie(Vm* vm, Op op);
  static Rc SetCookie(Vm* vm, Op op);
  static Rc CreateBtree(Vm* vm, Op op);
  static Rc Destroy(Vm* vm, Op op);
  static Rc Clear(Vm* vm, Op op);
  static Rc Pagecount(Vm* vm, Op op);
  static Rc PragmaRows(Vm* vm, Op op);

  // Shared helpers.
  // Builds a record from registers [first, first + count) into vm->key_builder_.
  static std::span<const uint8_t> BuildKey(Vm* vm, int first, int count);
  // The seek key r[first .. first + count) as a SearchKey: decoded straight from the
  // registers (through a record when wider than a SearchKey decodes).
  static void KeyFromRegisters(Vm* vm, int first, int count, btree::SearchKey* key);
  // A key given as P3/P4 the way Found and NotFound take it: a record in r[P3] when P4 is 0,
  // else P4 registers from r[P3].
  static void KeyOperand(Vm* vm, Op op, btree::SearchKey* key);
  // A write happened: every cached record is stale.
  static void NoteWrite(Vm* vm) { vm->write_generation_++; }
};

}  // namespace simlite::vdbe
