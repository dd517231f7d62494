#!/usr/bin/env python3
"""Loopback fake of the AWS endpoints the driver's credential chain calls, for integration tests.

Serves, on 127.0.0.1:<random port> (printed as the first stdout line):
  IMDS        PUT /latest/api/token, GET /latest/meta-data/iam/security-credentials/[<role>]
  container   GET /container/<anything>            (ECS/EKS style JSON)
  STS         POST /  Action=AssumeRole (SigV4 verified here, independently of the driver's code)
                      Action=AssumeRoleWithWebIdentity (unsigned)
  SSO portal  GET /federation/credentials?role_name=..&account_id=..
Control:      POST /__control {json settings merged; "reset": true restores defaults}
              GET  /__requests  -> every request received (method, path, lower-case headers, body)
The server exits when its stdin is closed (the test process owns it).
"""
import hashlib
import hmac
import json
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULTS = {
    "imds_token_status": 200,
    "imds_token_delay": 0.0,
    "imds_require_token": True,
    "imds_role": "dsql-test-role",
    "imds_expiry_seconds": 6 * 3600,
    "imds_code": "Success",
    "container_auth": None,
    "container_fail_times": 0,
    "container_status": 200,
    "sts_keys": {"AKIDSOURCE": "source/secret+key"},
    "sts_deny": None,
    "sts_expiry_seconds": 3600,
    "web_token": "web-identity-jwt",
    "sso_token": "sso-access-token",
    "sso_expiry_seconds": 3600,
}
IMDS_TOKEN = "imds-token-abc"

state = {"settings": dict(DEFAULTS), "requests": [], "container_calls": 0}
lock = threading.Lock()


def iso(seconds_from_now):
    t = datetime.now(timezone.utc) + timedelta(seconds=seconds_from_now)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def sigv4_expected(method, path, headers, body, auth, secret):
    """Recomputes a SigV4 Authorization signature from what was received (written from the AWS spec)."""
    fields = dict(part.strip().split("=", 1) for part in auth[len("AWS4-HMAC-SHA256 "):].split(","))
    akid, date, region, service, term = fields["Credential"].split("/")
    signed = fields["SignedHeaders"].split(";")
    canon_headers = "".join(f"{h}:{' '.join(headers[h].split())}\n" for h in signed)
    creq = "\n".join([method, path, "", canon_headers, ";".join(signed), hashlib.sha256(body).hexdigest()])
    scope = f"{date}/{region}/{service}/{term}"
    sts = "\n".join(["AWS4-HMAC-SHA256", headers["x-amz-date"], scope, hashlib.sha256(creq.encode()).hexdigest()])
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, term):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return akid, service, hmac.new(key, sts.encode(), hashlib.sha256).hexdigest(), fields["Signature"]


def sts_xml(action, akid, secret, token, seconds):
    return (f'<{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><{action}Result>'
            f"<Credentials><AccessKeyId>{akid}</AccessKeyId><SecretAccessKey>{secret}</SecretAccessKey>"
            f"<SessionToken>{token}</SessionToken><Expiration>{iso(seconds)}</Expiration></Credentials>"
            f"</{action}Result><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></{action}Response>")


