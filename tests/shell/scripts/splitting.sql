-- How input splits into statements: lines, comments, several statements per line.
SELECT 1; SELECT 2;SELECT 3
;
SELECT
  4
  ,
  5;

   -- a comment line between statements
/* a block comment */ SELECT 6;
SELECT 7 -- a trailing comment
;
SELECT 8; -- a comment after the statement
/* a comment
   over lines */
SELECT 'a;b', "c;d" FROM (SELECT 1 AS "c;d");
# a line starting with # is ignored
;;;
SELECT 9 ;  ;  SELECT 10;
CREATE TABLE t(a);
CREATE TRIGGER tr AFTER INSERT ON t BEGIN
  INSERT INTO t SELECT 100 WHERE new.a < 2;
  SELECT 1;
END;
INSERT INTO t VALUES (1);
SELECT * FROM t;
SELECT 11
go
SELECT 12
/
SELECT 'line one
line two;
line three';
SELECT 13; SELECT 'unfinished'
  || ' then finished';
   SELECT 14;
SELECT 'last without semicolon'
