#!/usr/bin/env python3
"""Runs the simlite shell and SQLite's own shell (Debian's sqlite3, 3.40.1) on the same input
and requires the same stdout, stderr and exit status, byte for byte. The expected output is
always the real shell's, produced here at test time.

Cases: every scripts/*.sql fed on stdin to `SHELL test.db`, and the command-line cases below.
Each case runs in a fresh directory holding a copy of scripts/ (for .read), on a fresh
database of the same path (so that .databases prints the same name): first the real shell,
then, after the directory is emptied and refilled, simlite.

Usage: shell_compare.py SIMLITE REAL_SQLITE3 SCRIPTS_DIR
"""
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

DB = "test.db"
# (name, arguments with DB standing for the database, stdin)
COMMAND_LINE_CASES = [
    ("sql-argument", [DB, "SELECT 1; SELECT 2"], ""),
    ("sql-argument-no-such-table", [DB, "SELECT * FROM nosuch"], ""),
    ("sql-arguments-stop-at-error", [DB, "SELECT 1;", "selec 2", "SELECT 3"], ""),
    ("sql-argument-runtime-error", [DB, "SELECT abs(-9223372036854775808)"], ""),
    ("sql-argument-constraint",
     [DB, "CREATE TABLE t(a UNIQUE); INSERT INTO t VALUES (1), (1)", "SELECT 1"], ""),
    ("dot-command-arguments", [DB, "CREATE TABLE t(a)", ".tables", "SELECT 3"], ""),
    ("dot-command-argument-error", [DB, ".nosuch", "SELECT 1"], ""),
    ("sql-argument-ignores-stdin", [DB, "SELECT 1"], "SELECT 9;\n"),
    ("header-csv-options", ["-header", "-csv", DB, "SELECT 1 AS a, 'x y' AS b"], ""),
    ("line-option", ["-line", DB, "SELECT 1 AS a, 2 AS b"], ""),
    ("options-after-file", [DB, "-header", "-column", "SELECT 1 AS a, 'xyz' AS b"], ""),
    ("separator-nullvalue-options",
     ["-separator", ",", "-nullvalue", "nil", DB, "SELECT 1, NULL"], ""),
    ("bail-option", ["-bail", DB], "SELECT 1;\nSELECT * FROM nosuch;\nSELECT 2;\n"),
    ("no-bail", [DB], "SELECT 1;\nSELECT * FROM nosuch;\nSELECT 2;\n"),
    ("error-then-quit", [DB], "SELECT * FROM nosuch;\n.quit\n"),
    ("crlf-lines", [DB], "SELECT 1;\r\nSELECT 2\r\n;\r\n.mode csv\r\nSELECT 3, 'x';\r\n"),
    ("empty-input", [DB], ""),
    ("only-comments", [DB], "-- nothing\n/* at all */\n"),
    ("unterminated-at-eof", [DB], "SELECT 1;\nSELECT 'a',\n  'b'"),
    ("unterminated-error-at-eof", [DB], "SELECT 1;\nSELECT * FROM\n"),
    ("in-memory-no-file", [], "SELECT 1;\n.databases\n"),
]


def run(shell, args, stdin, work):
    env = dict(os.environ)
    env.pop("LD_LIBRARY_PATH", None)
    result = subprocess.run([shell] + args, input=stdin.encode(), cwd=work, env=env,
                            capture_output=True, timeout=60)
    return result.stdout, result.stderr, result.returncode


def fresh(work, scripts):
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(scripts, work)


def describe(label, expected, actual):
    lines = difflib.unified_diff(expected.decode(errors="replace").splitlines(True),
                                 actual.decode(errors="replace").splitlines(True),
                                 f"sqlite3 {label}", f"simlite {label}")
    return "".join(lines)


def main():
    simlite, real, scripts = (os.path.abspath(arg) for arg in sys.argv[1:4])
    cases = []
    for name in sorted(os.listdir(scripts)):
        if name.endswith(".sql"):
            with open(os.path.join(scripts, name), encoding="utf-8") as script:
                cases.append((name, [DB], script.read()))
    cases += COMMAND_LINE_CASES
    failed = []
    with tempfile.TemporaryDirectory() as temp:
        work = os.path.join(temp, "work")
        for name, args, stdin in cases:
            fresh(work, scripts)
            expected = run(real, args, stdin, work)
            fresh(work, scripts)
            actual = run(simlite, args, stdin, work)
            if expected == actual:
                continue
            failed.append(name)
            print(f"=== {name}: differs")
            print(describe("stdout", expected[0], actual[0]), end="")
            print(describe("stderr", expected[1], actual[1]), end="")
            if expected[2] != actual[2]:
                print(f"exit status: sqlite3 {expected[2]}, simlite {actual[2]}")
    print(f"shell cases identical to sqlite3: {len(cases) - len(failed)} of {len(cases)}")
    if failed:
        print(f"FAILED: {' '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
