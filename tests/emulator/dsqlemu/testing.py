"""Helpers shared by the emulator's tests and the conformance replayer: start/stop an emulator in a
directory through emulatorctl.py (the same contract the project's harness uses), and open client
connections with tokens signed by the emulator's own signer."""
import datetime
import json
import os
import subprocess
import sys
import urllib.request

from . import pgclient
from . import sigv4

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CTL = os.path.join(HERE, "emulatorctl.py")


class Emulator:
    def __init__(self, directory, *extra_args):
        self.dir = os.path.abspath(directory)
        r = subprocess.run([sys.executable, CTL, "start", "--dir", self.dir, *extra_args],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"emulatorctl start failed: {r.stderr}")
        self.info = json.loads(r.stdout)
        with open(os.path.join(self.dir, "emulator.json")) as f:
            assert json.load(f) == self.info, "emulator.json differs from stdout"

    def stop(self):
        subprocess.run([sys.executable, CTL, "stop", "--dir", self.dir], capture_output=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def token(self, user="admin", session=False, **kw):
        c = self.info["credentials"]["session" if session else "static"]
        args = dict(host=self.info["endpoint"], region=self.info["region"], access_key_id=c["access_key_id"],
                    secret=c["secret_access_key"], action="DbConnectAdmin" if user == "admin" else "DbConnect",
                    session_token=c.get("session_token"))
        args.update(kw)
        return sigv4.sign_token(**args)

    def connect(self, user="admin", password=None, server_name=None, **kw):
        return pgclient.Connection(self.info["host"], self.info["port"], user,
                                   password if password is not None else self.token(user),
                                   server_name or self.info["endpoint"], ca_file=self.info["ca_file"], **kw)

    def control(self, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.info["control_url"] + path, data=data,
                                     method="POST" if data is not None else "GET",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.load(r)


def utc(**delta):
    return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(**delta)


def run_unittests(emulator, args):
    """Runs this module's unittest cases against a started `emulator`, stops it, returns the exit code."""
    import unittest
    try:
        prog = unittest.main(module="__main__", argv=[sys.argv[0]] + list(args), exit=False, verbosity=2)
    finally:
        emulator.stop()
    return 0 if prog.result.wasSuccessful() else 1
