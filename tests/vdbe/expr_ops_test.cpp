// SQL operators against real SQLite: arithmetic, bitwise, ||, logic on bound parameters (no
// affinity), and comparisons between columns of every affinity, bound parameters and COLLATE.
#include "vdbe/expr_ops.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/sqlite_oracle.h"

namespace simlite::vdbe {
namespace {

using testing::Agree;
using testing::Describe;
using testing::Outcome;
using testing::SameValue;
using testing::SqliteOracle;
using testing::ValueGenerator;

constexpr int kCases = 5000;

// A value biased toward numbers, so that arithmetic mostly sees operands that convert.
Mem NextOperand(ValueGenerator* gen) {
  switch (gen->Uniform(0, 4)) {
    case 0:
    case 1:
      return gen->NextInteger();
    case 2:
      return gen->NextReal();
    default:
      return gen->Next();
  }
}

TEST(ExprOpsTest, ArithmeticMatchesSqlite) {
  struct Case {
    const char* sql;
    ArithOp op;
  };
  const Case kOps[] = {{"SELECT ?1 + ?2", ArithOp::kAdd},
                       {"SELECT ?1 - ?2", ArithOp::kSubtract},
                       {"SELECT ?1 * ?2", ArithOp::kMultiply},
                       {"SELECT ?1 / ?2", ArithOp::kDivide},
                       {"SELECT ?1 % ?2", ArithOp::kRemainder}};
  SqliteOracle oracle;
  ValueGenerator gen(11);
  for (int case_idx = 0; case_idx < kCases; case_idx++) {
    Mem args[] = {NextOperand(&gen), NextOperand(&gen)};
    if (gen.OneIn(8)) args[1] = Mem::Int(gen.Uniform(-2, 2));
    for (const Case& c : kOps) {
      Outcome expected = oracle.Eval(c.sql, args);
      ASSERT_TRUE(expected.ok) << expected.error;
      Mem actual;
      Arithmetic(c.op, args[0], args[1], &actual);
      EXPECT_TRUE(Agree(c.sql, args, actual, expected.value));
    }
  }
}

TEST(ExprOpsTest, UnaryAndBitwiseMatchSqlite) {
  struct Case {
    const char* sql;
    BitOp op;
  };
  const Case kOps[] = {{"SELECT ?1 & ?2", BitOp::kAnd},
                       {"SELECT ?1 | ?2", BitOp::kOr},
                       {"SELECT ?1 << ?2", BitOp::kShiftLeft},
                       {"SELECT ?1 >> ?2", BitOp::kShiftRight}};
  SqliteOracle oracle;
  ValueGenerator gen(12);
  for (int case_idx = 0; case_idx < kCases; case_idx++) {
    Mem args[] = {NextOperand(&gen),
                  gen.OneIn(2) ? Mem::Int(gen.Uniform(-70, 70)) : NextOperand(&gen)};
    for (const Case& c : kOps) {
      Outcome expected = oracle.Eval(c.sql, args);
      Mem actual;
      Bitwise(c.op, args[0], args[1], &actual);
      EXPECT_TRUE(Agree(c.sql, args, actual, expected.value));
    }
    std::vector<Mem> row;
    std::string error;
    ASSERT_TRUE(oracle.EvalRow("SELECT -?1, ~?1, NOT ?1, ?1 AND ?2, ?1 OR ?2, ?1 || ?2", args, &row,
                               &error));
    Mem actual[6];
    Negate(args[0], &actual[0]);
    BitNot(args[0], &actual[1]);
    LogicalNot(args[0], &actual[2]);
    LogicalAnd(args[0], args[1], &actual[3]);
    LogicalOr(args[0], args[1], &actual[4]);
    ASSERT_EQ(Concat(args[0], args[1], &actual[5]), Rc::kOk);
    for (int column_idx = 0; column_idx < 6; column_idx++) {
      EXPECT_TRUE(
          Agree("column " + std::to_string(column_idx), args, actual[column_idx], row[column_idx]));
    }
  }
}

// Operands of comparisons: a bound parameter (no affinity) or a column of each affinity.
struct Operand {
  const char* column;  // column name in tables l and r, or nullptr for the parameter
  Affinity affinity;
};
constexpr Operand kOperands[] = {{nullptr, Affinity::kNone}, {"i", Affinity::kInteger},
                                 {"t", Affinity::kText},     {"n", Affinity::kNumeric},
                                 {"r", Affinity::kReal},     {"b", Affinity::kBlob}};
struct ComparisonOp {
  const char* sql;
  CompareOp op;
};
constexpr ComparisonOp kComparisons[] = {{"=", CompareOp::kEq},  {"<>", CompareOp::kNe},
                                         {"<", CompareOp::kLt},  {"<=", CompareOp::kLe},
                                         {">", CompareOp::kGt},  {">=", CompareOp::kGe},
                                         {"IS", CompareOp::kIs}, {"IS NOT", CompareOp::kIsNot}};

std::string OperandSql(const Operand& operand, const char* table, int param_idx) {
  if (operand.column == nullptr) return "?" + std::to_string(param_idx);
  return std::string(table) + "." + operand.column;
}

// One SELECT computing every (left operand, right operand, operator, collation) combination.
std::string ComparisonQuery() {
  std::string sql = "SELECT ";
  bool first = true;
  for (const Operand& left : kOperands) {
    for (const Operand& right : kOperands) {
      for (const ComparisonOp& comparison : kComparisons) {
        for (const char* collate : {"", " COLLATE NOCASE", " COLLATE RTRIM"}) {
          if (!first) sql += ", ";
          first = false;
          sql += OperandSql(left, "l", 1) + collate + " " + comparison.sql + " " +
                 OperandSql(right, "r", 2);
        }
      }
    }
  }
  return sql + " FROM l, r";
}

TEST(ExprOpsTest, ComparisonsWithAffinityMatchSqlite) {
  SqliteOracle oracle;
  oracle.Exec("CREATE TABLE l(i INTEGER, t TEXT, n NUMERIC, r REAL, b BLOB)");
  oracle.Exec("CREATE TABLE r(i INTEGER, t TEXT, n NUMERIC, r REAL, b BLOB)");
  const std::string query = ComparisonQuery();
  ValueGenerator gen(13);
  for (int case_idx = 0; case_idx < 1500; case_idx++) {
    Mem values[] = {gen.Next(), gen.Next()};
    if (gen.OneIn(3)) values[1] = values[0];
    if (gen.OneIn(4)) values[1] = Mem::Text(gen.NumericText());
    oracle.Exec("DELETE FROM l; DELETE FROM r");
    std::vector<Mem> row;
    std::string error;
    Mem left_arg[] = {values[0]};
    Mem right_arg[] = {values[1]};
    ASSERT_TRUE(oracle.EvalRow("INSERT INTO l VALUES(?1, ?1, ?1, ?1, ?1)", left_arg, &row, &error));
    ASSERT_TRUE(
        oracle.EvalRow("INSERT INTO r VALUES(?1, ?1, ?1, ?1, ?1)", right_arg, &row, &error));
    ASSERT_TRUE(oracle.EvalRow(query, values, &row, &error)) << error;
    size_t column_idx = 0;
    for (const Operand& left : kOperands) {
      Mem a = values[0];
      ApplyAffinity(&a, left.affinity);
      for (const Operand& right : kOperands) {
        Mem b = values[1];
        ApplyAffinity(&b, right.affinity);
        Affinity affinity = ComparisonAffinity(left.affinity, right.affinity);
        for (const ComparisonOp& comparison : kComparisons) {
          for (Collation collation : {Collation::kBinary, Collation::kNoCase, Collation::kRtrim}) {
            Mem actual;
            Compare(comparison.op, a, b, affinity, collation, &actual);
            if (!a.IsNull() && !b.IsNull()) {
              EXPECT_EQ(CompareExpressions(a, left.affinity, b, right.affinity, collation),
                        CompareWithAffinity(a, b, affinity, collation));
            }
            const Mem& expected = row[column_idx++];
            EXPECT_TRUE(SameValue(actual, expected))
                << OperandSql(left, "l", 1) << " " << comparison.sql << " "
                << OperandSql(right, "r", 2) << " collation " << static_cast<int>(collation)
                << " with " << Describe(a) << ", " << Describe(b) << ": simlite "
                << Describe(actual) << ", sqlite " << Describe(expected);
          }
        }
      }
    }
  }
}

TEST(ExprOpsTest, ConcatTooBig) {
  // Only the sizes are looked at before the check, so the bytes need not exist.
  static const uint8_t kByte = 0;
  Mem big;
  big.SetBlobRef(&kByte, 600000000);
  Mem out;
  EXPECT_EQ(Concat(big, big, &out), Rc::kTooBig);
}

}  // namespace
}  // namespace simlite::vdbe
