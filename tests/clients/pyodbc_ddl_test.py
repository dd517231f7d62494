"""Real client: a new user's PostgreSQL schema and maintenance script through Debian's python3-pyodbc against the
DSQL emulator with default keys (shim/sql/README.md). A bookstore with ON DELETE CASCADE keeps its integrity
(cascade, 23503); serial keys, CREATE SEQUENCE and identity on integer run unchanged and are described as
bigint; `VACUUM ANALYZE t; TRUNCATE t;` runs and empties a 10,000-row table; then, with the emulator refusing
FOREIGN KEY clauses as DSQL did before 2026-08, the same bookstore DDL still runs, with a note naming the lost
cascade. It switches the shared emulator, so ctest runs it alone (RUN_SERIAL).
Usage: /usr/bin/python3 pyodbc_ddl_test.py"""
import json
import os
import sys
import urllib.request

import pyodbc

failures = []


def expect(cond, what):
    if not cond:
        failures.append(what)


def control(path, body):
    emu = json.load(open(os.path.join(os.environ["DSQL_TEST_STATE"], "emulator", "emulator.json")))
    req = urllib.request.Request(emu["control_url"] + path, method="POST", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


def messages(cur):
    return " ".join(str(m[1]) for m in (cur.messages or []))


BOOKSTORE = [
    "DROP TABLE IF EXISTS py26_reviews",
    "DROP TABLE IF EXISTS py26_books",
    "CREATE TABLE py26_books (id serial PRIMARY KEY, title text NOT NULL)",
    "CREATE TABLE py26_reviews (id serial PRIMARY KEY, "
    "book_id integer NOT NULL REFERENCES py26_books(id) ON DELETE CASCADE, stars integer)",
]


def bookstore(conn):
    cur = conn.cursor()
    for sql in BOOKSTORE:
        cur.execute(sql)
    return cur


def enforced(conn):
    cur = bookstore(conn)
    cur.execute("INSERT INTO py26_books (title) VALUES ('Dune'), ('Emma')")
    cur.execute("INSERT INTO py26_reviews (book_id, stars) SELECT id, 5 FROM py26_books")
    cur.execute("DELETE FROM py26_books WHERE title = ?", "Dune")
    left = cur.execute("SELECT count(*) FROM py26_reviews").fetchval()
    expect(left == 1, f"ON DELETE CASCADE: expected 1 review left, got {left}")
    try:
        cur.execute("INSERT INTO py26_reviews (book_id, stars) VALUES (?, ?)", 999999, 1)
        failures.append("a dangling reference was accepted")
    except pyodbc.IntegrityError as e:
        expect(e.args[0] == "23503", f"dangling reference: expected 23503, got {e.args}")


def integer_keys(conn):
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS py26_items")
    cur.execute("DROP SEQUENCE IF EXISTS py26_seq")
    cur.execute("CREATE SEQUENCE py26_seq")
    cur.execute("CREATE TABLE py26_items (id serial PRIMARY KEY, n integer GENERATED ALWAYS AS IDENTITY, "
                "code bigint DEFAULT nextval('py26_seq'), name text)")
    cur.execute("INSERT INTO py26_items (name) VALUES (?)", "a")
    cur.execute("INSERT INTO py26_items (name) VALUES (?)", "b")
    rows = cur.execute("SELECT id, n, code FROM py26_items ORDER BY name").fetchall()
    expect(len(rows) == 2 and all(v is not None and v > 0 for r in rows for v in r), f"keys: {rows}")
    expect(len({r[0] for r in rows}) == 2, f"serial keys must differ: {rows}")
    expect(isinstance(rows[0][0], int), f"id comes back as int: {type(rows[0][0])}")
    types = {c.column_name: c.data_type for c in cur.columns(table="py26_items")}
    expect(types.get("id") == pyodbc.SQL_BIGINT and types.get("n") == pyodbc.SQL_BIGINT,
           f"SQLColumns: id/n should be SQL_BIGINT ({pyodbc.SQL_BIGINT}), got {types}")


def maintenance(conn):
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS py26_big")
    cur.execute("CREATE TABLE py26_big (id bigint PRIMARY KEY, v text)")
    for k in range(4):  # 2,500 rows per transaction, within DSQL's 3,000
        cur.execute(f"INSERT INTO py26_big SELECT g, 'x' FROM generate_series({k * 2500 + 1}, {(k + 1) * 2500}) g")
    expect(cur.execute("SELECT count(*) FROM py26_big").fetchval() == 10000, "10,000 rows inserted")
    cur.execute("VACUUM ANALYZE py26_big; TRUNCATE py26_big;")
    expect(cur.execute("SELECT count(*) FROM py26_big").fetchval() == 0, "TRUNCATE emptied the table")
    cur.execute("VACUUM")


def fallback(conn):
    cur = conn.cursor()
    for sql in BOOKSTORE[:-1]:
        cur.execute(sql)
    cur.execute(BOOKSTORE[-1])
    notes = messages(cur)
    expect("refuses FOREIGN KEY clauses" in notes, f"fallback note missing: {notes!r}")
    expect("ON DELETE CASCADE" in notes, f"the note must name the lost cascade: {notes!r}")
    cur.execute("INSERT INTO py26_books (title) VALUES ('Dune')")
    cur.execute("INSERT INTO py26_reviews (book_id, stars) SELECT id, 5 FROM py26_books")
    expect(cur.execute("SELECT count(*) FROM py26_reviews").fetchval() == 1, "stripped schema takes rows")


with pyodbc.connect("DSN=dsql_emu", autocommit=True) as conn:
    enforced(conn)
    integer_keys(conn)
    maintenance(conn)
control("/config", {"foreign_keys": False})
try:
    with pyodbc.connect("DSN=dsql_emu", autocommit=True) as conn:
        fallback(conn)
finally:
    control("/config", {"foreign_keys": True})

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("pyodbc DSQL DDL acceptance against dsql_emu: all checks passed")
