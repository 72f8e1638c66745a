/**
 * Saved models opened without Python: `.keras` and `.h5` files written by real Keras 3 and by tf-keras 2
 * (scripts/gen-saved-models.py), each checked row by row and in its totals against what that Keras reported.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeModelConfig, analyzeSavedModel, readSavedConfig, savedModelFormat } from '../../src/core/config/saved-model';
import { formatShape } from '../../src/core/model/shape';

const DIR = join(__dirname, '..', 'fixtures', 'saved-models');

interface TruthRow { readonly name: string; readonly class: string; readonly params: number | null; readonly outputShape: (number | null)[] | null }
interface Truth { readonly model: string; readonly rows: readonly TruthRow[]; readonly trainable: number; readonly nonTrainable: number }

const truths: Record<string, Truth> = Object.assign(
  {},
  ...readdirSync(DIR).filter((f) => f.startsWith('truth-')).map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Record<string, Truth>),
);

for (const [file, truth] of Object.entries(truths)) {
  test(`${file}: rows and totals as Keras reported them`, () => {
    const format = savedModelFormat(file);
    assert.ok(format);
    const report = analyzeSavedModel(readFileSync(join(DIR, file)), format);
    const model = report.models[0];
    assert.equal(model.name, truth.model);
    assert.equal(model.trainableParams, BigInt(truth.trainable));
    assert.equal(model.nonTrainableParams, BigInt(truth.nonTrainable));
    for (const row of truth.rows) {
      const layer = model.layers.find((l) => l.name === row.name);
      assert.ok(layer, `${file}: no row ${row.name}`);
      assert.equal(layer.className, row.class === 'Functional' ? 'Functional' : row.class, row.name);
      if (row.params !== null) assert.equal(layer.params, BigInt(row.params), row.name);
      if (row.outputShape) assert.equal(formatShape(layer.outputShapes![0]), formatShape(row.outputShape), row.name);
    }
    assert.deepEqual(report.diagnostics, []);
  });
}

test('file names: .keras, .h5 / .hdf5 and TF.js model.json are saved models; other JSON is not', () => {
  assert.equal(savedModelFormat('a/b/model.keras'), 'keras');
  assert.equal(savedModelFormat('weights.H5'), 'h5');
  assert.equal(savedModelFormat('m.hdf5'), 'h5');
  assert.equal(savedModelFormat('web/model.json'), 'tfjs');
  assert.equal(savedModelFormat('package.json'), undefined);
  assert.equal(savedModelFormat('train.py'), undefined);
});

test('bad input never throws: a truncated zip, random bytes as HDF5, JSON without modelTopology', () => {
  const keras = readFileSync(join(DIR, 'keras3-tiny_cnn.keras'));
  for (const [bytes, format] of [[keras.subarray(0, 100), 'keras'], [new Uint8Array(64).fill(7), 'h5'], [new TextEncoder().encode('{"format": "graph-model"}'), 'tfjs'], [new TextEncoder().encode('not json'), 'tfjs']] as const) {
    const read = readSavedConfig(bytes, format);
    assert.ok('error' in read, format);
    const report = analyzeSavedModel(bytes, format);
    assert.equal(report.models.length, 0);
    assert.match(report.diagnostics[0].message, /cannot read/);
  }
});

test('configs: an unknown layer class is ? with the reason, a subclassed model is refused, junk is refused', () => {
  const config = {
    class_name: 'Sequential',
    config: { name: 's', layers: [{ class_name: 'InputLayer', config: { batch_shape: [null, 4] } }, { class_name: 'MyLayer', module: 'my_project.layers', config: { name: 'mine' } }, { class_name: 'Dense', config: { name: 'd', units: 2 } }] },
  };
  const report = analyzeModelConfig(config);
  const mine = report.models[0].layers.find((l) => l.name === 'mine')!;
  assert.equal(mine.params, null);
  assert.match(mine.unresolved ?? '', /MyLayer \(from my_project\.layers\) is not a layer Model Lens knows/);
  assert.equal(report.models[0].totalParams, null);
  assert.match(analyzeModelConfig({ class_name: 'MyModel', config: {} }).diagnostics[0].message, /subclassed model/);
  for (const junk of [null, 3, 'x', [], { class_name: 'Functional', config: { layers: [{ class_name: 'Dense', config: { units: 2 }, inbound_nodes: [[['nowhere', 0, 0, {}]]] }] } }]) {
    const r = analyzeModelConfig(junk);
    assert.ok(r.models.every((m) => m.totalParams === null), JSON.stringify(junk));
  }
});

test('a key the spec does not take makes the layer ?, never a number computed without it', () => {
  const config = { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'InputLayer', config: { batch_shape: [null, 4] } }, { class_name: 'Dense', config: { name: 'd', units: 2, future_width_multiplier: 3 } }] } };
  const layer = analyzeModelConfig(config).models[0].layers[0];
  assert.equal(layer.params, null);
  assert.match(layer.unresolved ?? '', /future_width_multiplier/);
});

test('deeply nested wrappers and models end in ?, never a stack overflow', () => {
  let layer: unknown = { class_name: 'Dense', config: { units: 2 } };
  for (let i = 0; i < 5000; i++) layer = { class_name: 'TimeDistributed', config: { layer } };
  let model: unknown = { class_name: 'Sequential', config: { layers: [{ class_name: 'InputLayer', config: { batch_shape: [null, 3, 4] } }, layer] } };
  for (let i = 0; i < 5000; i++) model = { class_name: 'Sequential', config: { layers: [model] } };
  for (const config of [model, { class_name: 'Sequential', config: { layers: [{ class_name: 'InputLayer', config: { batch_shape: [null, 3, 4] } }, layer] } }]) {
    const report = analyzeModelConfig(config);
    assert.ok(report.models.every((m) => m.totalParams === null));
  }
});
