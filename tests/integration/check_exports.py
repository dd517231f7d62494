"""Checks that the driver's dynamic symbol table exports ODBC entry points only (nm -D --defined-only),
and that both the ANSI and Unicode forms of the core functions are there."""
import subprocess
import sys

lib = sys.argv[1]
out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True, capture_output=True, text=True).stdout
names = [line.split()[-1] for line in out.splitlines() if line.strip()]
bad = [n for n in names if not n.startswith("SQL")]
if bad:
    sys.exit(f"non-ODBC symbols exported: {bad[:20]}")
for required in ["SQLConnect", "SQLConnectW", "SQLDriverConnect", "SQLDriverConnectW", "SQLExecDirect",
                 "SQLExecDirectW", "SQLGetDiagRec", "SQLGetDiagRecW", "SQLFetch", "SQLGetData", "SQLTables",
                 "SQLTablesW", "SQLNativeSql", "SQLNativeSqlW", "SQLGetInfoW", "SQLColAttributeW",
                 "SQLSetPos", "SQLBulkOperations"]:
    if required not in names:
        sys.exit(f"missing export {required}")
print(f"{len(names)} exports, all SQL*")
