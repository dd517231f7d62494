"""Real client: unixODBC's isql and iusql against the driver. Runs a batch script through `isql -v -b DSN`
and checks the rows printed for every mapped type, a parameterless DML round trip, and that isql's `help`
(SQLTables) lists a table. Usage: isql_test.py DSN"""
import subprocess
import sys

dsn = sys.argv[1]
failures = []


def isql(tool, script):
    r = subprocess.run([tool, "-v", "-b", "-d|", dsn], input=script, capture_output=True, text=True, timeout=120)
    if r.returncode != 0 or "[ISQL]ERROR" in r.stdout:
        raise SystemExit(f"{tool} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r.stdout


def expect(output, needle, what):
    if needle not in output:
        failures.append(f"{what}: expected {needle!r} in output:\n{output}")


table = "isql_t_" + dsn
out = isql("isql", f"DROP TABLE IF EXISTS {table}\n"
                   f"CREATE TABLE {table} (id int PRIMARY KEY, name varchar(20), amount numeric(10,2))\n"
                   f"INSERT INTO {table} VALUES (1, 'first', 12.50), (2, NULL, -3.25)\n"
                   f"SELECT id, name, amount FROM {table} ORDER BY id\n")
expect(out, "1|first|12.50", "select of inserted row")
expect(out, "2||-3.25", "NULL renders empty")

types = {
    "true": "1", "32767::int2": "32767", "2147483647::int4": "2147483647",
    "9223372036854775807::int8": "9223372036854775807", "123.456::numeric(9,3)": "123.456",
    "1.5::float4": "1.5", "-2.25::float8": "-2.25", "'text value'::text": "text value",
    "'vc'::varchar(5)": "vc", "'ch'::char(3)": "ch ", "'\\xdeadbeef'::bytea": "DEADBEEF",
    "'2024-02-29'::date": "2024-02-29", "'23:59:58'::time": "23:59:58",
    "'2024-02-29 01:02:03.25'::timestamp": "2024-02-29 01:02:03.25",
    "'2024-02-29 01:02:03+00'::timestamptz": "2024-02-29 01:02:03",
    "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid": "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
    "'{\"a\":1}'::json": '{"a":1}', "'{\"b\": 2}'::jsonb": '{"b": 2}',
}
script = "".join(f"SELECT 'v=' || 'x', {expr}\n" for expr in types)
for tool in ("isql", "iusql"):
    out = isql(tool, script)
    for expr, value in types.items():
        shown = value.lower() if "bytea" in expr else value
        if f"vx|{value}" not in out and f"v=x|{value}" not in out and f"v=x|{shown}" not in out:
            failures.append(f"{tool} {expr}: expected {value!r} in\n{out}")

if dsn == "dsql_emu":
    # With ShimNotes=1 every rewrite is reported, and isql (which treats anything but SQL_SUCCESS from
    # SQLPrepare as a failure) must still run the statements: notes come at execute time.
    notes = subprocess.run(["isql", "-v", "-b", "dsql_emu_notes"], capture_output=True, text=True, timeout=120,
                           input="DROP TABLE IF EXISTS isql_notes_child\n"
                                 "CREATE TABLE isql_notes_child (id serial PRIMARY KEY, p int REFERENCES isql_t_dsql_emu(id))\n"
                                 "CREATE INDEX isql_notes_idx ON isql_notes_child (p)\n"
                                 "SELECT 'notes-ok' FROM isql_notes_child LIMIT 1\n").stdout
    expect(notes, "SQL rewritten (serial-as-identity)", "ShimNotes reports the serial rewrite")
    expect(notes, "SQL rewritten (create-index-async)", "ShimNotes reports the index rewrite")
    expect(notes, "job_id", "CREATE INDEX ASYNC answers a job_id")
    if "[ISQL]ERROR" in notes:
        failures.append(f"isql reported an error with ShimNotes=1:\n{notes}")

out = isql("isql", "help\n")
expect(out, table, "isql help (SQLTables) lists the table")
out = isql("iusql", f"help {table}\n")
expect(out, "amount", "iusql help TABLE (SQLColumns) lists its columns")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"isql/iusql against {dsn}: all checks passed")
