#!/usr/bin/env python3
"""Corpus truth harness: what real Keras / tf.keras / TF.js build from each corpus file.

    python corpus/truth.py [--only NAME...] [--skip-tfkeras] [--skip-tfjs] [--timeout S]

Reads corpus/MANIFEST.json and, for every entry, writes to corpus/truth/:

* ``<file>.keras3.json`` for .py and .ipynb files: real Keras 3 (conformance/keras_report.py);
* ``<file>.tfkeras2.json`` also, for entries whose era is "tf.keras 2" or "Keras 1"
  (keras_report.py --tf-keras: tf-keras 2.21);
* ``<file>.tfjs.json`` for .js/.ts files: real tfjs-layers (corpus/tfjs_truth.cjs).

``<file>`` is the corpus path below corpus/files with "/" replaced by "__" (py__keras__imdb_cnn.py).
Each truth file is the oracle's report ({"file", "keras", "backend", "models": [...]}), or, when the
file cannot run here, {"file", "error": "...", "models": []}: the reason is recorded, never dropped.

A notebook is run as one program: its code cells in order, with IPython ``%magic`` / ``!shell`` lines
(and ``%%cell`` magics' whole cells) left out. Every file runs in its own process, one at a time,
with a timeout, and with sockets disabled (the oracle also stubs downloads and training). Display-only packages that are not
installed (matplotlib, seaborn, plotly, IPython, graphviz, pydot) are inert stand-ins, so a notebook that plots
does not fail before it builds its model; ``evaluate()`` returns a loss that can be indexed and unpacked.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FILES = HERE / "files"
TRUTH = HERE / "truth"

TF2_ERAS = {"tf.keras 2", "Keras 1"}


def truth_stem(local: str) -> str:
    return local.replace("/", "__")


def notebook_program(path: Path) -> str:
    """The code cells of a notebook as one Python program (magics and shell lines become `pass`)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb.get("cells")
    if cells is None:  # nbformat 3
        cells = [c for ws in nb.get("worksheets", []) for c in ws.get("cells", [])]
    out = []
    for i, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        src = cell.get("source", cell.get("input", ""))
        if isinstance(src, list):
            src = "".join(src)
        lines = src.split("\n")
        if lines and lines[0].lstrip().startswith("%%"):
            out.append(f"# cell {i}: cell magic skipped")
            continue
        kept = []
        for line in lines:
            s = line.lstrip()
            if s.startswith("%") or s.startswith("!"):
                kept.append(line[: len(line) - len(s)] + "pass  # " + s)  # keeps the block structure
            else:
                kept.append(line)
        out.append(f"# cell {i}\n" + "\n".join(kept))
    return "\n\n".join(out) + "\n"


