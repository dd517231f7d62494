"""The live-DSQL mode without a cluster: scripts/test-live.sh and every live test report "skipped" when
DSQL_ENDPOINT is not set; the DSNs written for an endpoint are right; and the machinery itself (DSNs,
the run's schema, a client test through them, the clean-up) works against the emulator standing in for
a cluster (DSQL_LIVE_HOSTADDR/PORT/SSLROOTCERT). Usage: live_mode_test.py <path to libdsqlodbc.so>"""
import configparser
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIVENV = os.path.join(ROOT, "tests", "harness", "livenv.py")
DRIVER = sys.argv[1]
failures = []


def run(cmd, env, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=240, env=env, **kw)


base = {k: v for k, v in os.environ.items() if not k.startswith("DSQL_LIVE") and k != "DSQL_ENDPOINT"}

# 1. The skip path: clear words, exit 0 for the script, 77 (ctest's skip code) for each live test.
r = run(["bash", os.path.join(ROOT, "scripts", "test-live.sh")], base)
if r.returncode != 0 or r.stdout.strip() != "skipped: DSQL_ENDPOINT not set":
    failures.append(f"test-live.sh without DSQL_ENDPOINT: exit {r.returncode}, stdout {r.stdout!r} {r.stderr!r}")
r = run(["bash", os.path.join(ROOT, "tests", "live", "run_live.sh"), "false"], base)
if r.returncode != 77 or "skipped: DSQL_ENDPOINT not set" not in r.stdout:
    failures.append(f"run_live.sh without DSQL_ENDPOINT: exit {r.returncode}, {r.stdout!r}")
with tempfile.TemporaryDirectory() as d:
    r = run([sys.executable, LIVENV, "start", "--state", d, "--driver", DRIVER], base)
    if r.returncode != 0 or "skipped: DSQL_ENDPOINT not set" not in r.stdout:
        failures.append(f"livenv start without DSQL_ENDPOINT: exit {r.returncode}, {r.stdout!r} {r.stderr!r}")


# 2. The DSNs written for a (fake) endpoint: no connection is made.
def dsns(extra):
    r = run([sys.executable, LIVENV, "dsns"], {**base, **extra})
    ini = configparser.ConfigParser()
    ini.optionxform = str
    ini.read_string(r.stdout)
    return ini


ini = dsns({"DSQL_ENDPOINT": "postgresql://zyxwvutsrqponmlkjihgfedcba.dsql.eu-west-1.on.aws:5432/postgres"})
for name in ("dsql_live", "dsql_emu", "dsql_emu_notes", "dsql_emu_debian"):
    s = ini[name] if name in ini else {}
    want = {"Driver": "DSQL", "Server": "zyxwvutsrqponmlkjihgfedcba.dsql.eu-west-1.on.aws", "Port": "5432",
            "UID": "admin", "Database": "postgres"}
    if any(s.get(k) != v for k, v in want.items()) or "HostAddr" in s or "SSLRootCert" in s or "PWD" in s:
        failures.append(f"DSN {name} for a full endpoint: {dict(s)}")
ini = dsns({"DSQL_ENDPOINT": "zyxwvutsrqponmlkjihgfedcba", "AWS_REGION": "ap-northeast-1", "DSQL_LIVE_USER": "app"})
if ini["dsql_live"].get("Region") != "ap-northeast-1" or ini["dsql_live"].get("UID") != "app":
    failures.append(f"DSN for a bare cluster id: {dict(ini['dsql_live'])}")

# 3. The machinery against the emulator standing in for a cluster.
with open(os.path.join(os.environ["DSQL_TEST_STATE"], "env.json")) as f:
    emu = json.load(f)["emulator"]
live = {**base, "DSQL_ENDPOINT": emu["endpoint"], "DSQL_LIVE_HOSTADDR": "127.0.0.1",
        "DSQL_LIVE_PORT": str(emu["port"]), "DSQL_LIVE_SSLROOTCERT": emu["ca_file"]}
with tempfile.TemporaryDirectory() as d:
    odbc = {**live, "ODBCSYSINI": os.path.join(d, "odbc"), "ODBCINI": os.path.join(d, "odbc", "odbc.ini")}
    check = ("import pyodbc; c = pyodbc.connect('DSN=dsql_live', autocommit=True); cur = c.cursor();"
             "cur.execute(\"SELECT count(*) FROM pg_namespace WHERE nspname = 'admin'\"); print(cur.fetchone()[0])")
    try:
        r = run([sys.executable, LIVENV, "start", "--state", d, "--driver", DRIVER], live)
        if r.returncode != 0 or "schema \"admin\"" not in r.stdout:
            failures.append(f"livenv start against the emulator: {r.stdout} {r.stderr}")
        r = run([sys.executable, LIVENV, "start", "--state", d + "/again", "--driver", DRIVER], live)
        if r.returncode == 0 or "already exists" not in r.stderr:
            failures.append(f"a second run did not refuse the existing schema: {r.stdout} {r.stderr}")
        make = ("import pyodbc; c = pyodbc.connect('DSN=dsql_live', autocommit=True); cur = c.cursor();"
                "cur.execute('CREATE TABLE live_probe (id bigint PRIMARY KEY)');"
                "cur.execute(\"SELECT schemaname FROM pg_tables WHERE tablename = 'live_probe'\");"
                "print(cur.fetchone()[0])")
        r = run([sys.executable, "-c", make], odbc)
        if r.stdout.strip() != "admin":
            failures.append(f"an unqualified table did not land in the run's schema: {r.stdout} {r.stderr}")
        r = run([sys.executable, os.path.join(ROOT, "tests", "clients", "isql_test.py"), "dsql_live"], odbc)
        if r.returncode != 0:
            failures.append(f"isql_test.py through dsql_live failed:\n{r.stdout}\n{r.stderr}")
    finally:
        r = run([sys.executable, LIVENV, "stop", "--state", d], live)
        if r.returncode != 0 or "schema dropped" not in r.stdout:
            failures.append(f"livenv stop: {r.stdout} {r.stderr}")
    r = run([sys.executable, "-c", check], odbc)
    if r.stdout.strip() != "0":
        failures.append(f"the run's schema is left behind: {r.stdout} {r.stderr}")

if failures:
    print("\n\n".join(failures))
    sys.exit(1)
print("live mode: skipped cleanly without DSQL_ENDPOINT; DSNs right; schema made, used and dropped (emulator)")
