#!/usr/bin/env bash
# Headless Neovim end-to-end test of editors/nvim against `vigil lsp`.
#
#   bash tests/nvim/run.sh
#
# Builds nothing: uses $VIGIL_BIN, else target/debug/vigil. Installs Debian's neovim
# (0.7.2) when `nvim` is missing (needs root; ~8 s). Runs test_0_10.lua on Neovim
# 0.10+, else test_0_7.lua, on a fresh copy of tests/nvim/fixture with HOME and the
# XDG directories in a temp dir (Neovim writes lsp.log there).
#
# Environment:
#   VIGIL_BIN               the vigil binary (default: <repo>/target/debug/vigil)
#   NVIM                    the nvim binary (default: nvim on PATH)
#   VIGIL_TEST_TIMEOUT_MS   wait for each server answer (default 20000)
#   VIGIL_TEST_LOG_LEVEL    vim.lsp log level (default info; debug logs the traffic)
#   VIGIL_KEEP_TMP=1        keep the temp dir (it is kept anyway on failure)
#
# Exit status: 0 pass, 1 a step failed, 2 setup problem, 3 watchdog, 124 timeout.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

nvim_bin="${NVIM:-nvim}"
if ! command -v "$nvim_bin" >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "nvim not found: installing Debian's neovim" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq neovim >&2
  else
    echo "FAIL setup: nvim not found; install it (Debian: sudo apt-get install -y neovim)" >&2
    exit 2
  fi
fi

bin="${VIGIL_BIN:-$repo/target/debug/vigil}"
if [ ! -x "$bin" ]; then
  echo "FAIL setup: vigil binary not found at $bin" >&2
  echo "  build it first (cargo build -p vigil-cli) or set VIGIL_BIN" >&2
  exit 2
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
if ! "$bin" --help 2>/dev/null | grep -qw lsp; then
  echo "FAIL setup: $bin has no \`lsp\` subcommand (an older build?)" >&2
  exit 2
fi

version="$("$nvim_bin" --version | head -n 1)"   # NVIM v0.7.2
minor="$(printf '%s\n' "$version" | sed -n 's/^NVIM v\([0-9]*\)\.\([0-9]*\).*/\1 \2/p')"
read -r major minor <<<"${minor:-0 0}"
if [ "$major" -gt 0 ] || [ "$minor" -ge 10 ]; then
  test_file="$here/test_0_10.lua"
else
  test_file="$here/test_0_7.lua"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vigil-nvim.XXXXXX")"
mkdir -p "$tmp/ws" "$tmp/home" "$tmp/cache" "$tmp/config" "$tmp/data" "$tmp/state"
cp -R "$here/fixture/." "$tmp/ws/"

echo "$version, $(basename "$test_file"), vigil: $bin, workspace: $tmp/ws" >&2
status=0
(
  cd "$tmp/ws"
  export HOME="$tmp/home" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_HOME="$tmp/config" \
    XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state"
  export VIGIL_BIN="$bin" VIGIL_REPO="$repo" VIGIL_WORKSPACE="$tmp/ws"
  exec timeout "${VIGIL_NVIM_TIMEOUT:-300}" "$nvim_bin" --headless -u NONE -i NONE -n \
    --cmd "set runtimepath^=$repo/editors/nvim" \
    -c "luafile $test_file"
) </dev/null || status=$?

if [ "$status" -eq 0 ] && [ "${VIGIL_KEEP_TMP:-0}" != 1 ]; then
  rm -rf "$tmp"
else
  [ "$status" -eq 124 ] && echo "FAIL timeout: nvim did not exit" >&2
  echo "kept $tmp (LSP log: $(find "$tmp/cache" "$tmp/state" -name lsp.log 2>/dev/null | head -n 1))" >&2
fi
exit "$status"
