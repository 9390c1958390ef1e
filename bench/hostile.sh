#!/usr/bin/env bash
# Issue 11's closing table, re-run: the outcome of a release `vigil check` on every
# hostile input, with its wall time and peak RSS, as one Markdown table:
# case | row | exit code | wall s | peak RSS MB.
#
#   bash bench/hostile.sh [BIN]          (BIN: target/release/vigil by default)
#
# The inputs are the cases of tests/hostile/cases.rs, written by the example
# server/crates/vigil-cli/examples/hostile_cases.rs, and the big rows generated below
# (a 50 MB string, a 50 MB file of buckets, 50,000 files, a 16-deep module chain under
# the default budget, `for_each` over a 100k `toset()` and a 100k `setproduct`). Each
# case is checked from inside its folder, as tests/hostile.rs does (its `.args` may
# name folders relative to it), with `--format json` to /dev/null.
#
# Exit codes are data: 0 no finding, 1 findings, 2 a policy or the input set is
# unusable, 3 input errors. A crash says what it was (panic, stack overflow, out of
# memory, signal); a run killed after VIGIL_HOSTILE_TIMEOUT seconds (600) shows
# "timeout". Each run's address space is capped at VIGIL_HOSTILE_MEM_MB (12288; 0 for
# no cap) so that a blow-up cannot take the shared machine down: a case that hits the
# cap shows "out of memory". VIGIL_HOSTILE_ONLY=REGEX runs only the cases whose names
# match (and generates only those big rows); VIGIL_HOSTILE_KEEP=1 keeps the cases'
# folders and each run's stderr (logs/) and says where. A full run takes about 5
# minutes on 2 CPUs (the 50 MB file of buckets alone 2 minutes and 6.5 GB).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
lock=/tmp/vigil-cargo.lock
bin="${1:-target/release/vigil}"
timeout_s="${VIGIL_HOSTILE_TIMEOUT:-600}"
mem_mb="${VIGIL_HOSTILE_MEM_MB:-12288}"
only="${VIGIL_HOSTILE_ONLY:-}"
keep="${VIGIL_HOSTILE_KEEP:-}"

work="$(mktemp -d -t vigil-hostile.XXXXXX)"
if [[ -n "$keep" ]]; then
  trap 'echo "the cases and the logs are kept in $work" >&2' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/big" "$work/logs"

echo "== building the release binary and the hostile_cases example" >&2
flock "$lock" cargo build --release -p vigil-cli --locked
flock "$lock" cargo run --release --locked --example hostile_cases -p vigil-cli -- "$work/cases" >&2
[[ -x "$bin" ]] || { echo "error: $bin is not an executable" >&2; exit 2; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

wanted() { [[ -z "$only" ]] || [[ "$1" =~ $only ]]; }

# A public S3 bucket, a mandatory finding (as cases.rs's PUBLIC_BUCKET): beside each
# big row, so that exit 1 says the hostile part hid nothing.
public_bucket='resource "aws_s3_bucket" "pub" {
  bucket = "pub"
  acl    = "public-read"
}
'

# new_big NAME ROW: the folder of a big row, with its `.row`, no arguments, checked
# as a whole. Prints the folder.
new_big() {
  local dir="$work/big/$1"
  mkdir -p "$dir"
  printf '%s\n' "$2" >"$dir/.row"
  : >"$dir/.args"
  echo . >"$dir/.dir"
  echo "$dir"
}

# The big rows, in the order they run. Each generator is deterministic.
big=(big_string_50mb many_buckets_50mb many_files_50k module_chain_default_budget
  toset_100k_for_each setproduct_100k_for_each)

gen_big_string_50mb() {
  local dir
  dir="$(new_big "$1" 'a 50 MB `.tf`: one resource whose one string value is 50 MB (a public bucket beside it)')"
  python3 - "$dir/main.tf" <<'EOF'
import sys
with open(sys.argv[1], "wb") as f:
    f.write(b'resource "aws_s3_bucket" "b" {\n  bucket = "')
    f.write(b"a" * (50 * 1024 * 1024))
    f.write(b'"\n}\n')
EOF
  mkdir -p "$dir/ok" && printf '%s' "$public_bucket" >"$dir/ok/main.tf"
}

gen_many_buckets_50mb() {
  local dir="$work/big/$1" n
  mkdir -p "$dir"
  n="$(python3 - "$dir/main.tf" <<'EOF'
import sys
size, i = 50 * 1024 * 1024, 0
with open(sys.argv[1], "w") as f:
    written = 0
    while written < size:
        acl = '  acl    = "public-read"\n' if i % 1000 == 0 else ""
        block = f'resource "aws_s3_bucket" "b{i:07d}" {{\n  bucket = "bucket-{i:07d}"\n{acl}}}\n\n'
        f.write(block)
        written += len(block)
        i += 1
print(f"{i:,}")
EOF
)"
  new_big "$1" "a 50 MB \`.tf\` of $n \`aws_s3_bucket\` resources, every 1000th \`public-read\`" >/dev/null
}

gen_many_files_50k() {
  local dir
  dir="$(new_big "$1" '50,000 `.tf` files in one folder, one `aws_ebs_volume` each (a public bucket beside them)')"
  python3 - "$dir" <<'EOF'
import sys, os
for i in range(50_000):
    with open(os.path.join(sys.argv[1], f"v{i:05d}.tf"), "w") as f:
        f.write(f'resource "aws_ebs_volume" "v{i:05d}" {{\n  availability_zone = "us-east-1a"\n  size              = 1\n}}\n')
EOF
  mkdir -p "$dir/ok" && printf '%s' "$public_bucket" >"$dir/ok/main.tf"
}

