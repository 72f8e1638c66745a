// Plain words for beginners and shapes inline (issue 17): the Conv2D-after-Flatten mistake explained in the
// hover and Problems and fixed by the Reshape quick fix; a 30-layer model shown with lenses and with inlay hints
// (screenshots test-results/e2e/display-codeLens.png, display-inlayHints.png, display-both.png); the summary tab
// aligned and whole, copied as Markdown and shown as a rendered table (summary-tab.png, summary-table.png); the
// tour of the tutorial model, shapes → hover → designer → training (tour-1-shapes.png … tour-4-train.png, which
// docs/TOUR.md shows).
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { designer, waitForGraph } from './designer-panel';
import { E2E_ENV } from './harness';
import { panelText, setWorkspaceSettings, startTraining, trainingPanel } from './training';
import { poll, workbenchTests } from './workbench';

const workspace = process.env[E2E_ENV.workspace]!;

// Functions passed to page.evaluate run in the browser; the project compiles without DOM types.
declare const navigator: { clipboard: { readText(): Promise<string> } };

const CONV_AFTER_FLATTEN = `import keras
from keras import layers

model = keras.Sequential([
    layers.Flatten(input_shape=(28, 28)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
`;

/** A 30-layer model: an input, 9 blocks of Conv2D / BatchNormalization / Activation, a head of 2. */
function thirtyLayers(): string {
  const rows = ['    keras.Input(shape=(32, 32, 3)),'];
  for (let i = 0; i < 9; i++) {
    rows.push(`    layers.Conv2D(${16 * (1 + Math.floor(i / 3))}, 3, padding="same"),`, '    layers.BatchNormalization(),', '    layers.Activation("relu"),');
    if (i % 3 === 2) rows.push('    layers.MaxPooling2D(),');
  }
  rows.push('    layers.GlobalAveragePooling2D(),', '    layers.Dense(10, activation="softmax"),');
  return `import keras\nfrom keras import layers\n\nmodel = keras.Sequential([\n${rows.join('\n')}\n])\nmodel.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\n`;
}

const PLAIN = 'Conv2D needs images shaped (height, width, channels), but Flatten on line 5 made each sample a flat vector of 784 numbers';

writeFileSync(join(workspace, 'conv_after_flatten.py'), CONV_AFTER_FLATTEN);
writeFileSync(join(workspace, 'thirty_layers.py'), thirtyLayers());

const test = workbenchTests();

test('Conv2D after Flatten: the plain sentence in Problems and the hover; the Reshape quick fix makes the lenses whole', async (wb) => {
  await wb.openFile('conv_after_flatten.py');
  const rows = await wb.waitForProblem(PLAIN);
  console.log(`Problems rows: ${JSON.stringify(rows.map((r) => r.text))}`);
  assert.ok(rows.some((r) => /expected min_ndim=4, found ndim=2/.test(r.text + r.label)), "Keras's own message is kept");
  await wb.screenshot('beginner-problems');
  const hover = await wb.hover('Conv2D', { line: 'Conv2D(32', expect: 'flat vector of 784 numbers' });
  console.log(`hover: ${JSON.stringify(hover)}`);
  await wb.screenshotHover('beginner-hover');
  await wb.goToLine(6, 5);
  await wb.page.keyboard.press('Control+.');
  const fix = wb.page.locator('.action-widget .monaco-list-row', { hasText: 'Insert layers.Reshape((28, 28, 1)) before Conv2D' });
  await fix.first().waitFor({ state: 'visible', timeout: 15_000 });
  await wb.screenshot('beginner-quick-fix');
  // The action list takes keys, not clicks (a pointer block covers it): move to the fix, then Enter.
  for (let i = 0; i < 4 && !/\bfocused\b/.test((await fix.first().getAttribute('class')) ?? ''); i++) await wb.page.keyboard.press('ArrowDown');
  await wb.page.keyboard.press('Enter');
  await wb.waitForEditorText('layers.Reshape((28, 28, 1))');
  const lenses = await wb.waitForCodeLenses(['Reshape · (None, 28, 28, 1) · 0 params', 'Conv2D · (None, 26, 26, 32) · 320 params', 'Dense · (None, 10) · 54,090 params', '54,410']);
  console.log(`lenses after the fix: ${JSON.stringify(lenses)}`);
  await wb.screenshot('beginner-fixed');
});

