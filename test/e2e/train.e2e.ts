// Training in a real VS Code: "▶ Train" above the tutorial model shows the run's settings (a subset, set
// through the workspace's settings) and starts a short training in a worker process; the chart panel
// receives points, shows the backend, the test accuracy, the confusion matrix and the gallery, and keeps
// the run when hidden and shown again; Stop ends a longer run. Needs Fashion-MNIST on the machine
// (Debian's dataset-fashion-mnist). Screenshots: test-results/e2e/train-*.png.
import assert from 'node:assert/strict';
import { panelText as text, setWorkspaceSettings, startTraining, trainingPanel } from './training';
import { poll, workbenchTests } from './workbench';

const test = workbenchTests();

test('▶ Train runs a short training and the chart shows it, with the test accuracy', async (wb) => {
  setWorkspaceSettings(wb, {
    'modelLens.train.sampleLimit': 3000,
    'modelLens.train.testSampleLimit': 500,
    'modelLens.train.epochs': 2,
  });
  await wb.openFile('fashion_mnist.py');
  await startTraining(wb, ['Epochs: 2', 'Training samples: first 3,000']);
  const panel = trainingPanel(wb);
  // Points reach the chart while it trains.
  await poll('points in the chart', async () => Number((await panel.locator('#charts').getAttribute('data-points', { timeout: 2_000 }).catch(() => '0')) ?? 0), (n) => n > 0, 60_000);
  const backend = await text(panel, '#backend');
  assert.match(backend, /^backend: (tensorflow|wasm|cpu)$/);
  const accuracy = await poll('the test accuracy', () => text(panel, '#test-accuracy'), (t) => /%$/.test(t), 120_000);
  assert.ok(parseFloat(accuracy) > 50, `test accuracy ${accuracy}`);
  assert.equal(await panel.locator('table.confusion tbody tr').count(), 10);
  assert.ok((await panel.locator('.gallery figure').count()) > 0);
  // The accuracy shows before the trained model is saved: wait for the run to finish.
  await poll('the run to finish', () => text(panel, '#phase'), (t) => /^Finished/.test(t), 30_000);
  await wb.page.mouse.move(5, 5);
  const shot = await wb.screenshot('train-finished');
  process.stdout.write(`# ${backend}, test accuracy ${accuracy}; screenshot ${shot}\n`);
  // The confusion matrix in a panel narrower than its ten columns' names: upright heads, no scrolling.
  await panel.locator('table.confusion').scrollIntoViewIfNeeded();
  await wb.screenshot('train-confusion');

  // Hidden behind another editor and shown again, the panel still has the whole run.
  const points = await panel.locator('#charts').getAttribute('data-points');
  await wb.page.locator('.tab', { hasText: 'Training model' }).first().click();
  await wb.openFile('mnist_convnet.py');
  await poll('another editor over the panel', () => wb.activeTabTitle(), (t) => /mnist_convnet/.test(t), 10_000);
  await wb.runCommand('Model Lens: Show Training Chart');
  await poll('the history replayed', async () => (await panel.locator('#charts').getAttribute('data-points', { timeout: 2_000 }).catch(() => null)) ?? '', (p) => p === points, 20_000);
  assert.equal(await text(panel, '#test-accuracy'), accuracy);
});

test('Stop ends a longer run; the panel says so and can train again', async (wb) => {
  setWorkspaceSettings(wb, { 'modelLens.train.sampleLimit': 0, 'modelLens.train.epochs': 5 });
  await wb.openFile('fashion_mnist.py');
  await startTraining(wb, ['Epochs: 5', 'Training samples: all']);
  const panel = trainingPanel(wb);
  await poll('a fresh run drawing points', () => text(panel, '#stats'), (t) => /^Epoch 1\/5 · batch/.test(t), 60_000);
  await wb.screenshot('train-running');
  await panel.locator('#stop').click();
  const phase = await poll('the run to stop', () => text(panel, '#phase'), (t) => t === 'Stopped', 5_000);
  assert.equal(phase, 'Stopped');
  assert.match(await text(panel, '#message'), /Stopped by you/);
  // The status bar item is gone and Train again is offered.
  await poll('the status bar item to go', async () => wb.page.locator('.statusbar-item', { hasText: 'Training model' }).count(), (n) => n === 0, 5_000);
  assert.equal(await panel.locator('#restart').getAttribute('disabled'), null);
});