# cases.rs's module_chain with the default budget (no vigil.toml) and an
# `aws_ebs_volume` in each module: 10^16 instances if nothing stopped it.
gen_module_chain_default_budget() {
  local dir i
  dir="$(new_big "$1" 'a 16-deep chain of local modules each calling the next with `count = 10`, an `aws_ebs_volume` in each, default budget')"
  call() { printf 'module "m" {\n  source = "%s"\n  count  = 10\n}\n' "$1"; }
  { call ./modules/m1; echo; printf '%s' "$public_bucket"; } >"$dir/main.tf"
  for i in $(seq 1 16); do
    mkdir -p "$dir/modules/m$i"
    {
      if [[ $i -lt 16 ]]; then call "../m$((i + 1))"; echo; fi
      printf 'resource "aws_ebs_volume" "v" {\n  availability_zone = "us-east-1a"\n  size              = 1\n}\n'
    } >"$dir/modules/m$i/main.tf"
  done
}

gen_toset_100k_for_each() {
  local dir
  dir="$(new_big "$1" '`for_each` over `toset()` of 100,000 distinct strings')"
  cat >"$dir/main.tf" <<'EOF'
locals {
  names = toset(flatten([for a in range(500) : [for b in range(200) : "s${a}-${b}"]]))
}

resource "aws_ebs_volume" "v" {
  for_each          = local.names
  availability_zone = "us-east-1a"
  size              = 1
  tags              = { Name = each.key }
}

EOF
  printf '%s' "$public_bucket" >>"$dir/main.tf"
}

gen_setproduct_100k_for_each() {
  local dir
  dir="$(new_big "$1" '`for_each` over a 100,000-element `setproduct()`')"
  cat >"$dir/main.tf" <<'EOF'
locals {
  pairs = setproduct(range(400), range(250))
}

resource "aws_ebs_volume" "p" {
  for_each          = { for p in local.pairs : "${p[0]}-${p[1]}" => p }
  availability_zone = "us-east-1a"
  size              = each.value[0] + 1
}

EOF
  printf '%s' "$public_bucket" >>"$dir/main.tf"
}

echo "== generating the big rows" >&2
for name in "${big[@]}"; do
  if wanted "$name"; then
    echo "   $name" >&2
    "gen_$name" "$name"
  fi
done

# The folders to check: the cases (by name), then the big rows (in their order).
shopt -s nullglob
folders=()
for dir in "$work"/cases/*/; do
  if wanted "$(basename "$dir")"; then folders+=("${dir%/}"); fi
done
for name in "${big[@]}"; do
  if wanted "$name"; then folders+=("$work/big/$name"); fi
done

# md TEXT: TEXT as a Markdown table cell.
md() { printf '%s' "${1//|/\\|}"; }

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
rows=()
i=0
for dir in "${folders[@]}"; do
  i=$((i + 1))
  name="$(basename "$dir")"
  row="$(head -n 1 "$dir/.row")"
  checked="$(head -n 1 "$dir/.dir")"
  mapfile -t args <"$dir/.args"
  echo "== [$i/${#folders[@]}] $name" >&2
  timing="$work/logs/$name.time"
  err="$work/logs/$name.err"
  status=0
  (
    cd "$dir/$checked"
    if [[ "$mem_mb" -gt 0 ]]; then ulimit -v $((mem_mb * 1024)); fi
    exec /usr/bin/time -f '%e %M' -o "$timing" \
      timeout --kill-after=10 "$timeout_s" "$bin" check . --format json "${args[@]}" >/dev/null 2>"$err"
  ) || status=$?
  wall='?' kb=''
  if [[ -s "$timing" ]]; then read -r wall kb < <(tail -n 1 "$timing"); fi
  rss='?'
  if [[ "$kb" =~ ^[0-9]+$ ]]; then rss="$(awk -v kb="$kb" 'BEGIN { printf "%.0f", kb / 1024 }')"; fi
  outcome="$status"
  if [[ $status -eq 124 ]] || { [[ $status -eq 137 ]] && awk -v w="$wall" -v t="$timeout_s" 'BEGIN { exit !(w >= t) }'; }; then
    outcome=timeout
  elif grep -q 'memory allocation' "$err"; then
    outcome="$status (out of memory)"
  elif grep -q 'stack overflow' "$err"; then
    outcome="$status (stack overflow)"
  elif grep -q 'panicked' "$err"; then
    outcome="$status (panic)"
  elif [[ $status -gt 128 ]]; then
    outcome="$status (signal $((status - 128)))"
  fi
  echo "   $outcome, $wall s, $rss MB" >&2
  if [[ "$outcome" != "$status" && "$outcome" != timeout ]]; then tail -n 5 "$err" | sed 's/^/   | /' >&2; fi
  rows+=("| $(md "$name") | $(md "$row") | $outcome | $wall | $rss |")
done

commit="$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
[[ -z "$(git status --porcelain 2>/dev/null)" ]] || commit="$commit (with uncommitted changes)"
echo "\`vigil check . --format json\` ($bin, checkout $commit), $(nproc) CPUs, timeout ${timeout_s} s, memory cap ${mem_mb} MB (0: none), $(date -u +%Y-%m-%dT%H:%MZ), load average $load_before before the runs, $(cut -d' ' -f1-3 /proc/loadavg) after"
echo
echo "| case | row | exit code | wall s | peak RSS MB |"
echo "|---|---|---|---:|---:|"
printf '%s\n' "${rows[@]}"
