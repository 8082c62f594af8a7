// StatementImpl: stepping, bindings, result columns, and re-preparing after a schema change.
#include <cassert>

#include "engine/connection_impl.h"

namespace simlite::engine {

namespace {

// How many times a statement is compiled again when the schema keeps changing under it.
constexpr int kMaxReprepares = 5;

}  // namespace

StatementImpl::StatementImpl(ConnectionImpl* connection, std::string sql,
                             std::unique_ptr<vdbe::Program> program)
    : connection_(connection), sql_(std::move(sql)), program_(std::move(program)) {
  vm_ = std::make_unique<vdbe::Vm>(program_.get(), connection_);
  bindings_.resize(static_cast<size_t>(program_->variable_count()));
  compile_generation_ = connection_->compile_generation();
}

StatementImpl::~StatementImpl() {
  Rc rc = Reset();
  (void)rc;
}

Rc StatementImpl::Reprepare() {
  connection_->ForceSchemaReload();
  std::unique_ptr<vdbe::Program> program;
  uint32_t tail = 0;
  compile_generation_ = connection_->compile_generation();
  SIMLITE_TRY(connection_->Compile(sql_, &program, &tail));
  if (program == nullptr) return connection_->SetError(Rc::kError, "statement vanished");
  vm_.reset();
  program_ = std::move(program);
  vm_ = std::make_unique<vdbe::Vm>(program_.get(), connection_);
  bindings_.resize(static_cast<size_t>(program_->variable_count()));
  for (size_t variable_idx = 0; variable_idx < bindings_.size(); variable_idx++) {
    SIMLITE_TRY(vm_->Bind(static_cast<int>(variable_idx) + 1, bindings_[variable_idx]));
  }
  return Rc::kOk;
}

Rc StatementImpl::Step() {
  connection_->ResetBusyCount();
  Rc rc = StepOnce();
  connection_->set_defer_read_locks(true);
  return rc;
}

Rc StatementImpl::StepOnce() {
  for (int attempt = 0;; attempt++) {
    if (!running_ && compile_generation_ != connection_->compile_generation()) {
      SIMLITE_TRY(Reprepare());
    }
    if (!running_) {
      connection_->StatementStarted();
      running_ = true;
    }
    Rc rc = vm_->Step();
    if (rc == Rc::kRow) return rc;
    running_ = false;
    if (rc == Rc::kSchema && attempt < kMaxReprepares && !vm_->wrote()) {
      // The program checked the schema cookie before doing anything: compile again and rerun.
      connection_->StatementAbandoned();
      vm_->Reset();
      SIMLITE_TRY(Reprepare());
      continue;
    }
    if (rc == Rc::kInternalSnapshotMoved && vm_->began_deferred_read() && !vm_->wrote() &&
        attempt < kMaxReprepares) {
      // Pager invariant 7: the run began without its read lock, on the snapshot its cache
      // held, and found at its first file read that someone had committed since. It has
      // returned no row (rows go out only once the lock is taken or the reads are over) and
      // wrote nothing: run it again, this time taking the lock at the start.
      connection_->StatementAbandoned();
      vm_->Reset();
      connection_->set_defer_read_locks(false);
      continue;
    }
    // No other run can meet a deferred read (none outlives the step that began it); should
    // one, the snapshot it needed is gone.
    if (rc == Rc::kInternalSnapshotMoved) rc = Rc::kBusySnapshot;
    return connection_->StatementEnded(rc, *vm_, *program_);
  }
}

Rc StatementImpl::Reset() {
  if (running_) {
    vm_->Reset();
    running_ = false;
    connection_->StatementAbandoned();
  } else {
    vm_->Reset();
  }
  return Rc::kOk;
}

int StatementImpl::ParameterIndex(std::string_view name) const {
  const auto& names = program_->variable_names();
  for (size_t variable_idx = 0; variable_idx < names.size(); variable_idx++) {
    if (!names[variable_idx].empty() && names[variable_idx] == name) {
      return static_cast<int>(variable_idx) + 1;
    }
  }
  return 0;
}

std::string_view StatementImpl::ParameterName(int index) const {
  const auto& names = program_->variable_names();
  if (index < 1 || index > static_cast<int>(names.size())) return "";
  return names[static_cast<size_t>(index - 1)];
}

Rc StatementImpl::Bind(int index, const vdbe::Mem& value) {
  if (running_) return Rc::kMisuse;
  if (index < 1 || index > static_cast<int>(bindings_.size())) return Rc::kRange;
  vm_->Reset();
  bindings_[static_cast<size_t>(index - 1)] = value;
  return vm_->Bind(index, value);
}

Rc StatementImpl::ClearBindings() {
  for (vdbe::Mem& binding : bindings_) binding.SetNull();
  vm_->ClearBindings();
  return Rc::kOk;
}

std::string_view StatementImpl::column_name(int column) const {
  if (column < 0 || column >= column_count()) return "";
  return program_->column_names()[static_cast<size_t>(column)];
}

std::string_view StatementImpl::column_decltype(int column) const {
  if (column < 0 || column >= column_count()) return "";
  return program_->column_decltypes()[static_cast<size_t>(column)];
}

const vdbe::Mem& StatementImpl::column(int column) const {
  std::span<const vdbe::Mem> row = vm_->row();
  if (column < 0 || static_cast<size_t>(column) >= row.size()) return null_;
  return row[static_cast<size_t>(column)];
}

}  // namespace simlite::engine
