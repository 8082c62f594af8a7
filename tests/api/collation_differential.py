#!/usr/bin/env python3
"""Application-defined collations, differentially: Python's sqlite3 module on real SQLite and
on simlite (LD_LIBRARY_PATH=LIBRARY_DIR) registers the same collations (reverse order, by
length then text, case-folded) and runs the same queries over seeded random text, with and
without indexes in those collations: ORDER BY, comparisons, IN, BETWEEN, GROUP BY, DISTINCT,
min/max, UNIQUE constraints and lookups. Results and error messages must be the same.

Usage: collation_differential.py LIBRARY_DIR [SEEDS]
"""
import random
import sqlite3
import sys

import differential


def reverse(a, b):
    return (a < b) - (a > b)


def by_length(a, b):
    return (len(a) > len(b)) - (len(a) < len(b)) or (a > b) - (a < b)


def folded(a, b):
    a, b = a.casefold(), b.casefold()
    return (a > b) - (a < b)


QUERIES = """
select a from t order by a, rowid
select a from t order by a collate len, rowid
select b from t order by b collate fold desc, rowid
select count(*) from t where a > 'm'
select count(*) from t where b = 'AB' collate fold
select count(*) from t where a collate len between 'xx' and 'zzzz'
select count(*) from t where b collate fold in ('ab', 'CD', 'e')
select a, count(*) from t group by a order by a
select b collate fold, count(*) from t group by 1 order by 1
select count(distinct b collate fold) from t
select min(a), max(a), min(b collate len), max(b collate len) from t
select distinct b collate len from t order by 1
select a from t where a < 'c' order by a desc, rowid limit 5
select b from t where b collate len = 'zz' order by rowid
select x.a, y.b from t x join t y on x.a = y.b collate rev order by 1, 2 limit 10
select a from t union select b collate rev from t order by 1 limit 8
""".strip().split("\n")

INDEXES = [
    "create index ta on t(a)",
    "create index tb on t(b collate len, a)",
    "create index tf on t(b collate fold)",
]


def run(seed):
    rng = random.Random(seed)
    con = sqlite3.connect(":memory:")
    con.create_collation("rev", reverse)
    con.create_collation("LEN", by_length)
    con.create_collation("fold", folded)
    con.execute("create table t(a text collate rev, b text)")
    letters = "abcdeABCDE xyz"
    for _ in range(rng.randint(0, 200)):
        row = ["".join(rng.choice(letters) for _ in range(rng.randint(0, 4))) for _ in range(2)]
        con.execute("insert into t values(?, ?)", row)
    lines = []
    for stage in range(len(INDEXES) + 1):
        if stage > 0:
            con.execute(INDEXES[stage - 1])
        for sql in QUERIES:
            try:
                lines.append(f"{seed}/{stage} {sql} -> {con.execute(sql).fetchall()}")
            except sqlite3.Error as error:
                lines.append(f"{seed}/{stage} {sql} -> error: {error}")
    try:
        con.execute("create unique index tu on t(b collate fold)")
        lines.append(f"{seed} unique -> ok")
    except sqlite3.Error as error:
        lines.append(f"{seed} unique -> error: {error}")
    lines.append(f"{seed} check -> {con.execute('pragma integrity_check').fetchall()}")
    return lines


if __name__ == "__main__":
    sys.exit(differential.main(__file__, run, 40))
