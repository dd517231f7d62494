#!/usr/bin/env python3
"""No file git tracks holds a merge-conflict marker: a conflict resolved in one file of a merge while
another still had its markers once landed in README.md. Usage: check_merge_markers.py <source dir>."""
import re
import subprocess
import sys

MARKER = re.compile(r"^(<{7} |>{7} |={7}$)")


def main() -> int:
    root = sys.argv[1]
    files = subprocess.run(["git", "-C", root, "ls-files"], check=True, capture_output=True, text=True).stdout.split()
    bad = []
    for name in files:
        try:
            with open(f"{root}/{name}", encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    if MARKER.match(line.rstrip("\n")):
                        bad.append(f"{name}:{number}: {line.rstrip()}")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue  # binary or vendored data, or a file deleted in the working tree
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
