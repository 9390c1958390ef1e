#!/usr/bin/env bash
# Builds and packages the Vigil VS Code extension: dist/vigil-<version>.vsix.
# Needs Node 20+ and the npm registry; nothing else is downloaded.
#
#   bash editors/vscode/build.sh                      # npm ci, build, package
#   VIGIL_BUNDLE_SERVER=target/release/vigil bash editors/vscode/build.sh
#       # also puts that binary into the .vsix as bin/vigil (a platform-specific package)
#   VIGIL_SKIP_NPM_CI=1 bash editors/vscode/build.sh  # reuse node_modules
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

log() { printf '== %s\n' "$*" >&2; }

if [[ "${VIGIL_SKIP_NPM_CI:-}" == 1 && -d node_modules ]]; then
  log "reusing node_modules"
else
  log "npm ci"
  npm ci --no-audit --no-fund
fi

rm -rf bin
if [[ -n "${VIGIL_BUNDLE_SERVER:-}" ]]; then
  server="$VIGIL_BUNDLE_SERVER"
  [[ "$server" = /* ]] || server="$here/../../$server"
  if [[ ! -x "$server" ]]; then
    echo "build.sh: VIGIL_BUNDLE_SERVER=$VIGIL_BUNDLE_SERVER is not an executable file" >&2
    exit 2
  fi
  log "bundling $server as bin/vigil"
  mkdir -p bin
  cp "$server" bin/vigil
  chmod +x bin/vigil
fi

log "typecheck and test (grammar, settings)"
npm run typecheck --silent
npm test --silent

log "build and package"
rm -f dist/*.vsix
npm run package --silent

vsix="$(ls dist/*.vsix)"
log "built $here/$vsix"
echo "$here/$vsix"
