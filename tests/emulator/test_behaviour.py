#!/usr/bin/python3
"""Emulator behaviour tests over real connections (libpq through psycopg2, which uses the simple protocol,
and the raw client for the extended protocol): CREATE INDEX ASYNC and sys.jobs, the control API's conflict
injections, the row/size/age limits, the connection lifetime limit, cancel and COPY.
Run: test_behaviour.py [EMULATOR_DIR]."""
import os
import re
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import psycopg2  # noqa: E402
import psycopg2.errors  # noqa: E402

from dsqlemu import testing, wire  # noqa: E402

EMU = None
OC000 = "change conflicts with another transaction (OC000)"
OC001 = "schema has been updated by another transaction (OC001)"


def connect(autocommit=True, user="admin"):
    c = psycopg2.connect(host=EMU.info["endpoint"], hostaddr="127.0.0.1", port=EMU.info["port"], user=user,
                         password=EMU.token(user), dbname="postgres", sslmode="verify-full",
                         sslrootcert=EMU.info["ca_file"], connect_timeout=10)
    c.autocommit = autocommit
    return c


def run(conn, sql, params=None):
    cur = conn.cursor()
    cur.execute(sql, params)
    return cur


class Base(unittest.TestCase):
    def setUp(self):
        EMU.control("/reset", {})
        self.conns = []

    def tearDown(self):
        for c in self.conns:
            c.close()

    def conn(self, autocommit=True):
        c = connect(autocommit)
        self.conns.append(c)
        return c

    def assertPgError(self, sqlstate, message, fn, *args):
        with self.assertRaises(psycopg2.Error) as cm:
            fn(*args)
        self.assertEqual((cm.exception.pgcode, cm.exception.diag.message_primary), (sqlstate, message))
        return cm.exception

    def table(self, name, ddl="(id int PRIMARY KEY, v text)"):
        c = self.conn()
        run(c, f"DROP TABLE IF EXISTS {name}")
        run(c, f"CREATE TABLE {name} {ddl}")
        return c


class AsyncIndex(Base):
    def test_create_index_async_job(self):
        c = self.table("beh_idx")
        cur = run(c, "CREATE INDEX ASYNC beh_idx_v ON beh_idx (v)")
        self.assertEqual(cur.statusmessage, "CREATE INDEX")
        self.assertEqual([d.name for d in cur.description], ["job_id"])
        job = cur.fetchone()[0]
        self.assertRegex(job, r"^[a-z2-7]{26}$")
        self.assertEqual(run(c, "SELECT status, job_type, class_id FROM sys.jobs WHERE job_id = %s", (job,))
                         .fetchall(), [("completed", "INDEX_BUILD", 1259)])
        self.assertEqual(run(c, "CALL sys.wait_for_job(%s)", (job,)).fetchone(), (True,))
        self.assertEqual(run(c, "SELECT count(*) FROM pg_indexes WHERE indexname = 'beh_idx_v'").fetchone(), (1,))
        self.assertPgError("22P02", "Unable to convert text to UUID", run, c, "CALL sys.wait_for_job('x')")

    def test_wait_for_job_refused_in_transaction(self):
        c = self.conn(autocommit=False)
        self.assertPgError("0A000", "CALL sys.wait_for_job not supported in transaction block", run, c,
                           "CALL sys.wait_for_job('aaaaaaaaaaaaaaaaaaaaaaaaaa')")

    def test_extended_protocol_async_index_describe(self):
        self.table("beh_idx2")
        raw = EMU.connect()
        r = raw.extended("CREATE INDEX ASYNC ON beh_idx2 (v)", describe_statement=True)
        self.assertEqual((r.outcome, r.command_tag, r.columns), ("ok", "CREATE INDEX", ["job_id"]))
        self.assertRegex(r.rows[0][0], r"^[a-z2-7]{26}$")
        raw.close()


class ExtendedProtocol(Base):
    def test_named_statement_reused_across_syncs(self):
        self.table("beh_ext")
        raw = EMU.connect()
        raw.sock.sendall(wire.build_parse("ins", "INSERT INTO beh_ext VALUES ($1, $2)") + wire.SYNC)
        self.assertEqual(raw._collect([]), [])
        for i in (1, 2):
            raw.sock.sendall(wire.build_bind("", "ins", (str(i), f"v{i}")) + wire.build_execute("") + wire.SYNC)
            self.assertEqual(raw._collect([])[0].command_tag, "INSERT 0 1")
        self.assertEqual(raw.query("SELECT count(*) FROM beh_ext").rows, [["2"]])
        raw.close()

    def test_refused_parse_creates_no_statement(self):
        raw = EMU.connect()
        raw.sock.sendall(wire.build_parse("t", "TRUNCATE beh_ext") + wire.SYNC)
        r = raw._collect([])
        self.assertEqual((r[0].sqlstate, r[0].message), ("0A000", "unsupported statement: Truncate"))
        raw.sock.sendall(wire.build_bind("", "t") + wire.build_execute("") + wire.SYNC)
        self.assertEqual(raw._collect([])[0].sqlstate, "26000")
        self.assertEqual(raw.query("SELECT 1").rows, [["1"]])
        raw.close()

    def test_pipeline_error_skips_until_sync(self):
        raw = EMU.connect()
        m = b""
        for sql in ("SELECT 1", "SAVEPOINT x", "SELECT 2"):
            m += wire.build_parse("", sql) + wire.build_bind("", "") + wire.build_execute("")
        raw.sock.sendall(m + wire.SYNC)
        r = raw._collect([])
        self.assertEqual([x.command_tag or x.sqlstate for x in r], ["SELECT 1", "0A000"])
        self.assertEqual(raw.status, "I")
        raw.close()


