// Program: a compiled statement as the VM runs it — instructions with operands P1..P5 as in
// SQLite (opcode.html), a pool for the P4 operands that do not fit in an instruction, the
// number of registers and cursors the VM sizes at start, and the result columns.
//
// Invariants:
//  1. A finished program is immutable while it runs: the VM never writes into it (SQLite's
//     self-altering Once is replaced by a per-run bitmap in the VM).
//  2. Every jump target is an address in [0, size()); every register operand is in
//     [1, register_count) (register 0 is unused, as in SQLite); every cursor in
//     [0, cursor_count).
//  3. P4 pool entries are never removed, and pointers to KeyInfos and constants stay valid
//     for the program's life (each lives in its own allocation or in a vector that is no
//     longer appended to once the program runs).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "btree/record.h"
#include "vdbe/mem.h"
#include "vdbe/opcodes.h"
#include "vdbe/window_info.h"

namespace simlite::vdbe {

struct FunctionDef;

enum class P4Type : uint8_t {
  kNone,
  kInt32,      // p4.i (e.g. the column count of OpenRead)
  kConstant,   // p4.index: constants[]: Int64, Real, String8, Blob, Column's default
  kKeyInfo,    // p4.index: key_infos[]
  kCollation,  // p4.i: a btree::Collation
  kFunction,   // p4.function
  kAffinity,   // p4.index: strings[]: one affinity letter per register
  kText,       // p4.index: strings[]: a name or message (Halt, Insert's table)
  kWindow,     // p4.index: window_infos[] (the Window* opcodes)
};

struct Instruction {
  Opcode opcode = Opcode::kNoop;
  P4Type p4type = P4Type::kNone;
  uint16_t p5 = 0;
  int32_t p1 = 0;
  int32_t p2 = 0;
  int32_t p3 = 0;
  union {
    int32_t i;
    uint32_t index;
    const FunctionDef* function;
  } p4 = {0};
};

// What a failed statement undoes (SQLite's OE_* conflict actions, with its values).
enum class OnError : uint8_t {
  kNone = 0,
  kRollback = 1,  // the whole transaction
  kAbort = 2,     // the statement's changes (the default)
  kFail = 3,      // nothing: changes made before the failure stay
  kIgnore = 4,
  kReplace = 5,
};

// P5 flags, with SQLite's values.
enum P5Flag : uint16_t {
  // Comparisons: the low bits hold the affinity letter ('A'..'E', 0 for none).
  kP5AffinityMask = 0x47,
  kP5JumpIfNull = 0x10,  // a comparison with a NULL operand jumps
  kP5NullEq = 0x80,      // IS / IS NOT: NULL equals NULL
  // Insert / Delete.
  kP5NChange = 0x01,     // count the row in changes()
  kP5LastRowid = 0x20,   // remember the rowid for last_insert_rowid()
  kP5IsUpdate = 0x04,    // part of an UPDATE
  kP5NestedChange = 0x08,  // a change made by a trigger: total_changes() only
  kP5SavePosition = 0x02,  // Delete: leave the cursor where Next continues correctly
  // OpenRead / OpenWrite: P2 is a register holding the root page (SQLite's OPFLAG_P2ISREG).
  kP5RootInRegister = 0x02,
};

class Program {
 public:
  Program() = default;
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

  std::vector<Instruction>& ops() { return ops_; }
  const std::vector<Instruction>& ops() const { return ops_; }
  int size() const { return static_cast<int>(ops_.size()); }
  const Instruction& op(int addr) const { return ops_[static_cast<size_t>(addr)]; }

  // P4 pool. Each Add returns the index to put in p4.index.
  uint32_t AddConstant(Mem value);
  uint32_t AddKeyInfo(btree::KeyInfo key_info);
  uint32_t AddString(std::string text);
  const Mem& constant(uint32_t index) const { return *constants_[index]; }
  const btree::KeyInfo& key_info(uint32_t index) const { return *key_infos_[index]; }
  size_t key_info_count() const { return key_infos_.size(); }
  const std::string& string(uint32_t index) const { return strings_[index]; }
  // Window passes: the VM keeps one partition per entry (P1 of the Window* opcodes).
  uint32_t AddWindowInfo(WindowInfo info);
  const WindowInfo& window_info(uint32_t index) const { return *window_infos_[index]; }
  size_t window_count() const { return window_infos_.size(); }

