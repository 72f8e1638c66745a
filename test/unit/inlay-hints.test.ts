import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzePython } from '../../src/core/python/analyze';
import { inlayHintsOf, lensesOf } from '../../src/server/features';
import './analyze-helpers';

test('inlay hints: shape and params at the end of each layer line; the model keeps its own lens', () => {
  const src = 'import keras\nfrom keras import layers\nmodel = keras.Sequential([\n    layers.Flatten(input_shape=(28, 28)),\n    layers.Dense(\n        256, activation="relu"),\n    layers.Dense(10),\n])\n';
  const report = analyzePython(src);
  assert.deepEqual(
    inlayHintsOf(report, src).map(({ line, col, label }) => [line, col, label]),
    [
      [3, 41, '(None, 784) · 0 params'],
      [5, 32, '(None, 256) · 200,960 params'],
      [6, 21, '(None, 10) · 2,570 params'],
    ],
  );
  const lenses = lensesOf(report, true);
  assert.deepEqual(lenses.filter((l) => !l.layer).map((l) => [l.line, l.title.split(' · ')[0]]), [[2, 'Sequential "sequential"'], [2, '▶ Train'], [2, 'Open in Designer']]);
});

test('inlay hints: layers sharing a line get their hint right after their own call', () => {
  const src = 'import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(1)])\n';
  const hints = inlayHintsOf(analyzePython(src), src);
  const line = src.split('\n')[1];
  assert.deepEqual(
    hints.map(({ col, label }) => [line.slice(0, col), label]),
    [
      ['m = keras.Sequential([keras.Input((4,))', '(None, 4) · 0 params'],
      ['m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)', '(None, 3) · 15 params'],
      [line, '(None, 1) · 4 params'],
    ],
  );
});

test('inlay hints stay short: the trainable split is in the tooltip only', () => {
  const src = 'import keras\nm = keras.Sequential([\n    keras.Input((8, 8, 4)),\n    keras.layers.BatchNormalization(),\n])\n';
  const [, hint] = inlayHintsOf(analyzePython(src), src);
  assert.equal(hint.label, '(None, 8, 8, 4) · 16 params');
  assert.match(hint.tooltip, /non-trainable|16/);
});

test("a layer on the model's line is marked, so with both displays its hint stands for its lens", () => {
  const src = 'import tensorflow as tf\nmodel = tf.keras.models.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)),\n    tf.keras.layers.Dense(10)])\n';
  const report = analyzePython(src);
  const lenses = lensesOf(report, true);
  assert.deepEqual(lenses.filter((l) => l.layer).map((l) => [l.line, l.title, l.onModelLine]), [
    [1, 'Flatten · (None, 784) · 0 params', true],
    [2, 'Dense · (None, 10) · 7,850 params', undefined],
  ]);
  assert.deepEqual(inlayHintsOf(report, src).map((h) => [h.line, h.label]), [
    [1, '(None, 784) · 0 params'],
    [2, '(None, 10) · 7,850 params'],
  ]);
});
