#!/usr/bin/env bash
# Installs what is needed (scripts/install-deps.sh) and builds one CMake preset (default: debug).
# Shared by scripts/test.sh, scripts/demo.sh and bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-debug}"
bash scripts/install-deps.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc 2>/dev/null || echo 2)"
