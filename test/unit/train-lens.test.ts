/**
 * ▶ Train is offered only where training would start: a model with several outputs gets none, and its model
 * lens's tooltip says why; a model with several inputs keeps it (it trains from an .npz naming each input).
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
`;

test('two outputs: no ▶ Train, and the tooltip says why; two inputs: ▶ Train', () => {
  const lenses = lensesOf(analyzePython(SOURCE), true);
  const at = (line: number) => lenses.filter((l) => l.line === line);
  assert.ok(at(3).some((l) => l.title === '▶ Train'), 'two inputs');
  assert.ok(!at(4).some((l) => l.title === '▶ Train'), 'two outputs');
  const model = at(4).find((l) => l.tooltip?.startsWith('Show this model'))!;
  assert.equal(model.tooltip, 'Show this model as model.summary() prints it. No ▶ Train: it has 2 outputs, and training here takes models with one output (one loss, one set of labels).');
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
