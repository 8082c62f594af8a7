-- Every value type in list mode: integers, reals as SQLite renders them, text, blobs, NULL.
CREATE TABLE v(id INTEGER PRIMARY KEY, x);
INSERT INTO v(x) VALUES (1), (-7), (9223372036854775807), (-9223372036854775808), (0);
INSERT INTO v(x) VALUES (1e100), (0.1), (-0.0), (1.5e-7), (3.0), (1e15), (1e16), (2.0/3),
  (123456789.125), (-1e-300), (1e308*10), (-1e308*10), (0.30000000000000004);
INSERT INTO v(x) VALUES ('text'), (''), ('ünïcödé ✓'), ('it''s'), ('a|b'), ('two
lines'), ('tab	here');
INSERT INTO v(x) VALUES (x''), (x'414243'), (x'410042'), (NULL);
SELECT id, x, typeof(x) FROM v;
SELECT x FROM v WHERE typeof(x) = 'real';
SELECT 1, 1.0, '1', x'31', NULL, 1 + 1.5, 7 / 2, 7 % 3, 'a' || 'b', length(x'00ff');
SELECT CAST(12.9 AS INTEGER), CAST('3.5abc' AS REAL), CAST(5 AS TEXT), 100000000000000000000;
SELECT max(x), min(x), count(*), sum(CASE WHEN typeof(x) = 'integer' THEN 0 END) FROM v;
SELECT group_concat(id) FROM v;
