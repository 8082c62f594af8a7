#!/usr/bin/env python3
"""Checks simlite's api/sqlite3.h against SQLite's own header and simlite's library.

1. Every numeric #define SQLITE_* of api/sqlite3.h has SQLite's value: a C file that includes
   the real <sqlite3.h> asserts, with _Static_assert, that each of our expressions equals the
   real constant (the expressions are evaluated in the real header's context).
2. Every function api/sqlite3.h declares has SQLite's type: the same C file re-declares each
   of our prototypes after the real ones, and C rejects a redeclaration with another type.
3. The library exports exactly the functions the headers declare, plus its data symbols, and
   nothing that is not sqlite3_* (or the session extension's sqlite3session_*) (nm -D).

Usage: check_header.py HEADER LIBRARY CC [EXTRA_HEADER...]
(Extra headers, such as sqlite3session.h, which has no counterpart installed, are only
compiled and counted for the declared/exported comparison.)
"""
import os
import re
import subprocess
import sys
import tempfile

# Data symbols: declared with SQLITE_EXTERN, not as functions.
DATA_SYMBOLS = {"sqlite3_version", "sqlite3_temp_directory", "sqlite3_data_directory"}
# Macros whose value is not an integer constant expression, or that the real header spells
# differently on purpose.
SKIP_MACROS = {"SQLITE_VERSION", "SQLITE_SOURCE_ID", "SQLITE_STATIC", "SQLITE_TRANSIENT",
               "SQLITE_EXTERN", "SQLITE_API", "SQLITE_CDECL", "SQLITE_APICALL",
               "SQLITE_STDCALL", "SQLITE_CALLBACK", "SQLITE_SYSAPI", "SQLITE_DEPRECATED",
               "SQLITE_EXPERIMENTAL", "SQLITE_TEXT"}


def strip_comments(text):
    return re.sub(r"/\*.*?\*/", " ", text, flags=re.S)


def constants(text):
    found = []
    for match in re.finditer(r"^#\s*define\s+(SQLITE_\w+|SQLITE3_\w+)\s+(.+)$", text, re.M):
        name, value = match.group(1), match.group(2).strip()
        if name in SKIP_MACROS or value.startswith('"'):
            continue
        found.append((name, value))
    return found


def prototypes(text):
    """Top-level declarations of sqlite3_* functions, one string each."""
    text = strip_comments(text)
    text = re.sub(r"^#.*$", "", text, flags=re.M)
    # Drop struct bodies and extern "C" braces: declarations are at brace depth 0.
    flat, depth = [], 0
    for char in text:
        if char == "{":
            depth += 1
            continue
        if char == "}":
            depth -= 1
            continue
        if depth == 0 or (depth == 1 and 'extern "C"' in text):
            flat.append(char)
    found = {}
    for statement in "".join(flat).split(";"):
        statement = " ".join(statement.split())
        if "typedef" in statement or "struct" in statement.split("(")[0].split():
            continue
        match = re.search(r"\b(sqlite3(?:session)?_\w+)\s*\(", statement)
        if match and not statement.startswith("SQLITE_EXTERN"):
            # The first identifier followed by '(' is the function (not a callback type).
            head = statement[:match.start()]
            if "(" not in head:
                found[match.group(1)] = statement + ";"
    return found


def exported(library):
    output = subprocess.run(["nm", "-D", "--defined-only", library], check=True,
                            capture_output=True, text=True).stdout
    return {line.split()[-1] for line in output.splitlines() if line.strip()}


def main():
    header, library, cc = sys.argv[1:4]
    extra_headers = sys.argv[4:]
    text = open(header).read()
    body = strip_comments(text)
    checks = ["#include <sqlite3.h>"]
    for name, value in constants(body):
        checks.append(f'_Static_assert(({value}) == ({name}), "{name}");')
    functions = prototypes(text)
    # Our header uses SQLITE_EXTERN and plain types; nothing else needs defining.
    checks.extend(functions.values())
    for extra in extra_headers:
        functions.update(prototypes(open(extra).read()))
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, "check.c")
        with open(source, "w") as out:
            out.write("\n".join(checks) + "\n")
        result = subprocess.run([cc, "-std=c11", "-Werror", "-fsyntax-only", source],
                                capture_output=True, text=True)
        for extra in extra_headers:  # on their own: they include api/sqlite3.h
            if result.returncode == 0:
                extra_source = os.path.join(work, "extra.c")
                with open(extra_source, "w") as out:
                    out.write(f'#include "{os.path.abspath(extra)}"\n')
                result = subprocess.run([cc, "-std=c11", "-Wall", "-Werror", "-fsyntax-only",
                                         extra_source], capture_output=True, text=True)
        if result.returncode != 0:
            print(result.stderr)
            print("FAIL: api/sqlite3.h disagrees with SQLite's sqlite3.h")
            return 1
    symbols = exported(library)
    problems = []
    for symbol in sorted(symbols):
        if not symbol.startswith(("sqlite3_", "sqlite3session_")):
            problems.append(f"exported but not sqlite3_* or sqlite3session_*: {symbol}")
        elif symbol not in functions and symbol not in DATA_SYMBOLS:
            problems.append(f"exported but not declared: {symbol}")
    for name in sorted(functions):
        if name not in symbols:
            problems.append(f"declared but not exported: {name}")
    for problem in problems:
        print(problem)
    print(f"{len(constants(body))} constants and {len(functions)} prototypes match SQLite's; "
          f"{len(symbols)} symbols exported")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
