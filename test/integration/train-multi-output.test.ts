/**
 * A functional model with two outputs (a classification head and a regression head) trains from an .npz with
 * one labels array per output under the output layer's name (`y_train_kind`, `y_train_size`), as Keras's
 * `model.fit(x, {"kind": ..., "size": ...})` matches them, or from one labels file per output (`y_kind.npy`),
 * on the TF.js engine and on the Keras engine (the test venv's Python, JAX): the total loss falls, each
 * output's loss is reported (Keras 3's log keys `kind_loss`, `kind_accuracy`, `size_loss`), the test is per output.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir as osTmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { zipSync } from 'fflate';
import { cliTrain, requireBuild } from './helpers';
import { parseMetrics, parseRunRecord } from '../../src/train/runs/record';
import { MODEL, split, twoOutputsNpz } from './two-outputs-data';

const PYTHON = join(process.env.MODEL_LENS_CACHE ?? join(homedir(), '.cache', 'model-lens'), 'keras-venv', 'bin', 'python');
const KERAS = ['--engine', 'keras', '--keras-backend', 'jax', '--python', PYTHON];

function requireKeras(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import keras, jax'], { env: { ...process.env, KERAS_BACKEND: 'jax' }, stdio: 'ignore' });
  } catch {
    throw new Error(`The Keras venv with jax is missing: bash scripts/keras-venv.sh (expected ${PYTHON}).`);
  }
}

/** Real Keras's test of a TF.js-trained model: the model from its source, the saved weights by name, evaluate(). */
const KERAS_EVALUATE = `"""Real Keras's test of a TF.js-trained model: the model from its source, the saved weights by name, evaluate()."""
import json, os, sys
os.environ.setdefault("KERAS_BACKEND", "jax")
import numpy as np
source, saved, data = sys.argv[1:4]
scope = {}
exec(open(source).read(), scope)
model = scope["model"]
manifest = json.load(open(os.path.join(saved, "model.json")))["weightsManifest"][0]["weights"]
blob = np.fromfile(os.path.join(saved, "weights.bin"), dtype="<f4")
at = 0
for w in manifest:
    size = int(np.prod(w["shape"]))
    layer_name, weight = w["name"].split("/")
    getattr(model.get_layer(layer_name), weight).assign(blob[at:at + size].reshape(w["shape"]))
    at += size
with np.load(data) as f:
    x = f["x_test"]
    y = {n: f["y_test_" + n] for n in model.output_names}
print(json.dumps({k: float(v) for k, v in model.evaluate(x, y, batch_size=256, verbose=0, return_dict=True).items()}))
`;

type Line = Record<string, unknown>;
type Outputs = { name: string; loss: number; acc?: number; valLoss?: number }[];

/** 10 epochs on 800 samples: the total loss and each output's loss fall; the test has both outputs' losses. */
function trainedAndTested(r: Awaited<ReturnType<typeof cliTrain>>): void {
  assert.equal(r.code, 0, r.stderr);
  const epochs = r.lines.filter((l) => l.event === 'epoch');
  assert.equal(epochs.length, 10);
  const first = epochs[0] as Line & { outputs: Outputs };
  const last = epochs[9] as Line & { outputs: Outputs };
  assert.deepEqual(last.outputs.map((o) => o.name), ['kind', 'size']);
  assert.ok((last.loss as number) < (first.loss as number), 'the total loss falls');
  for (const i of [0, 1]) assert.ok(last.outputs[i].loss < first.outputs[i].loss, `${last.outputs[i].name}'s loss falls`);
  // Keras's total: each output's loss times its weight (kind 1.0, size 0.5), summed.
  assert.ok(Math.abs((last.loss as number) - (last.outputs[0].loss + 0.5 * last.outputs[1].loss)) < 1e-3 * (last.loss as number) + 1e-4, JSON.stringify(last));
  assert.equal(typeof last.outputs[0].acc, 'number', 'kind tracks accuracy');
  assert.equal(last.outputs[1].acc, undefined, 'size does not');
  const result = r.lines.find((l) => l.event === 'result') as Line & { testOutputs: Outputs };
  assert.equal(result.testSamples, 200);
  assert.deepEqual(result.testOutputs.map((o) => o.name), ['kind', 'size']);
  assert.equal(result.shownOutput, 'kind', 'the confusion matrix is of the classification output');
  assert.ok(Math.abs((result.testLoss as number) - (result.testOutputs[0].loss + 0.5 * result.testOutputs[1].loss)) < 1e-3, JSON.stringify(result.testOutputs));
  assert.ok((result.testAccuracy as number) > 0.6, `test accuracy of kind ${String(result.testAccuracy)}`);
}

