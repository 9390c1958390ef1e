#!/usr/bin/env bash
# Runs `cargo fuzz` from the repository's own copy: installs cargo-fuzz from crates.io
# into target/tools the first time (a pinned version, --locked), and builds with the
# machine's stable toolchain: RUSTC_BOOTSTRAP=1 lets stable rustc take the nightly
# flags cargo-fuzz passes (-Zsanitizer, -Cpasses=sancov-module), so no nightly
# toolchain is needed.
#
#   fuzz/cargo-fuzz.sh build -O --debug-assertions    # build every target
#
# Every cargo invocation holds /tmp/vigil-cargo.lock (one build on the machine at a
# time), so long runs do not go through `cargo fuzz run`, which would hold it for the
# whole run: bench/fuzz.sh builds here, then runs the built binaries itself.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
version=0.13.2
tools="$repo/target/tools"
bin="$tools/bin/cargo-fuzz"
lock=/tmp/vigil-cargo.lock

if ! [[ -x "$bin" ]] || [[ "$("$bin" --version 2>/dev/null)" != "cargo-fuzz $version" ]]; then
  echo "installing cargo-fuzz $version into target/tools" >&2
  flock "$lock" cargo install cargo-fuzz --version "=$version" --locked --root "$tools" --quiet
fi

cd "$repo/fuzz"
export RUSTC_BOOTSTRAP=1
exec flock "$lock" "$bin" "$@"
