#!/usr/bin/env bash
# End-to-end tests of the real `vigil lsp` binary with pytest-lsp.
# Installs pytest-lsp into a virtualenv under target/ (PyPI), builds nothing:
# uses $VIGIL_BIN or target/debug/vigil.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=target/e2e-venv
if [ ! -x "$VENV/bin/pytest" ]; then
  # Stock Debian splits venv out of python3.
  if ! python3 -c 'import ensurepip' 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq >&2 && apt-get install -y -qq python3-venv >&2
    else
      echo "FAIL setup: python3 cannot make a venv; install python3-venv (Debian: sudo apt-get install -y python3-venv)" >&2
      exit 1
    fi
  fi
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet -r tests/e2e/requirements.txt
fi
export VIGIL_BIN=${VIGIL_BIN:-$PWD/target/debug/vigil}
[ -x "$VIGIL_BIN" ] || { echo "no vigil binary at $VIGIL_BIN: run cargo build -p vigil-cli" >&2; exit 1; }
"$VENV/bin/pytest" -q tests/e2e -p no:cacheprovider "$@"
