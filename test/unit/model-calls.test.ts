/**
 * The analysis records `compile()` and `fit()` with their arguments' values, in Python and TF.js alike: training
 * reads its settings from here, so a value the analyzer knows (a dict entry, an optimizer's arguments) reaches it.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { analyzeJavaScript, initJsParsers } from '../../src/core/tfjs/analyze';
import { describe as describeValue, type PyValue } from '../../src/core/model/values';

before(async () => {
  await Promise.all([initParser(), initJsParsers()]);
});

function show(values: ReadonlyMap<string, PyValue>): Record<string, string> {
  return Object.fromEntries([...values].map(([k, v]) => [k, describeValue(v)]));
}

test('Python: compile and fit are recorded with every argument by its Keras name, values read as the analyzer reads them', () => {
  const report = analyzePython(`
import keras
from keras import layers
cfg = {"units": 64, "epochs": 3}
model = keras.Sequential([keras.Input((784,)), layers.Dense(cfg["units"]), layers.Dense(10)])
model.compile(keras.optimizers.Adam(learning_rate=3e-4), "sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, 128, epochs=cfg["epochs"], validation_split=0.1)
`);
  assert.equal(report.compiles.length, 1);
  assert.equal(report.fits.length, 1);
  assert.equal(report.compiles[0].model, report.models[0].model);
  assert.deepEqual(show(report.compiles[0].keywords), {
    optimizer: 'keras.optimizers.Adam(learning_rate=0.0003)',
    loss: "'sparse_categorical_crossentropy'",
    metrics: "['accuracy']",
  });
  const fit = report.fits[0];
  assert.equal(fit.model, report.models[0].model);
  assert.deepEqual(show(fit.keywords), { x: '?', y: '?', batch_size: '128', epochs: '3', validation_split: '0.1' });
  assert.equal(fit.range.startLine, 6);
  assert.deepEqual(fit.args?.items.map((a) => a.keyword ?? a.position), [0, 1, 2, 'epochs', 'validation_split']);
});

test('TF.js: compile and fit are recorded with their config keys; tf.train.adam keeps its learning rate', () => {
  const report = analyzeJavaScript(`
const tf = require('@tensorflow/tfjs');
const model = tf.sequential({layers: [tf.layers.dense({units: 10, inputShape: [784]})]});
model.compile({optimizer: tf.train.adam(3e-4), loss: 'categoricalCrossentropy', metrics: ['accuracy']});
model.fit(xs, ys, {epochs: 4, batchSize: 64});
`);
  assert.deepEqual(show(report.compiles[0].keywords), { optimizer: 'tf.train.adam(0.0003)', loss: "'categoricalCrossentropy'", metrics: "['accuracy']" });
  assert.deepEqual(show(report.fits[0].keywords), { x: '?', y: '?', epochs: '4', batchSize: '64' });
  assert.deepEqual([...(report.fits[0].keyRanges?.keys() ?? [])], ['epochs', 'batchSize']);
  assert.equal(report.fits[0].keyRanges?.get('epochs')?.startLine, 4);
});