test('the "move the Flatten" quick fix: the Flatten goes after the convolutions and the model is whole', async (wb) => {
  await wb.openFile('beginner_mistakes.py');
  await wb.waitForProblem(/Flatten on line 21 made each sample a flat vector of 784 numbers/);
  await wb.goToLine(22, 5);
  await wb.page.keyboard.press('Control+.');
  const title = 'Move the Flatten on line 21 after MaxPooling2D on line 23';
  const fix = wb.page.locator('.action-widget .monaco-list-row', { hasText: title });
  await fix.first().waitFor({ state: 'visible', timeout: 15_000 });
  await wb.screenshot('beginner-move-flatten');
  for (let i = 0; i < 4 && !/\bfocused\b/.test((await fix.first().getAttribute('class')) ?? ''); i++) await wb.page.keyboard.press('ArrowDown');
  await wb.page.keyboard.press('Enter');
  const text = await wb.waitForEditorText('layers.MaxPooling2D(),\n    layers.Flatten(),\n    layers.Dense(10, activation="softmax"),\n])\n\n# Dense on images');
  assert.match(text, /keras\.Input\(shape=\(28, 28, 1\)\),\n    layers\.Conv2D\(32, 3, activation="relu"\),/);
  // The Flatten's error goes; the file's other lessons stay.
  const rows = await poll(
    'the error of the moved Flatten to go',
    () => wb.problems(),
    (r) => !r.some((m) => /Flatten on line 21/.test(m.text + m.label)) && r.some((m) => /Dense on line 31 gets each sample/.test(m.text + m.label)),
  );
  console.log(`Problems after the move: ${JSON.stringify(rows.map((r) => r.text))}`);
});

test('the summary tab: a whole, aligned table; copied as Markdown; shown as a rendered table', async (wb) => {
  await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await wb.openFile('fashion_mnist.py');
  await wb.runCommand('Model Lens: Show Model Summary');
  const text = await wb.waitForEditorText('Total params: 203,530 (795.04 KB)');
  assert.match(text, /│ dense_1 \(Dense\) +│ \(None, 10\) +│ +2,570 │/);
  await wb.page.locator('.statusbar', { hasText: 'Keras Model Summary' }).waitFor({ timeout: 15_000 });
  for (const action of ['Show Summary as Table', 'Copy Summary as Markdown', 'Copy Summary as Text']) {
    await wb.page.locator(`.editor-group-container.active .editor-actions [aria-label^="${action}"]`).waitFor({ timeout: 15_000 });
  }
  console.log(`summary tab: ${await wb.screenshot('summary-tab')}`);
  await wb.runCommand('Model Lens: Copy Summary as Markdown');
  // The palette closes before the command has written the clipboard (through the extension host): wait for it.
  const copied = await poll('the Markdown on the clipboard', () => wb.page.evaluate(() => navigator.clipboard.readText()), (t) => t.includes('| dense'), 15_000);
  console.log(`copied:\n${copied}`);
  assert.match(copied, /^\| dense\\_1 \(Dense\) \| \(None, 10\) \| 2,570 \|$/m);
  await wb.runCommand('Model Lens: Show Summary as Table');
  const cell = async () => {
    for (const frame of wb.page.frames()) {
      if (await frame.locator('table td', { hasText: '200,960' }).count().catch(() => 0)) return frame;
    }
    return undefined;
  };
  let frame = await cell();
  for (let i = 0; i < 60 && !frame; i++) {
    await wb.page.waitForTimeout(500);
    frame = await cell();
  }
  assert.ok(frame, 'the rendered table shows the Dense(256) row');
  console.log(`rendered table: ${await wb.screenshot('summary-table')}`);
});

