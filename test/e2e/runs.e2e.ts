// The Runs view in a real VS Code (issue 19's acceptance): the tutorial trained twice, Dense(256) then
// Dense(128), one short epoch each; the Runs view lists both runs, overlays their curves with the settings
// that differ in the legend, shows the architecture diff (Dense 200,960 → 100,480 params) and a scatter (test
// accuracy against params), exports both runs' metrics as CSV through VS Code's save dialog and opens a run's
// source as it was beside the file now.
// The view lives in the bottom panel ("Training Runs"), out of the designer's side bar; the panel is hidden
// again at the end (the designer tests find the designer as the only webview view). Needs Fashion-MNIST on the machine. Screenshots: test-results/e2e/runs-*.png.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { panelText, setWorkspaceSettings, startTraining, trainingPanel } from './training';
import { normalize, poll, type Workbench } from './workbench';
import { workbenchTests } from './workbench';

const test = workbenchTests();

const FILE = 'runs_tutorial.py';
const TUTORIAL = `import tensorflow as tf

fashion_mnist = tf.keras.datasets.fashion_mnist
(train_images, train_labels), (test_images, test_labels) = fashion_mnist.load_data()
train_images = train_images / 255.0
test_images = test_images / 255.0

# One layer a line, short: the editor beside the training chart is narrow and 256 must be in view to edit.
model = tf.keras.models.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(256, activation='relu'),
    tf.keras.layers.Dense(10, activation='softmax'),
])

model.compile(optimizer=tf.keras.optimizers.Adam(),
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])

model.fit(train_images, train_labels, epochs=1)
`;

const OUTER = 'iframe.webview.ready[src*="purpose=webviewView"]';

/** The Runs view's page: of the webview views (the designer's is one too), the one with the runs toolbar. */
async function runsView(wb: Workbench): Promise<FrameLocator> {
  const frame = (i: number) => wb.page.frameLocator(OUTER).nth(i).frameLocator('iframe#active-frame');
  const index = await poll(
    'the Runs view',
    async () => {
      const n = await wb.page.locator(OUTER).count();
      for (let i = 0; i < n; i++) if (await frame(i).locator('button', { hasText: 'Export CSV' }).count().catch(() => 0)) return i;
      return -1;
    },
    (i) => i >= 0,
    30_000,
  );
  return frame(index);
}

/** The runs recorded in the workspace that finished (run.json's status). */
function finishedRuns(wb: Workbench): string[] {
  const folder = join(wb.workspace, '.model-lens', 'runs');
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((id) => {
    const file = join(folder, id, 'run.json');
    return existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { status: string }).status === 'finished';
  });
}

/** Trains the open file once (the settings were written before) and waits for its run record to say finished. */
async function trainOnce(wb: Workbench, runsAfter: number): Promise<void> {
  await startTraining(wb, ['Epochs: 1', 'Training samples: first 2,000']);
  await poll(`run ${runsAfter} to finish`, async () => finishedRuns(wb).length, (n) => n === runsAfter, 180_000);
  await poll('the chart to say so', () => panelText(trainingPanel(wb), '#phase'), (t) => /^Finished/.test(t), 30_000);
}

