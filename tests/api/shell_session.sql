-- Scripted sessions of Debian's sqlite3 shell (tests/api/shell_session.py). Each section runs
-- in a fresh shell on a database made by the "setup" section; its output on simlite must be
-- byte-identical to its output on SQLite.
-- section: setup
CREATE TABLE t1(a INTEGER PRIMARY KEY, b TEXT NOT NULL, c REAL);
CREATE INDEX t1b ON t1(b);
CREATE TABLE t2(x UNIQUE, y);
INSERT INTO t1(b, c) VALUES('one', 1.5), ('two', 2.25), ('three', NULL);
INSERT INTO t2 VALUES(1, 'a'), (2, 'it''s'), (3, X'00FF');
-- section: list
.mode list
SELECT * FROM t1 ORDER BY a;
SELECT b, c * 2 FROM t1 WHERE c IS NOT NULL ORDER BY a;
-- section: column
.mode column
.headers on
SELECT * FROM t1 ORDER BY b;
-- section: csv
.mode csv
.headers on
SELECT * FROM t2 ORDER BY x;
-- section: json
.mode json
SELECT * FROM t1 ORDER BY a;
-- section: box
.mode box
SELECT a, b, c FROM t1 ORDER BY a;
-- section: schema
.schema
-- section: tables
.tables
-- section: dump
.dump
-- section: reimport
-- (the script loads the dump of the setup database into a new database and dumps that)
-- section: syntax_error
SELEC 1;
SELECT 'after the error';
-- section: constraint_error
INSERT INTO t2 VALUES(1, 'duplicate');
INSERT INTO t1(b) VALUES(NULL);
SELECT count(*) FROM t2;
-- section: changes
.changes on
UPDATE t1 SET c = 0 WHERE c IS NULL;
DELETE FROM t2 WHERE x > 1;
-- section: auth
.auth on
SELECT b FROM t1 WHERE a = 1;
SELECT count(*) FROM t2;
UPDATE t1 SET c = 1 WHERE b = 'two';
.auth off
SELECT 'done';
