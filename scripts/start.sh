#!/usr/bin/env bash
# Starts Model Lens in a real VS Code (code-server, in the browser) on a scratch copy of the examples/ folder
# (.e2e/start/examples: edits there never change the repository; delete it to start over).
# Installs what is missing first (npm dependencies, code-server, Debian packages, the examples' datasets), builds and packages
# the extension, installs the package into a VS Code whose settings and extensions live in
# .e2e/start/, and stays in the foreground until Ctrl+C.
#
# Usage: scripts/start.sh [PORT]        (or PORT=9000 scripts/start.sh; default 8080)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${1:-${PORT:-8080}}"
STATE="$ROOT/.e2e/start"
FOLDER="$STATE/examples"
VSIX="$ROOT/dist/model-lens.vsix"
log() { printf '[start] %s\n' "$*" >&2; }
npmq() { npm "$@" 2> >(grep -v 'Unknown user config "nodedir"' >&2); }

cd "$ROOT"
source "$ROOT/scripts/e2e-lib/code-server.sh"

if ! [[ "$PORT" =~ ^[0-9]+$ ]]; then log "PORT must be a number, got '$PORT'"; exit 2; fi
if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null; then
  log "port $PORT is already in use: pass another one (scripts/start.sh 9000)"; exit 1
fi

# 1. The project's npm dependencies (none of them needs an install script).
if [[ ! -d node_modules || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "installing npm dependencies"
  npmq ci --ignore-scripts --no-audit --no-fund
fi

# 2. code-server, chromium and friends.
bash "$ROOT/scripts/setup-e2e.sh"

# 2b. The data the examples load: Fashion-MNIST from Debian's package, MNIST (mnist_cells.ipynb) into Keras's
# cache from the address keras.datasets uses (or $MODEL_LENS_DATASET_MIRROR), checked against Keras's sha256.
# Neither is fatal: the editor offers the download again when a run needs it.
if [[ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]]; then
  log "installing Debian's dataset-fashion-mnist"
  apt_prefix=(); [[ $(id -u) -eq 0 ]] || apt_prefix=(sudo)
  "${apt_prefix[@]}" apt-get install -y -qq dataset-fashion-mnist >/dev/null || log "could not install dataset-fashion-mnist (the editor can download Fashion-MNIST instead)"
fi
KERAS_DATASETS="${KERAS_HOME:-$HOME/.keras}/datasets"
MNIST_SHA256=731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1
if [[ ! -f "$KERAS_DATASETS/mnist.npz" ]]; then
  mirror="${MODEL_LENS_DATASET_MIRROR:-https://storage.googleapis.com/tensorflow/tf-keras-datasets/}"
  log "downloading MNIST (11.5 MB) from ${mirror%/}/mnist.npz into $KERAS_DATASETS"
  mkdir -p "$KERAS_DATASETS"
  part="$KERAS_DATASETS/mnist.npz.part"
  if ! curl -fsSL --retry 3 --max-time 300 -C - -o "$part" "${mirror%/}/mnist.npz"; then
    log "could not download MNIST (what arrived is kept for next time; the editor offers it when a run needs it)"
  elif echo "$MNIST_SHA256  $part" | sha256sum -c --status; then
    mv "$part" "$KERAS_DATASETS/mnist.npz"
  else
    rm -f "$part"; log "the downloaded mnist.npz does not match Keras's sha256; deleted"
  fi
fi

# 3. Build and package the extension.
log "packaging the extension"
npmq run --silent package >/dev/null
[[ -f "$VSIX" ]] || { log "npm run package did not produce ${VSIX#"$ROOT"/}"; exit 1; }

# 4. Install it into this VS Code's own extensions folder.
cs_prepare "$STATE"
log "installing ${VSIX#"$ROOT"/}"
cs_install_vsix "$STATE" "$VSIX" >"$STATE/install.log" 2>&1 || { cat "$STATE/install.log" >&2; exit 1; }

# 5. A scratch copy of the examples: new examples are copied in, files already there (and your edits) are kept.
mkdir -p "$FOLDER"
cp -rn "$ROOT/examples/." "$FOLDER/"

# 6. Run it until Ctrl+C.
LOG="$STATE/code-server.log"
cs_start "$STATE" "$PORT" "$FOLDER" "$LOG"
stop() { trap - INT TERM EXIT; cs_stop; }
trap 'echo; log "stopping"; stop; exit 0' INT TERM
trap stop EXIT

if ! cs_wait_healthy "$PORT" 60; then
  log "code-server did not start; its log:"; cat "$LOG" >&2; exit 1
fi
echo "Model Lens is running in VS Code at http://127.0.0.1:$PORT/?folder=$FOLDER"
echo "(a scratch copy of examples/: your edits there do not change the repository; delete ${FOLDER#"$ROOT"/} to start over)"
echo "(log: ${LOG#"$ROOT"/}; press Ctrl+C to stop)"
wait "$CS_PID" || { status=$?; log "code-server exited ($status); its log: ${LOG#"$ROOT"/}"; exit "$status"; }
