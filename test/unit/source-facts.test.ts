/**
 * The evaluators record what a source shows about its training data: the Keras datasets it loads, where it divides
 * its inputs by 255, and (TF.js) strings naming a dataset's files. Training reads its data and rescaling from here.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { analyzeJavaScript, initJsParsers } from '../../src/core/tfjs/analyze';
import type { SourceFacts } from '../../src/core/model/source-facts';

before(async () => {
  await Promise.all([initParser(), initJsParsers()]);
});

const lines = (items: readonly { range: { startLine: number } }[]) => items.map((i) => i.range.startLine + 1);

function summary(facts: SourceFacts) {
  return { loads: facts.datasetLoads.map((l) => [l.dataset, l.range.startLine + 1]), scalings: lines(facts.inputScalings), mentions: facts.datasetMentions.map((m) => [m.dataset, m.range.startLine + 1]) };
}

test('Python: load_data() of a Keras dataset, / 255 and /= 255, each place once even when evaluated twice', () => {
  const { facts } = analyzePython(`import keras
(x, y), (xt, yt) = keras.datasets.mnist.load_data()
def scale(a):
    return a / 255.0
x = scale(x)
xt = scale(xt)
y /= 255
z = x / 127.5
from tensorflow.keras.datasets import cifar10
cifar10.load_data()
`);
  assert.deepEqual(summary(facts), { loads: [['mnist', 2], ['cifar10', 10]], scalings: [4, 7], mentions: [] });
});

test("TF.js: x.div(255), tf.div(x, 255), x.mul(1 / 255), x /= 255 and x / 255; strings naming a dataset's files", () => {
  const { facts } = analyzeJavaScript(
    `import * as tf from '@tensorflow/tfjs';
const DIR = '/usr/share/datasets/fashion-mnist';
const a = images.div(255);
const b = tf.div(images, 255);
const c = images.mul(1 / 255);
let d = 3; d /= 255;
const e = images.div(127.5);
const URL = 'https://storage.googleapis.com/cvdf-datasets/mnist/';
`,
    {},
  );
  // `1 / 255` on line 5 is a constant (a number divided by a number), not data being divided: only the mul counts.
  assert.deepEqual(summary(facts), { loads: [], scalings: [3, 4, 5, 6], mentions: [['fashion_mnist', 2], ['mnist', 8]] });
});

test('Python: Rescaling(1 / 255) and scale = 1.0 / 255 divide no data (training divided such inputs twice)', () => {
  const { facts } = analyzePython(`import keras
(x, y), _ = keras.datasets.cifar10.load_data()
model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10)])
scale = 1.0 / 255
x = x / 255
`);
  // Before, lines 3 and 4 were recorded as the file dividing its inputs by 255.
  assert.deepEqual(summary(facts), { loads: [['cifar10', 2]], scalings: [5], mentions: [] });
});
