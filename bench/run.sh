#!/usr/bin/env bash
# Builds the release preset and runs the benchmarks against private servers; prints figures only.
#   bash bench/run.sh [rows]      (DSQL_BENCH_ONLY=array runs one case: connect, point, fetch, insert, array, memory)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh release
state="$PWD/build/bench-state"
/usr/bin/python3 tests/harness/testenv.py start --state "$state" --driver "$PWD/build/release/driver/libdsqlodbc.so" --no-emulator
trap '/usr/bin/python3 tests/harness/testenv.py stop --state "$state" >/dev/null' EXIT
export ODBCSYSINI="$state/odbc" ODBCINI="$state/odbc/odbc.ini"
port=$(/usr/bin/python3 -c "import json;print(json.load(open('$state/env.json'))['pg']['port'])")
export DSQL_BENCH_LIBPQ="host=127.0.0.1 port=$port dbname=postgres user=dsqltest password=dsqltest-pw sslmode=require"
echo "== driver: dsql-odbc vs psqlODBC vs libpq"
build/release/bench/driver/driver_bench --rows "${1:-200000}" ${DSQL_BENCH_ONLY:+--only "$DSQL_BENCH_ONLY"}
echo; echo "== piecewise SQLGetData of long text (4 KiB pieces)"
build/release/bench/getdata/getdata_bench
if [ -x build/release/bench/rewriter/rewriter_bench ]; then
  echo; echo "== SQL rewriter"
  build/release/bench/rewriter/rewriter_bench --benchmark_min_time=0.2
fi
