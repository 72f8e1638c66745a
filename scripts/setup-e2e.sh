#!/usr/bin/env bash
# Installs what the end-to-end tests and `scripts/start.sh` need, on a fresh Debian 12 machine:
#   - Debian packages: chromium (the browser playwright-core drives), ripgrep (VS Code's search),
#     libkrb5-dev + a C/C++ toolchain + python3 (native modules are rebuilt from source here),
#     and fonts so screenshots show text;
#   - code-server (VS Code in the browser) from the npm registry into .e2e/code-server/,
#     kept apart from the project's own node_modules, with its native modules rebuilt.
# Idempotent: a stamp file records a finished install; a second run does nothing but checks.
# Nothing here downloads from anywhere but the npm registry and Debian's archive.
#
# Usage: scripts/setup-e2e.sh [--force]     (--force reinstalls code-server)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CODE_SERVER_VERSION="4.100.3"   # 4.100.x is the newest line that runs on Node 20
CS_DIR="$ROOT/.e2e/code-server"
STAMP="$CS_DIR/.installed-$CODE_SERVER_VERSION"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

log() { printf '[setup-e2e] %s\n' "$*" >&2; }
started=$SECONDS

# npm prints a warning about the user's `nodedir` setting on every call; keep our log readable.
npmq() { npm "$@" --no-audit --no-fund --loglevel=error 2> >(grep -v 'Unknown user config "nodedir"' >&2); }

# ---------------------------------------------------------------- Debian packages
APT_PACKAGES=(chromium ripgrep libkrb5-dev build-essential python3 pkg-config git fonts-liberation fonts-dejavu-core)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { log "need root (or sudo) to install: ${missing[*]}"; exit 1; }
    SUDO=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages present"
fi
RG="$(command -v rg)"

# ---------------------------------------------------------------- code-server
if [[ -f "$STAMP" && $FORCE -eq 0 && -x "$CS_DIR/node_modules/.bin/code-server" ]]; then
  log "code-server $CODE_SERVER_VERSION already installed in ${CS_DIR#"$ROOT"/}"
  exit 0
fi

log "installing code-server $CODE_SERVER_VERSION into ${CS_DIR#"$ROOT"/} (several minutes)"
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
cat >"$CS_DIR/package.json" <<EOF
{ "name": "model-lens-e2e-code-server", "private": true, "dependencies": { "code-server": "$CODE_SERVER_VERSION" } }
EOF
# node-gyp must not fetch Node headers (no network but the registries): use the installed ones.
if [[ -z "${npm_config_nodedir:-}" && -f /usr/include/node/node.h ]]; then
  export npm_config_nodedir=/usr
fi
export npm_config_yes=true   # node-pty's install script runs `npx node-gyp`

cd "$CS_DIR"
# --ignore-scripts: code-server's postinstall would try to install VS Code's deps itself, and
# downloads prebuilt binaries; we do its steps one by one below.
npmq install --ignore-scripts
npmq rebuild argon2 --build-from-source

VSCODE="$CS_DIR/node_modules/code-server/lib/vscode"
[[ -d "$VSCODE" ]] || { log "unexpected layout: $VSCODE missing"; exit 1; }

log "installing VS Code's own dependencies"
cd "$VSCODE"
npmq install --omit=dev --ignore-scripts
# @vscode/ripgrep's postinstall downloads rg from GitHub unless bin/ exists: use Debian's rg.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sfn "$RG" node_modules/@vscode/ripgrep/bin/rg
npmq rebuild
# code-server's entry point loads modules from node_modules.asar.
ln -sfn node_modules node_modules.asar
# The terminal's `code` and `$BROWSER` helpers (as code-server's own postinstall links them).
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh

log "installing the built-in extensions' dependencies"
cd "$VSCODE/extensions"
npmq install --omit=dev --ignore-scripts
npmq rebuild

# (Not `code-server --version`: any run of it writes a config file into ~/.config.)
installed="$(node -p 'require(process.argv[1]).version' "$CS_DIR/node_modules/code-server/package.json")"
[[ "$installed" == "$CODE_SERVER_VERSION" ]] || { log "installed $installed, wanted $CODE_SERVER_VERSION"; exit 1; }
touch "$STAMP"
log "code-server $installed installed in $((SECONDS - started))s"