/**
 * The run's per-batch points (metrics.jsonl batch lines) carry each output's loss, kind's accuracy too, finite;
 * the total is their weighted sum (kind 1.0, size 0.5) within `tolerance`, relative.
 */
function batchPointsPerOutput(runs: string, tolerance: number): void {
  const [folder] = readdirSync(runs);
  const batches = parseMetrics(readFileSync(join(runs, folder, 'metrics.jsonl'), 'utf8')).filter((m) => m.kind === 'batch');
  assert.ok(batches.length >= 10, `a batch point per epoch at least: ${batches.length}`);
  for (const m of batches) {
    assert.ok(m.kind === 'batch' && m.outputs, JSON.stringify(m));
    assert.deepEqual(m.outputs.map((o) => o.name), ['kind', 'size']);
    assert.ok(m.outputs.every((o) => Number.isFinite(o.loss)) && Number.isFinite(m.outputs[0].acc) && m.outputs[1].acc === undefined, JSON.stringify(m));
    const sum = m.outputs[0].loss + 0.5 * m.outputs[1].loss;
    assert.ok(Math.abs(m.loss - sum) <= tolerance * m.loss + 1e-5, `total ${m.loss} vs Σ weight·loss ${sum}: ${JSON.stringify(m)}`);
  }
}

