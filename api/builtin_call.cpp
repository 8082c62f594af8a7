#include "api/builtin_call.h"

#include <cassert>

#include "vdbe/function.h"

namespace simlite::api {

vdbe::Mem CallBuiltin(std::string_view name, std::span<const vdbe::Mem> args) {
  vdbe::Mem result;
  const vdbe::FunctionDef* def = vdbe::FindFunction(name, static_cast<int>(args.size()));
  if (def == nullptr || def->scalar == nullptr) return result;
  assert((def->flags & (vdbe::kFunctionReadsClock | vdbe::kFunctionReadsConnection |
                        vdbe::kFunctionRandom)) == 0);
  vdbe::FunctionEnv env;
  vdbe::StepTime step_time;
  vdbe::FunctionContext ctx(&env, &step_time, &result);
  def->scalar(&ctx, args);
  if (ctx.failed()) result.SetNull();
  return result;
}

}  // namespace simlite::api
