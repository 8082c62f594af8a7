-- simlite-sim seed 464: seed=464 weights(ins=5 upd=5 del=3 sel=10 txn=0 schema=1) joins=0 aggregates=0 functions=1 page_size=1024 cache=10 wal=0 crash_one_in=0 faults(read=0 write=0 sync=0 flip=0)
CREATE TABLE t0(id INTEGER PRIMARY KEY, c0 VARCHAR(10) UNIQUE, c1 INT UNIQUE, c2 REAL);
INSERT OR IGNORE INTO t0(c0, c1, c2) VALUES (7, 69.29, -100), ('10', -67.13, NULL);
UPDATE OR REPLACE t0 SET c0 = NULL WHERE coalesce(-19, 83) IS NOT c1;
INSERT INTO t0(c0, c1, c2) VALUES (x'00ff', 33, 'a'), (4, NULL, 56), (x'', 'a', 95.46);
UPDATE OR IGNORE t0 SET c1 = coalesce((c0 || 'A'), x'') WHERE (2 - c2) BETWEEN -1 AND '10';
UPDATE OR REPLACE t0 SET c0 = (CAST(5 AS BLOB) + CAST(c1 AS INTEGER)) WHERE (NOT -20.11 < -25 OR -86.02 BETWEEN x'' AND 4);
REPLACE INTO t0(c0, c1, c2) VALUES (-0.81, '', x''), (8, 5, x''), (97, 72, 1);
UPDATE OR IGNORE t0 SET c0 = (c1 % -25.59) WHERE (c1 BETWEEN '' AND 'x y z' AND (c2 NOT NULL AND c0 < 59));