class Injection(Base):
    def test_commit_conflict_injection(self):
        c = self.table("beh_inj")
        EMU.control("/inject/commit-conflict", {"count": 1})
        t = self.conn(False)
        run(t, "INSERT INTO beh_inj VALUES (1, 'x')")
        self.assertPgError("40001", OC000, t.commit)
        self.assertEqual(run(c, "SELECT count(*) FROM beh_inj").fetchone(), (0,))
        run(t, "INSERT INTO beh_inj VALUES (1, 'x')")
        t.commit()
        self.assertEqual(run(c, "SELECT count(*) FROM beh_inj").fetchone(), (1,))

    def test_statement_conflict_injection(self):
        c = self.table("beh_inj2")
        self.table("beh_other")
        EMU.control("/inject/statement-conflict", {"table": "beh_inj2", "count": 2, "code": "OC001"})
        run(c, "SELECT * FROM beh_other")
        self.assertPgError("40001", OC001, run, c, "SELECT * FROM beh_inj2")
        self.assertPgError("40001", OC001, run, c, "INSERT INTO beh_inj2 VALUES (1, 'x')")
        self.assertEqual(run(c, "INSERT INTO beh_inj2 VALUES (1, 'x')").rowcount, 1)

    def test_close_session(self):
        c = self.conn()
        accepted = EMU.control("/status")["connections_accepted"]
        d = EMU.connect()
        # The session is found by its connection number (sessions of earlier tests may still come and go),
        # polling briefly: under load the status can lag the connection's start-up.
        deadline = time.monotonic() + 5
        while True:
            new = [s["id"] for s in EMU.control("/status")["sessions"] if s["connection"] > accepted]
            if new or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self.assertEqual(len(new), 1)
        EMU.control("/sessions/close", {"id": new[0], "reason": "closed by test"})
        kind, body, _ = d.reader.read()          # the idle session gets a FATAL, then EOF
        self.assertEqual((kind, dict(wire.parse_fields(body))["M"]), ("E", "closed by test"))
        with self.assertRaises(wire.ConnectionClosed):
            d.reader.read()
        d.sock.close()
        self.assertEqual(run(c, "SELECT 1").fetchone(), (1,))


class Limits(Base):
    def test_row_limit_extended_and_size_limit(self):
        c = self.table("beh_size", "(id int PRIMARY KEY, v text)")
        t = self.conn(False)
        run(t, "INSERT INTO beh_size SELECT g, repeat('x', 600000) FROM generate_series(1, 18) g")
        e = self.assertPgError("54000", "transaction size limit 10mb exceeded", t.commit)
        self.assertRegex(e.diag.message_detail, r"^Current transaction size \d+mb > 10mb$")
        self.assertEqual(run(c, "SELECT count(*) FROM beh_size").fetchone(), (0,))

    def test_transaction_age_limit(self):
        EMU.control("/config", {"transaction_age_limit": 1})
        t = self.conn(False)
        run(t, "SELECT 1")
        time.sleep(1.2)
        e = self.assertPgError("54000", "transaction age limit of 1.0s exceeded", run, t, "SELECT 1")
        self.assertIn("exceeds 1.0s", e.diag.message_detail)
        t.rollback()
        run(t, "SELECT 1")
        time.sleep(1.2)
        self.assertPgError("54000", "transaction age limit of 1.0s exceeded", t.commit)

    def test_connection_age_limit(self):
        EMU.control("/config", {"max_connection_age": 1})
        raw, c = EMU.connect(), connect()
        run(c, "BEGIN")                            # a transaction in flight may finish first
        time.sleep(1.3)
        self.assertEqual(run(c, "SELECT 1").fetchone(), (1,))
        run(c, "COMMIT")
        kind, body, _ = raw.reader.read()
        f = dict(wire.parse_fields(body))
        self.assertEqual((kind, f["S"], f["C"], f["M"]),
                         ("E", "FATAL", "57P01", "terminating connection: maximum connection age of 1.0s exceeded"))
        with self.assertRaises(psycopg2.OperationalError):
            run(c, "SELECT 1")
        c.close()
        raw.sock.close()

    def test_message_over_10_mib_drops_connection(self):
        c = self.conn()
        # Just under the limit (the Query message's length word is 4 + text + NUL): answered.
        head = "SELECT length('"
        fill = wire.MAX_CLIENT_MESSAGE - 4 - 1 - len(head) - len("')")
        self.assertEqual(run(c, head + "x" * fill + "')").fetchone(), (fill,))
        # One byte over: no answer, no error message, the connection is gone (and promptly: no hang).
        started = time.monotonic()
        with self.assertRaises(psycopg2.OperationalError) as cm:
            run(c, head + "x" * (fill + 1) + "')")
        self.assertLess(time.monotonic() - started, 10)
        self.assertIsNone(cm.exception.pgcode)
        self.assertTrue(c.closed)
        # Other sessions are unaffected.
        self.assertEqual(run(self.conn(), "SELECT 1").fetchone(), (1,))

