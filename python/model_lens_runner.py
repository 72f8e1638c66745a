"""Model Lens's Keras engine: trains with the person's own Python and Keras and streams JSON lines.

    python model_lens_runner.py check            # prints {"keras": ..., "backend": ...} or exits 3
    python model_lens_runner.py model JOB.json   # rebuilds the model from its Keras config and trains it
    python model_lens_runner.py script JOB.json  # runs the person's script; every model.fit gets our callback

Events go to file descriptor 3 (a pipe the host opened), one JSON object a line, in the shape of the TF.js
worker's events (src/train/worker-protocol.ts), so the chart and the CLI read them unchanged. stdout and
stderr stay the script's own. KERAS_BACKEND is set by the host before this file runs.
In a Ray job (model_lens_ray.py submits it) there is no pipe: MODEL_LENS_EVENTS=stdout puts each event on
stdout after EVENT_PREFIX, and the submitter reads them back from the job's log stream.
A job path starting with @ is relative to this file's folder (the job file travels beside the runner).
SIGINT or SIGTERM (how `ray job stop` asks) asks for a stop: the running fit ends after its current batch and
the run reports where it stopped.
"""
import json
import os
import signal
import sys
import threading
import time
import traceback

_out_lock = threading.Lock()
_events = None
EVENT_PREFIX = "MODEL_LENS_EVENT "


def emit(event):
    global _events
    prefix = ""
    if os.environ.get("MODEL_LENS_EVENTS") == "stdout":
        _events, prefix = sys.stdout, EVENT_PREFIX
    if _events is None:
        try:
            _events = os.fdopen(3, "w", buffering=1)
        except OSError:
            _events = sys.stdout
    with _out_lock:
        # One write per line: a log stream never splits an event between other output.
        _events.write(prefix + json.dumps(event, allow_nan=False, default=float) + "\n")
        _events.flush()


def finite(v):
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f and f not in (float("inf"), float("-inf")) else None


class StopRun(BaseException):
    """Unwinds a script after a stop (BaseException: the script's own `except Exception` does not catch it)."""


class Run:
    """What the runs so far have done, for the closing `done` event."""

    def __init__(self):
        self.stop_requested = False
        self.models = []
        self.epochs_done = 0
        self.samples = 0
        self.train_seconds = 0.0
        self.stopped_at = None
        self.epochs_override = None


RUN = Run()


def on_sigint(_signum, _frame):
    RUN.stop_requested = True
    for m in RUN.models:
        m.stop_training = True


def several_outputs(model):
    """A model with several outputs: their names (Keras 3's `output_names`, the log keys' prefixes), else []."""
    names = list(getattr(model, "output_names", None) or [])
    return names if len(names) > 1 else []


def headline_accuracy(logs, names, prefix=""):
    """The accuracy the chart shows: the model's, or with several outputs the first output's that has one."""
    for key in ["accuracy", "acc", "sparse_categorical_accuracy"] + ["%s_accuracy" % n for n in names]:
        if prefix + key in logs:
            return finite(logs[prefix + key])
    return None


def output_metrics(logs, names):
    """Each output's loss and accuracy from Keras 3's logs (`kind_loss`, `kind_accuracy`, `val_kind_loss`)."""
    out = []
    for n in names:
        m = {"name": n, "loss": finite(logs.get(n + "_loss"))}
        for key, field in ((n + "_accuracy", "acc"), ("val_%s_loss" % n, "valLoss"), ("val_%s_accuracy" % n, "valAcc")):
            v = finite(logs.get(key))
            if v is not None:
                m[field] = v
        out.append(m)
    return out


