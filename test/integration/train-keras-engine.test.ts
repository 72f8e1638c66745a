/**
 * The Keras engine (`--engine keras`): the person's own Python and Keras train, the runner streams JSON lines,
 * and the CLI and chart see the TF.js worker's events. Run with the test venv (scripts/keras-venv.sh: Keras
 * 3.15.1, TensorFlow, jax[cpu]); small limits, the machine has 2 CPUs.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { initParser } from '../../src/core/python/analyze';
import { planTraining } from '../../src/train/host/plan';
import { KerasSession } from '../../src/train/python/keras-session';
import { modelJob, type ModelJob } from '../../src/train/python/python-job';
import type { WorkerEvent } from '../../src/train/worker-protocol';
import { cliTrain, requireBuild, requireFashionMnist, ROOT } from './helpers';

const PYTHON = join(process.env.MODEL_LENS_CACHE ?? join(homedir(), '.cache', 'model-lens'), 'keras-venv', 'bin', 'python');
const tmp = mkdtempSync(join(tmpdir(), 'model-lens-keras-engine-'));

before(async () => {
  requireBuild();
  requireFashionMnist();
  try {
    execFileSync(PYTHON, ['-c', 'import keras, jax'], { env: { ...process.env, KERAS_BACKEND: 'jax' }, stdio: 'ignore' });
  } catch {
    throw new Error(`The Keras venv with jax is missing: bash scripts/keras-venv.sh (expected ${PYTHON}).`);
  }
  await initParser();
});
after(() => rmSync(tmp, { recursive: true, force: true }));

function job(extra: Partial<ModelJob> = {}, limit = 6000): ModelJob {
  const { plan, problems } = planTraining(readFileSync(join(ROOT, 'examples', 'fashion_mnist.py'), 'utf8'), { epochs: 1, limit, testLimit: 500, seed: 3, progressIntervalMs: 100 });
  assert.deepEqual(problems, []);
  const made = modelJob(plan!.job);
  assert.ok(!('error' in made));
  return { ...made, ...extra };
}

async function run(j: Parameters<KerasSession['start']>[0], onEvent?: (e: WorkerEvent, session: KerasSession) => void) {
  const session = new KerasSession({ python: PYTHON, backend: 'jax' });
  const events: WorkerEvent[] = [];
  session.on('event', (e) => {
    events.push(e);
    onEvent?.(e, session);
  });
  session.start(j);
  const end = await session.ended;
  return { end, events };
}

const ofType = <T extends WorkerEvent['type']>(events: WorkerEvent[], type: T) => events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);

test('train the model: per-batch points, an epoch point, the test with its confusion matrix, a .keras file', async () => {
  const savePath = join(tmp, 'trained.keras');
  const { end, events } = await run(job({ savePath }));
  assert.equal(end.outcome, 'completed', end.message);
  assert.deepEqual(ofType(events, 'backend')[0]?.name, 'keras-jax');
  const points = ofType(events, 'batch').map((e) => e.point);
  assert.ok(points.length >= 2, `per-batch points arrive (${points.length})`);
  assert.equal(points.at(-1)!.batch, 188, 'the last point is the epoch\'s last batch (6000 / 32)');
  assert.ok(points.every((p) => Number.isFinite(p.loss) && p.acc !== undefined && p.samplesPerSec > 0));
  assert.equal(ofType(events, 'epoch').length, 1);
  const evaluation = ofType(events, 'evaluation')[0]?.evaluation;
  assert.equal(evaluation?.samples, 500);
  assert.equal(evaluation?.confusion.flat().reduce((a, b) => a + b, 0), 500);
  assert.ok(existsSync(savePath), 'the model is saved as a .keras file');
});

test('acceptance: fashion_mnist.py on JAX reaches 80 % test accuracy in one epoch', async () => {
  const r = await cliTrain(['examples/fashion_mnist.py', '--engine', 'keras', '--keras-backend', 'jax', '--python', PYTHON, '--epochs', '1', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.lines.filter((l) => l.event === 'epoch').length, 1);
  const result = r.lines.find((l) => l.event === 'result')!;
  assert.equal(result.backend, 'keras-jax');
  assert.ok((result.testAccuracy as number) >= 0.8, `test accuracy ${result.testAccuracy}`);
});

test('stop: the fit ends after its batch, the run says where, no epoch point for the unfinished epoch', async () => {
  let stopped = false;
  // All 60,000 samples (1,688 batches an epoch): with 6,000 a fast backend finished the epoch before the stop landed.
  const { end, events } = await run(job({ fit: { ...job().fit, epochs: 3 } }, 60_000), (e, session) => {
    if (e.type === 'batch' && e.point.batch >= 20 && !stopped) {
      stopped = true;
      session.stop();
    }
  });
  assert.equal(end.outcome, 'stopped', end.message);
  const done = ofType(events, 'done')[0];
  assert.ok(done?.stoppedAt, 'the runner says where it stopped');
  assert.equal(done.stoppedAt.epoch, 1);
  assert.ok(done.stoppedAt.batch < done.stoppedAt.batches, `stopped at batch ${done.stoppedAt.batch} of ${done.stoppedAt.batches}`);
  assert.equal(ofType(events, 'epoch').length, 0);
  assert.equal(ofType(events, 'batch').at(-1)!.point.batch, done.stoppedAt.batch, 'the curve runs to the batch the stop came after');
});

const SCRIPT = `import numpy as np
import keras

x = np.random.rand(512, 8).astype("float32")
y = (x.sum(axis=1) > 4).astype("int32")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5, batch_size=16, verbose=0)
model.evaluate(x, y, verbose=0)
`;

test('run the script: its own fit streams per batch, its evaluate is the test, --epochs overrides', async () => {
  const script = join(tmp, 'ok.py');
  writeFileSync(script, SCRIPT);
  const { end, events } = await run({ mode: 'script', script, epochs: 2, progressIntervalMs: 0 });
  assert.equal(end.outcome, 'completed', end.message);
  assert.equal(ofType(events, 'batch').length, 64, '32 batches an epoch, every one (no throttle), 2 epochs');
  assert.equal(ofType(events, 'epoch').length, 2);
  assert.equal(ofType(events, 'evaluation')[0]?.evaluation.samples, 512);
});

test('a script that raises: the exception, its traceback and the script\'s line', async () => {
  const script = join(tmp, 'raises.py');
  writeFileSync(script, `${SCRIPT}\ndef check(m):\n    raise ValueError("the labels are wrong")\n\ncheck(model)\n`);
  const r = await cliTrain([script, '--engine', 'keras', '--mode', 'script', '--keras-backend', 'jax', '--python', PYTHON, '--epochs', '1']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /raises\.py:12: ValueError: the labels are wrong/);
  assert.match(r.stderr, /Traceback \(most recent call last\):\n  File "[^"]*raises\.py", line 14, in <module>[\s\S]*line 12, in check/);
});

test('a Python without Keras: a clear message that says how to install it', async () => {
  const noKeras = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  const r = await cliTrain(['examples/fashion_mnist.py', '--engine', 'keras', '--keras-backend', 'jax', '--python', noKeras, '--epochs', '1', '--limit', '100']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Keras does not import in .*ModuleNotFoundError: No module named 'keras'/);
  assert.match(r.stderr, /pip install keras 'jax\[cpu\]'/);
  const missing = await cliTrain(['examples/fashion_mnist.py', '--engine', 'keras', '--python', join(tmp, 'no-such-python'), '--epochs', '1']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /There is no Python interpreter/);
});
