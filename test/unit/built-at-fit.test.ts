/**
 * A Sequential with no input shape, as Keras 3 shows it before it is built (issue 13, part 5): the layers it builds
 * when they are made (Dropout, pooling, Activation) have their 0 weights; the others are "0 (unbuilt)" (null in the
 * JSON), and so are the totals. Expected values printed by real Keras 3.15.1 in the venv
 * (~/.cache/model-lens/keras-venv): `l.count_params() if l.built else None` per layer, for the same source.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from './analyze-helpers';
import { analyzePython } from '../../src/core/python/analyze';
import { formatSummary } from '../../src/core/report/summary';

const UNBUILT = `import keras
from keras import layers
model = keras.Sequential()
model.add(layers.Embedding(1000, 16))
model.add(layers.Dropout(0.25))
model.add(layers.Conv1D(8, 5, activation="relu"))
model.add(layers.MaxPooling1D(4))
model.add(layers.LSTM(12))
model.add(layers.Dense(1))
model.add(layers.Activation("sigmoid"))
`;

test('unbuilt Sequential: layers built when made have 0 params, the rest are unbuilt (imdb_cnn_lstm, imdb_mask)', () => {
  const model = analyze(UNBUILT).models[0];
  assert.deepEqual(model.layers.map((l) => [l.name, l.outputShape, l.params]), [
    ['embedding', null, null],
    ['dropout', null, 0], // was null
    ['conv1d', null, null],
    ['max_pooling1d', null, 0], // was null
    ['lstm', null, null],
    ['dense', null, null],
    ['activation', null, 0], // was null
  ]);
  assert.equal(model.totalParams, null);
});

test("unbuilt Sequential's summary: 0 for the layers built when made, 0 (unbuilt) for the others, as Keras prints", () => {
  const text = formatSummary(analyzePython(UNBUILT).models[0]);
  assert.match(text, /│ dropout \(Dropout\) +│ \? +│ +0 │/);
  assert.match(text, /│ embedding \(Embedding\) +│ \? +│ +0 \(unbuilt\) │/);
});
