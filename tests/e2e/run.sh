#!/usr/bin/env bash
# End-to-end tests of the real `vigil lsp` binary with pytest-lsp.
# Installs pytest-lsp into a virtualenv under target/ (PyPI), builds nothing:
# uses $VIGIL_BIN or target/debug/vigil.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=target/e2e-venv
if [ ! -x "$VENV/bin/pytest" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet -r tests/e2e/requirements.txt
fi
export VIGIL_BIN=${VIGIL_BIN:-$PWD/target/debug/vigil}
[ -x "$VIGIL_BIN" ] || { echo "no vigil binary at $VIGIL_BIN: run cargo build -p vigil-cli" >&2; exit 1; }
"$VENV/bin/pytest" -q tests/e2e -p no:cacheprovider "$@"
