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

const rows = (source: string, variable: string) => {
  const model = analyze(source).models.find((m) => m.variable === variable)!;
  return { total: model.totalParams, layers: model.layers.map((l) => [l.name, l.outputShape, l.params]) };
};

test('fit on a dataset array builds the Sequential for its first batch: batch_size when every batch is full, else None', () => {
  const source = `import keras
from keras import layers
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train / 255.0
model = keras.Sequential([layers.Flatten(), layers.Dense(128, activation="relu"), layers.Dense(10)])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=1)
conv = keras.Sequential([layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(10)])
conv.fit(x_train.reshape(-1, 28, 28, 1), y_train, validation_split=0.1, batch_size=64)
`;
  // Real Keras 3 after fit on 60,000 samples (60,000 / 32 batches are all full; 54,000 / 64 are not). Was: unbuilt.
  assert.deepEqual(rows(source, 'model'), { total: 101770, layers: [['flatten', [32, 784], 0], ['dense', [32, 128], 100480], ['dense_1', [32, 10], 1290]] });
  assert.deepEqual(rows(source, 'conv'), { total: 54170, layers: [['conv2d', [null, 26, 26, 8], 80], ['flatten_1', [null, 5408], 0], ['dense_2', [null, 10], 54090]] });
});

test('fit on pad_sequences(imdb, maxlen=100) builds Embedding → Conv1D → LSTM (keras imdb_cnn_lstm)', () => {
  const { total, layers } = rows(`from keras.preprocessing import sequence
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation, Embedding, LSTM, Conv1D, MaxPooling1D
from keras.datasets import imdb
(x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=20000)
x_train = sequence.pad_sequences(x_train, maxlen=100)
model = Sequential()
model.add(Embedding(20000, 128))
model.add(Dropout(0.25))
model.add(Conv1D(64, 5, padding='valid', activation='relu', strides=1))
model.add(MaxPooling1D(pool_size=4))
model.add(LSTM(70))
model.add(Dense(1))
model.add(Activation('sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam')
model.fit(x_train, y_train, batch_size=30, epochs=2)
`, 'model');
  assert.equal(total, 2638895); // 25,000 sequences in batches of 30: the last is not full, so the batch is None
  assert.deepEqual(layers.map((l) => l[1]), [[null, 100, 128], [null, 100, 128], [null, 96, 64], [null, 24, 64], [null, 70], [null, 1], [null, 1]]);
});

test('fit that does not say how the data is batched, or on ragged sequences, leaves the model unbuilt', () => {
  const unbuilt = (fit: string) => analyze(`import sys
import keras
from keras import layers
(x_train, y_train), _ = keras.datasets.imdb.load_data()
(m_train, _), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([layers.Dense(4)])
${fit}
`).models[0].totalParams;
  assert.equal(unbuilt('model.fit(x_train, y_train)'), null); // lists of different lengths: Keras cannot batch them
  assert.equal(unbuilt('model.fit(m_train.reshape(-1, 784), y_train, batch_size=int(sys.argv[1]))'), null);
  assert.equal(unbuilt('model.fit(m_train.reshape(-1, 784), y_train, steps_per_epoch=10)'), null);
  assert.equal(unbuilt('model.fit(m_train.reshape(-1, 784), y_train)'), 3140);
});

test("Keras's view of an unbuilt Embedding → Bidirectional(LSTM) → Dense, and labelled beside it the params once fit builds it", () => {
  const source = `import keras
from keras import layers
model = keras.Sequential([layers.Embedding(20000, 128), layers.Bidirectional(layers.LSTM(64)), layers.Dropout(0.5), layers.Dense(1, activation="sigmoid")])
flat = keras.Sequential([layers.Embedding(100, 8), layers.Flatten(), layers.Dense(1)])
`;
  const [model, flat] = analyze(source).models;
  assert.equal(model.totalParams, null); // Keras: "0 (unbuilt)"
  // Real Keras 3: model.build((None, None)) (sequences of any length) → count_params() per layer and in total.
  assert.deepEqual(model.onceBuilt, { inputShape: [null, null], layers: [2560000, 98816, 0, 129], totalParams: 2658945, trainableParams: 2658945, nonTrainableParams: 0 });
  assert.match(formatSummary(analyzePython(source).models[0]), /once fit\(\) builds it on sequences of any length \(None, None\): Total params 2,658,945/);
  assert.equal(flat.onceBuilt, undefined); // Flatten → Dense depends on the length
});
