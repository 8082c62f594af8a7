-- The output modes, with and without headers, with a null value and separators.
CREATE TABLE t(a, bb, "long name");
INSERT INTO t VALUES (1, 'x', NULL), (2.5, 'he said "hi"', 'a,b'), (1e100, x'41', ''),
  (-3, 'ab', ' sp '), (NULL, 'ü', 'ü'), (0.1, 'it''s', 'tab	x');
SELECT * FROM t;
.headers on
SELECT * FROM t;
SELECT * FROM t WHERE 0;
.mode csv
SELECT * FROM t;
.headers off
SELECT * FROM t;
SELECT 'x,y', 'a|b', '=', '-1', '', ' lead', 'trail ', 'q"q', char(39), 'é';
.separator ;
SELECT 'a,b', 'a;b', 1;
.mode line
SELECT * FROM t;
SELECT 1 AS a;
SELECT 1 AS a WHERE 0;
SELECT 1 AS a, 2 AS bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb;
.mode column
SELECT * FROM t;
.headers off
SELECT * FROM t;
.headers on
SELECT 1 AS a WHERE 0;
SELECT 'one
two' AS m, 'x' AS n, 'tab	x	y' AS o;
.mode box
SELECT * FROM t;
.headers off
SELECT 1 AS a, 'xyz' AS b;
.mode table
SELECT * FROM t;
.mode markdown
SELECT * FROM t;
.mode quote
SELECT * FROM t;
.headers on
SELECT 0.1, 1e100, -0.0, 1.5, 1e15, 1e19, 1.0/3, 9.2e18, 1e308*10, x'00ff', 'it''s', 12;
.mode tabs
SELECT * FROM t;
.mode list
.nullvalue NULL
.separator " ; " EOL
SELECT * FROM t;
.separator "|" "\n"
.nullvalue ''
SELECT * FROM t;
.mode
.mode csv
.mode
.mode nosuch
.mode
.mode box
SELECT 'one
two' AS m, 'x' AS n;
SELECT 1 AS a, 2 AS b UNION ALL SELECT 'l1
l2', 3;
.mode table
SELECT 1 AS a, 2 AS b UNION ALL SELECT 'l1
l2', 3;
.mode markdown
SELECT 1 AS a, 2 AS b UNION ALL SELECT 'l1
l2', 3;
.mode line
.separator | EOL
SELECT 1 AS a, 2 AS b;
.mode list
.headers on
SELECT 1 AS "ü", 'ü' AS b;
.mode column
SELECT 'ünï' AS "ü", 1 AS b;
