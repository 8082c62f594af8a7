// The opcode names and descriptions, derived from the one table in opcodes.h.
#include "vdbe/opcodes.h"

#include <cassert>

namespace simlite::vdbe {
namespace {

struct OpcodeInfo {
  std::string_view name;
  std::string_view description;
};

constexpr OpcodeInfo kOpcodeInfo[] = {
#define SIMLITE_OPCODE_INFO(name, description) {#name, description},
    SIMLITE_OPCODES(SIMLITE_OPCODE_INFO)
#undef SIMLITE_OPCODE_INFO
};
static_assert(sizeof(kOpcodeInfo) / sizeof(kOpcodeInfo[0]) == kOpcodeCount);

}  // namespace

std::string_view OpcodeName(Opcode opcode) {
  assert(static_cast<int>(opcode) < kOpcodeCount);
  return kOpcodeInfo[static_cast<int>(opcode)].name;
}

std::string_view OpcodeDescription(Opcode opcode) {
  assert(static_cast<int>(opcode) < kOpcodeCount);
  return kOpcodeInfo[static_cast<int>(opcode)].description;
}

}  // namespace simlite::vdbe
