#!/usr/bin/env bash
# End-to-end test of the Vigil extension in real VS Code: code-server (VS Code in a
# browser, from npm) driven by headless Chromium through playwright-core.
#
#   bash tests/vscode/run.sh
#
# It installs what it needs (Debian chromium, ripgrep and libkrb5-dev through apt-get
# when missing, as root; code-server and playwright-core from npm into a cache
# directory), builds the .vsix with editors/vscode/build.sh, copies the fixture
# workspace to a temp dir, starts code-server with a temp HOME, user data and
# extensions, installs the .vsix, points vigil.server.path at the server binary and
# runs tests/vscode/e2e.mjs. Screenshots and logs land in $VIGIL_E2E_OUT.
#
# Environment:
#   VIGIL_BIN             server binary (default: target/debug/vigil)
#   VIGIL_E2E_CACHE       installs (default: target/vscode-e2e)
#   VIGIL_E2E_OUT         screenshots and logs (default: target/vscode-e2e/screenshots)
#   VIGIL_E2E_VSIX        use this .vsix instead of building one
#   VIGIL_E2E_KEEP=1      keep the temp dir (workspace, HOME, user data, logs)
#   VIGIL_E2E_TIMEOUT_S   scale of the waits in e2e.mjs (default 120 s for the first
#                         squiggle; the other waits are derived from it)
#   VIGIL_E2E_SMOKE=1     stop after opening main.tf and taking a screenshot (checks
#                         the installs, packaging and code-server without a server)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${VIGIL_E2E_CACHE:-$ROOT/target/vscode-e2e}"
OUT="${VIGIL_E2E_OUT:-$ROOT/target/vscode-e2e/screenshots}"
CODE_SERVER_VERSION=4.100.3    # the last code-server that runs on Node 20
PLAYWRIGHT_VERSION=1.59.1      # contemporary with Debian 12's chromium 148
CHROMIUM="${VIGIL_E2E_CHROMIUM:-/usr/bin/chromium}"

log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[e2e] FAILED: %s\n' "$*" >&2; exit 1; }

