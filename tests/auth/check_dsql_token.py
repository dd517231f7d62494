#!/usr/bin/env python3
"""Checks dsql-token's output against an independent SigV4 query presign written here with hashlib/hmac
(from the AWS SigV4 documentation, not from the driver's code), for fixed signing times.

Usage: check_dsql_token.py /path/to/dsql-token
Runs the binary with a controlled environment (no real AWS files, IMDS disabled) and checks:
  - static and session credentials, DbConnect / DbConnectAdmin, --expires-in, bare cluster ids + --region,
    region derived from the host name; the docs/dsql-behaviour.md §1.3 vector;
  - the token alone on stdout; errors on stderr with a non-zero exit and no secret in them; --help.
"""
import hashlib
import hmac
import os
import subprocess
import sys
import tempfile
import urllib.parse

FAILURES = []


def presign(host, region, action, expires, akid, secret, token, amz_date):
    def enc(s):
        return urllib.parse.quote(s, safe="-_.~")

    date = amz_date[:8]
    scope = f"{date}/{region}/dsql/aws4_request"
    params = {"Action": action, "X-Amz-Algorithm": "AWS4-HMAC-SHA256", "X-Amz-Credential": f"{akid}/{scope}",
              "X-Amz-Date": amz_date, "X-Amz-Expires": str(expires), "X-Amz-SignedHeaders": "host"}
    if token:
        params["X-Amz-Security-Token"] = token
    query = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(params.items()))
    creq = "\n".join(["GET", "/", query, f"host:{host}\n", "host", hashlib.sha256(b"").hexdigest()])
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(creq.encode()).hexdigest()])
    key = ("AWS4" + secret).encode()
    for part in (date, region, "dsql", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
    return f"{host}/?{query}&X-Amz-Signature={sig}"


def run(binary, args, env):
    base = {"PATH": "/usr/bin:/bin", "HOME": env.pop("HOME"), "AWS_EC2_METADATA_DISABLED": "true"}
    base.update(env)
    return subprocess.run([binary] + args, env=base, capture_output=True, text=True, timeout=60)


def check(name, cond, detail=""):
    if not cond:
        FAILURES.append(f"{name}: {detail}")
    print(("ok   " if cond else "FAIL ") + name)


def main():
    binary = sys.argv[1]
    home = tempfile.mkdtemp(prefix="dsql-token-check-")
    static = {"AWS_ACCESS_KEY_ID": "AKIDEMULATORSTATIC01", "AWS_SECRET_ACCESS_KEY": "emulator/static/secret+key"}
    session = {"AWS_ACCESS_KEY_ID": "ASIAEMULATORSESSION1", "AWS_SECRET_ACCESS_KEY": "emulator/session/secret+key",
               "AWS_SESSION_TOKEN": "emulator-session-token/with+special=chars"}
    host = "abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws"
    cases = [
        ("static admin", ["--hostname", host, "--admin"], static, host, "us-east-1", "DbConnectAdmin", 900),
        ("static default user is admin", ["--hostname", host], static, host, "us-east-1", "DbConnectAdmin", 900),
        ("static custom role", ["--hostname", host, "--user", "app_rw", "--expires-in", "3600"], static, host,
         "us-east-1", "DbConnect", 3600),
        ("session creds", ["--hostname", host, "--user", "app"], session, host, "us-east-1", "DbConnect", 900),
        ("session admin max lifetime", ["--hostname", host, "--admin", "--expires-in", "604800"], session, host,
         "us-east-1", "DbConnectAdmin", 604800),
        ("bare id + --region", ["--hostname", "abcdefghijklmnopqrstuvwxyz", "--region", "eu-west-2"], static,
         "abcdefghijklmnopqrstuvwxyz.dsql.eu-west-2.on.aws", "eu-west-2", "DbConnectAdmin", 900),
        ("dsql-suffix endpoint", ["--hostname", "xyz.dsql-ab12.ap-southeast-2.on.aws", "--user", "r"], static,
         "xyz.dsql-ab12.ap-southeast-2.on.aws", "ap-southeast-2", "DbConnect", 900),
    ]
    for when, amz in [("2024-11-07T17:39:33Z", "20241107T173933Z"), ("2026-02-28T23:59:59Z", "20260228T235959Z")]:
        for name, args, creds, signed_host, region, action, expires in cases:
            env = dict(creds, HOME=home)
            r = run(binary, args + ["--signing-time", when], env)
            want = presign(signed_host, region, action, expires, creds["AWS_ACCESS_KEY_ID"],
                           creds["AWS_SECRET_ACCESS_KEY"], creds.get("AWS_SESSION_TOKEN"), amz)
            check(f"{name} @ {when}", r.returncode == 0 and r.stdout == want + "\n" and r.stderr == "",
                  f"rc={r.returncode} stdout={r.stdout!r} want={want!r} stderr={r.stderr!r}")

    # docs/dsql-behaviour.md §1.3 vector through the CLI.
    r = run(binary, ["--hostname", "test.dsql.us-east-1.on.aws", "--user", "x", "--signing-time",
                     "2024-11-07T17:39:33Z"],
            {"HOME": home, "AWS_ACCESS_KEY_ID": "access_key", "AWS_SECRET_ACCESS_KEY": "secret_key"})
    check("behaviour §1.3 vector", r.stdout.strip().endswith(
        "X-Amz-Signature=e319d85380261f643d78a558f76257f05aacea758a6ccd42a2510e2ae0854a47"), r.stdout)

    # Credentials from a profile in a real credentials file.
    creds_file = os.path.join(home, "creds")
    with open(creds_file, "w") as f:
        f.write("[dev]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile/secret\n")
    r = run(binary, ["--hostname", host, "--profile", "dev", "--signing-time", "2024-11-07T17:39:33Z"],
            dict(static, HOME=home, AWS_SHARED_CREDENTIALS_FILE=creds_file))
    want = presign(host, "us-east-1", "DbConnectAdmin", 900, "AKIDPROFILE", "profile/secret", None,
                   "20241107T173933Z")
    check("--profile beats environment", r.stdout == want + "\n", r.stdout + r.stderr)

    # Errors: stderr, non-zero exit, nothing on stdout, no secret.
    secret_env = {"HOME": home, "AWS_ACCESS_KEY_ID": "AKIDX", "AWS_SESSION_TOKEN": "SESSIONTOKENSECRET"}
    r = run(binary, ["--hostname", host], secret_env)
    check("partial env keys -> error", r.returncode == 1 and r.stdout == "" and "AWS_SECRET_ACCESS_KEY" in r.stderr
          and "SESSIONTOKENSECRET" not in r.stderr, r.stderr)
    r = run(binary, ["--hostname", host], {"HOME": home})
    check("no credentials -> sources listed", r.returncode == 1 and "environment" in r.stderr
          and "EC2 instance metadata" in r.stderr and "28000" in r.stderr, r.stderr)
    r = run(binary, ["--hostname", "abcdefghijklmnopqrstuvwxyz"], dict(static, HOME=home))
    check("bare id without region -> 08001", r.returncode == 1 and "08001" in r.stderr
          and "emulator/static" not in r.stderr, r.stderr)
    r = run(binary, ["--hostname", host, "--expires-in", "604801"], dict(static, HOME=home))
    check("--expires-in out of range -> usage", r.returncode == 2 and r.stdout == "", r.stderr)
    r = run(binary, ["--hostname", host, "--signing-time", "yesterday"], dict(static, HOME=home))
    check("bad --signing-time -> usage", r.returncode == 2, r.stderr)
    r = run(binary, [], dict(static, HOME=home))
    check("missing --hostname -> usage", r.returncode == 2 and "--hostname" in r.stderr, r.stderr)
    r = run(binary, ["--help"], {"HOME": home})
    check("--help", r.returncode == 0 and "usage: dsql-token" in r.stdout, r.stdout)

    if FAILURES:
        print("\n".join(FAILURES), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
