#!/usr/bin/env bash
# Writes the performance table a driver_bench run printed into README.md: the block between the lines
# <!-- bench:begin --> and <!-- bench:end --> in OUTPUT replaces the same block in README (text outside
# the markers is kept). bench/run.sh --update-readme calls it; it can also be run on a saved output.
#   bash bench/readme-table.sh OUTPUT [README]      (README defaults to the checkout's README.md)
set -euo pipefail
out="${1:?usage: bash bench/readme-table.sh OUTPUT [README]}"
readme="${2:-$(dirname "$0")/../README.md}"
begin='<!-- bench:begin -->' end='<!-- bench:end -->'
block=$(mktemp)
trap 'rm -f "$block" "$readme.tmp"' EXIT
sed -n "\\|^$begin\$|,\\|^$end\$|p" "$out" >"$block"
if ! grep -qx -- "$end" "$block"; then echo "readme-table: no complete bench block in $out" >&2; exit 1; fi
if ! grep -qx -- "$begin" "$readme" || ! grep -qx -- "$end" "$readme"; then
  echo "readme-table: $readme has no $begin ... $end markers" >&2; exit 1
fi
awk -v f="$block" -v b="$begin" -v e="$end" '
  $0 == b { while ((getline l < f) > 0) print l; skip = 1; next }
  $0 == e { skip = 0; next }
  !skip' "$readme" >"$readme.tmp"
mv "$readme.tmp" "$readme"
echo "readme-table: $readme updated from $out"
