#!/usr/bin/env bash
# README Quick start, command 2: install everything the tests need on a fresh Debian machine with Node 20
# (npm packages; Debian packages via apt-get when missing; code-server for the end-to-end tests), then run
# the whole suite: type-check, build, unit tests, end-to-end tests in a real VS Code.
#
# Usage: scripts/test-all.sh            (set MODEL_LENS_SKIP_E2E=1 to leave out the end-to-end tests)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
log() { printf '[test-all] %s\n' "$*" >&2; }
npmq() { npm "$@" 2> >(grep -v 'Unknown user config "nodedir"' >&2); }
status=0

# 1. npm packages (none needs an install script: the parser and tools ship their own wasm/binaries).
log "installing npm dependencies"
npmq ci --ignore-scripts --no-audit --no-fund

# 2. Type-check, build every bundle, package the .vsix.
npmq run --silent typecheck
npmq run --silent package >/dev/null
log "built $(ls dist/*.vsix)"

# 3. Unit and analyzer tests (plain Node, no VS Code).
npmq run --silent test:unit || status=1

# 4. End-to-end tests in a real VS Code (code-server in headless Chromium).
if [[ "${MODEL_LENS_SKIP_E2E:-0}" != "1" ]]; then
  bash scripts/setup-e2e.sh
  npmq run --silent test:e2e || status=1
fi

exit $status
