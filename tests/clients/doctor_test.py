"""dsql-odbc-doctor against the DSQL emulator, plain PostgreSQL and the loopback fake of AWS
(tests/auth/fake_aws_server.py), with each failure injected: the doctor must name the failing step in its
verdict, exit 1 (0 when healthy), and never print a secret. Usage: doctor_test.py <path to dsql-odbc-doctor>"""
import os
import subprocess
import sys
import tempfile
import urllib.request
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCTOR = sys.argv[1]
AWS_VARS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
            "AWS_CREDENTIAL_EXPIRATION", "AWS_CONTAINER_CREDENTIALS_FULL_URI"]
STATIC = {"AWS_ACCESS_KEY_ID": "AKIDEMULATORSTATIC01", "AWS_SECRET_ACCESS_KEY": "emulator/static/secret+key"}
SECRETS = ["emulator/static/secret+key", "source/secret+key", "container/secret+key", "dsqltest-pw",
           "X-Amz-Signature", "assumed/secret+key"]
failures = []


def doctor(conn, env, args=()):
    e = {k: v for k, v in os.environ.items() if k not in AWS_VARS}
    e.update(env)
    return subprocess.run([DOCTOR, *args, conn], capture_output=True, text=True, timeout=60, env=e)


def expect(label, conn, env, step, words=(), args=()):
    """step None: healthy (exit 0, OK verdict); else exit 1 and a verdict 'FAIL at <step>' naming `words`."""
    r = doctor(conn, env, args)
    out = r.stdout + r.stderr
    verdict = next((l for l in r.stdout.splitlines() if l.startswith("verdict:")), "")
    if step is None:
        ok = r.returncode == 0 and verdict == "verdict: OK - the connection works"
    else:
        ok = r.returncode == 1 and verdict.startswith(f"verdict: FAIL at {step}:") and \
            all(w.lower() in verdict.lower() for w in words)
    if not ok:
        failures.append(f"{label}: expected {step or 'OK'} {list(words)}, exit {r.returncode}\n{out}")
    leaked = [s for s in SECRETS if s in out]
    if leaked:
        failures.append(f"{label}: secret(s) printed: {leaked}")
    return r


two_hours_ago = (datetime.now(timezone.utc) - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")

# Healthy: the emulator (IAM) and plain PostgreSQL (password); every step reported.
r = expect("healthy emulator", "DSN=dsql_emu", STATIC, None)
for word in ["credentials", "from environment", "region", "us-east-1", "tcp", "TLSv1", "chain verified",
             "DbConnectAdmin", "logged in as admin", "server_version 16.15"]:
    if word not in r.stdout:
        failures.append(f"healthy emulator: '{word}' missing from the report:\n{r.stdout}")
r = expect("healthy PostgreSQL", "DSN=dsql_pg", {}, None)
if "PWD=***" not in r.stdout or "password authentication" not in r.stdout:
    failures.append(f"healthy PostgreSQL: settings not shown masked:\n{r.stdout}")

# Each failure, named at its step.
expect("no credentials", "DSN=dsql_emu", {}, "credentials", ["no AWS credentials"])
expect("wrong region", "DSN=dsql_emu;Server=abcdefghijklmnopqrstuvwxyz;Region=eu-west-1", STATIC, "region",
       ["eu-west-1"])
expect("unreachable host", "DSN=dsql_emu;Port=1", STATIC, "tcp", ["unreachable"])
expect("unresolvable host", "Server=no-such-host.invalid;UID=u;PWD=p", {}, "dns", ["does not resolve"])
expect("untrusted certificate", "DSN=dsql_emu;SSLRootCert=/etc/ssl/certs/ca-certificates.crt", STATIC, "tls",
       ["not trusted"])
expect("expired token", "DSN=dsql_emu", STATIC, "authentication", ["expired"], args=("--signing-time", two_hours_ago))
expect("expired credentials", "DSN=dsql_emu", {**STATIC, "AWS_SESSION_TOKEN": "t",
                                              "AWS_CREDENTIAL_EXPIRATION": "2020-01-01T00:00:00Z"},
       "credentials", ["expired"])
expect("access denied", "DSN=dsql_emu", {**STATIC, "AWS_SECRET_ACCESS_KEY": "not-the-secret"}, "authentication",
       ["access denied", "DbConnectAdmin"])
expect("wrong password", "DSN=dsql_pg;PWD=wrong", {}, "authentication", ["password"])
expect("unknown DSN", "DSN=no_such_dsn", {}, "settings", ["no DSN named"])

# Credential sources answered by the loopback fake of AWS: an assumed role (healthy), a container endpoint
# whose credentials the cluster does not accept (access denied), and one that fails (credentials step).
fake = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests", "auth", "fake_aws_server.py")],
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
try:
    port = fake.stdout.readline().strip().split()[-1]
    with tempfile.TemporaryDirectory() as d:
        config, creds = os.path.join(d, "config"), os.path.join(d, "credentials")
        with open(config, "w") as f:
            f.write("[profile dsqlrole]\nrole_arn = arn:aws:iam::123456789012:role/dsql-role\nsource_profile = base\n")
        with open(creds, "w") as f:
            f.write("[base]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = source/secret+key\n")
        role = {"AWS_PROFILE": "dsqlrole", "AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": creds,
                "AWS_ENDPOINT_URL_STS": f"http://127.0.0.1:{port}"}
        r = expect("assumed role", "DSN=dsql_emu", role, None)
        if "assume-role" not in r.stdout and "dsqlrole" not in r.stdout:
            failures.append(f"assumed role: the answering source is not named:\n{r.stdout}")
    container = {"AWS_CONTAINER_CREDENTIALS_FULL_URI": f"http://127.0.0.1:{port}/container/creds"}
    r = expect("container credentials refused", "DSN=dsql_emu", container, "authentication", ["access denied"])
    if "from container" not in r.stdout or "environment: " not in r.stdout:
        failures.append(f"container: the source used and the sources tried are not shown:\n{r.stdout}")
    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/__control", method="POST",
                                                  data=b'{"container_status": 500}'), timeout=10).read()
    expect("container failing", "DSN=dsql_emu", container, "credentials", ["container"])
finally:
    fake.stdin.close()
    fake.wait(timeout=10)

if failures:
    print("\n\n".join(failures))
    sys.exit(1)
print("doctor: healthy (emulator, PostgreSQL, assumed role) and 11 injected failures each named at their step")
