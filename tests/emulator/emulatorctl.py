#!/usr/bin/python3
"""One command to start/stop the local Aurora DSQL emulator (a private PostgreSQL 15 plus the DSQL proxy).

  emulatorctl.py start --dir DIR [--port P] [--max-connection-age S] [--transaction-age-limit S]
                       [--credentials-file F] [--certs-dir D]
      starts PostgreSQL under DIR/pg and the proxy as a background daemon, waits until it accepts
      connections, writes DIR/emulator.json and prints the same JSON; exits 0.
  emulatorctl.py stop --dir DIR        stops the proxy and its PostgreSQL.
  emulatorctl.py run --dir DIR [...]   like start, in the foreground (Ctrl-C stops everything).

The JSON carries host, port, endpoint, region, ca_file, control_url, pid, log_file and the test AWS
credentials the emulator accepts (see README.md)."""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "harness"))

import certs as harness_certs          # noqa: E402  (tests/harness)
import pgserver                        # noqa: E402
from dsqlemu import backend_sql        # noqa: E402

ENDPOINT = harness_certs.TEST_ENDPOINT
REGION = harness_certs.TEST_REGION


def _args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", choices=["start", "stop", "run", "serve"])
    p.add_argument("--dir", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--max-connection-age", type=float, default=3600.0)
    p.add_argument("--transaction-age-limit", type=float, default=300.0)
    p.add_argument("--credentials-file")
    p.add_argument("--certs-dir")
    p.add_argument("--lock-timeout-ms", type=int, default=100)
    p.add_argument("--no-foreign-keys", action="store_true",
                   help="refuse FOREIGN KEY clauses as Aurora DSQL did before 2026-08")
    a = p.parse_args(argv)
    a.dir = os.path.abspath(a.dir)
    return a


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_backend(a):
    certs = harness_certs.ensure_certs(a.certs_dir or os.path.join(a.dir, "certs"))
    info = pgserver.start(os.path.join(a.dir, "pg"), certs=certs)
    pgserver.psql(info, backend_sql.SETUP_SQL)
    return info, certs


def _description(a, port, certs, pid, control_url, info):
    from dsqlemu.server import TEST_CREDENTIALS
    static = {"access_key_id": "AKIDEMULATORSTATIC01",
              "secret_access_key": TEST_CREDENTIALS["AKIDEMULATORSTATIC01"]["secret_access_key"]}
    sess = TEST_CREDENTIALS["ASIAEMULATORSESSION1"]
    session = {"access_key_id": "ASIAEMULATORSESSION1", "secret_access_key": sess["secret_access_key"],
               "session_token": sess["session_token"]}
    return {"host": "127.0.0.1", "port": port, "endpoint": ENDPOINT, "region": REGION,
            "ca_file": os.path.abspath(certs["ca"]), "control_url": control_url, "pid": pid,
            "log_file": os.path.join(a.dir, "emulator.log"),
            "credentials": {"static": static, "session": session},
            "backend": {"host": info["host"], "port": info["port"], "socket_dir": info["socket_dir"],
                        "user": info["user"], "password": info["password"]}}


def _serve(a, on_ready=None):
    """Runs the proxy in this process (used by `serve` and `run`)."""
    from dsqlemu import server
    info = json.load(open(os.path.join(a.dir, "pg", "pgserver.json")))
    certs = harness_certs.ensure_certs(a.certs_dir or os.path.join(a.dir, "certs"))
    cfg = server.Config(endpoint=ENDPOINT, region=REGION, host="127.0.0.1", port=a.port,
                        backend_socket=os.path.join(info["socket_dir"], f".s.PGSQL.{info['port']}"),
                        cert=certs["cert"], key=certs["key"], max_connection_age=a.max_connection_age,
                        transaction_age_limit=a.transaction_age_limit, lock_timeout_ms=a.lock_timeout_ms,
                        log_file=os.path.join(a.dir, "emulator.log"), backend_superuser=info["user"],
                        foreign_keys=not a.no_foreign_keys)
    extra = server.load_credentials(a.credentials_file) if a.credentials_file else None
    emu = server.Emulator(cfg, extra)
    listener = server.listen(cfg.host, a.port)

    def ready(e):
        with open(os.path.join(a.dir, "control.json.tmp"), "w") as f:
            json.dump({"control_url": e.control_url, "pid": os.getpid()}, f)
        os.replace(os.path.join(a.dir, "control.json.tmp"), os.path.join(a.dir, "control.json"))
        emu.log(f"listening on {cfg.host}:{a.port}, control {e.control_url}")
        if on_ready:
            on_ready(e)
    emu.serve_forever(listener, ready)


def _wait_ready(a, proc, timeout=30):
    path = os.path.join(a.dir, "control.json")
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"emulator exited early (code {proc.returncode}); see {a.dir}/emulator.log")
        if os.path.exists(path):
            try:
                with socket.create_connection(("127.0.0.1", a.port), timeout=1):
                    return json.load(open(path))
            except OSError:
                pass
        time.sleep(0.05)
    raise SystemExit("emulator did not become ready in time")


