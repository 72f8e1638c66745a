/**
 * keras.applications models built from the configs real Keras generated (media/keras-applications.json.gz), checked
 * against real Keras 3's trainable / non-trainable totals (test/fixtures/applications-truth.json, written by
 * scripts/gen-applications.py) for every application and several argument combinations. Before, each of these
 * calls was "not a Keras call Model Lens follows": no model at all.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from './analyze-helpers';

interface Case { readonly app: string; readonly args: Record<string, unknown>; readonly trainable: number; readonly nonTrainable: number }

const truth = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'applications-truth.json'), 'utf8')) as { keras_version: string; cases: Case[] };

function pyValue(v: unknown): string {
  if (Array.isArray(v)) return `(${v.map(pyValue).join(', ')}${v.length === 1 ? ',' : ''})`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return 'None';
  return String(v);
}

for (const c of truth.cases) {
  const args = Object.entries(c.args).map(([k, v]) => `, ${k}=${pyValue(v)}`).join('');
  const call = `keras.applications.${c.app}(weights=None${args})`;
  test(`${call}: the totals Keras ${truth.keras_version} reports`, () => {
    const report = analyze(`import keras\nmodel = ${call}\n`);
    const model = report.models.at(-1)!;
    assert.deepEqual([model.trainableParams, model.nonTrainableParams], [c.trainable, c.nonTrainable]);
  });
}

test('a frozen base inside a functional model: its weights count as non-trainable, the head as trainable', () => {
  const report = analyze(`import tensorflow as tf
base = tf.keras.applications.resnet50.ResNet50(include_top=False, input_shape=(224, 224, 3), pooling="avg", weights="imagenet")
base.trainable = False
inputs = tf.keras.Input((224, 224, 3))
x = base(inputs, training=False)
outputs = tf.keras.layers.Dense(10)(x)
model = tf.keras.Model(inputs, outputs)
head = tf.keras.layers.Dense(2)(base.output)
model2 = tf.keras.Model(base.input, head)
`);
  const [, model, model2] = report.models;
  assert.deepEqual([model.trainableParams, model.nonTrainableParams], [20490, 23587712]);
  assert.deepEqual([model2.trainableParams, model2.nonTrainableParams], [4098, 23587712]);
});

test("weights='imagenet' with include_top and other classes or another input shape: Keras raises, so an error", () => {
  for (const call of ['VGG16(classes=10)', 'VGG16(input_shape=(150, 150, 3))', 'ResNet50(include_top=False, input_shape=(16, 16, 3), weights=None)']) {
    const report = analyze(`import keras\nmodel = keras.applications.${call}\n`);
    assert.equal(report.models.length, 0, call);
    assert.match(report.diagnostics.find((d) => d.severity === 'error')?.message ?? '', /ValueError/, call);
  }
});

test('an argument that builds another architecture (alpha, input_tensor) is ?, never the default architecture', () => {
  for (const call of ['MobileNet(alpha=0.5)', 'MobileNetV2(alpha=0.35, weights=None)', 'ResNet50(input_tensor=x)']) {
    const report = analyze(`import keras\nx = keras.Input((224, 224, 3))\nmodel = keras.applications.${call}\n`);
    assert.equal(report.models.length, 0, call);
  }
});
