"""The emulator's own AWS SigV4 code for DSQL IAM tokens (docs/dsql-behaviour.md §1), written independently of the
driver's C++ signer so that a signing bug cannot hide behind a matching verification bug.
`sign_token` produces a token exactly as the AWS SDKs do (presigned GET https://host/?Action=... with the
scheme stripped); `verify_token` performs the server-side checks of §1.4 and raises TokenRejected with a
log-safe reason (never the secret, the token or the signature)."""
import datetime
import hashlib
import hmac
import urllib.parse

ALGORITHM = "AWS4-HMAC-SHA256"
SERVICE = "dsql"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
MAX_EXPIRES = 604800          # one week, docs/dsql-behaviour.md §1.2
CLOCK_SKEW = 300              # X-Amz-Date may be this far in the future


class TokenRejected(Exception):
    """reason: for the emulator's log; hint: optional HINT sent to the client (e.g. Signature expired)."""

    def __init__(self, reason, hint=None):
        super().__init__(reason)
        self.hint = hint


def uri_encode(s):
    """RFC 3986 encoding of SigV4: only A-Za-z0-9-_.~ stay literal."""
    return urllib.parse.quote(s, safe="-_.~")


def _hmac(key, data):
    return hmac.new(key, data.encode(), hashlib.sha256).digest()


def signing_key(secret, date, region, service=SERVICE):
    k = _hmac(("AWS4" + secret).encode(), date)
    k = _hmac(k, region)
    k = _hmac(k, service)
    return _hmac(k, "aws4_request")


def canonical_query(params):
    return "&".join(f"{uri_encode(k)}={uri_encode(v)}" for k, v in
                    sorted(params.items(), key=lambda kv: uri_encode(kv[0])))


def signature(secret, host, params, amz_date, region):
    creq = "\n".join(["GET", "/", canonical_query(params), f"host:{host}\n", "host", EMPTY_SHA256])
    scope = f"{amz_date[:8]}/{region}/{SERVICE}/aws4_request"
    sts = "\n".join([ALGORITHM, amz_date, scope, hashlib.sha256(creq.encode()).hexdigest()])
    return hmac.new(signing_key(secret, amz_date[:8], region), sts.encode(), hashlib.sha256).hexdigest()


def sign_token(host, region, access_key_id, secret, action="DbConnectAdmin", expires=900,
               session_token=None, now=None):
    """A DSQL auth token (the password), as aws-sdk's DsqlSigner/GenerateDbConnect[Admin]AuthToken."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    params = {
        "Action": action,
        "X-Amz-Algorithm": ALGORITHM,
        "X-Amz-Credential": f"{access_key_id}/{amz_date[:8]}/{region}/{SERVICE}/aws4_request",
        "X-Amz-Date": amz_date,
        "X-Amz-Expires": str(expires),
        "X-Amz-SignedHeaders": "host",
    }
    if session_token:
        params["X-Amz-Security-Token"] = session_token
    sig = signature(secret, host, params, amz_date, region)
    return f"{host}/?{canonical_query(params)}&X-Amz-Signature={sig}"


def parse_token(token):
    """'host/?k=v&...' -> (host, {k: v}); raises TokenRejected on malformed input or duplicate keys."""
    if "://" in token:
        raise TokenRejected("token carries a URL scheme")
    host, sep, query = token.partition("/?")
    if not sep or not host or not query:
        raise TokenRejected("token is not host/?query")
    params = {}
    for part in query.split("&"):
        k, eq, v = part.partition("=")
        if not eq:
            raise TokenRejected("malformed query parameter")
        k, v = urllib.parse.unquote(k), urllib.parse.unquote(v)
        if k in params:
            raise TokenRejected(f"duplicate parameter {k}")
        params[k] = v
    return host, params


def _parse_amz_date(s):
    try:
        return datetime.datetime.strptime(s, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError as e:
        raise TokenRejected("malformed X-Amz-Date") from e


def verify_token(token, user, expected_host, region, credentials, now=None):
    """Checks a token for `user` presented on a connection whose SNI/endpoint is `expected_host`.
    credentials: {access_key_id: {"secret_access_key": ..., "session_token": ... or None}}.
    Returns the access key id on success."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    host, p = parse_token(token)
    if host.lower() != expected_host.lower():
        raise TokenRejected("token host does not match the endpoint/SNI name")
    required = ("Action", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                "X-Amz-SignedHeaders", "X-Amz-Signature")
    missing = [k for k in required if k not in p]
    if missing:
        raise TokenRejected("missing " + ",".join(missing))
    want_action = "DbConnectAdmin" if user == "admin" else "DbConnect"
    if p["Action"] != want_action:
        raise TokenRejected(f"Action {p['Action']} not allowed for this role (needs {want_action})")
    if p["X-Amz-Algorithm"] != ALGORITHM:
        raise TokenRejected("unsupported algorithm")
    if p["X-Amz-SignedHeaders"] != "host":
        raise TokenRejected("SignedHeaders must be host")
    parts = p["X-Amz-Credential"].split("/")
    if len(parts) != 5 or parts[3] != SERVICE or parts[4] != "aws4_request":
        raise TokenRejected("bad credential scope")
    akid, date, cred_region = parts[0], parts[1], parts[2]
    if cred_region != region:
        raise TokenRejected(f"credential scope region {cred_region} is not {region}")
    signed_at = _parse_amz_date(p["X-Amz-Date"])
    if date != p["X-Amz-Date"][:8]:
        raise TokenRejected("credential date does not match X-Amz-Date")
    try:
        expires = int(p["X-Amz-Expires"])
    except ValueError as e:
        raise TokenRejected("malformed X-Amz-Expires") from e
    if expires <= 0 or expires > MAX_EXPIRES:
        raise TokenRejected("X-Amz-Expires out of range")
    if signed_at - now > datetime.timedelta(seconds=CLOCK_SKEW):
        raise TokenRejected("token signed in the future",
                            hint=f"Signature not yet current: {p['X-Amz-Date']} is still later than "
                                 f"{(now + datetime.timedelta(seconds=CLOCK_SKEW)).strftime('%Y%m%dT%H%M%SZ')}")
    deadline = signed_at + datetime.timedelta(seconds=expires)
    if now > deadline:
        raise TokenRejected("token expired",
                            hint=f"Signature expired: {deadline.strftime('%Y%m%dT%H%M%SZ')} is now earlier "
                                 f"than {now.strftime('%Y%m%dT%H%M%SZ')}")
    cred = credentials.get(akid)
    if cred is None:
        raise TokenRejected("unknown access key id")
    token_st = p.get("X-Amz-Security-Token")
    if cred.get("session_token"):
        if token_st is None:
            raise TokenRejected("session credential without X-Amz-Security-Token")
        if not hmac.compare_digest(token_st, cred["session_token"]):
            raise TokenRejected("security token does not match")
    elif token_st is not None:
        raise TokenRejected("security token given for a long-term credential")
    unsigned = {k: v for k, v in p.items() if k != "X-Amz-Signature"}
    want = signature(cred["secret_access_key"], host, unsigned, p["X-Amz-Date"], region)
    if not hmac.compare_digest(want, p["X-Amz-Signature"].lower()):
        raise TokenRejected("signature mismatch")
    return akid
