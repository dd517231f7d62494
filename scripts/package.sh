#!/usr/bin/env bash
# Builds the Debian package: scripts/package.sh [BUILD_DIR]
#   BUILD_DIR defaults to build/package, configured once as a release build (RelWithDebInfo, installed
#   under /usr so the driver lands in /usr/lib/<multiarch>/odbc/, tests and benchmarks off). An existing
#   build tree (e.g. build/debug) is packaged as it is configured. Debug info is stripped in the package.
# Prints the path of dsql-odbc_<version>_<arch>.deb (under BUILD_DIR/deb/) as its last line.
# Install: sudo apt-get install ./dsql-odbc_*.deb (registers the ODBC driver "DSQL"); remove: apt-get remove.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/package}"
jobs="$(nproc 2>/dev/null || echo 2)"

if [ ! -f "$build/CPackConfig.cmake" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
    -DDSQL_BUILD_TESTS=OFF -DDSQL_BUILD_BENCH=OFF -DDSQL_WERROR=ON >/dev/null
fi
cmake --build "$build" -j "$jobs" --target dsqlodbc dsql-token dsql-odbc-doctor >/dev/null
rm -f "$build"/deb/dsql-odbc_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb="$(ls "$build"/deb/dsql-odbc_*.deb)"
echo "package: built $(du -h "$deb" | cut -f1) $(basename "$deb")" >&2
realpath "$deb"
