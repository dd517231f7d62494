"""The test environment every server-backed test shares (a ctest fixture, also used by the demo):

  testenv.py start --state DIR --driver PATH   start a private PostgreSQL 15 and the DSQL emulator, write
                                               DIR/odbc/{odbcinst.ini,odbc.ini} registering the freshly built
                                               driver with DSNs for both, and DIR/env.json describing it all
  testenv.py stop --state DIR                  stop both

DSNs written:
  dsql_pg    the driver against plain PostgreSQL, password auth, sslmode=verify-full with the test CA
  dsql_emu   the driver against the DSQL emulator as `admin`, IAM auth (credentials from the environment)
  dsql_emu_notes  the same with ShimNotes=1 (every SQL rewrite reported as an informational message)
  dsql_pg_debian, dsql_emu_debian  the same servers, written the way Debian's odbc.ini template writes a DSN
               (aligned ' = ', unixODBC's Trace/TraceFile, psqlODBC key names and psqlODBC-only keys)
  dsql_pg_badtuning  dsql_pg with bad values of tuning/logging keys (they warn; the string may override)
  psqlodbc_pg  Debian's psqlODBC (Unicode) against the same PostgreSQL, for comparison benchmarks
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import certs  # noqa: E402
import pgserver  # noqa: E402

EMULATORCTL = os.path.join(ROOT, "tests", "emulator", "emulatorctl.py")
PSQLODBC = "/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so"


def write_odbc_ini(state, driver, pg, emu, ca):
    odbc = os.path.join(state, "odbc")
    os.makedirs(odbc, exist_ok=True)
    with open(os.path.join(odbc, "odbcinst.ini"), "w") as f:
        f.write(f"[DSQL]\nDescription = dsql-odbc (build tree)\nDriver = {driver}\nUsageCount = 1\n\n")
        if os.path.exists(PSQLODBC):
            f.write(f"[PostgreSQL Unicode]\nDescription = psqlODBC\nDriver = {PSQLODBC}\nUsageCount = 1\n\n")
    with open(os.path.join(odbc, "odbc.ini"), "w") as f:
        f.write("[dsql_pg]\nDriver = DSQL\nDescription = dsql-odbc against plain PostgreSQL\n"
                f"Server = localhost\nPort = {pg['port']}\nDatabase = postgres\nUID = {pg['user']}\n"
                f"PWD = {pg['password']}\nSSLMode = verify-full\nSSLRootCert = {ca}\n\n")
        if emu:
            f.write("[dsql_emu]\nDriver = DSQL\nDescription = dsql-odbc against the local DSQL emulator\n"
                    f"Server = {emu['endpoint']}\nHostAddr = 127.0.0.1\nPort = {emu['port']}\n"
                    f"UID = admin\nSSLRootCert = {emu.get('ca_file', ca)}\n\n")
            # The same, reporting every SQL rewrite as an informational message (the demo uses it).
            f.write("[dsql_emu_notes]\nDriver = DSQL\nDescription = dsql_emu with ShimNotes=1\n"
                    f"Server = {emu['endpoint']}\nHostAddr = 127.0.0.1\nPort = {emu['port']}\n"
                    f"UID = admin\nSSLRootCert = {emu.get('ca_file', ca)}\nShimNotes = 1\n\n")
        f.write(debian_dsn("dsql_pg_debian", "localhost", pg["port"], pg["user"], pg["password"],
                           ["SSLmode            = verify-full", f"SSLRootCert        = {ca}"]))
        if emu:
            f.write(debian_dsn("dsql_emu_debian", emu["endpoint"], emu["port"], "admin", "",
                               ["HostAddr           = 127.0.0.1",
                                f"SSLRootCert        = {emu.get('ca_file', ca)}"]))
        f.write("[dsql_pg_badtuning]\nDriver = DSQL\nDescription = dsql_pg with bad tuning values\n"
                f"Server = localhost\nPort = {pg['port']}\nDatabase = postgres\nUID = {pg['user']}\n"
                f"PWD = {pg['password']}\nSSLMode = verify-full\nSSLRootCert = {ca}\n"
                "LogLevel = verbose\nBoolsAsChar = maybe\n\n")
        if os.path.exists(PSQLODBC):
            f.write("[psqlodbc_pg]\nDriver = PostgreSQL Unicode\nDescription = psqlODBC for comparison\n"
                    f"Servername = 127.0.0.1\nPort = {pg['port']}\nDatabase = postgres\nUsername = {pg['user']}\n"
                    f"Password = {pg['password']}\nSSLmode = require\n\n")
    return odbc


def debian_dsn(name, server, port, user, password, extra):
    """A DSN laid out as /usr/share/doc/odbc-postgresql/examples/odbc.ini.template writes one (ReadOnly is
    No here: the client tests write), plus what reaching our servers needs."""
    lines = [f"[{name}]", "Description         = PostgreSQL", "Driver              = DSQL",
             "Trace               = No", "TraceFile           = /tmp/sql.log", "Database            = postgres",
             f"Servername          = {server}", f"UserName            = {user}", f"Password            = {password}",
             f"Port                = {port}", "ReadOnly            = No", "RowVersioning       = No",
             "ShowSystemTables    = No", "ShowOidColumn       = No", "FakeOidIndex        = No",
             "ConnSettings        ="] + extra
    return "\n".join(lines) + "\n\n"


def start(args):
    state = os.path.abspath(args.state)
    os.makedirs(state, exist_ok=True)
    stop(args, quiet=True)
    ca = certs.ensure_certs(os.path.join(state, "certs"))
    pg = pgserver.start(os.path.join(state, "pg"), certs=ca)
    emu = None
    if os.path.exists(EMULATORCTL) and not args.no_emulator:
        # Credentials the emulator accepts beyond its fixed ones: what tests/auth/fake_aws_server.py's STS
        # hands out for role ".../dsql-role", so assumed-role connects can be tested end to end.
        extra = os.path.join(state, "emulator-extra-credentials.json")
        with open(extra, "w") as f:
            json.dump([{"access_key_id": "ASIAASSUMEDDSQLROLE", "secret_access_key": "assumed/secret+key",
                        "session_token": "assumed-session-token"}], f)
        cmd = [sys.executable, EMULATORCTL, "start", "--dir", os.path.join(state, "emulator"),
               "--credentials-file", extra]
        if args.max_connection_age:
            cmd += ["--max-connection-age", str(args.max_connection_age)]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            sys.stderr.write(r.stdout + r.stderr)
            raise SystemExit("testenv: the DSQL emulator did not start")
        with open(os.path.join(state, "emulator", "emulator.json")) as f:
            emu = json.load(f)
    odbc = write_odbc_ini(state, os.path.abspath(args.driver), pg, emu, ca["ca"])
    env = {"state": state, "odbcsysini": odbc, "odbcini": os.path.join(odbc, "odbc.ini"), "ca": ca["ca"],
           "pg": pg, "emulator": emu}
    with open(os.path.join(state, "env.json"), "w") as f:
        json.dump(env, f, indent=2)
    print(f"testenv: PostgreSQL on {pg['port']}" + (f", DSQL emulator on {emu['port']}" if emu else ", no emulator"))


def stop(args, quiet=False):
    state = os.path.abspath(args.state)
    if os.path.exists(EMULATORCTL) and os.path.exists(os.path.join(state, "emulator")):
        subprocess.run([sys.executable, EMULATORCTL, "stop", "--dir", os.path.join(state, "emulator")],
                       capture_output=True)
    pgserver.stop(os.path.join(state, "pg"))
    if not quiet:
        print("testenv: stopped")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("action", choices=["start", "stop"])
    p.add_argument("--state", required=True)
    p.add_argument("--driver", default="")
    p.add_argument("--no-emulator", action="store_true")
    p.add_argument("--max-connection-age", type=int, default=0)
    a = p.parse_args()
    start(a) if a.action == "start" else stop(a)


if __name__ == "__main__":
    main()
