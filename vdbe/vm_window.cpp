// The Window* opcodes: a window pass's partition (window.h), one per WindowInfo of the
// program, created at its first use in a run.
#include "vdbe/vm_ops.h"
#include "vdbe/window.h"

namespace simlite::vdbe {

WindowPartition& VmOps::PartitionOf(Vm* vm, Op op) {
  auto& slot = vm->windows_[static_cast<size_t>(op.p1)];
  if (slot == nullptr) {
    slot =
        std::make_unique<WindowPartition>(&vm->program_->window_info(static_cast<uint32_t>(op.p1)));
  }
  return *slot;
}

Rc VmOps::WindowAppend(Vm* vm, Op op) {
  const Mem& record = Reg(vm, op.p2);
  PartitionOf(vm, op).Append(&vm->function_context_,
                             std::span<const uint8_t>(record.bytes(), record.size()));
  return Rc::kOk;
}

Rc VmOps::WindowNext(Vm* vm, Op op) {
  WindowPartition& partition = PartitionOf(vm, op);
  bool has_row = false;
  std::string error;
  Rc rc = partition.Next(&vm->function_context_, vm->registers_.data(), &has_row, &error);
  if (rc != Rc::kOk) return vm->Fail(rc, error.empty() ? "window function failed" : error);
  if (!has_row) Jump(vm, op.p2);
  return Rc::kOk;
}

Rc VmOps::WindowColumn(Vm* vm, Op op) {
  Rc rc = PartitionOf(vm, op).Column(op.p2, &Reg(vm, op.p3));
  if (rc != Rc::kOk) return vm->Fail(rc, "database disk image is malformed");
  return Rc::kOk;
}

}  // namespace simlite::vdbe
