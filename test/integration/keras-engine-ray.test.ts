/**
 * The Keras engine on Ray (`--ray ADDRESS`): a local Ray head of our own (`ray start --head --block` from the
 * Keras venv, every port chosen free, its own temp folder), tiny jobs through Ray's Jobs API, events back from
 * the job's log stream. Skipped, with the reason, when the venv has no Ray (scripts/keras-venv.sh installs it).
 * The head runs in a process group of its own: the tests end it by that group, never by name (`ray stop`
 * would end every Ray on the machine).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { initParser } from '../../src/core/python/analyze';
import { planTraining } from '../../src/train/host/plan';
import { KerasSession, type RayJob } from '../../src/train/python/keras-session';
import { freePort, freePorts, headCommand, processStat, processTree } from '../../src/train/python/local-ray-head';
import { modelJob, type ModelJob } from '../../src/train/python/python-job';
import type { WorkerEvent } from '../../src/train/worker-protocol';
import { cliTrain, requireBuild, requireFashionMnist, ROOT } from './helpers';
import { PYTHON, rayMissing } from './ray-venv';

const skip = rayMissing();

let head: ChildProcess | undefined;
let address = '';
/** Every process the head started (its workers run in sessions of their own), gathered before it is stopped. */
const started = new Set<number>();
const tmp = mkdtempSync(join(tmpdir(), 'ml-ray-'));

async function startHead(): Promise<void> {
  const ports = await freePorts();
  address = `http://127.0.0.1:${ports.dashboard}`;
  // --num-cpus 1: one CPU for the job's runner, the machine's other for everything else.
  const { command, args } = headCommand(PYTHON, ports, 1, join(tmp, 'ray'));
  head = spawn(command, args, { detached: true, stdio: 'ignore', env: { ...process.env, RAY_USAGE_STATS_ENABLED: '0' } });
  for (let i = 0; i < 240; i++) {
    if (head.exitCode !== null) throw new Error(`ray start exited with code ${head.exitCode}`);
    try {
      const answer = await fetch(`${address}/api/version`);
      if (answer.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the Ray head at ${address} did not answer in 2 minutes`);
}

/**
 * SIGTERM to `ray start` (it shuts down the processes it started, in order), then SIGKILL to whatever is left of
 * its group. Ray's workers run in groups of their own and end when their raylet does.
 */
const ended = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function stopHead(): Promise<void> {
  const pid = head?.pid;
  if (!pid || ended(head!)) return;
  gatherStarted();
  const exited = new Promise((r) => head!.once('exit', r));
  process.kill(pid, 'SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is gone
  }
}

before(async () => {
  if (skip) return;
  requireBuild();
  requireFashionMnist();
  await initParser();
  await startHead();
});
after(async () => {
  await stopHead();
  await endStarted();
  rmSync(tmp, { recursive: true, force: true });
});

const ofType = <T extends WorkerEvent['type']>(events: WorkerEvent[], type: T) => events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);

function job(limit: number, epochs: number): ModelJob {
  const { plan, problems } = planTraining(readFileSync(join(ROOT, 'examples', 'fashion_mnist.py'), 'utf8'), { epochs, limit, testLimit: 500, seed: 3, progressIntervalMs: 100 });
  assert.deepEqual(problems, []);
  const made = modelJob(plan!.job);
  assert.ok(!('error' in made));
  return made;
}

test('a tiny job on a local Ray head: the CLI names the job, streams its epoch and result, trains data parallel on 2 JAX devices', { skip }, async () => {
  const r = await cliTrain(['examples/fashion_mnist.py', '--engine', 'keras', '--keras-backend', 'jax', '--python', PYTHON, '--ray', address, '--jax-devices', '2', '--epochs', '1', '--limit', '2000', '--test-limit', '500', '--json']);
  assert.equal(r.code, 0, r.stderr.slice(-2000));
  const named = r.lines.find((l) => l.event === 'job');
  assert.match(String(named?.id), /^model-lens-fashion-mnist-\d{8}-\d{6}-[0-9a-f]{4}$/);
  assert.equal(named?.dashboard, `${address}/#/jobs/${named?.id}`);
  const backend = r.lines.find((l) => l.event === 'backend');
  const notes = (backend?.notes as string[]).join(' | ');
  assert.match(notes, /data parallel over 2 JAX CPU devices/);
  assert.ok(notes.includes(`Ray job ${named?.id}`), notes);
  assert.equal(r.lines.filter((l) => l.event === 'epoch').length, 1);
  const result = r.lines.find((l) => l.event === 'result')!;
  assert.equal(result.backend, 'keras-jax');
  assert.equal(result.job, named?.id);
  assert.equal(result.testSamples, 500);
  assert.ok(typeof result.testAccuracy === 'number' && result.testAccuracy > 0.5, `test accuracy ${result.testAccuracy}`);
  // Ray knows the job by that name and saw it succeed.
  const info = (await (await fetch(`${address}/api/jobs/${named?.id}`)).json()) as { status: string };
  assert.equal(info.status, 'SUCCEEDED');
});

test('stop: the Ray job is stopped, the fit ends after its batch and the run says where', { skip }, async () => {
  const session = new KerasSession({ python: PYTHON, backend: 'jax', ray: address });
  const events: WorkerEvent[] = [];
  let named: RayJob | undefined;
  let stopped = false;
  session.on('job', (j) => (named = j));
  session.on('event', (e) => {
    events.push(e);
    if (e.type === 'batch' && e.point.batch >= 20 && !stopped) {
      stopped = true;
      session.stop();
    }
  });
  // Ten epochs, so that a stop which travels slowly still lands before the end.
  session.start(job(60_000, 10));
  const end = await session.ended;
  assert.equal(end.outcome, 'stopped', end.message);
  assert.ok(named, 'the job was named');
  const done = ofType(events, 'done')[0];
  assert.ok(done?.stoppedAt, 'the runner says where it stopped');
  // Where it stops depends on how fast the stop travels through Ray (seconds, on a loaded machine) against
  // JAX's epoch (about 2 s here): what must hold is that the place is told and no unfinished epoch gets a row.
  // It can even land after an epoch's last batch (it did on a fresh clone): that epoch finished and has its row.
  assert.ok(done.stoppedAt.epoch >= 1 && done.stoppedAt.epoch <= 10, JSON.stringify(done.stoppedAt));
  assert.ok(done.stoppedAt.batch <= done.stoppedAt.batches, JSON.stringify(done.stoppedAt));
  const finishedEpochs = done.stoppedAt.epoch - (done.stoppedAt.batch < done.stoppedAt.batches ? 1 : 0);
  assert.equal(ofType(events, 'epoch').length, finishedEpochs, JSON.stringify(done.stoppedAt));
  let status = '';
  for (let i = 0; i < 60 && status !== 'STOPPED'; i++) {
    status = ((await (await fetch(`${address}/api/jobs/${named!.id}`)).json()) as { status: string }).status;
    if (status !== 'STOPPED') await new Promise((r) => setTimeout(r, 500));
  }
  assert.equal(status, 'STOPPED');
});

test('no Ray head at the address: a clear error, no hang', { skip }, async () => {
  const nobody = `http://127.0.0.1:${await freePort()}`;
  const r = await cliTrain(['examples/fashion_mnist.py', '--engine', 'keras', '--keras-backend', 'jax', '--python', PYTHON, '--ray', nobody, '--epochs', '1', '--limit', '100']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`No Ray head answers at ${nobody.replace(/[.:/]/g, '\\$&')}`));
  assert.doesNotMatch(r.stderr, /pip install keras/, 'not a Keras install hint');
});

test('run the script as a Ray job: its folder is the working directory, its fit streams, its evaluate is the test', { skip }, async () => {
  const folder = join(tmp, 'project');
  mkdirSync(folder, { recursive: true });
  // The script reads a file by a relative path: it is found only if the job runs in the script's folder.
  writeFileSync(join(folder, 'rows.csv'), Array.from({ length: 256 }, (_, i) => `${(i % 7) / 7},${(i % 3) / 3},${i % 2}`).join('\n'));
  writeFileSync(join(folder, 'train.py'), `import numpy as np
import keras

data = np.loadtxt("rows.csv", delimiter=",", dtype="float32")
x, y = data[:, :2], data[:, 2].astype("int32")
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=3, batch_size=32, verbose=0)
model.evaluate(x, y, verbose=0)
print("the script's own output")
`);
  const r = await cliTrain([join(folder, 'train.py'), '--engine', 'keras', '--mode', 'script', '--keras-backend', 'jax', '--python', PYTHON, '--ray', address, '--epochs', '2', '--json']);
  assert.equal(r.code, 0, r.stderr.slice(-2000));
  assert.match(String(r.lines.find((l) => l.event === 'job')?.id), /^model-lens-train-/);
  assert.equal(r.lines.filter((l) => l.event === 'epoch').length, 2, '--epochs overrides the script\'s 3');
  assert.equal(r.lines.find((l) => l.event === 'result')?.testSamples, 256);
});

/** The processes whose environment passes `test` (Ray puts the job's id and its head's address there). Linux only. */
function processesWhere(test: (environ: string) => boolean): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      return pid !== process.pid && test(readFileSync(`/proc/${pid}/environ`, 'latin1'));
    } catch {
      return false; // gone, or not ours to read
    }
  });
}

