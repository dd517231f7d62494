"""Real client: Debian's python3-pyodbc, parameter typing as applications use it. Python str parameters
arrive as SQL_C_WCHAR / SQL_WVARCHAR: they must work where the server infers their type (int_col = ?,
? || ?) and in the functions whose arguments it cannot type ({fn CONCAT(?, ?)}, concat(?, ?)); long values
must round-trip. Run with DSN psqlodbc_pg it shows what psqlODBC
users get (there, raw concat(?, ?) is a 42P18 error).
Usage: /usr/bin/python3 pyodbc_params_test.py DSN"""
import sys

import pyodbc

dsn = sys.argv[1]
psqlodbc = dsn.startswith("psqlodbc")
conn = pyodbc.connect("DSN=" + dsn, autocommit=True)
cur = conn.cursor()
t = "py_params_" + dsn
cur.execute(f"DROP TABLE IF EXISTS {t}")
cur.execute(f"CREATE TABLE {t} (id int PRIMARY KEY, v text)")
cur.execute(f"INSERT INTO {t} VALUES (?, ?)", 7, "seven")
failures = []


def expect(label, sql, args, want):
    try:
        got = cur.execute(sql, *args).fetchone()[0]
    except pyodbc.Error as e:
        got = "ERROR " + e.args[0]
    if got != want:
        failures.append(f"{label}: {got!r} != {want!r}")


expect("fn concat", "SELECT {fn CONCAT(?, ?)}", ["ab", "cd"], "abcd")
expect("pipes", "SELECT ? || ?", ["ab", "cd"], "abcd")
expect("int column = str", f"SELECT v FROM {t} WHERE id = ?", ["7"], "seven")
expect("concat", "SELECT concat(?, ?)", ["ab", "cd"], "ERROR 42P18" if psqlodbc else "abcd")
expect("format", "SELECT format('%s-%s', ?, ?)", ["ab", "cd"], "ERROR 42P18" if psqlodbc else "ab-cd")
long_value = "x€" * 300000  # longer than any column size the driver reports
cur.execute(f"INSERT INTO {t} VALUES (?, ?)", 8, long_value)
expect("long value", f"SELECT CASE WHEN v = ? THEN 'same' ELSE 'differs' END FROM {t} WHERE id = 8",
       [long_value], "same")
cur.execute(f"DROP TABLE {t}")
if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"pyodbc parameters on {dsn}: ok")
