// Vm: run state and the dispatch loop. The loop handles control flow and the cheapest value
// opcodes in line; every other opcode is one call into its family's file (vm_ops.h). See vm.h
// for the invariants.
#include "vdbe/vm.h"

#include <algorithm>
#include <cassert>

#include "vdbe/expr_ops.h"
#include "vdbe/value.h"
#include "vdbe/vm_ops.h"
#include "vdbe/window.h"

namespace simlite::vdbe {

Vm::Vm(const Program* program, VmHost* host)
    : program_(program),
      host_(host),
      function_context_(host->function_env(), &step_time_, &function_result_) {
  function_context_.set_custom_collations(program->custom_collations());
  variables_.resize(static_cast<size_t>(program->variable_count()));
}

Vm::~Vm() { Reset(); }

Rc Vm::Bind(int index, const Mem& value) {
  if (state_ != State::kReady) return Rc::kMisuse;
  if (index < 1 || index > static_cast<int>(variables_.size())) return Rc::kRange;
  variables_[static_cast<size_t>(index - 1)] = value;
  return Rc::kOk;
}

void Vm::ClearBindings() {
  for (Mem& variable : variables_) variable.SetNull();
}

void Vm::Reset() {
  for (auto& cursor : cursors_) {
    if (cursor != nullptr) cursor->Close();
  }
  ephemeral_.Release();
  // Window aggregates get their final call (an application's frees its state there).
  for (auto& window : windows_) {
    if (window != nullptr) window->Clear(&function_context_);
  }
  windows_.clear();
  state_ = State::kReady;
  row_ = {};
  pc_ = 0;
  lock_deferred_ = false;
}

Rc Vm::Fail(Rc rc, std::string message) {
  error_message_ = std::move(message);
  return rc;
}

Rc Vm::StartRun() {
  const size_t register_count = static_cast<size_t>(program_->register_count());
  if (registers_.size() != register_count) registers_.resize(register_count);
  for (Mem& reg : registers_) reg.SetNull();
  if (cursors_.size() != static_cast<size_t>(program_->cursor_count())) {
    cursors_.resize(static_cast<size_t>(program_->cursor_count()));
    for (auto& cursor : cursors_) {
      if (cursor == nullptr) cursor = std::make_unique<VdbeCursor>();
    }
  }
  once_done_.assign(static_cast<size_t>(program_->once_count()), 0);
  if (aggregates_.size() != register_count) aggregates_.resize(register_count);
  for (auto& aggregate : aggregates_) aggregate.reset();
  windows_.clear();
  windows_.resize(program_->window_count());
  changes_ = 0;
  nested_changes_ = 0;
  trigger_changes_.clear();
  ended_trigger_changes_ = 0;
  wrote_ = false;
  lock_deferred_ = false;
  began_deferred_read_ = false;
  generation_at_start_ = write_generation_;
  on_error_ = OnError::kAbort;
  error_message_.clear();
  last_compare_ = 0;
  pc_ = 0;
  state_ = State::kRunning;
  return Rc::kOk;
}

Rc Vm::Step() {
  if (state_ == State::kHalted) Reset();
  if (state_ == State::kReady) SIMLITE_TRY(StartRun());
  step_time_.Reset();
  Rc rc = program_->explain() ? ExplainStep() : Run();
  if (rc != Rc::kRow) {
    // Halted (kDone) or failed: release cursors and transient tables now, so the host can
    // commit or roll back.
    for (auto& cursor : cursors_) cursor->Close();
    ephemeral_.Release();
    state_ = State::kHalted;
    row_ = {};
  }
  return rc;
}

Rc Vm::SettleDeferredLocks() {
  lock_deferred_ = false;
  // A program that reads on takes its locks before its caller can see a row of the
  // snapshot. One that will read nothing more gives the snapshot up: it closes its b-tree
  // cursors (it never uses them again; the row's registers hold copies, invariant 2), and
  // the transactions end, unless another of them must end with the statement as usual.
  if (!program_->MayReadFrom(pc_)) {
    for (auto& cursor : cursors_) {
      if (cursor->kind() == VdbeCursor::Kind::kBtree && !cursor->ephemeral()) cursor->Close();
    }
    if (host_->EndDeferredReads()) return Rc::kOk;
  }
  return host_->TakeDeferredLocks();
}

Rc Vm::ExplainStep() {
  if (pc_ >= program_->size()) return Rc::kDone;
  const Instruction& op = program_->op(pc_);
  explain_row_.resize(8);
  explain_row_[0].SetInt(pc_);
  std::string_view name = OpcodeName(op.opcode);
  explain_row_[1].SetText(name);
  explain_row_[2].SetInt(op.p1);
  explain_row_[3].SetInt(op.p2);
  explain_row_[4].SetInt(op.p3);
  std::string p4;
  if (program_->P4Text(op, &p4)) {
    explain_row_[5].SetText(p4);
  } else {
    explain_row_[5].SetNull();
  }
  explain_row_[6].SetInt(op.p5);
  explain_row_[7].SetNull();
  row_ = explain_row_;
  pc_++;
  return Rc::kRow;
}

namespace {

// How many backward jumps pass between checks for an interrupt.
constexpr uint32_t kInterruptCheckInterval = 1024;

}  // namespace

Rc Vm::Run() {
  const Instruction* ops = program_->ops().data();
  Mem* r = registers_.data();
  uint32_t until_interrupt_check = kInterruptCheckInterval;
  // Also once per step: a statement that returns a row at every Next would never reach the
  // countdown's check (sqlite3_interrupt on a running SELECT).
  if (host_->interrupted()) return Fail(Rc::kInterrupt, "interrupted");
  Rc rc = Rc::kOk;
  for (;;) {
    assert(pc_ >= 0 && pc_ < program_->size());
    const Instruction& op = ops[pc_];
    pc_++;
    switch (op.opcode) {
      case Opcode::kInit:
        if (op.p2 != 0) pc_ = op.p2;
        continue;
      case Opcode::kGoto:
        pc_ = op.p2;
        continue;
      case Opcode::kGosub:
        r[op.p1].SetInt(pc_);
        pc_ = op.p2;
        continue;
      case Opcode::kReturn:
        if (r[op.p1].type() == ValueType::kInteger) {
          pc_ = static_cast<int>(r[op.p1].i());
        } else {
          assert(op.p3 == 1);
        }
        continue;
      case Opcode::kBeginSubrtn:
        r[op.p2].SetNull();
        continue;
      case Opcode::kInitCoroutine:
        r[op.p1].SetInt(op.p3 - 1);
        if (op.p2 != 0) pc_ = op.p2;
        continue;
      case Opcode::kYield: {
        int destination = static_cast<int>(r[op.p1].i());
        r[op.p1].SetInt(pc_ - 1);
        pc_ = destination + 1;
        continue;
      }
      case Opcode::kEndCoroutine: {
        const Instruction& caller = ops[r[op.p1].i()];
        assert(caller.opcode == Opcode::kYield);
        pc_ = caller.p2;
        r[op.p1].SetNull();
        continue;
      }
      case Opcode::kHalt:
        return VmOps::Halt(this, op);
      case Opcode::kHaltIfNull:
        if (r[op.p3].IsNull()) return VmOps::Halt(this, op);
        continue;
      case Opcode::kOnce:
        if (once_done_[static_cast<size_t>(op.p1)]) {
          pc_ = op.p2;
        } else {
          once_done_[static_cast<size_t>(op.p1)] = 1;
        }
        continue;
      case Opcode::kIf:
      case Opcode::kIfNot: {
        bool is_null = false;
        bool truth = ToBool(r[op.p1], &is_null);
        bool jump = is_null ? op.p3 != 0 : (truth == (op.opcode == Opcode::kIf));
        if (jump) pc_ = op.p2;
        continue;
      }
      case Opcode::kIsNull:
        if (r[op.p1].IsNull()) pc_ = op.p2;
        continue;
      case Opcode::kNotNull:
        if (!r[op.p1].IsNull()) pc_ = op.p2;
        continue;
      case Opcode::kIfPos:
        if (r[op.p1].i() > 0) {
          r[op.p1].SetInt(r[op.p1].i() - op.p3);
          pc_ = op.p2;
        }
        continue;
      case Opcode::kIfNotZero:
        if (r[op.p1].i() != 0) {
          if (r[op.p1].i() > 0) r[op.p1].SetInt(r[op.p1].i() - 1);
          pc_ = op.p2;
        }
        continue;
      case Opcode::kDecrJumpZero:
        if (r[op.p1].i() > INT64_MIN) r[op.p1].SetInt(r[op.p1].i() - 1);
        if (r[op.p1].i() == 0) pc_ = op.p2;
        continue;
      case Opcode::kJump:
        pc_ = last_compare_ < 0 ? op.p1 : last_compare_ == 0 ? op.p2 : op.p3;
        continue;
      case Opcode::kNoop:
        continue;
      case Opcode::kInteger:
        r[op.p2].SetInt(op.p1);
        continue;
      case Opcode::kInt64:
      case Opcode::kReal:
      case Opcode::kString8:
      case Opcode::kBlob:
        r[op.p2].ShallowCopyFrom(program_->constant(op.p4.index));
        continue;
      case Opcode::kNull:
        r[op.p2].SetNull();
        for (int reg = op.p2 + 1; reg <= op.p3; reg++) r[reg].SetNull();
        continue;
      case Opcode::kVariable:
        r[op.p2].ShallowCopyFrom(variables_[static_cast<size_t>(op.p1 - 1)]);
        continue;
      case Opcode::kCopy:
        for (int reg_idx = 0; reg_idx <= op.p3; reg_idx++) {
          r[op.p2 + reg_idx].CopyFrom(r[op.p1 + reg_idx]);
        }
        continue;
      case Opcode::kSCopy:
        r[op.p2].ShallowCopyFrom(r[op.p1]);
        continue;
      case Opcode::kIntCopy:
        r[op.p2].SetInt(r[op.p1].i());
        continue;
      case Opcode::kMemMax: {
        const int64_t current = ToInt64(r[op.p1]);
        const int64_t candidate = ToInt64(r[op.p2]);
        r[op.p1].SetInt(candidate > current ? candidate : current);
        continue;
      }
      case Opcode::kMove:
        for (int reg_idx = 0; reg_idx < op.p3; reg_idx++) {
          r[op.p2 + reg_idx] = std::move(r[op.p1 + reg_idx]);
          r[op.p1 + reg_idx].SetNull();
        }
        continue;
      case Opcode::kCast:
        Cast(&r[op.p1], static_cast<vdbe::Affinity>(op.p2));
        continue;
      case Opcode::kRealAffinity:
        if (r[op.p1].type() == ValueType::kInteger) {
          r[op.p1].SetReal(static_cast<double>(r[op.p1].i()));
        }
        continue;
      case Opcode::kZeroOrNull:
        if (r[op.p1].IsNull() || r[op.p3].IsNull()) {
          r[op.p2].SetNull();
        } else {
          r[op.p2].SetInt(0);
        }
        continue;
      case Opcode::kNot:
        LogicalNot(r[op.p1], &r[op.p2]);
        continue;
      case Opcode::kBitNot:
        BitNot(r[op.p1], &r[op.p2]);
        continue;
      case Opcode::kResultRow:
        row_ = std::span<const Mem>(r + op.p1, static_cast<size_t>(op.p2));
        if (lock_deferred_) SIMLITE_TRY(SettleDeferredLocks());
        return Rc::kRow;
      case Opcode::kNext:
      case Opcode::kPrev:
      case Opcode::kSorterNext:
        if (--until_interrupt_check == 0) {
          until_interrupt_check = kInterruptCheckInterval;
          if (host_->interrupted()) return Fail(Rc::kInterrupt, "interrupted");
        }
        rc = op.opcode == Opcode::kPrev ? VmOps::Prev(this, op) : VmOps::Next(this, op);
        break;
      case Opcode::kColumn:
        rc = VmOps::Column(this, op);
        break;
      case Opcode::kEq:
      case Opcode::kNe:
      case Opcode::kLt:
      case Opcode::kLe:
      case Opcode::kGt:
      case Opcode::kGe:
        rc = VmOps::CompareJump(this, op);
        break;
      default:
        rc = Dispatch(op);
        break;
    }
    if (rc != Rc::kOk) return rc;
  }
}

Rc Vm::Dispatch(const Instruction& op) {
  switch (op.opcode) {
    case Opcode::kMustBeInt:
      return VmOps::MustBeInt(this, op);
    case Opcode::kOffsetLimit:
      return VmOps::OffsetLimit(this, op);
    case Opcode::kCompare:
      return VmOps::CompareVectors(this, op);
    case Opcode::kAffinity:
      return VmOps::Affinity(this, op);
    case Opcode::kIsTrue:
      return VmOps::IsTrue(this, op);
    case Opcode::kAnd:
    case Opcode::kOr:
      return VmOps::Logic(this, op);
    case Opcode::kAdd:
    case Opcode::kSubtract:
    case Opcode::kMultiply:
    case Opcode::kDivide:
    case Opcode::kRemainder:
    case Opcode::kConcat:
    case Opcode::kBitAnd:
    case Opcode::kBitOr:
    case Opcode::kShiftLeft:
    case Opcode::kShiftRight:
      return VmOps::Arithmetic(this, op);
    case Opcode::kCollSeq:
      function_context_.set_collation(static_cast<Collation>(op.p4.i));
      return Rc::kOk;
    case Opcode::kTriggerBegin:
      trigger_changes_.push_back(0);
      assert(op.p1 >= 0 && op.p2 >= 0 &&
             static_cast<size_t>(op.p1 + op.p2) <= once_done_.size());
      std::fill_n(once_done_.begin() + op.p1, op.p2, 0);
      return Rc::kOk;
    case Opcode::kResetCount:
      assert(!trigger_changes_.empty());
      ended_trigger_changes_ += trigger_changes_.back();
      trigger_changes_.back() = 0;
      return Rc::kOk;
    case Opcode::kTriggerEnd:
      assert(!trigger_changes_.empty());
      ended_trigger_changes_ += trigger_changes_.back();
      trigger_changes_.pop_back();
      return Rc::kOk;
    case Opcode::kFunction:
      return VmOps::Function(this, op);
    case Opcode::kAggStep:
      return VmOps::AggStep(this, op);
    case Opcode::kAggFinal:
      return VmOps::AggFinal(this, op);
    case Opcode::kWindowAppend:
      return VmOps::WindowAppend(this, op);
    case Opcode::kWindowNext:
      return VmOps::WindowNext(this, op);
    case Opcode::kWindowColumn:
      return VmOps::WindowColumn(this, op);
    default:
      return DispatchCursor(op);
  }
}

Rc Vm::DispatchCursor(const Instruction& op) {
  switch (op.opcode) {
    case Opcode::kOpenRead:
    case Opcode::kOpenWrite:
      return VmOps::OpenBtree(this, op);
    case Opcode::kOpenEphemeral:
      return VmOps::OpenEphemeral(this, op);
    case Opcode::kSorterOpen:
      cursors_[static_cast<size_t>(op.p1)]->OpenSorter(&program_->key_info(op.p4.index),
                                                       host_->io());
      cursors_[static_cast<size_t>(op.p1)]->sorter().set_spill_threshold(
          host_->SorterMemoryLimit());
      return Rc::kOk;
    case Opcode::kSorterLimit: {
      const Mem& bound = registers_[static_cast<size_t>(op.p2)];
      if (bound.type() == ValueType::kInteger && bound.i() > 0) {
        cursors_[static_cast<size_t>(op.p1)]->sorter().SetBound(bound.i());
      }
      return Rc::kOk;
    }
    case Opcode::kOpenDup:
      return VmOps::OpenDup(this, op);
    case Opcode::kOpenPseudo:
      cursors_[static_cast<size_t>(op.p1)]->OpenPseudo(op.p2);
      return Rc::kOk;
    case Opcode::kClose:
      cursors_[static_cast<size_t>(op.p1)]->Close();
      return Rc::kOk;
    case Opcode::kNullRow:
      cursors_[static_cast<size_t>(op.p1)]->SetNullRow();
      return Rc::kOk;
    case Opcode::kRewind:
    case Opcode::kSorterSort:
      return VmOps::Rewind(this, op);
    case Opcode::kLast:
      return VmOps::Last(this, op);
    case Opcode::kRowid:
    case Opcode::kIdxRowid:
      return VmOps::Rowid(this, op);
    case Opcode::kRowData:
    case Opcode::kSorterData:
      return VmOps::RowData(this, op);
    case Opcode::kSeekRowid:
    case Opcode::kNotExists:
      return VmOps::SeekRowid(this, op);
    case Opcode::kSeekGE:
    case Opcode::kSeekGT:
    case Opcode::kSeekLE:
    case Opcode::kSeekLT:
      return cursors_[static_cast<size_t>(op.p1)]->is_table() ? VmOps::SeekTable(this, op)
                                                               : VmOps::SeekIndex(this, op);
    case Opcode::kIdxGE:
    case Opcode::kIdxGT:
    case Opcode::kIdxLE:
    case Opcode::kIdxLT:
      return VmOps::IdxCompare(this, op);
    case Opcode::kDeferredSeek:
      return VmOps::DeferredSeek(this, op);
    case Opcode::kFound:
    case Opcode::kNotFound:
    case Opcode::kNoConflict:
    case Opcode::kIfNoHope:
      return VmOps::Found(this, op);
    case Opcode::kSequence:
      registers_[static_cast<size_t>(op.p2)].SetInt(
          cursors_[static_cast<size_t>(op.p1)]->NextSequence());
      return Rc::kOk;
    case Opcode::kCount:
      return VmOps::Count(this, op);
    default:
      return DispatchWrite(op);
  }
}

Rc Vm::DispatchWrite(const Instruction& op) {
  switch (op.opcode) {
    case Opcode::kMakeRecord:
      return VmOps::MakeRecord(this, op);
    case Opcode::kNewRowid:
      return VmOps::NewRowid(this, op);
    case Opcode::kInsert:
      return VmOps::Insert(this, op);
    case Opcode::kDelete:
      return VmOps::Delete(this, op);
    case Opcode::kIdxInsert:
    case Opcode::kSorterInsert:
      return VmOps::IdxInsert(this, op);
    case Opcode::kIdxDelete:
      return VmOps::IdxDelete(this, op);
    case Opcode::kResetSorter:
      return VmOps::ResetSorter(this, op);
    case Opcode::kTransaction:
      return VmOps::Transaction(this, op);
    case Opcode::kAutoCommit:
      return VmOps::AutoCommit(this, op);
    case Opcode::kSavepoint:
      return VmOps::Savepoint(this, op);
    case Opcode::kReadCookie:
      return VmOps::ReadCookie(this, op);
    case Opcode::kSetCookie:
      return VmOps::SetCookie(this, op);
    case Opcode::kCreateBtree:
      return VmOps::CreateBtree(this, op);
    case Opcode::kDestroy:
      return VmOps::Destroy(this, op);
    case Opcode::kClear:
      return VmOps::Clear(this, op);
    case Opcode::kParseSchema:
      host_->SchemaChanged(op.p1);
      return Rc::kOk;
    case Opcode::kPagecount:
    case Opcode::kMaxPgcnt:
      return VmOps::Pagecount(this, op);
    case Opcode::kPragmaSetting: {
      const Mem* value = op.p1 > 0 ? &registers_[static_cast<size_t>(op.p1)] : nullptr;
      std::string error;
      Rc rc = host_->Setting(program_->string(op.p4.index), value,
                             &registers_[static_cast<size_t>(op.p2)], &error);
      return rc == Rc::kOk ? rc : Fail(rc, error.empty() ? ErrStr(rc) : error);
    }
    case Opcode::kCheckpoint: {
      int busy = 0;
      int log_frames = -1;
      int checkpointed_frames = -1;
      SIMLITE_TRY(host_->WalCheckpoint(op.p2, &busy, &log_frames, &checkpointed_frames));
      registers_[static_cast<size_t>(op.p3)].SetInt(busy);
      registers_[static_cast<size_t>(op.p3) + 1].SetInt(log_frames);
      registers_[static_cast<size_t>(op.p3) + 2].SetInt(checkpointed_frames);
      return Rc::kOk;
    }
    case Opcode::kPragmaRows:
      return VmOps::PragmaRows(this, op);
    case Opcode::kIntegrityCk: {
      std::string text;
      SIMLITE_TRY(host_->CheckIntegrity(op.p3, op.p2, &text));
      registers_[static_cast<size_t>(op.p1)].SetText(text);
      return Rc::kOk;
    }
    default:
      return Fail(Rc::kInternal,
                  "opcode not implemented: " + std::string(OpcodeName(op.opcode)));
  }
}

}  // namespace simlite::vdbe
