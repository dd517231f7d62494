"""A private PostgreSQL 15 for tests and the demo: initdb in a directory of ours, on a free loopback port,
with TLS from certs.py, password (scram) auth for TCP, and a superuser we name. PostgreSQL refuses to run
as root, so when we are root the server runs as the `postgres` system user (created by Debian's package)
via runuser, and the data directory is handed to that user."""
import json
import os
import shutil
import socket
import subprocess
import time

PG_BIN_CANDIDATES = ["/usr/lib/postgresql/15/bin"]


def pg_bin(tool):
    for d in PG_BIN_CANDIDATES:
        p = os.path.join(d, tool)
        if os.path.exists(p):
            return p
    found = shutil.which(tool)
    if not found:
        raise RuntimeError(f"PostgreSQL 15 tool {tool} not found; run scripts/install-deps.sh")
    return found


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(args):
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + args
    return args


def _give_to_server_user(path):
    if os.geteuid() == 0:
        subprocess.run(["chown", "-R", "postgres:postgres", path], check=True)


def start(directory, superuser="dsqltest", password="dsqltest-pw", certs=None, port=None):
    """Starts (or restarts) a cluster in `directory`; returns its connection facts as a dict."""
    data = os.path.join(directory, "data")
    os.makedirs(directory, exist_ok=True)
    if os.geteuid() == 0:
        os.chmod(directory, 0o755)
        # runuser needs to traverse every parent of the data directory
        p = os.path.abspath(directory)
        while p != "/":
            st = os.stat(p)
            if not st.st_mode & 0o001:
                os.chmod(p, st.st_mode | 0o001)
            p = os.path.dirname(p)
    stop(directory)
    if os.path.exists(data):
        shutil.rmtree(data)
    pwfile = os.path.join(directory, "pwfile")
    with open(pwfile, "w") as f:
        f.write(password + "\n")
    _give_to_server_user(directory)
    subprocess.run(_as_server_user([pg_bin("initdb"), "-D", data, "-U", superuser, "--pwfile", pwfile,
                                    "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"]),
                   check=True, stdout=subprocess.DEVNULL)
    os.remove(pwfile)
    port = port or free_port()
    conf = [
        f"port = {port}", "listen_addresses = '127.0.0.1'", f"unix_socket_directories = '{directory}'",
        "max_connections = 200", "fsync = off", "synchronous_commit = off", "full_page_writes = off",
        "log_min_messages = warning", "timezone = 'UTC'",
    ]
    if certs:
        for key in ("cert", "key", "ca"):
            dst = os.path.join(data, {"cert": "server.crt", "key": "server.key", "ca": "root.crt"}[key])
            shutil.copy(certs[key], dst)
            os.chmod(dst, 0o600)
        conf += ["ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'",
                 "ssl_ca_file = 'root.crt'"]
    with open(os.path.join(data, "postgresql.conf"), "a") as f:
        f.write("\n".join(conf) + "\n")
    with open(os.path.join(data, "pg_hba.conf"), "w") as f:
        f.write("local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n"
                "host all all ::1/128 scram-sha-256\n")
    _give_to_server_user(directory)
    log = os.path.join(directory, "server.log")
    subprocess.run(_as_server_user([pg_bin("pg_ctl"), "-D", data, "-l", log, "-w", "-t", "60", "start"]),
                   check=True, stdout=subprocess.DEVNULL)
    info = {"host": "127.0.0.1", "port": port, "user": superuser, "password": password,
            "database": "postgres", "socket_dir": directory, "data": data}
    with open(os.path.join(directory, "pgserver.json"), "w") as f:
        json.dump(info, f, indent=2)
    return info


def psql(info, sql, database=None):
    """Runs SQL as the superuser over the unix socket; returns stdout."""
    r = subprocess.run([pg_bin("psql"), "-h", info["socket_dir"], "-p", str(info["port"]), "-U", info["user"],
                        "-d", database or info["database"], "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
                       check=True, capture_output=True, text=True)
    return r.stdout


def stop(directory):
    data = os.path.join(directory, "data")
    if os.path.exists(os.path.join(data, "postmaster.pid")):
        subprocess.run(_as_server_user([pg_bin("pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(50):
            if not os.path.exists(os.path.join(data, "postmaster.pid")):
                break
            time.sleep(0.1)
