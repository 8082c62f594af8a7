-- Parse and runtime errors: the shell reports each and goes on.
CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE, c NOT NULL);
INSERT INTO t VALUES (1, 'x', 1);
SELECT * FROM nosuch;
selec 1;
SELECT 1;   selec 2;
SELECT 1,
  2 FROM WHERE;
SELECT x'zz';
SELECT "unterminated
;
SELECT 1 FROM t WHERE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = 1 AND bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb ==== 3;
SELECT 'ünï', 'ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé' + + + FROM FROM;
INSERT INTO t VALUES (1, 'y', 2);
INSERT INTO t VALUES (2, 'x', 2);
INSERT INTO t VALUES (3, 'z', NULL);
INSERT INTO t VALUES (1, 2, 3, 4);
SELECT abs(-9223372036854775808);
SELECT 9223372036854775807 + 1;
SELECT 1; SELECT * FROM nosuch; SELECT 2;
SELECT a FROM t; INSERT INTO t VALUES (1, 'q', 1); SELECT 'not reached';
BEGIN; BEGIN;
COMMIT;
COMMIT;
SELECT 'still running';
SELECT * FROM t;
