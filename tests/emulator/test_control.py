#!/usr/bin/python3
"""Control-API facilities the driver's tests rely on (README "Control API"): GET /status shows which token
each connection was accepted with (date and a SHA-256 prefix, never the token) and counts connections;
POST /inject/drop resets the TCP connection before a statement runs; POST /inject/freeze makes one session
(and cancel requests for it) go silent until its client closes; an idle session past
max_connection_age is closed within the documented time without any client traffic.
Run: test_control.py [EMULATOR_DIR]."""
import hashlib
import json
import os
import select
import socket
import struct
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import psycopg2  # noqa: E402

import test_behaviour as tb  # noqa: E402
from test_behaviour import Base, run  # noqa: E402
from dsqlemu import pgclient, testing, wire  # noqa: E402

IDLE_CHECK_S = 0.25          # the proxy's idle-session check interval (dsqlemu/session.py)


def connect_with(token, autocommit=True):
    e = tb.EMU.info
    c = psycopg2.connect(host=e["endpoint"], hostaddr="127.0.0.1", port=e["port"], user="admin",
                         password=token, dbname="postgres", sslmode="verify-full", sslrootcert=e["ca_file"],
                         connect_timeout=10)
    c.autocommit = autocommit
    return c


def new_sessions(before):
    return [s for s in tb.EMU.control("/status")["sessions"] if s["id"] not in before]


class Status(Base):
    def test_token_fields_and_connection_counter(self):
        status = tb.EMU.control("/status")
        before, count = {s["id"] for s in status["sessions"]}, status["connections_accepted"]
        t1 = tb.EMU.token(now=testing.utc(seconds=-120))
        c1 = connect_with(t1)
        self.conns.append(c1)
        s1 = new_sessions(before)
        self.assertEqual(len(s1), 1)
        self.assertEqual(s1[0]["token_date"], urllib.parse.parse_qs(t1.partition("?")[2])["X-Amz-Date"][0])
        self.assertEqual(s1[0]["token_sha256"], hashlib.sha256(t1.encode()).hexdigest()[:16])
        self.assertEqual(tb.EMU.control("/status")["connections_accepted"], count + 1)
        self.assertEqual(s1[0]["connection"], count + 1)

        before.add(s1[0]["id"])                     # a reconnect with the same token vs a fresh one
        c2 = connect_with(t1)
        self.conns.append(c2)
        s2 = new_sessions(before)
        before.add(s2[0]["id"])
        t3 = tb.EMU.token()
        c3 = connect_with(t3)
        self.conns.append(c3)
        s3 = new_sessions(before)
        self.assertEqual((s2[0]["token_sha256"], s2[0]["token_date"]), (s1[0]["token_sha256"], s1[0]["token_date"]))
        self.assertNotEqual(s3[0]["token_sha256"], s1[0]["token_sha256"])
        self.assertGreater(s3[0]["token_date"], s1[0]["token_date"])
        self.assertEqual(tb.EMU.control("/status")["connections_accepted"], count + 3)

        text = json.dumps(tb.EMU.control("/status"))    # nothing secret in the status document
        for secret in (t1, t3, t1.rpartition("X-Amz-Signature=")[2], tb.EMU.info["credentials"]["static"]
                       ["secret_access_key"], hashlib.sha256(t1.encode()).hexdigest()):
            self.assertNotIn(secret, text)

    def test_refused_connection_is_not_counted(self):
        count = tb.EMU.control("/status")["connections_accepted"]
        with self.assertRaises(psycopg2.OperationalError):
            connect_with(tb.EMU.token(now=testing.utc(hours=-2)))
        self.assertEqual(tb.EMU.control("/status")["connections_accepted"], count)