for (const display of ['codeLens', 'inlayHints', 'both'] as const) {
  test(`a 30-layer model with modelLens.display = ${display}`, async (wb) => {
    await wb.page.keyboard.press('Escape');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'modelLens.display': display }));
    await wb.openFile('thirty_layers.py');
    await wb.waitForCodeLenses(['Sequential']);
    const hints = wb.page.locator('.monaco-editor .view-lines [class*="dyn-rule"], .monaco-editor .view-lines span[class*="inlay"]');
    if (display !== 'codeLens') {
      await hints.first().waitFor({ state: 'attached', timeout: 20_000 }).catch(() => undefined);
    }
    await wb.page.waitForTimeout(3_000);
    const lenses = await wb.codeLenses();
    console.log(`${display}: ${lenses.length} lens lines; first: ${JSON.stringify(lenses.slice(0, 3))}`);
    if (display === 'inlayHints') assert.ok(!lenses.some((l) => l.includes('Conv2D ·')), 'no layer lenses with inlay hints alone');
    else assert.ok(lenses.some((l) => l.includes('Conv2D ·')), 'layer lenses');
    console.log(`screenshot: ${await wb.screenshot(`display-${display}`)}`);
    if (display === 'both') {
      // The tutorial's first layer is on the model's line: its hint stands for its lens, and the model lens has
      // its row to itself.
      await wb.openFile('fashion_mnist.py');
      const rows = await wb.waitForCodeLenses(['Sequential', 'Dense · (None, 256) · 200,960 params']);
      assert.ok(!rows.some((r) => r.includes('Sequential') && r.includes('Flatten')), JSON.stringify(rows));
      await wb.page.locator('.monaco-editor .view-lines span', { hasText: '(None, 784) · 0 params' }).first().waitFor({ state: 'attached', timeout: 20_000 });
      console.log(`model line: ${await wb.screenshot('display-both-model-line')}`);
    }
    // The specs after this one expect the run's own settings.
    if (display === 'both') rmSync(join(workspace, '.vscode', 'settings.json'));
  });
}

test('the tour: shapes inline, a hover, the designer, a short training (the tutorial model)', async (wb) => {
  setWorkspaceSettings(wb, { 'modelLens.display': 'inlayHints', 'modelLens.train.sampleLimit': 3000, 'modelLens.train.testSampleLimit': 500, 'modelLens.train.epochs': 1 });
  await wb.runCommand('File: Save All');
  await wb.runCommand('View: Close All Editor Groups');
  if (await wb.page.locator('.part.panel').isVisible()) await wb.page.keyboard.press('Control+J');
  await wb.openFile('fashion_mnist.py');
  await wb.waitForCodeLenses(['Sequential', '203,530 params']);
  await wb.page.locator('.monaco-editor .view-lines span[class*="inlay"], .monaco-editor .view-lines [class*="dyn-rule"]').first().waitFor({ state: 'attached', timeout: 20_000 });
  console.log(`tour: ${await wb.screenshot('tour-1-shapes')}`);
  await wb.hover('Dense', { line: 'Dense(256', expect: '200,960' });
  console.log(`tour: ${await wb.screenshot('tour-2-hover')}`);
  await wb.page.mouse.move(5, 5);
  await wb.page.locator('.codelens-decoration a', { hasText: 'Open in Designer' }).first().click();
  await waitForGraph(designer(wb), 'the designer graph', (nodes) => nodes.length >= 3, 30_000);
  console.log(`tour: ${await wb.screenshot('tour-3-designer')}`);
  await startTraining(wb, ['Epochs: 1', 'Training samples: first 3,000']);
  const panel = trainingPanel(wb);
  await poll('the run to finish', () => panelText(panel, '#phase'), (t) => /^Finished/.test(t), 180_000);
  await wb.page.mouse.move(5, 5);
  console.log(`tour: ${await wb.screenshot('tour-4-train')} (test accuracy ${await panelText(panel, '#test-accuracy')})`);
  rmSync(join(workspace, '.vscode', 'settings.json'));
});
