#!/usr/bin/env python3
"""Isolation through the C API, differentially: Python's sqlite3 module on real SQLite and on
simlite (LD_LIBRARY_PATH=LIBRARY_DIR) opens several connections to one database file and runs
the same steps on them, in DELETE (seed 0) and WAL (seed 1) journal modes: snapshots across a
commit and a checkpoint, a second writer's SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, a COMMIT kept
waiting by a reader and run again, a busy timeout waited out, a schema change seen by another
connection. Each step prints its rows or its error (extended code, name and message), and
whether the connection is in a transaction; the two runs must print the same lines.
(tests/engine/isolation_test.cpp runs more scenarios through the engine API.)

Usage: isolation_differential.py LIBRARY_DIR [SEEDS]
"""
import os
import sqlite3
import tempfile
import time

import differential

SETUP = """
create table t(a integer primary key, b text);
create index tb on t(b);
insert into t values (1, 'one'), (2, 'two'), (3, 'three');
"""

# (connection, sql); "sleepy" is connection 2, whose busy timeout is 50 ms.
STEPS = [
    (1, "begin"), (1, "select * from t"), (0, "insert into t values (4, 'four')"),
    (1, "select * from t"), (0, "pragma wal_checkpoint(passive)"), (1, "select count(*) from t"),
    (0, "pragma wal_checkpoint(truncate)"), (1, "insert into t values (5, 'five')"),
    (1, "commit"), (1, "select count(*) from t"), (1, "rollback"),
    (0, "begin immediate"), (1, "begin immediate"), (1, "insert into t values (6, 'six')"),
    (2, "insert into t values (6, 'six')"), (0, "commit"),
    (0, "begin"), (0, "update t set b = upper(b)"), (1, "begin"), (1, "select * from t"),
    (0, "commit"), (2, "select count(*) from t"), (1, "commit"), (0, "commit"),
    (1, "select * from t"), (2, "pragma busy_timeout"),
    (0, "create table u(x)"), (0, "insert into u values (7)"), (1, "select * from u"),
    (0, "drop table u"), (1, "select * from u"), (2, "select * from u"),
    (1, "pragma wal_checkpoint(restart)"), (1, "select count(*), sum(a) from t"),
]


def outcome(connections, conn, sql):
    db = connections[conn]
    start = time.monotonic()
    try:
        rows = db.execute(sql).fetchall()
        text = "ok " + repr(rows)
    except sqlite3.Error as error:
        code = getattr(error, "sqlite_errorcode", "?")
        text = f"{code} {getattr(error, 'sqlite_errorname', '?')} {error}"
    if conn == 2:
        text += " waited" if time.monotonic() - start >= 0.05 else " no_wait"
    states = "".join("T" if c.in_transaction else "a" for c in connections)
    return f"{conn}: {sql} -> {text} {states}"


def run(seed):
    mode = "wal" if seed % 2 else "delete"
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "db")
        connections = [sqlite3.connect(path, timeout=0, isolation_level=None) for _ in range(2)]
        connections.append(sqlite3.connect(path, timeout=0.05, isolation_level=None))
        lines = [outcome(connections, 0, f"pragma journal_mode={mode}")]
        connections[0].executescript(SETUP)
        lines += [outcome(connections, conn, sql) for conn, sql in STEPS]
        for db in connections:
            db.close()
        return lines


if __name__ == "__main__":
    raise SystemExit(differential.main(__file__, run, 2))
