// Keyword recognition for the tokenizer: a perfect hash over the 147 keywords of
// lang_keywords.html, built at compile time, so that telling a keyword from an identifier
// costs one table probe and one comparison.
#pragma once

#include <cstddef>
#include <string_view>

#include "parser/token.h"

namespace simlite::parser {

// The keyword kind spelled by text (ASCII letters in any case), or Tok::kId when text is not a
// keyword. Never allocates.
Tok LookupKeyword(std::string_view text);

// The number of keywords (147) and the i-th keyword's upper-case spelling, 0 <= i < count,
// in alphabetical order (for sqlite3_keyword_count / sqlite3_keyword_name).
int KeywordCount();
std::string_view KeywordName(int index);

}  // namespace simlite::parser
