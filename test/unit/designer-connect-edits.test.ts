/**
 * Connecting edits on functional models (src/core/designer/edits/functional-connect.ts): an output added, two
 * tensors joined into a merge layer; each checked on the exact text that results, and every refusal with its reason.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { computeDesignerEdit, modelFingerprint, type DesignerEdit } from '../../src/core/designer/edits/designer-edits';
import { applyEdits } from '../../src/core/designer/edits/text-edit';
import type { Report } from '../../src/core/report/report';

before(async () => {
  await initParser();
});

function run(source: string, request: (r: Report) => DesignerEdit): { text?: string; reason?: string; description?: string } {
  const report = analyzePython(source);
  const result = computeDesignerEdit(source, report, request(report));
  return result.ok ? { text: applyEdits(source, result.edits), description: result.description } : { reason: result.reason };
}

const target = (r: Report, name: string, model = 0) => {
  const m = r.models[model];
  const layer = m.layers.findIndex((l) => l.name === name);
  assert.ok(layer >= 0, `no layer ${name}`);
  return { model, layer, className: m.layers[layer].className, name };
};

const output = (name: string) => (r: Report): DesignerEdit => ({ kind: 'addOutput', target: target(r, name), fingerprint: modelFingerprint(r.models[0]) });

/** Join layer `other`'s output into input `input` of layer `consumer` with `className`. */
const merge = (other: string, consumer: string, input = 0, className = 'Add') => (r: Report): DesignerEdit => ({
  kind: 'mergeInto',
  other: target(r, other),
  fingerprint: modelFingerprint(r.models[0]),
  edge: { layer: target(r, consumer).layer, input },
  className,
});

const BRANCHES = readFileSync('examples/functional_branches.py', 'utf8');

const CHAIN = `import keras
from keras import layers

inputs = keras.Input(shape=(16,))
h = layers.Dense(32, activation="relu")(inputs)
x = layers.Dense(32, activation="relu")(h)
x = layers.Dropout(0.2)(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
`;

describe('add an output', () => {
  test('a single output becomes a list with the new one', () => {
    const out = run(BRANCHES, output('dense'));
    assert.equal(out.description, "Added dense's output (m) to the model's outputs.");
    assert.equal(out.text, BRANCHES.replace('outputs=outputs)', 'outputs=[outputs, m])'));
    const after = analyzePython(out.text!).models[0];
    assert.equal(after.model.kind === 'functional' && after.model.outputs.length, 2);
    assert.equal(after.totalParams, 25290n);
  });

  test('a positional outputs list gets one more item', () => {
    const source = CHAIN.replace('keras.Model(inputs, outputs)', 'keras.Model(inputs, [outputs])');
    assert.equal(run(source, output('dense')).text, source.replace('[outputs])', '[outputs, h])'));
    assert.equal(run(CHAIN, output('dense')).text, CHAIN.replace('keras.Model(inputs, outputs)', 'keras.Model(inputs, [outputs, h])'));
  });

  test('refused: already an output, an input, a variable assigned again, an output not assigned to a name', () => {
    assert.equal(run(CHAIN, output('dense_2')).reason, 'dense_2 is an output of the model already.');
    assert.match(run(CHAIN, output('input_layer')).reason!, /is an input of the model/);
    assert.equal(run(CHAIN, output('dense_1')).reason, "`x` is assigned again before it would be read, so it no longer holds dense_1's output: connect it by hand.");
    const inline = CHAIN.replace('x = layers.Dropout(0.2)(x)\n', 'x = layers.Dense(4)(layers.Dropout(0.2)(x))\n');
    assert.match(run(inline, output('dropout')).reason!, /not simply assigned to a variable/);
  });

  test('refused: a layer made in a helper function or a loop', () => {
    assert.match(run(BRANCHES, output('conv2d')).reason!, /runs 3 times \(a loop or a helper function\)/);
  });

  test('the resulting source is analyzed as Keras would build it: two outputs, the same params', () => {
    const after = analyzePython(run(CHAIN, output('dense')).text!).models[0];
    assert.equal(after.model.kind === 'functional' && after.model.outputs.length, 2);
    // 16*32+32 + 32*32+32 + 32*10+10 = 544 + 1,056 + 330.
    assert.equal(after.totalParams, 1930n);
  });
});

