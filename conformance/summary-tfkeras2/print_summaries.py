"""Prints model.summary() of every tf.keras model a file binds at module level, as real tf.keras 2 prints it.

    PY=$(bash scripts/keras-venv.sh | tail -1)
    for f in conformance/summary-tfkeras2/*.py; do
      [ "$(basename "$f")" = print_summaries.py ] || $PY conformance/summary-tfkeras2/print_summaries.py "$f" > "${f%.py}.txt"
    done

The goldens (<name>.txt) hold what tf-keras 2.21 printed; test/unit/keras-dialects.test.ts requires the analyzer's
tf.keras 2 summary to be the same text.
"""
import os
import runpy
import sys

os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
namespace = runpy.run_path(sys.argv[1])
import tf_keras  # noqa: E402  (after the file: it imports TensorFlow with the legacy switch set)

for value in namespace.values():
    if isinstance(value, tf_keras.Model):
        value.summary()
