/**
 * The same code under Keras 3 and under tf.keras 2, each as real Keras prints it (checked with keras 3.15.1 and
 * tf-keras 2.21 in the venv): automatic names, Embedding's `input_length`, TFOpLambda rows for operators on Keras
 * tensors, and what one accepts and the other raises (the ACGAN generator).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyzePython } from '../../src/core/python/analyze';
import { toJsonReport, type JsonReport } from '../../src/core/report/json';
import { formatSummaryFor } from '../../src/core/report/summary-for';
import { formatSummaryTfKeras2 } from '../../src/core/report/summary-tfkeras2';
import './analyze-helpers';

function analyzeAs(source: string, keras: 2 | 3): JsonReport {
  return JSON.parse(JSON.stringify(toJsonReport('test.py', analyzePython(source, undefined, undefined, keras)), (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
}
const rows = (r: JsonReport, i = 0) => r.models[i].layers.map((l) => [l.name, l.type, l.outputShape, l.params]);

const FUNCTIONAL = `
import keras
from keras import layers
seq = keras.Sequential([layers.Dense(3, input_shape=(4,)), layers.Dense(2)])
inputs = keras.Input((4,))
x = layers.Dense(3)(inputs)
model = keras.Model(inputs, x + 1.0)
j = keras.Input((2,))
other = keras.Model(j, layers.Dense(1)(j))
`;

test('tf.keras 2 names: input_1 counted from 1, model, no names taken by a Sequential; operators are TFOpLambda rows', () => {
  const k2 = analyzeAs(FUNCTIONAL, 2);
  assert.deepEqual(k2.models.map((m) => m.name), ['sequential', 'model', 'model_1']);
  assert.deepEqual(rows(k2, 1), [
    ['input_1', 'InputLayer', [null, 4], 0],
    ['dense_2', 'Dense', [null, 3], 15],
    ['tf.__operators__.add', 'TFOpLambda', [null, 3], 0],
  ]);
  const k3 = analyzeAs(FUNCTIONAL, 3);
  assert.deepEqual(k3.models.map((m) => m.name), ['sequential', 'functional_1', 'functional_2']);
  // Keras 3 lists no row for the operation (model.layers leaves it out).
  assert.deepEqual(rows(k3, 1).map((r) => r[1]), ['InputLayer', 'Dense']);
});

test('tf.keras 2: each operator is the TFOpLambda of its TensorFlow function, counted per function', () => {
  const r = analyzeAs('import keras\na = keras.Input((4,))\nb = keras.Input((4,))\nm = keras.Model([a, b], [a + b, a - b, a * b, a / b, a ** 2, 2 * a, a + 1.0])\n', 2);
  assert.deepEqual(r.models[0].layers.map((l) => l.name), [
    'input_1', 'input_2', 'tf.__operators__.add', 'tf.math.subtract', 'tf.math.multiply', 'tf.math.truediv', 'tf.math.pow', 'tf.math.multiply_1', 'tf.__operators__.add_1',
  ]);
});

const EMBEDDING = `
import keras
from keras import layers
fixed = keras.Sequential([layers.Embedding(1000, 8, input_length=10), layers.Flatten(), layers.Dense(1)])
free = keras.Sequential([layers.Embedding(1000, 8), layers.LSTM(4), layers.Dense(1)])
`;

test('Embedding: tf.keras 2 declares the input (input_length, else None); Keras 3 ignores input_length and says so', () => {
  const k2 = analyzeAs(EMBEDDING, 2);
  assert.deepEqual(rows(k2, 0), [['embedding', 'Embedding', [null, 10, 8], 8000], ['flatten', 'Flatten', [null, 80], 0], ['dense', 'Dense', [null, 1], 81]]);
  assert.equal(k2.models[0].totalParams, 8081);
  // tf-keras 2.21: Total params: 8213, embedding (None, None, 8).
  assert.deepEqual(rows(k2, 1), [['embedding_1', 'Embedding', [null, null, 8], 8000], ['lstm', 'LSTM', [null, 4], 208], ['dense_1', 'Dense', [null, 1], 5]]);
  assert.equal(k2.models[1].totalParams, 8213);
  assert.deepEqual(k2.diagnostics, []);
  const k3 = analyzeAs(EMBEDDING, 3);
  assert.equal(k3.models[0].totalParams, null);
  assert.equal(k3.models[1].totalParams, null);
  const notes = k3.diagnostics.filter((d) => d.message.includes('input_length'));
  assert.deepEqual(notes.map((d) => [d.line, d.severity]), [[4, 'info']]);
  assert.match(notes[0].message, /^Keras 3 ignores `input_length`/);
});

const ACGAN = `
import keras
from keras import layers
cnn = keras.Sequential()
cnn.add(layers.Dense(3 * 3 * 384, input_dim=100, activation='relu'))
cnn.add(layers.Reshape((3, 3, 384)))
cnn.add(layers.Conv2DTranspose(192, 5, strides=1, padding='valid', activation='relu'))
latent = keras.Input(shape=(100,))
image_class = keras.Input(shape=(1,), dtype='int32')
cls = layers.Embedding(10, 100)(image_class)
h = layers.multiply([latent, cls])
fake_image = cnn(h)
generator = keras.Model([latent, image_class], fake_image)
`;

test('the ACGAN generator: Keras 3 raises on (None, 1, 100) into a model built for (None, 100); tf.keras 2 runs it', () => {
  const k3 = analyzeAs(ACGAN, 3);
  const errors = k3.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => d.line), [12]);
  assert.match(errors[0].message, /^Input 0 of layer 'sequential' is incompatible with the layer: expected shape=\(None, 100\), found shape=\(None, 1, 100\)/);
  assert.equal(k3.models.find((m) => m.variable === 'generator')?.totalParams, null);
  const k2 = analyzeAs(ACGAN, 2);
  assert.deepEqual(k2.diagnostics.filter((d) => d.severity === 'error'), []);
  // tf-keras 2.21: sequential (Sequential) (None, 7, 7, 192) 2192448; Total params: 2193448.
  const generator = k2.models.find((m) => m.variable === 'generator')!;
  assert.equal(generator.totalParams, 2193448);
  assert.deepEqual(generator.layers.at(-1)?.outputShape, [null, 7, 7, 192]);
});

test('Keras 3 accepts a call that only adds or drops a last axis of 1, and inputs of the same shape', () => {
  const ok = analyzeAs('import keras\nfrom keras import layers\nm = keras.Sequential([keras.Input((4, 1)), layers.Flatten()])\nx = keras.Input((4,))\ny = m(x)\nz = m(keras.Input((4, 1)))\n', 3);
  assert.deepEqual(ok.diagnostics.filter((d) => d.severity === 'error'), []);
});

test('a summary ends with the Keras it follows and why', () => {
  const report = analyzePython('import keras\nm = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n', undefined, undefined, 2);
  const text = formatSummaryFor(report.models[0], { version: 2, reason: 'tensorflow==2.12.0 in requirements.txt' });
  assert.match(text, /\n Follows tf\.keras 2 \(tensorflow==2\.12\.0 in requirements\.txt\)\.$/);
});

const dir = mkdtempSync(join(tmpdir(), 'model-lens-dialect-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
}

test('CLI --keras-version: auto reads the pins from the file\'s folder upward; 2 and 3 force it; anything else is refused', () => {
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'requirements.txt'), 'numpy\ntensorflow==2.12.0\n');
  const file = join(dir, 'src', 'model.py');
  writeFileSync(file, 'import keras\nfrom keras import layers\ni = keras.Input((4,))\nmodel = keras.Model(i, layers.Dense(2)(i))\n');
  const auto = cli('summary', file);
  assert.equal(auto.status, 0, auto.stderr);
  assert.match(auto.stdout, /^Model: "model"/);
  assert.match(auto.stdout, /input_1 \(InputLayer\)/);
  assert.match(auto.stdout, / Follows tf\.keras 2 \(tensorflow==2\.12\.0 in \.\.\/requirements\.txt\)\./);
  const json = JSON.parse(cli('summary', file, '--json', '--keras-version', '3').stdout);
  assert.deepEqual(json.keras, { version: 3, reason: 'set by --keras-version' });
  assert.equal(json.models[0].name, 'functional');
  const bad = cli('summary', file, '--keras-version', '4');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--keras-version takes auto, 2 or 3/);
});

const TF_OP = `
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
inputs = keras.Input(shape=(5,))
x = tf.nn.relu(inputs)
y = layers.Dense(2)(tf.sigmoid(x))
model = keras.Model(inputs, y)
eager = keras.Sequential([layers.Dense(2)])
out = tf.nn.relu(eager(np.zeros((1, 3))))
`;

test('a TensorFlow function on a Keras tensor: a TFOpLambda row in tf.keras 2, the error Keras 3 raises; real data is no Keras tensor', () => {
  const k2 = analyzeAs(TF_OP, 2);
  // tf-keras 2.21: tf.nn.relu (TFOpLambda), then tf.sigmoid is named by its canonical tf.math.sigmoid.
  assert.deepEqual(rows(k2, 0), [
    ['input_1', 'InputLayer', [null, 5], 0],
    ['tf.nn.relu', 'TFOpLambda', [null, 5], 0],
    ['tf.math.sigmoid', 'TFOpLambda', [null, 5], 0],
    ['dense', 'Dense', [null, 2], 12],
  ]);
  assert.deepEqual(k2.diagnostics.filter((d) => d.severity === 'error'), []);
  const k3 = analyzeAs(TF_OP, 3);
  const errors = k3.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => d.line), [7]);
  assert.match(errors[0].message, /^A KerasTensor cannot be used as input to a TensorFlow function\./);
  assert.equal(k3.models[0].totalParams, null);
});

test('the tf.keras 2 summary is the text tf-keras 2.21 prints (conformance/summary-tfkeras2)', () => {
  const dir = 'conformance/summary-tfkeras2';
  const files = readdirSync(dir).filter((f) => f.endsWith('.py') && f !== 'print_summaries.py');
  assert.ok(files.length >= 3);
  for (const file of files) {
    const report = analyzePython(readFileSync(join(dir, file), 'utf8'), undefined, undefined, 2);
    const ours = report.models.map((m) => formatSummaryTfKeras2(m) + '\n').join('');
    assert.equal(ours, readFileSync(join(dir, file.replace(/\.py$/, '.txt')), 'utf8'), file);
  }
});
