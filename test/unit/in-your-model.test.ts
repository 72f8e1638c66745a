/** Hovers on activations and losses speak of the person's own model: its layers, lines and numbers. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzePython } from '../../src/core/python/analyze';
import { activationDoc, workedExample } from '../../src/core/python/docs';
import { hoverAt } from '../../src/server/hover';
import './analyze-helpers';

const SRC = `import keras
from keras import layers
model = keras.Sequential([
    layers.Flatten(input_shape=(28, 28)),
    layers.Dense(256, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
`;

function hover(src: string, at: string, nth = 0): string {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = src.indexOf(at, offset + 1);
  assert.ok(offset >= 0, at);
  return hoverAt(analyzePython(src), src, offset + 1, { kind: 'python' } as never)?.markdown ?? '';
}

describe('hover texts about the person’s code', () => {
  test('relu names the hovered Dense, its line and its 256 numbers; nothing about a tutorial', () => {
    const md = hover(SRC, '"relu"');
    assert.match(md, /\*\*In your model:\*\* Dense on line 5 sets the negative ones of its 256 numbers per sample to 0/);
    assert.doesNotMatch(md, /tutorial|Dense\(128/);
  });

  test('softmax on the last layer: 10 classes, and the from_logits=True of this model’s loss', () => {
    const md = hover(SRC, '"softmax"');
    assert.match(md, /the last layer, Dense on line 6, turns its 10 numbers per sample into probabilities that sum to 1, one per class \(10 classes\)\. Its loss is given `from_logits=True` on line 8/);
    assert.doesNotMatch(md, /tutorial/);
  });

  test('the loss hover tells what the last layer outputs', () => {
    const md = hover(SRC, 'SparseCategoricalCrossentropy');
    assert.match(md, /Dense on line 6 outputs 10 numbers per sample as probabilities \(softmax\), so `from_logits=True` is wrong here/);
  });

  test('the worked softmax example is computed', () => {
    assert.equal(workedExample((x) => x.map((v) => v * 2), [0, -1, 2, 3], 1), '`[0.0, -1.0, 2.0, 3.0]` becomes `[0.0, -2.0, 4.0, 6.0]`');
    assert.match(activationDoc('softmax')?.details ?? '', /`\[0\.0, -1\.0, 2\.0, 3\.0\]` becomes `\[0\.0347, 0\.0128, 0\.2562, 0\.6964\]`/);
    assert.match(activationDoc('log_softmax')?.details ?? '', /`\[-3\.3618, -4\.3618, -1\.3618, -0\.3618\]`/);
  });
});
