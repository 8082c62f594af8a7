#include "vdbe/builtin.h"
namespace simlite::vdbe::builtin {
std::span<const FunctionDef> DateFunctions() { return {}; }
}
