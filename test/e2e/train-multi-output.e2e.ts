// A functional model with two outputs in a real VS Code: ▶ Train is offered (it was refused), the data picker
// offers files only and says the labels per output, and the run's panel shows each output's loss in the
// epochs table and the chart, each one's test loss, and whose confusion matrix it is. Screenshot:
// test-results/e2e/train-multi-output-*.png.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL, twoOutputsNpz } from '../integration/two-outputs-data';
import { panelText as text, pickInDialog, trainingPanel } from './training';
import { normalize, poll, workbenchTests } from './workbench';

const test = workbenchTests();

test('a model with two outputs: ▶ Train, an .npz with a labels array per output, each output in the table, the chart and the test', async (wb) => {
  writeFileSync(join(wb.workspace, 'two_outputs.py'), MODEL);
  const folder = join(wb.workspace, 'two-outputs-data');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'heads.npz'), twoOutputsNpz(800, 200));
  await wb.openFile('two_outputs.py');
  const lens = wb.page.locator('.editor-group-container.active .codelens-decoration a', { hasText: '▶ Train' }).first();
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  await lens.click();
  const rows = wb.page.locator('.quick-input-widget .monaco-list-row');
  const offered = await poll('the data picker', async () => (await rows.allInnerTexts()).map(normalize), (t) => t.some((r) => r.startsWith('Pick Files')), 20_000);
  assert.equal(offered.length, 1, `no Keras dataset for a model with two outputs: ${JSON.stringify(offered)}`);
  assert.ok(offered[0].includes('y_train_kind, y_train_size'), offered[0]);
  await rows.first().click();
  await pickInDialog(wb, join(folder, 'heads.npz'));
  const dialog = wb.page.locator('.monaco-dialog-box');
  const said = await poll('what was understood', async () => normalize(await dialog.innerText().catch(() => '')), (t) => t.includes('Model Lens will train on these files'), 20_000);
  assert.ok(said.includes('labels per output: kind from y_train_kind, size from y_train_size'), said);
  await dialog.locator('.monaco-button', { hasText: 'Use These Files' }).first().click();
  await poll('the pre-flight picker', async () => (await rows.allInnerTexts()).map(normalize), (t) => t.some((r) => r.startsWith('Start training')) && t.some((r) => r.startsWith('Data: heads.npz')), 30_000);
  await rows.filter({ hasText: 'Start training' }).first().click();
  const panel = trainingPanel(wb);
  await poll('the panel to show this run', () => text(panel, '#file'), (t) => t === 'two_outputs.py', 20_000);
  await poll('the run to finish', () => text(panel, '#phase'), (t) => /^Finished/.test(t), 120_000);
  const head = normalize(await panel.locator('#epochs thead').innerText());
  for (const column of ['kind loss', 'kind accuracy', 'size loss']) assert.ok(head.includes(column), head);
  // No "Accuracy" of the whole model (Keras has none with several outputs): the accuracy shown is kind's, and says so.
  assert.ok(!/(^|\s)Accuracy(\s|$)/.test(head), head);
  assert.match(normalize(await panel.locator('.test-summary').innerText()), /test accuracy of kind [\d.]+%/);
  assert.ok((await panel.locator('#epochs tbody tr').count()) >= 1);
  // The run's settings name each output's loss and weight.
  assert.match(normalize(await panel.locator('#settings').innerText()), /kind sparse_categorical_crossentropy ×1, size mean_squared_error ×0\.5/);
  assert.match(await text(panel, '.test-outputs'), /^kind: loss [\d.]+, accuracy [\d.]+% · size: loss [\d.]+$/);
  assert.match(await text(panel, '#results h3'), /^Confusion matrix \(output kind\)$/);
  assert.equal(await panel.locator('table.confusion tbody tr').count(), 3);
  await wb.page.mouse.move(5, 5);
  await wb.screenshot('train-multi-output');
});
