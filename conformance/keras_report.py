#!/usr/bin/env python3
"""Real-Keras oracle: run model files with real Keras and report what Keras says.

    python conformance/keras_report.py [--out DIR] [--tf-keras] FILE...

For each FILE the module is executed (as ``__main__``) with everything that would
train, download or write patched out:

* ``Model.fit/evaluate/predict/save/...`` return dummies without touching data;
* ``keras.datasets.*.load_data`` return a few zero samples of the real shapes;
* ``keras.utils.get_file`` / ``keras.models.load_model`` raise (no downloads);
* ``print`` and ``model.summary()`` output are swallowed (stdout is redirected).

Then every Keras model bound to a module-level variable is reported in the
schema of ``model-lens summary FILE --json`` (plus ``keras``/``backend``/``variable``):

    {"file", "keras", "backend", "models": [{"name", "variable", "kind", "layers": [
        {"name", "type", "outputShape", "params", "trainableParams", "nonTrainableParams"}],
      "totalParams", "trainableParams", "nonTrainableParams"}]}

Layers are ``model.layers`` in order (Keras 3 leaves the InputLayer out of Sequential,
functional models list theirs). Keras 3's summary of a functional model also prints raw
operations that are not layers (``x + y`` on tensors, ``keras.ops`` calls, the NotEqual/Any
mask ops a Masking layer adds); those are not reported (``--note-ops`` lists them). ``outputShape`` is taken the way summary_utils.format_layer_shape
does (output tensors of the layer's last inbound node), as an array with null for None,
or an array of arrays for several outputs; null when Keras shows "?".
``params`` is ``layer.count_params()`` when the layer is built, else null. Model totals
are computed as summary does (each weight counted once). A model that is not built
has null totals.

``kind`` is "sequential", "functional", or "subclass" (a user-defined Model subclass).

With ``--out DIR`` one ``DIR/<fixture stem>.json`` is written per file; otherwise the
reports go to stdout (one object for one file, a list for several).
``--tf-keras`` runs the files with tf.keras 2 (the tf-keras package) instead:
``import keras`` / ``tensorflow.keras`` are redirected to ``tf_keras``.
Exit status is 1 if any file failed to run (its error goes to stderr and, with
--out, no JSON is written for it).
"""
from __future__ import annotations

import argparse
import builtins
import contextlib
import importlib
import importlib.abc
import importlib.util
import io
import json
import logging
import math
import os
import re
import sys
import traceback
import types
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- setup

def _configure_env(tf_keras_mode: bool) -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    os.environ.setdefault("ABSL_MIN_LOG_LEVEL", "3")
    os.environ["KERAS_HOME"] = os.environ.get("KERAS_HOME", "/nonexistent-keras-home")
    marker = Path(sys.prefix) / "model-lens-backend"
    if "KERAS_BACKEND" not in os.environ and marker.exists():
        backend = marker.read_text().strip()
        os.environ["KERAS_BACKEND"] = "jax" if backend == "jax" else "tensorflow"
    if tf_keras_mode:
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)


