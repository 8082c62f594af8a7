#!/usr/bin/env python3
"""Runs Debian's sqlite3 shell on simlite (LD_LIBRARY_PATH) and on SQLite, section by section
of shell_session.sql, and compares the outputs byte for byte.

Each section runs in a fresh shell process on a fresh copy of the database that the "setup"
section makes (with the same library). The "reimport" section loads the setup database's
.dump into a new database and prints that database's .dump. Sections listed in the baseline
file must match; a mismatch there is a failure, a match outside it is reported (raise the
baseline). The setup database simlite writes must also pass SQLite's integrity_check.

Usage: shell_session.py SHELL LIBRARY_DIR SESSION_FILE BASELINE_FILE
"""
import os
import shutil
import subprocess
import sys
import tempfile


def sections(path):
    order, texts, name = [], {}, None
    for line in open(path, encoding="utf-8"):
        if line.startswith("-- section: "):
            name = line[len("-- section: "):].strip()
            order.append(name)
            texts[name] = ""
        elif name is not None and not line.startswith("--"):
            texts[name] += line
    return order, texts


class Shell:
    def __init__(self, shell, library_dir, work):
        self.shell, self.work = shell, work
        self.env = dict(os.environ)
        self.env.pop("LD_LIBRARY_PATH", None)
        if library_dir:
            self.env["LD_LIBRARY_PATH"] = library_dir

    def run(self, database, script):
        result = subprocess.run([self.shell, database], input=script.encode(), env=self.env,
                                capture_output=True, timeout=60)
        return result.stdout + result.stderr + f"(exit {result.returncode})\n".encode()

    def outputs(self, order, texts):
        setup = os.path.join(self.work, "setup.db")
        self.run(setup, texts["setup"])
        results = {}
        for name in order:
            if name == "setup":
                continue
            database = os.path.join(self.work, name + ".db")
            shutil.copyfile(setup, database)
            if name == "reimport":
                dump = self.run(database, ".dump\n").decode(errors="replace")
                fresh = os.path.join(self.work, "reimport-new.db")
                self.run(fresh, dump.rsplit("(exit", 1)[0])
                results[name] = self.run(fresh, ".dump\n")
            else:
                results[name] = self.run(database, texts[name])
        return results, setup


def main():
    shell, library_dir, session_file, baseline_file = sys.argv[1:5]
    library_dir = os.path.abspath(library_dir)
    baseline = set(open(baseline_file).read().split())
    order, texts = sections(session_file)
    with tempfile.TemporaryDirectory() as real_dir, tempfile.TemporaryDirectory() as sim_dir:
        expected, _ = Shell(shell, None, real_dir).outputs(order, texts)
        actual, sim_setup = Shell(shell, library_dir, sim_dir).outputs(order, texts)
        integrity = Shell(shell, None, sim_dir).run(sim_setup, "PRAGMA integrity_check;\n")
    failed, matching = [], []
    for name in expected:
        if expected[name] == actual[name]:
            matching.append(name)
            continue
        if name in baseline:
            failed.append(name)
        print(f"--- section {name}: SQLite\n{expected[name].decode(errors='replace')}"
              f"--- section {name}: simlite\n{actual[name].decode(errors='replace')}")
    print(f"sections identical on simlite: {len(matching)} of {len(expected)}: "
          f"{' '.join(matching)}")
    if integrity != b"ok\n(exit 0)\n":
        print(f"SQLite's integrity_check on simlite's database: {integrity.decode()}")
        return 1
    if failed:
        print(f"REGRESSION: sections in the baseline differ: {' '.join(failed)}")
        return 1
    extra = sorted(set(matching) - baseline)
    if extra:
        print(f"identical but not in the baseline (add them): {' '.join(extra)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
