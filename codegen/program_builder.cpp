// ProgramBuilder: emission, labels and the program's final layout (see program_builder.h).
#include "codegen/program_builder.h"

#include <cassert>
#include <cstring>

namespace simlite::codegen {

ProgramBuilder::ProgramBuilder() : program_(std::make_unique<vdbe::Program>()) {
  Add(Opcode::kInit);
}

int ProgramBuilder::Add(Opcode opcode, int p1, int p2, int p3) {
  Instruction op;
  op.opcode = opcode;
  op.p1 = p1;
  op.p2 = p2;
  op.p3 = p3;
  program_->ops().push_back(op);
  return program_->size() - 1;
}

void ProgramBuilder::SetP4Int(int32_t value) {
  Last().p4type = P4Type::kInt32;
  Last().p4.i = value;
}

void ProgramBuilder::SetP4Constant(vdbe::Mem value) {
  Last().p4type = P4Type::kConstant;
  Last().p4.index = program_->AddConstant(std::move(value));
}

void ProgramBuilder::SetP4KeyInfo(btree::KeyInfo key_info) {
  Last().p4type = P4Type::kKeyInfo;
  Last().p4.index = program_->AddKeyInfo(std::move(key_info));
}

int ProgramBuilder::AddWindowInfo(vdbe::WindowInfo info) {
  return static_cast<int>(program_->AddWindowInfo(std::move(info)));
}

void ProgramBuilder::SetP4Window(int index) {
  Last().p4type = P4Type::kWindow;
  Last().p4.index = static_cast<uint32_t>(index);
}

void ProgramBuilder::SetP4Collation(btree::Collation collation) {
  Last().p4type = P4Type::kCollation;
  Last().p4.i = static_cast<int32_t>(collation);
}

void ProgramBuilder::SetP4Function(const vdbe::FunctionDef* function) {
  Last().p4type = P4Type::kFunction;
  Last().p4.function = function;
}

void ProgramBuilder::SetP4Affinity(std::string letters) {
  Last().p4type = P4Type::kAffinity;
  Last().p4.index = program_->AddString(std::move(letters));
}

void ProgramBuilder::SetP4Text(std::string text) {
  Last().p4type = P4Type::kText;
  Last().p4.index = program_->AddString(std::move(text));
}

int ProgramBuilder::NewLabel() {
  label_addresses_.push_back(-1);
  return -static_cast<int>(label_addresses_.size());
}

void ProgramBuilder::ResolveLabel(int label) {
  assert(label < 0);
  label_addresses_[static_cast<size_t>(-label - 1)] = current_address();
}

ProgramBuilder::TransactionUse& ProgramBuilder::TransactionOf(int db) {
  assert(db >= 0);
  if (transactions_.size() <= static_cast<size_t>(db)) transactions_.resize(db + 1);
  TransactionUse& use = transactions_[static_cast<size_t>(db)];
  use.used = true;
  return use;
}

void ProgramBuilder::UseTransaction(int db, bool write, uint32_t schema_cookie) {
  TransactionUse& use = TransactionOf(db);
  use.write = use.write || write;
  use.schema_cookie = schema_cookie;
  use.check_cookie = true;
  if (write) program_->set_read_only(false);
}

void ProgramBuilder::UseTransactionWithoutSchema(bool write, bool exclusive) {
  TransactionUse& use = TransactionOf(0);
  use.write = use.write || write;
  use.exclusive = use.exclusive || exclusive;
  if (write) program_->set_read_only(false);
}

namespace {

// A key telling constants apart by type and exact value (reals by their bits).
std::string ConstantKey(const vdbe::Mem& value) {
  std::string key(1, static_cast<char>(value.type()));
  switch (value.type()) {
    case btree::ValueType::kInteger: {
      int64_t i = value.i();
      key.append(reinterpret_cast<const char*>(&i), sizeof(i));
      break;
    }
    case btree::ValueType::kReal: {
      double r = value.r();
      key.append(reinterpret_cast<const char*>(&r), sizeof(r));
      break;
    }
    case btree::ValueType::kText:
    case btree::ValueType::kBlob:
      key.append(value.chars());
      break;
    case btree::ValueType::kNull:
      break;
  }
  return key;
}

}  // namespace

int ProgramBuilder::ConstantRegister(const vdbe::Mem& value) {
  std::string key = ConstantKey(value);
  auto found = constant_index_.find(key);
  if (found != constant_index_.end()) return found->second;
  int reg = AllocRegister();
  ConstantInto(value, reg);
  constant_index_[key] = reg;
  return reg;
}

int ProgramBuilder::VariableRegister(int index, std::string_view name) {
  auto found = variable_index_.find(index);
  if (found != variable_index_.end()) return found->second;
  const int reg = AllocRegister();
  VariableInto(index, name, reg);
  variable_index_[index] = reg;
  return reg;
}

void ProgramBuilder::ConstantInto(const vdbe::Mem& value, int reg) {
  vdbe::Mem copy;
  copy.CopyFrom(value);
  constants_.emplace_back(std::move(copy), reg);
}

void ProgramBuilder::VariableInto(int index, std::string_view name, int reg) {
  variables_.push_back({index, std::string(name), reg});
}

void ProgramBuilder::ResolveOperand(int32_t* operand) const {
  if (*operand >= 0) return;
  int address = label_addresses_[static_cast<size_t>(-*operand - 1)];
  assert(address >= 0 && "unresolved label");
  *operand = address;
}

std::unique_ptr<vdbe::Program> ProgramBuilder::Finish() {
  const int prologue = current_address();
  for (size_t db = 0; db < transactions_.size(); db++) {
    const TransactionUse& use = transactions_[db];
    if (!use.used) continue;
    // P2: 0 read, 1 write, 2 write under an EXCLUSIVE lock (BEGIN EXCLUSIVE), as in SQLite.
    const int kind = use.exclusive ? 2 : use.write ? 1 : 0;
    Add(Opcode::kTransaction, static_cast<int>(db), kind, static_cast<int>(use.schema_cookie));
    SetP5(use.check_cookie ? 1 : 0);
  }
  for (auto& [value, reg] : constants_) {
    switch (value.type()) {
      case btree::ValueType::kNull:
        Add(Opcode::kNull, 0, reg);
        break;
      case btree::ValueType::kInteger:
        if (value.i() >= INT32_MIN && value.i() <= INT32_MAX) {
          Add(Opcode::kInteger, static_cast<int>(value.i()), reg);
        } else {
          Add(Opcode::kInt64, 0, reg);
          SetP4Constant(std::move(value));
        }
        break;
      case btree::ValueType::kReal:
        Add(Opcode::kReal, 0, reg);
        SetP4Constant(std::move(value));
        break;
      case btree::ValueType::kText:
        Add(Opcode::kString8, 0, reg);
        SetP4Constant(std::move(value));
        break;
      case btree::ValueType::kBlob:
        Add(Opcode::kBlob, static_cast<int>(value.size()), reg);
        SetP4Constant(std::move(value));
        break;
    }
  }
  for (const HoistedVariable& variable : variables_) {
    Add(Opcode::kVariable, variable.index, variable.reg);
    if (variable.name.size() > 1) SetP4Text(variable.name);
  }
  Add(Opcode::kGoto, 0, 1);
  At(0).p2 = prologue;
  for (Instruction& op : program_->ops()) {
    ResolveOperand(&op.p2);
    if (op.opcode == Opcode::kJump) {
      ResolveOperand(&op.p1);
      ResolveOperand(&op.p3);
    }
    if (op.opcode == Opcode::kInitCoroutine) ResolveOperand(&op.p3);
  }
  program_->set_register_count(next_register_);
  program_->set_cursor_count(next_cursor_);
  program_->set_once_count(next_once_);
  return std::move(program_);
}

}  // namespace simlite::codegen
