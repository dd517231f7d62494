"""Real client: pyodbc fetching long text with characters outside the BMP. pyodbc reads a long value with
SQLGetData in pieces and relies on every truncated piece holding exactly BufferLength less the terminator;
a driver that does not fill them leaves fetchone() spinning forever. Each value is read with SQL_C_WCHAR
(UTF-16) and with SQL_C_CHAR (UTF-8), and must come back exact. Run under `timeout` (see CMakeLists.txt):
a hang is a failure.
Usage: /usr/bin/python3 pyodbc_text_test.py DSN"""
import sys
import time

import pyodbc

dsn = sys.argv[1]
UNIT = "aé€😀"  # 1, 2, 3 and 4 bytes of UTF-8; the last one a surrogate pair in UTF-16

cases = [
    ("'xxx' || repeat('aé€😀', 1000)", "xxx" + UNIT * 1000),
    ("repeat('aé€😀', 104858)", UNIT * 104858),  # 1 MiB of UTF-8
    ("repeat('😀', 3) || repeat('é', 5000) || '😀'", "😀" * 3 + "é" * 5000 + "😀"),
    ("''", ""),
]

conn = pyodbc.connect(f"DSN={dsn}")
for label, ctype, encoding in (("SQL_C_WCHAR", pyodbc.SQL_WCHAR, "utf-16le"), ("SQL_C_CHAR", pyodbc.SQL_CHAR, "utf-8")):
    # Both decodings use the same C type, whichever SQL type the driver reports for text.
    conn.setdecoding(pyodbc.SQL_CHAR, encoding=encoding, ctype=ctype)
    conn.setdecoding(pyodbc.SQL_WCHAR, encoding=encoding, ctype=ctype)
    cur = conn.cursor()
    for expr, want in cases:
        start = time.monotonic()
        cur.execute(f"SELECT {expr} AS v")
        got = cur.fetchone()[0]
        took = time.monotonic() - start
        if got != want:
            i = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
            raise AssertionError(f"{label} {expr[:40]}: {len(got)} characters, want {len(want)}; first difference "
                                 f"at {i}: {got[i:i + 4]!r} != {want[i:i + 4]!r}")
        print(f"{label}: {len(want.encode())} UTF-8 bytes exact in {took:.3f} s")
    # The same value as a parameter and back, in one row with two columns.
    cur.execute("SELECT CAST(? AS text), CAST(? AS text) || 'z'", UNIT * 5000, "😀" * 7)
    row = cur.fetchone()
    assert row[0] == UNIT * 5000 and row[1] == "😀" * 7 + "z", f"{label}: parameter round trip mismatch"
    cur.close()
conn.close()
print(f"pyodbc long text against {dsn}: all checks passed")
