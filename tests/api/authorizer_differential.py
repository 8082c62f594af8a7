#!/usr/bin/env python3
"""The authorizer's answers, differentially: Python's sqlite3 module on real SQLite and on
simlite (LD_LIBRARY_PATH=LIBRARY_DIR) runs the same statements under authorizers that answer
OK, IGNORE or DENY by a hash of (seed, action, arguments), and every result, error message and
final table content must be the same. What the answers do (a column read as NULL, a call as
NULL, an aggregate that is no longer one, an ignored SELECT, UPDATE column, upsert target...)
is compared; the order of the calls only matters where it decides which denial is reported.

Left out on purpose (docs/compat.md): views and subqueries in FROM, which SQLite may flatten
into the query around them (it then asks about their tables again, as unread), and CREATE
TABLE (SQLite writes a malformed schema when an UPDATE of its own statement on sqlite_master,
or an autoindex's CREATE_INDEX, is ignored).

Usage: authorizer_differential.py LIBRARY_DIR [SEEDS]
"""
import sqlite3
import sys
import zlib

import differential

SETUP = """
create table t(a integer primary key, b, c text collate nocase);
create table u(x, y, z);
create index ui on u(x);
create unique index uz on u(z);
create trigger tr after insert on t begin insert into u values(new.b, new.c, new.a + 100); end;
insert into t values(1, 10, 'a'), (2, 20, 'B'), (3, 30, 'c');
insert into u values(1, 'p', 1), (2, 'q', 2), (20, 'r', 3);
"""

STATEMENTS = """
select * from t
select b, c from t where a = 2
select count(*), sum(b) from t
select c, count(*) from t group by c order by c
select * from t join u on t.b = u.x
select * from t left join u on t.a = u.z order by 1
select x from u where x in (select b from t)
select (select max(y) from u where u.x = t.b) from t
select distinct c from t
select upper(c), abs(-b) from t
select * from t where exists (select 1 from u where u.z = t.a)
select a, rowid, oid from t
select * from u where x between 1 and 2
select b from t union select x from u order by 1
with w as (select a from t) select * from w
insert into t(b, c) values (40, 'd')
insert into u select b, c, a + 50 from t
update t set b = b + 1, c = 'x' where a = 1
update u set y = 'new' where x = 2
delete from u where x = 1
delete from t where a = 3
insert into u values (9, 'n', 1) on conflict(z) do update set y = excluded.y
select max(c), min(c) from t
select * from t order by c collate binary limit 2
select t.*, u.y from t, u where t.a = u.z
create index ti on t(b)
drop index ui
pragma user_version
select count(*) from u
""".strip().split("\n")


def run(seed):
    con = sqlite3.connect(":memory:", isolation_level=None)
    con.executescript(SETUP)

    def authorizer(action, arg1, arg2, database, inner):
        bucket = zlib.crc32(f"{seed}:{action}:{arg1}:{arg2}".encode()) % 10
        if bucket == 0:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_IGNORE if bucket <= 3 else sqlite3.SQLITE_OK

    con.set_authorizer(authorizer)
    lines = []
    for sql in STATEMENTS:
        try:
            rows = con.execute(sql).fetchall()
            shown = rows if "order by" in sql else sorted(map(repr, rows))
            lines.append(f"{seed} {sql} -> {shown}")
        except sqlite3.Error as error:
            lines.append(f"{seed} {sql} -> error: {error}")
    con.set_authorizer(None)
    for table in ("t", "u"):
        lines.append(f"{seed} {table}: {con.execute(f'select * from {table} order by 1, 2, 3').fetchall()}")
    return lines


if __name__ == "__main__":
    sys.exit(differential.main(__file__, run, 60))