def make_callback(keras, interval_ms):
    class ModelLensCallback(keras.callbacks.Callback):
        """Per-batch points at most every interval_ms, per-epoch points. `async_safe`: Keras hands the logs to a
        thread, so the training loop never waits for the device on our account."""

        async_safe = True

        def on_train_begin(self, logs=None):
            p = self.params or {}
            self.epochs = int(p.get("epochs") or 1)
            self.batches = int(p.get("steps") or 0)
            self.batch_size = None
            self.t0 = time.perf_counter()
            self.last_emit = 0.0
            self.seen_batches = 0
            self.prev = (0, 0.0, 0.0)  # batches, loss sum, acc sum at the previous point
            # Read here, on the training thread: the batch and epoch hooks run on another (async_safe).
            self.output_names = several_outputs(self.model)
            RUN.models.append(self.model)
            if RUN.stop_requested:
                self.model.stop_training = True

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch
            self.epoch_t0 = time.perf_counter()
            self.prev = (0, 0.0, 0.0)
            self.prev_outputs = {}
            self.in_epoch = 0
            self.last_point = 0

        def on_train_batch_end(self, batch, logs=None):
            logs = logs or {}
            self.in_epoch = batch + 1
            self.seen_batches += 1
            RUN.stopped_at = {"epoch": self.epoch + 1, "batch": batch + 1, "batches": self.batches}
            self.last_logs = logs
            now = time.perf_counter()
            if (now - self.last_emit) * 1000 < interval_ms and batch + 1 != self.batches:
                return
            self.point(batch, logs, now)

        def point(self, batch, logs, now):
            self.last_emit = now
            self.last_point = batch + 1
            loss = finite(logs.get("loss"))
            acc = headline_accuracy(logs, self.output_names)
            n = batch + 1
            # Keras's logs are running means over the epoch: the mean since the previous point is recovered from two.
            pn, pl, pa = self.prev
            loss_sum = (loss or 0.0) * n
            acc_sum = (acc or 0.0) * n
            k = n - pn
            point_loss = (loss_sum - pl) / k if loss is not None and k > 0 else loss
            point_acc = (acc_sum - pa) / k if acc is not None and k > 0 else acc
            self.prev = (n, loss_sum, acc_sum)
            outputs = self.output_means(logs, n, k) if self.output_names else None
            size = self.params.get("batch_size") or BATCH_SIZE.get("value") or 32
            samples = self.seen_batches * size
            elapsed = now - self.t0
            total = (self.batches or n) * self.epochs * size
            point = {
                "x": self.epoch + (n / self.batches if self.batches else 1),
                "epoch": self.epoch + 1,
                "batch": n,
                "batches": self.batches or n,
                "loss": point_loss if point_loss is not None else 0.0,
                "samples": samples,
                "totalSamples": total,
                "elapsedMs": elapsed * 1000,
                "samplesPerSec": samples / elapsed if elapsed > 0 else 0,
            }
            if point_acc is not None:
                point["acc"] = point_acc
            if outputs is not None:
                point["outputs"] = outputs
            emit({"type": "batch", "point": point})

        def output_means(self, logs, n, k):
            """Each output's loss and accuracy over the batches since the previous point, from Keras's running means
            (`kind_loss`, `kind_accuracy`) as `point` recovers the total's; `prev_outputs` holds their sums then."""
            sums = {}
            out = []
            for m in output_metrics(logs, self.output_names):
                for field in ("loss", "acc"):
                    v = m.get(field)
                    if v is None:
                        continue
                    key = (m["name"], field)
                    sums[key] = v * n
                    if k > 0:
                        m[field] = (sums[key] - self.prev_outputs.get(key, 0.0)) / k
                out.append(m)
            self.prev_outputs = sums
            return out

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            if RUN.stop_requested and self.in_epoch < self.batches:
                # A stopped epoch has no epoch point; its batches stay in the curve, up to the one the stop came after.
                if self.in_epoch and getattr(self, "last_point", 0) != self.in_epoch:
                    self.point(self.in_epoch - 1, self.last_logs, time.perf_counter())
                return
            ep = {"epoch": epoch + 1, "epochs": self.epochs, "loss": finite(logs.get("loss")) or 0.0, "elapsedMs": (time.perf_counter() - self.epoch_t0) * 1000}
            names = self.output_names
            for name, v in (("acc", headline_accuracy(logs, names)), ("valLoss", finite(logs.get("val_loss"))), ("valAcc", headline_accuracy(logs, names, "val_"))):
                if v is not None:
                    ep[name] = v
            if names:
                ep["outputs"] = output_metrics(logs, names)
            RUN.epochs_done += 1
            emit({"type": "epoch", "epoch": ep})

        def on_train_end(self, logs=None):
            size = self.params.get("batch_size") or BATCH_SIZE.get("value") or 32
            RUN.samples += self.seen_batches * size
            RUN.train_seconds += time.perf_counter() - self.t0

    return ModelLensCallback


