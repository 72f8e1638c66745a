// Plain words for beginners and shapes inline (issue 17): the Conv2D-after-Flatten mistake explained in the
// hover and Problems and fixed by the Reshape quick fix; a 30-layer model shown with lenses and with inlay hints
// (screenshots test-results/e2e/display-codeLens.png, display-inlayHints.png, display-both.png).
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_ENV } from './harness';
import { workbenchTests } from './workbench';

const workspace = process.env[E2E_ENV.workspace]!;

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
    // The specs after this one expect the run's own settings.
    if (display === 'both') rmSync(join(workspace, '.vscode', 'settings.json'));
  });
}