  int register_count() const { return register_count_; }
  int cursor_count() const { return cursor_count_; }
  int once_count() const { return once_count_; }
  void set_register_count(int count) { register_count_ = count; }
  void set_cursor_count(int count) { cursor_count_ = count; }
  void set_once_count(int count) { once_count_ = count; }

  // Result columns: names as sqlite3_column_name gives them, declared types ("" if none).
  std::vector<std::string>& column_names() { return column_names_; }
  const std::vector<std::string>& column_names() const { return column_names_; }
  std::vector<std::string>& column_decltypes() { return column_decltypes_; }
  const std::vector<std::string>& column_decltypes() const { return column_decltypes_; }

  // The statement changes nothing in the database (sqlite3_stmt_readonly).
  bool read_only() const { return read_only_; }
  void set_read_only(bool read_only) { read_only_ = read_only; }
  // INSERT, UPDATE or DELETE: its run sets the connection's changes().
  bool counts_changes() const { return counts_changes_; }
  void set_counts_changes(bool counts) { counts_changes_ = counts; }
  // Whether a failure after the program's first write may need undoing the statement alone
  // (SQLite's usesStmtJournal): then each write transaction it begins inside an explicit
  // one opens a statement savepoint. Programs that write once, with nothing after the first
  // write that can fail but an I/O error (which rolls back the whole transaction), do not.
  bool statement_journal() const { return statement_journal_; }
  void set_statement_journal(bool needed) { statement_journal_ = needed; }
  // The statement is EXPLAIN: stepping yields the listing instead of running it.
  bool explain() const { return explain_; }
  void set_explain(bool explain) { explain_ = explain; }

  // Parameters: the largest number used (sqlite3_bind_parameter_count) and the names.
  int variable_count() const { return variable_count_; }
  void set_variable_count(int count) { variable_count_ = count; }
  std::vector<std::string>& variable_names() { return variable_names_; }  // index-1 -> name
  const std::vector<std::string>& variable_names() const { return variable_names_; }

  // The comparators of the custom collations the program's comparisons and KeyInfos name
  // (null: none); setting it also sets every KeyInfo's. Set once, before the program runs.
  const btree::CustomCollations* custom_collations() const { return custom_collations_; }
  void SetCustomCollations(const btree::CustomCollations* custom);

  // EXPLAIN's rendering of an instruction's P4 (empty optional: SQL NULL).
  bool P4Text(const Instruction& op, std::string* text) const;

  // Whether the program's read transactions may begin with their locks deferred (Pager
  // invariant 7): it writes nothing, and nothing it runs reads the database around the VM's
  // cursors (pragmas, integrity_check) or calls the application (whose function or collation
  // could run SQL on the connection mid-step). Computed once.
  bool may_defer_read_lock() const;
  // Whether the run, resumed at `addr`, may still read a page: false only when every path
  // from there reaches Halt through register, arithmetic, comparison and jump instructions,
  // built-in functions, Close and ResultRow alone (a Return or Yield, whose target is known
  // only at run time, counts as a read). Computed once per address.
  bool MayReadFrom(int addr) const;

 private:
  std::vector<Instruction> ops_;
  std::vector<std::unique_ptr<Mem>> constants_;
  std::vector<std::unique_ptr<btree::KeyInfo>> key_infos_;
  std::vector<std::string> strings_;
  std::vector<std::unique_ptr<WindowInfo>> window_infos_;
  const btree::CustomCollations* custom_collations_ = nullptr;
  int register_count_ = 1;
  int cursor_count_ = 0;
  int once_count_ = 0;
  int variable_count_ = 0;
  std::vector<std::string> variable_names_;
  std::vector<std::string> column_names_;
  std::vector<std::string> column_decltypes_;
  bool read_only_ = true;
  bool explain_ = false;
  bool counts_changes_ = false;
  bool statement_journal_ = true;
  // Caches of the analyses above (invariant 1 allows them: the instructions never change).
  mutable int8_t may_defer_read_lock_ = -1;  // -1: not computed
  mutable std::vector<int8_t> may_read_from_;  // by address; -1: not computed
};

}  // namespace simlite::vdbe