class ForeignKeys(Base):
    """DSQL enforces foreign keys since 2026-08 (the emulator's backend does the enforcing); the
    `foreign_keys` switch refuses every FK clause as DSQL did before."""
    def schema(self):
        c = self.conn()
        run(c, "DROP TABLE IF EXISTS fk_child")
        run(c, "DROP TABLE IF EXISTS fk_parent")
        run(c, "CREATE TABLE fk_parent (id bigint PRIMARY KEY)")
        run(c, "CREATE TABLE fk_child (id bigint PRIMARY KEY, p bigint REFERENCES fk_parent(id) ON DELETE CASCADE)")
        return c

    def test_enforced_with_cascade(self):
        c = self.schema()
        run(c, "INSERT INTO fk_parent VALUES (1), (2)")
        run(c, "INSERT INTO fk_child VALUES (10, 1), (11, 1), (20, 2)")
        with self.assertRaises(psycopg2.Error) as cm:
            run(c, "INSERT INTO fk_child VALUES (30, 3)")
        self.assertEqual(cm.exception.pgcode, "23503")
        run(c, "DELETE FROM fk_parent WHERE id = 1")
        self.assertEqual(run(c, "SELECT id FROM fk_child ORDER BY id").fetchall(), [(20,)])

    def test_switch_refuses_fk_clauses(self):
        self.schema()
        EMU.control("/config", {"foreign_keys": False})
        self.assertFalse(EMU.control("/status")["foreign_keys"])
        c = self.conn()
        msg = "foreign key constraints not supported"
        self.assertPgError("0A000", msg, run, c, "CREATE TABLE fk_x (id bigint PRIMARY KEY, p bigint REFERENCES fk_parent)")
        self.assertPgError("0A000", msg, run, c,
                           "CREATE TABLE fk_x (id bigint, CONSTRAINT f FOREIGN KEY (id) REFERENCES fk_parent(id))")
        self.assertPgError("0A000", msg, run, c,
                           "ALTER TABLE fk_child ADD CONSTRAINT f2 FOREIGN KEY (p) REFERENCES fk_parent NOT VALID")
        run(c, "CREATE TABLE IF NOT EXISTS fk_plain (id bigint PRIMARY KEY)")    # everything else still runs
        run(c, "DROP TABLE fk_plain")
        EMU.control("/reset", {})
        self.assertTrue(EMU.control("/status")["foreign_keys"])
        run(c, "ALTER TABLE fk_child ADD CONSTRAINT f2 FOREIGN KEY (p) REFERENCES fk_parent NOT VALID")


class Misc(Base):
    def test_isolation(self):
        c = self.conn()
        self.assertEqual(run(c, "SHOW transaction_isolation").fetchone(), ("repeatable read",))
        self.assertPgError("0A000", "Unsupported isolation level: READ COMMITTED", run, c,
                           "BEGIN ISOLATION LEVEL READ COMMITTED")

    def test_simple_multi_statement_is_one_transaction(self):
        c = self.table("beh_multi")
        self.assertPgError("0A000", "ddl and dml are not supported in the same transaction", run, c,
                           "CREATE TABLE beh_multi2 (id int); INSERT INTO beh_multi VALUES (1, 'x')")
        self.assertEqual(run(c, "SELECT to_regclass('beh_multi2') IS NULL").fetchone(), (True,))

    def test_cancel(self):
        c = self.conn()
        threading.Timer(0.3, c.cancel).start()
        with self.assertRaises(psycopg2.errors.QueryCanceled):
            run(c, "SELECT pg_sleep(5)")
        self.assertEqual(run(c, "SELECT 1").fetchone(), (1,))

    def test_copy_from_stdin(self):
        import io
        c = self.table("beh_copy")
        c.cursor().copy_expert("COPY beh_copy FROM STDIN", io.StringIO("1\ta\n2\tb\n"))
        self.assertEqual(run(c, "SELECT count(*) FROM beh_copy").fetchone(), (2,))

    def test_error_position_in_multi_statement(self):
        c = self.conn()
        with self.assertRaises(psycopg2.Error) as cm:
            run(c, "SELECT 1; SELECT nosuch")
        self.assertEqual(cm.exception.pgcode, "42703")
        self.assertTrue(re.search(r"LINE 1: SELECT 1; SELECT nosuch\n\s+\^", str(cm.exception)), str(cm.exception))


def main():
    global EMU
    args = sys.argv[1:]
    directory = args.pop(0) if args and not args[0].startswith("-") else tempfile.mkdtemp(prefix="dsql-emu-beh-")
    EMU = testing.Emulator(directory)
    return testing.run_unittests(EMU, args)


if __name__ == "__main__":
    sys.exit(main())