describe('a model with two outputs', () => {
  let dir: string;
  let file: string;
  before(() => {
    requireBuild();
    dir = mkdtempSync(join(osTmpdir(), 'ml-multi-out-'));
    file = join(dir, 'two_outputs.py');
    writeFileSync(file, MODEL);
    const train = split(800, 1);
    const test = split(200, 2);
    writeFileSync(join(dir, 'data.npz'), twoOutputsNpz(800, 200));
    writeFileSync(join(dir, 'no_size.npz'), zipSync({ 'x_train.npy': train.features, 'y_train_kind.npy': train.kind, 'y_train.npy': train.kind }));
    for (const [name, bytes] of Object.entries({ 'x.npy': train.features, 'y_kind.npy': train.kind, 'y_size.npy': train.size, 'x_test.npy': test.features, 'y_test_kind.npy': test.kind, 'y_test_size.npy': test.size })) writeFileSync(join(dir, name), bytes);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('trains on TF.js from an .npz with a labels array per output, named after the output layers; the run record keeps each output', async () => {
    const runs = join(dir, 'runs');
    const r = await cliTrain([file, '--data-files', join(dir, 'data.npz'), '--epochs', '10', '--batch-size', '32', '--seed', '3', '--backend', 'wasm', '--runs-dir', runs, '--json']);
    trainedAndTested(r);
    const [folder] = readdirSync(runs);
    const record = parseRunRecord(readFileSync(join(runs, folder, 'run.json'), 'utf8'))!;
    assert.equal(record.hyperparameters.loss, 'kind: sparse_categorical_crossentropy ×1, size: mean_squared_error ×0.5');
    assert.deepEqual(record.evaluation?.outputs?.map((o) => o.name), ['kind', 'size']);
    const epochs = parseMetrics(readFileSync(join(runs, folder, 'metrics.jsonl'), 'utf8')).filter((m) => m.kind === 'epoch');
    assert.equal(epochs.length, 10);
    assert.ok(epochs.every((m) => m.kind === 'epoch' && m.outputs?.length === 2));
    // TF.js logs each output's batch loss weighted; divided back, the total is their weighted sum again.
    batchPointsPerOutput(runs, 1e-4);
  });

  test("each output's test loss is the one real Keras computes for the saved weights (TF.js's own evaluate() is wrong for several outputs)", async () => {
    requireKeras();
    const saved = join(dir, 'saved');
    const r = await cliTrain([file, '--data-files', join(dir, 'data.npz'), '--epochs', '2', '--seed', '1', '--backend', 'wasm', '--save', saved, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const result = r.lines.find((l) => l.event === 'result') as Line & { testOutputs: Outputs };
    writeFileSync(join(dir, 'keras_eval.py'), KERAS_EVALUATE);
    const keras = JSON.parse(execFileSync(PYTHON, [join(dir, 'keras_eval.py'), file, saved, join(dir, 'data.npz')], { env: { ...process.env, KERAS_BACKEND: 'jax' }, encoding: 'utf8' }).trim().split('\n').pop()!) as Record<string, number>;
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));
    assert.ok(close(result.testLoss as number, keras.loss), `total ${String(result.testLoss)} vs Keras ${keras.loss}`);
    for (const o of result.testOutputs) assert.ok(close(o.loss, keras[`${o.name}_loss`]), `${o.name}: ${o.loss} vs Keras ${keras[`${o.name}_loss`]}`);
    assert.ok(close(result.testOutputs[0].acc!, keras.kind_accuracy));
  });

  test('trains from one labels file per output (matched by name, in any order)', async () => {
    const at = (...names: string[]) => names.map((n) => join(dir, n)).join(',');
    const r = await cliTrain([file, '--data-files', at('x.npy', 'y_size.npy', 'y_kind.npy'), '--test-files', at('x_test.npy', 'y_test_kind.npy', 'y_test_size.npy'), '--epochs', '10', '--batch-size', '32', '--seed', '3', '--backend', 'wasm', '--json']);
    trainedAndTested(r);
  });

  test('trains on the Keras engine from the same .npz, its labels passed by output name (Keras 3 logs kind_loss, size_loss)', async () => {
    requireKeras();
    const runs = join(dir, 'keras-runs');
    const r = await cliTrain([file, '--data-files', join(dir, 'data.npz'), '--epochs', '10', '--batch-size', '32', '--seed', '3', ...KERAS, '--runs-dir', runs, '--json']);
    trainedAndTested(r);
    assert.equal((r.lines.find((l) => l.event === 'result') as Line).backend, 'keras-jax');
    // Each output's mean since the previous point, recovered from Keras's running means as the total's is.
    batchPointsPerOutput(runs, 1e-3);
  });

  test("the Keras engine running a script: its own fit and evaluate of a two-output model stream each output (evaluate's list is not in metrics_names' order)", async () => {
    requireKeras();
    const script = join(dir, 'script_two.py');
    writeFileSync(
      script,
      `${MODEL}import numpy as np
rng = np.random.default_rng(0)
xs = rng.random((256, 8)).astype("float32")
labels = {"kind": xs[:, :3].argmax(1), "size": xs.mean(1, keepdims=True)}
model.fit(xs, labels, epochs=2, batch_size=32, validation_split=0.25)
model.evaluate(xs, labels)
`,
    );
    const r = await cliTrain([script, ...KERAS, '--mode', 'script', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const epochs = r.lines.filter((l) => l.event === 'epoch') as (Line & { outputs: Outputs })[];
    assert.equal(epochs.length, 2);
    assert.deepEqual(epochs[1].outputs.map((o) => [o.name, typeof o.loss, typeof o.acc, typeof o.valLoss]), [['kind', 'number', 'number', 'number'], ['size', 'number', 'undefined', 'number']]);
    const result = r.lines.find((l) => l.event === 'result') as Line & { testOutputs: Outputs };
    assert.equal(result.testSamples, 256);
    assert.equal(result.testAccuracy, result.testOutputs[0].acc);
    assert.ok(Math.abs((result.testLoss as number) - (result.testOutputs[0].loss + 0.5 * result.testOutputs[1].loss)) < 1e-4, JSON.stringify(result));
  });

  test('the text output says each output after the total, at each epoch and in the test', async () => {
    const r = await cliTrain([file, '--data-files', join(dir, 'data.npz'), '--epochs', '1', '--seed', '3', '--backend', 'wasm']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Epoch 1\/1: loss [\d.]+ · accuracy [\d.]+% .*\n {2}kind: loss [\d.]+ · accuracy [\d.]+%; size: loss [\d.]+\n/);
    assert.match(r.stdout, /Test: loss [\d.]+ · accuracy [\d.]+% \(kind\) on 200 samples\n {2}kind: loss [\d.]+ · accuracy [\d.]+%; size: loss [\d.]+\nSpeed:/);
    assert.doesNotMatch(r.stdout, /has no test set/);
  });

  test('data without labels for every output says which keys are needed', async () => {
    const r = await cliTrain([file, '--data-files', join(dir, 'no_size.npz'), '--epochs', '1']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /The model has 2 outputs \(kind, size\); no_size\.npz has arrays x_train, y_train_kind, y_train but no y_train_size \(or size_train, y_size\)\. Save one labels array per output under the output layer's name, e\.g\. np\.savez\("no_size\.npz", x_train=\.\.\., y_train_kind=\.\.\., y_train_size=\.\.\.\)\./);
    const files = await cliTrain([file, '--data-files', [join(dir, 'x.npy'), join(dir, 'y_kind.npy')].join(','), '--epochs', '1']);
    assert.equal(files.code, 1);
    assert.match(files.stderr, /Which labels are for which output\? size: no file names it\./);
  });

  test('a Keras dataset is refused for it, with what it needs instead', async () => {
    const r = await cliTrain([file, '--dataset', 'mnist', '--epochs', '1']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /MNIST has one array of labels, but the model has 2 outputs \(kind, size\)\. It trains from an \.npz holding one labels array per output/);
  });
});
