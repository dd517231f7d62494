#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build/fuzz: every library instrumented for coverage, with
# AddressSanitizer and UndefinedBehaviorSanitizer) and runs each one briefly on a copy of its seed corpus
# (tests/fuzz/corpus/<name>/). Called from .ci/run. A crash stops the script with the failing input saved
# under build/fuzz/findings/<target>/ (reproduce: build/fuzz/tests/fuzz/<target> <file>).
#   scripts/fuzz.sh              every target, FUZZ_SECONDS (default 20) each
#   scripts/fuzz.sh <target>...  only those
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-20}"
all=(sql_translate_fuzz connection_string_fuzz aws_config_fuzz credential_json_fuzz value_convert_fuzz)
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=("${all[@]}")
# The corpus directory of each target (sql_translate_fuzz predates the <target> naming).
corpus_of() { case "$1" in sql_translate_fuzz) echo sql ;; *) echo "${1%_fuzz}" ;; esac; }

bash scripts/install-deps.sh >/dev/null
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S . -B build/fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDSQL_BUILD_FUZZ=ON -DDSQL_BUILD_BENCH=OFF -DDSQL_BUILD_TESTS=ON -DDSQL_WERROR=ON \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" >/dev/null
cmake --build build/fuzz -j "$(nproc 2>/dev/null || echo 2)" --target "${targets[@]}"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
for t in "${targets[@]}"; do
  seeds="tests/fuzz/corpus/$(corpus_of "$t")"
  work="build/fuzz/corpus/$t"          # grows while fuzzing; the seeds in the tree stay as they are
  findings="build/fuzz/findings/$t"
  mkdir -p "$work" "$findings"
  echo "fuzz: $t for ${seconds}s (seeds: $seeds)"
  # A fixed seed (FUZZ_SEED; 0 = random) makes a CI run's mutations repeatable from one run to the next.
  if ! build/fuzz/tests/fuzz/"$t" -seed="${FUZZ_SEED:-1}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -print_final_stats=0 -artifact_prefix="$findings/" "$work" "$seeds" >"build/fuzz/$t.log" 2>&1; then
    tail -n 60 "build/fuzz/$t.log"
    echo "fuzz: $t FAILED; inputs in $findings/"
    status=1
  else
    grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs" "build/fuzz/$t.log" | tail -n 1 || true
  fi
done
exit "$status"
