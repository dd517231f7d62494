#!/usr/bin/python3
"""Emulator connection-phase tests: IAM token verification (docs/dsql-behaviour.md §1.4) through real connections
(libpq via psycopg2 with sslmode=verify-full, and the raw client for cases libpq cannot produce), TLS
rules (§6), and the injectable connection refusals. Also checks the emulator's SigV4 code against AWS's
published DSQL vectors (§1.3). Run: test_auth.py [EMULATOR_DIR] (default: a temp dir)."""
import datetime
import json
import os
import socket
import struct
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import psycopg2  # noqa: E402

from dsqlemu import pgclient, sigv4, testing, wire  # noqa: E402

EMU = None
FILE_CRED = {"access_key_id": "AKIDFROMFILE00000001", "secret_access_key": "from/file+secret"}
DENIED = "unable to accept connection, access denied"


def libpq_connect(password, user="admin", sslmode="verify-full", host=None, **kw):
    return psycopg2.connect(host=host or EMU.info["endpoint"], hostaddr="127.0.0.1", port=EMU.info["port"],
                            user=user, password=password, dbname="postgres", sslmode=sslmode,
                            sslrootcert=EMU.info["ca_file"], connect_timeout=10, **kw)


class SigV4Vectors(unittest.TestCase):
    """aws-sdk-java-v2 DefaultDsqlUtilitiesTest vectors (docs/dsql-behaviour.md §1.3)."""
    NOW = datetime.datetime(2024, 11, 7, 17, 39, 33, tzinfo=datetime.timezone.utc)
    VECTORS = [("DbConnect", 900, "e319d85380261f643d78a558f76257f05aacea758a6ccd42a2510e2ae0854a47"),
               ("DbConnectAdmin", 900, "a08adc4c84a490014ce374b90c98ba9ed015b77b451c0d9f9fb3f8ca8c6f9c36"),
               ("DbConnect", 3600, "63987ab6908fe81bfcaa5a5120444a8d012751992bcdfec351522db555232c51"),
               ("DbConnectAdmin", 3600, "46e02dfc8d6d07289b9e5910ccd9a50f1c3b798e48ccd92153255df508bd0b82")]

    def test_vectors_sign_and_verify(self):
        creds = {"access_key": {"secret_access_key": "secret_key", "session_token": None}}
        for action, expires, sig in self.VECTORS:
            tok = sigv4.sign_token("test.dsql.us-east-1.on.aws", "us-east-1", "access_key", "secret_key",
                                   action, expires, now=self.NOW)
            self.assertTrue(tok.endswith("&X-Amz-Signature=" + sig), tok)
            user = "admin" if action == "DbConnectAdmin" else "someone"
            self.assertEqual(sigv4.verify_token(tok, user, "test.dsql.us-east-1.on.aws", "us-east-1", creds,
                                                now=self.NOW), "access_key")

    def test_parameter_order_is_irrelevant(self):
        tok = sigv4.sign_token("h.dsql.us-east-1.on.aws", "us-east-1", "ak", "sk", now=self.NOW)
        host, rest = tok.split("/?")
        reordered = host + "/?" + "&".join(reversed(rest.split("&")))
        creds = {"ak": {"secret_access_key": "sk"}}
        sigv4.verify_token(reordered, "admin", host, "us-east-1", creds, now=self.NOW)


class TokenVerification(unittest.TestCase):
    def assertDenied(self, password, user="admin", host=None, hint=None, reason=None):
        """Refused with DSQL's message; `reason`: the cause the emulator logged (so a test cannot pass
        because of some other check)."""
        with open(EMU.info["log_file"]) as f:
            f.seek(0, os.SEEK_END)
            with self.assertRaises(psycopg2.OperationalError) as cm:
                libpq_connect(password, user=user, host=host).close()
            logged = f.read()
        self.assertIn(DENIED, str(cm.exception))
        if hint:
            self.assertIn(hint, str(cm.exception))
        if reason:
            self.assertIn(reason, logged)

    def test_static_token_accepted_verify_full(self):
        c = libpq_connect(EMU.token())
        cur = c.cursor()
        cur.execute("SELECT current_user, current_database()")
        self.assertEqual(cur.fetchone(), ("admin", "postgres"))
        self.assertEqual(c.server_version, 160015)
        c.close()

    def test_session_token_accepted(self):
        libpq_connect(EMU.token(session=True)).close()

    def test_wrong_signature(self):
        tok = EMU.token()
        bad = tok[:-1] + ("0" if tok[-1] != "0" else "1")
        self.assertDenied(bad, reason="signature mismatch")

    def test_wrong_secret(self):
        self.assertDenied(EMU.token(secret="not-the-secret"), reason="signature mismatch")

    def test_expired(self):
        self.assertDenied(EMU.token(now=testing.utc(hours=-2), expires=900), hint="Signature expired",
                          reason="token expired")

    def test_future(self):
        self.assertDenied(EMU.token(now=testing.utc(minutes=20)), reason="signed in the future")

    def test_small_skew_accepted(self):
        libpq_connect(EMU.token(now=testing.utc(minutes=2))).close()

    def test_expires_above_one_week(self):
        self.assertDenied(EMU.token(expires=604801), reason="X-Amz-Expires out of range")

    def test_wrong_region(self):
        self.assertDenied(EMU.token(region="eu-west-1"), reason="region eu-west-1")

    def test_token_for_other_host(self):
        self.assertDenied(EMU.token(host="zzzzzzzzzzzzzzzzzzzzzzzzzz.dsql.us-east-1.on.aws"),
                          reason="token host does not match")

    def test_sni_of_other_cluster(self):
        other = "zzzzzzzzzzzzzzzzzzzzzzzzzz.dsql.us-east-1.on.aws"      # covered by the test cert wildcard
        self.assertDenied(EMU.token(host=other), host=other, reason="SNI name is not this cluster")

    def test_dbconnect_token_for_admin(self):
        self.assertDenied(EMU.token(action="DbConnect"), reason="needs DbConnectAdmin")

    def test_admin_token_for_custom_role(self):
        self.assertDenied(EMU.token(user="admin"), user="someone", reason="needs DbConnect)")

    def test_session_credential_without_token(self):
        self.assertDenied(EMU.token(session=True, session_token=None), reason="without X-Amz-Security-Token")

    def test_session_credential_wrong_token(self):
        self.assertDenied(EMU.token(session=True, session_token="other-token"),
                          reason="security token does not match")

    def test_unknown_access_key(self):
        self.assertDenied(EMU.token(access_key_id="AKIDUNKNOWN000000000"), reason="unknown access key")

    def test_token_with_scheme(self):
        self.assertDenied("https://" + EMU.token(), reason="URL scheme")

    def test_garbage_password(self):
        self.assertDenied("not a token", reason="not host/?query")


