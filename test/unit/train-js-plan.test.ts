/** Pre-flight for TF.js sources: the whole plan (model, compile, fit, data, rescaling) as the editor and the CLI make it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { analyzeJavaScript, initJsParsers } from '../../src/core/tfjs/analyze';
import type { JsonObject } from '../../src/train/host/keras-json';
import { jsScaleLine, namedDataset, planJsTraining } from '../../src/train/host/js-plan';
import { noteText } from '../../src/train/host/plan-notes';

before(async () => {
  await initJsParsers();
});

const JS = {};
const TS = { typescript: true };

const MLP = (extra: string) => `import * as tf from '@tensorflow/tfjs';
const model = tf.sequential();
model.add(tf.layers.dense({units: 32, inputShape: [784], activation: 'relu'}));
model.add(tf.layers.dense({units: 10, activation: 'softmax'}));
model.compile({optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']});
${extra}`;

describe('planning a TF.js file', () => {
  test('the example: its model, compile and fit, the Fashion-MNIST files it names and its .div(255)', () => {
    const { plan, problems } = planJsTraining(readFileSync('examples/tfjs_mnist.js', 'utf8'), JS);
    assert.deepEqual(problems, []);
    assert.deepEqual(plan!.notes.map(noteText), [
      'optimizer: tf.train.adam (learning rate 0.001)',
      'loss: sparseCategoricalCrossentropy',
      'epochs: 5 (line 41)',
      'batch size: 32 (line 41)',
      'validation: last 10% of the training data (line 41)',
      'data: Fashion-MNIST (the file names its files on line 12)',
      'preprocessing: inputs divided by 255 (line 41)',
    ]);
    assert.equal(plan!.compileName, "'adam', 'sparseCategoricalCrossentropy'");
    const job = plan!.job;
    // The analyzer's count, which the worker checks the TF.js model against.
    assert.equal(job.model.params, '203530');
    assert.deepEqual(job.model.inputShape, [null, 28, 28]);
    assert.deepEqual(job.model.outputShape, [null, 10]);
    assert.equal(job.model.outputLayer, 'Dense "dense_Dense2" (line 18)');
    assert.deepEqual(job.model.layerLines, { flatten_Flatten1: 16, dense_Dense1: 17, dense_Dense2: 18 });
    assert.deepEqual(job.data, { kind: 'keras', dataset: 'fashion_mnist', folders: [] });
    assert.equal(job.scale, 1 / 255);
    assert.deepEqual(job.fit, { epochs: 5, batchSize: 32, validationSplit: 0.1, validateOnTest: false, shuffle: true });
    assert.equal(job.compile.loss.name, 'sparse_categorical_crossentropy');
    const json = job.model.json as JsonObject;
    assert.equal(json.class_name, 'Sequential');
    const layers = (json.config as { layers: { class_name: string; config: JsonObject }[] }).layers;
    assert.deepEqual(layers.map((l) => [l.class_name, l.config.name]), [['Flatten', 'flatten_Flatten1'], ['Dense', 'dense_Dense1'], ['Dense', 'dense_Dense2']]);
    assert.deepEqual(layers[0].config.batch_input_shape, [null, 28, 28]);
  });

  test('settings for the run replace what the file says, and say so', () => {
    const { plan } = planJsTraining(readFileSync('examples/tfjs_mnist.js', 'utf8'), JS, { epochs: 2, batchSize: 128, limit: 3000 });
    assert.ok(plan!.notes.map(noteText).includes('epochs: 2 (chosen for this run)'));
    assert.ok(plan!.notes.map(noteText).includes('batch size: 128 (chosen for this run)'));
    assert.equal(plan!.job.fit.epochs, 2);
    assert.equal(plan!.job.limit, 3000);
  });

  test('a TypeScript model with two outputs plans a loss per output, named after its output layers (it was refused)', () => {
    const { plan, problems } = planJsTraining(readFileSync('examples/tfjs_functional.ts', 'utf8'), TS, { data: { kind: 'files', train: { x: 'heads.npz' } } });
    assert.deepEqual(problems, []);
    assert.deepEqual(plan!.job.model.outputs, [
      { name: 'digit', shape: [null, 10], layer: 'Dense "digit" (line 16)' },
      { name: 'is_even', shape: [null, 1], layer: 'Dense "is_even" (line 17)' },
    ]);
    assert.deepEqual(plan!.job.compile.outputs?.map((o) => [o.name, o.loss.name, o.weight, o.accuracy]), [
      ['digit', 'sparse_categorical_crossentropy', 1, true],
      ['is_even', 'sparse_categorical_crossentropy', 1, true],
    ]);
    assert.ok(plan!.notes.map(noteText).includes('loss: digit sparse_categorical_crossentropy, is_even sparse_categorical_crossentropy (default)'));
    // A Keras dataset has one array of labels: which output it would be for is not known.
    const mnist = planJsTraining(readFileSync('examples/tfjs_functional.ts', 'utf8'), TS, { data: { kind: 'keras', dataset: 'mnist' } });
    assert.match(mnist.problems[0].message, /^MNIST has one array of labels, but the model has 2 outputs \(digit, is_even\)\. It trains from an \.npz holding one labels array per output/);
  });

  test('a functional TypeScript model with one output plans like a Sequential one', () => {
    const { plan, problems } = planJsTraining(
      `import * as tf from '@tensorflow/tfjs';
const input = tf.input({shape: [28, 28, 1]});
const conv = tf.layers.conv2d({filters: 8, kernelSize: 3, activation: 'relu'}).apply(input) as tf.SymbolicTensor;
const flat = tf.layers.flatten().apply(conv) as tf.SymbolicTensor;
const output = tf.layers.dense({units: 10, activation: 'softmax'}).apply(flat) as tf.SymbolicTensor;
const model: tf.LayersModel = tf.model({inputs: input, outputs: output});
model.compile({optimizer: tf.train.sgd(0.05), loss: 'sparseCategoricalCrossentropy', metrics: ['acc']});
const MNIST_URL = 'https://storage.googleapis.com/cvdf-datasets/mnist/';`,
      TS,
    );
    assert.deepEqual(problems, []);
    assert.equal((plan!.job.model.json as JsonObject).class_name, 'Model');
    assert.equal(plan!.job.compile.optimizer.learningRate, 0.05);
    assert.deepEqual(plan!.job.data, { kind: 'keras', dataset: 'mnist', folders: [] });
    assert.ok(plan!.notes.map(noteText).includes('preprocessing: none (the file does not rescale its inputs)'));
  });

  test('a file that names no dataset asks for files, as a Keras file does', () => {
    const text = MLP('');
    const none = planJsTraining(text, JS);
    assert.equal(none.problems.length, 1);
    assert.match(none.problems[0].message, /loads no dataset Model Lens knows \(no path or URL of Fashion-MNIST or MNIST in it\)/);
    const picked = planJsTraining(text, JS, { data: { kind: 'files', train: { x: 'x.npy', y: 'y.npy' } } });
    assert.deepEqual(picked.problems, []);
    assert.ok(picked.plan!.notes.map(noteText).includes('data: x.npy'));
  });

  test('compile problems stop the run, with their line', () => {
    const { plan, problems } = planJsTraining(MLP(`model.compile({optimizer: 'adam', loss: 'mse'});
const DATA = 'fashion-mnist/';`), JS);
    assert.equal(plan, undefined);
    assert.deepEqual(problems, [{ message: "Unknown loss 'mse': TF.js's names are camelCase, such as 'sparseCategoricalCrossentropy' or 'meanSquaredError'.", line: 6 }]);
  });

  test("a layer's initializer, regularizer and constraint reach the rebuilt model", () => {
    const { plan, problems } = planJsTraining(
      `import * as tf from '@tensorflow/tfjs';
const init = tf.initializers.randomNormal({mean: 0, stddev: 0.05, seed: 1});
const model = tf.sequential({layers: [
  tf.layers.dense({units: 16, inputShape: [784], kernelInitializer: 'heNormal', kernelRegularizer: tf.regularizers.l2({l2: 0.01}), biasConstraint: tf.constraints.maxNorm({maxValue: 2})}),
  tf.layers.dense({units: 10, activation: 'softmax', kernelInitializer: init}),
]});
const FILES = 'data/fashion_mnist';`,
      JS,
    );
    assert.deepEqual(problems, []);
    const layers = ((plan!.job.model.json as JsonObject).config as { layers: { config: JsonObject }[] }).layers.map((l) => l.config);
    assert.deepEqual(layers[0].kernel_initializer, { class_name: 'HeNormal', config: {} });
    assert.deepEqual(layers[0].kernel_regularizer, { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } });
    assert.deepEqual(layers[0].bias_constraint, { class_name: 'MaxNorm', config: { maxValue: 2 } });
    assert.deepEqual(layers[1].kernel_initializer, { class_name: 'RandomNormal', config: { mean: 0, stddev: 0.05, seed: 1 } });
  });
});

describe('data and rescaling the file shows', () => {
  // The analysis reads a file that imports TF.js; the import shares the first line, so lines stay as written.
  const facts = (code: string) => analyzeJavaScript(`import * as tf from '@tensorflow/tfjs'; ${code}`, {}).facts;

  test('the dataset is the first string that names Fashion-MNIST or MNIST', () => {
    assert.deepEqual(namedDataset(facts("// fashion-mnist in a comment does not count\nconst A = 'x';\nconst DIR = `${HOME}/fashion_mnist/`;")), { dataset: 'fashion_mnist', line: 3 });
    assert.deepEqual(namedDataset(facts("const SPRITE = 'https://storage.googleapis.com/learnjs-data/model-builder/mnist_images.png';")), { dataset: 'mnist', line: 1 });
    assert.equal(namedDataset(facts("const DIR = 'data/cifar10';")), undefined);
  });

  test('x.div(255), tf.div(x, 255), x.mul(1 / 255) and x / 255 rescale; other divisions do not', () => {
    assert.equal(jsScaleLine(facts('\nconst x = images.div(255);')), 2);
    assert.equal(jsScaleLine(facts('const x = tf.div(images, 255.0);')), 1);
    // The data is scaled where it is multiplied (line 2); `1 / 255` alone is a constant.
    assert.equal(jsScaleLine(facts('const SCALE = 1 / 255;\nconst x = images.mul(SCALE);')), 2);
    assert.equal(jsScaleLine(facts('const MAX = 255;\nconst v = pixel / MAX;')), 2);
    assert.equal(jsScaleLine(facts('const x = images.div(127.5).sub(1);')), undefined);
  });
});
