"""Model Lens's Keras engine on Ray: submits model_lens_runner.py as a Ray job and streams its events back.

    python model_lens_ray.py ADDRESS model JOB.json    # the file's model on the planned dataset, as a Ray job
    python model_lens_ray.py ADDRESS script JOB.json   # the person's script, its folder as the job's working_dir

ADDRESS is a Ray head's dashboard address (http://127.0.0.1:8265). The job goes through Ray's Jobs API (the SDK
zips and uploads the runner, the job file and, in script mode, the script's folder: the REST API takes a
working_dir only as an uploaded package). The runner prints its events on stdout after EVENT_PREFIX
(MODEL_LENS_EVENTS=stdout); this follows the job's log stream and writes them to file descriptor 3 as the local
runner does, so the host reads one protocol; other log lines are the job's own output, on stdout. First comes
{"type": "job", "id", "dashboard"}; the backend event's notes name the job. SIGINT or SIGTERM stops the job
(`ray job stop`: Ray sends the runner SIGTERM, the fit ends after its batch).
MODEL_LENS_JAX_DEVICES=N gives the job N JAX CPU devices (XLA_FLAGS), so the runner trains data parallel.
"""
import asyncio
import json
import os
import shlex
import shutil
import signal
import sys
import tempfile
import time
import uuid
from urllib.parse import urlparse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model_lens_runner import EVENT_PREFIX  # noqa: E402

PACKAGE = "model_lens_job"
TERMINAL = ("done", "failed")
_events = None


def emit(event):
    global _events
    if _events is None:
        try:
            _events = os.fdopen(3, "w", buffering=1)
        except OSError:
            _events = sys.stdout
    _events.write(json.dumps(event) + "\n")
    _events.flush()


def fail(message, code="backend"):
    emit({"type": "failed", "code": code, "message": message})
    return 1


def is_local(address):
    host = urlparse(address if "://" in address else "http://" + address).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1")


def job_name(job):
    """A name a person can find in the dashboard: the file, the time and a short random part."""
    source = job.get("script") or job.get("dataTitle") or "model"
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in os.path.splitext(os.path.basename(source))[0].lower())[:40]
    return "model-lens-%s-%s-%s" % (stem or "run", time.strftime("%Y%m%d-%H%M%S"), uuid.uuid4().hex[:4])


def package(job, mode, local):
    """The folder that travels with the job as a py_module: the runner, the job file, and the dataset when the
    head is another machine (a local head reads it where it is). Returns (folder, job as the runner reads it)."""
    root = tempfile.mkdtemp(prefix="model-lens-ray-")
    folder = os.path.join(root, PACKAGE)
    os.makedirs(folder)
    open(os.path.join(folder, "__init__.py"), "w").close()
    shutil.copyfile(os.path.join(HERE, "model_lens_runner.py"), os.path.join(folder, "model_lens_runner.py"))
    job = json.loads(json.dumps(job))  # a deep copy: picked files' paths are rewritten below
    if mode == "model" and not local and job.get("arrays"):
        # Picked files: each one the job names travels, and the job names its copy.
        os.makedirs(os.path.join(folder, "data"))
        copies = {}
        for part in ("train", "test"):
            for refs in (job["arrays"].get(part) or {}).values():
                for ref in refs:
                    if ref["file"] not in copies:
                        copies[ref["file"]] = os.path.join("data", "%d-%s" % (len(copies), os.path.basename(ref["file"])))
                        shutil.copyfile(ref["file"], os.path.join(folder, copies[ref["file"]]))
                    ref["file"] = copies[ref["file"]]
        job.pop("savePath", None)
    elif mode == "model" and not local:
        data = job["dataPath"]
        target = os.path.join(folder, "data", os.path.basename(data.rstrip("/")))
        if os.path.isdir(data):
            shutil.copytree(data, target)
        else:
            os.makedirs(os.path.dirname(target))
            shutil.copyfile(data, target)
        job["dataPath"] = os.path.relpath(target, folder)
        job.pop("savePath", None)  # a path on this machine: the job's machine cannot write there
    if mode == "script":
        job["script"] = os.path.basename(job["script"])  # the job runs in the script's folder (its working_dir)
    with open(os.path.join(folder, "job.json"), "w") as f:
        json.dump(job, f)
    return root, folder, job


