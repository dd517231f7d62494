"""Live-DSQL mode: the test environment for a real Aurora DSQL cluster (a ctest fixture, like testenv.py).

  livenv.py start --state DIR --driver PATH   write DIR/odbc/{odbcinst.ini,odbc.ini} with the DSQL DSNs
                                              pointing at the cluster, and create the run's schema
  livenv.py stop --state DIR                  drop the run's schema and everything in it
  livenv.py dsns --driver PATH                print the odbc.ini it would write (no connection made)

The cluster comes from the environment: DSQL_ENDPOINT (full endpoint name, or a bare cluster id with
AWS_REGION), and optionally DSQL_LIVE_USER (default admin), DSQL_LIVE_PORT (5432), DSQL_LIVE_HOSTADDR and
DSQL_LIVE_SSLROOTCERT (a tunnel, or a stand-in such as the emulator). Credentials come from the standard
AWS chain, as for any application. Without DSQL_ENDPOINT, start and stop print "skipped: DSQL_ENDPOINT not
set" and succeed, and the live tests report themselves skipped.

DSNs: dsql_live, and the DSQL DSN names the integration and client tests use (dsql_emu, dsql_emu_notes,
dsql_emu_debian) pointing at the same cluster, so those tests run unchanged. Isolation: DSQL's default
search_path is "$user", public, so the fixture creates a schema named like the role the tests connect as;
every unqualified object the tests create lands there. It refuses to start if that schema exists already
(it is not this run's), and stop drops every table, view and sequence in it, then the schema.
"""
import argparse
import json
import os
import sys

SKIPPED = "skipped: DSQL_ENDPOINT not set"


def live_config(environ):
    endpoint = environ.get("DSQL_ENDPOINT", "").strip()
    if not endpoint:
        return None
    for prefix in ("postgresql://", "postgres://", "https://"):
        if endpoint.startswith(prefix):
            endpoint = endpoint[len(prefix):]
    endpoint = endpoint.split("/")[0].split(":")[0]
    return {"endpoint": endpoint, "user": environ.get("DSQL_LIVE_USER", "admin"),
            "port": environ.get("DSQL_LIVE_PORT", "5432"), "hostaddr": environ.get("DSQL_LIVE_HOSTADDR", ""),
            "sslrootcert": environ.get("DSQL_LIVE_SSLROOTCERT", ""), "region": environ.get("AWS_REGION", "")}


def dsn_text(cfg):
    """The odbc.ini sections for the cluster: no secrets (IAM tokens are signed at each connect)."""
    lines = [f"Driver = DSQL", f"Server = {cfg['endpoint']}", f"Port = {cfg['port']}", f"UID = {cfg['user']}",
             "Database = postgres"]
    if cfg["hostaddr"]:
        lines.append(f"HostAddr = {cfg['hostaddr']}")
    if cfg["sslrootcert"]:
        lines.append(f"SSLRootCert = {cfg['sslrootcert']}")
    if cfg["region"] and "." not in cfg["endpoint"]:  # a bare cluster id needs its region
        lines.append(f"Region = {cfg['region']}")
    out = ""
    for name, extra in (("dsql_live", []), ("dsql_emu", []), ("dsql_emu_notes", ["ShimNotes = 1"]),
                        ("dsql_emu_debian", ["Trace = No", "TraceFile = /tmp/sql.log", "ReadOnly = No"])):
        out += f"[{name}]\nDescription = dsql-odbc against the live cluster\n" + "\n".join(lines + extra) + "\n\n"
    return out


def write_odbc(state, driver, cfg):
    odbc = os.path.join(state, "odbc")
    os.makedirs(odbc, exist_ok=True)
    with open(os.path.join(odbc, "odbcinst.ini"), "w") as f:
        f.write(f"[DSQL]\nDescription = dsql-odbc (build tree)\nDriver = {driver}\nUsageCount = 1\n\n")
    with open(os.path.join(odbc, "odbc.ini"), "w") as f:
        f.write(dsn_text(cfg))
    os.environ["ODBCSYSINI"] = odbc
    os.environ["ODBCINI"] = os.path.join(odbc, "odbc.ini")
    with open(os.path.join(state, "env.json"), "w") as f:
        json.dump({"state": state, "odbcsysini": odbc, "odbcini": os.environ["ODBCINI"], "live": cfg,
                   "emulator": None}, f, indent=2)


def connect():
    import pyodbc  # Debian's python3-pyodbc, through the driver under test
    return pyodbc.connect("DSN=dsql_live", autocommit=True, timeout=30)


def drop_schema_contents(cur, schema):
    """Drops views, tables and sequences of `schema` (each in its own transaction, as DSQL wants DDL),
    repeating while progress is made (foreign keys impose an order), then the schema."""
    for _ in range(10):
        cur.execute("SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = ? AND c.relkind IN ('r', 'v', 'S', 'p')", schema)
        objects = cur.fetchall()
        if not objects:
            break
        for name, kind in sorted(objects, key=lambda o: o[1] != "v"):
            what = {"v": "VIEW", "S": "SEQUENCE"}.get(kind, "TABLE")
            try:
                cur.execute(f'DROP {what} IF EXISTS "{schema}"."{name}"')
            except Exception as e:  # noqa: BLE001 - a dependent object goes first; try again next round
                print(f"livenv: {what} {name} not dropped yet: {e}", file=sys.stderr)
    cur.execute(f'DROP SCHEMA IF EXISTS "{schema}"')


def start(args):
    cfg = live_config(os.environ)
    state = os.path.abspath(args.state)
    os.makedirs(state, exist_ok=True)
    if cfg is None:
        with open(os.path.join(state, "env.json"), "w") as f:
            json.dump({"state": state, "live": None}, f)
        print(SKIPPED)
        return
    write_odbc(state, os.path.abspath(args.driver), cfg)
    cur = connect().cursor()
    cur.execute("SELECT count(*) FROM pg_namespace WHERE nspname = ?", cfg["user"])
    if cur.fetchone()[0]:
        raise SystemExit(f"livenv: schema \"{cfg['user']}\" already exists on {cfg['endpoint']}: it is not this "
                         "run's; drop it or set DSQL_LIVE_USER to another role")
    cur.execute(f'CREATE SCHEMA "{cfg["user"]}"')
    with open(os.path.join(state, "schema-created"), "w") as f:
        f.write(cfg["user"])
    print(f"livenv: {cfg['endpoint']} as {cfg['user']}, objects in schema \"{cfg['user']}\"")


def stop(args):
    state = os.path.abspath(args.state)
    marker = os.path.join(state, "schema-created")
    if not os.path.exists(marker):
        print(SKIPPED if live_config(os.environ) is None else "livenv: nothing to clean up")
        return
    with open(os.path.join(state, "env.json")) as f:
        env = json.load(f)
    os.environ["ODBCSYSINI"], os.environ["ODBCINI"] = env["odbcsysini"], env["odbcini"]
    drop_schema_contents(connect().cursor(), open(marker).read())
    os.remove(marker)
    print("livenv: schema dropped")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("action", choices=["start", "stop", "dsns"])
    p.add_argument("--state", default="")
    p.add_argument("--driver", default="")
    a = p.parse_args()
    if a.action == "dsns":
        cfg = live_config(os.environ)
        print(SKIPPED if cfg is None else dsn_text(cfg), end="" if cfg else "\n")
    else:
        start(a) if a.action == "start" else stop(a)


if __name__ == "__main__":
    main()
