#!/usr/bin/env bash
# A venv with PyTorch (CPU) for the training benchmark's comparison, at ${MODEL_LENS_CACHE:-~/.cache/model-lens}/torch-venv.
# torch==2.13.0 is the CPU build this machine keeps on disk; any other version would download a CUDA build.
# Reused while its stamp matches; prints the python path last.
set -euo pipefail
cache="${MODEL_LENS_CACHE:-$HOME/.cache/model-lens}"
venv="$cache/torch-venv"
stamp="torch==2.13.0 numpy"
if [[ ! -x "$venv/bin/python" || "$(cat "$venv/model-lens-stamp" 2>/dev/null)" != "$stamp" ]]; then
  rm -rf "$venv"
  mkdir -p "$cache"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet torch==2.13.0 numpy >&2
  echo "$stamp" > "$venv/model-lens-stamp"
fi
echo "$venv/bin/python"
