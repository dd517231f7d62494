#!/usr/bin/env bash
# Installs everything dsql-odbc needs on a fresh Debian 12 machine, from Debian's packages only.
# Idempotent: a machine that already has them only pays for the apt-get look-up.
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config git ca-certificates openssl
  # the Debian package (scripts/package.sh: cpack computes dependencies with dpkg-shlibdeps and file)
  dpkg-dev file
  # driver dependencies
  unixodbc unixodbc-dev libpq-dev libssl-dev libcurl4-openssl-dev nlohmann-json3-dev libtinyxml2-dev
  # tests and benchmarks
  googletest libgtest-dev libgmock-dev libbenchmark-dev valgrind
  postgresql-15 postgresql-client-15 odbc-postgresql
  python3 python3-pyodbc python3-pglast python3-psycopg2 libdbd-odbc-perl
  # PHP client test: the odbc extension and PDO_ODBC (both in php-odbc)
  php-cli php-odbc
  # sanitizer and fuzzing runtime for clang builds
  clang libclang-rt-14-dev
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The Debian package starts a cluster of its own; the project never uses it (tests start private ones).
echo "install-deps: all packages present"