def _proxy_args(a):
    out = ["--dir", a.dir, "--port", str(a.port), "--max-connection-age", str(a.max_connection_age),
           "--transaction-age-limit", str(a.transaction_age_limit), "--lock-timeout-ms", str(a.lock_timeout_ms)]
    if a.credentials_file:
        out += ["--credentials-file", os.path.abspath(a.credentials_file)]
    if a.certs_dir:
        out += ["--certs-dir", os.path.abspath(a.certs_dir)]
    if a.no_foreign_keys:
        out += ["--no-foreign-keys"]
    return out


def start(a):
    stop(a, quiet=True)
    os.makedirs(a.dir, exist_ok=True)
    info, certs = _start_backend(a)
    a.port = a.port or _free_port()
    for stale in ("control.json", "emulator.json"):
        if os.path.exists(os.path.join(a.dir, stale)):
            os.remove(os.path.join(a.dir, stale))
    log = open(os.path.join(a.dir, "emulator.log"), "a")
    proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "serve"] + _proxy_args(a),
                            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
    ctl = _wait_ready(a, proc)
    desc = _description(a, a.port, certs, proc.pid, ctl["control_url"], info)
    with open(os.path.join(a.dir, "emulator.json"), "w") as f:
        json.dump(desc, f, indent=2)
    print(json.dumps(desc, indent=2))
    return 0


def stop(a, quiet=False):
    path = os.path.join(a.dir, "emulator.json")
    ctl = os.path.join(a.dir, "control.json")
    pid = None
    for p in (path, ctl):
        if os.path.exists(p):
            try:
                pid = json.load(open(p)).get("pid")
                break
            except ValueError:
                pass
    if pid:
        try:
            os.kill(pid, signal.SIGTERM)
            for _ in range(100):
                os.kill(pid, 0)
                time.sleep(0.05)
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    pgserver.stop(os.path.join(a.dir, "pg"))
    if not quiet:
        print(f"stopped emulator in {a.dir}")
    return 0


def run(a):
    os.makedirs(a.dir, exist_ok=True)
    info, certs = _start_backend(a)
    a.port = a.port or _free_port()

    def announce(e):
        desc = _description(a, a.port, certs, os.getpid(), e.control_url, info)
        with open(os.path.join(a.dir, "emulator.json"), "w") as f:
            json.dump(desc, f, indent=2)
        print(json.dumps(desc, indent=2), flush=True)
        print("DSQL emulator running; Ctrl-C stops it.", file=sys.stderr, flush=True)
    try:
        _serve(a, announce)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)      # a second Ctrl-C must not skip the cleanup
        pgserver.stop(os.path.join(a.dir, "pg"))
        print("DSQL emulator stopped.", file=sys.stderr)
    return 0


def main(argv):
    a = _args(argv)
    if a.command == "serve":
        signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
        _serve(a)
        return 0
    return {"start": start, "stop": stop, "run": run}[a.command](a)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
