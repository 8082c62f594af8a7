// ProgramBuilder: emits a vdbe::Program. It allocates registers, cursors and Once slots, hands
// out labels for forward jumps (negative numbers until resolved), and lays the program out as
// SQLite does:
//
//   0      Init      -> the prologue
//   1..    the body, ending in Halt
//   ...    the prologue: Transaction (if any), hoisted constants, Goto 1
//
// Invariants: every label used as a jump target is resolved before Finish(); after Finish()
// no operand is a label.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vdbe/program.h"

namespace simlite::codegen {

using vdbe::Instruction;
using vdbe::Opcode;
using vdbe::P4Type;

class ProgramBuilder {
 public:
  ProgramBuilder();

  vdbe::Program* program() { return program_.get(); }

  // Appends an instruction; returns its address.
  int Add(Opcode opcode, int p1 = 0, int p2 = 0, int p3 = 0);
  // The instruction at addr (to set P4/P5 after Add).
  Instruction& At(int addr) { return program_->ops()[static_cast<size_t>(addr)]; }
  Instruction& Last() { return program_->ops().back(); }
  int current_address() const { return program_->size(); }

  // P4 helpers on the last instruction.
  void SetP4Int(int32_t value);
  void SetP4Constant(vdbe::Mem value);
  void SetP4KeyInfo(btree::KeyInfo key_info);
  // A window pass's layout (the Window* opcodes name it by this index, in P1 and P4).
  int AddWindowInfo(vdbe::WindowInfo info);
  void SetP4Window(int index);
  void SetP4Collation(btree::Collation collation);
  void SetP4Function(const vdbe::FunctionDef* function);
  void SetP4Affinity(std::string letters);
  void SetP4Text(std::string text);
  void SetP5(uint16_t p5) { Last().p5 = p5; }

  // Labels: NewLabel() returns a negative number to use as a jump operand; ResolveLabel binds
  // it to the next instruction's address.
  int NewLabel();
  void ResolveLabel(int label);
  // Makes the jump at addr go to the next instruction (for jumps emitted with target 0).
  void JumpHere(int addr) { At(addr).p2 = current_address(); }

  int AllocRegister() { return next_register_++; }
  int AllocRegisters(int count) {
    int first = next_register_;
    next_register_ += count;
    return first;
  }
  int AllocCursor() { return next_cursor_++; }
  int AllocOnce() { return next_once_++; }
  // How many Once flags are allocated so far (the next one's number).
  int once_count() const { return next_once_; }

  // The prologue: a Transaction instruction per database the program uses (in database
  // order), and constants evaluated once per run. The transaction checks that the database's
  // schema cookie is still `schema_cookie`.
  void UseTransaction(int db, bool write, uint32_t schema_cookie);
  // A transaction on the main database that checks no schema cookie (BEGIN IMMEDIATE /
  // EXCLUSIVE: compiled without reading the schema). exclusive: BEGIN EXCLUSIVE, whose
  // transaction takes the EXCLUSIVE lock at once.
  void UseTransactionWithoutSchema(bool write, bool exclusive = false);
  // A register holding `value`, loaded once in the prologue (Integer, Int64, Real, String8,
  // Blob or Null). Equal constants share a register.
  int ConstantRegister(const vdbe::Mem& value);
  // A register holding bound parameter `index` (named `name`, or "" for "?"), loaded once in
  // the prologue: parameters cannot change while a statement runs.
  int VariableRegister(int index, std::string_view name);
  // Loads `value` / bound parameter `index` into register `reg` in the prologue: for
  // registers nothing else writes, such as a call's constant arguments.
  void ConstantInto(const vdbe::Mem& value, int reg);
  void VariableInto(int index, std::string_view name, int reg);

  // Lays out the prologue, resolves labels and sets the counts. The builder is spent.
  std::unique_ptr<vdbe::Program> Finish();

 private:
  void ResolveOperand(int32_t* operand) const;

  std::unique_ptr<vdbe::Program> program_;
  std::vector<int> label_addresses_;  // by -label - 1; -1 while unresolved
  int next_register_ = 1;
  int next_cursor_ = 0;
  int next_once_ = 0;
  struct TransactionUse {
    bool used = false;
    bool write = false;
    bool exclusive = false;
    bool check_cookie = false;
    uint32_t schema_cookie = 0;
  };
  std::vector<TransactionUse> transactions_;  // by database index
  TransactionUse& TransactionOf(int db);
  std::vector<std::pair<vdbe::Mem, int>> constants_;  // value, register, in order
  std::map<std::string, int> constant_index_;          // ConstantKey -> register
  struct HoistedVariable {
    int index;
    std::string name;
    int reg;
  };
  std::vector<HoistedVariable> variables_;
  std::map<int, int> variable_index_;                    // parameter index -> register
};

}  // namespace simlite::codegen
