"""DSQL run-time behaviour as a pyodbc application meets it, against a private DSQL emulator started here
(its limits and injected faults must not disturb the shared fixture): connections older than the
maximum age are replaced between transactions with a fresh token and the session's SET state; a
connection lost inside a transaction gives 08S01 for that transaction only; connects during a waking
cluster or a rate-limit period succeed; OCC conflicts in autocommit never reach the application, and in
explicit transactions arrive as 40001 with the documented native code so the application's own retry
loop works; CREATE TABLE then INSERT then commit works in manual-commit mode; driver-manager pooling
recycles connections across maximum ages.
Usage: /usr/bin/python3 resilience_test.py  (env: DSQL_DRIVER_SO; the emulator needs tests/emulator)"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import pyodbc

HERE = os.path.dirname(os.path.abspath(__file__))
EMULATORCTL = os.path.join(HERE, "..", "emulator", "emulatorctl.py")
MAX_AGE = 4  # seconds: short enough to cross several times in a test
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def control(emu, path, body=None):
    req = urllib.request.Request(emu["control_url"] + path, method="POST" if body is not None else "GET",
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"{}")


def conn_str(emu, extra="", case=None):
    # Each case names itself (ApplicationName): the driver manager pools by connection string, and a pooled
    # connection keeps the attributes (autocommit) its last user set.
    case = case or sys._getframe(1).f_code.co_name
    return (f"Driver={{DSQL_TEST}};ApplicationName={case};Server={emu['endpoint']};HostAddr=127.0.0.1;Port={emu['port']};UID=admin;"
            f"SSLRootCert={emu['ca_file']};LogLevel=info;LogFile={emu['dir']}/driver.log;" + extra)


def sqlstate(e):
    return e.args[0] if e.args else ""


def test_connection_age(emu):
    conn = pyodbc.connect(conn_str(emu), autocommit=True)
    cur = conn.cursor()
    cur.execute("SET search_path = resilience, public")
    cur.execute("SET timezone = 'Asia/Tokyo'")
    pids, tokens, errors = set(), {}, []
    deadline = time.monotonic() + 3 * MAX_AGE + 1
    while time.monotonic() < deadline:
        try:
            cur.execute("SELECT pg_backend_pid(), current_setting('search_path'), current_setting('TimeZone')")
            pid, path, tz = cur.fetchone()
            pids.add(pid)
            for sess in control(emu, "/status")["sessions"]:  # this case's connection is the only one open
                tokens[sess["connection"]] = sess["token_sha256"]
            if path != "resilience, public" or tz != "Asia/Tokyo":
                errors.append(f"session state lost: {path!r} {tz!r}")
        except pyodbc.Error as e:
            errors.append(str(e))
        time.sleep(1)
    check(not errors, f"age: one statement a second across {3 * MAX_AGE + 1} s, no error ({errors[:2]})")
    check(len(pids) >= 3, f"age: the session was replaced at its maximum age ({len(pids)} server sessions)")
    check(len(tokens) >= 3 and len(set(tokens.values())) == len(tokens),
          f"age: every reconnect signed a fresh token ({len(set(tokens.values()))} tokens, {len(tokens)} connections)")
    conn.close()


def test_lost_inside_transaction(emu):
    conn = pyodbc.connect(conn_str(emu, "MaxConnectionAge=0"), autocommit=False)
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS lost_txn")
    cur.execute("CREATE TABLE lost_txn (id int PRIMARY KEY)")
    conn.commit()
    cur.execute("INSERT INTO lost_txn VALUES (1)")
    control(emu, "/sessions/close", {"reason": "terminating connection due to administrator command"})
    time.sleep(0.8)  # the emulator closes the session at its next idle check (every 0.25 s)
    states = []
    for sql in ("INSERT INTO lost_txn VALUES (2)", "SELECT 1"):
        try:
            cur.execute(sql)
            states.append("ok")
        except pyodbc.Error as e:
            states.append(sqlstate(e))
    check(states == ["08S01", "08S01"], f"lost in transaction: every statement of it gets 08S01 ({states})")
    try:
        conn.commit()
        check(False, "lost in transaction: commit must not report success")
    except pyodbc.Error as e:
        check(sqlstate(e) == "08S01", f"lost in transaction: commit says 08S01 ({e})")
    cur.execute("INSERT INTO lost_txn VALUES (3)")
    conn.commit()
    cur.execute("SELECT id FROM lost_txn ORDER BY id")
    got = [r[0] for r in cur.fetchall()]
    check(got == [3], f"lost in transaction: nothing of it committed, the next transaction works ({got})")
    conn.commit()
    conn.close()


def test_connect_refusals(emu):
    # Six refusals outlast 2 s of backoff (0.1 + 0.2 + 0.4 + 0.8 + 1.6 s, +/- 25 %): a cluster waking up for
    # two seconds, or a rate limit for as long.
    for reason in ("waking", "rate"):
        control(emu, "/inject/connect-refusal", {"count": 6, "reason": reason})
        t0 = time.monotonic()
        try:
            conn = pyodbc.connect(conn_str(emu, "LoginTimeout=15", case=f"refusal_{reason}"), autocommit=True)
            ok = conn.cursor().execute("SELECT 1").fetchone()[0] == 1
            conn.close()
        except pyodbc.Error as e:
            ok = False
            print(e)
        spent = time.monotonic() - t0
        check(ok and spent >= 2.0, f"connect during a {spent:.1f} s '{reason}' refusal period succeeds")
    # pyodbc connects twice when SQLDriverConnectW fails (the second time with the ANSI function): each call
    # keeps to the 3 s login timeout, so the whole connect must end within 6 s.
    control(emu, "/inject/connect-refusal", {"count": 1000, "reason": "rate"})
    t0 = time.monotonic()
    try:
        pyodbc.connect(conn_str(emu, "LoginTimeout=3"), autocommit=True)
        check(False, "connect refused throughout the login timeout fails")
    except pyodbc.Error as e:
        spent = time.monotonic() - t0
        check("rate exceeded" in str(e) and spent < 6, f"a refusal that outlasts the login timeout is reported in time ({spent:.1f} s)")
    control(emu, "/reset", {})
    control(emu, "/config", {"max_connection_age": MAX_AGE})


def increments(emu, explicit, threads=8, each=200):
    setup = pyodbc.connect(conn_str(emu), autocommit=True)
    setup.cursor().execute("DROP TABLE IF EXISTS counter")
    setup.cursor().execute("CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)")
    setup.cursor().execute("INSERT INTO counter VALUES (1, 0)")
    errors, conflicts = [], [0]
    lock = threading.Lock()

    def work():
        # The driver's maximum age below the server's, as the default is for DSQL (55 < 60 minutes).
        conn = pyodbc.connect(conn_str(emu, f"MaxConnectionAge={MAX_AGE // 2}", case=f"work_{explicit}"),
                              autocommit=not explicit)
        cur = conn.cursor()
        for _ in range(each):
            for attempt in range(50):
                try:
                    cur.execute("UPDATE counter SET n = n + 1 WHERE id = 1")
                    if explicit:
                        conn.commit()
                    break
                except pyodbc.Error as e:
                    if explicit and sqlstate(e) == "40001" and "(1000)" in str(e):
                        with lock:
                            conflicts[0] += 1
                        conn.rollback()
                        time.sleep(0.001 * (attempt + 1))
                        continue
                    with lock:
                        errors.append(str(e))
                    break
        conn.close()

    ts = [threading.Thread(target=work) for _ in range(threads)]
    t0 = time.monotonic()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    n = setup.cursor().execute("SELECT n FROM counter WHERE id = 1").fetchone()[0]
    setup.close()
    return n, errors, conflicts[0], time.monotonic() - t0


def test_occ(emu):
    n, errors, _, secs = increments(emu, explicit=False)
    check(not errors and n == 1600, f"occ autocommit: 8 x 200 increments give {n}, {len(errors)} errors ({secs:.1f} s) {errors[:1]}")
    n, errors, conflicts, secs = increments(emu, explicit=True)
    check(not errors and n == 1600,
          f"occ explicit: the application's retry loop ends at {n} after {conflicts} conflicts seen as 40001/(1000) ({secs:.1f} s) {errors[:1]}")


def test_ddl_then_dml_in_manual_commit(emu):
    conn = pyodbc.connect(conn_str(emu), autocommit=False)
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS fill_me")
    cur.execute("CREATE TABLE fill_me (id int PRIMARY KEY, v text)")
    cur.execute("INSERT INTO fill_me VALUES (1, 'a'), (2, 'b')")
    conn.commit()
    cur.execute("SELECT count(*) FROM fill_me")
    check(cur.fetchone()[0] == 2, "manual commit: CREATE TABLE, INSERT, commit works on DSQL")
    conn.commit()
    cur.execute("INSERT INTO fill_me VALUES (3, 'c')")
    try:
        cur.execute("CREATE INDEX ASYNC fill_me_v ON fill_me (v)")
        check(False, "manual commit: DDL after DML in one transaction is refused")
    except pyodbc.Error as e:
        check(sqlstate(e) == "0A000" and "IsolateDdl" in str(e), f"manual commit: DDL after DML gets 0A000 with a hint ({e})")
    conn.rollback()
    conn.close()


def test_pooling(emu):
    pyodbc.pooling = True
    errors = []
    deadline = time.monotonic() + 2 * MAX_AGE + 1
    count = 0
    while time.monotonic() < deadline:
        try:
            conn = pyodbc.connect(conn_str(emu), autocommit=True)
            conn.cursor().execute("SELECT 1").fetchone()
            conn.close()
            count += 1
        except pyodbc.Error as e:
            errors.append(str(e))
        time.sleep(0.25)
    check(not errors, f"pooling: {count} connect/query/close across {2 * MAX_AGE + 1} s without error {errors[:1]}")


def main():
    driver = os.environ["DSQL_DRIVER_SO"]
    with tempfile.TemporaryDirectory(prefix="dsql-resilience-") as d:
        odbc = os.path.join(d, "odbc")
        os.makedirs(odbc)
        with open(os.path.join(odbc, "odbcinst.ini"), "w") as f:
            f.write(f"[ODBC]\nPooling = Yes\n\n[DSQL_TEST]\nDriver = {driver}\nCPTimeout = 60\n")
        open(os.path.join(odbc, "odbc.ini"), "w").close()
        os.environ["ODBCSYSINI"] = odbc
        os.environ["ODBCINI"] = os.path.join(odbc, "odbc.ini")
        # The emulator and its PostgreSQL are not ours to instrument: under the sanitizer preset this process
        # has the sanitizer runtime preloaded (for the driver inside pyodbc); they must not inherit it.
        server_env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "ASAN_OPTIONS", "LSAN_OPTIONS")}
        r = subprocess.run([sys.executable, EMULATORCTL, "start", "--dir", os.path.join(d, "emu"),
                            "--max-connection-age", str(MAX_AGE)], capture_output=True, text=True, timeout=120,
                           env=server_env)
        if r.returncode != 0:
            sys.exit("emulator did not start: " + r.stdout + r.stderr)
        emu = json.loads(open(os.path.join(d, "emu", "emulator.json")).read())
        emu["dir"] = d
        try:
            for t in (test_connection_age, test_lost_inside_transaction, test_connect_refusals,
                      test_ddl_then_dml_in_manual_commit, test_occ, test_pooling):
                try:
                    t(emu)
                except Exception as e:  # noqa: BLE001 - report and go on to the next case
                    check(False, f"{t.__name__} raised {e!r}")
            log = open(os.path.join(d, "driver.log"), errors="replace").read()
            check("reconnected" in log, "the driver log records reconnects at info")
            check("emulator/static/secret+key" not in log and "X-Amz-Signature" not in log, "no secret in the driver log")
        finally:
            subprocess.run([sys.executable, EMULATORCTL, "stop", "--dir", os.path.join(d, "emu")], timeout=60,
                           env=server_env)
    print(f"{len(failures)} case(s) failed" if failures else "all cases passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
