// The VDBE's opcodes: ONE table (STYLE.md 8) from which the dispatch enum, the names EXPLAIN
// prints and the one-line descriptions all derive. Names and operand meanings follow SQLite's
// opcode.html, so that EXPLAIN output reads like SQLite's; where simlite uses an operand
// differently the description says so.
#pragma once

#include <cstdint>
#include <string_view>

namespace simlite::vdbe {

// X(Name, "description")
#define SIMLITE_OPCODES(X)                                                                     \
  /* Control flow */                                                                           \
  X(Init, "start: jump to P2 (the transaction and constants), which jumps back")               \
  X(Goto, "jump to P2")                                                                        \
  X(Gosub, "r[P1] = address of the next instruction; jump to P2")                              \
  X(Return, "jump to the address in r[P1] (with P3=1: fall through when r[P1] is not one)")    \
  X(BeginSubrtn, "r[P2] = NULL: a subroutine entered in line returns by falling through")      \
  X(InitCoroutine, "r[P1] = P3 (a coroutine's entry); jump to P2 when not 0")                  \
  X(Yield, "swap the program counter with r[P1]")                                              \
  X(EndCoroutine, "return from a coroutine for good: jump to P2 of the Yield that entered it") \
  X(Halt, "end the program with result code P1 (error message P4, constraint kind P5)")        \
  X(TriggerBegin, "a trigger's program starts: clear Once flags P1..P1+P2; changes apart")    \
  X(ResetCount, "a trigger's statement ended: its changes count in total_changes() at once")   \
  X(TriggerEnd, "a trigger's program ends (RAISE(IGNORE) too): as ResetCount, then leave it")  \
  X(HaltIfNull, "Halt like P1,P2,P4,P5 when r[P3] is NULL")                                    \
  X(Once, "fall through the first time per run, then jump to P2")                              \
  X(If, "jump to P2 when r[P1] is true (or NULL and P3 is not 0)")                             \
  X(IfNot, "jump to P2 when r[P1] is false (or NULL and P3 is not 0)")                         \
  X(IsNull, "jump to P2 when r[P1] is NULL")                                                   \
  X(NotNull, "jump to P2 when r[P1] is not NULL")                                              \
  X(IfPos, "when r[P1] >= 1: r[P1] -= P3 and jump to P2")                                      \
  X(IfNotZero, "when r[P1] != 0: decrement it if positive and jump to P2")                     \
  X(DecrJumpZero, "r[P1] -= 1; jump to P2 when it became 0")                                   \
  X(MustBeInt, "make r[P1] an integer or jump to P2 (error \"datatype mismatch\" when P2=0)")  \
  X(OffsetLimit, "r[P2] = LIMIT r[P1] + OFFSET r[P3] (or -1 when no limit)")                   \
  X(Compare, "compare r[P1..P1+P3) with r[P2..P2+P3) by KeyInfo P4, for Jump")                 \
  X(Jump, "jump to P1, P2 or P3 as the last Compare was <, = or >")                            \
  X(Noop, "do nothing")                                                                        \
  /* Values and registers */                                                                   \
  X(Integer, "r[P2] = P1")                                                                     \
  X(Int64, "r[P2] = P4 (a 64-bit integer)")                                                    \
  X(Real, "r[P2] = P4 (a real)")                                                               \
  X(String8, "r[P2] = P4 (text)")                                                              \
  X(Blob, "r[P2] = P4 (a blob)")                                                               \
  X(Null, "r[P2..P3] = NULL (r[P2] alone when P3 < P2)")                                       \
  X(Variable, "r[P2] = parameter P1")                                                          \
  X(Copy, "r[P2..P2+P3] = deep copies of r[P1..P1+P3]")                                        \
  X(SCopy, "r[P2] = r[P1], sharing its text or blob bytes")                                    \
  X(IntCopy, "r[P2] = r[P1], an integer")                                                      \
  X(MemMax, "r[P1] = max(r[P1], r[P2]) as integers (AUTOINCREMENT's high-water mark)")         \
  X(Move, "move r[P1..P1+P3) to r[P2..P2+P3), leaving NULLs")                                  \
  X(Affinity, "apply the affinities of string P4 to r[P1..P1+P2)")                             \
  X(Cast, "r[P1] = CAST(r[P1] AS affinity P2)")                                                \
  X(RealAffinity, "make an integer r[P1] a real")                                              \
  X(ZeroOrNull, "r[P2] = NULL when r[P1] or r[P3] is NULL, else 0")                            \
  X(IsTrue, "r[P2] = r[P1] IS TRUE (P4 = 0) ... with P3 for NULL and P4 xor'ed")               \
  X(Not, "r[P2] = NOT r[P1]")                                                                  \
  X(BitNot, "r[P2] = ~r[P1]")                                                                  \
  X(And, "r[P3] = r[P1] AND r[P2]")                                                            \
  X(Or, "r[P3] = r[P1] OR r[P2]")                                                              \
  X(Add, "r[P3] = r[P2] + r[P1]")                                                              \
  X(Subtract, "r[P3] = r[P2] - r[P1]")                                                         \
  X(Multiply, "r[P3] = r[P2] * r[P1]")                                                         \
  X(Divide, "r[P3] = r[P2] / r[P1]")                                                           \
  X(Remainder, "r[P3] = r[P2] % r[P1]")                                                        \
  X(Concat, "r[P3] = r[P2] || r[P1]")                                                          \
  X(BitAnd, "r[P3] = r[P1] & r[P2]")                                                           \
  X(BitOr, "r[P3] = r[P1] | r[P2]")                                                            \
  X(ShiftLeft, "r[P3] = r[P2] << r[P1]")                                                       \
  X(ShiftRight, "r[P3] = r[P2] >> r[P1]")                                                      \
  X(Eq, "jump to P2 when r[P3] == r[P1] (affinity and NULL rules in P5, collation P4)")        \
  X(Ne, "jump to P2 when r[P3] != r[P1]")                                                      \
  X(Lt, "jump to P2 when r[P3] < r[P1]")                                                       \
  X(Le, "jump to P2 when r[P3] <= r[P1]")                                                      \
  X(Gt, "jump to P2 when r[P3] > r[P1]")                                                       \
  X(Ge, "jump to P2 when r[P3] >= r[P1]")                                                      \
  X(CollSeq, "the next Function or AggStep compares with collation P4")                        \
  X(Function, "r[P3] = function P4 of r[P2..P2+P5)")                                           \
  X(AggStep, "step aggregate P4 with r[P2..P2+P5) into accumulator r[P3]")                     \
  X(AggFinal, "r[P1] = the result of aggregate P4 in accumulator r[P1]")                       \
  X(ResultRow, "output r[P1..P1+P2) as a row")                                                 \
  X(WindowAppend, "append record r[P2] to the partition of window P1 (P4) (simlite)")          \
  X(WindowNext,                                                                                \
    "move window P1 to its partition's next row and compute its functions; past "              \
    "the end clear the partition and jump to P2 (simlite)")                                    \
  X(WindowColumn, "r[P3] = field P2 of window P1's current row (simlite)")                     \
  /* Cursors */                                                                                \
  X(OpenRead, "open cursor P1 to read the b-tree at root P2 (P4: KeyInfo or column count)")    \
  X(OpenWrite, "open cursor P1 to write the b-tree at root P2")                                \
  X(OpenEphemeral, "open cursor P1 on a new transient table (index when P4 is a KeyInfo)")     \
  X(OpenPseudo, "open cursor P1 on the single record in r[P2] (P3 columns)")                   \
  X(SorterOpen, "open cursor P1 on a new sorter ordered by KeyInfo P4")                        \
  X(SorterLimit, "keep only the r[P2] smallest records of sorter P1 (when r[P2] > 0)")         \
  X(OpenDup, "open cursor P1 on the same transient table as cursor P2")                        \
  X(Close, "close cursor P1")                                                                  \
  X(NullRow, "put cursor P1 on a row whose every column is NULL")                              \
  X(Rewind, "move cursor P1 to its first entry, or jump to P2 when it has none")               \
  X(Last, "move cursor P1 to its last entry, or jump to P2 when it has none")                  \
  X(Next, "advance cursor P1 and jump to P2 unless it passed the end")                         \
  X(Prev, "move cursor P1 back and jump to P2 unless it passed the start")                     \
  X(SorterSort, "sort sorter P1 and move to its first entry, or jump to P2 when empty")        \
  X(SorterNext, "advance sorter P1 and jump to P2 unless it passed the end")                   \
  X(SorterInsert, "insert the record r[P2] into sorter P1")                                    \
  X(SorterData, "r[P2] = the current record of sorter P1")                                     \
  X(ResetSorter, "delete every entry of transient table or sorter P1")                         \
  X(Column, "r[P3] = column P2 of cursor P1's row (P4: the default when the row is short)")    \
  X(Rowid, "r[P2] = the rowid of cursor P1's row")                                             \
  X(RowData, "r[P2] = the whole record of cursor P1's row")                                    \
  X(SeekRowid, "move cursor P1 to rowid r[P3], or jump to P2 when absent (or not integer)")    \
  X(NotExists, "move cursor P1 to rowid r[P3], or jump to P2 when absent")                     \
  X(SeekGE, "move cursor P1 to the first entry >= key r[P3..P3+P4), else jump to P2")          \
  X(SeekGT, "move cursor P1 to the first entry > key r[P3..P3+P4), else jump to P2")           \
  X(SeekLE, "move cursor P1 to the last entry <= key r[P3..P3+P4), else jump to P2")           \
  X(SeekLT, "move cursor P1 to the last entry < key r[P3..P3+P4), else jump to P2")            \
  X(IdxGE, "jump to P2 when index entry P1 >= key r[P3..P3+P4) (rowid ignored)")               \
  X(IdxGT, "jump to P2 when index entry P1 > key r[P3..P3+P4)")                                \
  X(IdxLE, "jump to P2 when index entry P1 <= key r[P3..P3+P4)")                               \
  X(IdxLT, "jump to P2 when index entry P1 < key r[P3..P3+P4)")                                \
  X(IdxRowid, "r[P2] = the rowid at the end of index entry P1")                                \
  X(DeferredSeek, "move table cursor P3 to the rowid of index cursor P1's entry")              \
  X(Found, "jump to P2 when index P1 has an entry with prefix r[P3] (P4 registers if > 0)")    \
  X(NotFound, "jump to P2 when index P1 has no entry with prefix r[P3] (P4 registers if > 0)") \
  X(NoConflict, "jump to P2 when key r[P3..] has a NULL or matches no entry of index P1")      \
  X(IfNoHope, "hint: as NotFound")                                                             \
  X(Sequence, "r[P2] = the next sequence number of cursor P1")                                 \
  X(Count, "r[P2] = the number of entries in cursor P1's b-tree")                              \
  X(MakeRecord, "r[P3] = the record of r[P1..P1+P2) (affinities P4 applied first)")            \
  X(NewRowid, "r[P2] = a rowid not yet used in cursor P1's table")                             \
  X(Insert, "insert record r[P2] with rowid r[P3] into table cursor P1 (flags P5, table P4)")  \
  X(Delete, "delete cursor P1's current entry (flags P2, P5; table P4)")                       \
  X(IdxInsert, "insert key r[P2] into index cursor P1")                                        \
  X(IdxDelete, "delete key r[P2..P2+P3) from index cursor P1")                                 \
  /* Transactions and schema */                                                                \
  X(Transaction, "begin a read (P2=0) or write (P2=1) transaction; P5: check cookie P3")       \
  X(AutoCommit, "set autocommit to P1 (BEGIN, COMMIT); P2: roll back")                         \
  X(Savepoint, "P1: 0 open, 1 release, 2 roll back to the savepoint named P4")                 \
  X(ReadCookie, "r[P2] = header cookie P3")                                                    \
  X(SetCookie, "header cookie P2 = P3")                                                        \
  X(CreateBtree, "create a table (P3=1) or index (P3=2) b-tree; r[P2] = its root page")        \
  X(Destroy, "free every page of the b-tree at root P1")                                       \
  X(Clear, "delete every entry of the b-tree at root P1 (P3: count them as changes)")          \
  X(ParseSchema, "reload the schema after this statement")                                     \
  X(IntegrityCk, "r[P1] = the integrity check's findings, one per line, at most P2 (\"ok\")")  \
  X(Checkpoint, "checkpoint the WAL in mode P2; r[P3..P3+2] = busy, log, checkpointed")        \
  X(PragmaSetting, "r[P2] = connection setting P4, first set to r[P1] when P1 > 0 (simlite)")  \
  X(PragmaRows,                                                                                \
    "fill transient table P1 with schema pragma P4's rows for argument r[P2], each "           \
    "followed by r[P2..P2+P3) (the hidden arg and schema columns) (simlite)")                  \
  X(MaxPgcnt, "r[P2] = the maximum page count")                                                \
  X(Pagecount, "r[P2] = the number of pages in the database")

enum class Opcode : uint8_t {
#define SIMLITE_OPCODE_ENUM(name, description) k##name,
  SIMLITE_OPCODES(SIMLITE_OPCODE_ENUM)
#undef SIMLITE_OPCODE_ENUM
};

#define SIMLITE_OPCODE_COUNT(name, description) +1
constexpr int kOpcodeCount = 0 SIMLITE_OPCODES(SIMLITE_OPCODE_COUNT);
#undef SIMLITE_OPCODE_COUNT

// SQLite's name of the opcode ("OpenRead"), as EXPLAIN prints it.
std::string_view OpcodeName(Opcode opcode);
// The one-line description of the opcode.
std::string_view OpcodeDescription(Opcode opcode);

// Savepoint's P1.
enum class SavepointOp : uint8_t { kOpen = 0, kRelease = 1, kRollbackTo = 2 };

}  // namespace simlite::vdbe
