// The README's tutorial as people first write it (a model and compile(), no data loading): "▶ Train" offers
// Fashion-MNIST first, with where it comes from, and trains on it to a test accuracy; a longer run stopped
// mid-epoch says where it stopped, has no row for the unfinished epoch, and can be saved and tested.
// Screenshots: test-results/e2e/train-dataset-*.png.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { panelText as text, setWorkspaceSettings, trainingPanel } from './training';
import { normalize, poll, type Workbench } from './workbench';
import { workbenchTests } from './workbench';

const test = workbenchTests();

const TUTORIAL = `import tensorflow as tf

model = tf.keras.models.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)),
                                    tf.keras.layers.Dense(256, activation=tf.nn.relu),
                                    tf.keras.layers.Dense(10, activation=tf.nn.softmax)])
model.summary()

model.compile(optimizer=tf.keras.optimizers.Adam(),
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])
`;

/** "▶ Train" on the open tutorial, then the dataset row of the data picker; returns the rows it offered. */
async function trainOnFashionMnist(wb: Workbench, expect: string[]): Promise<string[]> {
  const rows = wb.page.locator('.quick-input-widget .monaco-list-row');
  const lens = wb.page.locator('.editor-group-container.active .codelens-decoration a', { hasText: '▶ Train' }).first();
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  await lens.click();
  const offered = await poll('the data picker', async () => (await rows.allInnerTexts()).map(normalize), (t) => t.some((r) => r.startsWith('Fashion-MNIST')), 20_000);
  await rows.filter({ hasText: 'Fashion-MNIST (' }).first().click();
  const preflight = await poll('the pre-flight picker', async () => (await rows.allInnerTexts()).map(normalize), (t) => t.some((r) => r.startsWith('Start training')) && expect.every((e) => t.some((r) => r.includes(e))), 20_000);
  assert.ok(preflight.some((r) => r.includes('Data: Fashion-MNIST')));
  await rows.filter({ hasText: 'Start training' }).first().click();
  return offered;
}

test('the tutorial with no data: ▶ Train offers Fashion-MNIST first, with its place, and trains to a test accuracy', async (wb) => {
  writeFileSync(join(wb.workspace, 'tut.py'), TUTORIAL);
  setWorkspaceSettings(wb, { 'modelLens.train.sampleLimit': 3000, 'modelLens.train.testSampleLimit': 500, 'modelLens.train.epochs': 1 });
  await wb.openFile('tut.py');
  const offered = await trainOnFashionMnist(wb, ['Epochs: 1', 'Training samples: first 3,000']);
  assert.match(offered[0], /^Fashion-MNIST \((Keras cache|Debian package|data folder)\)/);
  assert.ok(offered.some((r) => r.startsWith('MNIST')));
  assert.ok(offered.at(-1)!.startsWith('Pick Files'));
  const panel = trainingPanel(wb);
  const accuracy = await poll('the test accuracy', () => text(panel, '#test-accuracy'), (t) => /%$/.test(t), 120_000);
  assert.ok(parseFloat(accuracy) > 50, `test accuracy ${accuracy}`);
  await wb.screenshot('train-dataset-finished');
});

test('stopped mid-epoch: where it stopped, no row for the unfinished epoch, Save and Test enabled', async (wb) => {
  // A file of its own: the data chosen for tut.py is remembered for it.
  writeFileSync(join(wb.workspace, 'tut_stop.py'), TUTORIAL);
  setWorkspaceSettings(wb, { 'modelLens.train.sampleLimit': 0, 'modelLens.train.testSampleLimit': 500, 'modelLens.train.epochs': 3 });
  await wb.openFile('tut_stop.py');
  await trainOnFashionMnist(wb, ['Epochs: 3', 'Training samples: all']);
  const panel = trainingPanel(wb);
  await poll('a run drawing points', () => text(panel, '#stats'), (t) => /^Epoch 1\/3 · batch/.test(t), 60_000);
  await panel.locator('#stop').click();
  await poll('the run to stop', () => text(panel, '#phase'), (t) => t === 'Stopped', 5_000);
  assert.match(await text(panel, '#message'), /^Stopped by you at batch [\d,]+ of epoch 1 \(of 1,875 batches\); no epoch finished\./);
  assert.equal(await panel.locator('#epochs tbody tr').count(), 0);
  await poll('Save model to be enabled', async () => panel.locator('#save-model').getAttribute('disabled'), (d) => d === null, 5_000);
  await panel.locator('#evaluate').click();
  const accuracy = await poll('the stopped model tested', () => text(panel, '#test-accuracy'), (t) => /%$/.test(t), 60_000);
  assert.ok(parseFloat(accuracy) > 30, `test accuracy ${accuracy}`);
  await wb.screenshot('train-dataset-stopped');
});
