// Triggers against real SQLite: BEFORE / AFTER on INSERT, UPDATE (OF) and DELETE, NEW and OLD,
// WHEN, RAISE, triggers firing triggers, no self-recursion, the schema rows, and changes().
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/dual_db.h"

namespace simlite::engine {
namespace {

using testing::DualDb;
using Script = testing::SqlScript;

class TriggerTest : public ::testing::TestWithParam<Script> {};

TEST_P(TriggerTest, MatchesSqlite) {
  DualDb db;
  db.Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, a, b TEXT); CREATE TABLE log(what, x, y)");
  for (const char* statement : GetParam().statements) {
    EXPECT_TRUE(db.Same(statement)) << GetParam().name;
    EXPECT_TRUE(db.Same("SELECT rowid, * FROM log")) << "after " << statement;
    EXPECT_TRUE(db.Same("SELECT * FROM t")) << "after " << statement;
  }
  EXPECT_TRUE(db.Same("SELECT type, name, tbl_name, sql FROM sqlite_schema", true));
}

const Script kScripts[] = {
    // simlite-sim seed 56: the firing statement's OR clause overrides a body statement's
    // (REPLACE INTO t makes the trigger's INSERT OR IGNORE replace; a DELETE passes none on).
    {"outer_conflict_wins",
     {"CREATE TABLE u(k UNIQUE, v NOT NULL DEFAULT 'dflt')",
      "INSERT INTO u VALUES (1, 'one'), (2, 'two')",
      "CREATE TRIGGER ti BEFORE INSERT ON t BEGIN INSERT OR IGNORE INTO u VALUES (NEW.a, NULL); "
      "INSERT OR IGNORE INTO log VALUES ('ins', NEW.a, (SELECT group_concat(v) FROM u)); END",
      "CREATE TRIGGER tu AFTER UPDATE ON t BEGIN UPDATE OR IGNORE u SET k = NEW.a WHERE k = OLD.a; "
      "END",
      "CREATE TRIGGER td AFTER DELETE ON t BEGIN INSERT OR IGNORE INTO u VALUES (OLD.a, NULL); END",
      "INSERT INTO t(a) VALUES (1)", "REPLACE INTO t(a) VALUES (2)",
      "INSERT OR REPLACE INTO t(a) VALUES (3)", "INSERT OR ABORT INTO t(a) VALUES (1)",
      "UPDATE OR REPLACE t SET a = 1 WHERE a = 3", "UPDATE t SET a = 2 WHERE a = 1",
      "DELETE FROM t WHERE a = 2", "SELECT * FROM u"}},
    // simlite-sim seed 65: NEW.x and OLD.x have no affinity in SQLite (a TEXT column's '5' is
    // not equal to 5 there), while the table's own columns do (excluded.x has none either).
    {"new_old_affinity",
     {"CREATE TRIGGER tw BEFORE UPDATE ON t BEGIN SELECT RAISE(IGNORE) WHERE NEW.b = 5; END",
      "CREATE TRIGGER ta AFTER INSERT ON t BEGIN INSERT INTO log VALUES (NEW.b = 5, NEW.b < 10, "
      "NEW.id = '1'), (NEW.b IN (5, 6), NEW.b BETWEEN 4 AND 6, (SELECT count(*) FROM t WHERE "
      "b = NEW.b)); END",
      "CREATE TRIGGER td AFTER DELETE ON t WHEN OLD.b = 5 BEGIN INSERT INTO log VALUES "
      "('del', OLD.b > 40, OLD.a); END",
      "INSERT INTO t VALUES (1, 5, 5), (2, '5', 50)", "UPDATE t SET b = a",
      "DELETE FROM t WHERE b = 5"}},
    // simlite-sim seed 454: an upsert's DO UPDATE fires the table's BEFORE / AFTER UPDATE
    // [OF c] triggers as an UPDATE does (a BEFORE trigger's RAISE(IGNORE) skips the row and
    // its change), with the trigger bodies' OR clauses overridden by ABORT, as SQLite's
    // upsert runs its UPDATE with OE_Abort.
    {"upsert_fires_update_triggers",
     {"CREATE UNIQUE INDEX ta ON t(a)", "CREATE TABLE u(k UNIQUE)", "INSERT INTO u VALUES (5)",
      "INSERT INTO t VALUES (1, 1, 'a'), (2, 2, 'b')",
      "CREATE TRIGGER tb BEFORE UPDATE ON t WHEN OLD.a = 2 BEGIN INSERT INTO log VALUES ('b', "
      "OLD.b, NEW.b); SELECT RAISE(IGNORE); END",
      "CREATE TRIGGER tu AFTER UPDATE ON t BEGIN INSERT INTO log VALUES ('a', OLD.b, NEW.b); "
      "END",
      "CREATE TRIGGER tc AFTER UPDATE OF id ON t BEGIN INSERT INTO log VALUES ('id', OLD.id, "
      "NEW.id); END",
      "INSERT INTO t(a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z') ON CONFLICT (a) DO UPDATE SET "
      "b = excluded.b",
      "SELECT changes()",
      "INSERT INTO t(a, b) VALUES (1, 'w') ON CONFLICT DO UPDATE SET id = 10 RETURNING *",
      "SELECT changes()",
      "CREATE TRIGGER tv BEFORE UPDATE ON t WHEN NEW.b = 'v' BEGIN INSERT OR IGNORE INTO u "
      "VALUES (5); END",
      "INSERT INTO t(a, b) VALUES (1, 'v') ON CONFLICT (a) DO UPDATE SET b = excluded.b",
      "INSERT OR IGNORE INTO t(a, b) VALUES (1, 'v') ON CONFLICT (a) DO UPDATE SET b = 'v'",
      "INSERT INTO t(a, b) VALUES (1, 'q') ON CONFLICT (a) DO UPDATE SET b = excluded.b "
      "WHERE excluded.b = 'q'"}},
    // total_changes() counts a trigger's changes when its program ends (SQLite's OP_Halt of
    // a trigger sub-program, RAISE(IGNORE) included), even where the firing statement fails
    // later and rolls them back; a firing that fails itself counts nothing. INSERT OR FAIL
    // keeps its rows and their triggers' counts.
    {"total_changes_after_failure",
     {"CREATE UNIQUE INDEX ta ON t(a)", "CREATE TABLE u(k)",
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('i', NEW.a, NULL); "
      "INSERT INTO u VALUES (NEW.a); END",
      "CREATE TRIGGER tb BEFORE INSERT ON t WHEN NEW.a = 3 BEGIN INSERT INTO u VALUES (3); "
      "SELECT RAISE(ABORT, 'no'); END",
      "CREATE TRIGGER tn AFTER INSERT ON u WHEN NEW.k = 8 BEGIN INSERT INTO log VALUES ('u', "
      "NEW.k, NULL); SELECT RAISE(IGNORE); END",
      "INSERT INTO t(a) VALUES (1), (2), (3)", "SELECT total_changes(), changes()",
      "INSERT INTO t(a) VALUES (4), (1)", "SELECT total_changes(), changes()",
      "INSERT OR FAIL INTO t(a) VALUES (5), (6), (5)", "SELECT total_changes(), changes()",
      "INSERT INTO t(a) VALUES (8), (5)", "SELECT total_changes(), changes()",
      "CREATE TRIGGER td AFTER DELETE ON t BEGIN INSERT INTO log VALUES ('d', OLD.a, NULL); "
      "END",
      "CREATE TRIGGER te BEFORE DELETE ON t WHEN OLD.a = 6 BEGIN SELECT RAISE(ROLLBACK, "
      "'stop'); END",
      "BEGIN", "DELETE FROM t", "SELECT total_changes(), changes()",
      "BEGIN", "INSERT INTO t(a) VALUES (9), (10)", "UPDATE t SET a = 9 WHERE a = 10",
      "SELECT total_changes(), changes()", "COMMIT", "SELECT total_changes(), changes()",
      "CREATE TABLE w(k UNIQUE)", "INSERT INTO w VALUES (20)",
      "CREATE TRIGGER tw BEFORE INSERT ON t WHEN NEW.a >= 20 BEGIN INSERT INTO w VALUES (10), "
      "(11), (NEW.a); END",
      "INSERT INTO t(a) VALUES (20)", "SELECT total_changes(), changes()",
      "INSERT INTO t(a) VALUES (21), (20)", "SELECT total_changes(), changes()"}},
    // simlite-sim seed 47528 (faults): a subquery in a trigger body is evaluated afresh at
    // each firing (SQLite runs the body as a sub-program with its own OP_Once flags), not
    // once per firing statement: `x NOT IN (SELECT ...)` over a table the statement empties.
    {"subqueries_each_firing",
     {"CREATE TABLE u(k)", "INSERT INTO t(a) VALUES (NULL), (1), (NULL)",
      "INSERT INTO u VALUES (5), (6)",
      "CREATE TRIGGER td AFTER DELETE ON u BEGIN INSERT INTO log VALUES ((SELECT count(*) FROM "
      "u), (SELECT group_concat(k) FROM u), OLD.k IN (SELECT k FROM u)); DELETE FROM t WHERE "
      "a NOT IN (SELECT k FROM u); END",
      "DELETE FROM u", "INSERT INTO u VALUES (7), (8), (9)",
      "CREATE TRIGGER tw BEFORE UPDATE ON u WHEN NEW.k > (SELECT max(k) FROM u) BEGIN INSERT "
      "INTO log VALUES ('w', NEW.k, (SELECT sum(k) FROM u)); END",
      "UPDATE u SET k = k + 2"}},
    {"insert",
     {"CREATE TRIGGER ti AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('ins', new.id, new.a); END",
      "CREATE TRIGGER tb BEFORE INSERT ON t BEGIN INSERT INTO log VALUES ('before', new.id, "
      "new.b); END",
      "INSERT INTO t VALUES (1, 10, 'x')", "INSERT INTO t(a, b) VALUES (20, 'y'), (30, 'z')",
      "INSERT INTO t SELECT id + 10, a, b FROM t"}},
    {"update_delete",
     {"INSERT INTO t VALUES (1, 10, 'x'), (2, 20, 'y')",
      "CREATE TRIGGER tu AFTER UPDATE ON t BEGIN INSERT INTO log VALUES ('upd', old.a, new.a); END",
      "CREATE TRIGGER tuo BEFORE UPDATE OF b ON t BEGIN INSERT INTO log VALUES ('b', old.b, "
      "new.b); END",
      "CREATE TRIGGER td BEFORE DELETE ON t WHEN old.a > 10 BEGIN INSERT INTO log VALUES ('del', "
      "old.id, old.rowid); END",
      "UPDATE t SET a = a + 1", "UPDATE t SET b = b || '!' WHERE id = 2", "DELETE FROM t WHERE id = 1",
      "DELETE FROM t", "DROP TRIGGER tu", "INSERT INTO t VALUES (5, 5, 'q')",
      "UPDATE t SET a = 0"}},
    {"raise",
     {"CREATE TRIGGER r BEFORE INSERT ON t WHEN new.a < 0 BEGIN SELECT RAISE(ABORT, 'negative'); END",
      "CREATE TRIGGER ig BEFORE INSERT ON t WHEN new.a = 0 BEGIN SELECT RAISE(IGNORE); END",
      "INSERT INTO t VALUES (1, 1, 'ok')", "INSERT INTO t VALUES (2, -1, 'no')",
      "INSERT INTO t VALUES (3, 0, 'skip'), (4, 4, 'kept')", "SELECT RAISE(ABORT, 'x')"}},
    {"chain",
     {"CREATE TABLE u(v)",
      "CREATE TRIGGER t_to_u AFTER INSERT ON t BEGIN INSERT INTO u VALUES (new.a); END",
      "CREATE TRIGGER u_to_log AFTER INSERT ON u BEGIN INSERT INTO log VALUES ('u', new.v, NULL); "
      "INSERT INTO t(a, b) VALUES (new.v * 100, 'from u'); END",
      "INSERT INTO t(a, b) VALUES (7, 'start')", "SELECT * FROM u"}},
    {"errors",
     {"CREATE TRIGGER x AFTER INSERT ON nosuch BEGIN SELECT 1; END",
      "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END",
      "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END",
      "CREATE TRIGGER IF NOT EXISTS x AFTER INSERT ON t BEGIN SELECT 1; END", "DROP TRIGGER nosuch",
      "DROP TRIGGER IF EXISTS nosuch", "DROP TRIGGER x", "CREATE VIEW v AS SELECT 1",
      "CREATE TRIGGER y BEFORE INSERT ON v BEGIN SELECT 1; END",
      "CREATE TRIGGER z INSTEAD OF INSERT ON t BEGIN SELECT 1; END",
      "CREATE TRIGGER t AFTER DELETE ON t BEGIN DELETE FROM log; END", "DROP TABLE t",
      "SELECT name FROM sqlite_schema"}},
    // simlite-sim seed 8372 (its reproduction) and 3631: a trigger's unqualified names mean
    // tables of the trigger's own database, and a missing one is named with it ("no such
    // table: main.t2"); a TEMP trigger's are looked up as a statement's.
    {"missing_table_names_its_database",
     {"CREATE TRIGGER tr0 AFTER DELETE ON t WHEN OLD.a > '1e3' BEGIN UPDATE t2 SET c2 = OLD.a; "
      "END",
      "INSERT INTO t VALUES (1, 'x', 'y')", "DELETE FROM t WHERE a NOT NULL", "DROP TRIGGER tr0",
      "CREATE TRIGGER tr1 AFTER INSERT ON t BEGIN INSERT INTO log SELECT * FROM t3; END",
      "INSERT INTO t VALUES (2, 2, 'y')", "DROP TRIGGER tr1",
      "CREATE TRIGGER tr2 AFTER INSERT ON t BEGIN DELETE FROM t4 WHERE 0; END",
      "INSERT INTO t VALUES (3, 3, 'y')", "DROP TRIGGER tr2",
      "CREATE TEMP TABLE log(what, x, y)",
      "CREATE TRIGGER tr3 AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('main', NEW.a, "
      "(SELECT count(*) FROM log)); END",
      "INSERT INTO t VALUES (4, 4, 'z')", "SELECT * FROM main.log", "DROP TRIGGER tr3",
      "CREATE TEMP TRIGGER tr4 AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('temp', NEW.a, "
      "NULL); DELETE FROM nosuch; END",
      "INSERT INTO t VALUES (5, 5, 'w')", "DROP TRIGGER tr4",
      "CREATE TEMP TRIGGER tr5 AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('temp', NEW.a, "
      "NULL); END",
      "INSERT INTO t VALUES (6, 6, 'v')", "SELECT * FROM main.log"}},
};

INSTANTIATE_TEST_SUITE_P(Scripts, TriggerTest, ::testing::ValuesIn(kScripts), testing::ScriptName);

}  // namespace
}  // namespace simlite::engine
