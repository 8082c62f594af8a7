// Valid statements of every form the parser handles, each accepted by SQLite 3.40.1 when
// prepared against kCorpusSchema (statement_corpus_test.cpp checks that). The statement and
// error tests derive their inputs from this list.
#pragma once

#include <string_view>

namespace simlite::parser::testing {

inline constexpr std::string_view kCorpusSchema =
    "CREATE TABLE t1(a INTEGER, b TEXT, c REAL);"
    "CREATE TABLE t2(a, b, c);"
    "CREATE TABLE t3(x INTEGER PRIMARY KEY, y TEXT UNIQUE, z);"
    "CREATE INDEX i1 ON t1(a);"
    "CREATE VIEW v1 AS SELECT a, b FROM t1;"
    "CREATE TRIGGER tr1 AFTER INSERT ON t1 BEGIN SELECT 1; END;"
    "ATTACH ':memory:' AS aux;"
    "CREATE TABLE aux.t4(p, q);";

inline constexpr std::string_view kCorpus[] = {
    // SELECT: result columns, DISTINCT/ALL, aliases.
    "SELECT 1",
    "SELECT * FROM t1",
    "SELECT t1.* FROM t1",
    "SELECT DISTINCT a, b AS bee, c cee FROM t1",
    "SELECT ALL a FROM t1 AS x WHERE x.a > 1",
    "SELECT main.t1.a FROM main.t1",
    "SELECT a 'quoted alias', b AS \"dq\" FROM t1",
    "SELECT [a], `b`, \"c\" FROM t1",
    // Joins.
    "SELECT * FROM t1 INNER JOIN t2 ON t1.a = t2.a",
    "SELECT * FROM t1 LEFT OUTER JOIN t2 USING (a, b)",
    "SELECT * FROM t1 LEFT JOIN t2 ON t1.a = t2.a RIGHT JOIN t3 ON t3.x = t1.a",
    "SELECT * FROM t1 FULL OUTER JOIN t2 ON 1",
    "SELECT * FROM t1 CROSS JOIN t2",
    "SELECT * FROM t1 NATURAL JOIN t2",
    "SELECT * FROM t1 NATURAL LEFT OUTER JOIN t2",
    "SELECT * FROM t1, t2, t3 WHERE t1.a = t2.a",
    "SELECT * FROM (SELECT a FROM t1) AS s, (t2 JOIN t3 ON t2.a = t3.x) AS j",
    "SELECT * FROM t1 INDEXED BY i1 WHERE a = 1",
    "SELECT * FROM t1 NOT INDEXED",
    "SELECT * FROM t1 AS x INDEXED BY i1",
    "SELECT * FROM json_each('[1,2]') AS j",
    "SELECT value FROM generate_series(1, 10) WHERE value > 2",
    "SELECT * FROM aux.t4",
    "SELECT * FROM temp.sqlite_master",
    // WHERE, GROUP BY, HAVING, WINDOW, ORDER BY, LIMIT.
    "SELECT a, count(*) FROM t1 WHERE b LIKE 'x%' GROUP BY a HAVING count(*) > 1",
    "SELECT a FROM t1 ORDER BY a DESC NULLS LAST, b COLLATE NOCASE ASC NULLS FIRST",
    "SELECT a FROM t1 ORDER BY 1 LIMIT 10 OFFSET 5",
    "SELECT a FROM t1 LIMIT 5, 10",
    "SELECT a, row_number() OVER (PARTITION BY b ORDER BY c) FROM t1",
    "SELECT sum(a) OVER w FROM t1 WINDOW w AS (ORDER BY b ROWS BETWEEN 1 PRECEDING AND 1 "
    "FOLLOWING)",
    "SELECT sum(a) OVER (w RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE TIES) "
    "FROM t1 WINDOW w AS (PARTITION BY b ORDER BY a)",
    "SELECT count(*) FILTER (WHERE a > 1) OVER (GROUPS 2 PRECEDING EXCLUDE NO OTHERS) FROM t1",
    "SELECT max(a) FILTER (WHERE b IS NOT NULL) FROM t1",
    "SELECT count(DISTINCT a), group_concat(b, ',') FROM t1",
    // Compounds and VALUES.
    "SELECT a FROM t1 UNION SELECT a FROM t2",
    "SELECT a FROM t1 UNION ALL SELECT a FROM t2 ORDER BY 1 LIMIT 3",
    "SELECT a FROM t1 INTERSECT SELECT a FROM t2 EXCEPT SELECT x FROM t3",
    "VALUES (1, 2), (3, 4)",
    "SELECT * FROM (VALUES (1), (2)) AS v",
    "VALUES (1) UNION SELECT 2",
    // WITH.
    "WITH c AS (SELECT 1 AS n) SELECT n FROM c",
    "WITH RECURSIVE cnt(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM cnt WHERE x < 10) "
    "SELECT x FROM cnt",
    "WITH a AS MATERIALIZED (SELECT 1), b AS NOT MATERIALIZED (SELECT 2) "
    "SELECT * FROM a, b",
    "WITH c(n) AS (SELECT 1) INSERT INTO t2 SELECT n, n, n FROM c",
    "WITH c(n) AS (SELECT 1) UPDATE t2 SET a = (SELECT n FROM c)",
    "WITH c(n) AS (SELECT 1) DELETE FROM t2 WHERE a IN c",
    // Expressions.
    "SELECT 1 + 2 * 3 - 4 / 5 % 6, 'a' || 'b', -a, +a, ~a, NOT a FROM t1",
    "SELECT a & b | c << 1 >> 2 FROM t1",
    "SELECT a < b, a <= b, a > b, a >= b, a = b, a == b, a != b, a <> b FROM t1",
    "SELECT a IS b, a IS NOT b, a IS DISTINCT FROM b, a IS NOT DISTINCT FROM b FROM t1",
    "SELECT a BETWEEN 1 AND 2, a NOT BETWEEN b AND c FROM t1",
    "SELECT a IN (1, 2, 3), a NOT IN (SELECT a FROM t2), a IN t2, a IN (), b IN main.t2 FROM t1",
    "SELECT a IN json_each('[1]') FROM t1",
    "SELECT EXISTS (SELECT 1), NOT EXISTS (SELECT 2), (SELECT max(a) FROM t2)",
    "SELECT b LIKE 'a%' ESCAPE '\\', b NOT LIKE 'x', b GLOB '*', b NOT GLOB '?' FROM t1",
    "SELECT CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END FROM t1",
    "SELECT CASE WHEN a > 1 THEN 1 END FROM t1",
    "SELECT CAST(a AS TEXT), CAST(b AS VARCHAR(10)), CAST(c AS DECIMAL(5, 2)) FROM t1",
    "SELECT a COLLATE NOCASE, b COLLATE \"binary\" FROM t1",
    "SELECT a ISNULL, a NOTNULL, a NOT NULL, a IS NULL, a IS NOT NULL FROM t1",
    "SELECT (a, b) = (1, 2), (a, b) IN (SELECT a, b FROM t2) FROM t1",
    "SELECT x'ABCD', X'', 0x7f, 1e5, .5, 5., 1.5e-3, NULL, TRUE, FALSE",
    "SELECT CURRENT_TIME, CURRENT_DATE, CURRENT_TIMESTAMP",
    "SELECT ?, ?1, ?5, :name, @name, $name, $a::b(c)",
    "SELECT 'it''s', \"t1\".a FROM t1",
    "SELECT '{\"a\":1}' -> '$.a', '{\"a\":1}' ->> '$.a'",
    "SELECT count(*), count(), coalesce(a, b, 1) FROM t1",
    "SELECT abs(-1), - -1, - - 1",
    "SELECT a FROM t1 WHERE a = 1 AND b = 2 OR NOT c = 3",
    "SELECT 1 -- trailing comment",
    "SELECT /* inline */ 1",
    // INSERT and REPLACE.
    "INSERT INTO t1 VALUES (1, 'a', 1.5)",
    "INSERT INTO t1 (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')",
    "INSERT INTO t1 SELECT * FROM t2",
    "INSERT INTO t1 DEFAULT VALUES",
    "INSERT OR REPLACE INTO t1 VALUES (1, 2, 3)",
    "INSERT OR IGNORE INTO main.t1 AS x (a) VALUES (1)",
    "INSERT OR ROLLBACK INTO t1(a) VALUES (1)",
    "INSERT OR ABORT INTO t1(a) VALUES (1)",
    "INSERT OR FAIL INTO t1(a) VALUES (1)",
    "REPLACE INTO t1 (a) VALUES (1)",
    "INSERT INTO t3 (x, y) VALUES (1, 'a') ON CONFLICT (x) DO UPDATE SET y = excluded.y "
    "WHERE y IS NOT excluded.y",
    "INSERT INTO t3 VALUES (1, 'a', 2) ON CONFLICT (y) WHERE z > 0 DO NOTHING "
    "ON CONFLICT DO NOTHING",
    "INSERT INTO t3 (x) VALUES (1) ON CONFLICT DO UPDATE SET (y, z) = ('a', 'b')",
    "INSERT INTO t1 VALUES (1, 2, 3) RETURNING *",
    "INSERT INTO t1 DEFAULT VALUES RETURNING a, b AS bee",
    "INSERT INTO t3 (x) SELECT a FROM t1 WHERE true ON CONFLICT (x) DO NOTHING RETURNING x",
    // UPDATE.
    "UPDATE t1 SET a = 1",
    "UPDATE OR IGNORE t1 SET a = a + 1, b = 'x' WHERE c > 0",
    "UPDATE t1 AS x SET (a, b) = (SELECT a, b FROM t2) WHERE x.c IS NULL",
    "UPDATE t1 SET a = t2.a FROM t2 WHERE t1.b = t2.b",
    "UPDATE t1 INDEXED BY i1 SET b = 1 WHERE a = 2",
    "UPDATE t1 NOT INDEXED SET b = 1 RETURNING a",
    "UPDATE t1 SET b = 1 ORDER BY a LIMIT 2 OFFSET 1",
    "UPDATE OR REPLACE main.t1 SET b = 1",
    // DELETE.
    "DELETE FROM t1",
    "DELETE FROM t1 WHERE a = 1 RETURNING *",
    "DELETE FROM main.t1 AS x INDEXED BY i1 WHERE x.a = 1",
    "DELETE FROM t1 ORDER BY a DESC LIMIT 1",
    "DELETE FROM t1 LIMIT 1, 2",
    // CREATE TABLE.
    "CREATE TABLE n1(a, b, c)",
    "CREATE TABLE IF NOT EXISTS main.n1(a INTEGER PRIMARY KEY ASC AUTOINCREMENT)",
    "CREATE TEMP TABLE n2(a TEXT NOT NULL ON CONFLICT FAIL, b UNIQUE, c CHECK (c > 0))",
    "CREATE TEMPORARY TABLE n3(a DEFAULT 1, b DEFAULT -1.5, c DEFAULT 'x', d DEFAULT (1 + 2), "
    "e DEFAULT CURRENT_TIMESTAMP, f DEFAULT NULL, g DEFAULT +5, h DEFAULT x'00', i DEFAULT abc)",
    "CREATE TABLE n4(a COLLATE NOCASE, b VARCHAR(10), c DECIMAL(10, 2), d UNSIGNED BIG INT, "
    "e DOUBLE PRECISION NULL)",
    "CREATE TABLE n5(a REFERENCES t1(a) ON DELETE CASCADE ON UPDATE SET NULL, "
    "b REFERENCES t2 MATCH FULL DEFERRABLE INITIALLY DEFERRED)",
    "CREATE TABLE n6(a, b, PRIMARY KEY (a, b DESC), UNIQUE (b) ON CONFLICT REPLACE, "
    "CHECK (a <> b), FOREIGN KEY (a) REFERENCES t1(a) ON DELETE SET DEFAULT "
    "NOT DEFERRABLE INITIALLY IMMEDIATE)",
    "CREATE TABLE n7(a INTEGER CONSTRAINT pk PRIMARY KEY, b, CONSTRAINT u UNIQUE (b) "
    "CONSTRAINT c CHECK (b > 0))",
    "CREATE TABLE n8(a INT, b INT GENERATED ALWAYS AS (a * 2) STORED, c AS (a + 1) VIRTUAL, "
    "d AS (a))",
    "CREATE TABLE n9(a INTEGER PRIMARY KEY, b ANY) WITHOUT ROWID, STRICT",
    "CREATE TABLE n10(a TEXT PRIMARY KEY) WITHOUT ROWID",
    "CREATE TABLE n11 AS SELECT * FROM t1",
    "CREATE TABLE n12(\"quoted col\", [bracket col], `tick col`, 'single col')",
    "CREATE TABLE n13(key, action, replace, abort, window, over, filter, rows, temp)",
    "CREATE TABLE n14(a NOT NULL DEFAULT 0 REFERENCES t1 ON DELETE RESTRICT "
    "ON UPDATE NO ACTION COLLATE BINARY)",
    // CREATE INDEX, VIEW, TRIGGER, VIRTUAL TABLE.
    "CREATE INDEX n_i1 ON t1(a)",
    "CREATE UNIQUE INDEX IF NOT EXISTS main.n_i2 ON t1(a DESC, b COLLATE NOCASE ASC)",
    "CREATE INDEX n_i3 ON t1(a + b, lower(b)) WHERE c IS NOT NULL",
    "CREATE VIEW n_v1 AS SELECT a FROM t1",
    "CREATE TEMP VIEW IF NOT EXISTS n_v2(x, y) AS SELECT a, b FROM t1 UNION SELECT 1, 2",
    "CREATE TRIGGER n_tr1 AFTER INSERT ON t1 BEGIN INSERT INTO t2 VALUES (new.a, 1, 2); END",
    "CREATE TEMP TRIGGER IF NOT EXISTS n_tr2 BEFORE UPDATE OF a, b ON t1 FOR EACH ROW "
    "WHEN new.a > 0 BEGIN UPDATE t2 SET a = new.a WHERE b = old.b; DELETE FROM t3 WHERE x = 1; "
    "SELECT RAISE(ABORT, 'nope') WHERE new.a > 100; END",
    "CREATE TRIGGER n_tr3 INSTEAD OF DELETE ON v1 BEGIN SELECT RAISE(IGNORE); END",
    "CREATE TRIGGER n_tr4 DELETE ON t1 BEGIN INSERT OR REPLACE INTO t2 SELECT * FROM t2 "
    "WHERE a = old.a ON CONFLICT DO NOTHING; UPDATE OR FAIL t3 SET y = 'x' FROM t2; END",
    "CREATE VIRTUAL TABLE n_vt USING fts5(a, b, tokenize = 'porter ascii')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS n_rt USING rtree(id, minx, maxx)",
    // DROP.
    "DROP TABLE t2",
    "DROP TABLE IF EXISTS main.nope",
    "DROP INDEX IF EXISTS i1",
    "DROP VIEW v1",
    "DROP TRIGGER IF EXISTS tr1",
    // Transactions and savepoints.
    "BEGIN",
    "BEGIN DEFERRED TRANSACTION",
    "BEGIN IMMEDIATE",
    "BEGIN EXCLUSIVE TRANSACTION",
    "COMMIT",
    "COMMIT TRANSACTION",
    "END TRANSACTION",
    "ROLLBACK",
    "ROLLBACK TRANSACTION TO SAVEPOINT sp1",
    "ROLLBACK TO sp1",
    "SAVEPOINT sp1",
    "RELEASE SAVEPOINT sp1",
    "RELEASE sp1",
    // PRAGMA, EXPLAIN and utilities.
    "PRAGMA cache_size",
    "PRAGMA main.cache_size = -2000",
    "PRAGMA table_info(t1)",
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp.page_size",
    "PRAGMA user_version = +5",
    "PRAGMA encoding = 'UTF-8'",
    "EXPLAIN SELECT * FROM t1",
    "EXPLAIN QUERY PLAN SELECT * FROM t1 WHERE a = 1",
    "REINDEX",
    "REINDEX t1",
    "REINDEX main.i1",
    "ANALYZE",
    "ANALYZE main",
    "ANALYZE main.t1",
    "VACUUM",
    "VACUUM main",
    "VACUUM INTO '/nonexistent/x.db'",
    "ALTER TABLE t1 RENAME TO t1_new",
    "ALTER TABLE main.t1 RENAME COLUMN a TO a2",
    "ALTER TABLE t1 RENAME b TO b2",
    "ALTER TABLE t1 ADD COLUMN d TEXT DEFAULT 'x' NOT NULL",
    "ALTER TABLE t1 ADD e",
    "ALTER TABLE t1 DROP COLUMN c",
    "ALTER TABLE t1 DROP b",
    "ATTACH DATABASE ':memory:' AS aux2",
    "ATTACH ':memory:' AS aux3 KEY 'secret'",
    "DETACH DATABASE aux",
    "DETACH aux",
    // Several statements.
    "SELECT 1; SELECT 2;; SELECT 3",
};

}  // namespace simlite::parser::testing
