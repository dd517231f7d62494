#!/usr/bin/python3
"""Prints a DSQL IAM auth token signed with the emulator's own SigV4 code (dsqlemu/sigv4.py), for psql
demos and tests: sign_token.py [--emulator-json F | --host H --region R --akid A --secret S [--session-token T]]
[--user admin] [--expires 900]. With --emulator-json the static test credentials are used (or the session
ones with --session)."""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dsqlemu import sigv4  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--emulator-json")
    p.add_argument("--session", action="store_true")
    p.add_argument("--host")
    p.add_argument("--region")
    p.add_argument("--akid")
    p.add_argument("--secret")
    p.add_argument("--session-token")
    p.add_argument("--user", default="admin")
    p.add_argument("--expires", type=int, default=900)
    a = p.parse_args()
    if a.emulator_json:
        e = json.load(open(a.emulator_json))
        c = e["credentials"]["session" if a.session else "static"]
        a.host, a.region = a.host or e["endpoint"], a.region or e["region"]
        a.akid, a.secret, a.session_token = c["access_key_id"], c["secret_access_key"], c.get("session_token")
    action = "DbConnectAdmin" if a.user == "admin" else "DbConnect"
    print(sigv4.sign_token(a.host, a.region, a.akid, a.secret, action, a.expires, a.session_token))


if __name__ == "__main__":
    main()
