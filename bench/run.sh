#!/usr/bin/env bash
# Builds the release preset, starts a private PostgreSQL 15 and the DSQL emulator, and runs the benchmarks:
# driver_bench (dsql-odbc vs psqlODBC vs raw libpq, and the emulator path), then getdata_bench and the
# rewriter benchmark. Prints figures only (see bench/README.md).
#   bash bench/run.sh [--quick] [--no-emulator] [--no-build] [--update-readme] [--instructions] [rows]
#     rows             rows per large fetch (default 1,000,000)
#     --quick          100,000 rows, one round, a fifth of the iterations (a look, not a measurement)
#     --no-build       skip scripts/build.sh (install-deps and the whole release tree); build only
#                      the benchmarks and what they load in an already configured build/release
#     --update-readme  afterwards, replace README.md's table between the bench markers with this run's
#     --instructions   instead of timing, count each client's instructions per operation of the latency
#                      scenarios under callgrind (valgrind): a figure the host's load does not move
#   DSQL_BENCH_ONLY=select1,fetch bash bench/run.sh   runs only those scenarios (ids: bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="" quick=0 update=0 emulator=1 build=1 instructions=0
for a in "$@"; do
  case "$a" in
    --quick) quick=1 ;;
    --update-readme) update=1 ;;
    --no-emulator) emulator=0 ;;
    --no-build) build=0 ;;
    --instructions) instructions=1 ;;
    *[!0-9]* | "")
      echo "usage: bash bench/run.sh [--quick] [--no-emulator] [--no-build] [--update-readme] [--instructions] [rows]" >&2
      exit 2 ;;
    *) rows="$a" ;;
  esac
done
args=(--rows "${rows:-1000000}")
[ "$quick" = 1 ] && args=(--rows "${rows:-100000}" --rounds 1 --scale 0.2 --array-rows 20000)
if [ "$instructions" = 1 ]; then
  args=(--rows 1000 --instructions 1)  # bench_rows is not read by latency scenarios
  emulator=0                           # callgrind would spend its time in each connect's TLS and signing
fi
[ -n "${DSQL_BENCH_ONLY:-}" ] && args+=(--only "$DSQL_BENCH_ONLY")

if [ "$build" = 1 ]; then
  bash scripts/build.sh release
else
  targets=(driver_bench token_bench getdata_bench dsql-token)
  if cmake --build --preset release --target help | grep rewriter_bench >/dev/null; then targets+=(rewriter_bench); fi
  cmake --build --preset release -j 2 --target "${targets[@]}" >/dev/null
fi
bin="$PWD/build/release"
state="$PWD/build/bench-state"
start=(--state "$state" --driver "$bin/driver/libdsqlodbc.so")
[ "$emulator" = 1 ] || start+=(--no-emulator)
timeout 300 /usr/bin/python3 tests/harness/testenv.py start "${start[@]}"
trap 'timeout 120 /usr/bin/python3 tests/harness/testenv.py stop --state "$state" >/dev/null' EXIT

export ODBCSYSINI="$state/odbc" ODBCINI="$state/odbc/odbc.ini"
# The emulator's static test keys (nothing here is a real secret), and no AWS set-up of this machine.
export AWS_ACCESS_KEY_ID=AKIDEMULATORSTATIC01 AWS_SECRET_ACCESS_KEY=emulator/static/secret+key AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE="$state/no-aws-config"
export AWS_SHARED_CREDENTIALS_FILE="$state/no-aws-credentials"
unset AWS_SESSION_TOKEN AWS_PROFILE
# field KEY... : one value of env.json (testenv.py's description of the servers)
field() {
  /usr/bin/python3 -c 'import json,sys
v=json.load(open(sys.argv[1]))
for k in sys.argv[2:]: v=v[k]
print(v)' "$state/env.json" "$@"
}
export DSQL_BENCH_LIBPQ="host=127.0.0.1 port=$(field pg port) dbname=postgres user=$(field pg user)"
DSQL_BENCH_LIBPQ+=" password=$(field pg password)"
if [ "$emulator" = 1 ]; then
  # libpq reaches the emulator like psql does: the endpoint name for SNI and verify-full, a token signed
  # once by dsql-token as the password (the driver signs its own at every connect).
  host=$(field emulator endpoint)
  token=$("$bin/tools/dsql-token" --hostname "$host" --expires-in 3600)
  export DSQL_BENCH_EMU_HOST="$host"
  DSQL_BENCH_EMU_LIBPQ="host=$host hostaddr=127.0.0.1 port=$(field emulator port) dbname=postgres user=admin"
  export DSQL_BENCH_EMU_LIBPQ+=" sslmode=verify-full sslrootcert=$(field emulator ca_file) password=$token"
fi

if [ "$instructions" = 1 ]; then
  echo "== instructions per operation: dsql-odbc vs psqlODBC vs libpq, under callgrind (a few minutes)"
  timeout 1800 "$bin/bench/driver/driver_bench" "${args[@]}"
  exit
fi
out="$state/driver_bench.txt"
echo "== driver: dsql-odbc vs psqlODBC vs libpq (progress on stderr; output also in $out)"
timeout 1800 "$bin/bench/driver/driver_bench" "${args[@]}" | tee "$out"
[ "$update" = 1 ] && bash bench/readme-table.sh "$out" README.md
[ "$quick" = 1 ] && exit 0
echo; echo "== piecewise SQLGetData of long text (4 KiB pieces)"
timeout 600 "$bin/bench/getdata/getdata_bench"
if [ -x "$bin/bench/rewriter/rewriter_bench" ]; then
  echo; echo "== SQL rewriter"
  timeout 600 "$bin/bench/rewriter/rewriter_bench" --benchmark_min_time=0.2
fi