# The batch size of the fit in progress (Keras 3's params carry steps, not the batch size).
BATCH_SIZE = {}


def patch_fit(keras, interval_ms, patch_evaluate):
    """Every `Model.fit` gets the callback (and the host's epochs, when it gave some); a stop unwinds after it.
    In a script, `evaluate` reports its result too (the test accuracy the script measures)."""
    callback_class = make_callback(keras, interval_ms)
    original_fit = keras.Model.fit
    original_evaluate = keras.Model.evaluate

    def fit(self, *args, **kwargs):
        callbacks = list(kwargs.get("callbacks") or [])
        callbacks.append(callback_class())
        kwargs["callbacks"] = callbacks
        if RUN.epochs_override:
            kwargs["epochs"] = RUN.epochs_override
        BATCH_SIZE["value"] = kwargs.get("batch_size") or (args[2] if len(args) > 2 else None) or 32
        if RUN.stop_requested:
            raise StopRun()
        history = original_fit(self, *args, **kwargs)
        if RUN.stop_requested:
            raise StopRun()
        return history

    def evaluate(self, *args, **kwargs):
        result = original_evaluate(self, *args, **kwargs)
        names = list(self.metrics_names) if hasattr(self, "metrics_names") else []
        values = result if isinstance(result, (list, tuple)) else [result]
        if isinstance(result, dict):
            logs = result
        elif several_outputs(self) and hasattr(self, "get_metrics_result"):
            # A list's order is not metrics_names' for several outputs: the metrics as evaluate() left them, by name.
            logs = {k: v for k, v in self.get_metrics_result().items()}
        else:
            logs = dict(zip(names, values)) if names else {"loss": values[0]}
        x = args[0] if args else kwargs.get("x")
        # Several inputs: a dict or list of arrays, each with the samples.
        x = next(iter(x.values()), None) if isinstance(x, dict) else (x[0] if isinstance(x, (list, tuple)) and x else x)
        n = int(getattr(x, "shape", [0])[0] or 0) if x is not None and hasattr(x, "shape") else 0
        ev = {"testLoss": finite(logs.get("loss")) or 0.0, "samples": n, "classNames": [], "confusion": [], "gallery": []}
        names = several_outputs(self)
        acc = headline_accuracy(logs, names) if names else finite(logs.get("accuracy", logs.get("compile_metrics", None) if not isinstance(logs.get("compile_metrics"), dict) else None))
        if acc is not None:
            ev["testAcc"] = acc
        if names:
            ev["outputs"] = output_metrics(logs, names)
        emit({"type": "evaluation", "evaluation": ev})
        return result

    keras.Model.fit = fit
    if patch_evaluate:
        keras.Model.evaluate = evaluate


class KerasMissing(Exception):
    """Keras (or its backend) does not import in this interpreter."""


