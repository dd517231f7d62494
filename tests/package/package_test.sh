#!/usr/bin/env bash
# The Debian package end to end on this machine: build it from the build tree under test
# (scripts/package.sh), install it with apt-get, check that unixODBC lists the driver DSQL and that isql
# connects through that name to the DSQL emulator, that the installed doctor passes, that the driver is
# stripped and the dependencies declared; then remove it and check that no registration or file is left.
# The machine is restored whatever happens (trap). Needs root, dpkg and apt-get, and a machine where
# dsql-odbc is not installed and no other driver is named DSQL: otherwise it reports skipped (exit 77).
# Usage: package_test.sh <build dir>   (environment from the ctest fixture: DSQL_TEST_STATE, AWS_*)
set -uo pipefail
build="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
skip() { echo "skipped: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "installing a package needs root"
for tool in dpkg dpkg-deb apt-get odbcinst isql cpack; do
  command -v "$tool" >/dev/null || skip "$tool is not available"
done
dpkg-query -W -f='${Status}' dsql-odbc 2>/dev/null | grep -q installed && skip "dsql-odbc is already installed here"
# The system's driver manager configuration, not the fixture's private one.
unset ODBCSYSINI ODBCINI
odbcinst -q -d -n DSQL >/dev/null 2>&1 && skip "this machine already has an ODBC driver named DSQL"

work="$(mktemp -d)"
sysini="$(odbcinst -j | sed -n 's/^DRIVERS[.]*: *//p')"
[ -f "$sysini" ] && cp -p "$sysini" "$work/odbcinst.ini.orig"
restore() {
  if dpkg-query -W -f='${Status}' dsql-odbc 2>/dev/null | grep -q installed; then
    timeout 120 dpkg --purge dsql-odbc >/dev/null 2>&1
  fi
  if [ -f "$work/odbcinst.ini.orig" ]; then cp -p "$work/odbcinst.ini.orig" "$sysini"; fi
  rm -rf "$work"
}
trap restore EXIT
fail() { echo "FAIL: $*"; exit 1; }

deb="$(timeout 300 bash "$root/scripts/package.sh" "$build" | tail -n 1)" || fail "scripts/package.sh failed"
case "$(basename "$deb")" in "dsql-odbc_$(dpkg-deb -f "$deb" Version)_$(dpkg --print-architecture).deb") ;; *) fail "unexpected package name $deb" ;; esac
depends="$(dpkg-deb -f "$deb" Depends)"
for dep in libodbc2 odbcinst libpq5 libssl3 libcurl4; do
  grep -q "$dep" <<<"$depends" || fail "Depends lacks $dep: $depends"
done
contents="$(dpkg-deb -c "$deb")"
for f in odbc/libdsqlodbc.so bin/dsql-token bin/dsql-odbc-doctor doc/dsql-odbc/copyright doc/dsql-odbc/README.md \
         doc/dsql-odbc/odbc.ini.sample doc/dsql-odbc/docs/; do
  grep -q "$f" <<<"$contents" || fail "the package lacks $f"
done

out="$(DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y --no-install-recommends "$deb" 2>&1)" \
  || fail "apt-get install failed: $out"
grep -q "ODBC driver 'DSQL' registered" <<<"$out" || fail "postinst did not say it registered DSQL: $out"
driver="$(odbcinst -q -d -n DSQL | sed -n 's/^Driver *= *//p')"
[ -f "$driver" ] || fail "odbcinst's DSQL entry names no installed file: '$driver'"
odbcinst -q -d | grep -qx '\[DSQL\]' || fail "odbcinst -q -d does not list DSQL"
readelf -S "$driver" | grep -q debug_info && fail "the installed driver still has debug info"
# Idempotent maintainer scripts: configuring again must not register a second time.
/var/lib/dpkg/info/dsql-odbc.postinst configure >/dev/null || fail "postinst configure (again) failed"
[ "$(odbcinst -q -d -n DSQL | sed -n 's/^UsageCount *= *//p')" = "1" ] || fail "a second configure changed UsageCount"

# isql through the registered name, against the emulator (IAM, credentials from the fixture's environment).
emu="$DSQL_TEST_STATE/emulator/emulator.json"
read -r endpoint port ca < <(python3 -c "import json,sys; e=json.load(open(sys.argv[1])); print(e['endpoint'], e['port'], e['ca_file'])" "$emu")
cat >"$work/odbc.ini" <<INI
[pkgtest]
Driver = DSQL
Server = $endpoint
HostAddr = 127.0.0.1
Port = $port
UID = admin
SSLRootCert = $ca
INI
r="$(echo "SELECT 'package-' || 'works'" | ODBCINI="$work/odbc.ini" timeout 60 isql -v -b pkgtest 2>&1)"
grep -q "package-works" <<<"$r" || fail "isql through the registered driver DSQL failed: $r"
r="$(ODBCINI="$work/odbc.ini" timeout 60 /usr/bin/dsql-odbc-doctor pkgtest)" || fail "the installed doctor failed: $r"

DEBIAN_FRONTEND=noninteractive timeout 300 apt-get remove -y dsql-odbc >/dev/null 2>&1 || fail "apt-get remove failed"
odbcinst -q -d -n DSQL >/dev/null 2>&1 && fail "DSQL is still registered after removal"
odbcinst -q -d | grep -q '^\[DSQL\]' && fail "odbcinst -q -d still lists DSQL"
[ -e "$driver" ] && fail "$driver is left after removal"
timeout 120 dpkg --purge dsql-odbc >/dev/null 2>&1
echo "package: $(basename "$deb") built, installed (DSQL registered, isql connected), removed cleanly"
