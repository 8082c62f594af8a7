// The math functions of lang_mathfunc.html (Debian builds SQLite with ENABLE_MATH_FUNCTIONS).
//
// An argument counts only when it is a number, or a text that is a well-formed number
// (sqlite3_value_numeric_type); anything else makes the result NULL, as does a domain error
// (the C library's NaN). ceil, floor and trunc return integers unchanged.
#include <cmath>
#include <numbers>

#include "vdbe/builtin.h"

namespace simlite::vdbe::builtin {
namespace {

template <double (*kFunction)(double)>
void Math1(FunctionContext* ctx, Args args) {
  double x = 0;
  if (NumericValue(args[0], &x)) {
    ctx->result()->SetReal(kFunction(x));  // NaN -> NULL
  } else {
    ctx->result()->SetNull();
  }
}

template <double (*kFunction)(double, double)>
void Math2(FunctionContext* ctx, Args args) {
  double x = 0;
  double y = 0;
  if (NumericValue(args[0], &x) && NumericValue(args[1], &y)) {
    ctx->result()->SetReal(kFunction(x, y));
  } else {
    ctx->result()->SetNull();
  }
}

// ceil, floor, trunc: an integer argument comes back as it is.
template <double (*kFunction)(double)>
void Rounding(FunctionContext* ctx, Args args) {
  double x = 0;
  bool is_int = false;
  int64_t i = 0;
  if (!NumericValue(args[0], &x, &is_int, &i)) {
    ctx->result()->SetNull();
  } else if (is_int) {
    ctx->result()->SetInt(i);
  } else {
    ctx->result()->SetReal(kFunction(x));
  }
}

double Ceil(double x) {
  return std::ceil(x);
}
double Floor(double x) {
  return std::floor(x);
}
double Trunc(double x) {
  return std::trunc(x);
}
double Exp(double x) {
  return std::exp(x);
}
double Sqrt(double x) {
  return std::sqrt(x);
}
double Sin(double x) {
  return std::sin(x);
}
double Cos(double x) {
  return std::cos(x);
}
double Tan(double x) {
  return std::tan(x);
}
double Asin(double x) {
  return std::asin(x);
}
double Acos(double x) {
  return std::acos(x);
}
double Atan(double x) {
  return std::atan(x);
}
double Sinh(double x) {
  return std::sinh(x);
}
double Cosh(double x) {
  return std::cosh(x);
}
double Tanh(double x) {
  return std::tanh(x);
}
double Asinh(double x) {
  return std::asinh(x);
}
double Acosh(double x) {
  return std::acosh(x);
}
double Atanh(double x) {
  return std::atanh(x);
}
double Degrees(double x) {
  return x * (180.0 / std::numbers::pi);
}
double Radians(double x) {
  return x * (std::numbers::pi / 180.0);
}
double Atan2(double y, double x) {
  return std::atan2(y, x);
}
double Pow(double x, double y) {
  return std::pow(x, y);
}
double Mod(double x, double y) {
  return std::fmod(x, y);
}

enum class LogBase : uint8_t { kE, kTen, kTwo };

// ln, log10, log2 and log(X) (base 10), all as ln(X) divided by the base's logarithm, as
// SQLite computes them; log(B, X) = ln(X) / ln(B), NULL for B <= 1 or X <= 0.
template <LogBase kBase>
void Log(FunctionContext* ctx, Args args) {
  ctx->result()->SetNull();
  double base_log = 0;
  if (args.size() == 2) {
    double base = 0;
    if (!NumericValue(args[0], &base) || base <= 0.0) return;
    base_log = std::log(base);
    if (base_log <= 0.0) return;
  }
  // log(B, X) reads X as sqlite3_value_double does (a numeric prefix will do); the one-argument
  // forms want a number.
  double x = 0;
  if (args.size() == 2) {
    x = ToReal(args[1]);
  } else if (!NumericValue(args[0], &x)) {
    return;
  }
  if (x <= 0.0) return;
  double result = 0;
  if (args.size() == 2) {
    result = std::log(x) / base_log;
  } else if (kBase == LogBase::kTen) {
    result = std::log(x) / std::numbers::ln10;  // not log10(): SQLite divides, and so differs
  } else if (kBase == LogBase::kTwo) {
    result = std::log(x) / std::numbers::ln2;
  } else {
    result = std::log(x);
  }
  ctx->result()->SetReal(result);
}

void Pi(FunctionContext* ctx, Args) {
  ctx->result()->SetReal(std::numbers::pi);
}

constexpr uint32_t kPure = kFunctionDeterministic | kFunctionInnocuous;

constexpr FunctionDef kMathFunctions[] = {
    {"acos", 1, kPure, Math1<Acos>, nullptr},
    {"acosh", 1, kPure, Math1<Acosh>, nullptr},
    {"asin", 1, kPure, Math1<Asin>, nullptr},
    {"asinh", 1, kPure, Math1<Asinh>, nullptr},
    {"atan", 1, kPure, Math1<Atan>, nullptr},
    {"atan2", 2, kPure, Math2<Atan2>, nullptr},
    {"atanh", 1, kPure, Math1<Atanh>, nullptr},
    {"ceil", 1, kPure, Rounding<Ceil>, nullptr},
    {"ceiling", 1, kPure, Rounding<Ceil>, nullptr},
    {"cos", 1, kPure, Math1<Cos>, nullptr},
    {"cosh", 1, kPure, Math1<Cosh>, nullptr},
    {"degrees", 1, kPure, Math1<Degrees>, nullptr},
    {"exp", 1, kPure, Math1<Exp>, nullptr},
    {"floor", 1, kPure, Rounding<Floor>, nullptr},
    {"ln", 1, kPure, Log<LogBase::kE>, nullptr},
    {"log", 1, kPure, Log<LogBase::kTen>, nullptr},
    {"log", 2, kPure, Log<LogBase::kTen>, nullptr},
    {"log10", 1, kPure, Log<LogBase::kTen>, nullptr},
    {"log2", 1, kPure, Log<LogBase::kTwo>, nullptr},
    {"mod", 2, kPure, Math2<Mod>, nullptr},
    {"pi", 0, kPure, Pi, nullptr},
    {"pow", 2, kPure, Math2<Pow>, nullptr},
    {"power", 2, kPure, Math2<Pow>, nullptr},
    {"radians", 1, kPure, Math1<Radians>, nullptr},
    {"sin", 1, kPure, Math1<Sin>, nullptr},
    {"sinh", 1, kPure, Math1<Sinh>, nullptr},
    {"sqrt", 1, kPure, Math1<Sqrt>, nullptr},
    {"tan", 1, kPure, Math1<Tan>, nullptr},
    {"tanh", 1, kPure, Math1<Tanh>, nullptr},
    {"trunc", 1, kPure, Rounding<Trunc>, nullptr},
};

}  // namespace

std::span<const FunctionDef> MathFunctions() {
  return kMathFunctions;
}

}  // namespace simlite::vdbe::builtin
