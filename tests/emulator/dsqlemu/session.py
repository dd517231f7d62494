"""One client connection: DSQL's connection phase (TLS required via SSLRequest or direct TLS with ALPN
`postgresql`, SNI required, cleartext password carrying the IAM token, docs/dsql-behaviour.md §1.4 and §6), the
private backend connection (one per client, as the role of the same name, REPEATABLE READ; OCC in occ.py),
then the message loop that feeds engine.Engine, injected connection drops, and the connection lifetime
limit (§4). Runs in its own thread with blocking sockets."""
import hashlib
import os
import select
import socket
import ssl
import struct
import threading
import time
import urllib.parse

from . import analyze as an
from . import sigv4
from . import wire
from .engine import Engine
from .occ import WIN_WAIT_MS
from .occ_registry import backend_pid
from .state import Expect

ACCESS_DENIED = "unable to accept connection, access denied"
# Startup parameters passed on to the backend; everything else a client sends is dropped.
PASSED_PARAMS = ("application_name", "client_encoding", "DateStyle", "TimeZone", "extra_float_digits",
                 "IntervalStyle", "search_path")
FREEZE_MAX_S = 120      # a frozen session (POST /inject/freeze) ends after this at the latest
IDLE_CHECK_S = 0.25     # an idle session checks its age (and max_connection_age) this often
REFUSALS = {
    "rate": ("53400", "Unable to accept connection, rate exceeded."),
    "too_many": ("53300", "Unable to accept connection, too many open connections."),
    "waking": ("57P03", "unable to accept connection, waking up cluster, please retry later"),
}


class Dropped(Exception):
    """POST /inject/drop: the proxy resets the client's TCP connection before the statement runs."""


class Refuse(Exception):
    def __init__(self, code, message, hint=None):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


