// Token kinds of SQLite's SQL dialect. Every keyword of lang_keywords.html has its own kind;
// its class says where the parser may also take it as a name (lang_keywords.html: "most
// keywords can be used as identifiers"). The classes were measured against SQLite 3.40.1:
//   F  fallback: acts as an identifier wherever its keyword meaning does not fit
//   J  join operator word (LEFT, CROSS, ...): a name (table, column, alias after AS) but not
//      an identifier in a function name, type name, collation or alias without AS
//   I  INDEXED: an identifier except where a type name, collation or bare alias is expected
//   C  contextual (WINDOW, OVER, FILTER): the lexer decides from the neighbouring tokens
//   R  reserved: never a name unless quoted
#pragma once

#include <cstdint>
#include <string_view>

namespace simlite::parser {

// X(kind, spelling, class) for each keyword, in alphabetical order.
#define SIMLITE_KEYWORDS(X)                            \
  X(kAbort, "ABORT", kFallback)                        \
  X(kAction, "ACTION", kFallback)                      \
  X(kAdd, "ADD", kReserved)                            \
  X(kAfter, "AFTER", kFallback)                        \
  X(kAll, "ALL", kReserved)                            \
  X(kAlter, "ALTER", kReserved)                        \
  X(kAlways, "ALWAYS", kFallback)                      \
  X(kAnalyze, "ANALYZE", kFallback)                    \
  X(kAnd, "AND", kReserved)                            \
  X(kAs, "AS", kReserved)                              \
  X(kAsc, "ASC", kFallback)                            \
  X(kAttach, "ATTACH", kFallback)                      \
  X(kAutoincrement, "AUTOINCREMENT", kReserved)        \
  X(kBefore, "BEFORE", kFallback)                      \
  X(kBegin, "BEGIN", kFallback)                        \
  X(kBetween, "BETWEEN", kReserved)                    \
  X(kBy, "BY", kFallback)                              \
  X(kCascade, "CASCADE", kFallback)                    \
  X(kCase, "CASE", kReserved)                          \
  X(kCast, "CAST", kFallback)                          \
  X(kCheck, "CHECK", kReserved)                        \
  X(kCollate, "COLLATE", kReserved)                    \
  X(kColumn, "COLUMN", kFallback)                      \
  X(kCommit, "COMMIT", kReserved)                      \
  X(kConflict, "CONFLICT", kFallback)                  \
  X(kConstraint, "CONSTRAINT", kReserved)              \
  X(kCreate, "CREATE", kReserved)                      \
  X(kCross, "CROSS", kJoinWord)                        \
  X(kCurrent, "CURRENT", kFallback)                    \
  X(kCurrentDate, "CURRENT_DATE", kFallback)           \
  X(kCurrentTime, "CURRENT_TIME", kFallback)           \
  X(kCurrentTimestamp, "CURRENT_TIMESTAMP", kFallback) \
  X(kDatabase, "DATABASE", kFallback)                  \
  X(kDefault, "DEFAULT", kReserved)                    \
  X(kDeferrable, "DEFERRABLE", kReserved)              \
  X(kDeferred, "DEFERRED", kFallback)                  \
  X(kDelete, "DELETE", kReserved)                      \
  X(kDesc, "DESC", kFallback)                          \
  X(kDetach, "DETACH", kFallback)                      \
  X(kDistinct, "DISTINCT", kReserved)                  \
  X(kDo, "DO", kFallback)                              \
  X(kDrop, "DROP", kReserved)                          \
  X(kEach, "EACH", kFallback)                          \
  X(kElse, "ELSE", kReserved)                          \
  X(kEnd, "END", kFallback)                            \
  X(kEscape, "ESCAPE", kReserved)                      \
  X(kExcept, "EXCEPT", kReserved)                      \
  X(kExclude, "EXCLUDE", kFallback)                    \
  X(kExclusive, "EXCLUSIVE", kFallback)                \
  X(kExists, "EXISTS", kReserved)                      \
  X(kExplain, "EXPLAIN", kFallback)                    \
  X(kFail, "FAIL", kFallback)                          \
  X(kFilter, "FILTER", kContextual)                    \
  X(kFirst, "FIRST", kFallback)                        \
  X(kFollowing, "FOLLOWING", kFallback)                \
  X(kFor, "FOR", kFallback)                            \
  X(kForeign, "FOREIGN", kReserved)                    \
  X(kFrom, "FROM", kReserved)                          \
  X(kFull, "FULL", kJoinWord)                          \
  X(kGenerated, "GENERATED", kFallback)                \
  X(kGlob, "GLOB", kFallback)                          \
  X(kGroup, "GROUP", kReserved)                        \
  X(kGroups, "GROUPS", kFallback)                      \
  X(kHaving, "HAVING", kReserved)                      \
  X(kIf, "IF", kFallback)                              \
  X(kIgnore, "IGNORE", kFallback)                      \
  X(kImmediate, "IMMEDIATE", kFallback)                \
  X(kIn, "IN", kReserved)                              \
  X(kIndex, "INDEX", kReserved)                        \
  X(kIndexed, "INDEXED", kIndexed)                     \
  X(kInitially, "INITIALLY", kFallback)                \
  X(kInner, "INNER", kJoinWord)                        \
  X(kInsert, "INSERT", kReserved)                      \
  X(kInstead, "INSTEAD", kFallback)                    \
  X(kIntersect, "INTERSECT", kReserved)                \
  X(kInto, "INTO", kReserved)                          \
  X(kIs, "IS", kReserved)                              \
  X(kIsnull, "ISNULL", kReserved)                      \
  X(kJoin, "JOIN", kReserved)                          \
  X(kKey, "KEY", kFallback)                            \
  X(kLast, "LAST", kFallback)                          \
  X(kLeft, "LEFT", kJoinWord)                          \
  X(kLike, "LIKE", kFallback)                          \
  X(kLimit, "LIMIT", kReserved)                        \
  X(kMatch, "MATCH", kFallback)                        \
  X(kMaterialized, "MATERIALIZED", kFallback)          \
  X(kNatural, "NATURAL", kJoinWord)                    \
  X(kNo, "NO", kFallback)                              \
  X(kNot, "NOT", kReserved)                            \
  X(kNothing, "NOTHING", kReserved)                    \
  X(kNotnull, "NOTNULL", kReserved)                    \
  X(kNull, "NULL", kReserved)                          \
  X(kNulls, "NULLS", kFallback)                        \
  X(kOf, "OF", kFallback)                              \
  X(kOffset, "OFFSET", kFallback)                      \
  X(kOn, "ON", kReserved)                              \
  X(kOr, "OR", kReserved)                              \
  X(kOrder, "ORDER", kReserved)                        \
  X(kOthers, "OTHERS", kFallback)                      \
  X(kOuter, "OUTER", kJoinWord)                        \
  X(kOver, "OVER", kContextual)                        \
  X(kPartition, "PARTITION", kFallback)                \
  X(kPlan, "PLAN", kFallback)                          \
  X(kPragma, "PRAGMA", kFallback)                      \
  X(kPreceding, "PRECEDING", kFallback)                \
  X(kPrimary, "PRIMARY", kReserved)                    \
  X(kQuery, "QUERY", kFallback)                        \
  X(kRaise, "RAISE", kFallback)                        \
  X(kRange, "RANGE", kFallback)                        \
  X(kRecursive, "RECURSIVE", kFallback)                \
  X(kReferences, "REFERENCES", kReserved)              \
  X(kRegexp, "REGEXP", kFallback)                      \
  X(kReindex, "REINDEX", kFallback)                    \
  X(kRelease, "RELEASE", kFallback)                    \
  X(kRename, "RENAME", kFallback)                      \
  X(kReplace, "REPLACE", kFallback)                    \
  X(kRestrict, "RESTRICT", kFallback)                  \
  X(kReturning, "RETURNING", kReserved)                \
  X(kRight, "RIGHT", kJoinWord)                        \
  X(kRollback, "ROLLBACK", kFallback)                  \
  X(kRow, "ROW", kFallback)                            \
  X(kRows, "ROWS", kFallback)                          \
  X(kSavepoint, "SAVEPOINT", kFallback)                \
  X(kSelect, "SELECT", kReserved)                      \
  X(kSet, "SET", kReserved)                            \
  X(kTable, "TABLE", kReserved)                        \
  X(kTemp, "TEMP", kFallback)                          \
  X(kTemporary, "TEMPORARY", kFallback)                \
  X(kThen, "THEN", kReserved)                          \
  X(kTies, "TIES", kFallback)                          \
  X(kTo, "TO", kReserved)                              \
  X(kTransaction, "TRANSACTION", kReserved)            \
  X(kTrigger, "TRIGGER", kFallback)                    \
  X(kUnbounded, "UNBOUNDED", kFallback)                \
  X(kUnion, "UNION", kReserved)                        \
  X(kUnique, "UNIQUE", kReserved)                      \
  X(kUpdate, "UPDATE", kReserved)                      \
  X(kUsing, "USING", kReserved)                        \
  X(kVacuum, "VACUUM", kFallback)                      \
  X(kValues, "VALUES", kReserved)                      \
  X(kView, "VIEW", kFallback)                          \
  X(kVirtual, "VIRTUAL", kFallback)                    \
  X(kWhen, "WHEN", kReserved)                          \
  X(kWhere, "WHERE", kReserved)                        \
  X(kWindow, "WINDOW", kContextual)                    \
  X(kWith, "WITH", kFallback)                          \
  X(kWithout, "WITHOUT", kFallback)

enum class Tok : uint8_t {
  kEof,       // end of input (the parser treats it as a virtual ';')
  kSemi,      // ;
  kIllegal,   // bytes that form no token: "unrecognized token"
  kSpace,     // whitespace and comments (the lexer skips them)
  kId,        // identifier, bare or quoted ("x", [x], `x`)
  kString,    // 'text'
  kBlob,      // x'hex'
  kInteger,   // 123, 0x7f
  kFloat,     // 1.5, .5, 5., 1e5
  kVariable,  // ?, ?NNN, :name, @name, $name, #name
  kLp,
  kRp,
  kComma,
  kDot,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kRem,
  kConcat,  // ||
  kPtr,     // -> and ->>
  kLt,
  kLe,
  kGt,
  kGe,
  kEq,  // = and ==
  kNe,  // != and <>
  kBitAnd,
  kBitOr,
  kLShift,
  kRShift,
  kBitNot,
#define SIMLITE_KEYWORD_ENUM(kind, spelling, cls) kind,
  SIMLITE_KEYWORDS(SIMLITE_KEYWORD_ENUM)
#undef SIMLITE_KEYWORD_ENUM
      kCount,
};

// The first keyword kind; every kind from here to kCount is a keyword.
inline constexpr Tok kFirstKeyword = Tok::kAbort;

enum class KeywordClass : uint8_t { kNone, kFallback, kJoinWord, kIndexed, kContextual, kReserved };

// A token: its kind and where its text lies in the statement source.
struct Token {
  Tok kind = Tok::kEof;
  uint32_t offset = 0;  // byte offset into the source text
  uint32_t length = 0;  // bytes; 0 only for kEof
};

// True for keyword kinds.
constexpr bool IsKeyword(Tok kind) {
  return kind >= kFirstKeyword && kind < Tok::kCount;
}

namespace detail {
inline constexpr KeywordClass kKeywordClasses[] = {
#define SIMLITE_KEYWORD_CLASS(kind, spelling, cls) KeywordClass::cls,
    SIMLITE_KEYWORDS(SIMLITE_KEYWORD_CLASS)
#undef SIMLITE_KEYWORD_CLASS
};
}  // namespace detail

// The class of a keyword kind (kNone for non-keywords).
constexpr KeywordClass ClassOf(Tok kind) {
  if (!IsKeyword(kind)) return KeywordClass::kNone;
  return detail::kKeywordClasses[static_cast<int>(kind) - static_cast<int>(kFirstKeyword)];
}

// Upper-case spelling of a keyword kind, or a short description of other kinds ("ID", ";").
std::string_view TokName(Tok kind);

// Name-classes of the grammar. A token may stand for:
//   an "id"   (expression column name, function name): ID, INDEXED, fallback keywords;
//   an "ids"  (type name, collation, alias without AS): ID, STRING, fallback keywords;
//   an "nm"   (table, column, schema, index names; alias after AS): an id, a STRING or a
//             join word.
constexpr bool IsIdToken(Tok kind) {
  KeywordClass cls = ClassOf(kind);
  return kind == Tok::kId || cls == KeywordClass::kFallback || cls == KeywordClass::kIndexed;
}
constexpr bool IsIdsToken(Tok kind) {
  return kind == Tok::kId || kind == Tok::kString || ClassOf(kind) == KeywordClass::kFallback;
}
constexpr bool IsNmToken(Tok kind) {
  return IsIdToken(kind) || kind == Tok::kString || ClassOf(kind) == KeywordClass::kJoinWord;
}

}  // namespace simlite::parser
