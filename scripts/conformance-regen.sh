#!/usr/bin/env bash
# Regenerates conformance/golden/*.json from conformance/fixtures/*.py with real Keras 3, and
# conformance/golden-tfkeras2/*.json with real tf.keras 2 (the tf-keras package; fixtures written with
# Keras-3-only API fail there and get no tf.keras 2 golden).
#   bash scripts/conformance-regen.sh [FIXTURE.py...]     (default: all fixtures)
# The Keras venv is created on first use by scripts/keras-venv.sh (cached, reused).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="$(bash scripts/keras-venv.sh | tail -n 1)"
if [[ $# -eq 0 ]]; then
  set -- conformance/fixtures/*.py
  # Full regeneration: drop goldens whose fixture is gone.
  for g in conformance/golden/*.json; do
    [[ -e "$g" ]] || continue
    [[ -e "conformance/fixtures/$(basename "$g" .json).py" ]] || rm -f "$g"
  done
  # tf.keras 2 goldens are made afresh: a fixture that stops running under tf-keras loses its golden.
  rm -f conformance/golden-tfkeras2/*.json
fi
"$PY" conformance/keras_report.py --out conformance/golden "$@" 2> >(grep -v -E '^(I0000|W0000|WARNING: All log messages)' >&2)
if "$PY" -c 'import tf_keras' >/dev/null 2>&1; then
  "$PY" conformance/keras_report.py --tf-keras --out conformance/golden-tfkeras2 "$@" 2> >(grep -v -E '^(I0000|W0000|WARNING: All log messages)' >&2)
else
  echo "conformance-regen: tf-keras is not installed in the venv; tf.keras 2 goldens left as they are" >&2
fi
