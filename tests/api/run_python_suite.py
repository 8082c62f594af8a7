#!/usr/bin/env python3
"""Runs Python's sqlite3 test suite (python3 -m test test_sqlite3) on simlite's libsqlite3.

The suite loads libsqlite3.so.0 from LD_LIBRARY_PATH, so it runs on simlite unchanged. The
script counts the tests that pass and compares the count with the checked-in baseline for this
Python version (lines "VERSION COUNT"): fewer is a regression (failure); more is reported, so
the baseline can be raised. A Python without a baseline line only reports its count; one
without the test package (Debian: libpython3.11-testsuite) skips (exit 77). With --list it
prints every test that does not pass (for docs/compat.md).

Usage: run_python_suite.py LIBRARY_DIR BASELINE_FILE [--list]
"""
import os
import re
import subprocess
import sys

RESULT = re.compile(r"^(test_\w+) \(([\w.]+)\) \.\.\. (.*)$")
# A test with a docstring: its name on one line, then "docstring ... outcome" on the next.
NAME_ONLY = re.compile(r"^(test_\w+) \(([\w.]+)\)$")
DOCSTRING_RESULT = re.compile(r"^.* \.\.\. (ok|FAIL|ERROR|expected failure|skipped.*)$")


def loaded_library(env):
    """The libsqlite3 that Python loads with env (regrtest changes directory: the path must be
    absolute)."""
    probe = ("import _sqlite3\n"
             "print([l.split()[-1] for l in open('/proc/self/maps') if 'libsqlite3' in l][0])")
    return subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                          text=True, check=True).stdout.strip()


SKIP = 77


def read_baseline(path):
    """The count for this Python's version, or None."""
    version = ".".join(str(part) for part in sys.version_info[:3])
    for line in open(path):
        fields = line.split()
        if len(fields) >= 2 and fields[0] == version:
            return int(fields[1])
    return None


def main():
    library_dir, baseline_file = os.path.abspath(sys.argv[1]), sys.argv[2]
    env = dict(os.environ, LD_LIBRARY_PATH=library_dir)
    probe = subprocess.run([sys.executable, "-c", "import test.test_sqlite3"],
                           capture_output=True)
    if probe.returncode != 0:
        print("skipped: this Python has no test.test_sqlite3 (libpython3.11-testsuite)")
        return SKIP
    library = loaded_library(env)
    if not library.startswith(library_dir):
        print(f"Python loads {library}, not simlite's library from {library_dir}")
        return 1
    run = subprocess.run([sys.executable, "-m", "test", "test_sqlite3", "-v"], env=env,
                         capture_output=True, text=True, timeout=1800)
    output = run.stdout + run.stderr
    passed, not_passed, skipped = [], [], []
    pending = None  # the name line of a test with a docstring
    for line in output.splitlines():
        match = RESULT.match(line)
        if match:
            name, outcome = match.group(2), match.group(3)
        elif NAME_ONLY.match(line):
            pending = NAME_ONLY.match(line).group(2)
            continue
        elif pending is not None and DOCSTRING_RESULT.match(line):
            name, outcome = pending, DOCSTRING_RESULT.match(line).group(1)
        else:
            continue
        pending = None
        if outcome == "ok" or outcome == "expected failure":
            passed.append(name)
        elif outcome.startswith("skipped"):
            skipped.append(name)
        else:
            not_passed.append((name, outcome))
    total_match = re.search(r"Total tests: run=(\d+)", output)
    total = int(total_match.group(1)) if total_match else 0
    crashed = "Fatal Python error" in output
    baseline = read_baseline(baseline_file)
    print(f"test_sqlite3 on simlite (Python {sys.version.split()[0]}): {len(passed)} passed, "
          f"{len(not_passed)} not passed, {len(skipped)} skipped, of {total} run"
          f"{' (the run crashed)' if crashed else ''}; baseline {baseline}")
    if "--list" in sys.argv:
        for name, outcome in not_passed:
            print(f"  {outcome:6} {name}")
    if crashed:
        print(output[output.index("Fatal Python error"):][:3000])
        return 1
    if baseline is None:
        print(f"no baseline for this Python: add a line to {baseline_file}")
        return 0
    if len(passed) < baseline:
        print(f"REGRESSION: {baseline - len(passed)} fewer tests pass than the baseline")
        for name, outcome in not_passed:
            print(f"  {outcome:6} {name}")
        return 1
    if len(passed) > baseline:
        print(f"{len(passed) - baseline} more than the baseline: raise {baseline_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