class _KerasToTfKeras(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """In --tf-keras mode, makes `import keras[.x]` load `tf_keras[.x]`."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "keras" or fullname.startswith("keras."):
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        return importlib.import_module("tf_keras" + spec.name[len("keras"):])

    def exec_module(self, module):
        pass


class _History:
    def __init__(self):
        self.history = _AnyKeyDict()
        self.epoch = []
        self.params = {}


class _AnyKeyDict(dict):
    def __missing__(self, key):
        return [0.0]


def _fake_dataset(name: str):
    import numpy as np

    n = 10
    rng_ints = lambda count, hi: [list(range(1, 1 + (5 + (i % 7)))) for i in range(count)]  # noqa: E731

    def ragged(count):
        arr = np.empty(count, dtype=object)
        for i, seq in enumerate(rng_ints(count, 100)):
            arr[i] = seq
        return arr

    if name in ("mnist", "fashion_mnist"):
        def load_data(*a, **k):
            return ((np.zeros((n, 28, 28), np.uint8), np.zeros((n,), np.uint8)),
                    (np.zeros((n, 28, 28), np.uint8), np.zeros((n,), np.uint8)))
    elif name in ("cifar10", "cifar100"):
        def load_data(*a, **k):
            return ((np.zeros((n, 32, 32, 3), np.uint8), np.zeros((n, 1), np.uint8)),
                    (np.zeros((n, 32, 32, 3), np.uint8), np.zeros((n, 1), np.uint8)))
    elif name in ("imdb", "reuters"):
        def load_data(*a, **k):
            return ((ragged(n), np.zeros((n,), np.int64)), (ragged(n), np.zeros((n,), np.int64)))
    elif name == "boston_housing":
        def load_data(*a, **k):
            return ((np.zeros((n, 13)), np.zeros((n,))), (np.zeros((n, 13)), np.zeros((n,))))
    elif name == "california_housing":
        def load_data(*a, **k):
            return ((np.zeros((n, 8)), np.zeros((n,))), (np.zeros((n, 8)), np.zeros((n,))))
    else:
        return None
    load_data.__model_lens_fake__ = True
    return load_data


def _blocked(what):
    def f(*args, **kwargs):
        raise RuntimeError(f"model-lens oracle: {what} is disabled (no downloads / no files)")
    return f


def _patch_datasets(src_pkg: str) -> None:
    """Replace load_data in `<src_pkg>.<name>` and in every loaded module that re-exports it."""
    originals = {}
    for name in ("mnist", "fashion_mnist", "cifar10", "cifar100", "imdb", "reuters",
                 "boston_housing", "california_housing"):
        try:
            mod = importlib.import_module(f"{src_pkg}.{name}")
        except ImportError:
            continue
        fake = _fake_dataset(name)
        if getattr(mod.load_data, "__model_lens_fake__", False):
            continue
        originals[id(mod.load_data)] = fake
        mod.load_data = fake
        if hasattr(mod, "get_word_index"):
            originals[id(mod.get_word_index)] = lambda *a, **k: {"the": 1, "a": 2}
            mod.get_word_index = originals[id(mod.get_word_index)]
    for mod in list(sys.modules.values()):
        if not isinstance(mod, types.ModuleType):
            continue
        for attr in ("load_data", "get_word_index"):
            try:
                val = mod.__dict__.get(attr)
            except Exception:  # lazy modules
                continue
            if val is not None and id(val) in originals:
                setattr(mod, attr, originals[id(val)])


def _fake_predict(self, x=None, *args, **kwargs):
    import numpy as np

    try:
        n = len(x[0] if isinstance(x, (list, tuple)) else (next(iter(x.values())) if isinstance(x, dict) else x))
    except Exception:
        n = 1
    try:
        outs = self.outputs
        shapes = [tuple(n if d is None else d for d in o.shape) for o in outs]
        arrays = [np.zeros(s, dtype="float32") for s in shapes]
        return arrays[0] if len(arrays) == 1 else arrays
    except Exception:
        return np.zeros((n, 1), dtype="float32")


def _fake_fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
              validation_split=0.0, *args, **kwargs):
    # Keras 3 builds a Sequential that has no input shape on its first fit, for the first batch of the data: its
    # batch dimension is batch_size when every training batch is full, else None (the training split is the first
    # floor(n * (1 - validation_split)) samples). The oracle builds it the same way, without training.
    shape = getattr(x, "shape", None)
    if type(self).__name__ == "Sequential" and type(self).__module__.startswith("keras.") and not self.built and shape is not None and len(shape) > 0 \
            and getattr(x, "dtype", None) != object and kwargs.get("steps_per_epoch") is None:
        batch = batch_size or 32
        train = int(math.floor(shape[0] * (1.0 - validation_split))) if validation_split else shape[0]
        self.build((batch if train % batch == 0 else None,) + tuple(shape[1:]))
    return _History()


def _patch_model_class(Model) -> None:
    if getattr(Model, "__model_lens_patched__", False):
        return
    Model.__model_lens_patched__ = True
    Model.fit = _fake_fit
    Model.evaluate = lambda self, *a, **k: 0.0
    Model.predict = _fake_predict
    for name in ("save", "save_weights", "load_weights", "export", "train_on_batch",
                 "test_on_batch", "fit_generator", "evaluate_generator"):
        if hasattr(Model, name):
            setattr(Model, name, lambda self, *a, **k: None)
    if hasattr(Model, "predict_on_batch"):
        Model.predict_on_batch = _fake_predict

    # Record where each model is created (line in the executed file), for ordering.
    orig_new = Model.__dict__["__new__"]
    orig_new = orig_new.__func__ if isinstance(orig_new, staticmethod) else orig_new

    def __new__(cls, *args, **kwargs):
        obj = orig_new(cls, *args, **kwargs)
        _record_creation(obj)
        return obj

    Model.__new__ = staticmethod(__new__)


_CREATED: dict[int, tuple[int, int, object]] = {}
# Raw operations that Keras 3's summary prints for a functional model but model.layers omits.
_SUMMARY_ONLY_OPS: list[tuple[str, list[str]]] = []
_CURRENT_FILE: list[str] = []


def _record_creation(obj) -> None:
    if id(obj) in _CREATED or not _CURRENT_FILE:
        return
    target = _CURRENT_FILE[0]
    line = None
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename == target:
            line = frame.f_lineno  # keep going: the outermost frame in the file wins
        frame = frame.f_back
    _CREATED[id(obj)] = (line if line is not None else 10**9, len(_CREATED), obj)


def _setup(tf_keras_mode: bool):
    _configure_env(tf_keras_mode)
    if tf_keras_mode:
        import tf_keras  # noqa: F401  (fails loudly when tf-keras is missing)
        sys.meta_path.insert(0, _KerasToTfKeras())
        import tensorflow as tf
        import tf_keras as K
        Model = K.Model
        _patch_model_class(Model)
        _patch_datasets("tf_keras.src.datasets")
        K.utils.get_file = _blocked("keras.utils.get_file")
        K.models.load_model = _blocked("keras.models.load_model")
        K.utils.plot_model = lambda *a, **k: None
        tf.get_logger().setLevel("ERROR")
        return K, "tf_keras"
    import keras
    try:
        import tensorflow as tf  # noqa: F401  (so tf.keras is patched too; absent on the jax fallback)
        tf.get_logger().setLevel("ERROR")
    except ImportError:
        pass
    from keras.src.models.model import Model
    _patch_model_class(Model)
    _patch_datasets("keras.src.datasets")
    import keras.src.utils.file_utils as fu
    fu.get_file = _blocked("keras.utils.get_file")
    keras.utils.get_file = fu.get_file
    keras.models.load_model = _blocked("keras.models.load_model")
    keras.saving.load_model = _blocked("keras.saving.load_model")
    keras.utils.plot_model = lambda *a, **k: None
    return keras, "keras"


# --------------------------------------------------------------------------- report

def _shape_json(shape):
    return [None if d is None else int(d) for d in shape]


def _structure_shapes(outputs):
    """A flat shape for one tensor, a list of shapes for several (flattened like summary)."""
    flat = _flatten(outputs)
    shapes = [_shape_json(t.shape) for t in flat]
    return shapes[0] if len(shapes) == 1 else shapes


def _flatten(x):
    if isinstance(x, dict):
        out = []
        for k in sorted(x):
            out += _flatten(x[k])
        return out
    if isinstance(x, (list, tuple)):
        out = []
        for v in x:
            out += _flatten(v)
        return out
    return [x]


def _layer_output_shape_k3(layer):
    nodes = getattr(layer, "_inbound_nodes", [])
    if nodes:
        return _structure_shapes(nodes[-1].output_tensors)
    build_shapes = getattr(layer, "_build_shapes_dict", None)
    if not build_shapes:
        return None
    try:
        if hasattr(layer, "output_shape"):
            return _shape_json(layer.output_shape)
        out = layer.compute_output_shape(**build_shapes)
    except Exception:
        return None
    flat = _flatten_shapes(out)
    return flat[0] if len(flat) == 1 else flat


def _flatten_shapes(s):
    if isinstance(s, (list, tuple)) and (len(s) == 0 or all(d is None or isinstance(d, int) for d in s)):
        return [_shape_json(s)]
    if isinstance(s, dict):
        return [x for k in sorted(s) for x in _flatten_shapes(s[k])]
    return [x for v in s for x in _flatten_shapes(v)]


def _layer_output_shape_tfk(layer):
    # tf.keras 2 summary: layer.output_shape (raises for layers with several differing nodes).
    try:
        shape = layer.output_shape
    except Exception:  # never called ("?") or called with differing shapes ("multiple")
        return None
    flat = _flatten_shapes(shape)
    return flat[0] if len(flat) == 1 else flat


def _count(weights) -> int:
    seen, total = set(), 0
    for w in weights:
        if id(w) in seen:
            continue
        seen.add(id(w))
        total += int(math.prod(int(d) for d in w.shape))
    return total


def _layer_report(layer, tfk: bool):
    built = bool(getattr(layer, "built", False))
    if hasattr(layer, "count_params") and built:
        params = int(layer.count_params())
        trainable = _count(layer.trainable_weights)
        non_trainable = _count(layer.non_trainable_weights)
    elif not hasattr(layer, "count_params"):  # a raw operation: no weights
        params, trainable, non_trainable = 0, 0, 0
    else:
        params = trainable = non_trainable = None
    return {
        "name": layer.name,
        "type": type(layer).__name__,
        "outputShape": (_layer_output_shape_tfk if tfk else _layer_output_shape_k3)(layer),
        "params": params,
        "trainableParams": trainable,
        "nonTrainableParams": non_trainable,
    }


def _model_report(model, variable: str, K, tfk: bool):
    if tfk:
        from tf_keras.src.engine.functional import Functional
        from tf_keras.src.engine.sequential import Sequential
    else:
        from keras.src.models.functional import Functional
        from keras.src.models.sequential import Sequential
    if isinstance(model, Sequential):
        kind, rows = "sequential", list(model.layers)
    elif isinstance(model, Functional):  # also a Model subclass that calls super().__init__(inputs, outputs)
        kind, rows = "functional", list(model.layers)
        if not tfk:
            ops = [op.name for op in model._operations if op not in rows]
            if ops:
                _SUMMARY_ONLY_OPS.append((model.name, ops))
    else:
        kind, rows = "subclass", list(model.layers)
    built = bool(getattr(model, "built", False))
    if built:
        trainable = _count(getattr(model, "_collected_trainable_weights", None) or model.trainable_weights)
        non_trainable = _count(model.non_trainable_weights)
        total = trainable + non_trainable
    else:
        total = trainable = non_trainable = None
    return {
        "name": model.name,
        "variable": variable,
        "kind": kind,
        "layers": [_layer_report(l, tfk) for l in rows],
        "totalParams": total,
        "trainableParams": trainable,
        "nonTrainableParams": non_trainable,
    }


def _reset_keras(K, tfk: bool) -> None:
    K.backend.clear_session()
    try:
        if tfk:
            K.backend.set_image_data_format("channels_last")
            K.backend.set_floatx("float32")
            K.mixed_precision.set_global_policy("float32")
        else:
            K.config.set_image_data_format("channels_last")
            K.config.set_floatx("float32")
            K.config.set_dtype_policy("float32")
    except Exception:
        pass


def run_file(path: Path, K, version: str, backend: str, tfk: bool) -> dict:
    if tfk:
        from tf_keras.src.engine.training import Model
    else:
        from keras.src.models.model import Model
    _reset_keras(K, tfk)
    _CREATED.clear()
    source = path.read_text()
    filename = str(path.resolve())
    _CURRENT_FILE[:] = [filename]
    module = types.ModuleType("__main__")
    module.__file__ = filename
    module.__dict__["__builtins__"] = builtins
    saved_main = sys.modules.get("__main__")
    saved_argv = sys.argv[:]
    sys.modules["__main__"] = module
    sys.argv = [filename]
    sink = io.StringIO()
    try:
        code = compile(source, filename, "exec")
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(io.StringIO()):
            exec(code, module.__dict__)
    finally:
        sys.modules["__main__"] = saved_main
        sys.argv = saved_argv
        _CURRENT_FILE.clear()

    seen: dict[int, str] = {}
    found = []
    for var, value in list(module.__dict__.items()):
        if isinstance(value, Model) and id(value) not in seen:
            seen[id(value)] = var
            found.append((var, value))
    order = {}
    for index, (var, value) in enumerate(found):
        line, seq, _ = _CREATED.get(id(value), (10**9, 10**9, None))
        order[id(value)] = (line, seq, index)
    found.sort(key=lambda vv: order[id(vv[1])])
    try:
        rel = str(path.resolve().relative_to(REPO))
    except ValueError:
        rel = str(path)
    report = {
        "file": rel,
        "keras": version,
        "backend": backend,
        "models": [_model_report(m, var, K, tfk) for var, m in found],
    }
    _CREATED.clear()
    return report


def dumps(report) -> str:
    """Indented JSON with every shape (array of numbers/null, or of such arrays) on one line."""
    text = json.dumps(report, indent=2)
    flat = re.compile(r"\[\s*((?:-?\d+|null)(?:,\s*(?:-?\d+|null))*)?\s*\]")
    text = flat.sub(lambda m: "[" + re.sub(r",\s*", ", ", m.group(1) or "") + "]", text)
    nested = re.compile(r"\[\s*(\[[^\[\]]*\](?:,\s*\[[^\[\]]*\])*)\s*\]")
    return nested.sub(lambda m: "[" + re.sub(r"\],\s*\[", "], [", m.group(1)) + "]", text)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, help="write DIR/<stem>.json per file")
    ap.add_argument("--note-ops", action="store_true",
                    help="list raw operations that model.summary() prints but model.layers omits")
    ap.add_argument("--tf-keras", action="store_true", help="run with tf.keras 2 (tf-keras) instead of Keras 3")
    args = ap.parse_args(argv)

    K, flavour = _setup(args.tf_keras)
    version = K.__version__
    backend = "tensorflow" if args.tf_keras else K.backend.backend()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    reports, failed = [], 0
    for path in args.files:
        try:
            report = run_file(path, K, version, backend, args.tf_keras)
        except BaseException as e:  # noqa: BLE001 - a fixture may raise anything, even SystemExit
            if isinstance(e, KeyboardInterrupt):
                raise
            failed += 1
            tb = traceback.format_exception(type(e), e, e.__traceback__)
            own = [l for l in tb if str(path.resolve()) in l]
            where = own[-1].strip().splitlines()[0] if own else ""
            print(f"keras_report: FAILED {path}: {type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"
                  f"{'  [' + where + ']' if where else ''}", file=sys.stderr)
            if os.environ.get("MODEL_LENS_ORACLE_DEBUG"):
                traceback.print_exception(type(e), e, e.__traceback__, file=sys.stderr)
            continue
        if _SUMMARY_ONLY_OPS and args.note_ops:
            for model_name, ops in _SUMMARY_ONLY_OPS:
                print(f"keras_report: note: {path}: model {model_name!r}: summary also lists raw ops {ops}",
                      file=sys.stderr)
        _SUMMARY_ONLY_OPS.clear()
        if not report["models"]:
            print(f"keras_report: warning: {path}: no model bound to a module-level variable", file=sys.stderr)
        if args.out:
            (args.out / (path.stem + ".json")).write_text(dumps(report) + "\n")
        else:
            reports.append(report)
    if not args.out:
        out = reports[0] if len(reports) == 1 else reports
        sys.stdout.write(dumps(out) + "\n")
    else:
        print(f"keras_report: {len(args.files) - failed} of {len(args.files)} files reported ({flavour} {version})",
              file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
