"""PostgreSQL v3 wire-protocol framing for the emulator: a buffered blocking message reader, and the
builders/parsers for the few messages the proxy has to synthesise or look inside (ErrorResponse,
RowDescription, DataRow, CommandComplete, Parse, Bind, ...). Everything else is relayed as raw bytes."""
import select
import socket
import ssl
import struct

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
CANCEL_REQUEST = 80877102
PROTOCOL_3 = 196608
# DSQL's limit on one client message (its length word): a larger one makes DSQL drop the connection
# without an error (docs/dsql-behaviour.md §4).
MAX_CLIENT_MESSAGE = 10 * 1024 * 1024
TEXT_OID = 25
BOOL_OID = 16


class ConnectionClosed(Exception):
    """The peer closed its side (or the socket failed)."""


class MessageTooLarge(ConnectionClosed):
    """A client message over the server's limit: the connection is dropped, nothing is answered."""


class MessageReader:
    """Reads whole messages from a blocking socket. Keeps its own buffer so a timeout-bounded wait for the
    next message never loses bytes (TLS sockets can hold decrypted bytes select() cannot see)."""

    def __init__(self, sock, max_message=None):
        self.sock = sock
        self.buf = bytearray()
        self.max_message = max_message

    def _fill(self, need):
        while len(self.buf) < need:
            try:
                chunk = self.sock.recv(65536)
            except (OSError, ssl.SSLError) as e:
                raise ConnectionClosed(str(e)) from e
            if not chunk:
                raise ConnectionClosed("peer closed")
            self.buf += chunk

    def wait_readable(self, timeout):
        """True when a message can be read without blocking for long; False after `timeout` seconds."""
        if self.buf:
            return True
        if isinstance(self.sock, ssl.SSLSocket) and self.sock.pending():
            return True
        r, _, _ = select.select([self.sock], [], [], timeout)
        return bool(r)

    def read_startup(self):
        """An untyped startup-phase packet: returns its body (after the length word)."""
        self._fill(4)
        n = struct.unpack("!I", self.buf[:4])[0]
        if n < 8 or n > 10000:
            raise ConnectionClosed("invalid startup packet length")
        self._fill(n)
        body = bytes(self.buf[4:n])
        del self.buf[:n]
        return body

    def read(self):
        """Returns (type_byte_as_str, body_bytes, raw_message_bytes)."""
        self._fill(5)
        n = struct.unpack("!I", self.buf[1:5])[0]
        if n < 4:
            raise ConnectionClosed("invalid message length")
        if self.max_message is not None and n > self.max_message:
            # Decided on the header alone, before the body is read, as DSQL does.
            raise MessageTooLarge(f"{chr(self.buf[0])!r} message of {n} bytes over the {self.max_message}-byte limit")
        self._fill(1 + n)
        raw = bytes(self.buf[:1 + n])
        del self.buf[:1 + n]
        return chr(raw[0]), raw[5:], raw


def msg(kind, body=b""):
    return kind.encode() + struct.pack("!I", len(body) + 4) + body


def cstr(s):
    return s.encode() + b"\0"


def read_cstr(body, pos):
    end = body.index(b"\0", pos)
    return body[pos:end].decode("utf-8", "replace"), end + 1


def parse_startup(body):
    """Startup packet body -> (protocol_code, {param: value})."""
    code = struct.unpack("!I", body[:4])[0]
    params = {}
    if code == PROTOCOL_3:
        pos = 4
        while pos < len(body) and body[pos] != 0:
            k, pos = read_cstr(body, pos)
            v, pos = read_cstr(body, pos)
            params[k] = v
    return code, params


def startup_message(params):
    body = struct.pack("!I", PROTOCOL_3)
    for k, v in params.items():
        body += cstr(k) + cstr(v)
    body += b"\0"
    return struct.pack("!I", len(body) + 4) + body


# ---- error / notice responses -------------------------------------------------------------------

def error_response(code, message, severity="ERROR", detail=None, hint=None):
    body = cstr("S" + severity) + cstr("V" + severity) + cstr("C" + code) + cstr("M" + message)
    if detail:
        body += cstr("D" + detail)
    if hint:
        body += cstr("H" + hint)
    return msg("E", body + b"\0")


