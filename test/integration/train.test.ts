/**
 * Training end to end in plain Node on real Fashion-MNIST (Debian's dataset-fashion-mnist or Keras's cache):
 * the built CLI and worker, the tutorial model's accuracy, stop within a second with the process gone, three
 * runs in a row, a worker killed from outside, NaN loss, bad data. Run: npm run test:integration
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { initParser } from '../../src/core/python/analyze';
import { planTraining } from '../../src/train/host/plan';
import { TrainingSession, type SessionEnd } from '../../src/train/host/session';
import type { TrainJob, WorkerEvent } from '../../src/train/worker-protocol';
import { alive, cliTrain, requireBuild, requireFashionMnist, ROOT, WORKER } from './helpers';

const TUTORIAL = join(ROOT, 'examples', 'fashion_mnist.py');
let dataFolder: string;
const tmp = mkdtempSync(join(tmpdir(), 'model-lens-train-'));

before(async () => {
  requireBuild();
  dataFolder = requireFashionMnist();
  await initParser();
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A job for the tutorial model, planned as the editor plans it. */
function tutorialJob(options: Parameters<typeof planTraining>[1] = {}): TrainJob {
  const { plan, problems } = planTraining(readFileSync(TUTORIAL, 'utf8'), options);
  assert.deepEqual(problems, []);
  return plan!.job;
}

function runSession(job: TrainJob, onEvent?: (e: WorkerEvent, s: TrainingSession) => void): { session: TrainingSession; events: WorkerEvent[]; ended: Promise<SessionEnd> } {
  const session = new TrainingSession({ workerPath: WORKER });
  const events: WorkerEvent[] = [];
  session.on('event', (e) => {
    events.push(e);
    onEvent?.(e, session);
  });
  session.start(job);
  return { session, events, ended: session.ended };
}

/**
 * Pids of this process's children that are training workers, read from /proc (spawning ps would count itself;
 * tsx's own esbuild service is a child of the test process too, and is not ours to count).
 */
function childProcesses(): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('train-worker')) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/** The heap in use after a full collection (gc exposed at run time, as the test runner does not pass --expose-gc). */
function heapUsedAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