# The child process: no sockets, then the oracle on each file in turn (one Keras import for many files). A file
# that raises after it built models still has those models reported (with its error); each file has a time limit.
CHILD = r"""
import builtins, contextlib, io, json, signal, socket, sys, traceback, types
def _no_net(*a, **k):
    raise OSError("model-lens corpus: network disabled")
socket.socket.connect = _no_net
socket.socket.connect_ex = _no_net
socket.create_connection = _no_net
socket.getaddrinfo = _no_net
conformance, flavour, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3])

# Plotting and display packages that are not installed here are stand-ins: they only draw, and a file that
# imports them should not fail before it builds its model. Anything else missing still fails (and is recorded).
import importlib.abc, importlib.machinery, importlib.util
_DISPLAY_ONLY = ("matplotlib", "seaborn", "plotly", "IPython", "graphviz", "pydot", "pydotplus")
class _Stub(types.ModuleType):
    __path__ = []
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Stub(f"{self.__name__}.{name}")
    def __call__(self, *a, **k):
        return _Stub(f"{self.__name__}()")
    def __iter__(self):
        return iter(())
    def __enter__(self):
        return self
    def __exit__(self, *a):
        return False
class _StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] not in _DISPLAY_ONLY:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            try:
                if finder.find_spec(name.split(".")[0], None) is not None:
                    return None  # installed: the real one
            except Exception:
                pass
        return importlib.machinery.ModuleSpec(name, self, is_package=True)
    def create_module(self, spec):
        return _Stub(spec.name)
    def exec_module(self, module):
        pass
sys.meta_path.append(_StubFinder())
sys.path.insert(0, conformance)
import keras_report as kr
if flavour == "keras3":
    import keras as _keras
    sys.modules["keras_core"] = _keras  # Keras 3's pre-release name
tfk = flavour == "tfkeras2"
K, _ = kr._setup(tfk)

class _Score(float):
    # evaluate() stub: a loss that can also be indexed or unpacked (score[0], loss, acc = ...)
    def __getitem__(self, i):
        return 0.0
    def __iter__(self):
        return iter((0.0, 0.0))
    def __len__(self):
        return 2
Model = K.Model
Model.evaluate = lambda self, *a, **k: _Score(0.0)
# A model the file compiled, summarized, trained or used for prediction is complete: if the file fails later,
# such a model is still reported. A Sequential that was never used so may have been cut short by the error.
def _marking(name):
    orig = getattr(Model, name, None)
    if orig is None:
        return
    def f(self, *a, **k):
        try:
            self._model_lens_used = True
        except Exception:
            pass
        return orig(self, *a, **k)
    setattr(Model, name, f)
for _name in ("compile", "summary", "fit", "predict", "evaluate", "fit_generator", "train_on_batch", "save", "save_weights"):
    _marking(_name)
if hasattr(Model, "evaluate_generator"):
    Model.evaluate_generator = Model.evaluate

# A file may build a model too big for this machine (a Dense layer of billions of weights): past the memory limit
# the process says which file and ends; the parent records it and goes on with the next file.
import os, threading, time as _time
_LIMIT = int(float(os.environ.get("MODEL_LENS_CORPUS_MEMORY_GB", "4")) * 2**30)
_CURRENT = [None]
def _watch_memory():
    page = os.sysconf("SC_PAGE_SIZE")
    while True:
        try:
            with open("/proc/self/statm") as f:
                rss = int(f.read().split()[1]) * page
        except Exception:
            return
        if rss > _LIMIT:
            sys.__stdout__.write("@@OOM@@ " + json.dumps(_CURRENT[0]) + "\n")
            sys.__stdout__.flush()
            os._exit(3)
        _time.sleep(0.2)
threading.Thread(target=_watch_memory, daemon=True).start()

class _Timeout(BaseException):
    pass
def _alarm(*a):
    raise _Timeout(f"timed out after {timeout} s")
signal.signal(signal.SIGALRM, _alarm)

def run(path, shown):
    _CURRENT[0] = shown
    kr._reset_keras(K, tfk)
    kr._CREATED.clear()
    source = open(path, encoding="utf-8").read()
    kr._CURRENT_FILE[:] = [path]
    module = types.ModuleType("__main__")
    module.__file__ = path
    module.__dict__["__builtins__"] = builtins
    saved_main, saved_argv = sys.modules.get("__main__"), sys.argv[:]
    sys.modules["__main__"] = module
    sys.argv = [path]
    error = None
    signal.alarm(timeout)
    try:
        code = compile(source, path, "exec")
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            exec(code, module.__dict__)
    except BaseException as e:
        if isinstance(e, KeyboardInterrupt):
            raise
        tb = traceback.extract_tb(e.__traceback__)
        own = [f for f in tb if f.filename == path]
        where = f" (line {own[-1].lineno})" if own else ""
        first = str(e).strip().splitlines()[0] if str(e).strip() else ""
        error = f"{type(e).__name__}: {first}{where}".replace(sys.prefix, "<venv>")[:600]
    finally:
        signal.alarm(0)
        sys.modules["__main__"] = saved_main
        sys.argv = saved_argv
        kr._CURRENT_FILE.clear()
    seen, found = {}, []
    for var, value in list(module.__dict__.items()):
        if isinstance(value, Model) and id(value) not in seen:
            seen[id(value)] = var
            found.append((var, value))
    order = {}
    for index, (var, value) in enumerate(found):
        line, seq, _ = kr._CREATED.get(id(value), (10**9, 10**9, None))
        order[id(value)] = (line, seq, index)
    found.sort(key=lambda vv: order[id(vv[1])])
    models, dropped = [], []
    for var, m in found:
        if error and type(m).__name__ == "Sequential" \
                and not getattr(m, "_model_lens_used", False):
            dropped.append(var)
            continue
        try:
            models.append(kr._model_report(m, var, K, tfk))
        except Exception as e:
            error = error or f"reporting model {var}: {type(e).__name__}: {e}"
    kr._CREATED.clear()
    kr._SUMMARY_ONLY_OPS.clear()
    report = {"file": shown, "keras": K.__version__, "backend": "tensorflow" if tfk else K.backend.backend()}
    if error:
        report["error"] = error
    if dropped:
        report["dropped"] = f"Sequential model(s) {', '.join(dropped)} left out: never compiled or used before the error"
    report["models"] = models
    return report

for line in sys.stdin:
    path, shown = json.loads(line)
    print("@@TRUTH@@ " + json.dumps(run(path, shown)), flush=True)
"""


