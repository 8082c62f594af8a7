// Transaction and schema opcodes: Transaction, AutoCommit, cookies, b-tree creation and
// destruction.
#include "pager/pager.h"
#include "vdbe/vm_ops.h"

namespace simlite::vdbe {

namespace {

// SQLite's cookie numbers (BTREE_SCHEMA_VERSION = 1 ... BTREE_APPLICATION_ID = 8) sit at
// header offset 36 + 4 * number.
pager::HeaderField CookieField(int cookie) {
  return static_cast<pager::HeaderField>(36 + 4 * cookie);
}

}  // namespace

Rc VmOps::Transaction(Vm* vm, Op op) {
  std::string error;
  const bool defer_lock = op.p2 == 0 && vm->program_->may_defer_read_lock();
  Rc rc = vm->host_->BeginTransaction(op.p1, op.p2 != 0, op.p2 == 2,
                                      vm->program_->statement_journal(), defer_lock, &error);
  if (rc != Rc::kOk) return vm->Fail(rc, error.empty() ? ErrStr(rc) : error);
  if (defer_lock && vm->host_->btree(op.p1)->pager()->lock_deferred()) {
    vm->lock_deferred_ = true;
    vm->began_deferred_read_ = true;
  }
  if (op.p5 != 0) {
    uint32_t cookie =
        vm->host_->btree(op.p1)->pager()->GetHeader(pager::HeaderField::kSchemaCookie);
    if (cookie != static_cast<uint32_t>(op.p3)) {
      return vm->Fail(Rc::kSchema, "database schema has changed");
    }
  }
  // Only now: a program stopped by the cookie check wrote nothing and may be compiled again.
  if (op.p2 != 0) vm->wrote_ = true;
  return Rc::kOk;
}

// BEGIN, COMMIT and ROLLBACK: the host changes the transaction state; the program ends.
Rc VmOps::AutoCommit(Vm* vm, Op op) {
  std::string error;
  Rc rc = vm->host_->SetAutoCommit(op.p1 != 0, op.p2 != 0, &error);
  if (rc != Rc::kOk) return vm->Fail(rc, error.empty() ? ErrStr(rc) : error);
  return Rc::kDone;
}

// SAVEPOINT, RELEASE and ROLLBACK TO: the host keeps the savepoints; the program ends.
Rc VmOps::Savepoint(Vm* vm, Op op) {
  std::string error;
  Rc rc = vm->host_->Savepoint(static_cast<SavepointOp>(op.p1),
                               vm->program_->string(op.p4.index), &error);
  if (rc != Rc::kOk) return vm->Fail(rc, error.empty() ? ErrStr(rc) : error);
  return Rc::kDone;
}

Rc VmOps::ReadCookie(Vm* vm, Op op) {
  uint32_t value = vm->host_->btree(op.p1)->pager()->GetHeader(CookieField(op.p3));
  Reg(vm, op.p2).SetInt(static_cast<int32_t>(value));
  return Rc::kOk;
}

Rc VmOps::SetCookie(Vm* vm, Op op) {
  NoteWrite(vm);
  return vm->host_->btree(op.p1)->pager()->SetHeader(CookieField(op.p2),
                                                static_cast<uint32_t>(op.p3));
}

Rc VmOps::CreateBtree(Vm* vm, Op op) {
  pager::Pgno root = 0;
  NoteWrite(vm);
  btree::Btree* btree = vm->host_->btree(op.p1);
  SIMLITE_TRY(op.p3 == 1 ? btree->CreateTable(&root) : btree->CreateIndex(&root));
  Reg(vm, op.p2).SetInt(root);
  return Rc::kOk;
}

Rc VmOps::Destroy(Vm* vm, Op op) {
  // As SQLite: no b-tree is dropped under another running statement of the connection.
  if (vm->host_->running_statements() > 1) {
    return vm->Fail(Rc::kLocked, "database table is locked");
  }
  NoteWrite(vm);
  SIMLITE_TRY(vm->host_->btree(op.p3)->Drop(static_cast<pager::Pgno>(op.p1)));
  Reg(vm, op.p2).SetInt(0);
  return Rc::kOk;
}

Rc VmOps::Clear(Vm* vm, Op op) {
  btree::Btree* btree = vm->host_->btree(op.p2);
  if (op.p3 != 0) {
    // Count the rows first: DELETE without WHERE reports them in changes().
    btree::BtCursor cursor;
    cursor.Open(btree, static_cast<pager::Pgno>(op.p1), false, nullptr);
    bool at_end = false;
    SIMLITE_TRY(cursor.First(&at_end));
    while (!at_end) {
      vm->changes_++;
      SIMLITE_TRY(cursor.Next(&at_end));
    }
  }
  NoteWrite(vm);
  return btree->Clear(static_cast<pager::Pgno>(op.p1));
}

Rc VmOps::Pagecount(Vm* vm, Op op) {
  pager::Pager* pager = vm->host_->btree(op.p1)->pager();
  Reg(vm, op.p2).SetInt(op.opcode == Opcode::kPagecount ? pager->page_count()
                                                        : pager::kMaxPageCount);
  return Rc::kOk;
}

// The rows come from the connection; each is stored with the hidden argument columns after
// it, under rowids 1, 2, ...
Rc VmOps::PragmaRows(Vm* vm, Op op) {
  VdbeCursor& cursor = Cursor(vm, op.p1);
  const Mem* argument = op.p3 > 0 ? &Reg(vm, op.p2) : nullptr;
  const Mem* schema = op.p3 > 1 ? &Reg(vm, op.p2 + 1) : nullptr;
  std::vector<std::vector<Mem>> rows;
  SIMLITE_TRY(
      vm->host_->PragmaRows(vm->program_->string(op.p4.index), argument, schema, &rows));
  btree::RecordBuilder& builder = vm->record_builder_;
  cursor.Moved();
  NoteWrite(vm);
  for (size_t row_idx = 0; row_idx < rows.size(); row_idx++) {
    builder.Reset();
    for (const Mem& value : rows[row_idx]) builder.Add(value.View());
    for (int hidden = 0; hidden < op.p3; hidden++) builder.Add(Reg(vm, op.p2 + hidden).View());
    SIMLITE_TRY(cursor.bt().Insert(static_cast<int64_t>(row_idx) + 1, builder.Finish()));
  }
  return Rc::kOk;
}

}  // namespace simlite::vdbe
