#!/usr/bin/env bash
# Warnings, unevaluated resources and findings of `vigil check` on every root of
# testdata/realworld (each module and each of its examples), one line per root and a
# total. Valid code must give 0 warnings and 0 unevaluated resources.
#   bash bench/realworld.sh                       # the release build (built if needed)
#   bash bench/realworld.sh /tmp/old/vigil        # another build, to compare
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-}
if [[ -z "$BIN" ]]; then
  cargo build --release -p vigil-cli --quiet
  BIN=target/release/vigil
fi
total_w=0; total_u=0; total_f=0
for root in testdata/realworld/*/ testdata/realworld/*/examples/*/; do
  read -r w u f r < <("$BIN" check "$root" --format json -v 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
ds = d["diagnostics"]
w = sum(1 for x in ds if x["severity"] in ("warning", "error"))
u = sum(1 for x in ds if x["code"] in ("terraform-unknown-count", "terraform-unknown-for-each"))
print(w, u, d["summary"]["findings"], d["summary"]["resources"])' || echo "? ? ? ?")
  printf '%-58s warnings=%-4s unevaluated=%-4s findings=%-3s resources=%s\n' "$root" "$w" "$u" "$f" "$r"
  total_w=$((total_w + ${w/\?/0})); total_u=$((total_u + ${u/\?/0})); total_f=$((total_f + ${f/\?/0}))
done
echo "TOTAL warnings=$total_w unevaluated=$total_u findings=$total_f"
