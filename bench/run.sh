#!/usr/bin/env bash
# Benchmark: `vigil check` wall time and peak RSS on generated workspaces of 1,000
# and 10,000 resources (release build). Prints one line per size.
#   bash bench/run.sh            # sizes 1000 and 10000, 3 runs each
#   RUNS=5 SIZES="1000" bash bench/run.sh
#   BIN=/tmp/old/target/release/vigil bash bench/run.sh   # measure another build
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SIZES=${SIZES:-"1000 10000"}
if [[ -z "${BIN:-}" ]]; then
  cargo build --release -p vigil-cli --quiet
  BIN=target/release/vigil
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-10s %-10s %-10s %-12s %-12s %-12s\n' generated resources findings "wall (med)" "wall (min)" "peak RSS"
for n in $SIZES; do
  python3 bench/generate.py "$n" "$work/ws$n"
  read -r resources findings < <("$BIN" check "$work/ws$n" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin)["summary"]; print(d["resources"], d["findings"])' || true)
  walls=(); rss=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M' -o "$work/time" "$BIN" check "$work/ws$n" --format json >/dev/null || true
    read -r wall kb < <(tail -n 1 "$work/time")
    walls+=("$wall"); [ "$kb" -gt "$rss" ] && rss=$kb
  done
  sorted=($(printf '%s\n' "${walls[@]}" | sort -n))
  printf '%-10s %-10s %-10s %-12s %-12s %-12s\n' "$n" "$resources" "$findings" "${sorted[$((RUNS / 2))]} s" "${sorted[0]} s" "$((rss / 1024)) MiB"
done
