"""A minimal PostgreSQL v3 client for the emulator's own tests and the conformance replayer: TLS (via
SSLRequest or direct with ALPN), SNI, cleartext password (the IAM token), simple and extended query
protocol with text results. Independent of libpq so the tests control every message."""
import socket
import ssl
import struct

from . import wire


class PgError(Exception):
    def __init__(self, fields):
        self.fields = fields
        super().__init__(f"{fields.get('S')} {fields.get('C')} {fields.get('M')}")
        self.sqlstate, self.message = fields.get("C"), fields.get("M")
        self.severity, self.hint, self.detail = fields.get("S"), fields.get("H"), fields.get("D")


class Result:
    def __init__(self):
        self.outcome, self.sqlstate, self.message = "ok", None, None
        self.command_tag, self.columns, self.oids, self.rows = None, None, None, []

    def as_dict(self):
        if self.outcome == "error":
            return {"outcome": "error", "sqlstate": self.sqlstate, "message": self.message}
        return {"outcome": "ok", "command_tag": self.command_tag, "columns": self.columns, "rows": self.rows}


class Connection:
    def __init__(self, host, port, user, password, server_name, ca_file=None, direct=False, tls=True,
                 database="postgres", params=None, timeout=30):
        raw = socket.create_connection((host, port), timeout=timeout)
        self.sock = raw
        if tls:
            ctx = ssl.create_default_context(cafile=ca_file) if ca_file else ssl._create_unverified_context()
            ctx.set_alpn_protocols(["postgresql"])
            if not direct:
                raw.sendall(struct.pack("!II", 8, wire.SSL_REQUEST))
                if raw.recv(1) != b"S":
                    raise ConnectionError("server refused SSL")
            self.sock = ctx.wrap_socket(raw, server_hostname=server_name)
        self.reader = wire.MessageReader(self.sock)
        sp = {"user": user, "database": database}
        sp.update(params or {})
        self.sock.sendall(wire.startup_message(sp))
        self.params, self.status = {}, "I"
        while True:
            kind, body, _ = self.reader.read()
            if kind == "E":
                raise PgError(dict(wire.parse_fields(body)))
            if kind == "R":
                code = struct.unpack("!I", body[:4])[0]
                if code == 3:
                    self.sock.sendall(wire.msg("p", wire.cstr(password)))
                elif code != 0:
                    raise ConnectionError(f"unsupported auth request {code}")
            elif kind == "S":
                k, pos = wire.read_cstr(body, 0)
                self.params[k] = wire.read_cstr(body, pos)[0]
            elif kind == "Z":
                self.status = chr(body[0])
                return

    def close(self):
        try:
            self.sock.sendall(wire.msg("X"))
            self.sock.close()
        except OSError:
            pass

    def _collect(self, results):
        """Reads until ReadyForQuery; appends one Result per CommandComplete/error."""
        cur = Result()
        while True:
            kind, body, _ = self.reader.read()
            if kind == "T":
                cols = wire.parse_row_description(body)
                cur.columns, cur.oids = [c[0] for c in cols], [c[1] for c in cols]
            elif kind == "D":
                cur.rows.append([None if v is None else v.decode("utf-8", "replace")
                                 for v in wire.parse_data_row(body)])
            elif kind in "CI":
                cur.command_tag = wire.read_cstr(body, 0)[0] if kind == "C" else ""
                results.append(cur)
                cur = Result()
            elif kind == "E":
                f = dict(wire.parse_fields(body))
                cur.outcome, cur.sqlstate, cur.message = "error", f.get("C"), f.get("M")
                cur.fields = f
                results.append(cur)
                cur = Result()
            elif kind == "Z":
                self.status = chr(body[0])
                return results
            elif kind == "G":
                self.sock.sendall(wire.msg("f", wire.cstr("client does not do COPY")))

    def simple(self, sql):
        """-> list of Result (one per statement answered; an error ends the list)."""
        self.sock.sendall(wire.msg("Q", wire.cstr(sql)))
        return self._collect([])

    def extended(self, sql, params=(), describe_statement=False):
        """Parse/Bind/Describe/Execute/Sync on the unnamed statement -> Result."""
        m = wire.build_parse("", sql) + wire.build_bind("", "", params)
        m += wire.build_describe("S" if describe_statement else "P", "") + wire.build_execute("") + wire.SYNC
        self.sock.sendall(m)
        res = self._collect([])
        return res[0] if res else Result()

    def query(self, sql, params=()):
        """Extended protocol; raises PgError on error; returns the Result."""
        r = self.extended(sql, params)
        if r.outcome == "error":
            raise PgError(r.fields)
        return r