describe('training on real Fashion-MNIST', () => {
  test('the tutorial model, 1 epoch on 10,000 training images, scores at least 75% on 2,000 test images', async () => {
    const r = await cliTrain([TUTORIAL, '--epochs', '1', '--limit', '10000', '--test-limit', '2000', '--json', '--seed', '1']);
    assert.equal(r.code, 0, r.stderr);
    const data = r.lines.find((l) => l.event === 'data')!;
    assert.equal(data.train, 10000);
    assert.equal(data.test, 2000);
    const epochs = r.lines.filter((l) => l.event === 'epoch');
    assert.equal(epochs.length, 1);
    const result = r.lines.find((l) => l.event === 'result')!;
    const acc = result.testAccuracy as number;
    process.stdout.write(`# tutorial: test accuracy ${(acc * 100).toFixed(2)}% on 2,000 images, ${result.samplesPerSec} samples/s on ${result.backend}\n`);
    assert.ok(acc >= 0.75, `test accuracy ${acc}`);
    assert.ok((result.samplesPerSec as number) > 0);
    assert.ok(['tensorflow', 'wasm', 'cpu'].includes(result.backend as string));
  });

  test('progress arrives while it trains: batch points, then epochs, then the evaluation', async () => {
    const job = tutorialJob({ epochs: 2, limit: 3000, testLimit: 500, seed: 2, progressIntervalMs: 200 });
    const { events, ended } = runSession(job);
    const end = await ended;
    assert.equal(end.outcome, 'completed', end.message);
    const kinds = events.map((e) => e.type);
    assert.deepEqual(kinds.slice(0, 1), ['phase']);
    assert.ok(kinds.indexOf('backend') < kinds.indexOf('data'));
    assert.ok(kinds.indexOf('batch') < kinds.indexOf('epoch'));
    assert.equal(kinds.filter((k) => k === 'epoch').length, 2);
    assert.ok(kinds.lastIndexOf('evaluation') > kinds.lastIndexOf('epoch'));
    const points = events.filter((e): e is Extract<WorkerEvent, { type: 'batch' }> => e.type === 'batch').map((e) => e.point);
    assert.ok(points.length >= 4, `${points.length} points`);
    assert.equal(points[points.length - 1].x, 2);
    assert.ok(points.every((p, i) => i === 0 || p.x > points[i - 1].x));
    const evaluation = events.find((e): e is Extract<WorkerEvent, { type: 'evaluation' }> => e.type === 'evaluation')!.evaluation;
    assert.equal(evaluation.samples, 500);
    assert.equal(evaluation.classNames[0], 'T-shirt/top');
    assert.equal(evaluation.confusion.flat().reduce((a, b) => a + b, 0), 500);
    assert.ok(evaluation.gallery.length > 0 && evaluation.gallery[0].width === 28);
    // Mistakes come first in the gallery.
    const firstRight = evaluation.gallery.findIndex((g) => g.predicted === g.actual);
    assert.ok(firstRight === -1 || evaluation.gallery.slice(firstRight).every((g) => g.predicted === g.actual));
  });

  test('stop mid-epoch ends the run within a second and the process is gone', async () => {
    const job = tutorialJob({ epochs: 3, seed: 3 });
    let stoppedAt = 0;
    const { session, ended } = runSession(job, (e, s) => {
      if (e.type === 'batch' && !stoppedAt && e.point.batch > 20) {
        stoppedAt = Date.now();
        s.stop();
      }
    });
    const pid = session.pid!;
    const end = await ended;
    const took = Date.now() - stoppedAt;
    assert.ok(stoppedAt > 0, 'training reached batch 20');
    assert.equal(end.outcome, 'stopped');
    assert.ok(took <= 1000, `stopped after ${took} ms`);
    assert.equal(alive(pid), false, `worker ${pid} still alive`);
  });

  test('stop while the data is loading also ends within a second', async () => {
    const job = tutorialJob({ epochs: 1, seed: 4 });
    let stoppedAt = 0;
    const { session, ended } = runSession(job, (e, s) => {
      if (e.type === 'phase' && e.phase === 'Reading data' && !stoppedAt) {
        stoppedAt = Date.now();
        s.stop();
      }
    });
    const pid = session.pid!;
    const end = await ended;
    assert.ok(stoppedAt > 0);
    assert.equal(end.outcome, 'stopped');
    assert.ok(Date.now() - stoppedAt <= 1000);
    assert.equal(alive(pid), false);
  });

  test('three runs in a row, each in its own process', async () => {
    const pids = new Set<number>();
    for (let i = 0; i < 3; i++) {
      const { session, events, ended } = runSession(tutorialJob({ epochs: 1, limit: 2000, testLimit: 500, seed: 10 + i }));
      pids.add(session.pid!);
      const end = await ended;
      assert.equal(end.outcome, 'completed', `run ${i + 1}: ${end.message}`);
      const evaluation = events.find((e): e is Extract<WorkerEvent, { type: 'evaluation' }> => e.type === 'evaluation');
      assert.ok(evaluation && evaluation.evaluation.testAcc! > 0.5, `run ${i + 1}`);
      assert.equal(alive(session.pid!), false);
    }
    assert.equal(pids.size, 3);
  });

  test('five runs in a row, cancelled while loading, cancelled mid-epoch or finished: no process is left and host memory does not grow', async () => {
    const heapAfter: number[] = [];
    let seenWhileRunning = 0;
    for (let i = 0; i < 5; i++) {
      const mode = ['loading', 'mid-epoch', 'finish'][i % 3];
      const { session, ended } = runSession(tutorialJob({ epochs: 1, limit: 3000, testLimit: 300, seed: 20 + i }), (e, s) => {
        if (e.type !== 'batch') return;
        // The count sees the worker while it trains, so the zero after each run means something.
        if (childProcesses().includes(s.pid!)) seenWhileRunning++;
        if (mode === 'mid-epoch') s.stop();
      });
      if (mode === 'loading') session.stop();
      const end = await ended;
      assert.equal(end.outcome, mode === 'finish' ? 'completed' : 'stopped', `run ${i + 1} (${mode}): ${end.outcome} ${end.message ?? ''}`);
      // Counted, not assumed: the host has no child process left once a run has ended.
      assert.deepEqual(childProcesses(), [], `run ${i + 1} (${mode}) left a training process behind`);
      assert.equal(alive(session.pid!), false);
      heapAfter.push(heapUsedAfterGc());
    }
    assert.ok(seenWhileRunning > 0, 'the worker was never seen among the child processes');
    const growthMb = (heapAfter[4] - heapAfter[0]) / 2 ** 20;
    process.stdout.write(`# five runs: host heap after each run (MB): ${heapAfter.map((h) => (h / 2 ** 20).toFixed(1)).join(', ')}\n`);
    assert.ok(growthMb < 16, `the host's heap grew by ${growthMb.toFixed(1)} MB over five runs`);
  });

  test('a worker killed from outside is reported, and the next run works', async () => {
    const { session, ended } = runSession(tutorialJob({ epochs: 2, seed: 5 }), (e) => {
      if (e.type === 'batch') process.kill(session.pid!, 'SIGKILL');
    });
    const end = await ended;
    assert.equal(end.outcome, 'crashed');
    assert.match(end.message!, /The training process was killed \(SIGKILL\) before the run finished\..*The next run starts a fresh process\./);
    const next = runSession(tutorialJob({ epochs: 1, limit: 1000, testLimit: 200, seed: 6 }));
    assert.equal((await next.ended).outcome, 'completed');
  });

  test('NaN loss stops the run and names the batch', async () => {
    const file = join(tmp, 'nan.py');
    // Regression on the class ids with a learning rate far too large: the weights overflow within a few batches.
    writeFileSync(
      file,
      `import tensorflow as tf
(x, y), _ = tf.keras.datasets.fashion_mnist.load_data()
model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)), tf.keras.layers.Dense(64, activation="relu"), tf.keras.layers.Dense(1)])
model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=1e12), loss="mse")
model.fit(x, y, epochs=1)
`,
    );
    const r = await cliTrain([file, '--epochs', '1', '--limit', '3000', '--json']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /The loss became NaN at epoch 1, batch \d+ of 94, so training stopped\. A smaller learning rate \(now 1000000000000\)/);
    assert.equal(r.lines[r.lines.length - 1].event, 'error');
  });

  test('a convnet trains on the WebAssembly backend (with our filter gradient), on files given on the command line', async () => {
    const f = (name: string) => join(dataFolder, name);
    const r = await cliTrain([
      join(ROOT, 'examples', 'mnist_convnet.py'),
      '--data-files', `${f('train-images-idx3-ubyte.gz')},${f('train-labels-idx1-ubyte.gz')}`,
      '--test-files', `${f('t10k-images-idx3-ubyte.gz')},${f('t10k-labels-idx1-ubyte.gz')}`,
      '--limit', '2000', '--test-limit', '500', '--input-scaling', 'divideBy255', '--backend', 'wasm', '--seed', '8', '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const data = r.lines.find((l) => l.event === 'data')!;
    assert.deepEqual(data.sampleShape, [28, 28, 1]);
    const result = r.lines.find((l) => l.event === 'result')!;
    process.stdout.write(`# convnet: test accuracy ${((result.testAccuracy as number) * 100).toFixed(2)}%, ${result.samplesPerSec} samples/s on ${result.backend}\n`);
    assert.equal(result.backend, 'wasm');
    assert.ok((result.testAccuracy as number) > 0.5, `test accuracy ${result.testAccuracy}`);
  });

  test('recurrent layers train (LSTM, GRU and SimpleRNN, whose orthogonal initializer needs TF.js tensor methods)', async () => {
    // Keras's GRU defaults to reset_after=True, which TF.js lacks (the plan refuses it, naming the line).
    for (const [layer, args] of [['LSTM', '16'], ['GRU', '16, reset_after=False'], ['SimpleRNN', '16']]) {
      const source = [
        'import keras',
        'from keras import layers',
        '(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()',
        'x_train = x_train / 255.0',
        `model = keras.Sequential([keras.Input(shape=(28, 28)), layers.${layer}(${args}), layers.Dense(10, activation="softmax")])`,
        'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])',
        'model.fit(x_train, y_train, epochs=1, batch_size=64)',
        '',
      ].join('\n');
      const file = join(tmp, `${layer.toLowerCase()}.py`);
      writeFileSync(file, source);
      const r = await cliTrain([file, '--limit', '640', '--test-limit', '100', '--json']);
      assert.equal(r.code, 0, `${layer}: ${r.stderr}`);
      const epoch = r.lines.find((l) => l.event === 'epoch')!;
      assert.ok(Number.isFinite(epoch.loss as number), `${layer}: loss ${epoch.loss}`);
    }
  });

  test('a logits output with from_logits=True and class ids trains (TF.js checks custom losses against one-hot targets)', async () => {
    const source = [
      'import keras',
      '(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()',
      'x_train, x_test = x_train / 255.0, x_test / 255.0',
      'model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10)])',
      'model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])',
      'model.fit(x_train, y_train, epochs=1)',
      '',
    ].join('\n');
    const file = join(tmp, 'logits.py');
    writeFileSync(file, source);
    const r = await cliTrain([file, '--limit', '3000', '--test-limit', '500', '--json']);
    assert.equal(r.code, 0, r.stderr);
    // The accuracy of the epoch comes from the metric's logs key, which the production bundle must not rename.
    const epoch = r.lines.find((l) => l.event === 'epoch')!;
    assert.ok((epoch.accuracy as number) > 0.5, `epoch accuracy ${epoch.accuracy}`);
    const result = r.lines.find((l) => l.event === 'result')!;
    assert.ok((result.testAccuracy as number) > 0.6, `test accuracy ${result.testAccuracy}`);
  });

  test('settings held in a dict train as the analyzer reads them: Dense(cfg["units"]), fit(epochs=cfg["epochs"])', async () => {
    const source = [
      'import tensorflow as tf',
      'cfg = {"units": 64, "epochs": 3}',
      '(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()',
      'x_train, x_test = x_train / 255.0, x_test / 255.0',
      'model = tf.keras.Sequential([tf.keras.Input(shape=(28, 28)), tf.keras.layers.Flatten(), tf.keras.layers.Dense(cfg["units"], activation="relu"), tf.keras.layers.Dense(10)])',
      'model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=3e-3), loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])',
      'model.fit(x_train, y_train, epochs=cfg["epochs"])',
      '',
    ].join('\n');
    const file = join(tmp, 'dict_settings.py');
    writeFileSync(file, source);
    const one = await cliTrain([file, '--epochs', '1', '--limit', '2000', '--test-limit', '500', '--json']);
    assert.equal(one.code, 0, one.stderr);
    const plan = one.lines.find((l) => l.event === 'plan')!;
    assert.equal(plan.params, 784 * 64 + 64 + 64 * 10 + 10);
    assert.ok((plan.settings as string[]).includes('epochs: 1 (chosen for this run)'), String(plan.settings));
    assert.ok((plan.settings as string[]).includes('optimizer: Adam (learning rate 0.003)'), String(plan.settings));
    assert.equal(one.lines.filter((l) => l.event === 'epoch').length, 1);
    // Without --epochs the file's cfg["epochs"] decides.
    const three = await cliTrain([file, '--limit', '600', '--test-limit', '100', '--json']);
    assert.equal(three.code, 0, three.stderr);
    assert.ok((three.lines.find((l) => l.event === 'plan')!.settings as string[]).includes('epochs: 3 (line 7)'));
    assert.equal(three.lines.filter((l) => l.event === 'epoch').length, 3);
  });

  test('a notebook trains from the command line; a problem names the cell and the line there', async () => {
    const ok = await cliTrain([join(ROOT, 'examples', 'fashion_mnist.ipynb'), '--limit', '1000', '--test-limit', '200', '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok((ok.lines.find((l) => l.event === 'result')!.testAccuracy as number) > 0.5);
    const cell = (source: string[]) => ({ cell_type: 'code', source, metadata: {}, outputs: [], execution_count: null });
    const notebook = {
      cells: [
        cell(['import keras\n', 'from keras import layers\n', '(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()\n']),
        { cell_type: 'markdown', source: ['# The model'], metadata: {} },
        cell(['model = keras.Sequential([\n', '    keras.Input(shape=(28, 28)),\n', '    layers.GRU(16),\n', "    layers.Dense(10, activation='softmax'),\n", '])\n', "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n", 'model.fit(x_train, y_train, epochs=1)\n']),
      ],
      metadata: { language_info: { name: 'python' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const file = join(tmp, 'gru.ipynb');
    writeFileSync(file, JSON.stringify(notebook));
    const bad = await cliTrain([file, '--json']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /gru\.ipynb:cell 3:3: GRU "gru" \(line 3\): reset_after=True has no TensorFlow\.js counterpart/);
    const error = bad.lines.find((l) => l.event === 'error')!;
    // In JSON the cell is its index in the notebook (0-based, markdown counted), as `summary --json` gives it.
    assert.deepEqual([error.cell, error.line], [2, 3]);
  });

  test('the trained model is saved in TF.js format', async () => {
    const out = join(tmp, 'saved');
    const r = await cliTrain([TUTORIAL, '--epochs', '1', '--limit', '1000', '--test-limit', '100', '--save', out]);
    assert.equal(r.code, 0, r.stderr);
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    assert.equal(model.format, 'layers-model');
    assert.deepEqual(model.weightsManifest[0].paths, ['weights.bin']);
    assert.equal(readFileSync(join(out, 'weights.bin')).length, 203530 * 4);
    // And it loads back.
    const { loadBackend } = await import('../../src/train/worker/backend');
    const { tf } = await loadBackend('cpu');
    const weights = readFileSync(join(out, 'weights.bin'));
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: model.modelTopology, weightSpecs: model.weightsManifest[0].weights, weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length) }),
    );
    assert.equal(loaded.countParams(), 203530);
    // Trained on logits, saved with its softmax: each prediction is a probability distribution.
    const rows = (loaded.predict(tf.randomUniform([3, 28, 28])) as import('@tensorflow/tfjs-core').Tensor).arraySync() as number[][];
    for (const row of rows) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5 && row.every((p) => p >= 0), `not probabilities: ${row}`);
  });
});

describe('bad input exits non-zero with a clear message', () => {
  test('a corrupt data file', async () => {
    const folder = join(tmp, 'corrupt', 'fashion-mnist');
    mkdirSync(folder, { recursive: true });
    for (const f of ['train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']) copyFileSync(join(dataFolder, f), join(folder, f));
    const images = readFileSync(join(dataFolder, 'train-images-idx3-ubyte.gz'));
    writeFileSync(join(folder, 'train-images-idx3-ubyte.gz'), images.subarray(0, images.length >> 1));
    const r = await cliTrain([TUTORIAL, '--data', join(tmp, 'corrupt'), '--epochs', '1']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /train-images-idx3-ubyte\.gz is not a valid gzip file: it ends too early \(the download was cut short\?\)\. Download it again\./);
  });

  test('data that does not fit the model names both sides', async () => {
    const file = join(tmp, 'wrong.py');
    writeFileSync(file, readFileSync(TUTORIAL, 'utf8').replace('input_shape=(28, 28)', 'input_shape=(32, 32)').replace('Dense(10,', 'Dense(5,'));
    const r = await cliTrain([file, '--limit', '100']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /each sample has shape \(28, 28\) \(784 values\), but the model's input is \(None, 32, 32\) \(1,024 values per sample\)/);
  });

  test('a layer TF.js cannot train stops the run before it starts, with its line', async () => {
    const file = join(tmp, 'lambda.py');
    writeFileSync(file, readFileSync(TUTORIAL, 'utf8').replace('tf.keras.layers.Dense(256, activation=tf.nn.relu),', 'tf.keras.layers.Lambda(lambda x: x * 2),'));
    const r = await cliTrain([file, '--json']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /lambda\.py:14: Lambda "lambda" \(line 14\): a Lambda layer runs Python code, which TensorFlow\.js cannot run\./);
  });

  test('bad options and missing files', async () => {
    assert.equal((await cliTrain([TUTORIAL, '--epochs', 'zero'])).code, 2);
    assert.match((await cliTrain([TUTORIAL, '--backend', 'gpu'])).stderr, /--backend must be auto, tensorflow, wasm or cpu, got 'gpu'/);
    const missing = await cliTrain([join(tmp, 'nope.py')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read .*nope\.py: ENOENT/);
    assert.ok(!existsSync(join(tmp, 'nope.py')));
  });
});
