#!/usr/bin/env bash
# Creates (or reuses) the Python venv holding real Keras, the oracle for the
# conformance goldens.
#
#   bash scripts/keras-venv.sh          # prints the venv's python path on the last line of stdout
#
# Location: ${MODEL_LENS_CACHE:-$HOME/.cache/model-lens}/keras-venv
# Primary:  tensorflow-cpu (Keras 3 inside) + tf-keras (tf.keras 2, for comparisons)
# Fallback: keras + jax, when tensorflow-cpu cannot be installed.
# Which one was installed is written to $VENV/model-lens-backend ("tensorflow" or "jax").
# The stamp file $VENV/model-lens-stamp holds the pins; a venv whose stamp matches is
# reused as it is (no pip call at all), so repeated runs and CI on the same machine are cheap.
# All pip output goes to stderr; stdout carries only the python path.
set -euo pipefail

TF_PINS=(tensorflow-cpu==2.21.0 keras==3.15.1)
TF_NODEPS_PINS=(tf-keras==2.21.0)   # --no-deps: tf-keras depends on the full `tensorflow` wheel
JAX_PINS=(keras==3.15.1 jax==0.10.2 jaxlib==0.10.2)
# The Keras engine's tests train on JAX beside TensorFlow and submit Ray jobs: added to an existing venv without
# recreating it. Each is "distribution==version pip-requirement" (the check reads installed metadata, no import).
ENGINE_PINS=("jax==0.10.2 jax[cpu]==0.10.2" "ray==2.60.0 ray[default]==2.60.0")
STAMP_VERSION=1

CACHE="${MODEL_LENS_CACHE:-$HOME/.cache/model-lens}"
VENV="$CACHE/keras-venv"
PY="$VENV/bin/python"
STAMP="$VENV/model-lens-stamp"
MARKER="$VENV/model-lens-backend"
BASE_PYTHON="${MODEL_LENS_BASE_PYTHON:-python3}"

want_stamp() {
  printf 'v%s\npython=%s\ntf=%s\ntf-nodeps=%s\njax=%s\n' "$STAMP_VERSION" \
    "$("$BASE_PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" \
    "${TF_PINS[*]}" "${TF_NODEPS_PINS[*]}" "${JAX_PINS[*]}"
}

log() { echo "[keras-venv] $*" >&2; }

# jax[cpu] and ray[default] for the Keras engine (issue 18); a venv that has them at their pins is left alone.
# The check reads package metadata (well under a second; importing jax and ray takes seconds).
ensure_engine_packages() {
  local missing=() pin
  for pin in "${ENGINE_PINS[@]}"; do
    local dist="${pin%% *}"
    if ! "$PY" -c 'import sys, importlib.metadata as m; n, v = sys.argv[1].split("=="); sys.exit(m.version(n) != v)' "$dist" >/dev/null 2>&1; then
      missing+=("${pin#* }")
    fi
  done
  if (( ${#missing[@]} )); then
    log "adding ${missing[*]}"
    "$PY" -m pip --disable-pip-version-check --no-input install "${missing[@]}" >&2
  fi
}

mkdir -p "$CACHE"
# One installer at a time (two CI jobs or a developer + a test on the same machine).
exec 9>"$CACHE/keras-venv.lock"
flock 9

WANT="$(want_stamp)"
if [[ -x "$PY" && -f "$STAMP" && -f "$MARKER" ]] && [[ "$(cat "$STAMP")" == "$WANT" ]] \
   && "$PY" -c 'import keras' >/dev/null 2>&1; then
  log "reusing $VENV (backend: $(cat "$MARKER"))"
  ensure_engine_packages
  echo "$PY"
  exit 0
fi

start=$(date +%s)
log "creating $VENV"
rm -rf "$VENV"
"$BASE_PYTHON" -m venv "$VENV"
PIP=("$PY" -m pip --disable-pip-version-check --no-input)

backend=""
if "${PIP[@]}" install "${TF_PINS[@]}" >&2; then
  if "${PIP[@]}" install --no-deps "${TF_NODEPS_PINS[@]}" >&2; then
    backend=tensorflow
  else
    log "tf-keras could not be installed; tf.keras 2 comparisons will be skipped"
    backend=tensorflow
  fi
  # Smoke test: TF must import (a wheel can install and still fail to load).
  if ! "$PY" -c 'import tensorflow, keras' >&2; then
    log "tensorflow installed but does not import; falling back to jax"
    "${PIP[@]}" uninstall -y tensorflow-cpu tf-keras >&2 || true
    backend=""
  fi
fi
if [[ -z "$backend" ]]; then
  log "tensorflow-cpu unavailable; installing keras + jax"
  "${PIP[@]}" install "${JAX_PINS[@]}" >&2
  KERAS_BACKEND=jax "$PY" -c 'import jax, keras' >&2
  backend=jax
fi

ensure_engine_packages
echo "$backend" > "$MARKER"
echo "$WANT" > "$STAMP"
log "installed ($backend) in $(( $(date +%s) - start ))s; size $(du -sh "$VENV" | cut -f1)"
echo "$PY"