test('two runs of the tutorial (256 and 128 units): listed, overlaid, diffed and exported as CSV', async (wb) => {
  // The training settings this test writes go again at its end, so the tests after it train as they expect.
  const settingsFile = join(wb.workspace, '.vscode', 'settings.json');
  const settingsBefore = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : undefined;
  try {
    setWorkspaceSettings(wb, {
      'modelLens.train.sampleLimit': 2000,
      'modelLens.train.testSampleLimit': 500,
      'modelLens.train.epochs': 1,
    });
    // Runs other test files made in this workbench (the tour trains the tutorial) are not this test's.
    rmSync(join(wb.workspace, '.model-lens', 'runs'), { recursive: true, force: true });
    writeFileSync(join(wb.workspace, FILE), TUTORIAL);
    await wb.openFile(FILE);
    await wb.waitForCodeLenses(['200,960']);
    await trainOnce(wb, 1);

    // The second run: Dense(128), saved, trained the same way.
    await wb.openFile(FILE);
    await wb.replaceText('256', '128', { line: 'Dense(256' });
    await wb.page.keyboard.press('Control+S');
    await wb.waitForCodeLenses(['100,480']);
    await trainOnce(wb, 2);

    await wb.runCommand('Focus on Runs View');
    // Room to read it, as a person makes it: the panel maximized with its title bar's button (by mouse: with
    // focus inside the view's webview, keys may never reach the command palette).
    await wb.page.locator('.part.panel [aria-label^="Maximize Panel Size"]').first().click();
    const view = await runsView(wb);
    const boxes = view.locator('tbody input[type="checkbox"]');
    await poll('both runs in the table', () => boxes.count(), (n) => n === 2, 30_000);
    const rows = (await view.locator('tbody tr').allInnerTexts()).map(normalize);
    assert.ok(rows.every((r) => /finished/.test(r) && /model/.test(r)), rows.join('\n'));
    assert.ok(rows.some((r) => r.includes('203,530')) && rows.some((r) => r.includes('101,770')), rows.join('\n'));
    await boxes.nth(0).check();
    await boxes.nth(1).check();

    // The overlay: one chart each for loss and accuracy, each run named with what differs (its params).
    await view.locator('button', { hasText: 'Overlay' }).click();
    const loss = view.locator('section.charts canvas').first();
    const label = await poll('the overlay', async () => (await loss.getAttribute('aria-label', { timeout: 2_000 }).catch(() => '')) ?? '', (t) => t.includes(';'), 20_000);
    assert.match(label, /params 203,530/);
    assert.match(label, /params 101,770/);

    // The diff, oldest run first: the hidden Dense layer 200,960 → 100,480 params.
    await view.locator('button', { hasText: 'Diff' }).click();
    const diffRows = await poll('the diff', async () => (await view.locator('section.diff tbody tr').allInnerTexts()).map(normalize), (r) => r.length >= 3, 20_000);
    const dense = diffRows.find((r) => r.includes('dense (Dense)'));
    assert.ok(dense, diffRows.join('\n'));
    assert.match(dense, /changed/);
    assert.match(dense, /200,960 → 100,480/);
    assert.match(dense, /−100,480/);
    assert.match(await panelText(view, 'section.diff p'), /Total params: 203,530 → 101,770 \(−101,760\)/);
    await wb.page.mouse.move(5, 5);
    await wb.screenshot('runs-overlay');
    await view.locator('section.diff').scrollIntoViewIfNeeded();
    await wb.screenshot('runs-diff');

    // The scatter: each run's test accuracy against its params (the first setting that differs).
    await view.locator('button', { hasText: 'Scatter' }).click();
    const scatterLabel = await poll(
      'the scatter',
      async () => (await view.locator('section.scatter canvas').getAttribute('aria-label', { timeout: 2_000 }).catch(() => '')) ?? '',
      (t) => /\(203530, 0\.\d+\)/.test(t) && /\(101770, 0\.\d+\)/.test(t),
      20_000,
    );
    assert.match(scatterLabel, /^test accuracy against params:/);
    await view.locator('section.scatter').scrollIntoViewIfNeeded();
    await wb.screenshot('runs-scatter');

    // CSV export: VS Code's save dialog proposes runs.csv in the workspace (it fills the folder first).
    await view.locator('button', { hasText: 'Export CSV' }).click();
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    const proposed = await poll('the proposed file name', () => input.inputValue(), (v) => v.endsWith('runs.csv'), 10_000);
    await input.press('Enter');
    const csvFile = join(wb.workspace, 'runs.csv');
    await poll('the CSV file', async () => existsSync(csvFile), (e) => e, 20_000);
    const csv = readFileSync(csvFile, 'utf8').trim().split('\n');
    assert.match(csv[0], /^run,model,status,kind,epoch,/);
    const runsInCsv = new Set(csv.slice(1).map((l) => l.split(',')[0]));
    assert.equal(runsInCsv.size, 2, `runs in the CSV: ${[...runsInCsv].join(', ')} (proposed ${proposed})`);
    assert.ok(csv.some((l) => l.includes(',epoch,1,')), 'an epoch row per run');
    await wb.screenshot('runs-exported');

    // The first run's source as it was (Dense(256)) beside the file now (Dense(128)), read-only.
    await boxes.nth(0).uncheck();
    await view.locator('button', { hasText: 'Source ↔ now' }).click();
    await poll('the source diff', () => wb.activeTabTitle(), (t) => t.includes('↔ now'), 20_000);
    const diffEditor = wb.page.locator('.editor-group-container.active .monaco-diff-editor');
    const side = (which: 'original' | 'modified') => diffEditor.locator(`.editor.${which} .view-line`).allInnerTexts().then((l) => normalize(l.join('\n')));
    assert.match(await poll('the run’s source', () => side('original'), (t) => t.includes('Dense(256'), 20_000), /Dense\(256/);
    assert.match(await side('modified'), /Dense\(128/);
    await wb.screenshot('runs-source-diff');
    // The editor's run does not name the temporary folder the worker saved to (only where "Save model" puts it).
    for (const id of finishedRuns(wb)) {
      const saved = (JSON.parse(readFileSync(join(wb.workspace, '.model-lens', 'runs', id, 'run.json'), 'utf8')) as { savedModel?: string }).savedModel;
      assert.equal(saved, undefined, `${id} names ${saved}`);
    }

    // The panel hidden again (restored from maximized first), so a later test finds the designer as the only webview view.
    // The same button restores (VS Code keeps its label and changes only its icon and tooltip).
    await wb.page.locator('.part.panel').locator('[aria-label^="Restore Panel Size"], [aria-label^="Maximize Panel Size"]').first().click();
    await wb.page.locator('.part.panel [aria-label^="Hide Panel"]').first().click();
    await wb.page.locator('.part.panel').waitFor({ state: 'hidden' });
  } finally {
    if (settingsBefore === undefined) rmSync(settingsFile, { force: true });
    else writeFileSync(settingsFile, settingsBefore);
  }
});
