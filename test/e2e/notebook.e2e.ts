// Model Lens in a Jupyter notebook opened in VS Code: the tutorial notebook has its imports in cell 1 and the
// model in cell 2; the model cell shows the same lenses as the .py example, the designer edits the cell, and
// "▶ Train" trains the cell's model with the compile and fit of the cell below it. In mnist_cells.ipynb the model
// is made in one cell and gets its layers in the next: the designer opens on that later cell. Needs
// Fashion-MNIST on the machine (Debian's dataset-fashion-mnist). Screenshots: test-results/e2e/.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { designer, screenshotDesigner, setArgument, waitForCards } from './designer-panel';
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

/** Opens a notebook of the workspace with Quick Open. */
async function openNotebook(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(name);
  await poll('Quick Open to offer the notebook', async () => normalize(await page.locator('.quick-input-widget .monaco-list-row.focused').first().innerText().catch(() => '')), (t) => t.startsWith(name), 15_000);
  await page.keyboard.press('Enter');
}

test('a notebook cell sees the imports of the cell above and shows the same lenses', async (wb) => {
  const page = wb.page;
  await openNotebook(page, 'fashion_mnist.ipynb');
  // Lenses appear inside the cell editors of the notebook.
  const lenses = await poll('CodeLens texts in the notebook', () => notebookLenses(page), (texts) => EXPECT.every((e) => texts.some((t) => t.includes(e))), 60_000);
  await wb.screenshot('notebook-lenses');
  assert.ok(lenses.some((t) => t.includes('Sequential "sequential"')), lenses.join('\n'));
});

test('in a cell, hovering a layer explains its params and the model lens opens its Keras summary', async (wb) => {
  const page = wb.page;
  await openNotebook(page, 'fashion_mnist.ipynb');
  await poll('CodeLens texts in the notebook', () => notebookLenses(page), (texts) => EXPECT.every((e) => texts.some((t) => t.includes(e))), 60_000);
  const hover = await wb.hover('Dense(256', { part: 'Dense', expect: '200,960 params = kernel 784×256 = 200,704 + bias 256 (all trainable)', editors: '.notebook-editor .cell-editor-container .monaco-editor' });
  assert.match(hover, /\(None, 784\) → \(None, 256\)/);
  await page.keyboard.press('Escape');
  await page.locator('.notebook-editor .codelens-decoration a', { hasText: 'Sequential "sequential"' }).first().click();
  const text = await wb.waitForEditorText('Total params: 203,530 (795.04 KB)');
  assert.match(text, /dense_1 \(Dense\)\s+│ \(None, 10\)\s+│\s+2,570/);
  await wb.screenshot('notebook-summary');
});

test('the designer shows the model cell; Dense 256 → 128 there rewrites the cell and its lens follows', async (wb) => {
  const page = wb.page;
  await poll('the Open in Designer lens on the model cell', () => notebookLenses(page), (t) => t.some((l) => l.includes('Open in Designer')), 30_000);
  await page.locator('.notebook-editor .codelens-decoration a', { hasText: 'Open in Designer' }).first().click();
  const frame = designer(wb);
  await waitForCards(frame, 'the cell model as cards', (c) => c.length === 3 && c[1].includes('200,960 params'), 30_000);
  // The markdown title is cell 1, the imports cell 2, the model cell 3.
  assert.equal(normalize(await frame.locator('.header .file').innerText()), 'fashion_mnist.ipynb, cell 3');
  await setArgument(frame, 'dense', 'arg-1-units', '128');
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
  // The accuracy shows before the trained model is saved: wait for the run to finish.
  await poll('the run to finish', () => panelText(panel, '#phase'), (t) => /^Finished/.test(t), 30_000);
  await wb.page.mouse.move(5, 5);
  const shot = await wb.screenshot('notebook-train-finished');
  process.stdout.write(`# ${stats}; test accuracy ${accuracy}; screenshot ${shot}\n`);
});

test('a model made in one cell and filled in the next: the later cell has its lens and its designer', async (wb) => {
  const page = wb.page;
  // The tutorial notebook (edited above) and the training panel go; the edit is not kept.
  await wb.runCommand('View: Close All Editors');
  const dontSave = page.locator('.monaco-dialog-box a, .monaco-dialog-box button', { hasText: "Don't Save" });
  if (await dontSave.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) await dontSave.click();
  await openNotebook(page, 'mnist_cells.ipynb');
  await poll('the lenses of the cell that adds the layers', () => notebookLenses(page), (t) => t.some((l) => l.includes('Dense · (None, 128) · 100,480 params')), 60_000);
  // The cell of the add() calls shows the model too: its lens sits on its first add().
  const laterCell = page.locator('.notebook-editor .monaco-list-row', { hasText: 'model.add(layers.Dense(128' });
  const cellLenses = (await laterCell.locator('.codelens-decoration').allTextContents()).map(normalize);
  assert.ok(cellLenses.some((l) => l.includes('Sequential "sequential"') && l.includes('101,770 params')), cellLenses.join('\n'));
  await laterCell.locator('.codelens-decoration a', { hasText: 'Open in Designer' }).first().click();
  const frame = designer(wb);
  const cards = await waitForCards(frame, 'the model as cards on the later cell', (c) => c.length === 4 && c[1].includes('100,480 params'), 30_000);
  // Markdown is cell 1, the imports cell 2, the model cell 3, the add() calls cell 4.
  assert.equal(normalize(await frame.locator('.header .file').innerText()), 'mnist_cells.ipynb, cell 4');
  assert.match(normalize(await frame.locator('.model-name').innerText()), /line 1 of cell 3$/);
  // Flatten is added in cell 3: the card says so and is read-only; the layers of this cell say their line here.
  assert.ok(cards[0].includes('line 3 of cell 3'), cards[0]);
  assert.ok(cards[1].includes('line 1') && !cards[1].includes(' of cell'), cards[1]);
  await setArgument(frame, 'dense', 'arg-1-units', '64');
  const text = await poll('the later cell to say Dense(64', () => notebookText(page), (t) => t.includes('model.add(layers.Dense(64, activation="relu"))'), 20_000);
  assert.ok(text.includes('model.add(layers.Flatten())') && text.includes('model = keras.Sequential()'), text);
  await waitForCards(frame, 'the card to show 50,240', (c) => c[1]?.includes('50,240 params'));
  // The lenses follow, in this cell and in the cell that made the model (its total: 50,890).
  await poll('the lenses to show 50,240', () => notebookLenses(page), (t) => t.some((l) => l.includes('Dense · (None, 64) · 50,240 params')), 20_000);
  await poll('both model lenses to show the new total', () => notebookLenses(page), (t) => t.filter((l) => l.includes('50,890 params')).length === 2 && !t.some((l) => l.includes('101,770')), 20_000);
  await screenshotDesigner(wb, 'notebook-later-cell');
});
