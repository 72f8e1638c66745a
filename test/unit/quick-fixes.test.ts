import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzePython } from '../../src/core/python/analyze';
import { addInputFix, SHAPE_PLACEHOLDER } from '../../src/core/designer/quick-fixes';
import './analyze-helpers';

function applyFix(source: string, shape: string): string {
  const report = analyzePython(source);
  const fix = addInputFix(report.models[0], report.imports);
  assert.ok(fix);
  return source.slice(0, fix.offset) + fix.text.replace(SHAPE_PLACEHOLDER, shape) + source.slice(fix.offset);
}

describe('quick fix: add an input shape', () => {
  test('one-line Sequential list, tf.keras spelling', () => {
    const src = 'import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.layers.Dense(3)])\n';
    const fixed = applyFix(src, '4,');
    assert.equal(fixed, 'import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(3)])\n');
    assert.equal(analyzePython(fixed).models[0].totalParams, 15n);
  });

  test('multi-line list keeps its layout', () => {
    const src = 'from tensorflow.keras import layers, Sequential\nm = Sequential([\n    layers.Dense(3),\n    layers.Dense(1),\n])\n';
    assert.equal(applyFix(src, '4,'), 'from tensorflow.keras import layers, Sequential\nm = Sequential([\n    layers.Input(shape=(4,)),\n    layers.Dense(3),\n    layers.Dense(1),\n])\n');
  });

  test('model.add sequence gets a new add line above', () => {
    const src = 'import keras\nm = keras.Sequential()\nm.add(keras.layers.Dense(3))\n';
    const fixed = applyFix(src, '4,');
    assert.equal(fixed, 'import keras\nm = keras.Sequential()\nm.add(keras.Input(shape=(4,)))\nm.add(keras.layers.Dense(3))\n');
    assert.equal(analyzePython(fixed).models[0].totalParams, 15n);
  });
});
