// The Keras (Python) engine in a real VS Code: the Train picker's Engine row switches "▶ Train" above the
// tutorial model to Keras, run by the Keras venv's Python (named by `python.defaultInterpreterPath`: code-server
// has no Python extension to select it) on JAX; the chart receives batch points, the backend badge names Keras's
// backend and the run finishes with a test accuracy. Skipped, with the reason, without the Keras venv
// (scripts/keras-venv.sh). The settings it writes go again at its end. Screenshot: test-results/e2e/keras-engine.png.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test as nodeTest } from 'node:test';
import { clickTrainLens, panelText as text, setWorkspaceSettings, trainingPanel } from './training';
import { normalize, poll, workbenchTests, type Workbench } from './workbench';

const PYTHON = join(process.env.MODEL_LENS_CACHE ?? join(homedir(), '.cache', 'model-lens'), 'keras-venv', 'bin', 'python');
const skip = existsSync(PYTHON) ? undefined : `no Keras venv at ${PYTHON}: bash scripts/keras-venv.sh makes it`;

const rows = (wb: Workbench) => wb.page.locator('.quick-input-widget .monaco-list-row');
const rowTexts = async (wb: Workbench) => (await rows(wb).allInnerTexts()).map(normalize);

/** "▶ Train" until the pre-flight picker shows the settings just written, then Engine → Keras (Python), then Start. */
async function startOnKeras(wb: Workbench): Promise<void> {
  await poll(
    'the pre-flight picker with the settings written',
    async () => {
      await clickTrainLens(wb, '.editor-group-container.active');
      const texts = await poll('the pre-flight picker', () => rowTexts(wb), (t) => t.some((r) => r.startsWith('Start training')), 20_000);
      const ok = texts.some((r) => r.includes('Training samples: first 2,000')) && texts.some((r) => r.includes('Epochs: 1'));
      if (!ok) await wb.closeQuickInput();
      return ok;
    },
    (ok) => ok,
    30_000,
  );
  await rows(wb).filter({ hasText: 'Engine: TensorFlow.js' }).first().click();
  await poll('the engine picker', () => rowTexts(wb), (t) => t.some((r) => r.startsWith('Keras (Python)')), 10_000);
  await rows(wb).filter({ hasText: 'Keras (Python)' }).first().click();
  await poll('the picker again, on Keras', () => rowTexts(wb), (t) => t.some((r) => r.includes('Engine: Keras (Python)')), 10_000);
  const title = normalize(await wb.page.locator('.quick-input-widget .quick-input-title').innerText());
  assert.match(title, /with Keras \(Python\)/);
  await rows(wb).filter({ hasText: 'Start training' }).first().click();
}

const NAME = 'Keras (Python) engine: ▶ Train on the tutorial streams batch points into the chart and ends with a test accuracy';

// Without the venv no workbench is opened: the test is reported skipped with the reason.
if (skip) nodeTest(NAME, { skip }, () => undefined);
else workbenchTests()(NAME, async (wb) => {
  const settingsFile = join(wb.workspace, '.vscode', 'settings.json');
  const settingsBefore = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : undefined;
  try {
    setWorkspaceSettings(wb, {
      'python.defaultInterpreterPath': PYTHON,
      'modelLens.train.kerasBackend': 'jax',
      'modelLens.train.sampleLimit': 2000,
      'modelLens.train.testSampleLimit': 500,
      'modelLens.train.epochs': 1,
    });
    await wb.openFile('fashion_mnist.py');
    await startOnKeras(wb);
    const panel = trainingPanel(wb);
    // Python starts, Keras and JAX import (slow on a loaded machine), then batches stream.
    await poll('batch points in the chart', async () => Number((await panel.locator('#charts').getAttribute('data-points', { timeout: 2_000 }).catch(() => '0')) ?? 0), (n) => n > 0, 150_000);
    const backend = await poll("Keras's backend named", () => text(panel, '#backend'), (t) => t !== 'backend: starting…', 30_000);
    assert.equal(backend, 'backend: keras-jax');
    const accuracy = await poll('the test accuracy', () => text(panel, '#test-accuracy'), (t) => /%$/.test(t), 120_000);
    assert.ok(parseFloat(accuracy) > 50, `test accuracy ${accuracy}`);
    await poll('the run to finish', () => text(panel, '#phase'), (t) => /^Finished/.test(t), 60_000);
    const points = Number(await panel.locator('#charts').getAttribute('data-points'));
    assert.ok(points > 1, `${points} points`);
    await wb.page.mouse.move(5, 5);
    const shot = await wb.screenshot('keras-engine');
    process.stdout.write(`# ${backend}, ${points} points, test accuracy ${accuracy}; screenshot ${shot}\n`);
  } finally {
    if (settingsBefore === undefined) rmSync(settingsFile, { force: true });
    else writeFileSync(settingsFile, settingsBefore);
  }
});
