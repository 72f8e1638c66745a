/**
 * One model-graph builder serves both front ends: what it decides (absurd sizes, Sequential rules, names)
 * reads the same in Python and TF.js.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { analyzeJavaScript, initJsParsers } from '../../src/core/tfjs/analyze';

before(async () => {
  await Promise.all([initParser(), initJsParsers()]);
});

test('Dense(2**60) and tf.layers.dense({units: 2**60}) give the same warning: a size beyond 2^53', () => {
  const py = analyzePython(`
import keras
m = keras.Sequential([keras.Input(shape=(10,)), keras.layers.Dense(2**60)])
`);
  const js = analyzeJavaScript(`
import * as tf from '@tensorflow/tfjs';
const m = tf.sequential({layers: [tf.layers.dense({inputShape: [10], units: 2 ** 60})]});
`);
  const warning = 'Dense: a size beyond 2^53 (1.15e+18); no tensor can be that large, so shapes and params here are not computed.';
  assert.deepEqual(py.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message), [warning]);
  assert.deepEqual(js.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message), [warning]);
  assert.equal(py.models[0].layers.at(-1)?.params, null);
  assert.equal(js.models[0].layers.at(-1)?.params, null);
});

test('TF.js: a shape beyond 2^53 in tf.input is flagged as in keras.Input', () => {
  const py = analyzePython(`
import keras
x = keras.Input(shape=(2**60,))
`);
  const js = analyzeJavaScript(`
import * as tf from '@tensorflow/tfjs';
const x = tf.input({shape: [2 ** 60]});
`);
  const warning = 'Input: a size beyond 2^53 (1.15e+18); no tensor can be that large, so shapes and params here are not computed.';
  assert.deepEqual(py.diagnostics.map((d) => d.message), [warning]);
  assert.deepEqual(js.diagnostics.map((d) => d.message), [warning]);
});
