// Model Lens in a Jupyter notebook opened in VS Code: the tutorial notebook has its imports in cell 1 and the
// model in cell 2; the model cell shows the same lenses as the .py example, the designer edits the cell, and
// "▶ Train" trains the cell's model with the compile and fit of the cell below it. Needs Fashion-MNIST on the
// machine (Debian's dataset-fashion-mnist). Screenshots: test-results/e2e/.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { card, designer, screenshotDesigner, waitForCards } from './designer-panel';
import { panelText, setWorkspaceSettings, startTraining, trainingPanel } from './training';
import { normalize, poll, workbenchTests } from './workbench';

const EXPECT = [
  'Flatten · (None, 784) · 0 params',
  'Dense · (None, 256) · 200,960 params',
  'Dense · (None, 10) · 2,570 params',
  '203,530 params',
];

// Functions passed to page.evaluate run in the browser; the project compiles without DOM types.
declare const document: any;

const test = workbenchTests();

/** The CodeLens lines of every cell of the open notebook. */
async function notebookLenses(page: Page): Promise<string[]> {
  return (await page.locator('.notebook-editor .codelens-decoration').allTextContents()).map(normalize).filter((t) => t.length > 0);
}

/** The text of the notebook's cell editors as rendered, cells in order, a blank line between two. */
async function notebookText(page: Page): Promise<string> {
  const cells: string[] = await page.evaluate(() =>
    ([...document.querySelectorAll('.notebook-editor .cell-editor-container .monaco-editor')] as any[]).map((editor) => {
      const lines = [...editor.querySelectorAll('.view-lines .view-line')] as any[];
      lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      return lines.map((l) => (l.textContent as string).replace(/\u00a0/g, ' ').trimEnd()).join('\n');
    }),
  );
  return cells.join('\n\n');
}

test('a notebook cell sees the imports of the cell above and shows the same lenses', async (wb) => {
  const page = wb.page;
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type('fashion_mnist.ipynb');
  await poll('Quick Open to offer the notebook', async () => normalize(await page.locator('.quick-input-widget .monaco-list-row.focused').first().innerText().catch(() => '')), (t) => t.startsWith('fashion_mnist.ipynb'), 15_000);
  await page.keyboard.press('Enter');
  // Lenses appear inside the cell editors of the notebook.
  const lenses = await poll('CodeLens texts in the notebook', () => notebookLenses(page), (texts) => EXPECT.every((e) => texts.some((t) => t.includes(e))), 60_000);
  await wb.screenshot('notebook-lenses');
  assert.ok(lenses.some((t) => t.includes('Sequential "sequential"')), lenses.join('\n'));
});

test('the designer shows the model cell; Dense 256 → 128 there rewrites the cell and its lens follows', async (wb) => {
  const page = wb.page;
  await poll('the Open in Designer lens on the model cell', () => notebookLenses(page), (t) => t.some((l) => l.includes('Open in Designer')), 30_000);
  await page.locator('.notebook-editor .codelens-decoration a', { hasText: 'Open in Designer' }).first().click();
  const frame = designer(wb);
  await waitForCards(frame, 'the cell model as cards', (c) => c.length === 3 && c[1].includes('200,960 params'), 30_000);
  // The markdown title is cell 1, the imports cell 2, the model cell 3.
  assert.equal(normalize(await frame.locator('.header .file').innerText()), 'fashion_mnist.ipynb, cell 3');
  await card(frame, 'dense').click();
  const units = frame.locator('#arg-1-units input');
  await units.waitFor({ state: 'visible' });
  await units.fill('128');
  await units.press('Enter');
  const text = await poll('the model cell to say Dense(128', () => notebookText(page), (t) => t.includes('tf.keras.layers.Dense(128, activation=tf.nn.relu),'), 20_000);
  // Only that number changed: the cells above and below and the rest of the model are as they were.
  assert.ok(text.includes('model = tf.keras.models.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)),'), text);
  assert.ok(text.includes('tf.keras.layers.Dense(10, activation=tf.nn.softmax)])'), text);
  assert.ok(text.includes('fashion_mnist = tf.keras.datasets.fashion_mnist') && text.includes('model.fit(train_images, train_labels, epochs=5)'), text);
  const lenses = await poll('the lens to show 100,480', () => notebookLenses(page), (t) => t.some((l) => l.includes('Dense · (None, 128) · 100,480 params')), 20_000);
  assert.ok(lenses.some((l) => l.includes('101,770 params')), lenses.join('\n'));
  await waitForCards(frame, 'the card to show 100,480', (c) => c[1]?.includes('100,480 params'));
  await screenshotDesigner(wb, 'notebook-units-128');
});

test('▶ Train on the model cell: compile and fit come from the cell below; the run reports progress', async (wb) => {
  setWorkspaceSettings(wb, { 'modelLens.train.sampleLimit': 2000, 'modelLens.train.testSampleLimit': 500 });
  // Epochs from model.fit(epochs=5) in the last cell, told by its line in that cell; the model as the designer left it.
  await startTraining(wb, ['Epochs: 5', 'line 4 of cell 4', 'Training samples: first 2,000', '101,770 params'], '.notebook-editor');
  const panel = trainingPanel(wb);
  await poll('points in the chart', async () => Number((await panel.locator('#charts').getAttribute('data-points', { timeout: 2_000 }).catch(() => '0')) ?? 0), (n) => n > 0, 60_000);
  assert.equal(await panelText(panel, '#file'), 'fashion_mnist.ipynb, cell 3');
  const stats = await poll('progress by epoch and batch', () => panelText(panel, '#stats'), (t) => /^Epoch \d\/5 · batch/.test(t), 30_000);
  await wb.screenshot('notebook-train-running');
  const accuracy = await poll('the test accuracy', () => panelText(panel, '#test-accuracy'), (t) => /%$/.test(t), 120_000);
  assert.match(await panelText(panel, '#phase'), /^Finished/);
  await wb.page.mouse.move(5, 5);
  const shot = await wb.screenshot('notebook-train-finished');
  process.stdout.write(`# ${stats}; test accuracy ${accuracy}; screenshot ${shot}\n`);
});