def parse_fields(body):
    """ErrorResponse / NoticeResponse body -> list of (field_char, value) in order."""
    out, pos = [], 0
    while pos < len(body) and body[pos] != 0:
        f = chr(body[pos])
        v, pos = read_cstr(body, pos + 1)
        out.append((f, v))
    return out


def build_fields(kind, fields):
    return msg(kind, b"".join(cstr(f + v) for f, v in fields) + b"\0")


def error_code(body):
    for f, v in parse_fields(body):
        if f == "C":
            return v
    return ""


# ---- results -----------------------------------------------------------------------------------

def row_description(columns):
    """columns: list of (name, type_oid)."""
    body = struct.pack("!H", len(columns))
    for name, oid in columns:
        body += cstr(name) + struct.pack("!IhIhih", 0, 0, oid, -1, -1, 0)
    return msg("T", body)


def parse_row_description(body):
    """-> list of (name, type_oid, format)."""
    n = struct.unpack("!H", body[:2])[0]
    pos, cols = 2, []
    for _ in range(n):
        name, pos = read_cstr(body, pos)
        _tbl, _att, oid, _len, _mod, fmt = struct.unpack("!IhIhih", body[pos:pos + 18])
        pos += 18
        cols.append((name, oid, fmt))
    return cols


def data_row(values):
    body = struct.pack("!H", len(values))
    for v in values:
        if v is None:
            body += struct.pack("!i", -1)
        else:
            b = v if isinstance(v, bytes) else str(v).encode()
            body += struct.pack("!i", len(b)) + b
    return msg("D", body)


def parse_data_row(body):
    n = struct.unpack("!H", body[:2])[0]
    pos, vals = 2, []
    for _ in range(n):
        ln = struct.unpack("!i", body[pos:pos + 4])[0]
        pos += 4
        if ln < 0:
            vals.append(None)
        else:
            vals.append(body[pos:pos + ln])
            pos += ln
    return vals


def command_complete(tag):
    return msg("C", cstr(tag))


def ready_for_query(status):
    return msg("Z", status.encode())


# ---- extended-protocol requests ---------------------------------------------------------------

def parse_parse(body):
    name, pos = read_cstr(body, 0)
    query, pos = read_cstr(body, pos)
    n = struct.unpack("!H", body[pos:pos + 2])[0]
    types = list(struct.unpack(f"!{n}I", body[pos + 2:pos + 2 + 4 * n]))
    return name, query, types


def build_parse(name, query, types=()):
    return msg("P", cstr(name) + cstr(query) + struct.pack(f"!H{len(types)}I", len(types), *types))


def parse_bind(body):
    """-> (portal, statement, rest) where rest is the parameter/format part, reusable verbatim."""
    portal, pos = read_cstr(body, 0)
    stmt, pos = read_cstr(body, pos)
    return portal, stmt, body[pos:]


def split_bind_rest(rest):
    """Bind `rest` -> (parameter part bytes, result format codes)."""
    pos = 0
    nf = struct.unpack("!H", rest[pos:pos + 2])[0]
    pos += 2 + 2 * nf
    npar = struct.unpack("!H", rest[pos:pos + 2])[0]
    pos += 2
    for _ in range(npar):
        ln = struct.unpack("!i", rest[pos:pos + 4])[0]
        pos += 4 + max(ln, 0)
    nr = struct.unpack("!H", rest[pos:pos + 2])[0]
    return rest[:pos], list(struct.unpack(f"!{nr}h", rest[pos + 2:pos + 2 + 2 * nr]))


def result_formats(formats):
    return struct.pack(f"!H{len(formats)}h", len(formats), *formats)


def build_bind(portal, stmt, params=(), rest=None, result_formats=()):
    if rest is None:
        rest = struct.pack("!HH", 0, len(params))
        for p in params:
            if p is None:
                rest += struct.pack("!i", -1)
            else:
                b = p.encode()
                rest += struct.pack("!i", len(b)) + b
        rest += struct.pack(f"!H{len(result_formats)}h", len(result_formats), *result_formats)
    return msg("B", cstr(portal) + cstr(stmt) + rest)


def build_describe(kind, name):
    return msg("D", kind.encode() + cstr(name))


def build_execute(portal, max_rows=0):
    return msg("E", cstr(portal) + struct.pack("!I", max_rows))


def build_close(kind, name):
    return msg("C", kind.encode() + cstr(name))


SYNC = msg("S")
FLUSH = msg("H")


def tcp_nodelay(sock):
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        pass
