#!/usr/bin/env bash
# Regenerates conformance/golden/*.json from conformance/fixtures/*.py with real Keras.
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
fi
"$PY" conformance/keras_report.py --out conformance/golden "$@" 2> >(grep -v -E '^(I0000|W0000|WARNING: All log messages)' >&2)
