"""The emulator's loopback HTTP control endpoint (`control_url` in emulator.json), for deterministic
tests of the driver's retry paths. JSON in, JSON out; documented in ../README.md "Control API"."""
import http.server
import json
import threading
import time

CODES = {"OC000", "OC001"}
REASONS = {"rate", "waking", "too_many"}


def _count(body):
    n = int(body.get("count", 1))
    if n < 0 or n > 100000:
        raise ValueError("count out of range")
    return n


def _code(body):
    code = body.get("code", "OC000")
    if code not in CODES:
        raise ValueError("code must be OC000 or OC001")
    return code


def handle(emu, method, path, body):
    if method == "GET" and path == "/status":
        with emu.lock:
            sessions = [{"id": s.id, "user": s.user, "age": round(time.monotonic() - s.started, 3),
                         "transaction": s.block, "connection": s.connection_number,
                         "token_date": s.token_date, "token_sha256": s.token_sha256}
                        for s in emu.sessions.values()]
            return {"sessions": sessions, "connections_accepted": emu.connections_accepted,
                    "drop_faults": emu.drop_faults, "commit_faults": list(emu.commit_faults),
                    "table_faults": {k: list(v) for k, v in emu.table_faults.items()},
                    "connect_faults": list(emu.connect_faults),
                    "max_connection_age": emu.cfg.max_connection_age,
                    "transaction_age_limit": emu.cfg.transaction_age_limit,
                    "schema_conflicts": emu.cfg.schema_conflicts,
                    "foreign_keys": emu.cfg.foreign_keys}
    if method != "POST":
        raise LookupError(path)
    if path == "/inject/commit-conflict":
        n, code = _count(body), _code(body)
        with emu.lock:
            emu.commit_faults += [code] * n
    elif path == "/inject/statement-conflict":
        n, code, table = _count(body), _code(body), str(body["table"]).lower()
        with emu.lock:
            emu.table_faults.setdefault(table, []).extend([code] * n)
    elif path == "/inject/connect-refusal":
        n, reason = _count(body), body.get("reason", "rate")
        if reason not in REASONS:
            raise ValueError("reason must be one of " + ", ".join(sorted(REASONS)))
        with emu.lock:
            emu.connect_faults += [reason] * n
    elif path == "/inject/freeze":
        pid = int(body["backend_pid"])
        with emu.lock:
            emu.freeze_pids.add(pid)
    elif path == "/inject/drop":
        n = _count(body)
        with emu.lock:
            emu.drop_faults += n
    elif path == "/sessions/close":
        reason = body.get("reason", "terminating connection due to administrator command")
        with emu.lock:
            targets = [s for s in emu.sessions.values() if body.get("id") in (None, s.id)]
        for s in targets:
            s.close_reason = reason
        return {"closed": [s.id for s in targets]}
    elif path == "/config":
        for key in ("max_connection_age", "transaction_age_limit"):
            if key in body:
                setattr(emu.cfg, key, float(body[key]))
        for key in ("schema_conflicts", "foreign_keys"):
            if key in body:
                setattr(emu.cfg, key, bool(body[key]))
    elif path == "/credentials":
        with emu.lock:
            emu.creds[body["access_key_id"]] = {"secret_access_key": body["secret_access_key"],
                                                "session_token": body.get("session_token")}
    elif path == "/reset":
        emu.reset_injections()
        for key in ("max_connection_age", "transaction_age_limit", "schema_conflicts", "foreign_keys"):
            setattr(emu.cfg, key, getattr(emu.defaults, key))
    else:
        raise LookupError(path)
    return {"ok": True}


def start(emu):
    class Handler(http.server.BaseHTTPRequestHandler):
        def _serve(self, method):
            try:
                n = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(n) or b"{}") if n else {}
                status, out = 200, handle(emu, method, self.path.split("?")[0], body)
            except LookupError as e:
                status, out = 404, {"error": f"no such endpoint {e}"}
            except (ValueError, KeyError, TypeError) as e:
                status, out = 400, {"error": str(e)}
            data = json.dumps(out).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self._serve("GET")

        def do_POST(self):
            self._serve("POST")

        def log_message(self, fmt, *args):
            emu.log("control: " + fmt % args)

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv
