// Program: the P4 pool and EXPLAIN's rendering of P4 operands (as SQLite's displayP4 does).
#include "vdbe/program.h"

#include <cinttypes>
#include <cstdio>

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

}  // namespace simlite::vdbe
