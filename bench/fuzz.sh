#!/usr/bin/env bash
# Runs every cargo-fuzz target (fuzz/fuzz_targets) in turn, one at a time, and prints
# per target: executions, corpus size and crashes.
#
#   bench/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 600 s, every target)
#
# The corpus of each target lives in fuzz/corpus/<target>/ (git-ignored) and grows from
# run to run; it is seeded with issue 11's hostile cases (tests/hostile/cases.rs),
# written by the hostile test when VIGIL_FUZZ_SEEDS is set. Crashes, timeouts and
# out-of-memory inputs are saved in fuzz/artifacts/<target>/; replay one with
# `fuzz/target/x86_64-unknown-linux-gnu/release/<target> <file>`.
#
# Each input runs under libFuzzer's budgets: -rss_limit_mb=2048 (a memory blow-up is
# a crash) and -timeout (seconds for one input; VIGIL_FUZZ_TIMEOUT, default 10).
# Exits 1 if any target found a crash.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
seconds="${1:-600}"
shift || true
timeout_s="${VIGIL_FUZZ_TIMEOUT:-10}"
lock=/tmp/vigil-cargo.lock

# The targets, as fuzz/Cargo.toml lists them.
mapfile -t all < <(sed -n 's/^name = "\([a-z_]*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^vigil-fuzz$')
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all[@]}")

echo "== building the fuzz targets (stable rustc with RUSTC_BOOTSTRAP=1, no sanitizer, debug assertions)"
build_start=$SECONDS
nice bash fuzz/cargo-fuzz.sh build --sanitizer none --debug-assertions --codegen-units 16
echo "built in $((SECONDS - build_start)) s"

echo "== seeding the corpora from tests/hostile/cases.rs"
# --workspace, as .ci/run builds the tests: the same features, so nothing is rebuilt.
# A workspace that does not build (mid-edit) still fuzzes, from the corpora as they are.
if ! VIGIL_FUZZ_SEEDS="$repo/fuzz/corpus" flock "$lock" \
  nice cargo test --quiet --locked --workspace --test hostile -- --exact fuzz_seeds_are_the_hostile_cases >/dev/null; then
  echo "warning: the hostile cases could not be written as seeds (see above); fuzzing the corpora as they are"
fi

bin="$repo/fuzz/target/x86_64-unknown-linux-gnu/release"
# Inputs libFuzzer saved as failures (not its slow-unit-* notes).
crashes() { find "$1" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l; }
crashed=0
summary="$(mktemp)"
printf '%-10s %12s %8s %8s %s\n' target executions corpus crashes artifacts >"$summary"
for t in "${targets[@]}"; do
  corpus="fuzz/corpus/$t"
  artifacts="fuzz/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  before=$(crashes "$artifacts")
  log="fuzz/artifacts/$t.log"
  echo "== $t: ${seconds} s"
  # libFuzzer exits non-zero on a crash. A stack overflow can kill the process before
  # libFuzzer saves the input (no artifact): the exit status still says so.
  # Without a sanitizer runtime, libFuzzer's own -timeout handler can hang after it
  # reports the slow input: the run is killed a while after its time is up.
  status=0
  timeout --signal=KILL $((seconds + 120)) nice "$bin/$t" "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout="$timeout_s" \
    -max_len=65536 -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  size=$(find "$corpus" -type f | wc -l)
  found=$(($(crashes "$artifacts") - before))
  if [[ $found -gt 0 || $status -ne 0 ]]; then
    crashed=1
    found=$((found > 0 ? found : 1))
    echo "$t: exit status $status; see $log"
    grep -m1 -A3 -E 'panicked at|ERROR: libFuzzer|overflowed' "$log" || true
  fi
  printf '%-10s %12s %8s %8s %s\n' "$t" "${execs:-?}" "$size" "$found" "$artifacts" | tee -a "$summary"
done
echo "== summary (also in fuzz/summary.txt)"
mv "$summary" fuzz/summary.txt
cat fuzz/summary.txt
exit "$crashed"
