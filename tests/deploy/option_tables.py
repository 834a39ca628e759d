#!/usr/bin/env python3
"""Checks that the option tables in docs/operations.md are what the programs print with
--options-markdown (the programs' own option rows), or rewrites them.

usage: option_tables.py SOURCE_DIR BUILD_DIR [--write]
Each table sits between `<!-- options:PROGRAM -->` and `<!-- /options -->`, PROGRAM being the
folder under services/ (intake -> build/services/intake/ncirt-intake).
"""
import pathlib
import re
import subprocess
import sys

BLOCK = re.compile(r"(<!-- options:([a-z]+) -->\n)(.*?)(<!-- /options -->)", re.S)


def table(src, build, program, current):
    """The program's --options-markdown, or the block as it stands while the program's main.cpp
    is not in this checkout yet (a service being written on another branch)."""
    binary = build / "services" / program / ("ncirt-" + program)
    if not binary.exists():
        if not (src / "services" / program / "main.cpp").exists():
            print("note: services/%s/main.cpp is not in this checkout yet; its table is left "
                  "as it is" % program)
            return current
        raise SystemExit("%s is not built; build it first (the test command builds all)" % binary)
    return subprocess.run([str(binary), "--options-markdown"], check=True, capture_output=True,
                          text=True).stdout


def main():
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    src, build = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    doc = src / "docs/operations.md"
    text = doc.read_text()
    programs = [m.group(2) for m in BLOCK.finditer(text)]
    if not programs:
        print("docs/operations.md has no <!-- options:PROGRAM --> block")
        return 1
    expected = BLOCK.sub(
        lambda m: m.group(1) + table(src, build, m.group(2), m.group(3)) + m.group(4), text)
    if len(sys.argv) == 4 and sys.argv[3] == "--write":
        doc.write_text(expected)
        print("rewrote the option tables of %s" % ", ".join(programs))
        return 0
    if expected != text:
        print("docs/operations.md's option tables differ from the programs' (%s); regenerate:\n"
              "  tests/deploy/option_tables.py %s %s --write" % (", ".join(programs), src, build))
        return 1
    print("docs/operations.md's option tables match %s" % ", ".join(programs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
