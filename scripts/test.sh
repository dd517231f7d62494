#!/usr/bin/env bash
# README command (2): install what is needed, build, and run the whole test suite with ctest.
#   scripts/test.sh            debug build (warnings are errors), every test
#   scripts/test.sh asan       the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   scripts/test.sh tsan       the same under ThreadSanitizer (the concurrency tests included)
# ctest prints its own summary; the exit status is ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-debug}"
jobs="$(nproc 2>/dev/null || echo 2)"

bash scripts/build.sh "$preset"
if [ "$preset" = "asan" ]; then
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
  export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizer/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
fi
if [ "$preset" = "tsan" ]; then
  # Any report fails the test (exit status 66 at exit). Suppressions only for proven third-party races.
  export TSAN_OPTIONS="second_deadlock_stack=1:suppressions=$PWD/tests/sanitizer/tsan.supp"
fi
ctest --preset "$preset" -j "$jobs" --timeout 600
