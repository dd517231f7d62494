"""Real client: Debian's python3-pyodbc against the driver, by DSN and by DSN-less connection string.
Parameterized INSERT and SELECT must round-trip Python values with the right types.
Usage: /usr/bin/python3 pyodbc_test.py DSN"""
import datetime
import decimal
import sys
import uuid

import pyodbc

dsn = sys.argv[1]
pyodbc.native_uuid = True


def dsnless_from_ini(name):
    import configparser
    import os
    cp = configparser.ConfigParser()
    cp.optionxform = str
    cp.read(os.environ["ODBCINI"])
    sec = cp[name]
    return "Driver={DSQL};" + ";".join(f"{k}={{{v}}}" for k, v in sec.items() if k not in ("Driver", "Description"))


def check(conn, label):
    cur = conn.cursor()
    t = f"py_t_{dsn}"
    cur.execute(f"DROP TABLE IF EXISTS {t}")
    conn.commit()  # pyodbc runs in manual-commit mode; DSQL allows one DDL per transaction
    cur.execute(f"CREATE TABLE {t} (id int PRIMARY KEY, big bigint, amount numeric(12,4), ratio float8, "
                f"name text, raw bytea, day date, moment timestamp, ident uuid, maybe int)")
    conn.commit()
    rows = [
        (1, 2**40, decimal.Decimal("1234.5678"), 0.125, "plain", b"\x00\x01\xff", datetime.date(2024, 2, 29),
         datetime.datetime(2024, 2, 29, 13, 14, 15, 123456), uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), None),
        (2, -5, decimal.Decimal("-0.0001"), -1e10, "ünïcödé ✓ 🚀", b"", datetime.date(1999, 12, 31),
         datetime.datetime(1999, 12, 31, 23, 59, 59), uuid.UUID("00000000-0000-0000-0000-0000000000aa"), 7),
    ]
    cur.executemany(f"INSERT INTO {t} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.commit()
    cur.execute(f"SELECT id, big, amount, ratio, name, raw, day, moment, ident, maybe FROM {t} WHERE id >= ? ORDER BY id", 1)
    got = [tuple(r) for r in cur.fetchall()]
    assert got == rows, f"{label}: round trip mismatch\n got {got}\nwant {rows}"
    types = [type(v) for v in got[0]]
    want = [int, int, decimal.Decimal, float, str, bytes, datetime.date, datetime.datetime, uuid.UUID, type(None)]
    assert types == want, f"{label}: python types {types} != {want}"
    cur.execute(f"SELECT count(*) FROM {t} WHERE name = ?", "ünïcödé ✓ 🚀")
    assert cur.fetchone()[0] == 1, f"{label}: unicode parameter did not match"
    names = [d[0] for d in cur.description]
    assert names == ["count"], names
    cur.execute(f"DROP TABLE {t}")
    conn.commit()


conn = pyodbc.connect(f"DSN={dsn}")
check(conn, "by DSN")
conn.close()
conn = pyodbc.connect(dsnless_from_ini(dsn))
check(conn, "DSN-less")
conn.close()
print(f"pyodbc against {dsn}: all checks passed")