class Session(Engine):
    _ids = iter(range(1, 1 << 62))
    _ids_lock = threading.Lock()

    def __init__(self, emu, sock, addr):
        self.emu, self.raw, self.addr = emu, sock, addr
        with Session._ids_lock:
            self.id = next(Session._ids)
        self.client = sock
        self.creader = wire.MessageReader(sock, wire.MAX_CLIENT_MESSAGE)
        self.backend = None
        self.user = None
        self.started = time.monotonic()
        self.close_reason = None
        self.sni = None
        self.token_date = self.token_sha256 = None
        self.connection_number = 0
        self.init_engine()

    # ---- connection phase --------------------------------------------------------------------------
    def run(self):
        try:
            if self.connect_phase():
                self.loop()
        except wire.MessageTooLarge as e:
            self.emu.log(f"session {self.id}: connection dropped: {e}")
            self.reset_client()
        except (wire.ConnectionClosed, OSError, ssl.SSLError) as e:
            self.emu.log(f"session {self.id}: closed ({e})")
        except Refuse as r:
            self.fatal(r.code, r.message, r.hint)
        except Dropped:
            self.emu.log(f"session {self.id}: connection dropped by injection")
            self.reset_client()
        except Exception as e:       # a proxy bug must not kill the server; report it to the client
            self.emu.log(f"session {self.id}: internal error {e!r}")
            import traceback
            self.emu.log(traceback.format_exc())
            self.fatal("XX000", f"emulator internal error: {e}")
        finally:
            self.emu.unregister(self)
            self.close_occ()
            for s in (self.backend, self.client):
                try:
                    if s:
                        s.close()
                except OSError:
                    pass

    def fatal(self, code, message, hint=None):
        """Sends a FATAL ErrorResponse, then half-closes and keeps reading for a moment: closing at once
        would answer the client's next write with a TCP reset that discards the FATAL unread."""
        try:
            self.client.sendall(self.outbuf + wire.error_response(code, message, "FATAL", hint=hint))
            self.outbuf.clear()
            self.client.shutdown(socket.SHUT_WR)      # on a TLS socket this also drops the TLS layer
            self.client.settimeout(2)
            deadline = time.monotonic() + 2
            while time.monotonic() < deadline and self.client.recv(65536):
                pass
        except (OSError, ValueError):
            pass

    def reset_client(self):
        """Closes the client's TCP connection with a reset (SO_LINGER 0), no TLS close_notify, no message."""
        try:
            self.client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        try:
            self.client.close()
        except OSError:
            pass

    def start_tls(self, direct):
        self.client = self.emu.tls_context().wrap_socket(self.raw, server_side=True)
        self.sni = getattr(self.client, "dsql_sni", None)
        if direct and self.client.selected_alpn_protocol() != "postgresql":
            raise wire.ConnectionClosed("direct TLS without ALPN postgresql")
        self.creader = wire.MessageReader(self.client, wire.MAX_CLIENT_MESSAGE)

    def connect_phase(self):
        self.raw.settimeout(30)
        first = self.raw.recv(1, socket.MSG_PEEK)
        if not first:
            return False
        if first[0] == 0x16:                     # TLS ClientHello: direct TLS (sslnegotiation=direct)
            self.start_tls(direct=True)
        else:
            while True:
                body = self.creader.read_startup()
                code = struct.unpack("!I", body[:4])[0]
                if code == wire.SSL_REQUEST:
                    self.raw.sendall(b"S")
                    self.start_tls(direct=False)
                    break
                if code == wire.GSSENC_REQUEST:
                    self.raw.sendall(b"N")
                    continue
                if code == wire.CANCEL_REQUEST:
                    self.emu.forward_cancel(body)
                    return False
                # DSQL rejects connections without TLS (docs/dsql-behaviour.md §6); wording is the emulator's
                raise Refuse("28000", "unable to accept connection, SSL is required")
        body = self.creader.read_startup()
        code, params = wire.parse_startup(body)
        if code == wire.CANCEL_REQUEST:
            self.emu.forward_cancel(body)
            return False
        if code != wire.PROTOCOL_3:
            raise Refuse("08P01", "unsupported frontend protocol")
        return self.authenticate(params)

    def authenticate(self, params):
        if not self.sni:
            raise Refuse("08004", "unable to accept connection, sni was not received")
        refusal = self.emu.take_connect_refusal()
        if refusal:
            raise Refuse(*REFUSALS[refusal])
        self.user = params.get("user", "")
        database = params.get("database") or self.user
        self.client.sendall(wire.msg("R", struct.pack("!I", 3)))     # AuthenticationCleartextPassword
        kind, body, _ = self.creader.read()
        if kind != "p":
            raise Refuse("08P01", "expected password message")
        token = body.rstrip(b"\0").decode("utf-8", "replace")
        try:
            sigv4.verify_token(token, self.user, self.sni, self.emu.cfg.region, self.emu.credentials())
            if self.sni.lower() != self.emu.cfg.endpoint.lower():
                raise sigv4.TokenRejected("SNI name is not this cluster's endpoint")
        except sigv4.TokenRejected as e:
            self.emu.log(f"session {self.id}: access denied for user {self.user!r}: {e}")
            raise Refuse("28000", ACCESS_DENIED, e.hint) from None
        self.remember_token(token)
        if database != "postgres":
            raise Refuse("3D000", f'database "{database}" does not exist')
        self.connect_backend(params)
        self.emu.log(f"session {self.id}: user {self.user} connected")
        return True

    def remember_token(self, token):
        """What GET /status shows about the accepted token: its X-Amz-Date and a SHA-256 prefix (enough to
        tell a fresh token from a reused one; never the token or anything that would let it be replayed)."""
        query = urllib.parse.parse_qs(token.partition("?")[2])
        self.token_date = (query.get("X-Amz-Date") or [None])[0]
        self.token_sha256 = hashlib.sha256(token.encode()).hexdigest()[:16]

    def connect_backend(self, params):
        b = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        b.connect(self.emu.cfg.backend_socket)
        self.backend = b
        self.breader = wire.MessageReader(b)
        sp = {"user": self.user, "database": "postgres",
              "default_transaction_isolation": "repeatable read",
              "lock_timeout": f"{WIN_WAIT_MS}ms"}       # explicit transactions use a short one
        sp.update({k: params[k] for k in PASSED_PARAMS if k in params})
        b.sendall(wire.startup_message(sp))
        out = wire.msg("R", struct.pack("!I", 0))
        while True:
            kind, body, raw = self.breader.read()
            if kind == "E":
                fields = dict(wire.parse_fields(body))
                self.emu.log(f"session {self.id}: backend refused: {fields.get('M')}")
                raise Refuse("28000", ACCESS_DENIED)
            if kind == "R":
                if struct.unpack("!I", body[:4])[0] != 0:
                    raise Refuse("28000", ACCESS_DENIED)
                continue
            if kind == "K":
                self.backend_pid = backend_pid(body)
            out += self.emu.param_status(body, raw) if kind == "S" else raw
            if kind == "Z":
                break
        # Registered before the client sees ReadyForQuery, so GET /status never lags a finished connect.
        self.emu.register(self)
        self.client.sendall(out)

    # ---- message loop -------------------------------------------------------------------------------
    def loop(self):
        self.client.settimeout(None)
        while True:
            if not self.pending and not self.tosend and not self.skipping:
                self.process_dooms()
            if not self.wait_client(IDLE_CHECK_S):
                if self.lifetime_over(idle=True):
                    return
                continue
            kind, body, raw = self.creader.read()
            if (kind == "Q" or (kind == "E" and not self.skipping)) and self.emu.take_drop():
                raise Dropped()
            if kind in "QE" and self.emu.take_freeze(self.backend_pid):
                self.freeze()
                return
            if kind == "X":
                self.backend.sendall(raw)
                return
            if kind == "S":
                self.on_sync()
                if self.lifetime_over(idle=False):
                    return
                continue
            if kind == "H":
                self.to_backend(wire.FLUSH)
                self.flush_backend()
                self.drain()
                continue
            if kind == "Q":
                self.simple_query(body)
                if self.lifetime_over(idle=False):
                    return
                continue
            if self.skipping and kind in "PBDEC":
                continue
            self.extended(kind, body, raw)

    def freeze(self):
        """POST /inject/freeze: from this statement on, the session forwards and answers nothing, like a
        server that stopped mid-statement; it reads and drops what the client sends, and ends when the
        client closes (or after FREEZE_MAX_S), closing the backend connection (which rolls back)."""
        self.emu.log(f"session {self.id}: frozen")
        deadline = time.monotonic() + FREEZE_MAX_S
        try:
            while time.monotonic() < deadline:
                r, _, _ = select.select([self.client], [], [], 0.25)
                if r and not self.client.recv(65536):
                    break
        except (OSError, ssl.SSLError):
            pass
        finally:
            self.emu.end_freeze(self.backend_pid)
            self.emu.log(f"session {self.id}: freeze ended")

    def wait_client(self, timeout):
        """True when the client sent something; False after `timeout` or when another session woke us."""
        if self.creader.wait_readable(0):
            return True
        r, _, _ = select.select([self.client, self.wake_r], [], [], timeout)
        if self.wake_r in r:
            try:
                os.read(self.wake_r, 4096)
            except OSError:
                pass
            return False
        return bool(r)

    def extended(self, kind, body, raw):
        if kind == "P":
            name, query, types = wire.parse_parse(body)
            self.on_parse(name, query, types)
        elif kind == "B":
            portal, stmt, rest = wire.parse_bind(body)
            self.on_bind(portal, stmt, rest)
        elif kind == "D":
            self.on_describe(chr(body[0]), body[1:-1].decode())
        elif kind == "E":
            portal, pos = wire.read_cstr(body, 0)
            self.on_execute(portal, struct.unpack("!I", body[pos:pos + 4])[0])
        elif kind == "C":
            self.on_close(chr(body[0]), body[1:-1].decode())
        elif kind == "F":            # legacy FunctionCall: FunctionCallResponse then ReadyForQuery
            self.to_backend(raw, Expect("fcall"))
            self.pending.append(Expect("sync"))
            self.flush_backend()
            self.drain()
        elif kind in "dcf":
            pass                     # copy messages outside copy mode are ignored, as PostgreSQL does
        else:
            raise Refuse("08P01", f"invalid frontend message type {ord(kind)}")

    def simple_query(self, body):
        sql = body[:-1].decode("utf-8", "replace")
        stmts = an.analyze(sql)
        if not stmts or (len(stmts) == 1 and stmts[0].node_tag == "CopyStmt" and stmts[0].node.is_from
                         and not stmts[0].node.filename):
            # empty query / COPY FROM STDIN: plain relay (the copy sub-protocol ignores Sync)
            self.to_backend(wire.msg("Q", body), Expect("sync"))
            self.flush_backend()
            self.drain()
            return
        text_rest = b"\0" * 6        # no parameter formats, no parameters, text results
        for st in stmts:
            if self.skipping:
                break
            if self.on_parse("", None, (), simple=True, st=st):
                break
            self.on_bind("", "", text_rest, simple=True)
            self.on_describe("P", "", simple=True)
            self.on_execute("", 0, simple=True, pos_offset=st.location)
        self.on_sync()

    # ---- lifetime (docs/dsql-behaviour.md §4: sessions are capped at 60 minutes) ------------------------------
    def lifetime_over(self, idle):
        now = time.monotonic()
        age = now - self.started
        limit = self.emu.cfg.max_connection_age
        if self.close_reason is None and age >= limit:
            # a transaction started before the limit may finish (up to the transaction age limit)
            if self.block != "I" and age < limit + self.emu.cfg.transaction_age_limit:
                return False
            self.close_reason = f"terminating connection: maximum connection age of {limit}s exceeded"
        if self.close_reason is None:
            return False
        self.fatal("57P01", self.close_reason)
        try:
            self.backend.sendall(wire.msg("X"))
        except OSError:
            pass
        self.emu.log(f"session {self.id}: closed by emulator ({self.close_reason})")
        return True
