-- The temp database and attached ones in the dot-commands that list schema objects.
CREATE TABLE m(a);
ATTACH 'aux.db' AS aux;
.databases
CREATE TEMP TABLE t(a);
CREATE TEMP VIEW v AS SELECT a FROM t;
.databases
.tables
CREATE TABLE aux.q(b);
CREATE INDEX aux.qb ON q(b);
CREATE TABLE aux."odd name"(c);
.tables
.tables q%
.schema
.schema q
DETACH aux;
.databases
.tables