def run_python_batch(python: str, jobs: list, tf_keras: bool, timeout: float, on_result) -> None:
    """jobs: [(path to run, shown path, key)]; calls on_result(key, report) for each, restarting after a crash."""
    pending = list(jobs)
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    while pending:
        with tempfile.TemporaryDirectory(prefix="model-lens-corpus-cwd-") as cwd:  # whatever it writes is thrown away
            p = subprocess.Popen([python, "-c", CHILD, str(REPO / "conformance"), "tfkeras2" if tf_keras else "keras3",
                                  str(int(timeout))], cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
            p.stdin.write("".join(json.dumps([str(j[0]), j[1]]) + "\n" for j in pending))
            p.stdin.close()
            oom = None
            for line in p.stdout:
                if line.startswith("@@OOM@@ "):
                    oom = json.loads(line[len("@@OOM@@ "):])
                if line.startswith("@@TRUTH@@ "):
                    report = json.loads(line[len("@@TRUTH@@ "):])
                    key = pending.pop(0)[2]
                    on_result(key, report)
            p.wait()
            stderr = p.stderr.read()
        if pending:  # the child died on pending[0]
            path, shown, key = pending.pop(0)
            last = [l for l in stderr.splitlines() if l.strip()][-1:] or [f"exit status {p.returncode}"]
            if oom is not None:
                limit = os.environ.get("MODEL_LENS_CORPUS_MEMORY_GB", "4")
                why = f"building its models needs more than {limit} GiB of memory (the harness's limit; set MODEL_LENS_CORPUS_MEMORY_GB)"
            else:
                why = f"the Keras process died: {last[0][:500]}"
            on_result(key, {"file": shown, "error": why, "models": []})


def run_tfjs(src: Path, shown: str, timeout: float) -> dict:
    try:
        p = subprocess.run(["node", str(HERE / "tfjs_truth.cjs"), str(src)], cwd=REPO, capture_output=True,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"file": shown, "error": f"timed out after {timeout:.0f} s", "models": []}
    for line in p.stdout.splitlines():
        if line.startswith("{"):
            r = json.loads(line)
            r["file"] = shown
            return r
    return {"file": shown, "error": (p.stderr.strip().splitlines() or ["no output"])[-1][:600], "models": []}


def dumps(report) -> str:
    sys.path.insert(0, str(REPO / "conformance"))
    import keras_report  # noqa: E402  (only its JSON layout; importing it does not import Keras)
    return keras_report.dumps(report)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", nargs="*", default=[], help="corpus paths or substrings to run")
    ap.add_argument("--skip-tfkeras", action="store_true")
    ap.add_argument("--skip-tfjs", action="store_true")
    ap.add_argument("--skip-python", action="store_true")
    ap.add_argument("--missing", action="store_true", help="only entries without a truth file yet")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per file")
    ap.add_argument("--memory-gb", type=float, default=None, help="memory limit of the Keras process (default 4)")
    ap.add_argument("--python", default=None, help="the Keras venv's python (default: scripts/keras-venv.sh)")
    args = ap.parse_args()

    if args.memory_gb is not None:
        os.environ["MODEL_LENS_CORPUS_MEMORY_GB"] = str(args.memory_gb)
    manifest = json.loads((HERE / "MANIFEST.json").read_text())
    entries = [e for e in manifest["files"] if not args.only or any(o in e["local"] for o in args.only)]
    python = args.python
    if python is None and not args.skip_python:
        python = subprocess.run(["bash", str(REPO / "scripts" / "keras-venv.sh")], capture_output=True, text=True,
                                check=True).stdout.strip().splitlines()[-1]
    TRUTH.mkdir(exist_ok=True)
    t0 = time.time()

    def done(out: Path, report: dict, t: float) -> None:
        out.write_text(dumps(report) + "\n")
        n = len(report["models"])
        status = (f"error: {report['error'][:110]}" + (f" ({n} model(s) before it)" if n else "")) if "error" in report else f"{n} model(s)"
        print(f"{report['file']} [{out.name.split('.')[-2]}] {status}", flush=True)

    with tempfile.TemporaryDirectory(prefix="model-lens-corpus-nb-") as nbdir:
        for flavour, tfk in (("keras3", False), ("tfkeras2", True)):
            if args.skip_python or (tfk and args.skip_tfkeras):
                continue
            jobs = []
            for e in entries:
                if e["kind"] not in ("py", "ipynb") or (tfk and e["era"] not in TF2_ERAS):
                    continue
                out = TRUTH / f"{truth_stem(e['local'])}.{flavour}.json"
                if args.missing and out.exists():
                    continue
                src = FILES / e["local"]
                shown = f"corpus/files/{e['local']}"
                if e["kind"] == "ipynb":
                    prog = Path(nbdir) / (truth_stem(e["local"]).replace("-", "_").replace(" ", "_").replace(".", "_") + ".py")
                    try:
                        prog.write_text(notebook_program(src))
                    except (ValueError, KeyError) as err:
                        done(out, {"file": shown, "error": f"unreadable notebook: {err}", "models": []}, time.time())
                        continue
                    src = prog
                jobs.append((src, shown, out))
            t = time.time()
            run_python_batch(python, jobs, tfk, args.timeout, lambda out, report: done(out, report, t))
            print(f"truth: {flavour}: {len(jobs)} files in {time.time() - t:.0f}s", flush=True)
        if not args.skip_tfjs:
            t = time.time()
            n = 0
            for e in entries:
                if e["kind"] not in ("js", "ts"):
                    continue
                out = TRUTH / f"{truth_stem(e['local'])}.tfjs.json"
                if args.missing and out.exists():
                    continue
                done(out, run_tfjs(FILES / e["local"], f"corpus/files/{e['local']}", args.timeout), t)
                n += 1
            print(f"truth: tfjs: {n} files in {time.time() - t:.0f}s", flush=True)
    print(f"truth: {len(entries)} entries in {time.time() - t0:.0f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