def import_keras():
    try:
        import keras  # noqa: the backend comes from KERAS_BACKEND
    except Exception as e:
        raise KerasMissing("Keras does not import in %s (%s: %s)." % (sys.executable, type(e).__name__, e)) from e

    backend = keras.backend.backend()
    version = getattr(keras, "__version__", "?")
    lib_version = "?"
    try:
        lib = __import__({"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}.get(backend, backend))
        lib_version = getattr(lib, "__version__", "?")
    except Exception:
        pass
    return keras, backend, version, lib_version


def backend_event(backend, version, lib_version, more_notes=()):
    label = {"jax": "JAX", "tensorflow": "TensorFlow", "torch": "PyTorch"}.get(backend, backend)
    emit({"type": "backend", "name": "keras-" + backend, "notes": ["Keras %s on %s %s, Python %s (%s)" % (version, label, lib_version, sys.version.split()[0], sys.executable)] + list(more_notes)})


def check():
    try:
        keras, backend, version, lib_version = import_keras()
    except Exception as e:
        print(json.dumps({"error": "%s: %s" % (type(e).__name__, e)}))
        return 3
    print(json.dumps({"keras": version, "backend": backend, "backendVersion": lib_version, "python": sys.version.split()[0]}))
    return 0


# ---------------------------------------------------------------- train the model


def read_idx(path):
    import gzip
    import numpy as np

    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_keras_dataset(path):
    import numpy as np

    if path.endswith(".npz"):
        with np.load(path) as f:
            return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
    names = os.listdir(path)

    def find(prefix):
        for n in sorted(names):
            if n.startswith(prefix):
                return os.path.join(path, n)
        raise FileNotFoundError("no %s* file in %s" % (prefix, path))

    return (read_idx(find("train-images")), read_idx(find("train-labels"))), (read_idx(find("t10k-images")), read_idx(find("t10k-labels")))


LOSSES = {
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
    "binary_crossentropy": "BinaryCrossentropy",
    "mean_squared_error": "MeanSquaredError",
    "mean_absolute_error": "MeanAbsoluteError",
}
OPTIMIZERS = {"adam": "Adam", "sgd": "SGD", "rmsprop": "RMSprop", "adagrad": "Adagrad", "adadelta": "Adadelta", "adamax": "Adamax"}


def keras3_config(config):
    """Model Lens writes the Keras 2-style config TF.js reads (`batch_input_shape` on a layer); Keras 3 wants
    an InputLayer with `batch_shape`."""
    if isinstance(config, list):
        return [keras3_config(c) for c in config]
    if not isinstance(config, dict):
        return config
    out = {k: keras3_config(v) for k, v in config.items()}
    if out.get("class_name") == "InputLayer" and "batch_input_shape" in out.get("config", {}):
        out["config"]["batch_shape"] = out["config"].pop("batch_input_shape")
    if out.get("class_name") == "Sequential":
        layers = out["config"].get("layers", [])
        first = layers[0]["config"] if layers else {}
        if "batch_input_shape" in first:
            shape = first.pop("batch_input_shape")
            layers.insert(0, {"class_name": "InputLayer", "config": {"batch_shape": shape, "dtype": first.get("dtype", "float32"), "name": first.get("name", "input") + "_input"}})
    return out


def rebuild_model(keras, config):
    # Keras 3's reader of Keras 2 configs (class names without modules), as `load_model` uses for .h5 files.
    from keras.src.legacy.saving import saving_utils

    return saving_utils.model_from_config(keras3_config(config))


def data_parallel(keras, backend, batch_size, counts):
    """With several JAX devices (a machine's GPUs, or CPUs split by XLA_FLAGS=--xla_force_host_platform_device_count=N,
    as the Ray job sets it) Keras 3's DataParallel splits every batch across them. Returns a note for the backend
    event, or None with one device. Every batch must split evenly (the last one included), else it stays on one."""
    if backend != "jax":
        return None
    import jax

    devices = jax.devices()
    n = len(devices)
    if n < 2:
        return None
    # The full batch and the last one of every pass: training and validation at batch_size, the test at EVAL_BATCH.
    sizes = (batch_size,) + tuple(count % size for count, size in counts)
    if any(size % n for size in sizes):
        return "%d JAX devices, but batches of %s samples do not split evenly across them: trained on one" % (n, "/".join(str(x) for x in sizes if x))
    keras.distribution.set_distribution(keras.distribution.DataParallel(devices=devices))
    return "data parallel over %d JAX %s devices (keras.distribution.DataParallel)" % (n, devices[0].platform.upper())


EVAL_BATCH = 256


def load_array(ref):
    """One array the job names: a .npy or IDX file, or the array `key` of an .npz."""
    import numpy as np

    if ref.get("key") is not None:
        with np.load(ref["file"]) as f:
            return f[ref["key"]]
    if ref["file"].endswith(".npy"):
        return np.load(ref["file"])
    return read_idx(ref["file"])


def load_picked(arrays):
    """Picked files, as the host told which array is which: ([inputs], [labels per output]) for training and test."""
    sets = []
    for part in ("train", "test"):
        s = arrays.get(part)
        sets.append(([load_array(r) for r in s["xs"]], [load_array(r) for r in s["ys"]]) if s else ([], []))
    return sets


def fit_labels(y, loss_name, shape):
    """Labels as the loss takes them: class ids one-hot for categorical crossentropy, else shaped as the output."""
    import numpy as np

    if loss_name == "categorical_crossentropy" and y.ndim == 1:
        return np.eye(int(shape[-1]), dtype="float32")[y.astype(int)]
    if loss_name in ("mean_squared_error", "mean_absolute_error", "binary_crossentropy") and all(isinstance(d, int) for d in shape[1:]):
        per_sample = 1
        for d in shape[1:]:
            per_sample *= d
        if y[0].size == per_sample:
            return y.astype("float32").reshape([-1] + list(shape[1:]))
    return y


def train_model(job):
    keras, backend, version, lib_version = import_keras()
    if job.get("seed") is not None:
        keras.utils.set_random_seed(int(job["seed"]))
    emit({"type": "phase", "phase": "Loading data"})
    arrays = job.get("arrays")
    if arrays:
        (xs_train, ys_train), (xs_test, ys_test) = load_picked(arrays)
    else:
        (x_train, y_train), (x_test, y_test) = load_keras_dataset(job["dataPath"])
        xs_train, ys_train, xs_test, ys_test = [x_train], [y_train], [x_test], [y_test]
    if job.get("limit"):
        xs_train, ys_train = [a[: job["limit"]] for a in xs_train], [a[: job["limit"]] for a in ys_train]
    if job.get("testLimit"):
        xs_test, ys_test = [a[: job["testLimit"]] for a in xs_test], [a[: job["testLimit"]] for a in ys_test]
    scale = float(job.get("scale", 1))
    shapes = [i["shape"] for i in job["inputs"]] if job.get("inputs") else [job["inputShape"]]

    def shaped(xs):
        out = []
        for x, shape in zip(xs, shapes):
            x = x.astype("float32") * scale
            out.append(x.reshape([-1] + list(shape[1:])) if all(isinstance(d, int) for d in shape[1:]) else x)
        return out

    xs_train, xs_test = shaped(xs_train), shaped(xs_test)
    comp, fit = job["compile"], job["fit"]
    heads = comp.get("outputs") or [{"name": None, "loss": comp["loss"], "weight": 1, "accuracy": comp.get("accuracy")}]
    out_shapes = job.get("outputShapes") or [job["outputShape"]]
    ys_train_fit = [fit_labels(y, h["loss"]["name"], sh) for y, h, sh in zip(ys_train, heads, out_shapes)]
    ys_test_fit = [fit_labels(y, h["loss"]["name"], sh) for y, h, sh in zip(ys_test, heads, out_shapes)]
    input_names = arrays.get("inputNames") if arrays else None
    output_names = arrays.get("outputNames") if arrays else None
    # Keras matches inputs and outputs by name, as model.fit({"image": ...}, {"kind": ...}).
    as_x = lambda xs: dict(zip(input_names, xs)) if input_names else (xs[0] if xs else None)
    as_y = lambda ys: dict(zip(output_names, ys)) if output_names else (ys[0] if ys else None)
    x_train, x_test, y_train_fit, y_test_fit = as_x(xs_train), as_x(xs_test), as_y(ys_train_fit), as_y(ys_test_fit)
    n_train, n_test = len(xs_train[0]), len(xs_test[0]) if xs_test else 0
    validation = int(n_train * fit.get("validationSplit", 0))
    batch = int(fit["batchSize"])
    val_count = n_test if fit.get("validateOnTest") else validation
    parallel = data_parallel(keras, backend, batch, [(n_train - validation, batch), (val_count, batch), (n_test, EVAL_BATCH)])
    backend_event(backend, version, lib_version, [parallel] if parallel else [])
    source = job.get("dataPath") or ", ".join(sorted({r["file"] for s in (arrays.get("train"), arrays.get("test")) if s for refs in s.values() for r in refs}))
    emit({"type": "data", "data": {"title": job["dataTitle"], "source": source, "train": n_train - validation, "validation": validation if not fit.get("validateOnTest") else n_test, "test": n_test, "sampleShape": list(xs_train[0].shape[1:])}})
    emit({"type": "phase", "phase": "Building the model"})
    model = rebuild_model(keras, job["modelJson"])
    opt = comp["optimizer"]
    optimizer = getattr(keras.optimizers, OPTIMIZERS[opt["name"]])(learning_rate=opt["learningRate"], **opt.get("options", {}))

    def make_loss(spec):
        loss_class = getattr(keras.losses, LOSSES[spec["name"]])
        return loss_class(from_logits=spec["fromLogits"]) if "crossentropy" in spec["name"] else loss_class()

    if comp.get("outputs"):
        # Several outputs: a loss, a weight and metrics per output, by the output layers' names (as Keras 3 takes them).
        model.compile(
            optimizer=optimizer,
            loss={h["name"]: make_loss(h["loss"]) for h in heads},
            loss_weights={h["name"]: h["weight"] for h in heads},
            metrics={h["name"]: ["accuracy"] for h in heads if h["accuracy"]},
        )
    else:
        model.compile(optimizer=optimizer, loss=make_loss(comp["loss"]), metrics=["accuracy"] if comp.get("accuracy") else [])
    emit({"type": "phase", "phase": "Training"})
    patch_fit(keras, int(job.get("progressIntervalMs", 200)), False)
    kwargs = {"epochs": fit["epochs"], "batch_size": fit["batchSize"], "shuffle": fit.get("shuffle", True), "verbose": 0}
    if fit.get("validateOnTest") and n_test:
        kwargs["validation_data"] = (x_test, y_test_fit)
    elif fit.get("validationSplit"):
        kwargs["validation_split"] = fit["validationSplit"]
    t0 = time.perf_counter()
    stopped = False
    try:
        model.fit(x_train, y_train_fit, **kwargs)
    except StopRun:
        stopped = True
    elapsed = time.perf_counter() - t0
    saved = save_model(model, job.get("savePath"))
    if saved:
        emit({"type": "saved", "dir": saved})
    if stopped:
        return done("stopped", elapsed)
    if n_test:
        emit({"type": "phase", "phase": "Testing"})
        evaluation = evaluate(model, x_test, y_test_fit, ys_test, job, heads, out_shapes)
        emit({"type": "evaluation", "evaluation": evaluation})
    return done("completed", elapsed)


def save_model(model, path):
    if not path:
        return None
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    model.save(path)
    return path


def evaluate(model, x_test, y_test_fit, ys_test, job, heads, out_shapes):
    """The test; the confusion matrix of the first classification output (with several outputs, each one's loss and accuracy too)."""
    import numpy as np

    logs = model.evaluate(x_test, y_test_fit, batch_size=EVAL_BATCH, verbose=0, return_dict=True)
    names = [h["name"] for h in heads] if len(heads) > 1 else []
    n = len(ys_test[0])
    ev = {"testLoss": finite(logs.get("loss")) or 0.0, "samples": int(n), "classNames": [], "confusion": [], "gallery": []}
    acc = headline_accuracy(logs, names)
    if acc is not None:
        ev["testAcc"] = acc
    if names:
        ev["outputs"] = output_metrics(logs, names)
    shown = next((i for i, h in enumerate(heads) if "categorical" in h["loss"]["name"] and (h["accuracy"] or not names)), None)
    if shown is None:
        return ev
    k = int(out_shapes[shown][-1])
    class_names = list(job.get("classNames") or [])[:k] or [str(i) for i in range(k)]
    predicted = model.predict(x_test, batch_size=EVAL_BATCH, verbose=0)
    if isinstance(predicted, dict):
        predicted = predicted[names[shown]]
    elif isinstance(predicted, (list, tuple)):
        predicted = predicted[shown]
    predicted = np.argmax(predicted, axis=-1)
    actual = ys_test[shown]
    actual = np.argmax(actual, axis=-1) if actual.ndim > 1 and actual.shape[-1] > 1 else actual.reshape(-1)
    confusion = np.zeros((len(class_names), len(class_names)), dtype=int)
    np.add.at(confusion, (actual.astype(int), predicted.astype(int)), 1)
    ev["classNames"], ev["confusion"] = class_names, confusion.tolist()
    if names:
        ev["shownOutput"] = names[shown]
    return ev


def done(outcome, elapsed):
    event = {"type": "done", "outcome": outcome, "epochsDone": RUN.epochs_done, "samplesPerSec": RUN.samples / RUN.train_seconds if RUN.train_seconds > 0 else 0, "elapsedMs": elapsed * 1000}
    if outcome == "stopped" and RUN.stopped_at:
        event["stoppedAt"] = RUN.stopped_at
    emit(event)
    return 0


# ---------------------------------------------------------------- run the script


def run_script(job):
    import runpy

    script = os.path.abspath(job["script"])
    keras, backend, version, lib_version = import_keras()
    backend_event(backend, version, lib_version)
    RUN.epochs_override = job.get("epochs")
    patch_fit(keras, int(job.get("progressIntervalMs", 200)), True)
    sys.argv = [script]
    sys.path.insert(0, os.path.dirname(script))
    emit({"type": "phase", "phase": "Running the script"})
    t0 = time.perf_counter()
    try:
        runpy.run_path(script, run_name="__main__")
    except KerasMissing:
        raise
    except (StopRun, KeyboardInterrupt):
        return done("stopped", time.perf_counter() - t0)
    except SystemExit as e:
        if e.code not in (None, 0):
            emit({"type": "failed", "code": "model", "message": "The script exited with code %s." % e.code})
            return 1
    except BaseException as e:
        emit(failure(e, script))
        return 1
    return done("completed", time.perf_counter() - t0)


def failure(e, script):
    """The exception with the script's innermost line (the traceback's last frame in the person's file)."""
    frames = traceback.extract_tb(e.__traceback__)
    line = None
    for frame in frames:
        if os.path.abspath(frame.filename) == script:
            line = frame.lineno
    # The traceback from the script's first frame down: the runner's and runpy's frames are ours, not the person's.
    tb = e.__traceback__
    while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) != script:
        tb = tb.tb_next
    text = "".join(traceback.format_exception(type(e), e, tb or e.__traceback__))
    sys.stderr.write(text)
    message = "%s: %s" % (type(e).__name__, e)
    event = {"type": "failed", "code": "model", "message": message, "traceback": text[-4000:]}
    if line is not None:
        event["line"] = line
    return event


def main(argv):
    if len(argv) < 2 or argv[1] not in ("check", "model", "script"):
        sys.stderr.write(__doc__)
        return 2
    if argv[1] == "check":
        return check()
    path = argv[2]
    if path.startswith("@"):
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), path[1:])
    with open(path) as f:
        job = json.load(f)
    if job.get("dataPath") and not os.path.isabs(job["dataPath"]):
        # A dataset shipped with the job (a Ray job on another machine) lies beside the job file.
        job["dataPath"] = os.path.join(os.path.dirname(os.path.abspath(path)), job["dataPath"])
    for part in ("train", "test"):
        for refs in ((job.get("arrays") or {}).get(part) or {}).values():
            for ref in refs:
                ref["file"] = os.path.join(os.path.dirname(os.path.abspath(path)), ref["file"])
    signal.signal(signal.SIGINT, on_sigint)
    signal.signal(signal.SIGTERM, on_sigint)
    try:
        return train_model(job) if argv[1] == "model" else run_script(job)
    except KeyboardInterrupt:
        return done("stopped", 0)
    except KerasMissing as e:
        emit({"type": "failed", "code": "backend", "message": str(e)})
        return 1
    except BaseException as e:
        emit(failure(e, os.path.abspath(job.get("script", ""))))
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
