/**
 * Models made from configs in Python code: `from_config(m.get_config())`, `model_from_json(...)`, literals. The
 * cases real Keras builds are in conformance/fixtures/models_from_config.py (goldens from Keras 3.15.1); these
 * are the ones Keras 3 refuses, and what Model Lens said before (no model: each call was "not followed").
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from './analyze-helpers';

const SMALL = `import keras
from keras import layers
m = keras.Sequential([keras.Input((8,)), layers.Dense(4), layers.Dense(2)], name="small")
`;

test('Sequential.from_config(m.get_config()) and model_from_json(m.to_json()) rebuild the model (were missing)', () => {
  const report = analyze(`${SMALL}m2 = keras.Sequential.from_config(m.get_config())\nm3 = keras.models.model_from_json(m.to_json())\n`);
  assert.deepEqual(report.models.map((x) => [x.variable, x.name, x.totalParams]), [['m', 'small', 46], ['m2', 'small', 46], ['m3', 'small', 46]]);
});

test("keras.Model.from_config of a Sequential's config: Keras 3 raises, so an error and no numbers", () => {
  const report = analyze(`${SMALL}m2 = keras.Model.from_config(m.get_config())\n`);
  assert.equal(report.models.length, 1);
  assert.match(report.diagnostics.find((d) => d.severity === 'error')?.message ?? '', /Unrecognized keyword arguments passed to Model/);
});

test('model_from_json of a JSON without "module" (as tf.keras 2 wrote it): Keras 3 cannot locate the class', () => {
  const report = analyze(`import keras
j = '{"class_name": "Sequential", "config": {"name": "lit", "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 3]}}, {"class_name": "Dense", "config": {"name": "d", "units": 5}}]}}'
m = keras.models.model_from_json(j)
`);
  assert.equal(report.models.length, 0);
  assert.match(report.diagnostics[0]?.message ?? '', /Could not locate class 'Sequential'/);
});

test('a config the analyzer cannot read is ? with the reason, never a model of its own invention', () => {
  const report = analyze(`import keras, json
cfg = json.load(open("model.json"))
m = keras.models.model_from_json(cfg)
x = m.output
`);
  assert.equal(report.models.length, 0);
});

test('a dict literal config with an unknown layer class: that row is ?, the totals too', () => {
  const report = analyze(`import keras
cfg = {"name": "s", "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [None, 4]}}, {"class_name": "MyBlock", "config": {"name": "b"}}, {"class_name": "Dense", "config": {"name": "d", "units": 2}}]}
m = keras.Sequential.from_config(cfg, custom_objects={"MyBlock": object})
`);
  assert.equal(report.models[0].totalParams, null);
  assert.equal(report.models[0].layers[0].params, null);
});

test('a model frozen before it is used as a layer counts as non-trainable in the outer model (was trainable)', () => {
  const report = analyze(`import keras
from keras import layers
i = keras.Input((4,))
base = keras.Model(i, layers.Dense(3)(i))
base.trainable = False
inputs = keras.Input((4,))
model = keras.Model(inputs, layers.Dense(1)(base(inputs)))
`);
  assert.deepEqual([report.models[1].trainableParams, report.models[1].nonTrainableParams], [4, 15]);
});