class Drop(Base):
    def test_dropped_statement_did_not_run(self):
        c = self.table("ctl_drop")
        tb.EMU.control("/inject/drop", {"count": 1})
        self.assertEqual(tb.EMU.control("/status")["drop_faults"], 1)
        with self.assertRaises(psycopg2.OperationalError) as cm:
            run(c, "INSERT INTO ctl_drop VALUES (1, 'lost')")
        self.assertIsNone(cm.exception.pgcode)             # a network failure, no server message
        self.assertTrue(c.closed)
        d = self.conn()
        self.assertEqual(run(d, "SELECT count(*) FROM ctl_drop").fetchone(), (0,))
        self.assertEqual(tb.EMU.control("/status")["drop_faults"], 0)
        self.assertEqual(run(d, "INSERT INTO ctl_drop VALUES (1, 'kept')").rowcount, 1)

    def test_drop_applies_to_any_session_and_open_transactions(self):
        self.table("ctl_drop2")
        a, b = self.conn(False), self.conn()
        run(a, "INSERT INTO ctl_drop2 VALUES (1, 'in tx')")
        tb.EMU.control("/inject/drop", {"count": 2})
        for conn, sql in ((b, "INSERT INTO ctl_drop2 VALUES (2, 'x')"), (a, "COMMIT")):
            with self.assertRaises(psycopg2.OperationalError):
                run(conn, sql)
        self.assertEqual(run(self.conn(), "SELECT count(*) FROM ctl_drop2").fetchone(), (0,))

    def test_extended_protocol_gets_no_error_message(self):
        self.table("ctl_drop3")
        raw = tb.EMU.connect()
        tb.EMU.control("/inject/drop", {"count": 1})
        raw.sock.sendall(wire.build_parse("", "INSERT INTO ctl_drop3 VALUES (1, 'x')") + wire.build_bind("", "")
                         + wire.build_execute("") + wire.SYNC)
        with self.assertRaises(wire.ConnectionClosed):
            kind, body, _ = raw.reader.read()
            self.fail(f"got message {kind!r} {body!r}")
        raw.sock.close()
        self.assertEqual(run(self.conn(), "SELECT count(*) FROM ctl_drop3").fetchone(), (0,))


class Freeze(Base):
    def test_frozen_session_answers_nothing_and_holds_its_cancel(self):
        raw = tb.EMU.connect()
        pid = int(raw.simple("SELECT pg_backend_pid()")[0].rows[0][0])
        tb.EMU.control("/inject/freeze", {"backend_pid": pid})
        raw.sock.sendall(wire.msg("Q", wire.cstr("SELECT 1")))
        self.assertEqual(select.select([raw.sock], [], [], 1.0)[0], [])   # no answer
        self.assertEqual(run(self.conn(), "SELECT 2").fetchone(), (2,))   # other sessions are unaffected
        # A CancelRequest for the frozen backend (plain TCP, as libpq sends it) is neither answered nor closed.
        cancel = socket.create_connection(("127.0.0.1", tb.EMU.info["port"]), timeout=5)
        cancel.sendall(struct.pack("!IIII", 16, wire.CANCEL_REQUEST, pid, 0))
        self.assertEqual(select.select([cancel], [], [], 1.0)[0], [])
        raw.sock.close()                                                  # the client gives up: the freeze ends
        self.assertEqual(select.select([cancel], [], [], 5.0)[0], [cancel])
        self.assertEqual(cancel.recv(1), b"")
        cancel.close()


class ConnectionAge(Base):
    def test_idle_session_closed_without_traffic(self):
        tb.EMU.control("/config", {"max_connection_age": 1})
        t0 = time.monotonic()
        raw = tb.EMU.connect()
        c = connect_with(tb.EMU.token())
        r, _, _ = select.select([raw.sock], [], [], 5)
        elapsed = time.monotonic() - t0
        self.assertTrue(r, "no FATAL within 5 s")
        self.assertGreaterEqual(elapsed, 1.0)
        self.assertLess(elapsed, 1.0 + IDLE_CHECK_S + 0.5)
        kind, body, _ = raw.reader.read()
        self.assertEqual((kind, dict(wire.parse_fields(body))["C"]), ("E", "57P01"))
        with self.assertRaises(wire.ConnectionClosed):
            raw.reader.read()
        raw.sock.close()
        # what a driver's non-blocking probe of an idle libpq socket sees: readable (FATAL, then EOF)
        r, _, _ = select.select([c.fileno()], [], [], 1)
        self.assertTrue(r)
        with self.assertRaises(psycopg2.OperationalError):
            run(c, "SELECT 1")
        c.close()

    def test_config_age_applies_to_new_connections_after_reset(self):
        tb.EMU.control("/config", {"max_connection_age": 5})
        self.assertEqual(tb.EMU.control("/status")["max_connection_age"], 5.0)
        tb.EMU.control("/reset", {})
        self.assertEqual(tb.EMU.control("/status")["max_connection_age"], 3600.0)
        c = pgclient.Connection(tb.EMU.info["host"], tb.EMU.info["port"], "admin", tb.EMU.token(),
                                tb.EMU.info["endpoint"], ca_file=tb.EMU.info["ca_file"])
        self.assertEqual(c.query("SELECT 1").rows, [["1"]])
        c.close()


def main():
    args = sys.argv[1:]
    directory = args.pop(0) if args and not args[0].startswith("-") else tempfile.mkdtemp(prefix="dsql-emu-ctl-")
    tb.EMU = testing.Emulator(directory)
    return testing.run_unittests(tb.EMU, args)


if __name__ == "__main__":
    sys.exit(main())
