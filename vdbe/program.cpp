// Program: the P4 pool and EXPLAIN's rendering of P4 operands (as SQLite's displayP4 does).
#include "vdbe/program.h"

#include <cinttypes>
#include <cstdio>
#include <vector>

#include "vdbe/function.h"

namespace simlite::vdbe {

uint32_t Program::AddConstant(Mem value) {
  value.MakeOwned();
  constants_.push_back(std::make_unique<Mem>(std::move(value)));
  return static_cast<uint32_t>(constants_.size() - 1);
}

uint32_t Program::AddKeyInfo(btree::KeyInfo key_info) {
  key_infos_.push_back(std::make_unique<btree::KeyInfo>(std::move(key_info)));
  return static_cast<uint32_t>(key_infos_.size() - 1);
}

void Program::SetCustomCollations(const btree::CustomCollations* custom) {
  custom_collations_ = custom;
  for (const std::unique_ptr<btree::KeyInfo>& key_info : key_infos_) key_info->custom = custom;
}

uint32_t Program::AddString(std::string text) {
  strings_.push_back(std::move(text));
  return static_cast<uint32_t>(strings_.size() - 1);
}

uint32_t Program::AddWindowInfo(WindowInfo info) {
  window_infos_.push_back(std::make_unique<WindowInfo>(std::move(info)));
  return static_cast<uint32_t>(window_infos_.size() - 1);
}

namespace {

std::string_view CollationName(btree::Collation collation,
                               const btree::CustomCollations* custom) {
  switch (collation) {
    case btree::Collation::kBinary:
      return "BINARY";
    case btree::Collation::kNoCase:
      return "NOCASE";
    case btree::Collation::kRtrim:
      return "RTRIM";
    default:
      return custom != nullptr ? custom->Name(collation) : "?";
  }
}

std::string KeyInfoText(const btree::KeyInfo& key_info) {
  std::string text = "k(" + std::to_string(key_info.collations.size());
  for (size_t field_idx = 0; field_idx < key_info.collations.size(); field_idx++) {
    text += ',';
    if (field_idx < key_info.descending.size() && key_info.descending[field_idx]) text += '-';
    btree::Collation collation = key_info.collations[field_idx];
    text += collation == btree::Collation::kBinary
                ? "B"
                : std::string(CollationName(collation, key_info.custom));
  }
  return text + ")";
}

std::string ConstantText(const Mem& value) {
  char buffer[64];
  switch (value.type()) {
    case ValueType::kNull:
      return "NULL";
    case ValueType::kInteger:
      std::snprintf(buffer, sizeof(buffer), "%" PRId64, value.i());
      return buffer;
    case ValueType::kReal:
      std::snprintf(buffer, sizeof(buffer), "%.16g", value.r());
      return buffer;
    case ValueType::kText:
      return std::string(value.chars());
    case ValueType::kBlob:
      return "(blob)";
  }
  return "";
}

}  // namespace

bool Program::P4Text(const Instruction& op, std::string* text) const {
  switch (op.p4type) {
    case P4Type::kNone:
      return false;
    case P4Type::kInt32:
      *text = std::to_string(op.p4.i);
      return true;
    case P4Type::kConstant:
      *text = ConstantText(constant(op.p4.index));
      return true;
    case P4Type::kKeyInfo:
      *text = KeyInfoText(key_info(op.p4.index));
      return true;
    case P4Type::kCollation:
      *text = std::string(CollationName(static_cast<btree::Collation>(op.p4.i),
                                        custom_collations_)) +
              "-8";
      return true;
    case P4Type::kFunction:
      *text = std::string(op.p4.function->name) + "(" +
              std::to_string(op.opcode == Opcode::kFunction || op.opcode == Opcode::kAggStep
                                 ? op.p5
                                 : op.p2) +
              ")";
      return true;
    case P4Type::kAffinity:
    case P4Type::kText:
      *text = string(op.p4.index);
      return true;
    case P4Type::kWindow:
      *text = "window(" + std::to_string(window_info(op.p4.index).calls.size()) + ")";
      return true;
  }
  return false;
}

namespace {

// Opcodes that touch no cursor, no b-tree and no host state, and only fall through.
bool IsPlainOpcode(Opcode opcode) {
  switch (opcode) {
    case Opcode::kInteger: case Opcode::kInt64: case Opcode::kReal: case Opcode::kString8:
    case Opcode::kBlob: case Opcode::kNull: case Opcode::kVariable: case Opcode::kCopy:
    case Opcode::kSCopy: case Opcode::kIntCopy: case Opcode::kMemMax: case Opcode::kMove:
    case Opcode::kAffinity: case Opcode::kCast: case Opcode::kRealAffinity:
    case Opcode::kZeroOrNull: case Opcode::kIsTrue: case Opcode::kNot: case Opcode::kBitNot:
    case Opcode::kAnd: case Opcode::kOr: case Opcode::kAdd: case Opcode::kSubtract:
    case Opcode::kMultiply: case Opcode::kDivide: case Opcode::kRemainder:
    case Opcode::kConcat: case Opcode::kBitAnd: case Opcode::kBitOr:
    case Opcode::kShiftLeft: case Opcode::kShiftRight: case Opcode::kCollSeq:
    case Opcode::kFunction: case Opcode::kAggFinal: case Opcode::kResultRow:
    case Opcode::kNoop: case Opcode::kCompare: case Opcode::kOffsetLimit:
    case Opcode::kClose: case Opcode::kBeginSubrtn:
      return true;
    default:
      return false;
  }
}

// Opcodes that jump to P2 or fall through, touching nothing else.
bool IsPlainBranch(Opcode opcode) {
  switch (opcode) {
    case Opcode::kOnce: case Opcode::kIf: case Opcode::kIfNot: case Opcode::kIsNull:
    case Opcode::kNotNull: case Opcode::kIfPos: case Opcode::kIfNotZero:
    case Opcode::kDecrJumpZero: case Opcode::kMustBeInt: case Opcode::kEq: case Opcode::kNe:
    case Opcode::kLt: case Opcode::kLe: case Opcode::kGt: case Opcode::kGe:
      return true;
    default:
      return false;
  }
}

// Opcodes through which the host reads the database itself, or that change transactions.
bool ReadsAroundCursors(Opcode opcode) {
  switch (opcode) {
    case Opcode::kIntegrityCk: case Opcode::kPragmaRows: case Opcode::kPragmaSetting:
    case Opcode::kCheckpoint: case Opcode::kAutoCommit: case Opcode::kSavepoint:
    case Opcode::kParseSchema:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool Program::may_defer_read_lock() const {
  if (may_defer_read_lock_ >= 0) return may_defer_read_lock_ != 0;
  bool may = read_only_ && window_infos_.empty();
  for (const std::unique_ptr<btree::KeyInfo>& key_info : key_infos_) {
    for (btree::Collation collation : key_info->collations) {
      may = may && !btree::IsCustomCollation(collation);
    }
  }
  for (const Instruction& op : ops_) {
    if (!may) break;
    const bool app_function = op.p4type == P4Type::kFunction && op.p4.function != nullptr &&
                              op.p4.function->user_data != nullptr;
    const bool app_collation =
        op.p4type == P4Type::kCollation &&
        btree::IsCustomCollation(static_cast<btree::Collation>(op.p4.i));
    may = !app_function && !app_collation && !ReadsAroundCursors(op.opcode);
  }
  may_defer_read_lock_ = may ? 1 : 0;
  return may;
}

bool Program::MayReadFrom(int addr) const {
  if (addr < 0 || addr >= size()) return true;
  if (may_read_from_.empty()) may_read_from_.assign(ops_.size(), -1);
  int8_t& cached = may_read_from_[static_cast<size_t>(addr)];
  if (cached >= 0) return cached != 0;
  // Depth-first over the addresses control can reach from addr.
  std::vector<bool> seen(ops_.size(), false);
  std::vector<int> pending{addr};
  bool may_read = false;
  auto reach = [&](int target) {
    if (target < 0 || target >= size()) {
      may_read = true;
    } else if (!seen[static_cast<size_t>(target)]) {
      seen[static_cast<size_t>(target)] = true;
      pending.push_back(target);
    }
  };
  seen[static_cast<size_t>(addr)] = true;
  while (!pending.empty() && !may_read) {
    const int at = pending.back();
    pending.pop_back();
    const Instruction& op = ops_[static_cast<size_t>(at)];
    if (op.opcode == Opcode::kHalt) continue;
    if (op.opcode == Opcode::kGoto) {
      reach(op.p2);
    } else if (op.opcode == Opcode::kJump) {
      reach(op.p1);
      reach(op.p2);
      reach(op.p3);
    } else if (op.opcode == Opcode::kHaltIfNull || IsPlainOpcode(op.opcode)) {
      reach(at + 1);
    } else if (IsPlainBranch(op.opcode)) {
      if (op.opcode != Opcode::kMustBeInt || op.p2 != 0) reach(op.p2);
      reach(at + 1);
    } else {
      may_read = true;
    }
  }
  cached = may_read ? 1 : 0;
  return may_read;
}

}  // namespace simlite::vdbe