function kill(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // ended meanwhile
    }
  }
}

function killJobProcesses(id: string): void {
  kill(processesWhere((env) => env.includes(`"job_submission_id": "${id}"`)));
}

/** Adds the head's process tree to `started`. */
function gatherStarted(): void {
  if (head?.pid) for (const pid of processTree(head.pid)) started.add(pid);
}

/** Ray's workers end a few seconds after their raylet; any of the head's processes still there are ended. */
async function endStarted(): Promise<void> {
  const alive = () => [...started].filter((pid) => { const s = processStat(pid); return s !== undefined && s.state !== 'Z'; });
  for (let i = 0; i < 30 && alive().length; i++) await new Promise((r) => setTimeout(r, 1000));
  kill(alive());
}

/** The head crashes: SIGKILL to its group (Ray's workers end with their raylet, the job's runner with its supervisor). */
async function crashHead(): Promise<void> {
  const pid = head?.pid;
  if (!pid || ended(head!)) return;
  gatherStarted();
  const exited = new Promise((r) => head!.once('exit', r));
  process.kill(-pid, 'SIGKILL');
  await exited;
}

// Last: it takes the head away (a graceful `ray start` shutdown lets the job finish first, so it crashes it).
test('the Ray head goes away mid-run: a clear error, no hang', { skip }, async () => {
  const session = new KerasSession({ python: PYTHON, backend: 'jax', ray: address });
  let gone: Promise<void> | undefined;
  let named: RayJob | undefined;
  session.on('job', (j) => (named = j));
  session.on('event', (e) => {
    if (e.type === 'batch' && !gone) gone = crashHead();
  });
  session.start(job(60_000, 3));
  const end = await session.ended;
  await gone;
  // The job's runner can outlive a crashed head (its supervisor's watcher goes with it): ended by its id.
  if (named) killJobProcesses(named.id);
  assert.equal(end.outcome, 'failed', end.message);
  assert.match(end.message ?? '', new RegExp(`The Ray head at ${address.replace(/[.:/]/g, '\\$&')} stopped answering during job model-lens-`));
});