def runtime_env(job, mode, folder):
    env = {"MODEL_LENS_EVENTS": "stdout", "PYTHONUNBUFFERED": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}
    if os.environ.get("KERAS_BACKEND"):
        env["KERAS_BACKEND"] = os.environ["KERAS_BACKEND"]
    devices = os.environ.get("MODEL_LENS_JAX_DEVICES")
    if devices:
        env["XLA_FLAGS"] = "--xla_force_host_platform_device_count=%d" % int(devices)
    out = {"py_modules": [folder], "env_vars": env}
    if mode == "script":
        out["working_dir"] = os.path.dirname(os.path.abspath(job["script"]))
    return out


class Relay:
    """Splits the log stream into lines: our events go to the host, the rest is the job's own output."""

    def __init__(self, job_id, address):
        self.partial = ""
        self.job_id = job_id
        self.address = address
        self.terminal = None

    def feed(self, chunk):
        lines = (self.partial + chunk).split("\n")
        self.partial = lines.pop()
        for line in lines:
            self.line(line)

    def line(self, line):
        at = line.find(EVENT_PREFIX)
        if at < 0:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
            return
        try:
            event = json.loads(line[at + len(EVENT_PREFIX):])
        except ValueError:
            return
        if event.get("type") == "backend":
            event["notes"] = list(event.get("notes") or []) + ["Ray job %s at %s" % (self.job_id, self.address)]
        if event.get("type") in TERMINAL:
            self.terminal = event
        emit(event)


async def follow(client, job_id, relay):
    """The job's log stream until it ends, or a little after the runner's last event (Ray closes the stream some
    seconds after the job ends)."""
    stream = client.tail_job_logs(job_id)
    while True:
        try:
            chunk = await asyncio.wait_for(stream.__anext__(), timeout=2.0 if relay.terminal else None)
        except (StopAsyncIteration, asyncio.TimeoutError):
            break
        relay.feed(chunk)
    if relay.partial:
        relay.line(relay.partial)


def main(argv):
    if len(argv) != 4 or argv[2] not in ("model", "script"):
        sys.stderr.write(__doc__)
        return 2
    address, mode, job_path = argv[1], argv[2], argv[3]
    with open(job_path) as f:
        job = json.load(f)
    try:
        from ray.job_submission import JobStatus, JobSubmissionClient
    except Exception as e:
        return fail("Ray does not import in %s (%s: %s). Install it with: %s -m pip install 'ray[default]'" % (sys.executable, type(e).__name__, e, sys.executable))
    emit({"type": "phase", "phase": "Connecting to Ray at %s" % address})
    try:
        client = JobSubmissionClient(address)
    except Exception as e:
        return fail("No Ray head answers at %s (%s). Start one with: ray start --head, or give its dashboard address." % (address, str(e).split("\n")[0][:300]))
    local = is_local(address)
    root, folder, _ = package(job, mode, local)
    # A local head runs the entrypoint with its own PATH, whose `python` need not be this one (the one with Keras).
    python = shlex.quote(sys.executable) if local else "python"
    job_id = job_name(job)
    # A stop can come at any time: before the job exists it is remembered, and the job stopped once submitted.
    stop = {"asked": False, "submitted": False}

    def on_stop(_signum, _frame):
        if not stop["asked"]:
            stop["asked"] = True
            if stop["submitted"]:
                client.stop_job(job_id)

    signal.signal(signal.SIGINT, on_stop)
    signal.signal(signal.SIGTERM, on_stop)
    try:
        emit({"type": "phase", "phase": "Submitting the Ray job"})
        client.submit_job(entrypoint="%s -m %s.model_lens_runner %s @job.json" % (python, PACKAGE, mode), submission_id=job_id, runtime_env=runtime_env(job, mode, folder), metadata={"source": "model-lens"})
        stop["submitted"] = True
        emit({"type": "job", "id": job_id, "address": address, "dashboard": "%s/#/jobs/%s" % (address.rstrip("/"), job_id)})
        if stop["asked"]:
            client.stop_job(job_id)
        relay = Relay(job_id, address)
        try:
            asyncio.run(follow(client, job_id, relay))
            status = client.get_job_status(job_id) if not relay.terminal else None
        except Exception as e:
            return fail("The Ray head at %s stopped answering during job %s (%s: %s)." % (address, job_id, type(e).__name__, str(e).split("\n")[0][:300]))
        if relay.terminal:
            return 0 if relay.terminal["type"] == "done" else 1
        if status == JobStatus.STOPPED and stop["asked"]:
            return 0  # the host knows it asked; the runner was killed before it could say where
        info = client.get_job_info(job_id)
        return fail("Ray job %s ended %s without a word from Model Lens's runner: %s" % (job_id, status, (info.message or "")[:500]), "internal")
    except Exception as e:
        return fail("The Ray job could not be submitted to %s (%s: %s)." % (address, type(e).__name__, str(e).split("\n")[0][:300]))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
