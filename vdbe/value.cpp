// Value conversions, affinity and CAST (see value.h).
#include "common/planted.h"
#include "vdbe/value.h"

#include <cassert>

#include "vdbe/text_util.h"

namespace simlite::vdbe {
namespace {

// NUMERIC affinity on a text or blob value held in *m (see ApplyAffinity).
void ApplyNumericToText(Mem* m, bool try_for_int) {
  bool is_int = false;
  int64_t i = 0;
  double r = 0;
  if (!TextToNumeric(m->chars(), try_for_int, &is_int, &i, &r)) return;
  if (is_int) {
    m->SetInt(i);
  } else {
    m->SetReal(r);
  }
}

}  // namespace

Affinity AffinityFromTypeName(std::string_view declared_type) {
  if (ContainsNoCase(declared_type, "INT")) return Affinity::kInteger;
  if (ContainsNoCase(declared_type, "CHAR") || ContainsNoCase(declared_type, "CLOB") ||
      ContainsNoCase(declared_type, "TEXT")) {
    return Affinity::kText;
  }
  if (declared_type.empty() || ContainsNoCase(declared_type, "BLOB")) return Affinity::kBlob;
  if (ContainsNoCase(declared_type, "REAL") || ContainsNoCase(declared_type, "FLOA") ||
      ContainsNoCase(declared_type, "DOUB")) {
    return Affinity::kReal;
  }
  return Affinity::kNumeric;
}

int64_t ToInt64(const Mem& m) {
  switch (m.type()) {
    case ValueType::kNull:
      return 0;
    case ValueType::kInteger:
      return m.i();
    case ValueType::kReal:
      return RealToInt64(m.r());
    case ValueType::kText:
    case ValueType::kBlob:
      break;
  }
  int64_t value = 0;
  (void)ParseInt64(m.chars(), &value);
  return value;
}

double ToReal(const Mem& m) {
  switch (m.type()) {
    case ValueType::kNull:
      return 0.0;
    case ValueType::kInteger:
      return static_cast<double>(m.i());
    case ValueType::kReal:
      return m.r();
    case ValueType::kText:
    case ValueType::kBlob:
      break;
  }
  return ParseReal(m.chars()).value;
}

bool ToBool(const Mem& m, bool* is_null) {
  *is_null = m.IsNull();
  if (m.IsNull()) return false;
  if (m.type() == ValueType::kInteger) return m.i() != 0;
  return ToReal(m) != 0.0;
}

std::string_view TextOf(const Mem& m, NumberText* scratch) {
  switch (m.type()) {
    case ValueType::kNull:
      return std::string_view();
    case ValueType::kInteger:
      return std::string_view(scratch->chars, IntToText(m.i(), scratch->chars));
    case ValueType::kReal:
      return std::string_view(scratch->chars, RealToText(m.r(), scratch->chars));
    case ValueType::kText:
    case ValueType::kBlob:
      break;
  }
  return m.chars();
}

void Stringify(Mem* m) {
  if (!m->IsNumber()) return;
  NumberText scratch;
  std::string_view text = TextOf(*m, &scratch);
  m->SetText(text.data(), static_cast<uint32_t>(text.size()));
}

void ToArithmeticNumber(const Mem& m, Mem* m_out) {
  if (!m.IsTextOrBlob()) {
    m_out->ShallowCopyFrom(m);
    return;
  }
  RealParse parse = ParseReal(m.chars());
  int64_t i = 0;
  if (parse.integer_form) {
    // An integer (whole, or with trailing junk, or no digits at all) unless it overflows.
    IntParse int_parse = ParseInt64(m.chars(), &i);
    bool fits = parse.whole ? int_parse == IntParse::kExact
                            : (int_parse == IntParse::kExact || int_parse == IntParse::kExtraText);
    if (fits) {
      m_out->SetInt(i);
      return;
    }
  }
  m_out->SetReal(parse.value);
}

void ApplyAffinity(Mem* m, Affinity a) {
  switch (a) {
    case Affinity::kNone:
    case Affinity::kBlob:
      return;
    case Affinity::kText:
      Stringify(m);
      return;
    case Affinity::kNumeric:
    case Affinity::kInteger:
    case Affinity::kReal:
      break;
  }
  if (m->type() == ValueType::kText) {
    ApplyNumericToText(m, /*try_for_int=*/true);
  } else if (m->type() == ValueType::kReal) {
    int64_t i = 0;
    if (a != Affinity::kReal && RealToExactInt(m->r(), &i)) m->SetInt(i);
  }
  // A REAL column stores a whole real as an integer and reads it back as a real, which turns
  // -0.0 into 0.0.
  if (a == Affinity::kReal && m->type() == ValueType::kReal) {
    int64_t i = 0;
    if (RealToExactInt(m->r(), &i)) m->SetReal(static_cast<double>(i));
  }
  if (a == Affinity::kReal && m->type() == ValueType::kInteger &&
      !planted::On(planted::kRealAffinityLost)) {
    m->SetReal(static_cast<double>(m->i()));
  }
}

void Cast(Mem* m, Affinity a) {
  if (m->IsNull()) return;
  switch (a) {
    case Affinity::kNone:
      return;
    case Affinity::kBlob:
      Stringify(m);
      m->SetTextBlobType(ValueType::kBlob);
      return;
    case Affinity::kText:
      Stringify(m);
      m->SetTextBlobType(ValueType::kText);
      return;
    case Affinity::kInteger:
      m->SetInt(ToInt64(*m));
      return;
    case Affinity::kReal:
      m->SetReal(ToReal(*m));
      return;
    case Affinity::kNumeric:
      break;
  }
  if (m->type() == ValueType::kReal || m->type() == ValueType::kInteger) return;
  bool is_int = false;
  int64_t i = 0;
  double r = 0;
  TextCastNumeric(m->chars(), &is_int, &i, &r);
  if (is_int) {
    m->SetInt(i);
  } else {
    m->SetReal(r);
  }
}

}  // namespace simlite::vdbe
