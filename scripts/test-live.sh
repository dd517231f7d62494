#!/usr/bin/env bash
# Live-DSQL mode: runs the DSQL side of the integration and client tests against a real Aurora DSQL cluster.
#   DSQL_ENDPOINT=<cluster>.dsql.<region>.on.aws bash scripts/test-live.sh
# Credentials come from the standard AWS chain (environment, profile, SSO, role, ...); the tests connect as
# admin (DSQL_LIVE_USER to change) and create their objects in a schema of that name, which is created at
# the start and dropped with everything in it at the end (tests/harness/livenv.py). Without DSQL_ENDPOINT it
# prints "skipped: DSQL_ENDPOINT not set" and exits 0. The exit status is otherwise ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DSQL_ENDPOINT:-}" ]; then
  echo "skipped: DSQL_ENDPOINT not set"
  exit 0
fi
bash scripts/build.sh debug
# First the connection doctor: a missing credential or a wrong endpoint is named here, in one line,
# rather than as the same connect failure in every test.
user="${DSQL_LIVE_USER:-admin}"
conn="Server=${DSQL_ENDPOINT};UID=${user};Port=${DSQL_LIVE_PORT:-5432}"
[ -n "${DSQL_LIVE_HOSTADDR:-}" ] && conn="${conn};HostAddr=${DSQL_LIVE_HOSTADDR}"
[ -n "${DSQL_LIVE_SSLROOTCERT:-}" ] && conn="${conn};SSLRootCert=${DSQL_LIVE_SSLROOTCERT}"
if ! build/debug/tools/dsql-odbc-doctor "$conn"; then
  echo "test-live: the cluster cannot be reached (see the verdict above); no test was run" >&2
  exit 1
fi
# live_mode_selftest checks this machinery against the emulator; it is part of the normal suite.
ctest --preset debug -L live -E live_mode_selftest --output-on-failure
