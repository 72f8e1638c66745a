/** What the designer panel is sent: cards, totals, forms, palette; pure, from a report. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { designerState, modelIndexAt, palette } from '../../src/core/designer/designer-view';
import { isArgValue, parseDesignerMessage } from '../../src/shared/designer-protocol';
import { functionalModel } from '../../bench/generate';

before(async () => {
  await initParser();
});

const DOC = { uri: 'file:///work/t.py', fileName: 't.py', version: 3 };

function state(source: string, selection: { model?: number; cursorOffset?: number } = {}) {
  return designerState(analyzePython(source), source, DOC, selection);
}

describe('the tutorial model as cards', () => {
  const source = readFileSync('examples/fashion_mnist.py', 'utf8');
  // Built on first use: the parser is ready only once the before() hook has run.
  let cached: ReturnType<typeof state> | undefined;
  const tutorial = () => (cached ??= state(source, { cursorOffset: source.indexOf('Dense(256') }));

  test('one card per layer with Keras numbers, a bar scaled to the largest layer, totals', () => {
    const m = tutorial().model!;
    assert.deepEqual(m.layers.map((c) => [c.className, c.outputShape, c.params]), [
      ['Flatten', '(None, 784)', '0'],
      ['Dense', '(None, 256)', '200,960'],
      ['Dense', '(None, 10)', '2,570'],
    ]);
    assert.deepEqual(m.layers.map((c) => c.share), [0, 1, 0.012]);
    assert.deepEqual(m.totals, { params: '203,530', trainable: '203,530', nonTrainable: '0', size: '795.04 KB', macs: '203,264', macsNote: undefined });
    assert.equal(m.layers[1].keyArgs, '256, activation=tf.nn.relu');
    assert.equal(m.layers[1].macs, '200,704');
    assert.deepEqual(m.structure, { editable: true });
  });

  test('the card under the cursor is marked; refs carry the document version and the model fingerprint', () => {
    assert.equal(tutorial().cursorLayer, 1);
    const ref = tutorial().model!.layers[1].ref;
    assert.deepEqual(ref, { uri: DOC.uri, version: 3, model: 0, layer: 1, className: 'Dense', name: 'dense', fingerprint: ref.fingerprint });
    assert.match(ref.fingerprint, /^3-[0-9a-z]+$/);
  });

  test('the panel\'s state grows with the model, not with its square (each ref carries a digest, not every layer\'s name)', () => {
    const size = (layers: number) => {
      const text = functionalModel(layers);
      return JSON.stringify(designerState(analyzePython(text), text, DOC, {})).length;
    };
    // Four times the layers: under 4.5 times the bytes (it was 10 times: 0.5 MB at 101 layers, 5.1 MB at 401).
    const small = size(101);
    const big = size(401);
    assert.ok(big < 4.5 * small, `${small} → ${big} bytes`);
  });

  test('the Dense form: units and activation editable, use_bias at its default', () => {
    const fields = tutorial().model!.layers[1].fields;
    const units = fields.find((f) => f.rule.name === 'units')!;
    assert.deepEqual([units.editable, units.text, units.value, units.resettable], [true, '256', { kind: 'int', value: 256 }, false]);
    const activation = fields.find((f) => f.rule.name === 'activation')!;
    assert.deepEqual([activation.editable, activation.rule.kind, activation.resettable], [true, 'activation', true]);
  });
});

test('a layer named like HTML is sent as plain text (the webview renders it as text)', () => {
  const s = state(`import keras
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2, name="<img src=x onerror=alert(1)>")])
`);
  assert.equal(s.model!.layers[0].name, '<img src=x onerror=alert(1)>');
});

test('diagnostics become a warning badge on their layer', () => {
  const s = state(`import keras
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Reshape((3, 3))])
`);
  assert.equal(s.model!.layers[0].diagnostics.length, 1);
  assert.match(s.model!.layers[0].diagnostics[0].message, /total size of the tensor must be unchanged/);
});

test('a functional graph gets lanes for its branches and names each layer\'s inputs', () => {
  const s = state(`import keras
from keras import layers
a = keras.Input(shape=(8,), name="a")
b = keras.Input(shape=(4,), name="b")
x = layers.Dense(16, name="x")(a)
y = layers.Dense(16, name="y")(b)
z = layers.Concatenate(name="z")([x, y])
model = keras.Model([a, b], layers.Dense(1, name="out")(z))
`);
  const cards = s.model!.layers.map((c) => [c.name, c.lane, c.inputs.join('+')]);
  assert.deepEqual(cards, [
    ['a', 0, ''],
    ['b', 1, ''],
    ['x', 0, 'a'],
    ['y', 1, 'b'],
    ['z', 0, 'x+y'],
    ['out', 0, 'z'],
  ]);
  assert.equal(s.model!.structure.editable, false);
});

test('several models: the one at the cursor, and a picker listing all', () => {
  const source = `import keras
m1 = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])
m2 = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])
`;
  const r = analyzePython(source);
  assert.equal(modelIndexAt(r.models, source.indexOf('Dense(3)')), 1);
  // The start of the model's line counts as the model (a starter's cursor lands there).
  assert.equal(modelIndexAt(r.models, source.indexOf('m2 =')), 1);
  const s = state(source, { cursorOffset: source.indexOf('Dense(3)') });
  assert.equal(s.model!.name, 'sequential_1');
  assert.deepEqual(s.models.map((m) => m.label), ['m1 (Sequential, line 2)', 'm2 (Sequential, line 3)']);
  assert.equal(state(source, { model: 0, cursorOffset: source.indexOf('Dense(3)') }).model!.name, 'sequential');
});

test('no model: say what to do', () => {
  assert.match(state('x = 1\n').empty!, /New model/);
  assert.match(designerState(undefined, '', undefined, {}).empty!, /Open a Python file/);
});

test('the palette offers single-input layers with their required arguments suggested', () => {
  const entries = palette();
  const dropout = entries.find((e) => e.className === 'Dropout')!;
  assert.deepEqual(dropout.fields.map((f) => [f.rule.name, f.value]), [['rate', { kind: 'float', value: 0.2 }]]);
  const dense = entries.find((e) => e.className === 'Dense')!;
  assert.deepEqual(dense.fields.map((f) => f.rule.name), ['units', 'activation']);
  assert.ok(!entries.some((e) => e.className === 'Concatenate'), 'merge layers need several inputs');
});

describe('messages from the webview are checked before anything acts on them', () => {
  const ref = { uri: 'file:///t.py', version: 1, model: 0, layer: 1, className: 'Dense', name: 'dense', fingerprint: 'x' };

  test('well-formed messages pass', () => {
    assert.ok(parseDesignerMessage({ type: 'webview/ready' }));
    assert.ok(parseDesignerMessage({ type: 'designer/editArgument', requestId: 1, target: ref, argument: 'units', value: { kind: 'int', value: 128 } }));
    assert.ok(parseDesignerMessage({ type: 'designer/moveLayer', requestId: 2, target: ref, to: 0 }));
  });

  test('malformed ones are dropped', () => {
    const bad: unknown[] = [
      null,
      'webview/ready',
      { type: 'designer/nope' },
      { type: 'designer/editArgument', requestId: 1, target: ref, argument: 'units', value: { kind: 'int', value: 1.5 } },
      { type: 'designer/editArgument', requestId: 1, target: { ...ref, layer: -1 }, argument: 'units', value: { kind: 'int', value: 1 } },
      { type: 'designer/editArgument', requestId: 1, target: ref, argument: 'units', value: { kind: 'eval', value: 'os.system("x")' } },
      { type: 'designer/moveLayer', requestId: 2, target: ref, to: '1' },
      { type: 'designer/newModel', requestId: 3, starter: 'gan' },
      { type: 'designer/addLayer', requestId: 4, target: { uri: 'u', version: 1, model: 0, fingerprint: '' }, index: 0, className: 'Dense', args: [{ name: 'units' }] },
    ];
    for (const m of bad) assert.equal(parseDesignerMessage(m), undefined, JSON.stringify(m));
    assert.equal(isArgValue({ kind: 'tuple', items: [1, 'x'] }), false);
  });
});

test('in a TF.js file the palette names its fields by TF.js config key, with TF.js spellings', () => {
  const tfjs = designerState(undefined, '', { uri: 'file:///work/m.js', fileName: 'm.js', version: 1, tfjs: true }, {}).palette;
  const conv = tfjs.find((e) => e.className === 'Conv2D')!;
  assert.deepEqual(conv.fields.map((f) => [f.rule.name, f.text]), [
    ['filters', '32'],
    ['kernelSize', '3'],
    ['strides', '[1, 1]'],
    ['padding', "'valid'"],
    ['activation', "'linear'"],
  ]);
  assert.ok(conv.fields.find((f) => f.rule.name === 'activation')!.rule.options!.includes('hardSigmoid'));
  assert.ok(conv.doc.includes('`kernelSize`') && !conv.doc.includes('kernel_size'), conv.doc);
  const lstm = tfjs.find((e) => e.className === 'LSTM')!;
  assert.deepEqual(lstm.fields.map((f) => f.rule.name), ['units', 'activation', 'returnSequences']);
  assert.ok(!tfjs.some((e) => e.className === 'Identity'), 'TF.js has no Identity layer');
  // A Python file keeps Keras's names.
  assert.deepEqual(palette().find((e) => e.className === 'Conv2D')!.fields.map((f) => f.rule.name), ['filters', 'kernel_size', 'strides', 'padding', 'activation']);
});
