"""The emulator-wide half of commit-time OCC (docs/dsql-behaviour.md §3, README "OCC"): which backend process
belongs to which session, who blocks whom (asked of PostgreSQL's lock manager with pg_blocking_pids over a
private superuser "monitor" connection), and the outcome of recent transactions (committing / committed /
aborted), so that a writer that was blocked by another transaction knows at its own COMMIT whether that
transaction committed first. The per-session half is occ.Occ."""
import collections
import socket
import struct
import threading
import time

from . import wire

OUTCOMES_KEPT = 20000         # recent transaction outcomes remembered (oldest forgotten first)
COMMIT_WAIT_S = 2.0           # how long a validator waits for a "committing" transaction to resolve


class Monitor:
    """A minimal simple-protocol client on the backend's unix socket (trust auth) for lock queries."""

    def __init__(self, path, user):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(5)
        self.sock.connect(path)
        self.reader = wire.MessageReader(self.sock)
        self.sock.sendall(wire.startup_message({"user": user, "database": "postgres",
                                                "application_name": "dsql_emulator_monitor"}))
        self._until_ready()

    def _until_ready(self):
        rows, error = [], None
        while True:
            kind, body, _ = self.reader.read()
            if kind == "D":
                rows.append(wire.parse_data_row(body))
            elif kind == "E":
                error = dict(wire.parse_fields(body)).get("M")
            elif kind == "Z":
                if error:
                    raise OSError(f"monitor query failed: {error}")
                return rows

    def query(self, sql):
        self.sock.sendall(wire.msg("Q", wire.cstr(sql)))
        return self._until_ready()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Registry:
    def __init__(self, emu):
        self.emu = emu
        self.lock = threading.Lock()
        self.monitor_lock = threading.Lock()
        self.monitor = None
        self.by_pid = {}
        self.outcomes = collections.OrderedDict()     # tx serial -> "committing" | "committed" | "aborted"

    # ---- sessions ------------------------------------------------------------------------------------
    def add(self, session):
        if session.backend_pid:
            with self.lock:
                self.by_pid[session.backend_pid] = session

    def remove(self, session):
        with self.lock:
            if self.by_pid.get(session.backend_pid) is session:
                del self.by_pid[session.backend_pid]

    def blockers(self, session):
        """Sessions whose backend currently blocks `session`'s backend on a lock (empty when none)."""
        try:
            with self.monitor_lock:
                if self.monitor is None:
                    self.monitor = Monitor(self.emu.cfg.backend_socket, self.emu.cfg.backend_superuser)
                rows = self.monitor.query(f"SELECT unnest(pg_blocking_pids({int(session.backend_pid)}))")
        except (OSError, wire.ConnectionClosed) as e:
            self.emu.log(f"occ monitor: {e}")
            with self.monitor_lock:
                if self.monitor is not None:
                    self.monitor.close()
                self.monitor = None
            return []
        with self.lock:
            found = [self.by_pid.get(int(r[0])) for r in rows if r and r[0] is not None]
        return [s for s in found if s is not None and s is not session]

    # ---- transaction outcomes ------------------------------------------------------------------------
    def mark(self, serial, state):
        with self.lock:
            self.outcomes[serial] = state
            self.outcomes.move_to_end(serial)
            while len(self.outcomes) > OUTCOMES_KEPT:
                self.outcomes.popitem(last=False)

    def any_committed(self, serials):
        """True if one of `serials` committed; a transaction still committing is waited for (bounded)."""
        deadline = time.monotonic() + COMMIT_WAIT_S
        while True:
            with self.lock:
                states = [self.outcomes.get(s) for s in serials]
            if "committed" in states:
                return True
            if "committing" not in states or time.monotonic() > deadline:
                return False
            time.sleep(0.005)


def backend_pid(body):
    """The process id in a BackendKeyData message body."""
    return struct.unpack("!I", body[:4])[0]
