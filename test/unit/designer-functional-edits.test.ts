/**
 * Structure edits on functional models (src/core/designer/edits/functional.ts): a layer inserted on an edge of the
 * graph and a layer deleted with its input wired through, each checked on the exact text that results, and every
 * refusal with its reason.
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

const DROPOUT = [{ name: 'rate', value: { kind: 'float' as const, value: 0.2 } }];

function run(source: string, request: (r: Report) => DesignerEdit): { text?: string; reason?: string; description?: string } {
  const report = analyzePython(source);
  const result = computeDesignerEdit(source, report, request(report));
  return result.ok ? { text: applyEdits(source, result.edits), description: result.description } : { reason: result.reason };
}

/** Insert Dropout(0.2) on the edge into input `input` of the layer named `consumer`. */
const insert = (consumer: string, input = 0, className = 'Dropout', args = DROPOUT) => (r: Report): DesignerEdit => {
  const m = r.models[0];
  return { kind: 'addLayer', model: 0, fingerprint: modelFingerprint(m), index: 0, className, args, edge: { layer: m.layers.findIndex((l) => l.name === consumer), input } };
};

const remove = (name: string) => (r: Report): DesignerEdit => {
  const m = r.models[0];
  const layer = m.layers.findIndex((l) => l.name === name);
  return { kind: 'deleteLayer', target: { model: 0, layer, className: m.layers[layer].className, name }, fingerprint: modelFingerprint(m) };
};

const BRANCHES = readFileSync('examples/functional_branches.py', 'utf8');

describe('insert a layer on an edge', () => {
  test('between the shared Dense and the Concatenate: a new line before the merge, which now reads it', () => {
    const out = run(BRANCHES, insert('concatenate', 1));
    assert.equal(out.description, 'Inserted Dropout(0.2) between dense and concatenate.');
    assert.equal(out.text, BRANCHES.replace('merged = layers.Concatenate()([x, m])', 'm_dropout = layers.Dropout(0.2)(m)\nmerged = layers.Concatenate()([x, m_dropout])'));
    // The result analyzes with the Dropout in the graph and the same totals (a Dropout has no weights).
    const after = analyzePython(out.text!);
    assert.ok(after.models[0].layers.some((l) => l.className === 'Dropout'));
    assert.equal(after.models[0].totalParams, 25290n);
  });

  test('on the other input of the merge, and a second insert gets a fresh name', () => {
    const once = run(BRANCHES, insert('concatenate', 0)).text!;
    assert.ok(once.includes('x_dropout = layers.Dropout(0.2)(x)\nmerged = layers.Concatenate()([x_dropout, m])'), once);
    const taken = BRANCHES.replace('IMG = 32', 'IMG = 32\nm_dropout = None');
    const fresh = run(taken, insert('concatenate', 1)).text!;
    assert.ok(fresh.includes('m_dropout_2 = layers.Dropout(0.2)(m)\nmerged = layers.Concatenate()([x, m_dropout_2])'), fresh);
  });

  test('a single-input call keeps its indentation inside a function body', () => {
    const source = `import keras
from keras import layers

def make():
    inp = keras.Input(shape=(8,))
    h = layers.Dense(16, activation="relu")(inp)
    out = layers.Dense(1)(h)
    return keras.Model(inp, out)

model = make()
`;
    assert.equal(
      run(source, insert('dense_1')).text,
      source.replace('    out = layers.Dense(1)(h)', '    h_dropout = layers.Dropout(0.2)(h)\n    out = layers.Dense(1)(h_dropout)'),
    );
  });

  test('refused, with the reason: a layer made in a helper called several times, an expression argument, a Sequential', () => {
    assert.match(run(BRANCHES, insert('max_pooling2d')).reason!, /runs 3 times \(a loop or a helper function\)/);
    const nested = `import keras
from keras import layers
inp = keras.Input(shape=(8,))
out = layers.Dense(1)(layers.Dense(4)(inp))
model = keras.Model(inp, out)
`;
    // Keras names the outer Dense first (it is made before its argument is evaluated).
    assert.equal(run(nested, insert('dense')).reason, 'dense reads `layers.Dense(4)(inp)`, an expression rather than a variable: give it a name first.');
    const seq = 'import keras\nmodel = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])\n';
    assert.match(run(seq, insert('dense')).reason!, /functional models/);
  });

  test('a layer the palette does not add, or a missing argument, is refused before any text is written', () => {
    assert.equal(run(BRANCHES, insert('concatenate', 1, 'Dense', [])).reason, 'Dense needs units.');
    assert.equal(run(BRANCHES, insert('concatenate', 1, 'Concatenate', [])).reason, 'Concatenate is not a layer the palette adds.');
  });
});

describe('delete a node, its input wired through', () => {
  const source = `import keras
from keras import layers
inp = keras.Input(shape=(8,))
x = layers.Dense(16)(inp)
x = layers.Dropout(0.5)(x)
y = layers.BatchNormalization()(x)
out = layers.Dense(1)(y)
model = keras.Model(inp, out)
`;

  test('x = Dropout(x): the line goes, x already holds the input', () => {
    const out = run(source, remove('dropout'));
    assert.equal(out.description, 'Deleted dropout; what read its output now reads x.');
    assert.equal(out.text, source.replace('x = layers.Dropout(0.5)(x)\n', ''));
  });

  test('y = BatchNormalization()(x): becomes y = x', () => {
    assert.equal(run(source, remove('batch_normalization')).text, source.replace('y = layers.BatchNormalization()(x)', 'y = x'));
  });

  test('refused when the shape would change, for a merge, an input, a shared layer', () => {
    assert.equal(run(source, remove('dense')).reason, 'Deleting dense would hand its consumers (None, 8) instead of (None, 16): its shape changes the tensor, so they would no longer fit.');
    assert.equal(run(BRANCHES, remove('concatenate')).reason, 'concatenate takes 2 inputs: deleting it leaves nothing to wire its consumers to. Remove it in the code.');
    assert.equal(run(BRANCHES, remove('meta')).reason, "meta is an input of the model: change the model's inputs in the code.");
    assert.match(run(BRANCHES, remove('batch_normalization')).reason!, /runs 3 times/);
    const shared = `import keras
from keras import layers
inp = keras.Input(shape=(8,))
norm = layers.LayerNormalization()
a = norm(inp)
out = layers.Dense(1)(a)
model = keras.Model(inp, out)
`;
    assert.equal(run(shared, remove('layer_normalization')).reason, 'layer_normalization is made on another line than it is called: delete both in the code.');
  });
});
