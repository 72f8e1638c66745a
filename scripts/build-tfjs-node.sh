#!/usr/bin/env bash
# Builds @tensorflow/tfjs-node's native addon offline, against the TensorFlow C library inside the tensorflow-cpu
# wheel of the Keras venv (libtensorflow_cc.so.2 exports the C API), as its install step would with the
# libtensorflow it downloads from a host these machines cannot reach. The build goes to a folder of its own
# (default ~/.cache/model-lens/tfjs-node; the project's node_modules is never changed): a copy of the package
# whose node_modules links to the project's. Prints the package folder; set MODEL_LENS_TFJS_NODE to it and the
# training worker loads native TensorFlow from there.
#
# Exit 0 with the folder on stdout when the addon loads and reports backend "tensorflow"; exit 3 with the
# reason on stderr when it cannot be built here (no venv, no wheel, no compiler, no Node headers).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${KERAS_VENV:-$HOME/.cache/model-lens/keras-venv}"
OUT="${MODEL_LENS_TFJS_NODE_HOME:-$HOME/.cache/model-lens/tfjs-node}"
log() { printf '[build-tfjs-node] %s\n' "$*" >&2; }
skip() { log "skipped: $*"; exit 3; }

SRC="$ROOT/node_modules/@tensorflow/tfjs-node"
[[ -f "$SRC/package.json" ]] || skip "@tensorflow/tfjs-node is not in node_modules (npm install --ignore-scripts)"
VERSION="$(node -p "require('$SRC/package.json').version")"
TF="$(ls -d "$VENV"/lib/python3*/site-packages/tensorflow 2>/dev/null | head -1 || true)"
[[ -n "$TF" && -f "$TF/libtensorflow_cc.so.2" && -f "$TF/libtensorflow_framework.so.2" && -d "$TF/include" ]] || skip "no tensorflow-cpu wheel in $VENV (scripts/keras-venv.sh makes it)"
for tool in g++ make python3; do command -v "$tool" >/dev/null || skip "$tool is missing"; done
NODEDIR="$(npm config get nodedir 2>/dev/null || true)"
[[ -n "$NODEDIR" && -f "$NODEDIR/include/node/node_api.h" ]] || NODEDIR=""
PKG="$OUT/node_modules/@tensorflow/tfjs-node"

loads() {
  (cd "$OUT" && node -e "
    const tf = require('$PKG');
    tf.setBackend('tensorflow').then(() => { if (tf.getBackend() !== 'tensorflow') process.exit(1); });
  ") >/dev/null 2>&1
}

# Already built for this version and still loading: nothing to do.
if [[ -f "$OUT/.version" && "$(cat "$OUT/.version")" == "$VERSION" ]] && loads; then echo "$PKG"; exit 0; fi

log "building tfjs-node $VERSION against $TF (a few minutes)"
STAGE="$OUT.build.$$"
rm -rf "$STAGE"; trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/node_modules/@tensorflow"
# The package itself copied; everything it requires linked from the project's node_modules.
for entry in "$ROOT"/node_modules/* "$ROOT"/node_modules/.bin; do
  name="$(basename "$entry")"
  [[ "$name" == "@tensorflow" ]] && continue
  ln -s "$(readlink -f "$entry")" "$STAGE/node_modules/$name"
done
for entry in "$ROOT"/node_modules/@tensorflow/*; do
  name="$(basename "$entry")"
  [[ "$name" == "tfjs-node" ]] && continue
  ln -s "$(readlink -f "$entry")" "$STAGE/node_modules/@tensorflow/$name"
done
cp -rL "$SRC" "$STAGE/node_modules/@tensorflow/tfjs-node"
P="$STAGE/node_modules/@tensorflow/tfjs-node"
rm -rf "$P/deps" "$P/lib"
mkdir -p "$P/deps/lib" "$P/deps/include"
for name in libtensorflow.so.2 libtensorflow_cc.so.2 libtensorflow.so; do ln -s "$TF/libtensorflow_cc.so.2" "$P/deps/lib/$name"; done
for name in libtensorflow_framework.so.2 libtensorflow_framework.so; do ln -s "$TF/libtensorflow_framework.so.2" "$P/deps/lib/$name"; done
for entry in "$TF"/include/*; do ln -s "$entry" "$P/deps/include/$(basename "$entry")"; done
[[ -e "$P/deps/include/xla" ]] || ln -s "$TF/include/tensorflow/compiler/xla" "$P/deps/include/xla"

(
  cd "$P"
  export npm_config_nodedir="${NODEDIR:-}"
  [[ -n "$NODEDIR" ]] || unset npm_config_nodedir
  nice -n 10 "$STAGE/node_modules/.bin/node-pre-gyp" install --build-from-source >"$STAGE/build.log" 2>&1
) || { tail -20 "$STAGE/build.log" >&2; skip "the addon did not build (log above)"; }

# The built folder replaces the old one in one step; the links it holds are absolute, so it works from there.
rm -rf "$OUT.old"; [[ -d "$OUT" ]] && mv "$OUT" "$OUT.old"
mv "$STAGE" "$OUT"; trap - EXIT; rm -rf "$OUT.old"
echo "$VERSION" >"$OUT/.version"
loads || skip "the addon built but does not load with backend tensorflow"
log "built: $PKG"
echo "$PKG"
