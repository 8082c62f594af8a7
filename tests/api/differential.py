"""Runs a differential script twice, with Python's sqlite3 on real SQLite and on simlite
(LD_LIBRARY_PATH), and compares what the two runs print, line by line.

A script calls main(__file__, run, default_seeds): with "--run SEEDS" it prints the lines of
run(seed) for each seed (the child), else it runs itself both ways (usage: SCRIPT
LIBRARY_DIR [SEEDS]) and returns 1 on any difference.
"""
import os
import subprocess
import sys


def main(script, run, default_seeds):
    if len(sys.argv) > 1 and sys.argv[1] == "--run":
        for seed in range(int(sys.argv[2])):
            print("\n".join(run(seed)))
        return 0
    library_dir = os.path.abspath(sys.argv[1])
    seeds = sys.argv[2] if len(sys.argv) > 2 else str(default_seeds)
    command = [sys.executable, script, "--run", seeds]
    real = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    env = dict(os.environ, LD_LIBRARY_PATH=library_dir)
    ours = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    real_lines, our_lines = real.splitlines(), ours.splitlines()
    differences = [(a, b) for a, b in zip(real_lines, our_lines) if a != b]
    for expected, actual in differences[:20]:
        print(f"SQLite:  {expected}\nsimlite: {actual}")
    if differences or len(real_lines) != len(our_lines):
        print(f"{len(differences)} differences ({len(real_lines)} and {len(our_lines)} lines)")
        return 1
    print(f"{len(real_lines)} lines the same")
    return 0
