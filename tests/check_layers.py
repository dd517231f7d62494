"""The layers hold (libpq only in driver/pg; no ODBC, libpq or driver/ code in shim/): fails when a source
file outside driver/pg includes libpq or names its types or functions, or a shim file includes sql.h/sqlext.h,
libpq or a driver/ header. Usage: python3 check_layers.py <repo root>"""
import os
import re
import sys

root = sys.argv[1]
LIBPQ = re.compile(r'#\s*include\s*[<"](libpq-fe\.h|libpq/[^>"]+|postgres_ext\.h)[>"]|\bPQ[a-z][A-Za-z]*\s*\(|\bPG(result|conn)\b')
ODBC = re.compile(r'#\s*include\s*[<"](sql\.h|sqlext\.h|sqltypes\.h|sqlucode\.h)[>"]')
DRIVER = re.compile(r'#\s*include\s*"driver/')
bad = []
for top in ("driver", "shim", "tools"):
    for dirpath, _, files in os.walk(os.path.join(root, top)):
        for name in files:
            if not name.endswith((".cpp", ".h")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            code = "\n".join(line.split("//", 1)[0] for line in open(path, encoding="utf-8"))
            if not rel.startswith("driver/pg/") and LIBPQ.search(code):
                bad.append(f"{rel}: uses libpq outside driver/pg")
            if rel.startswith("shim/") and ODBC.search(code):
                bad.append(f"{rel}: includes ODBC headers in shim/")
            if rel.startswith("shim/") and DRIVER.search(code):
                bad.append(f"{rel}: shim/ includes driver/ (dependencies point downward only)")
for b in bad:
    print(b)
print(f"{len(bad)} layer violation(s)")
sys.exit(1 if bad else 0)
