-- Dot-commands that inspect the database and change settings.
.tables
.schema
CREATE TABLE t1(a, b);
CREATE TABLE "t two"(x);
CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, "long name");
CREATE INDEX i1 ON t1(a);
CREATE VIEW v1 AS SELECT a, b + 1, "long name" FROM t1, s;
CREATE VIEW broken AS SELECT * FROM t1;
DROP TABLE t1;
CREATE TABLE t1(a, b);
CREATE TRIGGER tr AFTER INSERT ON t1 BEGIN SELECT 1; END;
.tables
.tables t%
.tables nomatch
.ta
.schema
.schema t1
.schema T%
.schema nomatch
.databases
.changes on
INSERT INTO t1 VALUES (1, 2), (3, 4);
SELECT 1;
UPDATE t1 SET a = a + 1;
.changes off
INSERT INTO t1 VALUES (5, 6);
.headers
.headers on yes
.headers maybe
.h on
.he off
.bail
.changes
.nullvalue
.separator
.separator a b c
.show
.show extra
.help nosuch
.nosuch
.read
.read nosuch-file.sql
.read nested.inc
SELECT 'after read';
# .quit ends the input
.quit
SELECT 'not reached';
