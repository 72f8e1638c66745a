/**
 * The Keras engine's host pieces that need no Python: the CLI flags, the runner's job from a planned job, and
 * the session's reading of the runner's JSON lines (a fake "interpreter": a shell script that writes them to fd 3).
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { zipSync } from 'fflate';
import { kerasFlag } from '../../src/cli/train-keras';
import { KerasSession } from '../../src/train/python/keras-session';
import { kerasSavePath, modelJob, type ModelJob } from '../../src/train/python/python-job';
import type { TrainJob, WorkerEvent } from '../../src/train/worker-protocol';

const tmp = mkdtempSync(join(tmpdir(), 'model-lens-keras-unit-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('flags: engine, backend and mode are checked; --python keeps a bare name and resolves a path', () => {
  const k: Parameters<typeof kerasFlag>[0] = { python: 'python3', mode: 'model' };
  for (const [flag, value, problem] of [
    ['--engine', 'pytorch', /--engine must be tfjs or keras/],
    ['--keras-backend', 'mxnet', /--keras-backend must be jax, tensorflow, torch/],
    ['--mode', 'notebook', /--mode must be model or script/],
    ['--python', undefined, /--python needs/],
  ] as const) {
    assert.match(kerasFlag(k, flag, value) ?? '', problem);
  }
  assert.equal(kerasFlag(k, '--engine', 'keras'), undefined);
  assert.equal(kerasFlag(k, '--python', 'python3.11'), undefined);
  assert.equal(k.python, 'python3.11');
  kerasFlag(k, '--python', './venv/bin/python');
  assert.ok(k.python.startsWith('/') && k.python.endsWith('/venv/bin/python'));
  assert.equal(kerasFlag(k, '--keras-backend', 'jax'), undefined);
  assert.deepEqual({ engine: k.engine, backend: k.backend }, { engine: 'keras', backend: 'jax' });
});

test('save path: a .keras path as it is, else model.keras in the folder', () => {
  assert.equal(kerasSavePath('/a/b.keras'), '/a/b.keras');
  assert.equal(kerasSavePath('/a/out/'), '/a/out/model.keras');
});

test('picked files: the runner is told which array is each input and output (they were refused); a CSV is not for the Keras engine', () => {
  const npz = join(tmp, 'heads.npz');
  writeFileSync(npz, zipSync({ 'x_train.npy': new Uint8Array(0), 'y_train_kind.npy': new Uint8Array(0), 'size_train.npy': new Uint8Array(0) }));
  const model = { inputShape: [null, 8], outputShape: [null, 3], outputs: [{ name: 'kind', shape: [null, 3], layer: '' }, { name: 'size', shape: [null, 1], layer: '' }] };
  const job = { model, data: { kind: 'files', train: { x: npz } } } as unknown as TrainJob;
  const made = modelJob(job) as ModelJob;
  assert.deepEqual(made.arrays, { train: { xs: [{ file: npz, key: 'x_train' }], ys: [{ file: npz, key: 'y_train_kind' }, { file: npz, key: 'size_train' }] }, outputNames: ['kind', 'size'] });
  assert.deepEqual(made.outputShapes, [[null, 3], [null, 1]]);
  const files = modelJob({ ...job, data: { kind: 'files', train: { x: '/d/x.npy', xs: ['/d/x.npy', '/d/y_size.npy'], y: '/d/y_kind.npy' } } } as unknown as TrainJob) as ModelJob;
  assert.deepEqual(files.arrays?.train, { xs: [{ file: '/d/x.npy' }], ys: [{ file: '/d/y_kind.npy' }, { file: '/d/y_size.npy' }] });
  const csv = { model: { inputShape: [null, 8], outputShape: [null, 3] }, data: { kind: 'files', train: { x: '/d/train.csv' } } } as unknown as TrainJob;
  assert.match((modelJob(csv) as { error: string }).error, /train\.csv: the Keras engine reads \.npz, \.npy and IDX files; a CSV trains with the TensorFlow\.js engine\./);
});

/** A fake interpreter: ignores the runner and prints these lines to fd 3 (and noise to stdout). */
function fakePython(lines: string[], tail = 'exit 0'): string {
  const path = join(tmp, `py-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(path, `#!/bin/sh\necho "script output"\n${lines.map((l) => `printf '%s\\n' '${l}' >&3`).join('\n')}\n${tail}\n`);
  chmodSync(path, 0o755);
  return path;
}

async function run(python: string) {
  const session = new KerasSession({ python, stopGraceMs: 200 });
  const events: WorkerEvent[] = [];
  let ends = 0;
  session.on('event', (e) => events.push(e));
  session.on('end', () => ends++);
  session.start({ mode: 'script', script: '/nowhere.py', progressIntervalMs: 0 });
  const end = await session.ended;
  // One end per process, a spawn error included (Node emits 'close' after 'error'): a second 'end' would
  // record the run twice. Wait a little for a late duplicate before counting.
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(ends, 1, 'the session ends exactly once');
  return { session, events, end };
}

test('session: JSON lines become events, other lines are ignored, done decides the outcome', async () => {
  const { events, end } = await run(
    fakePython(['not json', '{"type":"backend","name":"keras-jax","notes":[]}', '{"type":"mystery"}', '{"type":"done","outcome":"completed","epochsDone":1,"samplesPerSec":5,"elapsedMs":9}']),
  );
  assert.equal(end.outcome, 'completed');
  assert.deepEqual(
    events.map((e) => e.type),
    ['backend', 'done'],
  );
});

test('session: a missing Keras says how to install it; a raising script keeps its line; a silent death is a crash', async () => {
  const missing = await run(fakePython(['{"type":"failed","code":"backend","message":"Keras does not import in /x/python."}'], 'exit 1'));
  assert.equal(missing.end.outcome, 'failed');
  assert.match(missing.end.message ?? '', /Keras does not import .* -m pip install keras 'jax\[cpu\]'/);
  const raised = await run(fakePython(['{"type":"failed","code":"model","message":"ValueError: no","line":7,"traceback":"Traceback ...\\nValueError: no"}'], 'exit 1'));
  assert.equal(raised.end.line, 7);
  assert.match(raised.end.message ?? '', /ValueError: no\nTraceback/);
  const crashed = await run(fakePython([], 'exit 9'));
  assert.equal(crashed.end.outcome, 'crashed');
  assert.match(crashed.end.message ?? '', /exited with code 9.*script output/);
  const none = await run(join(tmp, 'no-python'));
  assert.equal(none.end.outcome, 'failed');
  assert.match(none.end.message ?? '', /no Python interpreter/);
});

test('flags: --ray takes an address (http:// added when bare) and implies the Keras engine; --jax-devices a count', () => {
  const k: Parameters<typeof kerasFlag>[0] = { python: 'python3', mode: 'model' };
  for (const [flag, value, problem] of [
    ['--ray', '--epochs', /--ray takes the address/],
    ['--jax-devices', '0', /--jax-devices needs a whole number of at least 1/],
    ['--jax-devices', 'two', /--jax-devices needs a whole number/],
  ] as const) {
    assert.match(kerasFlag(k, flag, value) ?? '', problem);
  }
  assert.equal(kerasFlag(k, '--ray', '127.0.0.1:8265'), undefined);
  assert.deepEqual({ ray: k.ray, engine: k.engine }, { ray: 'http://127.0.0.1:8265', engine: 'keras' });
  kerasFlag(k, '--ray', 'https://ray.example:443');
  assert.equal(k.ray, 'https://ray.example:443');
  assert.equal(kerasFlag(k, '--jax-devices', '2'), undefined);
  assert.equal(k.jaxDevices, 2);
});

test('session on Ray: the job line names the job (not a chart event); a Ray failure gets no Keras install hint', async () => {
  const session = new KerasSession({ python: fakePython(['{"type":"job","id":"model-lens-x-1","address":"http://h:1","dashboard":"http://h:1/#/jobs/model-lens-x-1"}', '{"type":"failed","code":"backend","message":"No Ray head answers at http://h:1."}'], 'exit 1'), ray: 'http://h:1' });
  const events: WorkerEvent[] = [];
  const jobs: unknown[] = [];
  session.on('event', (e) => events.push(e));
  session.on('job', (j) => jobs.push(j));
  session.start({ mode: 'script', script: '/nowhere.py', progressIntervalMs: 0 });
  const end = await session.ended;
  assert.deepEqual(jobs, [{ id: 'model-lens-x-1', address: 'http://h:1', dashboard: 'http://h:1/#/jobs/model-lens-x-1' }]);
  assert.deepEqual(events.map((e) => e.type), ['failed']);
  assert.equal(end.message, 'No Ray head answers at http://h:1.');
});
