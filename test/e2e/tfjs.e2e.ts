// Model Lens on TensorFlow.js sources: the tutorial model in examples/tfjs_mnist.js and the TypeScript example
// show lenses with TF.js's layer names and the numbers tfjs-layers reports; a shape error shows in Problems.
// Screenshots: test-results/e2e/.
import assert from 'node:assert/strict';
import { workbenchTests } from './workbench';

const EXPECT = {
  js: ['Flatten · (None, 784) · 0 params', 'Dense · (None, 256) · 200,960 params', 'Dense · (None, 10) · 2,570 params', '203,530'],
  // The two convolutions come from one helper call: one lens for both.
  ts: ['Conv2D ×2 · (None, 28, 28, 16) … (None, 14, 14, 32) · 4,800 params in all', 'Flatten · (None, 1568) · 0 params', 'Dense · (None, 10) · 15,690 params', '22,059'],
  hover: '200,960',
  problem: /expected min_ndim=3, found ndim=2/,
};

const test = workbenchTests();

test('a TF.js file shows the same lenses as the Keras tutorial', async (wb) => {
  await wb.openFile('tfjs_mnist.js');
  const lenses = await wb.waitForCodeLenses(EXPECT.js);
  console.log(`CodeLens texts: ${JSON.stringify(lenses)}`);
  assert.ok(!lenses.some((t) => t.includes('Train')), 'Train is offered for Python models only');
  await wb.screenshot('tfjs-lenses');
});

test('hovering a TF.js layer explains its parameter count', async (wb) => {
  await wb.openFile('tfjs_mnist.js');
  await wb.waitForCodeLenses([EXPECT.js[1]]);
  const hover = await wb.hover('tf.layers.dense({units: 256', { part: 'dense', expect: EXPECT.hover });
  assert.ok(hover.includes(EXPECT.hover), hover);
});

test('a TypeScript model with the functional API', async (wb) => {
  await wb.openFile('tfjs_functional.ts');
  const lenses = await wb.waitForCodeLenses(EXPECT.ts);
  console.log(`CodeLens texts: ${JSON.stringify(lenses)}`);
});

test('a TF.js shape error appears in Problems', async (wb) => {
  await wb.openFile('tfjs_mnist.js');
  await wb.waitForCodeLenses([EXPECT.js[1]]);
  // Flatten on a rank-2 input: TF.js requires min_ndim=3.
  await wb.replaceText('IMAGE_SIZE, IMAGE_SIZE', 'IMAGE_SIZE * IMAGE_SIZE', { line: 'flatten' });
  await wb.waitForEditorText('[IMAGE_SIZE * IMAGE_SIZE]');
  const problems = await wb.waitForProblem(EXPECT.problem);
  console.log(`problems: ${JSON.stringify(problems)}`);
  await wb.screenshot('tfjs-problem');
});
