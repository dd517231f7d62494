"""The emulator process: configuration, the state shared by all sessions (accepted credentials, schema
versions behind OC001, deterministic fault injections, live sessions), the TLS context, the listening
socket (one thread per client session) and the CancelRequest relay. Started by emulatorctl.py."""
import dataclasses
import json
import socket
import ssl
import struct
import sys
import threading
import time

from . import control
from . import wire
from .occ_registry import Registry
from .session import FREEZE_MAX_S, Session

TEST_CREDENTIALS = {
    "AKIDEMULATORSTATIC01": {"secret_access_key": "emulator/static/secret+key", "session_token": None},
    "ASIAEMULATORSESSION1": {"secret_access_key": "emulator/session/secret+key",
                             "session_token": "emulator-session-token/with+special=chars"},
}


@dataclasses.dataclass
class Config:
    endpoint: str
    region: str
    host: str
    port: int
    backend_socket: str
    cert: str
    key: str
    max_connection_age: float = 3600.0
    transaction_age_limit: float = 300.0
    lock_timeout_ms: int = 100
    schema_conflicts: bool = True
    foreign_keys: bool = True             # False: refuse FOREIGN KEY clauses as DSQL did before 2026-08
    log_file: str = ""
    backend_superuser: str = "admin"      # for the OCC lock monitor (pg_blocking_pids)


def load_credentials(path):
    """A JSON list (or {"credentials": [...]}) of {access_key_id, secret_access_key, session_token?}."""
    with open(path) as f:
        data = json.load(f)
    items = data.get("credentials", []) if isinstance(data, dict) else data
    return {c["access_key_id"]: {"secret_access_key": c["secret_access_key"],
                                 "session_token": c.get("session_token")} for c in items}


class Emulator:
    def __init__(self, cfg, extra_credentials=None):
        self.cfg = cfg
        self.defaults = dataclasses.replace(cfg)
        self.lock = threading.Lock()
        self.creds = dict(TEST_CREDENTIALS)
        self.creds.update(extra_credentials or {})
        self.schema_versions = {}
        self.sessions = {}
        self.connections_accepted = 0
        self.occ = Registry(self)
        self.reset_injections()
        self._ctx = None
        self.logf = open(cfg.log_file, "a", buffering=1) if cfg.log_file else sys.stderr

    def log(self, text):
        self.logf.write(time.strftime("%Y-%m-%dT%H:%M:%S ") + text + "\n")

    # ---- shared state ------------------------------------------------------------------------------
    def credentials(self):
        with self.lock:
            return dict(self.creds)

    def reset_injections(self):
        with getattr(self, "lock", threading.Lock()):
            self.commit_faults = []          # codes, consumed one per COMMIT
            self.table_faults = {}           # table -> list of codes
            self.connect_faults = []         # refusal reasons
            self.drop_faults = 0             # statements whose connection is reset before they run
            self.freeze_pids = set()         # backend pids whose session freezes at its next statement
        self.frozen = getattr(self, "frozen", {})  # backend pid -> Event set when its frozen session ends

    def take_commit_injection(self):
        with self.lock:
            return self.commit_faults.pop(0) if self.commit_faults else None

    def take_table_injection(self, tables):
        if not self.table_faults:
            return None
        with self.lock:
            for t in tables:
                codes = self.table_faults.get(t)
                if codes:
                    code = codes.pop(0)
                    if not codes:
                        del self.table_faults[t]
                    return code
        return None

    def take_drop(self):
        if not self.drop_faults:
            return False
        with self.lock:
            if self.drop_faults:
                self.drop_faults -= 1
                return True
        return False

    def take_freeze(self, pid):
        """POST /inject/freeze: True (once) when the session of backend `pid` is to freeze now."""
        if not self.freeze_pids:
            return False
        with self.lock:
            if pid in self.freeze_pids:
                self.freeze_pids.discard(pid)
                self.frozen[pid] = threading.Event()
                return True
        return False

    def end_freeze(self, pid):
        with self.lock:
            ev = self.frozen.pop(pid, None)
        if ev:
            ev.set()

    def take_connect_refusal(self):
        with self.lock:
            return self.connect_faults.pop(0) if self.connect_faults else None

    def schema_check(self, seen, tables):
        """True if this session's cached view of one of `tables` predates another session's DDL
        (DSQL raises OC001 once, then the refreshed cache lets the retry through: docs/dsql-behaviour.md §3)."""
        if not self.cfg.schema_conflicts:
            return False
        stale = False
        with self.lock:
            for t in tables:
                v = self.schema_versions.get(t, 0)
                if seen.get(t, v) < v:
                    stale = True
                seen[t] = v
        return stale

    def schema_bump(self, seen, tables):
        with self.lock:
            for t in tables:
                v = self.schema_versions.get(t, 0) + 1
                self.schema_versions[t] = v
                seen[t] = v

    def register(self, s):
        with self.lock:
            self.connections_accepted += 1
            s.connection_number = self.connections_accepted
            self.sessions[s.id] = s
        self.occ.add(s)

    def unregister(self, s):
        with self.lock:
            self.sessions.pop(s.id, None)
        self.occ.remove(s)

    # ---- protocol helpers ----------------------------------------------------------------------------
    def param_status(self, body, raw):
        """ParameterStatus: DSQL reports server_version 16.15 (golden:environment.json)."""
        name, pos = wire.read_cstr(body, 0)
        if name == "server_version":
            return wire.msg("S", wire.cstr(name) + wire.cstr("16.15"))
        return raw

    def tls_context(self):
        if self._ctx is None:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
            ctx.load_cert_chain(self.cfg.cert, self.cfg.key)
            ctx.set_alpn_protocols(["postgresql"])

            def remember_sni(sslsock, name, _ctx):
                sslsock.dsql_sni = name
            ctx.sni_callback = remember_sni
            self._ctx = ctx
        return self._ctx

    def forward_cancel(self, body):
        # A cancel for a frozen session gets no answer either: the request's connection stays open, unread
        # and unanswered, until that session ends (a server that stopped answering answers no cancel).
        pid = struct.unpack("!I", body[4:8])[0] if len(body) >= 8 else 0
        with self.lock:
            ev = self.frozen.get(pid)
        if ev:
            self.log(f"cancel for frozen backend {pid} held")
            ev.wait(FREEZE_MAX_S)
            return
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as b:
                b.connect(self.cfg.backend_socket)
                b.sendall(struct.pack("!I", len(body) + 4) + body)
        except OSError as e:
            self.log(f"cancel relay failed: {e}")

    # ---- serving -------------------------------------------------------------------------------------
    def serve_forever(self, listener, ready=None):
        ctl = control.start(self)
        self.control_url = f"http://127.0.0.1:{ctl.server_address[1]}"
        if ready:
            ready(self)
        while True:
            sock, addr = listener.accept()
            wire.tcp_nodelay(sock)
            threading.Thread(target=Session(self, sock, addr).run, daemon=True).start()


def listen(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    s.listen(256)
    return s
