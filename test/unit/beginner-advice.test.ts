import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzePython } from '../../src/core/python/analyze';
import { beginnerAdvice } from '../../src/core/report/beginner-advice';
import './analyze-helpers';

function advice(source: string) {
  return beginnerAdvice(analyzePython(source), source);
}

const HEAD = 'import keras\nfrom keras import layers\n(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()\n';

function model(lastLayer: string, loss: string, y = 'y_train', first = 'layers.Flatten(input_shape=(28, 28))'): string {
  return `${HEAD}model = keras.Sequential([\n    ${first},\n    layers.Dense(256, activation="relu"),\n    ${lastLayer},\n])\nmodel.compile(optimizer="adam", loss=${loss}, metrics=["accuracy"])\nmodel.fit(x_train, ${y}, epochs=5)\n`;
}

describe('beginner advice: mistakes Keras does not report while building', () => {
  test('a right model gets no advice', () => {
    assert.deepEqual(advice(model('layers.Dense(10)', 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)')), []);
    assert.deepEqual(advice(model('layers.Dense(10, activation="softmax")', '"sparse_categorical_crossentropy"')), []);
  });

  test('softmax on the last layer and from_logits=True', () => {
    const [a] = advice(model('layers.Dense(10, activation="softmax")', 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)'));
    assert.equal(a.code, 'softmax-from-logits');
    assert.equal(a.range.startLine, 8);
    assert.equal(
      a.message,
      'The last layer, Dense on line 7, already applies softmax, so "model" outputs probabilities; from_logits=True makes the loss apply softmax again, and training learns slowly. Remove from_logits=True, or drop the softmax from the last layer.',
    );
  });

  test("last layer units that are not the dataset's classes", () => {
    const [a] = advice(model('layers.Dense(5, activation="softmax")', '"sparse_categorical_crossentropy"'));
    assert.equal(a.code, 'units-vs-classes');
    assert.equal(a.message, 'fashion_mnist has 10 classes, but the last layer, Dense on line 7, outputs 5 numbers per sample: give it 10 units, one score per class.');
  });

  test('categorical_crossentropy with class ids (the dataset labels, shape known)', () => {
    const [a] = advice(model('layers.Dense(10, activation="softmax")', '"categorical_crossentropy"'));
    assert.equal(a.code, 'labels-vs-loss');
    assert.match(a.message, /^The labels given to fit are class ids \(each sample's label has shape \(\)\), but categorical_crossentropy expects one-hot labels/);
  });

  test('sparse_categorical_crossentropy with one-hot labels (shape known)', () => {
    const src = `import numpy as np\n${model('layers.Dense(10, activation="softmax")', '"sparse_categorical_crossentropy"', 'np.zeros((60000, 10))')}`;
    const found = advice(src).map((a) => a.code);
    assert.deepEqual(found, ['labels-vs-loss']);
  });

  test('Dense on images without Flatten, and the Flatten fix (exact source, 10 numbers per sample after)', () => {
    const src = model('layers.Dense(10, activation="softmax")', '"sparse_categorical_crossentropy"', 'y_train', 'layers.Input(shape=(28, 28))');
    const [a] = advice(src);
    assert.equal(a.code, 'dense-on-images');
    assert.equal(a.message, 'Dense on line 6 gets each sample as (28, 28) and works on its last axis only, so the model outputs (28, 10) per sample instead of 10 numbers: put a Flatten() before the first Dense.');
    assert.ok(a.fix);
    const fixed = src.slice(0, a.fix.offset) + a.fix.text + src.slice(a.fix.offset);
    assert.equal(fixed, src.replace('    layers.Dense(256', '    layers.Flatten(),\n    layers.Dense(256'));
    const report = analyzePython(fixed);
    assert.deepEqual(report.models[0].layers.at(-1)?.outputShapes, [[null, 10]]);
    assert.deepEqual(beginnerAdvice(report, fixed), []);
  });
});
