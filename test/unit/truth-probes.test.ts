/**
 * The probes of issue 13 ("never a wrong number") not covered elsewhere, each with the numbers real Keras 3.15.1,
 * tf-keras 2.21 or JavaScript itself gives: a helper adding a layer at random, argparse-sized Conv2D blocks, a
 * subclass built on a numpy array, TextVectorization, tf.keras 2's RandomFourierFeatures, and TF.js array lengths.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { analyzePython } from '../../src/core/python/analyze';
import { toJsonReport, type JsonReport } from '../../src/core/report/json';
import { analyzeJavaScript, initJsParsers } from '../../src/core/tfjs/analyze';
import { analyze } from './analyze-helpers';

before(async () => {
  await initJsParsers();
});

const json = (report: Parameters<typeof toJsonReport>[1], file: string): JsonReport =>
  JSON.parse(JSON.stringify(toJsonReport(file, report), (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
const analyzeAs = (source: string, keras: 2 | 3) => json(analyzePython(source, undefined, undefined, keras), 'test.py');
const params = (r: JsonReport, i = 0) => r.models[i].layers.map((l) => [l.type, l.outputShape, l.params]);

test('a helper that calls model.add inside `if random.random() < 0.5:` makes the totals ?, naming the condition', () => {
  // The probe printed "Total params: 20" before: the Dense(8) a run may add was left out.
  const source = `import random
import keras
from keras import layers
def maybe_add(m):
    if random.random() < 0.5:
        m.add(layers.Dense(8))
model = keras.Sequential([keras.Input((4,)), layers.Dense(4)])
maybe_add(model)
`;
  assert.equal(analyze(source).models[0].totalParams, null);
  assert.match(analyzePython(source).models[0].incomplete ?? '', /random\.random\(\) < 0\.5/);
});

test('Conv2D blocks added by a helper in a loop over range(args.blocks) (argparse, default 3): 175,178 as Keras builds it', () => {
  const report = analyze(`import argparse
import keras
from keras import layers
parser = argparse.ArgumentParser()
parser.add_argument("--blocks", type=int, default=3)
args = parser.parse_args()
def conv_block(model, filters):
    model.add(layers.Conv2D(filters, 3, padding="same", activation="relu"))
    model.add(layers.MaxPooling2D(2))
model = keras.Sequential([keras.Input((64, 64, 3))])
for i in range(args.blocks):
    conv_block(model, 32 * 2 ** i)
model.add(layers.Flatten())
model.add(layers.Dense(10))
`);
  // Real Keras 3.15.1 with no arguments: 175,178 (the probe once gave 122,890, the blocks silently left out).
  assert.equal(report.models[0].totalParams, 175178);
  assert.deepEqual(params(report).filter(([type]) => type === 'Conv2D').map(([, , p]) => p), [896, 18496, 73856]);
});

test('a subclassed model built by calling it on np.ones((2, 10)) has the shapes of that batch', () => {
  const report = analyze(`import numpy as np
import keras
from keras import layers
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.d1 = layers.Dense(16, activation="relu")
        self.d2 = layers.Dense(3)
    def call(self, x):
        return self.d2(self.d1(x))
model = Net()
model(np.ones((2, 10)))
`);
  // Real Keras 3.15.1: dense (2, 16) 176, dense_1 (2, 3) 51, 227 in all.
  assert.deepEqual(params(report), [['Dense', [2, 16], 176], ['Dense', [2, 3], 51]]);
  assert.equal(report.models[0].totalParams, 227);
});

const TEXT = `import keras
from keras import layers
vectorize_layer = layers.TextVectorization(max_tokens=20000, output_mode="int", output_sequence_length=500)
inputs = keras.Input(shape=(1,), dtype="string")
x = vectorize_layer(inputs)
x = layers.Embedding(20000, 128)(x)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
padded = keras.Sequential([keras.Input(shape=(1,), dtype="string"), layers.TextVectorization(max_tokens=1000, output_mode="multi_hot", pad_to_max_tokens=True), layers.Dense(4)])
vectorize_layer.adapt(["a b", "c"])
vocab_size = vectorize_layer.vocabulary_size()
by_vocab = keras.Sequential([keras.Input(shape=(500,)), layers.Embedding(vocab_size, 8)])
`;

test('TextVectorization: int sequences of output_sequence_length and padded multi_hot are exact; vocabulary_size() after adapt() is ?', () => {
  const report = analyze(TEXT);
  // Real Keras 3.15.1: (None, 500) 0, (None, 500, 128) 2,560,000, (None, 128), (None, 1) 129; then (None, 1, 1000) 0, (None, 1, 4) 4,004.
  assert.deepEqual(params(report, 0).slice(1), [['TextVectorization', [null, 500], 0], ['Embedding', [null, 500, 128], 2560000], ['GlobalAveragePooling1D', [null, 128], 0], ['Dense', [null, 1], 129]]);
  assert.equal(report.models[0].totalParams, 2560129);
  assert.equal(report.models[1].totalParams, 4004);
  // The vocabulary is the data's distinct tokens (capped by max_tokens only if there are that many): never max_tokens.
  assert.equal(report.models[2].totalParams, null);
  assert.match(analyzePython(TEXT).models[2].layers[0].unresolved ?? '', /vocabulary_size\(\) is the number of distinct tokens adapt\(\) finds in the data.*at most max_tokens=20000/);
});

const QUASI_SVM = `from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.layers.experimental import RandomFourierFeatures
model = keras.Sequential([
    keras.Input(shape=(784,)),
    RandomFourierFeatures(output_dim=4096, scale=10.0, kernel_initializer="gaussian"),
    layers.Dense(units=10),
])
`;

test("tf.keras 2's RandomFourierFeatures: its kernel and bias never train (keras.io quasi_svm: 3,256,331); Keras 3 has no such layer", () => {
  const k2 = analyzeAs(QUASI_SVM, 2);
  // tf-keras 2.21: random_fourier_features (None, 4096) 3,215,361 all non-trainable; dense 40,970.
  assert.deepEqual([k2.models[0].totalParams, k2.models[0].trainableParams, k2.models[0].nonTrainableParams], [3256331, 40970, 3215361]);
  const k3 = analyzeAs(QUASI_SVM, 3);
  assert.equal(k3.models[0]?.totalParams ?? null, null);
  assert.ok(k3.diagnostics.some((d) => d.severity === 'error' && /Keras 3 has no RandomFourierFeatures/.test(d.message)));
});

test('TF.js: new Array(n).length is n; a length too long to make or not a valid length is ?, never 1', () => {
  const source = (n: string) => `const tf = require('@tensorflow/tfjs');
const model = tf.sequential();
model.add(tf.layers.dense({units: ${n}, inputShape: [4]}));
`;
  const units = (n: string) => json(analyzeJavaScript(source(n), { typescript: false }), 'test.js').models[0].layers[0].params;
  assert.equal(units('new Array(5).length'), 25);
  assert.equal(units('Array(3).length'), 15);
  assert.equal(units("new Array('x').length"), 5);
  assert.equal(units('new Array(1e9).length'), null); // was 1: JavaScript gives 1,000,000,000
  assert.equal(units('new Array(-1).length'), null); // a RangeError in JavaScript
});

test('a Model subclass whose __init__ builds a graph and calls super().__init__(inputs=..., outputs=...) is that functional model', () => {
  const report = analyze(`import keras
from keras import layers
class Classifier(keras.Model):
    def __init__(self, num_classes=10, **kwargs):
        inputs = keras.Input(shape=(32,))
        x = layers.Dense(64, activation="relu")(inputs)
        outputs = layers.Dense(num_classes)(x)
        super().__init__(inputs=inputs, outputs=outputs, **kwargs)
model = Classifier(num_classes=5)
`);
  // Real Keras 3.15.1: classifier, input_layer 0, dense (None, 64) 2,112, dense_1 (None, 5) 325.
  assert.equal(report.models[0].name, 'classifier');
  assert.deepEqual(params(report), [['InputLayer', [null, 32], 0], ['Dense', [null, 64], 2112], ['Dense', [null, 5], 325]]);
});
