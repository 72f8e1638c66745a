/** Softmax and sigmoid outputs train on their logits (as Keras does) and get their activation back afterwards. */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type * as tfc from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { loadBackend, type Tf } from '../../src/train/worker/backend';
import { trainOnLogits } from '../../src/train/worker/output-logits';

let tf: Tf;
before(async () => {
  tf = (await loadBackend('wasm')).tf;
});

function model(last: 'dense-softmax' | 'dense-sigmoid' | 'dense-relu' | 'activation-softmax' | 'softmax-layer') {
  const layers: tfl.layers.Layer[] = [tf.layers.dense({ inputShape: [4], units: 3, activation: last === 'dense-softmax' ? 'softmax' : last === 'dense-sigmoid' ? 'sigmoid' : last === 'dense-relu' ? 'relu' : 'linear' })];
  if (last === 'activation-softmax') layers.push(tf.layers.activation({ activation: 'softmax' }));
  if (last === 'softmax-layer') layers.push(tf.layers.softmax());
  return tf.sequential({ layers });
}

test('a Dense or Activation softmax output trains from logits and is a softmax again after restore', () => {
  for (const kind of ['dense-softmax', 'activation-softmax'] as const) {
    const m = model(kind);
    const x = tf.randomNormal([5, 4], 0, 1, 'float32', 3);
    const before = (m.predict(x) as tfc.Tensor).arraySync() as number[][];
    const logits = trainOnLogits(tf, m, { name: 'sparse_categorical_crossentropy', fromLogits: false });
    assert.deepEqual(logits?.loss, { name: 'sparse_categorical_crossentropy', fromLogits: true }, kind);
    const raw = (m.predict(x) as tfc.Tensor).arraySync() as number[][];
    const softmaxOfRaw = (tf.softmax(tf.tensor(raw)).arraySync() as number[][]).flat();
    before.flat().forEach((p, i) => assert.ok(Math.abs(p - softmaxOfRaw[i]) < 1e-6, `${kind}: softmax(logits) = the model's probabilities`));
    logits!.restore();
    assert.deepEqual((m.predict(x) as tfc.Tensor).arraySync(), before, `${kind}: restored`);
  }
});

test('sigmoid with binary cross-entropy trains from logits; other outputs and losses are left as declared', () => {
  assert.deepEqual(trainOnLogits(tf, model('dense-sigmoid'), { name: 'binary_crossentropy', fromLogits: false })?.loss, { name: 'binary_crossentropy', fromLogits: true });
  assert.equal(trainOnLogits(tf, model('dense-sigmoid'), { name: 'categorical_crossentropy', fromLogits: false }), undefined);
  assert.equal(trainOnLogits(tf, model('dense-softmax'), { name: 'mean_squared_error', fromLogits: false }), undefined);
  assert.equal(trainOnLogits(tf, model('dense-relu'), { name: 'sparse_categorical_crossentropy', fromLogits: false }), undefined);
  assert.equal(trainOnLogits(tf, model('softmax-layer'), { name: 'sparse_categorical_crossentropy', fromLogits: false }), undefined);
  assert.equal(trainOnLogits(tf, model('dense-softmax'), { name: 'sparse_categorical_crossentropy', fromLogits: true }), undefined);
});
