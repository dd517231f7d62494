"""Secrets never reach the driver's log: with DSQLODBC_LOG=debug, isql connects by password (PostgreSQL)
and by IAM with session credentials (emulator), fails once on purpose, and the log file is searched for
every secret involved (password, secret access key, session token, token signature)."""
import os
import subprocess
import sys
import tempfile

failures = []
secrets = {
    "password": "dsqltest-pw",
    "secret access key": "emulator/session/secret+key",
    "session token": "emulator-session-token/with+special=chars",
}
with tempfile.TemporaryDirectory() as d:
    log = os.path.join(d, "driver.log")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ACCESS") and not k.startswith("AWS_SECRET")}
    env.update(DSQLODBC_LOG="debug", DSQLODBC_LOG_FILE=log, AWS_ACCESS_KEY_ID="ASIAEMULATORSESSION1",
               AWS_SECRET_ACCESS_KEY=secrets["secret access key"], AWS_SESSION_TOKEN=secrets["session token"])
    for dsn in ("dsql_pg", "dsql_emu"):
        r = subprocess.run(["isql", "-v", "-b", dsn], input="SELECT 1\nSELECT * FROM no_such_table\n",
                           capture_output=True, text=True, env=env, timeout=60)
        if "no_such_table" not in r.stdout + r.stderr:
            failures.append(f"{dsn}: the session did not run: {r.stdout} {r.stderr}")
    # A refused IAM connect (wrong secret) is logged too.
    bad = dict(env, AWS_SECRET_ACCESS_KEY="wrong/secret+value")
    subprocess.run(["isql", "-v", "-b", "dsql_emu"], input="SELECT 1\n", capture_output=True, text=True, env=bad,
                   timeout=60)
    secrets["wrong secret"] = "wrong/secret+value"
    text = open(log).read() if os.path.exists(log) else ""
    if "connecting:" not in text or "signed a DSQL IAM token" not in text:
        failures.append("the debug log does not show the connects, so this test proves nothing:\n" + text[:2000])
    for what, value in secrets.items():
        if value in text:
            failures.append(f"the {what} appears in the driver log")
    import re
    for m in re.finditer(r"X-Amz-(Signature|Security-Token|Credential)=([^&\s;]*)", text):
        if m.group(2) != "***":
            failures.append(f"X-Amz-{m.group(1)} value in the log: {m.group(0)[:40]}")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("driver log at debug level: connects and errors logged, no secret in it")
