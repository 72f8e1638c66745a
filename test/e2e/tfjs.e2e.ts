// Model Lens on TensorFlow.js sources: the tutorial model in examples/tfjs_mnist.js and the TypeScript example
// show lenses with TF.js's layer names and the numbers tfjs-layers reports; the hover speaks TF.js; a shape
// error shows in Problems; "▶ Train" trains the TF.js model on the Fashion-MNIST files it names (needs Debian's
// dataset-fashion-mnist). Screenshots: test-results/e2e/.
import assert from 'node:assert/strict';
import { panelText, setWorkspaceSettings, startTraining, trainingPanel } from './training';
import { poll, workbenchTests } from './workbench';

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
  // The designer edits TF.js sources as it does Keras ones: the model lens offers it.
  await wb.waitForCodeLenses(['▶ Train', 'Open in Designer']);
  await wb.screenshot('tfjs-lenses');
});

test('hovering a TF.js layer explains it in TF.js names, and its activation string', async (wb) => {
  await wb.openFile('tfjs_mnist.js');
  await wb.waitForCodeLenses([EXPECT.js[1]]);
  const hover = await wb.hover('tf.layers.dense({units: 256', { part: 'dense', expect: EXPECT.hover });
  assert.ok(hover.includes(EXPECT.hover), hover);
  for (const words of ['tf.layers.dense → Dense dense_Dense1', 'units, activation, useBias', 'kernelInitializer', 'inputShape', "Activation 'relu'", 'TF.js docs: tf.layers.dense']) {
    assert.ok(hover.includes(words), `${words} in: ${hover}`);
  }
  await wb.screenshotHover('tfjs-hover-layer');
  const activation = await wb.hover("activation: 'softmax'", { part: 'softmax', expect: "'softmax' activation" });
  assert.match(activation, /'sparseCategoricalCrossentropy'/);
});

test("hovering the compile config's optimizer, loss and metric explains them in TF.js's words", async (wb) => {
  await wb.openFile('tfjs_mnist.js');
  await wb.waitForCodeLenses([EXPECT.js[1]]);
  const optimizer = await wb.hover('optimizer: tf.train.adam()', { part: 'adam', expect: 'tf.train.adam' });
  assert.ok(optimizer.includes('Parameters in order: learningRate (0.001), beta1 (0.9), beta2 (0.999), epsilon (1e-7)'), optimizer);
  await wb.screenshotHover('tfjs-hover-optimizer');
  const loss = await wb.hover("loss: 'sparseCategoricalCrossentropy'", { part: 'sparseCategorical', expect: "'sparseCategoricalCrossentropy' loss" });
  assert.match(loss, /activation: 'softmax'/);
  await wb.screenshotHover('tfjs-hover-loss');
  const metric = await wb.hover("metrics: ['accuracy']", { part: 'accuracy', expect: "'accuracy' metric" });
  assert.match(metric, /sparseCategoricalAccuracy/);
});

test('▶ Train on the TF.js example trains it on Fashion-MNIST, with progress in the chart', async (wb) => {
  setWorkspaceSettings(wb, { 'modelLens.train.sampleLimit': 3000, 'modelLens.train.testSampleLimit': 500, 'modelLens.train.epochs': 2 });
  await wb.openFile('tfjs_mnist.js');
  await wb.waitForCodeLenses([EXPECT.js[1]]);
  const title = await startTraining(wb, ['Epochs: 2', 'Training samples: first 3,000', 'Data: Fashion-MNIST']);
  // The optimizer and loss in TF.js's names, not Keras's.
  assert.equal(title, `Train "model" with TensorFlow.js — 'adam', 'sparseCategoricalCrossentropy'`);
  const panel = trainingPanel(wb);
  await poll('points in the chart', async () => Number((await panel.locator('#charts').getAttribute('data-points', { timeout: 2_000 }).catch(() => '0')) ?? 0), (n) => n > 0, 60_000);
  const accuracy = await poll('the test accuracy', () => panelText(panel, '#test-accuracy'), (t) => /%$/.test(t), 120_000);
  assert.ok(parseFloat(accuracy) > 50, `test accuracy ${accuracy}`);
  // The accuracy shows before the trained model is saved: wait for the run to finish.
  await poll('the run to finish', () => panelText(panel, '#phase'), (t) => /^Finished/.test(t), 30_000);
  await wb.page.mouse.move(5, 5);
  const shot = await wb.screenshot('tfjs-train-finished');
  process.stdout.write(`# tfjs_mnist.js: test accuracy ${accuracy}; screenshot ${shot}\n`);
  // The panel beside the editor narrows it; the tests after this one select text across a whole line.
  await wb.runCommand('View: Close All Editors');
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
