"""psql (a real client, no ODBC involved) against the DSQL emulator with a password from the project's
`dsql-token` CLI, over sslmode=verify-full with SNI: accepted as admin; refused for a tampered signature,
an expired token, a DbConnect token presented for admin, and a plaintext connection.
Usage: dsql_token_psql_test.py PATH-TO-dsql-token"""
import datetime
import json
import os
import subprocess
import sys

token_bin = sys.argv[1]
state = os.environ["DSQL_TEST_STATE"]
with open(os.path.join(state, "env.json")) as f:
    emu = json.load(f)["emulator"]
failures = []


def token(*args):
    r = subprocess.run([token_bin, "--hostname", emu["endpoint"], *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"dsql-token failed: {r.stderr}")
    return r.stdout.strip()


def psql(password, user="admin", sslmode="verify-full"):
    conninfo = (f"host={emu['endpoint']} hostaddr=127.0.0.1 port={emu['port']} dbname=postgres user={user} "
                f"sslmode={sslmode} sslrootcert={emu['ca_file']}")
    env = dict(os.environ, PGPASSWORD=password)
    return subprocess.run(["psql", conninfo, "-XAtc", "SELECT current_user"], capture_output=True, text=True,
                          env=env, timeout=30)


good = token("--admin")
if not good.startswith(emu["endpoint"] + "/?Action=DbConnectAdmin&"):
    failures.append(f"token shape: {good[:80]}")
r = psql(good)
if r.returncode != 0 or r.stdout.strip() != "admin":
    failures.append(f"good token refused: {r.stdout} {r.stderr}")

sig = good.rsplit("X-Amz-Signature=", 1)
tampered = sig[0] + "X-Amz-Signature=" + ("0" if sig[1][0] != "0" else "1") + sig[1][1:]
old = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
cases = {
    "tampered signature": (tampered, "admin", "verify-full"),
    "expired token": (token("--admin", "--expires-in", "60", "--signing-time", old), "admin", "verify-full"),
    "DbConnect token for admin": (token("--user", "app_reader"), "admin", "verify-full"),
    "plaintext connection": (good, "admin", "disable"),
}
for label, (password, user, mode) in cases.items():
    r = psql(password, user, mode)
    if r.returncode == 0:
        failures.append(f"{label}: accepted")
    elif "unable to accept connection" not in r.stderr:
        failures.append(f"{label}: refused without DSQL's message: {r.stderr}")
    if "X-Amz-Signature=" in r.stderr:
        failures.append(f"{label}: the token leaked into the error")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("dsql-token + psql: accepted with verify-full; tampered, expired, wrong-action and plaintext refused")
