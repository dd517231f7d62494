"""Test PKI for the harness: one test CA and one server certificate valid for localhost, 127.0.0.1 and
DSQL-style endpoint names, so that libpq's sslmode=verify-full (host name check plus SNI) is exercised for
real against both the private PostgreSQL and the DSQL emulator. Made with the openssl CLI, cached in the
state directory (regenerated only when missing)."""
import os
import subprocess

# Endpoint names the tests use. The wildcard covers any 26-character cluster id in the test region.
TEST_REGION = "us-east-1"
TEST_CLUSTER_ID = "abcdefghijklmnopqrstuvwxyz"
TEST_ENDPOINT = f"{TEST_CLUSTER_ID}.dsql.{TEST_REGION}.on.aws"
SAN = ("DNS:localhost,IP:127.0.0.1,DNS:" + TEST_ENDPOINT +
       ",DNS:*.dsql.us-east-1.on.aws,DNS:*.dsql.eu-west-1.on.aws,DNS:*.dsql-gamma.us-east-1.on.aws")


def _run(args, cwd):
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def ensure_certs(directory):
    """Returns dict(ca=..., cert=..., key=...) of absolute paths, creating them if needed."""
    os.makedirs(directory, exist_ok=True)
    paths = {n: os.path.join(directory, f) for n, f in
             (("ca", "ca.crt"), ("ca_key", "ca.key"), ("cert", "server.crt"), ("key", "server.key"))}
    if all(os.path.exists(p) for p in paths.values()):
        return paths
    _run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
          "-subj", "/CN=dsql-odbc test CA", "-keyout", "ca.key", "-out", "ca.crt",
          "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
         directory)
    _run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + TEST_ENDPOINT,
          "-keyout", "server.key", "-out", "server.csr"], directory)
    ext = os.path.join(directory, "server.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=" + SAN + "\nbasicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    _run(["openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
          "-CAcreateserial", "-days", "3650", "-extfile", "server.ext", "-out", "server.crt"], directory)
    os.chmod(paths["key"], 0o600)
    return paths