describe('join two tensors with a merge layer', () => {
  test('Add on the edge into the Dropout: a residual connection', () => {
    const out = run(CHAIN, merge('dense', 'dropout'));
    assert.equal(out.description, "Joined dense's output into dropout's input with Add.");
    assert.equal(out.text, CHAIN.replace('x = layers.Dropout(0.2)(x)', 'x_add = layers.Add()([x, h])\nx = layers.Dropout(0.2)(x_add)'));
    const after = analyzePython(out.text!).models[0];
    assert.deepEqual(after.layers.map((l) => l.className), ['InputLayer', 'Dense', 'Dense', 'Add', 'Dropout', 'Dense']);
    assert.equal(after.totalParams, 1930n);
  });

  test('Concatenate widens the tensor: the next Dense gets more params', () => {
    const out = run(CHAIN, merge('dense', 'dense_2', 0, 'Concatenate'));
    assert.equal(out.text, CHAIN.replace('outputs = layers.Dense(10)(x)', 'x_concatenate = layers.Concatenate()([x, h])\noutputs = layers.Dense(10)(x_concatenate)'));
    // The last Dense now reads 64 features: 64*10+10 = 650 instead of 330.
    assert.equal(analyzePython(out.text!).models[0].totalParams, 2250n);
  });

  test('an input of the model can be joined (its own variable)', () => {
    const source = CHAIN.replace('Dense(32, activation="relu")(h)', 'Dense(16, activation="relu")(h)');
    const out = run(source, merge('input_layer', 'dropout'));
    assert.equal(out.text, source.replace('x = layers.Dropout(0.2)(x)', 'x_add = layers.Add()([x, inputs])\nx = layers.Dropout(0.2)(x_add)'));
  });

  test('refused with the shapes when the merge cannot join them', () => {
    const source = CHAIN.replace('Dense(32, activation="relu")(h)', 'Dense(8, activation="relu")(h)');
    assert.equal(run(source, merge('dense', 'dropout')).reason, 'Add joins tensors of the same shape; these are (None, 8) and (None, 32) (Concatenate joins tensors that differ in the last axis).');
    assert.equal(
      run(BRANCHES, merge('image', 'concatenate', 1, 'Concatenate')).reason,
      'Concatenate joins tensors that match except in the last axis; these are (None, 32) and (None, 32, 32, 3).',
    );
  });

  test('refused: the same tensor, a tensor made after the reader, a name that is not a merge layer', () => {
    assert.equal(run(CHAIN, merge('dense_1', 'dropout')).reason, "dense_1's output is already the tensor on that edge.");
    assert.equal(run(CHAIN, merge('dropout', 'dense_1')).reason, "dropout's output is made after the place that would read it: connect it by hand.");
    assert.equal(run(CHAIN, merge('dense', 'dropout', 0, 'Dense')).reason, 'Dense is not a merge layer the graph adds.');
  });

  test('a stale request is refused, and nothing throws on broken code', () => {
    const r = analyzePython(CHAIN);
    const stale = { ...merge('dense', 'dropout')(r), fingerprint: 'old' } as DesignerEdit;
    assert.match(computeDesignerEdit(CHAIN, r, stale).ok ? '' : (computeDesignerEdit(CHAIN, r, stale) as { reason: string }).reason, /changed since the panel showed it/);
    const broken = CHAIN.replace('model = keras.Model(inputs, outputs)', 'model = keras.Model(inputs, outputs');
    assert.doesNotThrow(() => computeDesignerEdit(broken, analyzePython(broken), output('dense')(analyzePython(CHAIN))));
  });
});
