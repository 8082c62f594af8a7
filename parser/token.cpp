#include "parser/token.h"

#include <iterator>

namespace simlite::parser {
namespace {

constexpr std::string_view kKeywordNames[] = {
#define SIMLITE_KEYWORD_NAME(kind, spelling, cls) spelling,
    SIMLITE_KEYWORDS(SIMLITE_KEYWORD_NAME)
#undef SIMLITE_KEYWORD_NAME
};

constexpr std::string_view kOtherNames[] = {
    "end of input",
    ";",
    "ILLEGAL",
    "SPACE",
    "ID",
    "STRING",
    "BLOB",
    "INTEGER",
    "FLOAT",
    "VARIABLE",
    "(",
    ")",
    ",",
    ".",
    "+",
    "-",
    "*",
    "/",
    "%",
    "||",
    "->",
    "<",
    "<=",
    ">",
    ">=",
    "=",
    "!=",
    "&",
    "|",
    "<<",
    ">>",
    "~",
};
static_assert(std::size(kOtherNames) == static_cast<size_t>(kFirstKeyword));

}  // namespace

std::string_view TokName(Tok kind) {
  if (IsKeyword(kind)) {
    return kKeywordNames[static_cast<int>(kind) - static_cast<int>(kFirstKeyword)];
  }
  if (kind == Tok::kCount) return "?";
  return kOtherNames[static_cast<int>(kind)];
}

}  // namespace simlite::parser
