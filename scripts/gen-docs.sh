#!/usr/bin/env bash
# Regenerates odbc.ini.sample and the README key table from driver/config/connection_keys.cpp
# (the docs_match_key_table test fails when they drift). Usage: bash scripts/gen-docs.sh [preset]
set -euo pipefail
cd "$(dirname "$0")/.."
gen="build/${1:-debug}/tools/dsqlodbc-gen-docs"
cmake --build --preset "${1:-debug}" --target dsqlodbc-gen-docs >/dev/null
"$gen" ini > odbc.ini.sample
python3 - "$gen" <<'PY'
import subprocess, sys
table = subprocess.run([sys.argv[1], "readme"], check=True, capture_output=True, text=True).stdout
readme = open("README.md").read()
begin, end = "<!-- keys:begin -->\n", "<!-- keys:end -->"
head, rest = readme.split(begin, 1)
open("README.md", "w").write(head + begin + table + end + rest.split(end, 1)[1])
PY
