/**
 * ▶ Train is offered only where training would start: a model with several inputs or outputs keeps it (it
 * trains from an .npz naming each input and each output's labels); one whose two outputs come from one layer
 * (their labels cannot be told apart by name) gets none, and its model lens's tooltip says why.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { lensesOf } from '../../src/server/features';

before(async () => {
  await initParser();
});

const SOURCE = `import keras
a = keras.Input(shape=(3,), name="a")
b = keras.Input(shape=(2,), name="b")
two_in = keras.Model([a, b], keras.layers.Dense(1)(keras.layers.Concatenate()([a, b])))
two_out = keras.Model(a, [keras.layers.Dense(2)(a), keras.layers.Dense(1)(a)])
shared = keras.layers.Dense(2, name="head")
same_layer = keras.Model([a, b], [shared(a), shared(keras.layers.Dense(3)(b))])
`;

test('two inputs, two outputs: ▶ Train; two outputs of one layer: none, and the tooltip says why', () => {
  const lenses = lensesOf(analyzePython(SOURCE), true);
  const at = (line: number) => lenses.filter((l) => l.line === line);
  assert.ok(at(3).some((l) => l.title === '▶ Train'), 'two inputs');
  assert.ok(at(4).some((l) => l.title === '▶ Train'), 'two outputs');
  assert.equal(at(4).find((l) => l.tooltip?.startsWith('Show this model'))!.tooltip, 'Show this model as model.summary() prints it');
  assert.ok(!at(6).some((l) => l.title === '▶ Train'), 'two outputs of one layer');
  const model = at(6).find((l) => l.tooltip?.startsWith('Show this model'))!;
  assert.equal(model.tooltip, 'Show this model as model.summary() prints it. No ▶ Train: two of its outputs come from the layer "head", so their labels cannot be told apart by name.');
  // Without the editor's commands there is no ▶ Train to explain.
  assert.ok(!lensesOf(analyzePython(SOURCE), false).some((l) => l.tooltip?.includes('No ▶ Train')));
});

test('a TF.js model gets "Open in Designer" too: the designer edits TF.js sources (it was offered for Python only)', async () => {
  const { analyzeJavaScript, initJsParsers } = await import('../../src/core/tfjs/analyze');
  await initJsParsers();
  const js = `const model = tf.sequential({layers: [tf.layers.dense({units: 4, inputShape: [3]})]});\n`;
  const titles = lensesOf(analyzeJavaScript(js), true).filter((l) => !l.layer).map((l) => l.title);
  assert.ok(titles.includes('Open in Designer'), JSON.stringify(titles));
});
