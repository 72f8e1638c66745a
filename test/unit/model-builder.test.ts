/**
 * One model-graph builder serves both front ends: what it decides (absurd sizes, Sequential rules, names)
 * reads the same in Python and TF.js.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { analyzeJavaScript, initJsParsers } from '../../src/core/tfjs/analyze';
import { NO_SOURCE_FACTS } from '../../src/core/model/source-facts';

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

test('the builder names as its dialect does: Keras 3, TF.js, and a tf.keras 2 dialect fits the same interface', async () => {
  const { ModelGraphBuilder } = await import('../../src/core/model/builder');
  const { KERAS3 } = await import('../../src/core/model/dialects/keras3');
  const { TFJS } = await import('../../src/core/model/dialects/tfjs');
  const { findLayerSpec } = await import('../../src/core/layers/catalogue');
  const here = { startLine: 0, startCol: 0, endLine: 0, endCol: 0, startIndex: 0, endIndex: 0 };
  const dense = findLayerSpec('Dense');
  const names = (dialect: typeof KERAS3) => {
    const graph = new ModelGraphBuilder(dialect);
    const x = graph.input([null, 4], '', undefined, here);
    const a = graph.newLayer('Dense', dense, here);
    const b = graph.newLayer('Dense', dense, here);
    const y = graph.callLayer(b, [graph.callLayer(a, [{ kind: 'tensor', tensor: x }], here)], here);
    const model = graph.functional({ range: here, inputs: [x], outputs: [y.kind === 'tensor' ? y.tensor : null] });
    const seq = graph.sequential(undefined, here);
    return [x.producer.layer.name, a.name, b.name, model.name, graph.modelAsLayer(model).className, seq.name];
  };
  assert.deepEqual(names(KERAS3), ['input_layer', 'dense', 'dense_1', 'functional', 'Functional', 'sequential']);
  assert.deepEqual(names(TFJS), ['input1', 'dense_Dense1', 'dense_Dense2', 'model1', 'Model', 'sequential_1']);
  // tf.keras 2 counts inputs from `_1` and calls functional models `model`: only names differ from Keras 3.
  const tfKeras2 = { ...KERAS3, inputPrefix: 'input', functionalPrefix: 'model', formatName: (prefix: string, n: number) => (prefix === 'input' ? `input_${n}` : KERAS3.formatName(prefix, n)) };
  assert.deepEqual(names(tfKeras2), ['input_1', 'dense', 'dense_1', 'model', 'Functional', 'sequential']);
});

test('TF.js dialect: a Sequential whose first layer has no input shape is an error; Keras 3 waits for a build', async () => {
  const { ModelGraphBuilder } = await import('../../src/core/model/builder');
  const { KERAS3 } = await import('../../src/core/model/dialects/keras3');
  const { TFJS } = await import('../../src/core/model/dialects/tfjs');
  const { findLayerSpec } = await import('../../src/core/layers/catalogue');
  const here = { startLine: 0, startCol: 0, endLine: 0, endCol: 0, startIndex: 0, endIndex: 0 };
  const messages = (dialect: typeof KERAS3) => {
    const graph = new ModelGraphBuilder(dialect);
    const seq = graph.sequential(undefined, here);
    graph.fillSequential(seq, [{ value: { kind: 'layer', layer: graph.newLayer('Dense', findLayerSpec('Dense'), here) }, range: here }]);
    return graph.result(new Map(), NO_SOURCE_FACTS, undefined).diagnostics.map((d) => d.message);
  };
  assert.deepEqual(messages(TFJS), ['The first layer in a Sequential model must get an `inputShape` or `batchInputShape` argument.']);
  assert.deepEqual(messages(KERAS3), []);
});