mkdir -p "$CACHE" "$OUT"
CACHE="$(cd "$CACHE" && pwd)"
OUT="$(cd "$OUT" && pwd)"
rm -f "$OUT"/*.png "$OUT"/*.log

# --- 1. Debian packages ----------------------------------------------------------
cs_dir="$CACHE/code-server-$CODE_SERVER_VERSION"
code_server="$cs_dir/node_modules/.bin/code-server"
missing=()
[[ -x "$CHROMIUM" ]] || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
if [[ ! -x "$code_server" ]] && ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  missing+=(libkrb5-dev)   # headers for code-server's kerberos module
fi
if ((${#missing[@]})); then
  [[ "$(id -u)" == 0 ]] || die "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})"
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >"$CACHE/apt.log" 2>&1 || { tail -20 "$CACHE/apt.log" >&2; die "apt-get update failed"; }
  apt-get install -y -qq "${missing[@]}" >>"$CACHE/apt.log" 2>&1 ||
    { tail -20 "$CACHE/apt.log" >&2; die "apt-get install ${missing[*]} failed"; }
fi
[[ -x "$CHROMIUM" ]] || die "no Chromium at $CHROMIUM"

# --- 2. code-server and playwright-core from npm -------------------------------------
if [[ ! -x "$code_server" ]]; then
  log "npm install code-server@$CODE_SERVER_VERSION into $cs_dir (about a minute)"
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  # @vscode/ripgrep's postinstall downloads rg unless it finds this archive in its
  # cache: give it Debian's rg.
  npm_tmp="$CACHE/tmp"
  mkdir -p "$npm_tmp/vscode-ripgrep-cache-1.15.11"
  tar -czf "$npm_tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" \
    -C "$(dirname "$(command -v rg)")" rg
  echo '{"name":"vigil-e2e-code-server","private":true}' >"$cs_dir/package.json"
  (
    cd "$cs_dir"
    export TMPDIR="$npm_tmp" npm_config_unsafe_perm=true npm_config_yes=true
    npm install --no-audit --no-fund --foreground-scripts --dangerously-allow-all-scripts \
      "code-server@$CODE_SERVER_VERSION"
  ) >"$CACHE/code-server-install.log" 2>&1 || {
    tail -40 "$CACHE/code-server-install.log" >&2
    rm -rf "$cs_dir"
    die "npm install code-server failed (log: $CACHE/code-server-install.log)"
  }
  [[ -x "$code_server" ]] || die "code-server installed, but $code_server is missing"
fi

pw_dir="$CACHE/playwright-core-$PLAYWRIGHT_VERSION"
if [[ ! -f "$pw_dir/node_modules/playwright-core/package.json" ]]; then
  log "npm install playwright-core@$PLAYWRIGHT_VERSION"
  mkdir -p "$pw_dir"
  echo '{"name":"vigil-e2e-playwright","private":true}' >"$pw_dir/package.json"
  (cd "$pw_dir" && npm install --no-audit --no-fund "playwright-core@$PLAYWRIGHT_VERSION") \
    >"$CACHE/playwright-install.log" 2>&1 || {
    tail -20 "$CACHE/playwright-install.log" >&2
    die "npm install playwright-core failed"
  }
fi

# --- 3. The extension and the server -------------------------------------------------
if [[ -n "${VIGIL_E2E_VSIX:-}" ]]; then
  vsix="$VIGIL_E2E_VSIX"
else
  log "building the extension (editors/vscode/build.sh)"
  bash "$ROOT/editors/vscode/build.sh" >"$OUT/build.log" 2>&1 || {
    tail -40 "$OUT/build.log" >&2
    die "editors/vscode/build.sh failed (log: $OUT/build.log)"
  }
  # build.sh prints the path of the .vsix last.
  vsix="$(tail -1 "$OUT/build.log")"
fi
[[ -f "$vsix" ]] || die "no .vsix at '$vsix'"
log "extension: $vsix"

server="${VIGIL_BIN:-$ROOT/target/debug/vigil}"
if [[ ! -x "$server" ]]; then
  if [[ "${VIGIL_E2E_SMOKE:-}" == 1 ]]; then
    log "warning: no server binary at $server (smoke run: going on)"
  else
    die "no server binary at $server: build it (cargo build -p vigil-cli) or set VIGIL_BIN"
  fi
fi
log "server: $server"

# --- 4. A fresh VS Code ----------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/vigil-vscode-e2e.XXXXXX")"
ws="$work/workspace"
data="$work/user-data"
exts="$work/extensions"
mkdir -p "$work/home" "$data/User" "$exts"
cp -r "$ROOT/tests/vscode/fixture" "$ws"
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share" \
  XDG_CACHE_HOME="$work/home/.cache"

cs_pid=""
cleanup() {
  local rc=$?
  if [[ -n "$cs_pid" ]]; then
    # code-server, its extension host and the language server share one process group.
    kill -TERM -- "-$cs_pid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      kill -0 -- "-$cs_pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- "-$cs_pid" 2>/dev/null || true
  fi
  # Logs for whoever reads the screenshots: the Vigil output channel and code-server's.
  if [[ -d "$data/logs" ]]; then
    find "$data/logs" -name 'Vigil.log' -path '*vigil*' -exec cp {} "$OUT/vigil-output.log" \; 2>/dev/null || true
    find "$data/logs" -name 'exthost.log' -exec cp {} "$OUT/exthost.log" \; 2>/dev/null || true
  fi
  [[ -f "$work/code-server.log" ]] && cp "$work/code-server.log" "$OUT/code-server.log"
  if [[ "${VIGIL_E2E_KEEP:-}" == 1 ]]; then
    log "kept $work"
  else
    rm -rf "$work"
  fi
  if ((rc != 0)); then
    if [[ -f "$OUT/vigil-output.log" ]]; then
      log "last lines of the Vigil output channel ($OUT/vigil-output.log):"
      tail -25 "$OUT/vigil-output.log" >&2
    fi
    log "screenshots and logs: $OUT"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "code-server $("$code_server" --version 2>/dev/null | tail -1)"
log "installing the extension into $exts"
"$code_server" --user-data-dir "$data" --extensions-dir "$exts" --install-extension "$vsix" --force \
  >"$work/install-extension.log" 2>&1 || {
  cat "$work/install-extension.log" >&2
  die "code-server --install-extension failed"
}
grep -qi "successfully installed\|was successfully" "$work/install-extension.log" ||
  log "note: $(tail -1 "$work/install-extension.log")"

node -e '
  const [file, server] = process.argv.slice(1);
  const settings = {
    "vigil.server.path": server,
    "vigil.trace.server": "messages",
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "workbench.enableExperiments": false,
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    "git.enabled": false,
    "files.autoSave": "off",
    "editor.hover.delay": 300,
    "editor.codeLens": true,
    "editor.minimap.enabled": false,
    "window.commandCenter": false
  };
  require("fs").writeFileSync(file, JSON.stringify(settings, null, 2));
' "$data/User/settings.json" "$server"

port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
log "starting code-server on 127.0.0.1:$port"
# setsid: a new process group, killed as a whole by cleanup.
setsid "$code_server" \
  --auth none --bind-addr "127.0.0.1:$port" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override \
  --user-data-dir "$data" --extensions-dir "$exts" \
  "$ws" >"$work/code-server.log" 2>&1 &
cs_pid=$!

node -e '
  const url = process.argv[1];
  const deadline = Date.now() + 60000;
  (async () => {
    for (;;) {
      try { const r = await fetch(url); if (r.ok) return; } catch {}
      if (Date.now() > deadline) { console.error("code-server did not answer " + url); process.exit(1); }
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
' "http://127.0.0.1:$port/healthz" || {
  tail -30 "$work/code-server.log" >&2
  die "code-server did not start"
}
kill -0 "$cs_pid" 2>/dev/null || die "code-server exited (log: $OUT/code-server.log)"

# --- 5. The test -----------------------------------------------------------------------
log "running tests/vscode/e2e.mjs"
VIGIL_E2E_URL="http://127.0.0.1:$port/?folder=$(node -p 'encodeURIComponent(process.argv[1])' "$ws")" \
VIGIL_E2E_WORKSPACE="$ws" \
VIGIL_E2E_OUT="$OUT" \
VIGIL_E2E_PROFILE="$work/chromium-profile" \
VIGIL_E2E_PLAYWRIGHT="$pw_dir/node_modules/playwright-core" \
VIGIL_E2E_CHROMIUM="$CHROMIUM" \
  node "$ROOT/tests/vscode/e2e.mjs"
log "passed; screenshots in $OUT"
