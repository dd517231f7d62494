"""IAM authentication end to end through isql against the DSQL emulator: the driver signs a fresh token
from the AWS credential chain at every connect. Cases: `admin` with static credentials, `admin` with
session credentials, a custom role (DbConnect), and credentials from an assumed role (a profile with
role_arn + source_profile, STS answered by tests/auth/fake_aws_server.py on loopback)."""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []
AWS_VARS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]


def isql(env_overrides, script, args=()):
    env = {k: v for k, v in os.environ.items() if k not in AWS_VARS}
    env.update(env_overrides)
    return subprocess.run(["isql", "-v", "-b", "-d|", "dsql_emu", *args], input=script, capture_output=True,
                          text=True, timeout=60, env=env)


def expect_user(label, env, user, args=()):
    r = isql(env, "SELECT 'who=' || current_user\n", args)
    if f"who={user}" not in r.stdout:
        failures.append(f"{label}: expected current_user {user}\nstdout: {r.stdout}\nstderr: {r.stderr}")
    for secret in ("emulator/static/secret+key", "emulator/session/secret+key", "X-Amz-Signature=", "assumed/secret"):
        if secret in r.stdout + r.stderr:
            failures.append(f"{label}: a secret leaked into isql's output")


static = {"AWS_ACCESS_KEY_ID": "AKIDEMULATORSTATIC01", "AWS_SECRET_ACCESS_KEY": "emulator/static/secret+key"}
session = {"AWS_ACCESS_KEY_ID": "ASIAEMULATORSESSION1", "AWS_SECRET_ACCESS_KEY": "emulator/session/secret+key",
           "AWS_SESSION_TOKEN": "emulator-session-token/with+special=chars"}

expect_user("admin, static credentials", static, "admin")
expect_user("admin, session credentials", session, "admin")

# A custom role: admin creates it; connecting as it signs DbConnect.
r = isql(static, "DROP ROLE IF EXISTS app_reader\nCREATE ROLE app_reader WITH LOGIN\n")
if r.returncode != 0:
    failures.append(f"creating role failed: {r.stdout} {r.stderr}")
expect_user("custom role, static credentials", static, "app_reader", args=("app_reader",))

# Wrong credentials are refused with DSQL's access-denied, and say so.
r = isql({**static, "AWS_SECRET_ACCESS_KEY": "wrong"}, "SELECT 1\n")
if r.returncode == 0 or "access denied" not in r.stdout + r.stderr:
    failures.append(f"wrong secret was not refused: {r.stdout} {r.stderr}")

# Assumed role: profile -> source_profile (static keys) -> STS AssumeRole on loopback -> session credentials.
fake = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests", "auth", "fake_aws_server.py")],
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
try:
    port = fake.stdout.readline().strip().split()[-1]
    with tempfile.TemporaryDirectory() as d:
        config, creds = os.path.join(d, "config"), os.path.join(d, "credentials")
        with open(config, "w") as f:
            f.write("[profile dsqlrole]\nrole_arn = arn:aws:iam::123456789012:role/dsql-role\n"
                    "source_profile = base\n")
        with open(creds, "w") as f:
            f.write("[base]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = source/secret+key\n")
        expect_user("admin, assumed role", {"AWS_PROFILE": "dsqlrole", "AWS_CONFIG_FILE": config,
                                            "AWS_SHARED_CREDENTIALS_FILE": creds,
                                            "AWS_ENDPOINT_URL_STS": f"http://127.0.0.1:{port}"}, "admin")
finally:
    fake.stdin.close()
    fake.wait(timeout=10)

if failures:
    print("\n\n".join(failures))
    sys.exit(1)
print("IAM through isql: admin (static, session, assumed role) and a custom role all connected")