class Transport(unittest.TestCase):
    def test_plaintext_refused(self):
        with self.assertRaises(psycopg2.OperationalError) as cm:
            libpq_connect(EMU.token(), sslmode="disable").close()
        self.assertIn("SSL is required", str(cm.exception))

    def test_direct_tls_with_alpn(self):
        c = EMU.connect(direct=True)
        self.assertEqual(c.query("SELECT 1").rows, [["1"]])
        self.assertEqual(c.params["server_version"], "16.15")
        c.close()

    def test_gssenc_request_answered_n(self):
        with socket.create_connection(("127.0.0.1", EMU.info["port"])) as s:
            s.sendall(struct.pack("!II", 8, wire.GSSENC_REQUEST))
            self.assertEqual(s.recv(1), b"N")

    def test_no_sni_refused(self):
        import ssl
        raw = socket.create_connection(("127.0.0.1", EMU.info["port"]))
        raw.sendall(struct.pack("!II", 8, wire.SSL_REQUEST))
        self.assertEqual(raw.recv(1), b"S")
        ctx = ssl._create_unverified_context()
        s = ctx.wrap_socket(raw)          # no server_hostname: no SNI
        s.sendall(wire.startup_message({"user": "admin", "database": "postgres"}))
        kind, body, _ = wire.MessageReader(s).read()
        self.assertEqual(kind, "E")
        self.assertIn("sni was not received", dict(wire.parse_fields(body))["M"])
        s.close()

    def test_other_database_refused(self):
        with self.assertRaises(pgclient.PgError) as cm:
            EMU.connect(database="other")
        self.assertEqual(cm.exception.sqlstate, "3D000")

    def test_custom_role_with_dbconnect(self):
        admin = libpq_connect(EMU.token())
        admin.autocommit = True
        admin.cursor().execute("CREATE ROLE auth_reader WITH LOGIN")
        admin.cursor().execute("AWS IAM GRANT auth_reader TO 'arn:aws:iam::123456789012:role/reader'")
        admin.close()
        c = libpq_connect(EMU.token(user="auth_reader"), user="auth_reader")
        cur = c.cursor()
        cur.execute("SELECT current_user")
        self.assertEqual(cur.fetchone()[0], "auth_reader")
        c.close()


class ExtraCredentials(unittest.TestCase):
    def test_credentials_file(self):
        """main() starts the emulator with --credentials-file holding FILE_CRED."""
        libpq_connect(EMU.token(access_key_id=FILE_CRED["access_key_id"],
                                secret=FILE_CRED["secret_access_key"], session_token=None)).close()

    def test_runtime_credentials(self):
        EMU.control("/credentials", {"access_key_id": "ASIARUNTIME000000001", "secret_access_key": "rt/secret",
                                     "session_token": "rt-token"})
        libpq_connect(EMU.token(access_key_id="ASIARUNTIME000000001", secret="rt/secret",
                                session_token="rt-token")).close()


class ConnectRefusals(unittest.TestCase):
    def test_rate_exceeded_then_ok(self):
        EMU.control("/inject/connect-refusal", {"count": 2, "reason": "rate"})
        for _ in range(2):
            with self.assertRaises(pgclient.PgError) as cm:
                EMU.connect()
            self.assertEqual((cm.exception.sqlstate, cm.exception.message, cm.exception.severity),
                             ("53400", "Unable to accept connection, rate exceeded.", "FATAL"))
        EMU.connect().close()

    def test_waking_up(self):
        EMU.control("/inject/connect-refusal", {"count": 1, "reason": "waking"})
        with self.assertRaises(psycopg2.OperationalError) as cm:
            libpq_connect(EMU.token())
        self.assertIn("waking up cluster, please retry later", str(cm.exception))
        libpq_connect(EMU.token()).close()


def main():
    global EMU
    args = sys.argv[1:]
    directory = args.pop(0) if args and not args[0].startswith("-") else tempfile.mkdtemp(prefix="dsql-emu-auth-")
    os.makedirs(directory, exist_ok=True)
    cred_file = os.path.join(directory, "extra-credentials.json")
    with open(cred_file, "w") as f:
        json.dump({"credentials": [FILE_CRED]}, f)
    EMU = testing.Emulator(directory, "--credentials-file", cred_file)
    return testing.run_unittests(EMU, args)


if __name__ == "__main__":
    sys.exit(main())