def sts_error(code, message):
    return (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>"
            f"<RequestId>r2</RequestId></ErrorResponse>")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body="", ctype="text/plain"):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/__control":
            with lock:
                update = json.loads(body or b"{}")
                if update.pop("reset", False):
                    state.update(settings=dict(DEFAULTS), requests=[], container_calls=0)
                state["settings"].update(update)
            return self.reply(200, "ok")
        if url.path == "/__requests":
            with lock:
                return self.reply(200, json.dumps(state["requests"]), "application/json")
        with lock:
            state["requests"].append({"method": method, "path": self.path, "headers": headers,
                                      "body": body.decode("utf-8", "replace")})
            s = dict(state["settings"])
        if url.path.startswith("/latest/"):
            return self.imds(method, url.path, headers, s)
        if url.path.startswith("/container/"):
            return self.container(headers, s)
        if url.path == "/federation/credentials":
            return self.sso(url, headers, s)
        if url.path == "/" and method == "POST":
            return self.sts(headers, body, s)
        return self.reply(404, "not found")

    def imds(self, method, path, headers, s):
        if path == "/latest/api/token":
            if method != "PUT":
                return self.reply(405)
            if s["imds_token_delay"]:
                time.sleep(s["imds_token_delay"])
            if s["imds_token_status"] != 200:
                return self.reply(s["imds_token_status"])
            if "x-aws-ec2-metadata-token-ttl-seconds" not in headers:
                return self.reply(400, "missing TTL header")
            return self.reply(200, IMDS_TOKEN)
        if s["imds_require_token"] and headers.get("x-aws-ec2-metadata-token") != IMDS_TOKEN:
            return self.reply(401)
        prefix = "/latest/meta-data/iam/security-credentials/"
        if not path.startswith(prefix) or not s["imds_role"]:
            return self.reply(404)
        role = path[len(prefix):]
        if role == "":
            return self.reply(200, s["imds_role"] + "\n")
        if role != s["imds_role"]:
            return self.reply(404)
        doc = {"Code": s["imds_code"], "LastUpdated": iso(0), "Type": "AWS-HMAC", "AccessKeyId": "ASIAIMDS",
               "SecretAccessKey": "imds/secret+key", "Token": "imds-session-token",
               "Expiration": iso(s["imds_expiry_seconds"])}
        return self.reply(200, json.dumps(doc), "application/json")

    def container(self, headers, s):
        with lock:
            state["container_calls"] += 1
            calls = state["container_calls"]
        if calls <= s["container_fail_times"]:
            return self.reply(500, "temporarily broken")
        if s["container_auth"] is not None and headers.get("authorization") != s["container_auth"]:
            return self.reply(401, "bad authorization")
        if s["container_status"] != 200:
            return self.reply(s["container_status"], "container says no")
        doc = {"AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "container/secret+key",
               "Token": "container-session-token", "Expiration": iso(3600)}
        return self.reply(200, json.dumps(doc), "application/json")

    def sts(self, headers, body, s):
        params = dict(urllib.parse.parse_qsl(body.decode()))
        action = params.get("Action")
        if params.get("Version") != "2011-06-15":
            return self.reply(400, sts_error("InvalidAction", "bad version"), "text/xml")
        if action == "AssumeRole":
            auth = headers.get("authorization", "")
            if not auth.startswith("AWS4-HMAC-SHA256 "):
                return self.reply(403, sts_error("MissingAuthenticationToken", "unsigned request"), "text/xml")
            akid = auth.split("Credential=")[1].split("/")[0]
            secret = s["sts_keys"].get(akid)
            if secret is None:
                return self.reply(403, sts_error("InvalidClientTokenId", "unknown access key"), "text/xml")
            _, service, expected, got = sigv4_expected("POST", "/", headers, body, auth, secret)
            if service != "sts" or expected != got:
                return self.reply(403, sts_error("SignatureDoesNotMatch", "signature mismatch"), "text/xml")
            if s["sts_deny"]:
                return self.reply(403, sts_error("AccessDenied", s["sts_deny"]), "text/xml")
            n = params["RoleArn"].rsplit("/", 1)[-1].upper().replace("-", "")[:10]
            return self.reply(200, sts_xml(action, "ASIAASSUMED" + n, "assumed/secret+key",
                                           "assumed-session-token", s["sts_expiry_seconds"]), "text/xml")
        if action == "AssumeRoleWithWebIdentity":
            if params.get("WebIdentityToken") != s["web_token"]:
                return self.reply(400, sts_error("InvalidIdentityToken", "token rejected"), "text/xml")
            return self.reply(200, sts_xml(action, "ASIAWEBID", "webid/secret+key", "webid-session-token",
                                           s["sts_expiry_seconds"]), "text/xml")
        return self.reply(400, sts_error("InvalidAction", "unknown action"), "text/xml")

    def sso(self, url, headers, s):
        if headers.get("x-amz-sso_bearer_token") != s["sso_token"]:
            return self.reply(401, json.dumps({"message": "Session token not found or invalid"}))
        q = dict(urllib.parse.parse_qsl(url.query))
        if "role_name" not in q or "account_id" not in q:
            return self.reply(400, "missing parameters")
        exp_ms = int((time.time() + s["sso_expiry_seconds"]) * 1000)
        doc = {"roleCredentials": {"accessKeyId": "ASIASSO", "secretAccessKey": "sso/secret+key",
                                   "sessionToken": "sso-session-token", "expiration": exp_ms}}
        return self.reply(200, json.dumps(doc), "application/json")

    def do_GET(self):
        self.handle_any("GET")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_POST(self):
        self.handle_any("POST")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()  # until the test closes our stdin
    server.shutdown()


if __name__ == "__main__":
    main()
