/** "What changed" (src/core/designer/model-diff.ts): a model against an earlier version, layer by layer; pure. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { designerState } from '../../src/core/designer/designer-view';
import { flatten, formatDelta, modelDiff, withDiff, type ModelDiff } from '../../src/core/designer/model-diff';

before(async () => {
  await initParser();
});

const version = (text: string) => ({ report: analyzePython(text), text });

function diff(old: string, now: string, index = 0): ModelDiff {
  const d = modelDiff(version(old), version(now), index);
  assert.ok(d);
  return d;
}

/** Each change as `kind className name delta [note]`, nested ones indented. */
function rows(d: ModelDiff): string[] {
  const out: string[] = [];
  const walk = (changes: ModelDiff['layers'], indent: string) => {
    for (const c of changes) {
      const l = c.after ?? c.before!;
      out.push(`${indent}${c.kind} ${l.className} ${l.name} ${formatDelta(c.paramsDelta)}${c.note ? ` [${c.note}]` : ''}`);
      if (c.children) walk(c.children, `${indent}  `);
    }
  };
  walk(d.layers, '');
  return out;
}

const FUNCTIONAL = `import keras
from keras import layers
inputs = keras.Input(shape=(16,))
x = layers.Dense(64, activation="relu")(inputs)
x = layers.Dropout(0.2)(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
`;

describe('modelDiff', () => {
  test('a Dense whose units changed: it and the layer after it changed, with the params delta per layer and in total', () => {
    const d = diff(FUNCTIONAL, FUNCTIONAL.replace('Dense(64', 'Dense(32'));
    assert.deepEqual(rows(d), [
      'same InputLayer input_layer 0',
      // Keras: Dense(64) on 16 features has 16*64+64 = 1,088 params; Dense(32) has 544.
      'changed Dense dense -544 [code layers.Dense(64, activation="relu") → layers.Dense(32, activation="relu"); params 1,088 → 544; output (None, 64) → (None, 32)]',
      'changed Dropout dropout 0 [output (None, 64) → (None, 32)]',
      // Dense(10) on 64 → 650; on 32 → 330.
      'changed Dense dense_1 -320 [params 650 → 330]',
    ]);
    assert.deepEqual([d.added, d.removed, d.changed], [0, 0, 3]);
    assert.deepEqual([d.paramsBefore, d.paramsAfter, d.paramsDelta], [1738n, 874n, -864n]);
  });

  test('an inserted Dense is added; the layers it renames (dense_1 → dense_2) are not changed', () => {
    const now = FUNCTIONAL.replace('x = layers.Dropout', 'x = layers.Dense(64)(x)\nx = layers.Dropout');
    assert.deepEqual(rows(diff(FUNCTIONAL, now)), [
      'same InputLayer input_layer 0',
      'same Dense dense 0',
      'added Dense dense_1 +4,160 [added (4,160 params)]',
      'same Dropout dropout 0',
      'same Dense dense_2 0',
    ]);
  });

  test('a deleted layer is removed, with its params taken off', () => {
    const back = diff(FUNCTIONAL, FUNCTIONAL.replace('x = layers.Dense(64, activation="relu")(inputs)\n', 'x = inputs\n'));
    assert.deepEqual(rows(back), [
      'same InputLayer input_layer 0',
      'removed Dense dense -1,088 [removed (1,088 params)]',
      'changed Dropout dropout 0 [output (None, 64) → (None, 16)]',
      // Keras renames the last Dense to `dense`; it is still the same layer, its input now 16 wide: 170 params.
      'changed Dense dense -480 [params 650 → 170; was dense_1]',
    ]);
    assert.equal(back.paramsDelta, -1568n);
  });

  test('a nested model keeps its changes together under the layer that uses it', () => {
    const nested = (units: number) => `import keras
from keras import layers
block = keras.Sequential([layers.Dense(${units}), layers.ReLU()], name="block")
inputs = keras.Input(shape=(8,))
x = block(inputs)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
`;
    const old = nested(4);
    const now = nested(6);
    const index = analyzePython(now).models.findIndex((m) => m.variable === 'model');
    assert.deepEqual(rows(diff(old, now, index)), [
      'same InputLayer input_layer 0',
      // Dense(4) on 8: 36 params; Dense(6): 54.
      'changed Sequential block +18 [2 of its layers changed; params 36 → 54; output (None, 4) → (None, 6)]',
      '  changed Dense dense +18 [code layers.Dense(4) → layers.Dense(6); params 36 → 54; output (None, 4) → (None, 6)]',
      '  changed ReLU re_lu 0 [output (None, 4) → (None, 6)]',
      // Dense(1) on 4: 5; on 6: 7.
      'changed Dense dense_1 +2 [params 5 → 7]',
    ]);
  });

  test('a model new in this version: every layer added; the old file having no model is no error', () => {
    const d = diff('import keras\n', FUNCTIONAL);
    assert.deepEqual([d.added, d.removed, d.changed, d.paramsDelta], [4, 0, 0, 1738n]);
  });

  test('an unknown params count gives an unknown delta, never a guess', () => {
    const old = FUNCTIONAL.replace('shape=(16,)', 'shape=(n,)');
    const d = diff(old, FUNCTIONAL);
    assert.equal(d.paramsDelta, null);
    assert.equal(formatDelta(null), '?');
    assert.ok(flatten(d.layers).some((c) => c.paramsDelta === null));
  });

  test('bad input never throws: broken code on either side', () => {
    assert.doesNotThrow(() => modelDiff(version('model = keras.Model(('), version(FUNCTIONAL), 0));
    assert.equal(modelDiff(version(FUNCTIONAL), version('x = ('), 0), undefined);
  });
});

describe('withDiff marks the graph', () => {
  test('changed nodes carry their delta, removed layers become nodes, the totals delta is set', () => {
    const nowText = FUNCTIONAL.replace('Dense(64', 'Dense(32').replace('x = layers.Dropout(0.2)(x)\n', '');
    const now = version(nowText);
    const doc = { uri: 'file:///t.py', fileName: 't.py', version: 1 };
    const view = designerState(now.report, nowText, doc, { model: 0 }).model!;
    const d = modelDiff(version(FUNCTIONAL), now, 0)!;
    const marked = withDiff(view, now.report, d, 'HEAD');
    assert.deepEqual(
      marked.graph.nodes.filter((n) => n.change).map((n) => `${n.change} ${n.name} ${n.paramsDelta}`),
      ['changed dense -544', 'changed dense_1 -320', 'removed dropout 0'],
    );
    assert.deepEqual(marked.diff, { against: 'HEAD', added: 0, removed: 1, changed: 2, paramsBefore: '1,738', paramsAfter: '874', paramsDelta: '-864' });
    assert.equal(view.diff, undefined);
  });
});

describe('the compare message', () => {
  test('designer/compare is accepted well-formed and dropped otherwise', async () => {
    const { parseDesignerMessage } = await import('../../src/shared/designer-protocol');
    assert.ok(parseDesignerMessage({ type: 'designer/compare', uri: 'file:///t.py', on: true }));
    assert.equal(parseDesignerMessage({ type: 'designer/compare', uri: 'file:///t.py', on: 'yes' }), undefined);
    assert.equal(parseDesignerMessage({ type: 'designer/compare', on: false }), undefined);
  });
});
